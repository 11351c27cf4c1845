"""Dates: absolute and relative date expressions, resolved against the publication date.

Values are ISO 8601: a day (2017-08-31), month (2017-05) or year (2017), or an
interval `start/end` with `..` for an open end (ISO 8601-2): 今年5月至9月 →
2017-05/2017-09, 去年以来 → 2016/2017, 2016年以前 → ../2016. End-of-period words
resolve to the last day: 年底 → 2017-12-31, 9月底 → 2017-09-30.

Beside them: spans of years (2006至2008年, 2014-2020年 → 2006/2008), a bare day (14日: of the
month of the article's day, or of the month before when that day is still to come), days and
months relative to the article's day — its lead's dateline, else its publication date — from
date-words.tsv (昨天, 当天 = the day last named, 本月底, 月初). Not dates: anything inside a
《title》, 上年/去年 as the base of a comparison (比上年增长), 如今年近80岁, 起 as a verb
(2019年起到了作用), impossible days (2月30日).
"""
from __future__ import annotations

import calendar
import re

from datetime import date, timedelta
from functools import cache

from kg.model.records import DateMention, Document, Span, TimeValue
from kg.resources import lexicon
from kg.text.numerals import parse_number
from kg.text.published import dateline_day, valid_day, words

_REL_YEAR = {"今年": 0, "本年": 0, "当年": None, "去年": -1, "上年": -1, "前年": -2, "明年": 1}
_YEAR = r"(?:(?P<y>(?:19|20)\d\d)年|(?P<rel>今年|去年|前年|明年|本年|上年))"
_MONTH_DAY = (r"(?:(?P<m>1[0-2]|0?[1-9])月(?:(?P<d>3[01]|[12]\d|0?[1-9])[日号])?"
              r"(?P<part>底|末|初|中旬|上旬|下旬|份|中(?=[，,、；;。\s]))?)")  # 9月中, (never 9月中央)
_SEASON = r"(?P<season>春季|夏季|秋季|冬季|上半年|下半年|前三季度|前两季度|一季度|二季度|三季度|四季度|年底|年末|年初|年中|底|末)"
_SUFFIX = r"(?P<suffix>以来|至今|以前|之前|以后|起(?!到|了|着(?![手力眼])))?"  # 起到作用: a verb, not "from"
DATE = re.compile(
    rf"(?=[0-9今去前明本上下一二三四年])(?:{_YEAR})?(?:{_MONTH_DAY}|{_SEASON})?"
    rf"(?:(?:至|到|—|-|~)(?:(?P<m2>1[0-2]|0?[1-9])月(?:(?P<d2>3[01]|[12]\d|0?[1-9])[日号])?(?P<part2>底|末)?"
    rf"|(?P<d3>3[01]|[12]\d|0?[1-9])[日号]))?{_SUFFIX}"
)
_HALF = {"上半年": ("01", "06"), "下半年": ("07", "12"), "前三季度": ("01", "09"), "前两季度": ("01", "06"), "一季度": ("01", "03"), "二季度": ("04", "06"),
         "三季度": ("07", "09"), "四季度": ("10", "12")}


def _year(m: re.Match, pub_year: int | None) -> int | None:
    if m["y"]:
        return int(m["y"])
    if m["rel"] and pub_year is not None and _REL_YEAR.get(m["rel"]) is not None:
        return pub_year + _REL_YEAR[m["rel"]]
    return pub_year if m["rel"] is None else None


def _month_value(y: int, mo: int, d: str | None, part: str | None) -> str:
    if d and not valid_day(y, mo, int(d)):
        raise ValueError(f"no day {y}-{mo}-{d}")
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
    if season == "年初":
        return f"{y:04d}-01"
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
    try:
        value = _value(m, pub_year)
    except ValueError:  # 2月30日
        return None
    if value is None:
        return None
    start, end = value if isinstance(value, tuple) else (value, value)
    suffix = m["suffix"]
    if suffix in ("以前", "之前"):
        return _interval(None, end)
    if suffix in ("以后", "起"):
        return _interval(start, None)
    if suffix in ("以来", "至今") and m["rel"] not in ("今年", "本年") and pub_year is not None and start[:4] != str(pub_year):
        return _interval(start[:4] if not m["m"] else start, str(pub_year))
    return _interval(start, end)


