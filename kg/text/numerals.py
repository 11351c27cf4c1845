"""Parse numbers as Chinese news writes them: Arabic, Chinese and mixed forms.

Covers Arabic numerals with optional thousands separators (``1,234.5``) and full-width
digits (``１２３``); Chinese numerals in ordinary and financial (大写) forms, simplified and
traditional (``一百二十三``, ``三千零五``, ``两万``, ``一亿二千万``, ``壹佰贰拾叁``, ``參萬``),
including the colloquial tail (``一万五`` = 15000, ``三百五`` = 350); year-style digit
strings (``二〇一七``); decimals with 点 (``三点五``); and Arabic numbers with a Chinese
multiplier (``1.5万``, ``58671.29萬``, ``4亿``) as GB/T 15835-2011 (出版物上数字用法)
allows for large round numbers. Digits group by 万 (10^4) and 亿 (10^8); ``万亿`` is 10^12.

Pure functions, no I/O. Arithmetic is exact (`Decimal`): ``58671.29萬`` is 586712900.
"""
from __future__ import annotations

import re
from decimal import Decimal

MULTIPLIERS = {"十": 10, "百": 100, "千": 1000, "万": 1e4, "萬": 1e4, "亿": 1e8, "億": 1e8}

DIGITS = {
    "零": 0, "〇": 0, "○": 0, "一": 1, "壹": 1, "二": 2, "贰": 2, "貳": 2, "两": 2, "兩": 2,
    "三": 3, "叁": 3, "參": 3, "四": 4, "肆": 4, "五": 5, "伍": 5, "六": 6, "陆": 6, "陸": 6,
    "七": 7, "柒": 7, "八": 8, "捌": 8, "九": 9, "玖": 9,
}
SMALL_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
BIG_UNITS = {"万": 10**4, "萬": 10**4, "亿": 10**8, "億": 10**8}
ZEROS = frozenset("零〇○")
DECIMAL_POINTS = "点點"

_CHINESE = "".join(DIGITS) + "".join(SMALL_UNITS) + "".join(BIG_UNITS)

# Characters number spans are made of, for a regex class: f"[{NUMERAL_CHARS}]+".
# "." is in; the thousands "," and 点 are not: in running text they are mostly a clause
# comma and the 点 of 重点. NUMBER_RE finds spans with correctly grouped thousands.
NUMERAL_CHARS = "0123456789０１２３４５６７８９.．" + _CHINESE
NUMBER_RE = re.compile(rf"(?:\d{{1,3}}(?:,\d{{3}})+|\d+)(?:\.\d+)?[{_CHINESE}]*|[{_CHINESE}]+")

_FULL_WIDTH = str.maketrans("０１２３４５６７８９．", "0123456789.")
_GROUPED = re.compile(r"(?<![0-9])[0-9]{1,3}(?:,[0-9]{3})+(?![0-9,])")
_TOKEN = re.compile(r"[0-9]+(?:\.[0-9]+)?|.", re.S)

Token = Decimal | int | str  # Arabic number | Chinese digit | unit or "零"


def parse_number(text: str) -> float | None:
    """Value of a number in Arabic, Chinese or mixed form (1.5万 → 15000.0); else None."""
    if not isinstance(text, str):
        return None
    value = _parse(_normalise(text.strip()))
    return float(value) if value is not None else None


def _normalise(text: str) -> str:
    """Full-width digits to ASCII; thousands separators dropped where correctly grouped."""
    return _GROUPED.sub(lambda m: m.group().replace(",", ""), text.translate(_FULL_WIDTH))


def _parse(text: str) -> Decimal | None:
    """Dispatch on the shape: 点 decimal, digit string (二〇一七), or grouped numeral."""
    if not text:
        return None
    point = next((p for p in DECIMAL_POINTS if p in text), None)
    if point is not None:
        return _decimal(*text.split(point, 1))
    if len(text) >= 2 and all(c in DIGITS for c in text) and (len(text) >= 3 or text[-1] in ZEROS):
        return Decimal("".join(str(DIGITS[c]) for c in text))
    tokens = _tokens(text)
    return _grouped(tokens) if tokens else None


