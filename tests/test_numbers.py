"""Tests for kg.numbers: hand-written cases and agreement with cn2an (a test-only oracle)."""
from __future__ import annotations

import math
import re
import warnings

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.text.numerals import MULTIPLIERS, NUMBER_RE, NUMERAL_CHARS, parse_number

with warnings.catch_warnings():  # keep an oracle's import-time chatter out of the suite
    warnings.simplefilter("ignore")
    import cn2an

TRADITIONAL = str.maketrans({"万": "萬", "亿": "億", "贰": "貳", "叁": "參", "陆": "陸", "两": "兩"})


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2700", 2700),
        ("1,234.5", 1234.5),
        ("12,345,678.9", 12345678.9),
        ("１２３", 123),
        ("１２３．４", 123.4),
        ("391.25", 391.25),
        ("一", 1),
        ("十", 10),
        ("二十", 20),
        ("十四", 14),
        ("一百二十三", 123),
        ("一百十", 110),
        ("三千零五", 3005),
        ("一万零五百", 10500),
        ("十万零一十", 100010),
        ("两万", 20000),
        ("兩萬", 20000),
        ("一亿二千万", 120000000),
        ("一万亿", 10**12),
        ("千", 1000),
        ("百", 100),
        ("万", 10000),
        ("零", 0),
        ("〇", 0),
        ("壹佰贰拾叁", 123),
        ("貳拾", 20),
        ("參萬", 30000),
        ("陸仟零玖", 6009),
        ("二〇一七", 2017),
        ("三点五", 3.5),
        ("一点五万", 15000),
        ("一万五", 15000),
        ("三百五", 350),
        ("两千三", 2300),
        ("1.5万", 15000),
        ("58671.29萬", 586712900),
        ("3萬", 30000),
        ("4亿", 400000000),
        ("4億", 400000000),
        ("7.26億", 726000000),
        ("1万2345", 12345),
        ("3千", 3000),
    ],
)
def test_parses(text: str, expected: float) -> None:
    assert parse_number(text) == pytest.approx(expected, rel=1e-12)


def test_money_in_wan_is_exact() -> None:
    assert parse_number("58671.29萬") == 586712900.0
    assert parse_number("32.84万") == 328400.0


def test_result_is_a_float() -> None:
    assert isinstance(parse_number("十四"), float)


@pytest.mark.parametrize(
    "text",
    ["", "   ", "abc", "元", "十分", "1.", ".5", "1,2345", "12,34", "1,234,56", "三五", "十百",
     "一百千", "一亿万", "一千零", "零五", "2×6", "80%", "1 000", "五万万", "点五"],
)
def test_rejects_what_is_not_a_number(text: str) -> None:
    assert parse_number(text) is None


def test_surrounding_whitespace_is_ignored() -> None:
    assert parse_number(" 12 ") == 12.0


def test_multipliers_table() -> None:
    assert MULTIPLIERS == {"十": 10, "百": 100, "千": 1000, "万": 1e4, "萬": 1e4, "亿": 1e8, "億": 1e8}


def test_numeral_chars_make_a_usable_class() -> None:
    spans = re.findall(f"[{NUMERAL_CHARS}]+", "带动10320户、两万余人,投资1.2亿元")
    assert spans == ["10320", "两万", "1.2亿"]


def test_number_re_finds_spans() -> None:
    text = "完成扶贫小额信贷58671.29萬元,占81%;1,234人、千名干部"
    assert [m.group() for m in NUMBER_RE.finditer(text)] == ["58671.29萬", "81", "1,234", "千"]
    assert all(parse_number(m.group()) is not None for m in NUMBER_RE.finditer(text))


def _agrees_with_cn2an(text: str) -> None:
    expected = cn2an.cn2an(text, "smart")
    got = parse_number(text)
    assert got is not None, text
    assert math.isclose(got, expected, rel_tol=1e-12, abs_tol=1e-9), (text, got, expected)


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=0, max_value=10**9))
def test_agrees_with_cn2an_on_chinese_numerals(n: int) -> None:
    text = cn2an.an2cn(n)
    _agrees_with_cn2an(text)
    assert parse_number(text) == n


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=0, max_value=10**9))
def test_financial_and_traditional_forms(n: int) -> None:
    upper = cn2an.an2cn(n, "up")
    assert parse_number(upper) == n
    assert parse_number(upper.translate(TRADITIONAL)) == n
    assert parse_number(cn2an.an2cn(n).translate(TRADITIONAL)) == n


@settings(max_examples=300, deadline=None)
@given(
    st.integers(min_value=1, max_value=99_999_999),
    st.integers(min_value=0, max_value=2),
    st.sampled_from(["万", "萬", "亿", "億"]),
)
def test_agrees_with_cn2an_on_mixed_forms(cents: int, places: int, unit: str) -> None:
    number = f"{cents / 10**places:.{places}f}" if places else str(cents)
    _agrees_with_cn2an(number + unit)


@given(st.text(alphabet=NUMERAL_CHARS + ",点零abc元%", max_size=12))
def test_never_raises(text: str) -> None:
    value = parse_number(text)
    assert value is None or isinstance(value, float)