_LIST_YEAR = re.compile(r"((?:19|20)\d\d)年((?:[、和及与至到-](?:19|20)\d\d年)+)")
# 2006至2008年, 2014年—2020年, 2014-2020年, 2019年12月至2020年3月: one interval.
_YEAR_SPAN = re.compile(r"(?<!\d)(?P<y1>(?:19|20)\d\d)(?:年(?:(?P<m1>1[0-2]|0?[1-9])月)?)?\s*(?:至|到|—+|－|-|~|～|–)\s*"
                        r"(?P<y2>(?:19|20)\d\d)年(?:(?P<m2>1[0-2]|0?[1-9])月)?")
# 1—9月, 今年1-6月, 2018年3至5月: months of one year.
_MONTH_SPAN = re.compile(r"(?:(?P<y>(?:19|20)\d\d)年|(?P<rel>今年|去年|前年|明年|本年|上年))?(?<![\d.])(?P<m1>1[0-2]|0?[1-9])"
                         r"\s*(?:至|到|—+|－|-|~|～|–)\s*(?P<m2>1[0-2]|0?[1-9])月份?(?!\d)")
# A day without its month: 14日 (never 14日内, 3日后, 每月8日, 5月8日).
_DAY = re.compile(r"(?<![\d月年.\-/每第数几个近约逾半周续期时计共达满超])(?P<d>3[01]|[12]\d|0?[1-9])日"
                  r"(?:(?:至|到|—|-|~)(?P<d2>3[01]|[12]\d|0?[1-9])日)?(?![内后]|以[上下内]|左右|之内)")  # 连续7日, 历时15日, 务工30日以上: durations
_BLOCKS_SKIPPED = ("footer", "credits", "dateline", "title")


@cache
def _day_words() -> re.Pattern:
    return re.compile("|".join(map(re.escape, words("day"))))


@cache
def _year_words() -> re.Pattern:
    return re.compile(r"(?<![每])(?:" + "|".join(map(re.escape, words("year"))) + ")(?![度])")


@cache
def _period_words() -> re.Pattern:
    return re.compile("|".join(map(re.escape, words("period"))))


@cache
def _month_words() -> re.Pattern:
    rel = "|".join(map(re.escape, (w for w in words("month") if not w.startswith("月"))))
    bare = "|".join(map(re.escape, (w for w in words("month") if w.startswith("月"))))
    # a bare 月底 starts a phrase (月底前, 到月底), never inside a word (岁月中, 3个月底)
    return re.compile(rf"(?P<rel>{rel})(?P<part>初|中旬|上旬|下旬|底|末)?|(?:(?<![\w])|(?<=[到至于在]))(?P<bare>{bare})")


@cache
def _offsets(kind: str) -> dict[str, tuple[str, str]]:
    return {r["word"]: (r["value"], r.get("part") or "") for r in lexicon.rows("date-words.tsv") if r["kind"] == kind}


def find_dates(doc: Document) -> tuple[DateMention, ...]:
    """Every date expression outside footer and credits, with its resolved value."""
    text = doc.simplified
    day = dateline_day(text, doc.blocks, doc.published)
    anchor = doc.published or _name_year(text)
    found: list[DateMention] = []
    for b in doc.blocks:
        if b.kind in _BLOCKS_SKIPPED:
            continue
        base = [d for d in _absolute(doc, b.start, b.end, anchor) if not _excluded(text, d.span.start, d.span.end)]
        extra = _spans(doc, b.start, b.end, doc.published) + _days(doc, b.start, b.end, day) + _years(doc, b.start, b.end)
        extra += _years_ago(doc, b.start, b.end, doc.published)
        found += _merge(base, [d for d in extra if not _inside_title(text, d.span.start)])
    return tuple(_same_day(doc, found, day))


