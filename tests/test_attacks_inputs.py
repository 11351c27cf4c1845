"""Attacks through input folders and articles: folders that hold the wrong files (#17.21) and
articles built to be slow (#17.24–26). Resource tests run `kg build` in a child process under
`resource.setrlimit` limits on memory and CPU time, so a regression fails instead of hanging.
"""
from __future__ import annotations

import subprocess
import sys
import textwrap
import time
from pathlib import Path

from helpers import cli

from kg.rdf.files import load_graph
from kg.text.read import MAX_TEXT_CHARS

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "linfen-2017-10-17.txt"
FIXTURES = Path(__file__).parent / "fixtures"
HEADER = "临汾:脱贫攻坚捷报频传\n\n2017-10-17 09:07:20 来源:临汾新闻网\n\n"


def articles_built(out: Path) -> set[str]:
    from rdflib.namespace import RDF

    from kg.model.namespaces import SCHEMA

    return {str(a).rsplit("/", 1)[-1] for a in load_graph(out).subjects(RDF.type, SCHEMA.NewsArticle)}


# -- folders that hold the wrong files -------------------------------------------------------------

def test_a_kg_viz_page_in_the_input_folder_is_not_built_as_an_article(tmp_path, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "linfen.txt").write_bytes(SEED.read_bytes())
    assert cli(capsys, "build", str(folder), "-o", str(tmp_path / "g.ttl"))[0] == 0
    assert cli(capsys, "viz", str(tmp_path / "g.ttl"), "-o", str(folder / "graph.html"))[0] == 0
    code, _, err = cli(capsys, "build", str(folder), "-o", str(tmp_path / "again.ttl"))
    assert code == 0, err
    assert articles_built(tmp_path / "again.ttl") == {"linfen"}
    code, out, err = cli(capsys, "build", str(folder / "graph.html"), "-o", str(tmp_path / "page.ttl"))
    assert code == 1 and out == "" and not (tmp_path / "page.ttl").exists()
    assert err.splitlines()[0] == (f"error: {folder / 'graph.html'}: a page written by `kg viz`, not an article — "
                                   "pass the article the graph was built from")


def test_symlinked_subfolders_are_followed_and_a_loop_ends(tmp_path, capsys):
    real = tmp_path / "elsewhere"
    real.mkdir()
    (real / "guizhou.txt").write_bytes((FIXTURES / "guizhou-county-simplified.txt").read_bytes())
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "linfen.txt").write_bytes(SEED.read_bytes())
    (folder / "more").symlink_to(real, target_is_directory=True)
    (real / "back").symlink_to(folder, target_is_directory=True)  # a loop: in/more/back → in
    start = time.monotonic()
    code, _, err = cli(capsys, "build", str(folder), "-o", str(tmp_path / "g.ttl"), "--jobs", "1")
    assert code == 0, err
    assert time.monotonic() - start < 60
    assert articles_built(tmp_path / "g.ttl") == {"linfen", "guizhou"}


def test_an_article_inside_an_iframe_srcdoc_yields_its_text(tmp_path, capsys):
    import html

    body = "".join(f"<p>{html.escape(p)}</p>" for p in SEED.read_text(encoding="utf-8").split("\n\n")[2:])
    inner = (f"<html><head><title>臨汾:脫貧攻堅捷報頻傳</title></head><body><h1>臨汾:脫貧攻堅捷報頻傳</h1>"
             f"<p>2017-10-17 09:07:20 來源:臨汾新聞網</p>{body}</body></html>")
    page = tmp_path / "wrapped.html"
    page.write_text(f'<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>'
                    f'<iframe srcdoc="{html.escape(inner, quote=True)}"></iframe></body></html>', encoding="utf-8")
    code, _, err = cli(capsys, "build", str(page), "-o", str(tmp_path / "g.ttl"))
    assert code == 0, err
    plain = tmp_path / "plain.ttl"
    assert cli(capsys, "build", str(SEED), "-o", str(plain))[0] == 0
    from kg.store.saved import load_query, plain_rows, run

    funding = load_query("funding-by-place")
    wrapped_rows = sorted(r[1:] for r in plain_rows(run(funding, graph=tmp_path / "g.ttl")))
    assert wrapped_rows and wrapped_rows == sorted(r[1:] for r in plain_rows(run(funding, graph=plain)))


# -- articles built to be slow ------------------------------------------------------------------------

LIMITED = textwrap.dedent("""
    import resource, sys
    mb, cpu = int(sys.argv[1]), int(sys.argv[2])
    resource.setrlimit(resource.RLIMIT_AS, (mb << 20, mb << 20))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu))
    from kg.cli import main
    sys.exit(main(sys.argv[3:]))
""")


def limited_kg(*args: str, memory_mb: int, cpu_s: int, timeout: float) -> tuple[subprocess.CompletedProcess, float]:
    start = time.monotonic()
    done = subprocess.run([sys.executable, "-c", LIMITED, str(memory_mb), str(cpu_s), *args],
                          capture_output=True, text=True, timeout=timeout)
    return done, time.monotonic() - start


