"""Dates: absolute and relative date expressions, resolved against the publication date.

Values are ISO 8601: a day (2017-08-31), month (2017-05) or year (2017), or an
interval `start/end` with `..` for an open end (ISO 8601-2): 今年5月至9月 →
2017-05/2017-09, 去年以来 → 2016/2017, 2016年以前 → ../2016. End-of-period words
resolve to the last day: 年底 → 2017-12-31, 9月底 → 2017-09-30.
"""
from __future__ import annotations

import calendar
import re

from kg.model.records import DateMention, Document, Span, TimeValue

_REL_YEAR = {"今年": 0, "本年": 0, "当年": None, "去年": -1, "上年": -1, "前年": -2, "明年": 1}
_YEAR = r"(?:(?P<y>(?:19|20)\d\d)年|(?P<rel>今年|去年|前年|明年|本年|上年))"
_MONTH_DAY = r"(?:(?P<m>1[0-2]|0?[1-9])月(?:(?P<d>3[01]|[12]\d|0?[1-9])[日号])?(?P<part>底|末|初|中旬|上旬|下旬|份)?)"
_SEASON = r"(?P<season>春季|夏季|秋季|冬季|上半年|下半年|一季度|二季度|三季度|四季度|年底|年末|年初|年中|底|末)"
_SUFFIX = r"(?P<suffix>以来|以前|之前|以后|起)?"
DATE = re.compile(
    rf"(?=[0-9今去前明本上下一二三四年])(?:{_YEAR})?(?:{_MONTH_DAY}|{_SEASON})?"
    rf"(?:(?:至|到|—|-|~)(?:(?P<m2>1[0-2]|0?[1-9])月(?:(?P<d2>3[01]|[12]\d|0?[1-9])[日号])?(?P<part2>底|末)?"
    rf"|(?P<d3>3[01]|[12]\d|0?[1-9])[日号]))?{_SUFFIX}"
)
_HALF = {"上半年": ("01", "06"), "下半年": ("07", "12"), "一季度": ("01", "03"), "二季度": ("04", "06"),
         "三季度": ("07", "09"), "四季度": ("10", "12")}


def _year(m: re.Match, pub_year: int | None) -> int | None:
    if m["y"]:
        return int(m["y"])
    if m["rel"] and pub_year is not None and _REL_YEAR.get(m["rel"]) is not None:
        return pub_year + _REL_YEAR[m["rel"]]
    return pub_year if m["rel"] is None else None


def _month_value(y: int, mo: int, d: str | None, part: str | None) -> str:
    if d:
        return f"{y:04d}-{mo:02d}-{int(d):02d}"
    if part in ("底", "末"):
        return f"{y:04d}-{mo:02d}-{calendar.monthrange(y, mo)[1]:02d}"
    return f"{y:04d}-{mo:02d}"


def _value(m: re.Match, pub_year: int | None) -> str | tuple[str, str] | None:
    y = _year(m, pub_year)
    if y is None:
        return None
    if m["m"]:
        start = _month_value(y, int(m["m"]), m["d"], m["part"])
        if m["m2"]:
            return start, _month_value(y, int(m["m2"]), m["d2"], m["part2"])
        if m["d3"] and m["d"]:  # 9月18日至19日
            return start, _month_value(y, int(m["m"]), m["d3"], None)
        return start
    season = m["season"]
    if season in ("年底", "年末", "底", "末"):
        return f"{y:04d}-12-31"
    if season in _HALF:
        a, b = _HALF[season]
        return f"{y:04d}-{a}", f"{y:04d}-{b}"
    return f"{y:04d}"


def _interval(start: str | None, end: str | None) -> TimeValue:
    if start == end:
        return TimeValue(start or "..", start, end)
    return TimeValue(f"{start or '..'}/{end or '..'}", start, end)


def resolve(m: re.Match, pub: str | None) -> TimeValue | None:
    """The TimeValue of one DATE match, or None when it cannot be anchored."""
    pub_year = int(pub[:4]) if pub else None
    value = _value(m, pub_year)
    if value is None:
        return None
    start, end = value if isinstance(value, tuple) else (value, value)
    suffix = m["suffix"]
    if suffix in ("以前", "之前"):
        return _interval(None, end)
    if suffix in ("以后", "起"):
        return _interval(start, None)
    if suffix == "以来" and m["rel"] not in ("今年", "本年") and pub_year is not None and start[:4] != str(pub_year):
        return _interval(start[:4] if not m["m"] else start, str(pub_year))
    return _interval(start, end)


_LIST_YEAR = re.compile(r"((?:19|20)\d\d)年((?:[、和及与至到-](?:19|20)\d\d年)+)")


def find_dates(doc: Document) -> tuple[DateMention, ...]:
    """Every date expression outside footer and credits, with its resolved value."""
    out: list[DateMention] = []
    text = doc.simplified
    for b in doc.blocks:
        if b.kind in ("footer", "credits", "dateline", "title"):
            continue
        pos = b.start
        while pos < b.end:
            m = DATE.search(text, pos, b.end)
            if m is None:
                break
            if not (m["y"] or m["rel"] or m["m"] or m["season"]):
                pos = m.start() + 1
                continue
            lst = _LIST_YEAR.match(text, m.start())
            if lst and lst.end() <= b.end:  # 2015年、2016年 → one interval
                years = re.findall(r"(?:19|20)\d\d", lst.group(0))
                out.append(DateMention(doc.span(lst.start(), lst.end()), _interval(years[0], years[-1])))
                pos = lst.end()
                continue
            value = resolve(m, doc.published)
            if value is not None and not _inside_word(text, m):
                out.append(DateMention(Span(m.start(), m.end(), doc.text[m.start():m.end()]), value))
            pos = m.end()
    return tuple(out)


def _inside_word(text: str, m: re.Match) -> bool:
    """每年, 当年, 多年 …: a 年 that is not a date."""
    before = text[m.start() - 1:m.start()] if m.start() else ""
    bare = m["season"] is not None and not (m["y"] or m["rel"])
    return bare and before in ("每", "当", "多", "全", "今", "去", "明")
