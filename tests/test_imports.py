"""Imports off the cold path: pinyin without pypinyin's phrase dictionary, the same readings."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from kg.model.namespaces import slug
from kg.resources import build_pinyin
from kg.text.script import pinyin, pinyin_slug

ROOT = Path(__file__).resolve().parent.parent

FULL = """
import json, sys
from pypinyin import Style, lazy_pinyin
texts = json.load(sys.stdin)
print(json.dumps([[" ".join(lazy_pinyin(t, style=Style.TONE, errors="ignore")),
                   "-".join(lazy_pinyin(t, errors="default"))] for t in texts]))
"""


def sample() -> list[str]:
    """Every lexicon and gazetteer cell, a slice of the townships, and windows of the seed."""
    texts: set[str] = set()
    for f in [*(ROOT / "ontology" / "lexicons").glob("*"), ROOT / "ontology" / "gazetteer" / "places.tsv"]:
        for line in f.read_text(encoding="utf-8").splitlines():
            texts.update(c for c in line.split("\t") if c and not c.startswith("#"))
    townships = (ROOT / "ontology" / "gazetteer" / "townships.tsv").read_text(encoding="utf-8").splitlines()
    texts.update(c for line in townships[::20] for c in line.split("\t") if c)
    seed = "".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*")))
    texts.update(seed[i:i + n] for n in (5, 13) for i in range(0, len(seed), 11))
    texts.update(["重庆银行", "银行行长", "长江", "市长", "行业扶贫", "连翘产业", "A1b吉县x", "〇", ""])
    return sorted(texts)


def test_pinyin_equals_pypinyin_with_its_whole_phrase_dictionary():
    texts = sample()
    assert len(texts) > 10_000
    done = subprocess.run([sys.executable, "-c", FULL], input=json.dumps(texts), capture_output=True,
                          text=True, check=True)
    expected = json.loads(done.stdout)
    wrong = [(t, pinyin(t), tone) for t, (tone, sl) in zip(texts, expected)
             if pinyin(t) != tone or pinyin_slug(t) != (slug(sl) or "x")]
    assert wrong == []
    assert pinyin("重庆银行") == "chóng qìng yín háng"


def test_the_phrase_table_is_up_to_date_with_pypinyin(capsys):
    assert build_pinyin.main(["--check"]) == 0, "run python -m kg.resources.build_pinyin"
    lines = build_pinyin.TABLE.read_bytes().split(b"\n")[1:-1]
    assert lines == sorted(lines) and len(lines) > 40_000


def test_the_check_fails_on_a_stale_table(tmp_path, monkeypatch, capsys):
    stale = tmp_path / "pinyin-phrases.tsv"
    stale.write_bytes(build_pinyin.TABLE.read_bytes().replace("银行\tyín háng".encode(), "银行\tyín xíng".encode()))
    monkeypatch.setattr(build_pinyin, "TABLE", stale)
    assert build_pinyin.main(["--check"]) == 1
    assert "out of date" in capsys.readouterr().err


def test_a_cold_build_loads_neither_the_phrase_dictionary_nor_validation_or_reasoning(tmp_path):
    code = (
        "import sys\n"
        "from kg.cli.app import main\n"
        f"code = main(['build', 'seeds', '-o', {str(tmp_path / 'g.ttl')!r}])\n"
        "heavy = ('pypinyin.phrases_dict', 'pyshacl', 'owlrl', 'rich', 'pyvis', 'SPARQLWrapper')\n"
        "print(code, sorted(m for m in sys.modules if m.startswith(heavy)))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert done.stdout.split("\n")[-2] == "0 []"


def test_kg_help_does_not_import_rdflib_or_pypinyin():
    code = ("import sys\nfrom kg.cli.app import main\ntry:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in sys.modules if m.startswith(('rdflib', 'pypinyin', 'importlib.metadata'))))")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert done.stdout.splitlines()[-1] == "[]"
