"""Property tests (hypothesis): the text stage and `kg build` on arbitrary input.

Kept small (≤ 25 examples, derandomised) so the suite stays fast and repeatable.
"""
from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.pipeline import build
from kg.rdf.writer import merged
from kg.text.clean import clean
from kg.rdf.validate import validate_graph

FAST = settings(max_examples=25, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow])

# Arbitrary Unicode, plus the shapes this genre is made of: pinyin annotations, '?' for
# lost characters, full-width punctuation, dates, CR/LF mixes, BOMs and NULs.
FRAGMENTS = st.sampled_from([
    "臨汾", "攻堅(jiān)戰(zhàn)", "主要?jiǎng)趧?dòng)力", "??h委", "縣(市、區)", "(趙景華)", "。", "，", "；", "？", "!",
    "\n", "\n\n", "\r\n", "\r", "  ", "\u3000", "\ufeff", "\x00", "2017-10-17 09:07:20 來源:臨汾新聞網",
    "11.4萬余人", "58671.29萬元", "吉縣", "市委書記岳普煜", "責任編輯: 吉政", "版權聲明:", "(", ")", "(a)", "(hǎo)",
])
TEXTS = st.lists(st.one_of(st.text(max_size=30), FRAGMENTS), max_size=40).map("".join)
CHINESE = st.lists(st.sampled_from("扶貧脫攻堅臨汾縣市村戶人元萬年月日書記委"), min_size=1, max_size=12).map("".join)


@FAST
@given(TEXTS)
def test_clean_never_crashes_and_is_idempotent(raw):
    once = clean(raw, article_id="a").text
    assert clean(once, article_id="a").text == once


@FAST
@given(TEXTS)
def test_offsets_slice_to_the_recorded_text(raw):
    doc = clean(raw, article_id="a")
    assert len(doc.simplified) == len(doc.text)
    for block in doc.blocks:
        assert doc.text[block.start:block.end] == block.text
    for sentence in doc.sentences:
        assert doc.text[sentence.start:sentence.end] == sentence.text
        block = doc.blocks[sentence.block]
        assert block.start <= sentence.start <= sentence.end <= block.end


@pytest.mark.parametrize("raw", ["字(hǎo(hǎo))", "字(a(hǎo))"])
def test_clean_is_idempotent_on_nested_annotations(raw):
    once = clean(raw, article_id="a").text
    assert clean(once, article_id="a").text == once


# NUL bytes make a file binary for the reader (tested in test_reliability); leave them out here.
FILE_TEXTS = TEXTS.map(lambda s: s.replace("\x00", ""))


@FAST
@given(FILE_TEXTS, CHINESE, FILE_TEXTS)
def test_build_never_crashes_and_is_shacl_valid(before, chinese, after):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "article.txt"
        path.write_text(before + chinese + after, encoding="utf-8", newline="")
        result = build([path])
        assert not result.failures, result.failures
        conforms, report = validate_graph(merged(result))
        assert conforms, report
