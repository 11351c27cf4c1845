#!/usr/bin/env python3
"""Cases on which the project's scorer (eval/scoring.py) is checked against the evaluation's
score.py (tests/test_eval.py).

Each case is a gold annotation and a set of query rows. Besides the rows an article really gives,
`variants` derives rows that exercise the rules where the extractor is already right: the same
rows in traditional script, rows with items dropped, values off by less and by more than the
tolerance, dates cut to the month or year, suffixes added or dropped, posts and names shortened;
and no rows at all.

`eval/scorer-reference.json` keeps, for the articles of the in-project sets (eval/extra and
eval/blind) when it was written, the gold, the rows as built and the figures score.py gave on each
variant, so that a clone without ../shared/eval still checks ours against it; written with

    python eval/agreement.py --record        (needs ../shared/eval/score.py)
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import tempfile
from collections.abc import Mapping
from pathlib import Path

from kg.text.script import to_traditional

HERE = Path(__file__).resolve().parent
REFERENCE = HERE / "scorer-reference.json"
IN_PROJECT = ("extra", "blind")


def _devscore():
    spec = importlib.util.spec_from_file_location("devscore", HERE / "devscore.py")
    mod = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(mod)  # type: ignore[union-attr]
    return mod


def _number(value: object) -> float | None:
    try:
        return float(str(value).replace(",", "").strip()) if value is not None else None
    except ValueError:
        return None


def _traditional(rows: Mapping[str, list[dict]]) -> dict[str, list[dict]]:
    return {q: [{k: to_traditional(v) if isinstance(v, str) else v for k, v in r.items()} for r in rs]
            for q, rs in rows.items()}


def _perturbed(rows: Mapping[str, list[dict]]) -> dict[str, list[dict]]:
    """Every fourth row dropped, and each kind of value changed on some of the others."""
    out: dict[str, list[dict]] = {}
    for q, rs in rows.items():
        kept = []
        for i, row in enumerate(rs):
            if i % 4 == 3:
                continue
            r = dict(row)
            if q == "funding" and _number(r.get("value_cny")) is not None:
                r["value_cny"] = repr(_number(r["value_cny"]) * (1.0008 if i % 2 else 1.003))  # type: ignore[operator]
            elif q == "statistics" and _number(r.get("value")) is not None:
                if i % 3 == 0:
                    r["value"] = repr(_number(r["value"]) + 1)  # type: ignore[operator]
                if i % 3 == 1 and r.get("unit"):
                    r["unit"] = str(r["unit"])[:1] + "个"
            elif q == "events" and r.get("date"):
                r["date"] = str(r["date"])[: (7, 4, 10)[i % 3]]
            elif q == "places" and r.get("name"):
                name = str(r["name"])
                r["name"] = name[:-1] if i % 2 and len(name) > 2 else name + ("县" if i % 3 else "市")
            elif q == "officials" and r.get("post") and i % 2:
                r["post"] = str(r["post"])[-2:]
            elif q == "initiatives" and r.get("name") and i % 2:
                r["name"] = str(r["name"])[: len(str(r["name"])) // 2 + 1]
            kept.append(r)
        if rs:
            kept.append(dict(rs[0]))  # a repeated row
        out[q] = kept
    return out


def variants(rows: Mapping[str, list[dict]]) -> dict[str, dict[str, list[dict]]]:
    """The rows as given, in traditional script, perturbed, perturbed in traditional, and none."""
    perturbed = _perturbed(rows)
    return {"as built": {q: list(rs) for q, rs in rows.items()}, "traditional": _traditional(rows),
            "perturbed": perturbed, "perturbed traditional": _traditional(perturbed),
            "no rows": {q: [] for q in rows}}


def largest_difference(a: Mapping[str, Mapping], b: Mapping[str, Mapping]) -> float:
    """The largest difference between two scorers' figures; AssertionError when they differ in kind
    (categories, fields, a precision given by one and not the other)."""
    assert list(a) == list(b), f"categories differ: {list(a)} / {list(b)}"
    worst = 0.0
    for cat in a:
        assert set(a[cat]) == set(b[cat]), f"{cat}: fields differ"
        for field, x in a[cat].items():
            y = b[cat][field]
            assert (x is None) == (y is None), f"{cat}.{field}: {x} / {y}"
            if x is not None:
                worst = max(worst, abs(x - y))
    return worst


def in_project_pairs() -> list[tuple[Path, Path]]:
    return [(a, HERE / s / "gold" / f"{a.stem}.json") for s in IN_PROJECT
            for a in sorted((HERE / s / "articles").glob("*.txt")) if (HERE / s / "gold" / f"{a.stem}.json").is_file()]


def record(path: Path = REFERENCE) -> int:
    """Write the reference: per in-project article its gold, its rows as built, and the figures of
    score.py on each variant of those rows."""
    ds = _devscore()
    shared = ds.load_scorer(ds.DEFAULT_EVAL)
    cases = []
    for article, gold_path in in_project_pairs():
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        with tempfile.TemporaryDirectory() as d:
            rows = ds.rows_for(article, Path(d))
        cases.append({"article": article.stem, "gold": gold, "rows": rows,
                      "figures": {name: shared.score(gold, v, {}) for name, v in variants(rows).items()}})
    path.write_text(json.dumps({"about": "figures of the evaluation's score.py, written by eval/agreement.py --record",
                                "cases": cases}, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"{len(cases)} articles, {sum(len(c['figures']) for c in cases)} cases written to {path}")
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--record", action="store_true", help=f"write {REFERENCE.name} (needs ../shared/eval)")
    a = ap.parse_args(argv)
    if a.record:
        return record()
    ap.print_help()
    return 0


if __name__ == "__main__":
    sys.exit(main())
