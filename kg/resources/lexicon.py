"""Load the data files kept under `ontology/` (lexicons, gazetteer, stop lists).

Files are UTF-8; `#` starts a comment line; TSV files have a header row. Users extend
the extractor by adding rows, never by editing code.
"""
from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

ONTOLOGY_DIR = Path(__file__).resolve().parent.parent / "ontology"
LEXICON_DIR = ONTOLOGY_DIR / "lexicons"


def data_path(name: str) -> Path:
    """Path of a data file under ontology/ (e.g. 'lexicons/posts.tsv')."""
    return ONTOLOGY_DIR / name


@cache
def lines(name: str) -> tuple[str, ...]:
    """Non-empty, non-comment lines of a word list under lexicons/."""
    text = (LEXICON_DIR / name).read_text(encoding="utf-8")
    return tuple(s.strip() for s in text.splitlines() if s.strip() and not s.lstrip().startswith("#"))


@cache
def rows(name: str) -> tuple[dict[str, str], ...]:
    """Rows of a TSV file under lexicons/ (or a path relative to ontology/) as dicts."""
    path = LEXICON_DIR / name if not name.startswith("gazetteer/") else ONTOLOGY_DIR / name
    with path.open(encoding="utf-8", newline="") as fh:
        body = [line for line in fh if line.strip() and not line.startswith("#")]
    return tuple({k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(body, delimiter="\t"))
