"""`make bench`: build, query, serialise and view timings; prints a table, writes out/bench.json.

    python benchmarks/run.py            # full run (~15 min on 2 cores)
    python benchmarks/run.py --smoke    # N = 5, one repetition (CI keeps the script working)

Corpora are synthetic (benchmarks/corpus.py): for scale, not for extraction quality.
Every `kg` step runs as a fresh process (`kg` next to this Python, else `python -m kg`),
timed from process start to exit.
"""
from __future__ import annotations

import argparse
import json
import math
import os
import platform
import re
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(1, str(ROOT))

from big_article import bench_big_article
from big_article import lines as big_article_lines
from corpus import write_corpus
import store as store_bench

TARGETS = {  # issue 6, on a 2-core machine
    "seed_build_s": 1.5,
    "seed_query_s": 1.0,
    "build_1000_s": 60.0,
    "growth_exponent": 1.1,
    "query_p50_max_ms": 100.0,
    "median_speedup_min": 20.0,
    "peak_rss_mb": 2048.0,
}
TARGETS.update({  # issue 14: reasoning, validation and a cold build
    "seed_build_s": 1.0,
    "seed_infer_s": 1.0,
    "infer_queries_1000_s": 15.0,
    "validate_1000_s": 60.0,
})


def kg_command() -> list[str]:
    exe = Path(sys.executable).with_name("kg")
    return [str(exe)] if exe.is_file() else [sys.executable, "-m", "kg"]


def _tree_rss_kb(pid: int) -> int:
    """Resident memory of a process and all its descendants (kB), from /proc."""
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            with open(f"/proc/{p}/status") as fh:
                total += next((int(line.split()[1]) for line in fh if line.startswith("VmRSS:")), 0)
            with open(f"/proc/{p}/task/{p}/children") as fh:
                todo.extend(int(c) for c in fh.read().split())
        except (OSError, ValueError):
            continue
    return total


