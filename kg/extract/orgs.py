"""Organisations (names kept in simplified script; the graph stage renders both): Party and government bodies of a place (市委, 县政府 …), leading
groups and task forces (脱贫攻坚领导组, 省委第三督导组), enterprises and cooperatives.

Bodies are named after the place they belong to: 市委 in an article about 临汾 is
临汾市委; 县委 inside a county's section is that county's committee.
"""
from __future__ import annotations

import re

from kg.resources import gazetteer
from kg.extract.scope import Scope
from kg.model.records import Document, OrgMention, Place, Span
from kg.text.script import pinyin_slug

# level char → (party suffix, government suffix)
BODY_NAMES = {"party": "委", "government": "政府", "congress": "人大常委会", "cppcc": "政协",
              "discipline": "纪委", "poverty-office": "扶贫办", "group": ""}
_BODY = re.compile(r"(?P<lvl>[省市县区])(?P<body>委常委会|委|政府|人大常委会|人大|政协|纪委|扶贫办|扶贫开发办公室)")
_BODY_KIND = {"委常委会": "party", "委": "party", "政府": "government", "人大常委会": "congress",
              "人大": "congress", "政协": "cppcc", "纪委": "discipline", "扶贫办": "poverty-office",
              "扶贫开发办公室": "poverty-office"}
_GROUP = re.compile(
    r"(?P<name>(?:[省市县区]委?)?[\u4e00-\u9fff]{0,10}?"
    r"(?:领导小组|领导组|督查组|督导组|巡察组|工作组|指挥部))"
)
_COMPANY = re.compile(
    r"(?P<name>[\u4e00-\u9fff]{2,14}?(?:股份有限公司|有限责任公司|有限公司|集团|酒庄|合作社|联合会|协会|商会))"
)
_LEFT_STOP = re.compile(r"[,，、;；:：。“”（）()\s个的了]|同|与|和|及|由|向|对|等")


def place_for_level(level: str, scope: Scope, index: int) -> Place | None:
    """The place a level character (省/市/县/区) refers to in sentence `index`."""
    city = scope.city
    if level == "省":
        return gazetteer.province_of(city) if city else None
    if level == "市":  # in a county-level city's report, 市委 is that city's committee
        county = scope.county_in_section[index] if index < len(scope.county_in_section) else None
        return county if county is not None and county.kind == "county-level-city" else city
    current = scope.places[index] if index < len(scope.places) else None
    if current is not None and current.kind not in ("city", "municipality", "province"):
        return current
    return scope.county_in_section[index] if index < len(scope.county_in_section) else None


def body_name(place: Place, kind: str) -> str:
    """临汾市 + party → 临汾市委; 吉县 + party → 吉县县委; 吉县 + government → 吉县政府."""
    name = place.name
    suffix = BODY_NAMES[kind]
    if kind == "party" and name.endswith("自治区"):  # 广西壮族自治区党委
        return name + "党委"
    if kind == "party" and len(name) == 2 and not name.endswith(("市", "省")):  # 吉县县委, but 赫章县委
        return name + name[-1] + suffix
    return name + suffix


def body(place: Place, kind: str, span: Span) -> OrgMention:
    key = f"{place.key}-{kind}"
    return OrgMention(span, key, body_name(place, kind), kind if kind in ("party", "government") else "government",
                      place)


def group(place: Place | None, name: str, span: Span) -> OrgMention:
    """A named group; a leading level character is replaced by the place's name."""
    if place is not None and name[:1] in "省市县区" and not name.startswith(place.name):
        full = (place.name if not name.startswith(place.name[-1]) else place.name[:-1]) + name
    else:
        full = name
    key = f"{place.key if place else 'cn'}-{pinyin_slug(full)}"
    return OrgMention(span, key, full, "group", place)


# An organisation named before a role word (安徽丰源农业发展有限公司|董事长) is an organisation of
# its own when it ends like a company, association or institution, or names a place.
_NAMED_KIND = (("enterprise", ("公司", "集团", "厂")),
               ("cooperative", ("合作社", "协会", "商会", "联合会", "促进会", "基金会")),
               ("organization", ("委员会", "大学", "学院", "医院", "银行", "研究院", "研究所")))


def named(name: str, span: Span) -> OrgMention | None:
    """The organisation of a post written out in full (民盟湖北省委, 省青年创业促进会), or None
    for a generic one (扶贫车间, 省农业农村厅: no name of its own)."""
    kind = next((k for k, ends in _NAMED_KIND if name.endswith(ends)), None)
    if kind is None and next(gazetteer.find_names(name), None) is not None:
        kind = "organization"
    if kind is None or len(name) < 4:
        return None
    return OrgMention(span, pinyin_slug(name), name, kind)


def _left_bounded(text: str, start: int, end: int, name: str) -> tuple[int, str]:
    """Trim a suffix-anchored name back to the last boundary character."""
    cut = 0
    for m in _LEFT_STOP.finditer(name):
        cut = m.end()
    return start + cut, name[cut:]


def find_orgs(doc: Document, scope: Scope) -> tuple[OrgMention, ...]:
    out: list[OrgMention] = []
    text = doc.simplified
    for s_index, s in enumerate(doc.sentences):
        if doc.blocks[s.block].kind not in ("paragraph",):
            continue
        for m in _BODY.finditer(text, s.start, s.end):
            place = place_for_level(m["lvl"], scope, s_index)
            if place is not None:
                out.append(body(place, _BODY_KIND[m["body"]], doc.span(m.start(), m.end())))
        for m in _GROUP.finditer(text, s.start, s.end):
            start, name = _left_bounded(text, m.start(), m.end(), m["name"])
            level_at = re.search(r"[省市县区]", name)
            if level_at:  # 配合省委…督导组 → 省委…督导组
                start, name = start + level_at.start(), name[level_at.start():]
            if len(name) < 4 or text[start - 1:start] == "个":
                continue
            level = name[0] if name[0] in "省市县区" else "市"
            out.append(group(place_for_level(level, scope, s_index), name, doc.span(start, m.end())))
        for m in _COMPANY.finditer(text, s.start, s.end):
            start, name = _left_bounded(text, m.start(), m.end(), m["name"])
            if len(name) < 4:
                continue
            kind = "cooperative" if name.endswith(("合作社", "联合会", "协会", "商会")) else "enterprise"
            out.append(OrgMention(doc.span(start, m.end()), pinyin_slug(name), name, kind))
    return tuple(out)