def _absolute(doc: Document, start: int, end: int, anchor: str | None = None) -> list[DateMention]:
    """Dates written with a year, a month or a relative year (DATE, and lists of years); a
    month and day without a year take the `anchor` year when the article has no date."""
    text = doc.simplified
    out: list[DateMention] = []
    pos = start
    while pos < end:
        m = DATE.search(text, pos, end)
        if m is None:
            break
        if not (m["y"] or m["rel"] or m["m"] or m["season"]):
            pos = m.start() + 1
            continue
        lst = _LIST_YEAR.match(text, m.start())
        if lst and lst.end() <= end:  # 2015年、2016年 → one interval
            years = re.findall(r"(?:19|20)\d\d", lst.group(0))
            out.append(DateMention(doc.span(lst.start(), lst.end()), _interval(years[0], years[-1])))
            pos = lst.end()
            continue
        value = resolve(m, doc.published or (anchor if m["m"] and not m["rel"] else None))
        if value is not None and doc.published and _long_after(m, value, doc.published):
            value = resolve(m, f"{int(doc.published[:4]) - 1:04d}")  # 12月28日 in a report of January 5
        if value is not None and not _inside_word(text, m):
            out.append(DateMention(Span(m.start(), m.end(), doc.text[m.start():m.end()]), value))
        pos = m.end()
    return out


def _spans(doc: Document, start: int, end: int, pub: str | None) -> list[DateMention]:
    """Spans from one year to another: 2006至2008年, 2014-2020年, 2019年12月至2020年3月."""
    out = []
    for m in _YEAR_SPAN.finditer(doc.simplified, start, end):
        a = m["y1"] + (f"-{int(m['m1']):02d}" if m["m1"] else "")
        z = m["y2"] + (f"-{int(m['m2']):02d}" if m["m2"] else "")
        if a < z:
            out.append(DateMention(doc.span(m.start(), m.end()), _interval(a, z)))
    pub_year = int(pub[:4]) if pub else None
    for m in _MONTH_SPAN.finditer(doc.simplified, start, end):
        y = int(m["y"]) if m["y"] else pub_year
        if m["rel"] and y is not None:
            y += _REL_YEAR[m["rel"]] or 0
        if y is not None and int(m["m1"]) < int(m["m2"]):
            out.append(DateMention(doc.span(m.start(), m.end()),
                                   _interval(f"{y:04d}-{int(m['m1']):02d}", f"{y:04d}-{int(m['m2']):02d}")))
    return out


# A date written in full, then days listed after it (4月25日和27日, 3月2日、5日及9日): the month of the list.
_LISTED_AFTER = re.compile(r"(?:(?P<y>(?:19|20)\d\d)年)?(?P<m>1[0-2]|0?[1-9])月(?:(?:3[01]|[12]\d|0?[1-9])[日号][、和及与])+\Z")