def timed(args: list[str], *, cwd: Path = ROOT, ok: tuple[int, ...] = (0,)) -> dict:
    """Run a command; wall seconds, its own peak RSS (wait4) and the sampled peak of its process tree."""
    started = time.perf_counter()
    proc = subprocess.Popen(args, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = [0]
    done = threading.Event()

    def sample() -> None:
        while not done.wait(0.05):
            peak[0] = max(peak[0], _tree_rss_kb(proc.pid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    stderr = proc.stderr.read().decode("utf-8", "replace")
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    done.set()
    sampler.join()
    if proc.returncode not in ok:
        raise RuntimeError(f"{' '.join(args)} failed ({proc.returncode}):\n{stderr}")
    return {"seconds": seconds, "maxrss_mb": usage.ru_maxrss / 1024, "tree_rss_mb": peak[0] / 1024,
            "stderr": stderr}


def median_run(args: list[str], reps: int) -> dict:
    runs = [timed(args)["seconds"] for _ in range(reps)]
    return {"median_s": statistics.median(runs), "runs_s": runs}


def percentile(values: list[float], q: float) -> float:
    values = sorted(values)
    k = (len(values) - 1) * q
    lo, hi = math.floor(k), math.ceil(k)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


def fit_exponent(sizes: list[int], seconds: list[float]) -> float:
    """Slope of log(seconds) over log(articles), least squares."""
    xs, ys = [math.log(n) for n in sizes], [math.log(s) for s in seconds]
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)


# -- the measurements ----------------------------------------------------------

def bench_seed(kg: list[str], work: Path, reps: int) -> tuple[dict, dict, Path]:
    seed_out = work / "seed.ttl"
    build = median_run([*kg, "build", "seeds/", "-o", str(seed_out)], reps)
    query = median_run([*kg, "query", "officials", "--graph", str(seed_out), "--format", "csv"], reps)
    query["query"] = "officials"
    return build, query, seed_out


def bench_builds(kg: list[str], work: Path, sizes: list[int], jobs: int, seed: int) -> list[dict]:
    rows = []
    for n in sizes:
        folder = work / f"corpus-{n}"
        files = write_corpus(n, folder, seed=seed)
        size = sum(f.stat().st_size for f in files)
        out = work / f"corpus-{n}.trig"
        r = timed([*kg, "build", str(folder), "-o", str(out), "--jobs", str(jobs)])
        m = re.search(r"(\d+) article\(s\), (\d+) triples", r["stderr"])
        articles, triples = (int(m.group(1)), int(m.group(2))) if m else (0, 0)
        s = r["seconds"]
        rows.append({"articles": n, "built": articles, "input_mb": size / 1e6, "seconds": s,
                     "articles_per_s": n / s, "mb_per_s": size / 1e6 / s, "triples": triples,
                     "triples_per_s": triples / s, "maxrss_mb": r["maxrss_mb"],
                     "tree_rss_mb": r["tree_rss_mb"], "output": str(out), "output_mb": out.stat().st_size / 1e6})
    return rows


def _p(times: list[float]) -> tuple[float, float]:
    return percentile(times, 0.5) * 1e3, percentile(times, 0.95) * 1e3


def _time_query(run, text: str, graph, reps: int, budget: float, rows: bool = True) -> tuple[list[float], int]:
    """Run times (s) and the row count; a warm-up run first when there are repetitions."""
    times: list[float] = []
    if reps > 1:
        run(text, graph)
    while len(times) < reps and (not times or sum(times) < budget):
        t = time.perf_counter()
        res = run(text, graph)
        times.append(time.perf_counter() - t)
    return times, len(res.rows) if rows else 0


def _time_in_child(run, text: str, graph, reps: int, budget: float, timeout: float, rows: bool = True):
    """Like `_time_query`, in a forked child (it shares the loaded graph) killed after `timeout` s."""
    import multiprocessing as mp

    ctx = mp.get_context("fork")
    parent, child = ctx.Pipe(duplex=False)

    def work() -> None:
        child.send(_time_query(run, text, graph, reps, budget, rows))

    proc = ctx.Process(target=work, daemon=True)
    proc.start()
    got = parent.recv() if parent.poll(timeout) else None
    proc.kill()
    proc.join()
    return got


def bench_queries(trig: Path, reps: int, *, rdflib_reps: int, timeout: float) -> tuple[dict, object, object]:
    """Every saved query on both engines, same graph, same run.

    The first run of each query happens in a forked child (it shares the loaded graph)
    stopped after `timeout` seconds; a query that rdflib does not finish counts with
    rdflib at the timeout, so its speed-up is a lower bound. A query that Oxigraph does
    not finish either gets no speed-up.
    """
    import pyoxigraph as ox
    from rdflib import Graph

    from kg.store.saved import list_queries, ox_store, prepare, run_oxigraph, run_rdflib

    t = time.perf_counter()
    store = ox_store(trig)
    ox_load = time.perf_counter() - t
    t = time.perf_counter()
    nt = ox.serialize((ox.Triple(q.subject, q.predicate, q.object) for q in store), format=ox.RdfFormat.N_TRIPLES)
    graph = Graph().parse(data=nt.decode("utf-8"), format="nt")  # the union graph, as the CLI queries it
    del nt
    rdflib_load = time.perf_counter() - t
    results = []
    for q in list_queries():
        text = prepare(q, {p.name: p.example for p in q.params})
        row: dict = {"name": q.name}
        first = _time_in_child(run_oxigraph, text, store, 1, 0.0, timeout)
        if first is None:
            row.update(rows_oxigraph=None, oxigraph_timeout=True, oxigraph_p50_ms=timeout * 1e3,
                       oxigraph_p95_ms=None, oxigraph_runs=0)
        else:
            times, rows = _time_query(run_oxigraph, text, store, reps, budget=10.0) if reps > 1 else first
            o50, o95 = _p(times)
            row.update(rows_oxigraph=rows, oxigraph_timeout=False, oxigraph_p50_ms=o50, oxigraph_p95_ms=o95,
                       oxigraph_runs=len(times))
        got = _time_in_child(run_rdflib, text, graph, rdflib_reps, timeout, timeout)
        if got is None:
            row.update(rows_rdflib=None, rdflib_timeout=True, rdflib_p50_ms=timeout * 1e3, rdflib_p95_ms=None,
                       rdflib_runs=0)
        else:
            (r50, r95), rows = _p(got[0]), got[1]
            row.update(rows_rdflib=rows, rdflib_timeout=False, rdflib_p50_ms=r50, rdflib_p95_ms=r95,
                       rdflib_runs=len(got[0]))
        row["speedup"] = None if row["oxigraph_timeout"] else row["rdflib_p50_ms"] / row["oxigraph_p50_ms"]
        row["rows_match"] = (None if row["oxigraph_timeout"] or row["rdflib_timeout"]
                             else row["rows_oxigraph"] == row["rows_rdflib"])
        results.append(row)
        print(f"  {q.name}: oxigraph {row['oxigraph_p50_ms']:.1f} ms, rdflib {row['rdflib_p50_ms']:.0f} ms",
              file=sys.stderr, flush=True)
    speedups = [r["speedup"] for r in results if r["speedup"] is not None]
    out = {"graph": str(trig), "quads": len(store), "triples_union": len(graph), "oxigraph_load_s": ox_load,
           "rdflib_load_s": rdflib_load, "timeout_s": timeout, "results": results,
           "median_speedup": statistics.median(speedups) if speedups else None,
           "max_oxigraph_p50_ms": max(r["oxigraph_p50_ms"] for r in results),
           "queries_over_100ms": sorted(r["name"] for r in results if r["oxigraph_p50_ms"] > 100),
           "engines_disagree": sorted(r["name"] for r in results if r["rows_match"] is False)}
    return out, store, graph


def bench_turtle(graph, store, *, timeout: float) -> dict:
    """Turtle of the merged graph: Oxigraph's serialiser, rdflib's, and the writer `kg build` uses."""
    import pyoxigraph as ox

    from kg.rdf.writer import CorpusBuild, serialize_corpus
    from kg.model.namespaces import PREFIXES

    prefixes = {p: str(ns) for p, ns in PREFIXES.items()}
    t = time.perf_counter()
    triples = {ox.Triple(q.subject, q.predicate, q.object) for q in store}
    data = ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=prefixes)
    ox_s = time.perf_counter() - t
    nt = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
    lines = b"".join(sorted(set(nt.splitlines(keepends=True))))
    del triples, nt
    t = time.perf_counter()
    serialize_corpus(CorpusBuild(chunks=[("x", lines)]), "turtle", base="")
    kg_s = time.perf_counter() - t
    got = _time_in_child(lambda _text, g: g.serialize(format="turtle", encoding="utf-8"), "", graph, 1, 0.0,
                         timeout, rows=False)
    return {"triples": len(graph), "oxigraph_s": ox_s, "rdflib_s": timeout if got is None else got[0][0],
            "rdflib_timeout": got is None, "kg_writer_s": kg_s, "oxigraph_mb": len(data) / 1e6}


def bench_infer_validate(kg: list[str], seed_graph: Path, corpus_graph: Path, store, reps: int,
                         jobs: int) -> dict:
    """`--infer` on the seed (a cold `kg query`); on the corpus, the rules once (kg.rdf.infer on
    the loaded store) and then every saved query; `kg validate` of the corpus (exit 1 allowed:
    the synthetic corpus need not conform)."""
    from kg.rdf.infer import materialise
    from kg.store.saved import list_queries, prepare, run_oxigraph

    seed = median_run([*kg, "query", "places", "--infer", "--graph", str(seed_graph), "--format", "csv"], reps)
    quads = len(store)
    t = time.perf_counter()
    materialise(store)
    rules_s = time.perf_counter() - t
    t = time.perf_counter()
    for q in list_queries():
        run_oxigraph(prepare(q, {p.name: p.example for p in q.params}), store)
    queries_s = time.perf_counter() - t
    v = timed([*kg, "validate", str(corpus_graph), "--jobs", str(jobs)], ok=(0, 1))
    return {"seed_infer_s": seed["median_s"], "seed_infer_runs_s": seed["runs_s"], "quads": quads,
            "inferred": len(store) - quads, "rules_s": rules_s, "queries_s": queries_s,
            "infer_queries_s": rules_s + queries_s, "validate_s": v["seconds"],
            "validate_rss_mb": v["tree_rss_mb"] or v["maxrss_mb"]}


def bench_viz(kg: list[str], work: Path, seed_graph: Path, corpus_graph: Path, reps: int) -> dict:
    seed = median_run([*kg, "viz", str(seed_graph), "-o", str(work / "seed.html")], reps)
    corpus = timed([*kg, "viz", str(corpus_graph), "-o", str(work / "corpus.html")])
    return {"seed_s": seed["median_s"], "seed_runs_s": seed["runs_s"], "corpus_s": corpus["seconds"],
            "corpus_graph": str(corpus_graph), "max_nodes": 250}


# -- report --------------------------------------------------------------------

def check_targets(r: dict) -> dict:
    largest = next((b for b in r["build"] if b["articles"] == 1000), r["build"][-1])
    values = {
        "seed_build_s": r["seed_build"]["median_s"],
        "seed_query_s": r["seed_query"]["median_s"],
        "build_1000_s": largest["seconds"] if largest["articles"] >= 1000 else None,
        "growth_exponent": r["growth_exponent"],
        "query_p50_max_ms": r["queries"]["max_oxigraph_p50_ms"],
        "median_speedup_min": r["queries"]["median_speedup"],
        "peak_rss_mb": r["peak_rss_mb"],
        "seed_infer_s": r["infer_validate"]["seed_infer_s"],
        "infer_queries_1000_s": r["infer_validate"]["infer_queries_s"] if largest["articles"] >= 1000 else None,
        "validate_1000_s": r["infer_validate"]["validate_s"] if largest["articles"] >= 1000 else None,
    }
    out = {}
    for key, limit in TARGETS.items():
        v = values[key]
        ok = None if v is None else (v >= limit if key == "median_speedup_min" else v <= limit)
        out[key] = {"value": v, "target": limit, "ok": ok}
    return out


def _ms(v: float | None, timeout: bool = False, digits: int = 0) -> str:
    if v is None:
        return f"{'—':>11}"
    return f"{'>' if timeout else ''}{v:.{digits}f}ms".rjust(11)


def table(r: dict) -> str:
    lines = [f"fupin-kg benchmark  ({r['machine']['cpus']} cores, jobs={r['jobs']}, "
             f"{'SMOKE' if r['smoke'] else 'full'} run)", ""]
    sb, sq = r["seed_build"], r["seed_query"]
    lines.append(f"cold `kg build seeds/`            {sb['median_s']:7.2f} s   (median of {len(sb['runs_s'])})")
    lines.append(f"cold `kg query {sq['query']}` (seed)    {sq['median_s']:7.2f} s   (median of {len(sq['runs_s'])})")
    lines += ["", f"{'articles':>8} {'MB in':>7} {'seconds':>8} {'art/s':>7} {'MB/s':>6} {'triples':>9} "
                  f"{'triples/s':>10} {'RSS max':>8} {'RSS tree':>9}"]
    for b in r["build"]:
        lines.append(f"{b['articles']:>8} {b['input_mb']:>7.2f} {b['seconds']:>8.2f} {b['articles_per_s']:>7.1f} "
                     f"{b['mb_per_s']:>6.3f} {b['triples']:>9} {b['triples_per_s']:>10.0f} "
                     f"{b['maxrss_mb']:>7.0f}M {b['tree_rss_mb']:>8.0f}M")
    lines.append(f"growth exponent (log-log fit): {r['growth_exponent']:.3f}")
    if "big_article" in r:
        lines += big_article_lines(r["big_article"])
    q = r["queries"]
    lines += ["", f"saved queries on {q['quads']} quads ({q['triples_union']} distinct triples); "
                  f"load: oxigraph {q['oxigraph_load_s']:.1f} s, rdflib {q['rdflib_load_s']:.1f} s",
              f"{'query':<32} {'rows':>6} {'ox p50':>11} {'ox p95':>11} {'rdflib p50':>11} {'rdflib p95':>11} {'×':>7}"]
    for x in q["results"]:
        rows = "—" if x["rows_oxigraph"] is None else f"{'≠' if x['rows_match'] is False else ''}{x['rows_oxigraph']}"
        speedup = "—" if x["speedup"] is None else f"{'≥' if x['rdflib_timeout'] else ''}{x['speedup']:.0f}×"
        lines.append(f"{x['name']:<32} {rows:>6} {_ms(x['oxigraph_p50_ms'], x['oxigraph_timeout'], 1)} "
                     f"{_ms(x['oxigraph_p95_ms'], digits=1)} {_ms(x['rdflib_p50_ms'], x['rdflib_timeout'])} "
                     f"{_ms(x['rdflib_p95_ms'])} {speedup:>7}")
    median = "—" if q["median_speedup"] is None else f"{q['median_speedup']:.0f}×"
    lines.append(f"median speed-up over rdflib: {median} (> = stopped after {q['timeout_s']:.0f} s; "
                 "≥ = rdflib stopped, so a lower bound)")
    if q["engines_disagree"]:
        lines.append(f"≠ row counts differ between the engines: {', '.join(q['engines_disagree'])}")
    t, v = r["turtle"], r["viz"]
    lines += ["", f"Turtle of {t['triples']} triples: oxigraph {t['oxigraph_s']:.2f} s, "
                  f"rdflib {'>' if t['rdflib_timeout'] else ''}{t['rdflib_s']:.2f} s, "
                  f"kg build's writer {t['kg_writer_s']:.2f} s",
              f"kg viz: seed {v['seed_s']:.2f} s; corpus view ({Path(v['corpus_graph']).name}, "
              f"≤{v['max_nodes']} nodes) {v['corpus_s']:.2f} s"]
    iv = r["infer_validate"]
    lines += [f"--infer: seed (cold `kg query places --infer`) {iv['seed_infer_s']:.2f} s; on {iv['quads']} quads "
              f"the rules {iv['rules_s']:.2f} s (+{iv['inferred']} triples) and every saved query "
              f"{iv['queries_s']:.2f} s: {iv['infer_queries_s']:.2f} s",
              f"kg validate of {Path(next((b for b in r['build'] if b['articles'] == 1000), r['build'][-1])['output']).name} (--jobs {r['jobs']}): {iv['validate_s']:.2f} s, "
              f"{iv['validate_rss_mb']:.0f} MB", *store_bench.lines(r), "", "targets:"]
    for k, c in r["targets"].items():
        mark = "n/a" if c["ok"] is None else ("ok" if c["ok"] else "MISSED")
        val = "—" if c["value"] is None else f"{c['value']:.2f}"
        lines.append(f"  {k:<20} {val:>9}  (target {c['target']})  {mark}")
    return "\n".join(lines)


def save(r: dict, out: Path) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(r, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="fupin-kg benchmarks")
    ap.add_argument("--smoke", action="store_true", help="N = 5, one repetition (for the test suite)")
    ap.add_argument("--out", type=Path, default=ROOT / "out" / "bench.json")
    ap.add_argument("--work", type=Path, default=None, help="folder for corpora and outputs "
                    "(default: beside --out)")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--seed", type=int, default=6, help="corpus generator seed")
    ap.add_argument("--timeout", type=float, default=None,
                    help="seconds before a query's run is stopped, per engine (default 30; 5 with --smoke)")
    ap.add_argument("--viz-articles", type=int, default=100, help="corpus size for the capped viz run")
    args = ap.parse_args(argv)

    sizes = [3, 5] if args.smoke else [100, 300, 1000, 3000]
    args.timeout = args.timeout or (5.0 if args.smoke else 30.0)
    reps, qreps = (1, 1) if args.smoke else (5, 20)
    viz_n = sizes[-1] if args.smoke else args.viz_articles
    work = args.work or args.out.parent / "bench"
    work.mkdir(parents=True, exist_ok=True)
    kg = kg_command()
    r: dict = {"smoke": args.smoke, "jobs": args.jobs, "corpus_seed": args.seed, "sizes": sizes,
               "machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                           "platform": platform.platform()},
               "started": time.strftime("%Y-%m-%dT%H:%M:%S")}
    r["seed_build"], r["seed_query"], seed_graph = bench_seed(kg, work, reps)
    r["big_article"] = bench_big_article(kg, work / "long", smoke=args.smoke)
    r["build"] = bench_builds(kg, work, sizes, args.jobs, args.seed)
    r["growth_exponent"] = fit_exponent([b["articles"] for b in r["build"]], [b["seconds"] for b in r["build"]])
    main_build = next((b for b in r["build"] if b["articles"] == 1000), r["build"][-1])  # the queried corpus
    r["peak_rss_mb"] = main_build["tree_rss_mb"] or main_build["maxrss_mb"]
    r["memory"] = store_bench.memory(r["build"])
    save(r, args.out)  # partial results survive an interrupted run
    r["store"] = store_bench.bench_store(kg, timed, work, articles=main_build["articles"],
                                         trig=Path(main_build["output"]), jobs=args.jobs, seed=args.seed, reps=reps)
    save(r, args.out)
    r["dask"] = store_bench.bench_dask(kg, timed, work, articles=5 if args.smoke else 200, jobs=args.jobs,
                                       seed=args.seed)
    save(r, args.out)
    r["queries"], store, graph = bench_queries(Path(main_build["output"]), qreps,
                                               rdflib_reps=1 if args.smoke else 3, timeout=args.timeout)
    save(r, args.out)
    r["turtle"] = bench_turtle(graph, store, timeout=args.timeout * 10)
    del graph
    r["infer_validate"] = bench_infer_validate(kg, seed_graph, Path(main_build["output"]), store, reps,
                                               args.jobs)
    save(r, args.out)
    del store
    viz_graph = work / f"corpus-{viz_n}.trig"
    if not viz_graph.is_file():
        write_corpus(viz_n, work / f"corpus-{viz_n}", seed=args.seed)
        timed([*kg, "build", str(work / f"corpus-{viz_n}"), "-o", str(viz_graph), "--jobs", str(args.jobs)])
    r["viz"] = bench_viz(kg, work, seed_graph, viz_graph, min(reps, 3))
    r["targets"] = {**check_targets(r), **store_bench.check(r)}
    r["finished"] = time.strftime("%Y-%m-%dT%H:%M:%S")
    save(r, args.out)
    print(table(r))
    print(f"\nwrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
