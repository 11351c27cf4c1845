"""The national gazetteer (ontology/gazetteer/places.tsv): lookup by code and by name.

Names are matched on the simplified view of the text; each entry is findable by its
full name and, where it has one, its short form (乡宁 for 乡宁县).
"""
from __future__ import annotations

from functools import cache

from kg.resources import lexicon
from kg.model.records import Place


@cache
def places() -> dict[str, Place]:
    """Every division by its six-digit code."""
    out: dict[str, Place] = {}
    for r in lexicon.rows("gazetteer/places.tsv"):
        out[r["code"]] = Place(
            key=r["code"], name=r["name"], kind=r["kind"], parent=r["parent"] or None,
            lat=float(r["lat"]) if r["lat"] else None, long=float(r["long"]) if r["long"] else None,
            name_hant=r["name_hant"], short=r["short"],
        )
    for r in lexicon.rows("gazetteer/renamed.tsv"):  # 平泉市 beside 平泉县: the name as written
        was = out[r["code"]]
        out[r["key"]] = Place(key=r["key"], name=r["name"], kind=r["kind"], parent=was.parent, lat=was.lat,
                              long=was.long)
    return out


def get(key: str | None) -> Place | None:
    if not key:
        return None
    return places().get(key)


@cache
def _stop_names() -> frozenset[str]:
    return frozenset(lexicon.lines("place-stopwords.txt"))


@cache
def names() -> dict[str, tuple[tuple[Place, bool], ...]]:
    """Simplified name → ((place, is_full_name), …), full names first."""
    table: dict[str, list[tuple[Place, bool]]] = {}
    stop = _stop_names()
    for p in places().values():
        if p.name not in stop:
            table.setdefault(p.name, []).append((p, True))
        if p.short and len(p.short) >= 2 and p.short not in stop:
            table.setdefault(p.short, []).append((p, False))
    by_name = {p.name: p for p in places().values() if p.key.isdigit()}
    for r in lexicon.rows("gazetteer/aliases.tsv"):  # 科右中旗 for 科尔沁右翼中旗
        if r["name"] in by_name and r["alias"] not in table:
            table[r["alias"]] = [(by_name[r["name"]], True)]
    return {k: tuple(sorted(v, key=lambda pv: (not pv[1], pv[0].key))) for k, v in table.items()}


@cache
def _lengths_by_first_char() -> dict[str, tuple[int, ...]]:
    """First character → the lengths of the names starting with it, longest first."""
    index: dict[str, set[int]] = {}
    for name in names():
        index.setdefault(name[0], set()).add(len(name))
    return {c: tuple(sorted(v, reverse=True)) for c, v in index.items()}


def find_names(simplified: str, start: int = 0, end: int | None = None):
    """Yield (start, end, name) for gazetteer names, longest match first, left to right."""
    lengths, table = _lengths_by_first_char(), names()
    end = len(simplified) if end is None else end
    i = start
    while i < end:
        for n in lengths.get(simplified[i], ()):
            if i + n <= end and simplified[i:i + n] in table:
                yield i, i + n, simplified[i:i + n]
                i += n
                break
        else:
            i += 1


def ancestors(place: Place) -> list[Place]:
    """Parent, grandparent, … of a place."""
    out, seen = [], set()
    key = place.parent
    while key and key not in seen:
        seen.add(key)
        p = get(key)
        if p is None:
            break
        out.append(p)
        key = p.parent
    return out


def within(place: Place, scope: Place | None) -> bool:
    """Whether `place` is `scope` or lies inside it, by key (an article may label a place as written)."""
    return scope is not None and (place.key == scope.key or any(a.key == scope.key for a in ancestors(place)))


def prefecture_of(place: Place) -> Place | None:
    """The prefecture-level (or municipality) division a place belongs to, itself included."""
    for p in [place, *ancestors(place)]:
        if p.kind in ("city", "municipality"):
            return p
    return None


def province_of(place: Place) -> Place | None:
    for p in [place, *ancestors(place)]:
        if p.kind in ("province", "municipality"):
            return p
    return None



@cache
def _township_text() -> str:
    """townships.tsv as one string (sorted by county code); parsed per county on demand."""
    return lexicon.data_path("gazetteer/townships.tsv").read_text(encoding="utf-8")


@cache
def townships(county: Place) -> tuple[tuple[str, str], ...]:
    """The townships (乡/镇/街道/苏木) of a county-level division: (full name, short form)."""
    text = _township_text()
    at = text.find(f"\n{county.key}\t")
    out: list[tuple[str, str]] = []
    while at >= 0:
        end = text.find("\n", at + 1)
        line = text[at + 1:end if end >= 0 else len(text)]
        code, name, short = (line.split("\t") + ["", ""])[:3]
        if code != county.key:
            break
        out.append((name, short))
        at = end
    return tuple(out)


@cache
def _township_index() -> dict[str, tuple[str, ...]]:
    """Full township name → the codes of the counties that have a township of that name."""
    index: dict[str, list[str]] = {}
    for line in _township_text().splitlines():
        if not line or line.startswith("#"):
            continue
        code, name = (line.split("\t") + [""])[:2]
        if code.isdigit():
            index.setdefault(name, []).append(code)
    return {name: tuple(dict.fromkeys(codes)) for name, codes in index.items()}


def counties_with_township(name: str) -> tuple[Place, ...]:
    """The county-level divisions whose township table holds `name` (a full name: 砖集镇)."""
    return tuple(p for p in (get(code) for code in _township_index().get(name, ())) if p is not None)