def test_the_percentage_pattern_is_linear_on_a_run_of_digits():
    """#17.26, the pattern alone in a child under limits: 40,000 digits with and without a %."""
    code = textwrap.dedent("""
        import resource, sys, time
        resource.setrlimit(resource.RLIMIT_CPU, (20, 20))
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))
        sys.path.insert(0, sys.argv[1])
        from conftest import make_article
        from kg.extract.quantities import find_percentages
        for tail in ("。", "%。", ".5%。"):
            doc = make_article("吉县今年投入资金" + "1" * 40000 + tail + "贫困人口减少。")
            start = time.process_time()
            found = find_percentages(doc)
            print(len(found), round(time.process_time() - start, 3))
    """)
    done = subprocess.run([sys.executable, "-c", code, str(Path(__file__).parent)], capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    counts = [line.split() for line in done.stdout.splitlines()]
    assert [c for c, _ in counts] == ["0", "1", "1"]
    assert all(float(s) < 1.0 for _, s in counts)  # the backtracking pattern took > 80 s on the first


def test_an_event_sentence_is_stored_once_however_many_dates_it_holds(tmp_path):
    """#17.25: each of the n events of a sentence stored the whole sentence as its name (O(n²))."""
    sentence = "吉县今年" + "5月至" * 2000 + "9月。"
    article = tmp_path / "dates.txt"
    article.write_text(HEADER + "  " + sentence + "贫困人口减少。\n", encoding="utf-8")
    out = tmp_path / "dates.ttl"
    done, took = limited_kg("build", str(article), "-o", str(out), memory_mb=1500, cpu_s=120, timeout=300)
    assert done.returncode == 0, done.stderr
    text = out.read_text(encoding="utf-8")
    # the article's text, its sentence and the dated clause: a constant, whatever the number of events
    assert text.count(sentence[:-1]) == 3 and text.count("a fupin:DatedStatement") > 900
    assert out.stat().st_size < 3_000_000  # 14.5 MB when every event copied it


def test_an_article_over_the_limit_is_refused_at_once_and_a_larger_file_too(tmp_path):
    """#17.24: an article's text beyond MAX_TEXT_CHARS (which a build holds within about 2 GB) is
    refused with a one-line error before any extraction, and a file over MAX_BYTES before it is read."""
    long = tmp_path / "long.txt"
    with long.open("w", encoding="utf-8") as fh:
        fh.write(HEADER + "  吉县")
        while fh.tell() <= MAX_TEXT_CHARS:
            fh.write("1" * 1_000_000)  # one byte a character: the text limit, not the file's, is met
    huge = tmp_path / "huge.txt"
    with huge.open("w", encoding="utf-8") as fh:
        fh.write(HEADER)
        while fh.tell() < 21_000_000:
            fh.write("\n\n" + SEED.read_text(encoding="utf-8").split("\n\n", 2)[2])
    for path, says in ((long, f"the limit is {MAX_TEXT_CHARS:,}, beyond which building needs more than about "
                              "2 GB of memory) — split it into one file per article"),
                       (huge, "the limit is 20 MB) — split it into one file per article")):
        out = tmp_path / "g.ttl"
        done, took = limited_kg("build", str(path), "-o", str(out), memory_mb=1500, cpu_s=60, timeout=120)
        assert done.returncode == 1 and not out.exists()
        first = done.stderr.splitlines()[0]
        assert first.startswith(f"error: {path}: article too long (" if path == long else f"error: {path}: file too large (")
        assert says in first
        assert took < 30


def test_a_5_mb_article_builds_in_linear_time_under_limits(tmp_path):
    """#17.24: a long article is extracted segment by segment (kg.extract.segments), so 5 MB of
    news text (2.4 million characters) builds within 1.5 GB and 4 CPU minutes, and a fact near its
    end keeps exact offsets. 20 MB is left to `make bench` (about 140 s)."""
    paragraphs = [p for p in SEED.read_text(encoding="utf-8").split("\n\n")[2:] if p.strip()]
    article = tmp_path / "long.txt"
    late = "乡宁县今年投入资金4321万元用于建设光伏扶贫电站。"
    with article.open("w", encoding="utf-8") as fh:
        fh.write(HEADER.rstrip("\n"))
        i = 0
        while fh.tell() < 5_000_000:
            fh.write("\n\n" + paragraphs[i % len(paragraphs)])
            i += 1
        fh.write("\n\n  " + late + "\n")
    out = tmp_path / "g.nt"
    done, took = limited_kg("build", str(article), "-o", str(out), memory_mb=1500, cpu_s=240, timeout=600)
    assert done.returncode == 0, done.stderr
    from kg.pipeline import load_document

    text = load_document(article, article="long").text
    at = text.index("4321万元")
    assert at > 1_000_000  # the cleaned text (pinyin annotations removed): 1.35 million characters
    anchor = [line for line in out.read_text(encoding="utf-8").splitlines()
              if f"/article/long/text#char={at},{at + 6}> " in line and "#anchorOf>" in line]
    assert anchor and anchor[0].endswith(' "4321万元" .')
