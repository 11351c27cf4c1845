#!/usr/bin/env python3
"""Score the extractor on annotated articles, in one process (fast enough to run after every change).

    python eval/devscore.py [ARTICLES_DIR GOLD_DIR] [--misses] [--only d01,d02] [--json OUT]
    python eval/devscore.py --suite        (`make eval`: the seed, the test fixtures, the dev corpus and
                                            the articles in eval/extra/ and eval/blind/)

Each article is built with the library (read → clean → extract → graph), written to a temporary
Turtle file and queried with the saved queries, exactly as `kg build` and `kg query --format csv`
would; the rows are then matched against the gold with the evaluation scorer's own rules
(`score.py` beside the gold folders). Without arguments it scores the development corpus.
"""
from __future__ import annotations

import argparse
import csv
import importlib.util
import io
import json
import sys
import tempfile
from pathlib import Path

from contextlib import redirect_stderr, redirect_stdout

from kg.cli import main as kg_main

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DEFAULT_EVAL = HERE.parent.parent / "shared" / "eval"
QUERIES = ("officials", "places", "funding", "events", "statistics", "initiatives")


def load_scorer(eval_dir: Path):
    spec = importlib.util.spec_from_file_location("fupin_score", eval_dir / "score.py")
    if spec is None or spec.loader is None or not (eval_dir / "score.py").is_file():
        raise SystemExit(f"no scorer at {eval_dir / 'score.py'}")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _kg(args: list[str]) -> str:
    """Run a `kg` command in this process; its stdout, or an error with its message."""
    with redirect_stdout(io.StringIO()) as out, redirect_stderr(io.StringIO()) as err:
        rc = kg_main(args)
    if rc != 0:
        raise RuntimeError(f"kg {args[0]}: {err.getvalue().strip()[-300:]}")
    return out.getvalue()


def rows_for(article: Path, tmp: Path) -> dict[str, list[dict]]:
    """Rows of the saved queries for one article, as `kg build` + `kg query --format csv` give them."""
    out = tmp / "graph.ttl"
    _kg(["build", str(article), "-o", str(out)])
    rows: dict[str, list[dict]] = {}
    for name in QUERIES + ("articles",):
        rows[name] = list(csv.DictReader(io.StringIO(_kg(["query", name, "--graph", str(out), "--format", "csv"]))))
    for a in rows.pop("articles"):
        if a.get("published"):
            rows["events"].append({"event": (a.get("article") or "") + "#published",
                                   "label": "文章发布", "date": a["published"]})
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("articles", nargs="?", type=Path, default=DEFAULT_EVAL / "dev" / "articles")
    ap.add_argument("gold", nargs="?", type=Path, default=DEFAULT_EVAL / "dev" / "gold")
    ap.add_argument("--scorer", type=Path, default=DEFAULT_EVAL, help="folder holding score.py")
    ap.add_argument("--misses", action="store_true")
    ap.add_argument("--only", default="", help="comma-separated article name prefixes")
    ap.add_argument("--json", type=Path, help="also write the per-article scores here")
    ap.add_argument("--suite", action="store_true", help="score the seed, the fixtures and the dev corpus")
    a = ap.parse_args(argv)
    sc = load_scorer(a.scorer)
    if a.suite:
        return suite(sc, a.scorer)
    only = [s for s in a.only.split(",") if s]
    arts = [a.articles] if a.articles.is_file() else sorted(a.articles.glob("*.txt"))
    pairs = []
    for art in arts:
        if only and not any(art.stem.startswith(o) for o in only):
            continue
        g = a.gold if a.gold.is_file() else a.gold / f"{art.stem}.json"
        if g.exists():
            pairs.append((art, g))
    per = score_pairs(sc, pairs, misses=a.misses)
    if not per:
        print("no article with a gold file", file=sys.stderr)
        return 1
    overall = report(per)
    print(f"macro F1: {overall:.3f}")
    if a.json:
        macro = {k: sum(v["f1"] for v in r.values()) / len(r) for k, r in per.items()}
        a.json.write_text(json.dumps({"articles": macro, "macro_f1": overall}, ensure_ascii=False, indent=1),
                          encoding="utf-8")
    return 0