def _decimal(whole: str, fraction: str) -> Decimal | None:
    """三点五 → 3.5, 一点五万 → 15000: the fraction is read digit by digit."""
    unit = 1
    if fraction and fraction[-1] in BIG_UNITS:
        fraction, unit = fraction[:-1], BIG_UNITS[fraction[-1]]
    integer = _parse(whole)
    if integer is None or integer != integer.to_integral_value() or not fraction:
        return None
    if not all(c in DIGITS or c in "0123456789" for c in fraction):
        return None
    digits = "".join(str(DIGITS.get(c, c)) for c in fraction)
    return Decimal(f"{int(integer)}.{digits}") * unit


def _tokens(text: str) -> list[Token] | None:
    """Arabic numbers as Decimal, Chinese digits as int, units and 零 as themselves."""
    tokens: list[Token] = []
    for tok in _TOKEN.findall(text):
        if tok[0] in "0123456789":
            tokens.append(Decimal(tok))
        elif tok in ZEROS:
            tokens.append("零")
        elif tok in DIGITS:
            tokens.append(DIGITS[tok])
        elif tok in SMALL_UNITS or tok in BIG_UNITS:
            tokens.append(tok)
        else:
            return None
    return tokens


def _groups(tokens: list[Token]) -> list[tuple[list[Token], int]] | None:
    """Split at 万/亿 into (tokens, multiplier) groups with strictly falling multipliers."""
    groups: list[tuple[list[Token], int]] = []
    current: list[Token] = []
    for tok in tokens:
        if not isinstance(tok, str) or tok not in BIG_UNITS:  # hashing a Decimal is slow
            current.append(tok)
        elif not current and groups and groups[-1][1] == 10**4 and BIG_UNITS[tok] == 10**8:
            groups[-1] = (groups[-1][0], 10**12)  # 万亿
        else:
            groups.append((current, BIG_UNITS[tok]))
            current = []
    groups.append((current, 1))
    units = [unit for _, unit in groups]
    return groups if all(a > b for a, b in zip(units, units[1:])) else None


def _grouped(tokens: list[Token]) -> Decimal | None:
    """Value of a numeral: groups below 万 joined by 万/亿 (一亿二千万, 1.5万, 两万)."""
    if tokens == ["零"]:
        return Decimal(0)
    groups = _groups(tokens)
    if groups is None or tokens[0] == "零" or tokens[-1] == "零":
        return None
    total = Decimal(0)
    for i, (group, unit) in enumerate(groups):
        if not group:
            if unit > 1 and i > 0:
                return None  # 一亿万
            total += unit if unit > 1 else 0  # 万 alone; a trailing 万 closes the last group
        elif unit == 1 and i > 0 and len(group) == 1 and isinstance(group[0], int):
            total += group[0] * groups[i - 1][1] // 10  # 一万五 = 15000
        else:
            value = _group(group)
            if value is None:
                return None
            total += value * unit
    return total


def _group(tokens: list[Token]) -> Decimal | None:
    """Value below 万: digits with descending 千/百/十 (三千零五, 十四, 三百五 = 350)."""
    value, pending, last_unit, after_zero = Decimal(0), None, 10**4, False
    for tok in tokens:
        if tok == "零" or not isinstance(tok, str):
            if pending is not None:
                return None  # two numbers in a row: 三五, 3五, 五零
            after_zero = after_zero or tok == "零"
            pending = None if tok == "零" else tok
            continue
        unit = SMALL_UNITS[tok]
        if unit >= last_unit or (pending is None and value and unit != 10):
            return None  # 十百, 一百千
        value += Decimal(pending if pending is not None else 1) * unit
        pending, last_unit, after_zero = None, unit, False
    if pending is None:
        return value
    if isinstance(pending, int) and last_unit < 10**4 and not after_zero:
        return value + Decimal(pending) * last_unit / 10  # 两千三 = 2300; 二十三 = 23
    return value + Decimal(pending)
