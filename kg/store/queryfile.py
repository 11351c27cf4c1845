"""Saved query files: `queries/NAME.rq` and its header, found and read without the engines.

A saved query is a SPARQL 1.1 file that starts with grlc-style comment lines: `# title:`,
`# description:` (continuation lines allowed), `# param: NAME TYPE EXAMPLE`, `# columns: a, b, c`
and, for a query whose every row comes from one article, `# per-article: yes` (its rows are kept
per article in a store, `kg.store.views`). Only the standard library: `kg query --store` reads
these before it knows whether it needs rdflib or Oxigraph at all.
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path

from kg.model.errors import QueryError

_PACKAGE = Path(__file__).resolve().parent.parent
QUERY_DIRS = (_PACKAGE / "queries", _PACKAGE.parent / "queries")
PARAM_TYPES = ("label", "text", "string", "iri", "integer", "decimal", "year", "date", "boolean")
_ORDER_BY_ARTICLE = re.compile(r"(?is)\bORDER\s+BY\s+\?article\b(?!.*\bORDER\s+BY\b)")


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    example: str


@dataclass(frozen=True)
class SavedQuery:
    name: str
    text: str
    title: str = ""
    description: str = ""
    params: tuple[Param, ...] = ()
    columns: tuple[str, ...] = ()
    path: Path | None = None
    per_article: bool = False  # every row comes from one article's graph: kept per article in a store


# -- loading -------------------------------------------------------------------

def parse_header(text: str, *, name: str = "", path: Path | None = None) -> SavedQuery:
    """Read the leading `# key: value` comment lines of a saved query."""
    fields: dict[str, str] = {}
    params: list[Param] = []
    last = None
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped:
            continue
        if not stripped.startswith("#"):
            break
        body = stripped[1:].strip()
        m = re.match(r"^(title|description|param|columns|per-article)\s*:\s*(.*)$", body)
        if m is None:
            if last == "description" and body:
                fields["description"] += " " + body
            continue
        key, value = m.groups()
        last = key
        if key == "param":
            parts = value.split(None, 2)
            if len(parts) < 2 or parts[1] not in PARAM_TYPES:
                raise QueryError(f"bad `# param:` line {value!r}", where=str(path or name),
                                 fix=f"write `# param: NAME TYPE EXAMPLE`, TYPE one of {', '.join(PARAM_TYPES)}")
            params.append(Param(parts[0], parts[1], parts[2] if len(parts) > 2 else ""))
        else:
            fields[key] = value.strip()
    if "title" not in fields or "columns" not in fields:
        raise QueryError("saved query lacks a `# title:` or `# columns:` line", where=str(path or name),
                         fix="start the file with `# title:`, `# description:`, `# param:` and `# columns:` lines")
    columns = tuple(c for c in re.split(r"[,\s]+", fields["columns"]) if c)
    per_article = fields.get("per-article", "no").lower()
    if per_article not in ("yes", "no"):
        raise QueryError(f"bad `# per-article:` line {per_article!r}", where=str(path or name), fix="write yes or no")
    body = strip_comments(text)
    if per_article == "yes" and (params or not _ORDER_BY_ARTICLE.search(body)
                                 or re.search(r"(?i)\b(LIMIT|OFFSET)\s+\d", body)):
        raise QueryError("a `# per-article: yes` query takes no parameters, no LIMIT or OFFSET, and ends "
                         "with ORDER BY ?article …",
                         where=str(path or name),
                         fix="its rows are merged article by article in IRI order; drop the line otherwise")
    return SavedQuery(name=name, text=text, title=fields["title"], description=fields.get("description", ""),
                      params=tuple(params), columns=columns, path=path, per_article=per_article == "yes")


def strip_comments(text: str) -> str:
    return re.sub(r"(?m)^\s*#.*$", "", text)


def query_dir() -> Path:
    """The folder of saved queries (packaged `kg/queries`, else the repository's `queries/`)."""
    for d in QUERY_DIRS:
        if d.is_dir():
            return d
    return QUERY_DIRS[-1]


def list_queries(folder: Path | None = None) -> list[SavedQuery]:
    """Every saved query, sorted by name."""
    folder = folder or query_dir()
    return [load_query(p) for p in sorted(folder.glob("*.rq"))]


def load_query(name_or_path: str | Path) -> SavedQuery:
    """A saved query by name (`funding`) or by file path (`my.rq`)."""
    p = Path(name_or_path)
    if p.suffix != ".rq" or not p.is_file():
        p = query_dir() / f"{name_or_path}.rq"
    if not p.is_file():
        known = [q.stem for q in sorted(query_dir().glob("*.rq"))]
        close = difflib.get_close_matches(str(name_or_path), known, n=3, cutoff=0.6)
        hint = f"did you mean {' or '.join(close)}? " if close else ""
        raise QueryError(f"no saved query {str(name_or_path)!r}",
                         fix=f"{hint}run `kg queries`; known: {', '.join(known)}")
    return parse_header(p.read_text(encoding="utf-8"), name=p.stem, path=p)


def adhoc(text: str) -> SavedQuery:
    """A query typed on the command line (`kg query -e`)."""
    return SavedQuery(name="-e", text=text)
