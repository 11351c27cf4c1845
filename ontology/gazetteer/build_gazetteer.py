#!/usr/bin/env python3
"""Build `places.tsv`, the national gazetteer, from cpca's `resources/adcodes.csv`.

A development script, not part of the package: run it with a Python that has `cpca`
and `opencc` installed, then commit the regenerated `places.tsv` (it is package data).

    python ontology/gazetteer/build_gazetteer.py            # finds cpca's copy
    python ontology/gazetteer/build_gazetteer.py --adcodes adcodes.csv --out places.tsv

Codes follow GB/T 2260 (six digits: province, prefecture, county). The source's
placeholder rows (市辖区, 县, 省直辖县级行政区划) are not places: they are dropped and
their children attached to the province or municipality above them.
"""
from __future__ import annotations

import argparse
import csv
import importlib.util
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
COLUMNS = ("code", "name", "name_hant", "kind", "parent", "short", "lat", "long")
MUNICIPALITIES = {"11", "12", "31", "50"}
PLACEHOLDERS = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}
PROVINCE_SUFFIXES = ("特别行政区", "自治区", "省", "市")
CITY_SUFFIXES = ("自治州", "地区", "市", "盟")
COUNTY_SUFFIXES = ("自治县", "自治旗", "新区", "矿区", "县", "区", "市", "旗")
BANNER_PARTS = ("左", "右", "前", "中", "后", "联合")  # 巴林左旗, 乌拉特后旗: no short form
OTHER_SUFFIXES = ("林区", "特区")
# OpenCC's s2t writes its own standard variants (峯, 羣, 啓, 爲) and reads 里 in some place
# names as 裏; traditional-script news uses the common forms. Checked by eye.
HANT_VARIANTS = str.maketrans({"峯": "峰", "羣": "群", "啓": "啟", "爲": "為"})
HANT_OVERRIDES = {
    "湖里区": "湖里區", "湾里区": "灣里區", "江干区": "江干區", "凌河区": "凌河區", "岳普湖县": "岳普湖縣",
}


def cpca_resource(name: str) -> Path:
    """Path of a file in the installed cpca package's resources/ folder (no import)."""
    spec = importlib.util.find_spec("cpca")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("cpca is not installed; pip install cpca, or pass --adcodes/--nations")
    return Path(next(iter(spec.submodule_search_locations))) / "resources" / name


def read_source(path: Path) -> dict[str, dict[str, str]]:
    """Rows of adcodes.csv keyed by 6-digit code, placeholders removed."""
    with path.open(encoding="utf-8", newline="") as fh:
        rows = {r["adcode"][:6]: r for r in csv.DictReader(fh)}
    return {code: r for code, r in sorted(rows.items()) if r["name"].strip() not in PLACEHOLDERS}


def read_nations(path: Path) -> tuple[str, ...]:
    """Ethnic group names, each with and without 族, longest first."""
    names = {n.strip() for n in path.read_text(encoding="utf-8").splitlines() if n.strip()}
    forms = names | {n[:-1] for n in names if n.endswith("族") and len(n) > 2}
    return tuple(sorted(forms | {"各族"}, key=len, reverse=True))


def level(code: str) -> str:
    """'province', 'prefecture' or 'county' from the shape of a GB/T 2260 code."""
    if code[2:] == "0000":
        return "province"
    return "prefecture" if code[4:] == "00" else "county"


def kind_of(code: str, name: str) -> str:
    """Kind of division: province, municipality, city, county, county-level-city, district, other."""
    lev = level(code)
    if lev == "province":
        return "municipality" if code[:2] in MUNICIPALITIES else "province"
    if lev == "prefecture":
        return "city" if name.endswith(CITY_SUFFIXES) else "other"
    if name.endswith("特区") or (name.endswith("林区") and code[2:4] == "90"):
        return "other"  # 六枝特区; 神农架林区 (a forestry district directly under Hubei)
    if name.endswith(("县", "旗")):
        return "county"
    if name.endswith("市"):
        return "county-level-city"
    return "district" if name.endswith("区") else "other"


