#!/usr/bin/env python3
"""Score the extractor on annotated articles, in one process (fast enough to run after every change).

    python eval/devscore.py [ARTICLES_DIR GOLD_DIR] [--misses] [--only d01,d02] [--json OUT] [--scorer ours|DIR]
    python eval/devscore.py --suite        (`make eval`: the seed, the test fixtures, the dev corpus and
                                            the articles in eval/extra/ and eval/blind/)

Each article is built with the library (read → clean → extract → graph), written to a temporary
Turtle file and queried with the saved queries, exactly as `kg build` and `kg query --format csv`
would; the rows are then matched against the gold. The scorer is the evaluation's own `score.py`
(in ../shared/eval beside the clone, or the folder given with --scorer DIR) when it is there, and
the project's eval/scoring.py otherwise or with `--scorer ours`; the first line printed says which.
The two give the same figures (tests/test_eval.py). Without arguments it scores the development
corpus; the seed's gold and the development corpus live only in ../shared/eval, and `--suite`
leaves them out, with a note, when that folder is absent.
"""
from __future__ import annotations

import argparse
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


OURS = HERE / "scoring.py"


def _load(path: Path, name: str):
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None or not path.is_file():
        raise SystemExit(f"no scorer at {path}")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def load_scorer(eval_dir: Path):
    """The evaluation's scorer, `score.py` in eval_dir."""
    return _load(eval_dir / "score.py", "fupin_score")


def load_ours():
    """The project's scorer, eval/scoring.py."""
    return _load(OURS, "fupin_scoring")


def choose_scorer(choice: str | None = None, eval_dir: Path | None = None):
    """(scorer module, the line that says which): `ours`, the score.py in a folder given by name,
    or by default the shared one in eval_dir (../shared/eval) when it is there and ours otherwise."""
    if choice == "ours":
        return load_ours(), f"scorer: ours ({OURS.relative_to(ROOT)}, forced with --scorer ours)"
    where = Path(choice) if choice else (eval_dir or DEFAULT_EVAL)
    if choice or (where / "score.py").is_file():
        return load_scorer(where), f"scorer: shared ({where / 'score.py'})"
    return load_ours(), f"scorer: ours ({OURS.relative_to(ROOT)}; no score.py in {where})"


def _kg(args: list[str]) -> str:
    """Run a `kg` command in this process; its stdout, or an error with its message."""
    with redirect_stdout(io.StringIO()) as out, redirect_stderr(io.StringIO()) as err:
        rc = kg_main(args)
    if rc != 0:
        raise RuntimeError(f"kg {args[0]}: {err.getvalue().strip()[-300:]}")
    return out.getvalue()


def query_csv(article: Path, tmp: Path) -> dict[str, str]:
    """The CSV each saved query (and `articles`) prints for one article, as `kg build` + `kg query
    --format csv` give them."""
    out = tmp / "graph.ttl"
    _kg(["build", str(article), "-o", str(out)])
    return {name: _kg(["query", name, "--graph", str(out), "--format", "csv"]) for name in QUERIES + ("articles",)}


_built: dict[tuple[str, int], dict[str, str]] = {}  # (article, mtime) → its queries' CSV: built once per process
_reader = None


def rows_for(article: Path, tmp: Path) -> dict[str, list[dict]]:
    """Rows of the saved queries for one article, read from their CSV by eval/scoring.py (the
    publication date as one more event)."""
    global _reader
    key = (str(article.resolve()), article.stat().st_mtime_ns)
    if key not in _built:
        _built[key] = query_csv(article, tmp)
    if _reader is None:
        _reader = load_ours()
    return _reader.rows_from_csv(_built[key])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("articles", nargs="?", type=Path, default=DEFAULT_EVAL / "dev" / "articles")
    ap.add_argument("gold", nargs="?", type=Path, default=DEFAULT_EVAL / "dev" / "gold")
    ap.add_argument("--scorer", default=None,
                    help="`ours` (eval/scoring.py), or a folder holding score.py; by default ../shared/eval's "
                         "score.py when present, ours otherwise")
    ap.add_argument("--misses", action="store_true")
    ap.add_argument("--only", default="", help="comma-separated article name prefixes")
    ap.add_argument("--json", type=Path, help="also write the per-article scores here")
    ap.add_argument("--suite", action="store_true", help="score the seed, the fixtures and the dev corpus")
    a = ap.parse_args(argv)
    sc, which = choose_scorer(a.scorer)
    print(which, flush=True)
    if a.suite:
        return suite(sc, Path(a.scorer) if a.scorer and a.scorer != "ours" else DEFAULT_EVAL)
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
        print(f"no article with a gold file ({a.articles}, {a.gold})"
              + ("" if a.articles.exists() else "; the development corpus is in ../shared/eval/dev, beside the clone"),
              file=sys.stderr)
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
    """The seed, the fixtures, the dev corpus (tuning half, held-out half, all), eval/extra, eval/blind.

    The seed's gold and the dev corpus are in eval_dir (../shared/eval): without it they are left
    out, with a note."""
    seeds = [(a, eval_dir / "gold" / f"{a.stem}.json") for a in sorted((ROOT / "seeds").glob("*.txt"))]
    fixtures = [(a, a.with_suffix(".json")) for a in sorted((ROOT / "tests" / "fixtures").glob("*.txt"))]
    dev = eval_dir / "dev"
    devs = [(a, dev / "gold" / f"{a.stem}.json") for a in sorted((dev / "articles").glob("*.txt"))]
    def folder(name: str) -> list[tuple[Path, Path]]:
        return [(a, HERE / name / "gold" / f"{a.stem}.json") for a in sorted((HERE / name / "articles").glob("*.txt"))]

    figures = {}
    if not (eval_dir / "gold").is_dir() or not (eval_dir / "dev").is_dir():
        print(f"\nseed, dev: left out, as their gold is in {eval_dir}, which is not there "
              "(the evaluation folder beside the clone)")
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
        return [("e17-e24", [k for k in per if k[:3] <= "e24"]),
                ("e25-e32", [k for k in per if "e24" < k[:3] <= "e32"]),
                ("e33-e40", [k for k in per if "e32" < k[:3] <= "e40"])]
    return []


if __name__ == "__main__":
    sys.exit(main())
