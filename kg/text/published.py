"""The publication date of an article: its header line, else the dateline of its lead.

Header lines in the forms of the genre: `2018-05-21 16:18 来源:…`, `发布时间:2018/5/21 | 来源:…`,
`2015年12月08日 16:28`, `21.01.2019 11:10` (day.month.year), and `10-18 15:03 来源:…` without
a year. A lead's dateline (`新华社西宁4月21日电`, `本报11月4日讯`) gives the day when the header
gives none. A missing year is read from the body: the latest year it names that is not a
target (`到2020年`), moved on by one when the text reports a later day of that year as past
(`截至2018年底` in an article dated 10-18 → 2019) — or from the article's address when the text
holds one with a date (…/2019-10/18/…); without either it stays unknown. A line holding only a
date (`（2018年5月21日）`, `二〇一八年五月二十一日`) or that address is the last resort. Impossible
dates and times (`2017-02-30`, `25:70`) are dropped, never written. Values are ISO 8601
(`2018-05-21T16:18:00` or `2018-05-21`).
"""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from functools import cache

from kg.model.records import Block
from kg.resources import lexicon
from kg.text.numerals import parse_number

_TIME = r"(?:\s*(?P<H>\d{1,2})\s*[:：]\s*(?P<M>\d{2})(?:\s*[:：]\s*(?P<S>\d{2}))?)?"
_YMD = re.compile(r"(?<!\d)(?P<y>(?:19|20)\d\d)\s*[-/.年]\s*(?P<m>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})(?!\d)(?:\s*日)?"
                  + _TIME)
_DMY = re.compile(r"(?<![\d.])(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>(?:19|20)\d\d)(?!\d)" + _TIME)
# Month and day without a year: only with a time after it (10-18 15:03) or a field key before it.
_MD = re.compile(r"(?<![\d.\-/年])(?P<m>\d{1,2})\s*[-/月]\s*(?P<d>\d{1,2})(?!\d)(?:\s*日)?" + _TIME)
# A date in Chinese numerals, as official notices sign off: 二〇一八年五月二十一日.
_HAN_YMD = re.compile(r"(?P<y>[〇零○一二三四五六七八九]{4})年(?P<m>十[一二]?|[一二三四五六七八九])月"
                      r"(?P<d>[二三]?十[一二三四五六七八九]?|[一二三四五六七八九])日")
# The dateline of a lead: 新华社西宁4月21日电, 本报11月4日讯, 人民网长沙3月1日电.
_LEAD = re.compile(r"^[^\s，,。；;:：（()]{0,20}?(?:(?P<y>(?:19|20)\d\d)年)?(?P<m>1[0-2]|0?[1-9])月"
                   r"(?P<d>3[01]|[12]\d|0?[1-9])日\s*(?:电|讯|消息)")
_YEAR = re.compile(r"(?<!\d)(?P<y>(?:19|20)\d\d)(?:年|[-/.](?=\d{1,2}[-/.]\d{1,2}))"
                   r"(?:(?P<m>1[0-2]|0?[1-9])月(?:(?P<d>3[01]|[12]\d|0?[1-9])[日号])?)?(?P<end>底|末)?")
# A line that is only a date (and maybe a field key), as a notice signs off: （2018年5月21日）.
_DATE_LINE = re.compile(r"^[(（【\[]?\s*(?:[\u4e00-\u9fff]{2,4}\s*[:：]\s*)?(?:(?:19|20)\d\d\s*[-/.年]\s*\d{1,2}\s*[-/.月]"
                        r"\s*\d{1,2}\s*日?(?:\s*\d{1,2}[:：]\d{2}(?:[:：]\d{2})?)?|" + _HAN_YMD.pattern + r")\s*[)）】\]]?$")
# The date in the address of an article (…/2018-05/21/content_…, …/t20180521_…): a year and
# month, maybe a day.
_URL = re.compile(r"https?://[^\s<>\"'()（）]+")
_URL_DATE = re.compile(r"(?<!\d)(?P<y>20\d\d)[-/_]?(?P<m>0[1-9]|1[0-2])(?:[-/_]?(?P<d>0[1-9]|[12]\d|3[01]))?(?!\d)")
_FIELD = re.compile(r"(?:来源|作者|编辑|发布|时间|日期)\s*[:：]")
_RANGE_END = re.compile(r"[-—–~～－至到]\s*$")
_LEAD_BLOCKS = 3  # the dateline of a lead stands in one of the first paragraphs


@dataclass(frozen=True)
class Stamp:
    """A date as a header gives it; `year` None when it gives none."""

    year: int | None
    month: int
    day: int
    time: str | None = None  # HH:MM:SS, when given and valid

    def iso(self, year: int | None = None) -> str | None:
        """ISO date (or date-time), None when impossible or without a year."""
        y = self.year if self.year is not None else year
        if y is None or not valid_day(y, self.month, self.day):
            return None
        day = f"{y:04d}-{self.month:02d}-{self.day:02d}"
        return f"{day}T{self.time}" if self.time else day


def valid_day(y: int, m: int, d: int) -> bool:
    try:
        date(y, m, d)
    except ValueError:
        return False
    return True


@cache
def words(kind: str) -> tuple[str, ...]:
    """The words of one kind in date-words.tsv, longest first."""
    return tuple(sorted((r["word"] for r in lexicon.rows("date-words.tsv") if r["kind"] == kind), key=len, reverse=True))


