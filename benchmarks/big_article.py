"""Build time of one long article against its length (#17.24), up to the reader's limit.

The article is the seed's body repeated (`make bench` runs this as part of benchmarks/run.py;
`python benchmarks/big_article.py` runs it alone). Each size is one cold `kg build`, timed from
process start to exit; the exponent is the slope of log(seconds) over log(characters). A 20 MB
file, which used to take 19 minutes, is timed too: it is refused before any extraction.
"""
from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(1, str(ROOT))
HEADER = "临汾:脱贫攻坚捷报频传\n\n2017-10-17 09:07:20 来源:临汾新闻网\n\n"


def long_article(chars: int) -> str:
    body = (ROOT / "seeds" / "linfen-2017-10-17.txt").read_text(encoding="utf-8").split("\n\n", 2)[2]
    paragraphs = [p for p in body.split("\n\n") if p.strip()]
    parts, size, i = [HEADER], len(HEADER), 0
    while size + len(paragraphs[i % len(paragraphs)]) + 2 <= chars:
        parts.append("\n\n" + paragraphs[i % len(paragraphs)])
        size += len(parts[-1])
        i += 1
    return "".join(parts)


def bench_big_article(kg: list[str], work: Path, *, smoke: bool = False) -> dict:
    """Cold build seconds and peak memory per article length, the fitted exponent, and the 20 MB refusal."""
    from run import fit_exponent, timed  # benchmarks/run.py

    from kg.text.read import MAX_TEXT_CHARS

    work.mkdir(parents=True, exist_ok=True)
    sizes = [25_000, 50_000] if smoke else [25_000, 50_000, 100_000, MAX_TEXT_CHARS]
    rows = []
    for chars in sizes:
        path = work / f"long-{chars}.txt"
        text = long_article(chars)
        path.write_text(text, encoding="utf-8")
        r = timed([*kg, "build", str(path), "-o", str(work / f"long-{chars}.ttl"), "--force"])
        rows.append({"chars": len(text), "mb": path.stat().st_size / 1e6, "seconds": r["seconds"],
                     "maxrss_mb": r["maxrss_mb"]})
    huge = work / "long-20mb.txt"
    with huge.open("w", encoding="utf-8") as fh:
        unit = long_article(40_000)
        while fh.tell() < (2_000_000 if smoke else 19_900_000):
            fh.write(unit)
    start = time.perf_counter()
    done = subprocess.run([*kg, "build", str(huge), "-o", str(work / "long-20mb.ttl")], capture_output=True, text=True)
    refused = {"mb": huge.stat().st_size / 1e6, "seconds": time.perf_counter() - start, "exit": done.returncode,
               "message": done.stderr.splitlines()[0] if done.stderr else ""}
    huge.unlink()
    return {"limit_chars": MAX_TEXT_CHARS, "rows": rows,
            "exponent": fit_exponent([r["chars"] for r in rows], [r["seconds"] for r in rows]),
            "refused_20mb": refused}


def lines(b: dict) -> list[str]:
    out = ["", f"one long article (the reader's limit: {b['limit_chars']:,} characters)",
           f"{'chars':>9} {'MB':>6} {'seconds':>8} {'RSS max':>8}"]
    out += [f"{r['chars']:>9} {r['mb']:>6.2f} {r['seconds']:>8.2f} {r['maxrss_mb']:>7.0f}M" for r in b["rows"]]
    f = b["refused_20mb"]
    out.append(f"growth exponent (log-log fit): {b['exponent']:.2f}; a {f['mb']:.1f} MB article is refused "
               f"in {f['seconds']:.2f} s (exit {f['exit']})")
    return out


if __name__ == "__main__":
    from run import kg_command

    result = bench_big_article(kg_command(), ROOT / "out" / "bench" / "long", smoke="--smoke" in sys.argv)
    print("\n".join(lines(result)))
    print(json.dumps(result, ensure_ascii=False, indent=1))
