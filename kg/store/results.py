"""Query results and their formats: a rich table, CSV, TSV (plain values) and JSON.

Cells are plain: full IRIs, lexical forms without language tags or datatypes,
canonical numbers, true/false. Neither rdflib nor Oxigraph is imported here: a store's
materialised rows (`kg.store.views`) are printed without either.
"""
from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from kg.model.base import DEFAULT_BASE
from kg.model.errors import QueryError
from kg.model.prefixes import base_shortener

FORMATS = ("table", "csv", "tsv", "json")
_XSD = "http://www.w3.org/2001/XMLSchema#"
_NUMERIC = {_XSD + t for t in ("integer", "decimal", "int", "long", "nonNegativeInteger", "positiveInteger",
                               "double", "float")}
_FLOATS = {_XSD + "double", _XSD + "float"}
_BOOLEAN = _XSD + "boolean"


class Term(tuple):
    """An RDF term as (kind, value, datatype IRI, language), kind "iri", "bnode" or "literal": the
    cells of rows read back from a store's materialised results (`kg.store.views`)."""

    __slots__ = ()

    @property
    def value(self) -> str:
        return self[1]

    def __str__(self) -> str:
        return self[1]


@dataclass
class Result:
    """SELECT rows (None = unbound), or the answer of an ASK.

    Cells are rdflib terms (rdflib engine, endpoints), pyoxigraph terms (local engine) or
    `Term`s (a store's materialised rows).
    """

    columns: list[str] = field(default_factory=list)
    rows: list[tuple] = field(default_factory=list)
    boolean: bool | None = None
    notes: list[str] = field(default_factory=list)  # warnings about the answer, for stderr
    base: str = DEFAULT_BASE  # the data's base IRI: `id:` in table cells


def parts(term) -> tuple[str, str, str, str]:
    """(kind, value, datatype IRI, language) of a `Term`, an rdflib or a pyoxigraph term; kind is
    "iri", "bnode" or "literal"."""
    cls = type(term)
    if cls is Term:
        return term
    name = cls.__name__
    if cls.__module__ == "pyoxigraph":  # NamedNode, BlankNode, Literal
        if name == "NamedNode":
            return "iri", term.value, "", ""
        if name == "BlankNode":
            return "bnode", term.value, "", ""
        if name == "Literal":
            return "literal", term.value, term.datatype.value, term.language or ""
    from rdflib import BNode, Literal, URIRef  # lazy: loaded by whoever made an rdflib term

    if isinstance(term, URIRef):
        return "iri", str(term), "", ""
    if isinstance(term, BNode):
        return "bnode", str(term), "", ""
    if isinstance(term, Literal):
        return "literal", str(term), str(term.datatype or ""), term.language or ""
    return "literal", str(term), "", ""


def plain(term) -> str:
    """A cell as plain text: full IRIs, lexical forms, canonical numbers, true/false."""
    if term is None:
        return ""
    kind, value, dt, _ = parts(term)
    if kind == "bnode":
        return f"_:{value}"
    if dt == _BOOLEAN:
        return "true" if value.strip() in ("true", "1") else "false"
    if dt in _NUMERIC:
        return _number(value)
    return value


def _number(lexical: str) -> str:
    try:
        d = Decimal(lexical.strip())
    except InvalidOperation:
        return lexical
    if not d.is_finite():
        return lexical
    d = d.normalize()
    return f"{d:f}" if d != d.to_integral_value() else str(d.quantize(Decimal(1)))


def plain_rows(result: Result) -> list[tuple[str, ...]]:
    return [tuple(plain(t) for t in row) for row in result.rows]


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def sheet_cell(term) -> str:
    """A plain cell that a spreadsheet will not run as a formula (OWASP CSV injection): text that
    starts with = + - @, a tab or a carriage return gets a leading apostrophe; numbers stay."""
    text = plain(term)
    if text.startswith(_FORMULA_START) and (term is None or parts(term)[2] not in _NUMERIC):
        return "'" + text
    return text


def sheet_rows(result: Result) -> list[tuple[str, ...]]:
    done: dict = {}  # each distinct term once (numbers, places and dates repeat down a column)
    out = []
    for row in result.rows:  # inline: a function call per cell was half the time of a large CSV
        cells = []
        for term in row:
            text = done.get(term)
            if text is None:
                text = done[term] = sheet_cell(term)
            cells.append(text)
        out.append(tuple(cells))
    return out


def python_value(term):
    """A cell as a plain Python value: None, bool, int, float (decimals) or str."""
    if term is None:
        return None
    _, _, dt, _ = parts(term)
    if dt == _BOOLEAN:
        return plain(term) == "true"
    if dt in _NUMERIC and dt not in _FLOATS:
        text = plain(term)
        return int(text) if re.fullmatch(r"-?\d+", text) else float(text)
    return plain(term)


def _compact(term, shorten) -> str:
    s = plain(term)
    if term is not None and parts(term)[0] == "iri":
        return shorten(s)
    return s


def render_result(result: Result, fmt: str = "table", *, terminal: bool = False, width: int | None = None) -> str:
    """Format a result as a rich table, CSV, TSV or JSON."""
    if result.boolean is not None:
        return json.dumps({"boolean": result.boolean}) + "\n" if fmt == "json" else \
            ("true" if result.boolean else "false") + "\n"
    if fmt in ("csv", "tsv"):
        buf = io.StringIO()
        if fmt == "csv":
            w = csv.writer(buf, lineterminator="\n")
            w.writerow(result.columns)
            w.writerows(sheet_rows(result))
        else:
            esc = str.maketrans({"\t": "\\t", "\n": "\\n", "\r": "\\r", "\\": "\\\\"})
            for row in [tuple(result.columns)] + sheet_rows(result):
                buf.write("\t".join(c.translate(esc) for c in row) + "\n")
        return buf.getvalue()
    if fmt == "json":
        rows = [{c: python_value(t) for c, t in zip(result.columns, row)} for row in result.rows]
        return json.dumps(rows, ensure_ascii=False, indent=1) + "\n"
    if fmt == "table":
        return _table(result, terminal=terminal, width=width or 240)
    raise QueryError(f"unknown format {fmt!r}", fix=f"use one of {', '.join(FORMATS)}")


def _table(result: Result, *, terminal: bool, width: int) -> str:
    from rich.console import Console  # lazy: rich tables only for `--format table`
    from rich.table import Table
    from rich.text import Text  # cells as Text: article text is never read as rich markup

    table = Table(show_lines=False, header_style="bold", caption=f"{len(result.rows)} row(s)")
    for c in result.columns:
        table.add_column(c, overflow="fold")
    shorten = base_shortener(result.base)
    for row in result.rows:
        table.add_row(*(Text(_CONTROL.sub("", _compact(t, shorten))) for t in row))
    buf = io.StringIO()
    Console(file=buf, width=width, force_terminal=terminal, color_system="auto" if terminal else None,
            highlight=False).print(table)
    return buf.getvalue()
