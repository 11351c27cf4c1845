"""Build time and memory of one long article against its size (#17.24).

The article is the seed's body repeated to 0.2, 1, 5 and 20 MB (`make bench` runs this as part of
benchmarks/run.py; `python benchmarks/big_article.py` runs it alone, `--smoke` at 0.2 and 0.5 MB).
Each size is one cold `kg build`, timed from process start to exit (wall and CPU seconds, peak
RSS); the exponent is the slope of log(seconds) over log(size). A text longer than
`kg.extract.segments.SEGMENT_CHARS` is extracted segment by segment, so the exponent is about 1
(a 19.9 MB article used to take 19 minutes and 5 GB). A file over the reader's 20 MB limit is
refused before any extraction; that is timed too.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(1, str(ROOT))
HEADER = "临汾:脱贫攻坚捷报频传\n\n2017-10-17 09:07:20 来源:临汾新闻网\n\n"
SIZES_MB = (0.2, 1, 5, 20)


def _paragraphs() -> list[str]:
    body = (ROOT / "seeds" / "linfen-2017-10-17.txt").read_text(encoding="utf-8").split("\n\n", 2)[2]
    return [p for p in body.split("\n\n") if p.strip()]


def long_article(chars: int) -> str:
    """The seed's paragraphs repeated to at most `chars` characters, under the seed's header."""
    paragraphs = _paragraphs()
    parts, size, i = [HEADER], len(HEADER), 0
    while size + len(paragraphs[i % len(paragraphs)]) + 2 <= chars:
        parts.append("\n\n" + paragraphs[i % len(paragraphs)])
        size += len(parts[-1])
        i += 1
    return "".join(parts)


def write_article(path: Path, size_bytes: int) -> int:
    """The seed's paragraphs repeated to `size_bytes` of UTF-8 (20 MB: 9.7 million characters)."""
    paragraphs = _paragraphs()
    chars = 0
    with path.open("w", encoding="utf-8") as fh:
        fh.write(HEADER.rstrip("\n"))
        chars += len(HEADER.rstrip("\n"))
        i = 0
        while fh.tell() < size_bytes - 8_000:
            fh.write("\n\n" + paragraphs[i % len(paragraphs)])
            chars += 2 + len(paragraphs[i % len(paragraphs)])
            i += 1
    return chars


def _run(args: list[str]) -> dict:
    """Wall and CPU seconds and peak RSS of one command (wait4)."""
    started = time.perf_counter()
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    stderr = proc.stderr.read().decode("utf-8", "replace") if proc.stderr else ""
    _, status, usage = os.wait4(proc.pid, 0)
    return {"seconds": time.perf_counter() - started, "cpu_seconds": usage.ru_utime + usage.ru_stime,
            "maxrss_mb": usage.ru_maxrss / 1024, "exit": os.waitstatus_to_exitcode(status), "stderr": stderr}


def bench_big_article(kg: list[str], work: Path, *, smoke: bool = False) -> dict:
    """Cold build seconds and peak memory per article size, the fitted exponents, and the refusal
    of a file over the size limit."""
    from run import fit_exponent  # benchmarks/run.py

    from kg.extract.segments import SEGMENT_CHARS
    from kg.text.read import MAX_BYTES, MAX_TEXT_CHARS

    work.mkdir(parents=True, exist_ok=True)
    rows = []
    for mb in (0.2, 0.5) if smoke else SIZES_MB:
        path = work / f"long-{mb}mb.txt"
        chars = write_article(path, int(mb * 1_000_000))
        r = _run([*kg, "build", str(path), "-o", str(work / f"long-{mb}mb.ttl"), "--force"])
        if r["exit"] != 0:
            raise RuntimeError(f"building {path} failed ({r['exit']}):\n{r['stderr']}")
        rows.append({"mb": path.stat().st_size / 1e6, "chars": chars, "seconds": r["seconds"],
                     "cpu_seconds": r["cpu_seconds"], "maxrss_mb": r["maxrss_mb"]})
        path.unlink()
        (work / f"long-{mb}mb.ttl").unlink()
    huge = work / "long-over.txt"
    write_article(huge, MAX_BYTES + 200_000)
    r = _run([*kg, "build", str(huge), "-o", str(work / "long-over.ttl")])
    refused = {"mb": huge.stat().st_size / 1e6, "seconds": r["seconds"], "exit": r["exit"],
               "message": r["stderr"].splitlines()[0] if r["stderr"] else ""}
    huge.unlink()
    sizes = [r["mb"] for r in rows]
    return {"limit_chars": MAX_TEXT_CHARS, "segment_chars": SEGMENT_CHARS, "rows": rows,
            "exponent": fit_exponent(sizes, [r["seconds"] for r in rows]),
            "cpu_exponent": fit_exponent(sizes, [r["cpu_seconds"] for r in rows]),
            "refused": refused}


def lines(b: dict) -> list[str]:
    out = ["", f"one long article (segments of {b['segment_chars']:,} characters; the reader's limit: "
               f"{b['limit_chars']:,} characters, 20 MB)",
           f"{'MB':>6} {'chars':>10} {'seconds':>8} {'CPU s':>8} {'RSS max':>8}"]
    out += [f"{r['mb']:>6.2f} {r['chars']:>10,} {r['seconds']:>8.1f} {r['cpu_seconds']:>8.1f} {r['maxrss_mb']:>7.0f}M"
            for r in b["rows"]]
    f = b["refused"]
    out.append(f"size exponent (log-log fit): {b['exponent']:.2f} wall, {b['cpu_exponent']:.2f} CPU; "
               f"a {f['mb']:.1f} MB file is refused in {f['seconds']:.2f} s (exit {f['exit']})")
    return out


if __name__ == "__main__":
    from run import kg_command

    result = bench_big_article(kg_command(), ROOT / "out" / "bench" / "long", smoke="--smoke" in sys.argv)
    print("\n".join(lines(result)))
    print(json.dumps(result, ensure_ascii=False, indent=1))
