#!/usr/bin/env python3
"""Build `townships.tsv` (township-level divisions under each county) from jionlp's
`dictionary/china_location.zip`, and `renamed.tsv` (other names of county- and
prefecture-level divisions, from its `dictionary/china_location_change.txt`).

A development script, not part of the package: download the jionlp wheel
(`pip download --no-deps jionlp`), then

    python ontology/gazetteer/build_townships.py --wheel jionlp-1.5.31-py2.py3-none-any.whl

`renamed.tsv` lists, for each change between a name in `places.tsv` and one that is not
(平泉县 → 平泉市 in 2017, 襄樊市 → 襄阳市 in 2010), the missing name and the code of the row it
stands beside, so that an article written before or after the change is read as written.

The source is an indented tree (province / prefecture / county with its code / township /
village). Only townships are kept (villages would be ~10 MB); each is attached to the county
row of `places.tsv` with the same code, else to the one with the same name under the same
prefecture. Townships whose county is not in `places.tsv` are dropped.
"""
from __future__ import annotations

import argparse
import csv
import io
import sys
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ZIP_MEMBER = "jionlp/dictionary/china_location.zip"
CHANGES = "jionlp/dictionary/china_location_change.txt"
RENAMED_COLUMNS = ("code", "name", "kind", "changed", "key")
COLUMNS = ("county", "name", "short")
SUFFIXES = ("民族乡", "民族镇", "街道办事处", "街道", "苏木", "乡", "镇")


def read_tree(wheel: Path) -> list[tuple[str, str, str]]:
    """(county code, county name, township name) for every township in the source."""
    with zipfile.ZipFile(wheel) as whl, zipfile.ZipFile(io.BytesIO(whl.read(ZIP_MEMBER))) as inner:
        text = inner.read(inner.namelist()[0]).decode("utf-8")
    out, code, county = [], None, None
    for line in text.splitlines():
        depth = len(line) - len(line.lstrip("\t"))
        cells = line.strip().split("\t")
        if not cells[0]:
            continue
        if depth == 2:
            county, code = cells[0], (cells[1] if len(cells) > 1 else None)
        elif depth == 3 and code:
            out.append((code, county, cells[0]))
    return out


def nations() -> tuple[str, ...]:
    path = HERE.parent / "lexicons" / "place-ethnic-groups.txt"
    names = {s.strip() for s in path.read_text(encoding="utf-8").splitlines() if s.strip() and s[0] != "#"}
    return tuple(sorted(names, key=len, reverse=True))


def short_of(name: str, groups: tuple[str, ...]) -> str:
    """The name without its suffix and ethnic names (摆榔彝族布朗族乡 → 摆榔); '' if under 2 chars."""
    stem = next((name[: -len(s)] for s in SUFFIXES if name.endswith(s)), "")
    changed = True
    while changed:
        changed = False
        for g in groups:
            if stem.endswith(g) and len(stem) > len(g) + 1:
                stem, changed = stem[: -len(g)], True
    return stem if len(stem) >= 2 and stem != name else ""


def county_codes() -> tuple[dict[str, str], dict[tuple[str, str], str]]:
    """places.tsv county-level codes, and (prefecture code prefix, name) → code."""
    by_code, by_name = {}, {}
    with (HERE / "places.tsv").open(encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh, delimiter="\t"):
            if r["kind"] in ("county", "county-level-city", "district", "other"):
                by_code[r["code"]] = r["code"]
                by_name[(r["code"][:4], r["name"])] = r["code"]
    return by_code, by_name


def build_rows(tree: list[tuple[str, str, str]]) -> list[dict[str, str]]:
    by_code, by_name = county_codes()
    groups = nations()
    rows = {}
    for code, county, name in tree:
        key = by_code.get(code) or by_name.get((code[:4], county))
        if key and name.endswith(SUFFIXES):
            rows[(key, name)] = {"county": key, "name": name, "short": short_of(name, groups)}
    return [rows[k] for k in sorted(rows)]


def _path(cells: list[str]) -> list[str]:
    """Full names of a division's path: every other cell (name, short, name, short, …)."""
    return [c for i, c in enumerate(cells) if i % 2 == 0 and c]


def renamed_rows(wheel: Path) -> list[dict[str, str]]:
    """Names on one side of a change that places.tsv lacks, beside the row it has."""
    with zipfile.ZipFile(wheel) as whl:
        text = whl.read(CHANGES).decode("utf-8")
    rows: dict[str, dict[str, str]] = {}
    with (HERE / "places.tsv").open(encoding="utf-8", newline="") as fh:
        places = list(csv.DictReader(fh, delimiter="\t"))
    by_path = {}
    for r in places:
        by_path.setdefault(r["name"], []).append(r)
    for line in text.splitlines():
        if "=>" not in line:
            continue
        old, new = line.split("=>")
        cells = old.split("\t")
        changed, old_path, new_path = cells[0], _path(cells[2:]), [c for c in new.split("\t") if c]
        for have, lack in ((old_path, new_path), (new_path, old_path)):
            here = [r for r in by_path.get(have[-1], []) if r["kind"] != "province"]
            if len(here) == 1 and lack[-1] not in by_path and len(have) == len(lack):
                rows[lack[-1]] = {"code": here[0]["code"], "name": lack[-1], "kind": here[0]["kind"]
                                  if lack[-1][-1] == have[-1][-1] else _kind(lack[-1], here[0]["kind"]),
                                  "changed": changed, "key": f"{here[0]['code']}-{_slug(lack[-1])}"}
    return [rows[k] for k in sorted(rows)]


def _slug(name: str) -> str:
    """The pinyin slug kg uses in place IRIs (kg.script.pinyin_slug), computed here once."""
    sys.path.insert(0, str(HERE.parent.parent))
    from kg.script import pinyin_slug

    return pinyin_slug(name)


def _kind(name: str, kind: str) -> str:
    if kind in ("city", "province", "municipality"):
        return kind
    return {"县": "county", "区": "district", "市": "county-level-city", "旗": "county"}.get(name[-1], kind)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--wheel", type=Path, required=True, help="the jionlp wheel")
    ap.add_argument("--out", type=Path, default=HERE / "townships.tsv")
    args = ap.parse_args(argv)
    rows = build_rows(read_tree(args.wheel))
    with args.out.open("w", encoding="utf-8", newline="") as fh:
        fh.write("# Townships (乡/镇/街道/苏木) by county code; source jionlp (Apache-2.0), see README.md\n")
        writer = csv.DictWriter(fh, fieldnames=COLUMNS, delimiter="\t", lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"wrote {len(rows)} townships to {args.out}", file=sys.stderr)
    renamed = renamed_rows(args.wheel)
    with (args.out.parent / "renamed.tsv").open("w", encoding="utf-8", newline="") as fh:
        fh.write("# Other names of divisions (before or after a change); source jionlp (Apache-2.0), see README.md\n")
        writer = csv.DictWriter(fh, fieldnames=RENAMED_COLUMNS, delimiter="\t", lineterminator="\n")
        writer.writeheader()
        writer.writerows(renamed)
    print(f"wrote {len(renamed)} other names to renamed.tsv", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