def parent_of(code: str, codes: set[str]) -> str:
    """Nearest existing ancestor code (prefecture, else province); '' for a province."""
    lev = level(code)
    if lev == "province":
        return ""
    prefecture, province = code[:4] + "00", code[:2] + "0000"
    if lev == "county" and prefecture in codes:
        return prefecture
    if province not in codes:
        raise ValueError(f"{code}: no province {province} in the source")
    return province


def strip_ethnic(stem: str, nations: tuple[str, ...]) -> str:
    """Remove trailing ethnic names (苗族侗族, 哈萨克, 各族) while two characters remain."""
    changed = True
    while changed:
        changed = False
        for nation in nations:
            if stem.endswith(nation) and len(stem) - len(nation) >= 2:
                stem, changed = stem[: -len(nation)], True
                break
    if stem.endswith("族") and stem[:-1] in nations:  # 东乡族自治县 → 东乡
        stem = stem[:-1]
    return stem


def short_of(code: str, name: str, nations: tuple[str, ...]) -> str:
    """Common short form (临汾, 黔东南, 乡宁, 峰峰), or '' when unsuffixed or one character."""
    suffixes = {"province": PROVINCE_SUFFIXES, "prefecture": CITY_SUFFIXES}.get(level(code), COUNTY_SUFFIXES)
    if kind_of(code, name) == "other":
        suffixes = OTHER_SUFFIXES
    for suffix in (s for s in suffixes if name.endswith(s)):
        stem = name[: -len(suffix)]
        if suffix.startswith("自治") or stem.endswith("族"):  # 梅里斯达斡尔族区 → 梅里斯
            stem = strip_ethnic(stem, nations)
        if suffix == "旗" and stem.endswith(BANNER_PARTS):
            return ""
        if len(stem) >= 2:
            return stem
    return ""


def traditional(name: str, s2t) -> str:
    """Traditional-script form of a simplified place name (OpenCC s2t, common variants)."""
    return HANT_OVERRIDES.get(name) or s2t(name).translate(HANT_VARIANTS)


def coordinate(value: str) -> str:
    """A longitude/latitude with at most six decimals, or '' when missing."""
    value = (value or "").strip()
    return f"{float(value):.6f}".rstrip("0").rstrip(".") if value else ""


def build_rows(source: dict[str, dict[str, str]], nations: tuple[str, ...]) -> list[dict[str, str]]:
    """One gazetteer row per division, parents checked to exist."""
    import opencc

    s2t = opencc.OpenCC("s2t").convert
    codes = set(source)
    out = []
    for code, r in source.items():
        name = r["name"].strip()
        out.append({
            "code": code, "name": name, "name_hant": traditional(name, s2t), "kind": kind_of(code, name),
            "parent": parent_of(code, codes), "short": short_of(code, name, nations),
            "lat": coordinate(r["latitude"]), "long": coordinate(r["longitude"]),
        })
    return out


def write_tsv(rows: list[dict[str, str]], path: Path) -> None:
    """Write the rows as UTF-8 TSV with a header row and LF line ends."""
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=COLUMNS, delimiter="\t", lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--adcodes", type=Path, help="cpca's adcodes.csv (default: the installed copy)")
    ap.add_argument("--nations", type=Path, help="cpca's 56_nations.csv (default: the installed copy)")
    ap.add_argument("--out", type=Path, default=HERE / "places.tsv", help="output TSV (default: %(default)s)")
    args = ap.parse_args(argv)
    source = read_source(args.adcodes or cpca_resource("adcodes.csv"))
    nations = read_nations(args.nations or cpca_resource("56_nations.csv"))
    rows = build_rows(source, nations)
    write_tsv(rows, args.out)
    print(f"wrote {len(rows)} places to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