def _days(doc: Document, start: int, end: int, day: str | None) -> list[DateMention]:
    """A bare day (14日), days and months relative to the article's day (昨天, 本月底, 月初)."""
    if day is None:
        return []
    text, today = doc.simplified, date.fromisoformat(day)
    out = []
    for m in _DAY.finditer(text, start, end):
        d, (y, mo) = int(m["d"]), (today.year, today.month)
        listed = _LISTED_AFTER.search(text, max(start, m.start() - 24), m.start())
        if listed is not None:  # 4月25日和27日: the month of the date it is listed with
            y, mo = int(listed["y"] or today.year), int(listed["m"])
            if not listed["y"] and (mo, d) > (today.month, today.day):
                y -= 1
        elif d > today.day:  # a day still to come this month: the month before
            y, mo = (y, mo - 1) if mo > 1 else (y - 1, 12)
        last = int(m["d2"]) if m["d2"] else d  # 11日至13日: one span
        if valid_day(y, mo, d) and valid_day(y, mo, last) and last >= d:
            out.append(DateMention(doc.span(m.start(), m.end()),
                                   _interval(f"{y:04d}-{mo:02d}-{d:02d}", f"{y:04d}-{mo:02d}-{last:02d}")))
    for m in _day_words().finditer(text, start, end):
        if text.startswith(words("notday"), m.start()):
            continue
        offset = _offsets("day")[m.group()][0]
        iso = offset if offset.startswith("same") else (today + timedelta(days=int(offset))).isoformat()
        out.append(DateMention(doc.span(m.start(), m.end()), TimeValue(iso, iso, iso)))
    for m in _month_words().finditer(text, start, end):
        word = m["rel"] or m["bare"]
        offset, part = _offsets("month")[word]
        part = {"底": "end", "末": "end", "初": "start", "上旬": "start", "中旬": "middle", "下旬": "end"}.get(
            m["part"] or "", part)
        n = today.year * 12 + today.month - 1 + int(offset)
        y, mo = divmod(n, 12)
        iso = f"{y:04d}-{mo + 1:02d}"
        if part == "end":
            iso += f"-{calendar.monthrange(y, mo + 1)[1]:02d}"
        out.append(DateMention(doc.span(m.start(), m.end()), TimeValue(iso, iso, iso)))
    return out


def _years(doc: Document, start: int, end: int) -> list[DateMention]:
    """同年, 次年: placeholders that _same_day resolves against the year last named; the
    named periods of date-words.tsv (十三五)."""
    out = []
    for m in _year_words().finditer(doc.simplified, start, end):
        iso = "year-" + _offsets("year")[m.group()][0]
        out.append(DateMention(doc.span(m.start(), m.end()), TimeValue(iso, iso, iso)))
    for m in _period_words().finditer(doc.simplified, start, end):  # 十三五 → 2016/2020
        a, z = _offsets("period")[m.group()][0].split("/")
        out.append(DateMention(doc.span(m.start(), m.end()), _interval(a, z)))
    return out


@cache
def _meeting_year() -> re.Pattern:
    """A year that opens the name of a meeting or plan (2018年第二次会议, 2019年社会扶贫座谈会)."""
    ends = "|".join(map(re.escape, words("meeting")))
    return re.compile(rf"(?<![\d.])((?:19|20)\d\d)年度?(?:第[一二三四五六七八九十\d]{{1,3}}次)?"
                      rf"[^\s，,。；;、：:“”《》()（）\d]{{0,16}}?(?:{ends})")


def _name_year(text: str) -> str | None:
    """The year of the meetings and plans an article names, when they all name one year:
    the year of an undated report about them."""
    years = {m.group(1) for m in _meeting_year().finditer(text)}
    if not years:  # 部署了全县2017-2018年的扶贫重点工作: a plan that starts in the year of the report
        years = {m.group(1) for m in _PLAN_SPAN.finditer(text)}
    return years.pop() if len(years) == 1 else None


# A span of years a plan or the work set out covers: 2017-2018年的扶贫重点工作, 2019至2020年脱贫攻坚任务.
_PLAN_SPAN = re.compile(r"(?<![\d.])((?:19|20)\d\d)\s*(?:-|—|－|至|到|~)\s*(?:19|20)\d\d年度?的?"
                        r"[^\s，,。；;、：:“”《》()（）\d]{0,12}?(?:工作|任务|计划|规划|方案)")


# 10年前, 三年前 (never 多年前, 近5年前来, 前往, 前后): a year counted back from the publication year.
_YEARS_AGO = re.compile(r"(?<![\d近多每第几数约余前后])(?P<n>[1-9]\d?|[一二两三四五六七八九十]{1,3})年前(?![来往进后夕])")


def _years_ago(doc: Document, start: int, end: int, pub: str | None) -> list[DateMention]:
    """N年前 resolved against the publication year (10年前 in 2017 → 2007)."""
    if not pub:
        return []
    out = []
    for m in _YEARS_AGO.finditer(doc.simplified, start, end):
        n = parse_number(m["n"])
        if n is not None and 1 <= n <= 60 and n == int(n):
            iso = f"{int(pub[:4]) - int(n):04d}"
            out.append(DateMention(doc.span(m.start(), m.end()), TimeValue(iso, iso, iso)))
    return out


