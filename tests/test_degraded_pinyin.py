"""Pinyin annotations damaged by a legacy encoding: a Big5 or GBK copy turns tone-marked vowels
into `?` (`攻堅(ji?n)`). They are stripped like intact ones; real parentheses stay."""
from __future__ import annotations

from pathlib import Path

import pytest

from kg.extract import extract
from kg.pipeline import load_document
from kg.text.clean import strip_pinyin

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "linfen-2017-10-17.txt"


@pytest.mark.parametrize("damaged, clean", [
    ("全縣打贏(y?ng)脫貧攻堅(ji?n)戰(zh?n)。", "全縣打贏脫貧攻堅戰。"),
    ("全县打赢(y?ng)脱贫攻坚(ji?n)战(zh?n)。", "全县打赢脱贫攻坚战。"),
    ("鎮裡共(g?ng)同發展產業(y?)。", "鎮裡共同發展產業。"),
    ("綠(l?)色", "綠色"),  # ü lost as well
])
def test_damaged_annotations_are_stripped(damaged, clean):
    assert strip_pinyin(damaged) == clean


@pytest.mark.parametrize("kept", [
    "全市17個縣(市、區)完成任務", "(記者 王明)", "吉縣(?)", "字(??)", "編號(a?)", "主要?動力",
    "全县(x?q)推进",  # no syllable fits: a real parenthesis
])
def test_real_parentheses_and_lost_characters_stay(kept):
    assert strip_pinyin(kept) == kept


def _facts(path: Path) -> tuple:
    ex = extract(load_document(path, article="seed"))
    return (sorted({p.name for p in ex.people}), sorted({m.place.key for m in ex.places}),
            sorted(str(a.quantity.value) for a in ex.amounts))


def test_big5_copy_of_the_seed_gives_the_same_facts(tmp_path):
    copy = tmp_path / SEED.name
    copy.write_bytes(SEED.read_text(encoding="utf-8").encode("big5", errors="replace"))
    assert b"(ji?n)" in copy.read_bytes()  # the damage this test is about
    assert _facts(copy) == _facts(SEED)