def score_pairs(sc, pairs: list[tuple[Path, Path]], *, misses: bool = False) -> dict[str, dict]:
    """Scores per article for (article, gold) pairs."""
    per: dict[str, dict] = {}
    for art, g in pairs:
        with tempfile.TemporaryDirectory() as d:
            try:
                rows = rows_for(art, Path(d))
            except Exception as exc:  # a failing article scores zero, and says why
                print(f"{art.name}: {exc}", file=sys.stderr)
                rows = {n: [] for n in QUERIES}
        miss: dict = {}
        per[art.stem] = sc.score(json.loads(g.read_text(encoding="utf-8")), rows, miss)
        if misses:
            print(f"\n=== {art.stem}")
            sc.print_misses(miss)
    return per


def report(per: dict[str, dict], *, title: str = "article") -> float:
    """Print one line per article and the means; return the mean macro F1."""
    cats = list(next(iter(per.values())))
    macro = {k: sum(v["f1"] for v in r.values()) / len(r) for k, r in per.items()}
    means = {c: sum(r[c]["f1"] for r in per.values()) / len(per) for c in cats}
    overall = sum(macro.values()) / len(macro)
    w = max(len(k) for k in list(per) + [title])
    print(f"\n{title:{w}}  " + " ".join(f"{c[:8]:>8}" for c in cats) + "   macro")
    for k, r in per.items():
        print(f"{k:{w}}  " + " ".join(f"{r[c]['f1']:8.2f}" for c in cats) + f"   {macro[k]:.3f}")
    print(f"{'mean':{w}}  " + " ".join(f"{means[c]:8.2f}" for c in cats) + f"   {overall:.3f}")
    return overall


def suite(sc, eval_dir: Path) -> int:
    """The seed, the fixtures, the dev corpus (tuning half, held-out half, all)."""
    seeds = [(a, eval_dir / "gold" / f"{a.stem}.json") for a in sorted((ROOT / "seeds").glob("*.txt"))]
    fixtures = [(a, a.with_suffix(".json")) for a in sorted((ROOT / "tests" / "fixtures").glob("*.txt"))]
    dev = eval_dir / "dev"
    devs = [(a, dev / "gold" / f"{a.stem}.json") for a in sorted((dev / "articles").glob("*.txt"))]
    def folder(name: str) -> list[tuple[Path, Path]]:
        return [(a, HERE / name / "gold" / f"{a.stem}.json") for a in sorted((HERE / name / "articles").glob("*.txt"))]

    figures = {}
    for title, pairs in (("seed", seeds), ("fixtures", fixtures), ("dev", devs), ("extra", folder("extra")),
                         ("blind", folder("blind"))):
        pairs = [(a, g) for a, g in pairs if g.is_file()]
        if pairs:
            per = score_pairs(sc, pairs)
            figures[title] = report(per, title=title)
            for half, names in _halves(title, per):
                sub = [sum(v["f1"] for v in per[k].values()) / len(per[k]) for k in names]
                if sub:
                    figures[half] = sum(sub) / len(sub)
    print("\n" + "  ".join(f"{k} {v:.3f}" for k, v in figures.items()))
    return 0


def _halves(title: str, per: dict[str, dict]) -> list[tuple[str, list[str]]]:
    """The parts of a set reported on their own: the tuned and the held-out articles."""
    if title == "dev":
        return [("d01-d16", [k for k in per if k[:3] <= "d16"]), ("d17-d24", [k for k in per if k[:3] > "d16"])]
    if title == "blind":
        return [("e17-e24", [k for k in per if k[:3] <= "e24"]), ("e25-e32", [k for k in per if k[:3] > "e24"])]
    return []


if __name__ == "__main__":
    sys.exit(main())