def _long_after(m: re.Match, value: TimeValue, pub: str) -> bool:
    """A day given without its year (12月28日) more than a month after the publication
    day: a day of the year before, not a plan (plans say 底 or 前: 12月底前)."""
    if m["y"] or m["rel"] or not m["d"] or m["suffix"] or not value.start or len(pub) < 10:
        return False
    return date.fromisoformat(value.start[:10]) > date.fromisoformat(pub[:10]) + timedelta(days=31)


def _merge(base: list[DateMention], extra: list[DateMention]) -> list[DateMention]:
    """Both lists in text order; an extra mention replaces the base ones it covers, and
    gives way to any base one it only overlaps (5月8日 is not a bare 8日)."""
    out = list(base)
    for e in extra:
        over = [d for d in out if d.span.start < e.span.end and e.span.start < d.span.end]
        if all(e.span.start <= d.span.start and d.span.end <= e.span.end and d.span != e.span for d in over):
            out = [d for d in out if d not in over] + [e]
    return sorted(out, key=lambda d: d.span.start)


def _same_day(doc: Document, found: list[DateMention], day: str | None) -> list[DateMention]:
    """当天, 当日 (次日): the day last named before it (the day after), else the article's day;
    同年, 次年 likewise with the year last named, else the publication year."""
    out: list[DateMention] = []
    last = day
    year = doc.published[:4] if doc.published else None
    for d in found:
        if d.value.iso.startswith("year-"):
            if year is None:
                continue
            iso = f"{int(year) + int(d.value.iso[9:] or 0):04d}"
            d, year = DateMention(d.span, TimeValue(iso, iso, iso)), iso
        elif d.value.iso.startswith("same"):
            if last is None:
                continue
            iso = (date.fromisoformat(last) + timedelta(days=int(d.value.iso[4:] or 0))).isoformat()
            d, last = DateMention(d.span, TimeValue(iso, iso, iso)), iso
        if d.value.start and d.value.start[:4].isdigit():
            year = d.value.start[:4]
            last = d.value.start if len(d.value.start) == 10 else last
        out.append(d)
    return out


def _inside_title(text: str, at: int) -> bool:
    """Inside a 《title》 of the same paragraph."""
    line_start = text.rfind("\n", 0, at) + 1
    return text.rfind("《", line_start, at) > text.rfind("》", line_start, at)


def _excluded(text: str, start: int, end: int) -> bool:
    """A year in a 《title》, 上年 as the base of a comparison, 今年 of 如今年近80岁, the year
    of a noun (2016年资金) or of a name that is the subject of its sentence (2018年…报告会由)."""
    if _inside_title(text, start):
        return True
    word = text[start:end]
    before = text[max(0, start - 3):start]
    if word.startswith(("上年", "去年", "前年")) and before.endswith(words("compare")):
        return True
    if word.endswith("年") and text.startswith(words("of"), end):  # 2016年资金
        return True
    if word.startswith("今年") and before.endswith("如"):  # 如今 + 年近80岁
        return True
    return word[:4].isdigit() and word.endswith("年") and bool(_named().match(text, end))


@cache
def _named() -> re.Pattern:
    """The rest of a name that starts with a year, as the subject of its sentence (…报告会由)."""
    ends = "|".join(map(re.escape, words("named")))
    return re.compile(rf"[^\s，,。；;、：:“”\d]{{2,30}}?(?:{ends})(?=由|在|于|将)")


def _inside_word(text: str, m: re.Match) -> bool:
    """每年, 当年, 多年 …: a 年 that is not a date."""
    before = text[m.start() - 1:m.start()] if m.start() else ""
    bare = m["season"] is not None and not (m["y"] or m["rel"])
    return bare and before in ("每", "当", "多", "全", "今", "去", "明")