def _time(m: re.Match) -> str | None:
    if m["H"] is None:
        return None
    h, mi, s = int(m["H"]), int(m["M"]), int(m["S"] or 0)
    return f"{h:02d}:{mi:02d}:{s:02d}" if h < 24 and mi < 60 and s < 60 else None


def header_stamp(line: str) -> Stamp | None:
    """The date of a header line, in any of the genre's forms, or None."""
    for pattern in (_YMD, _DMY):
        m = pattern.search(line)
        if m:
            return Stamp(int(m["y"]), int(m["m"]), int(m["d"]), _time(m))
    han = _HAN_YMD.search(line)
    if han:
        y, mo, d = (parse_number(han[k].replace("○", "〇")) for k in ("y", "m", "d"))
        if y and mo and d:
            return Stamp(int(y), int(mo), int(d))
    for m in _MD.finditer(line):
        keyed = line[:m.start()].rstrip(" :：").endswith(words("header"))
        if (m["H"] is not None or keyed) and 1 <= int(m["m"]) <= 12:
            return Stamp(None, int(m["m"]), int(m["d"]), _time(m))
    return None


def lead_stamp(simplified: str, blocks: tuple[Block, ...]) -> Stamp | None:
    """The dateline of the article's lead (新华社西宁4月21日电, 本报11月4日讯), or None."""
    paragraphs = [b for b in blocks if b.kind in ("paragraph", "caption")][:_LEAD_BLOCKS]
    for b in paragraphs:
        m = _LEAD.match(simplified[b.start:b.end])
        if m:
            return Stamp(int(m["y"]) if m["y"] else None, int(m["m"]), int(m["d"]))
    return None


def _inside_title(text: str, at: int) -> bool:
    return text.rfind("《", 0, at) > text.rfind("》", 0, at)


def infer_year(text: str, month: int, day: int) -> int | None:
    """The year of a month and day that an article gives without one, from its body, or None."""
    future, past = words("future"), words("past")
    years: list[int] = []
    reached: list[tuple[int, int, int]] = []
    for m in _YEAR.finditer(text):
        before = text[max(0, m.start() - 4):m.start()]
        was = before.endswith(past)  # 截至 before 至
        if _inside_title(text, m.start()) or not was and (before.endswith(future) or _RANGE_END.search(before)):
            continue
        y = int(m["y"])
        years.append(y)
        if was and m["m"]:
            mo = int(m["m"])
            d = int(m["d"]) if m["d"] else (calendar.monthrange(y, mo)[1] if m["end"] else 1)
            reached.append((y, mo, d))
        elif was and m["end"]:
            reached.append((y, 12, 31))
    if not years:
        return None
    year = max(years)
    if any(r > (year, month, day) for r in reached):
        year += 1
    return year


def publication_date(simplified: str, blocks: tuple[Block, ...]) -> str | None:
    """ISO publication date (or date-time) of an article (its simplified view and blocks):
    the header's, else its lead's dateline's."""
    def line(b: Block) -> str:
        return simplified[b.start:b.end]

    stamp = next((s for b in blocks[:6] if b.kind == "dateline" and (s := header_stamp(line(b)))), None)
    if stamp is None:  # a header line after a summary (摘要:…): short, with a time or a field key
        stamp = next((s for b in blocks[1:8] if b.kind == "caption" and (s := header_stamp(line(b)))
                      and (s.time or _FIELD.search(line(b)))), None)
    body = "\n".join(line(b) for b in blocks[1:] if b.kind != "footer")  # not 版权所有 2019年
    url = url_date(simplified)

    def year_of(s: Stamp) -> int | None:  # the address's year for its month, else the body's
        return url[0] if url and url[1] == s.month else infer_year(body, s.month, s.day)

    if stamp is not None:
        found = stamp.iso(None if stamp.year is not None else year_of(stamp))
        if found:
            return found
    lead = lead_stamp(simplified, blocks)
    if lead is not None:
        return lead.iso(lead.year or (stamp.year if stamp else None) or year_of(lead))
    found = _date_line(blocks)
    if found is None and url and url[2]:
        found = Stamp(url[0], url[1], url[2]).iso()
    return found


def url_date(text: str) -> tuple[int, int, int | None] | None:
    """Year, month and maybe day in the address of the article, when the text gives one."""
    for u in _URL.finditer(text):
        m = _URL_DATE.search(u.group())
        if m:
            return int(m["y"]), int(m["m"]), int(m["d"]) if m["d"] else None
    return None


def dateline_day(simplified: str, blocks: tuple[Block, ...], published: str | None) -> str | None:
    """The day of the lead's dateline (its year from the publication date), else the
    publication day: what 当天, 昨天 and a bare 14日 count from."""
    s = lead_stamp(simplified, blocks)
    if s is not None:
        year = s.year
        if year is None and published:
            y, m, d = int(published[:4]), int(published[5:7]), int(published[8:10])
            year = y - 1 if (s.month, s.day) > (m, d) else y  # a dateline of 12月31日 published 01-02
        found = s.iso(year)
        if found:
            return found
    return published[:10] if published and len(published) >= 10 else None


def _date_line(blocks: tuple[Block, ...]) -> str | None:
    """The date of a line that holds only a date, near the top or at the end of the article."""
    for b in (*blocks[1:6], *blocks[-3:]):
        if b.kind != "paragraph" and _DATE_LINE.match(b.text):
            stamp = header_stamp(b.text)  # digits and 年月日: the same in either script
            if stamp is not None and stamp.iso():
                return stamp.iso()
    return None
