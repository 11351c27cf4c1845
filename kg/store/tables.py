"""Every saved query's table at once: an .xlsx workbook (openpyxl, Office Open XML / ECMA-376)
or a folder of CSV files (RFC 4180).

One sheet per saved query (parameterised ones run with their declared example values), a
header row, frozen panes, plain values: numbers as numbers, xsd:date/dateTime as dates,
booleans as booleans, IRIs in full. Text that a spreadsheet would run as a formula (starting
with = + - @, a tab or a carriage return) gets a leading apostrophe, as in `kg query --format
csv` (`kg.store.results.sheet_cell`). An "About" sheet (README.txt beside the CSV files) lists
the articles and what each query answers, and carries kg's marker (the workbook's creator and
description), so that kg replaces only exports it wrote.
"""
from __future__ import annotations

import datetime as dt
import difflib
import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Literal
from rdflib.namespace import XSD

from kg.model.errors import OutputError, QueryError
from kg.rdf.files import MARKER, atomic_write, check_target
from kg.store.results import Result, parts, python_value, render_result, sheet_cell
from kg.store.saved import SavedQuery, list_queries, prepare

ABOUT = "About"
CREATOR = "fupin-kg"
_DATE, _DATETIME, _YEAR = str(XSD.date), str(XSD.dateTime), str(XSD.gYear)
_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_SHEET_BAD = re.compile(r"[\[\]:*?/\\]")
ARTICLES = """PREFIX schema: <https://schema.org/>
SELECT ?article ?headline ?published WHERE {
  ?article a schema:NewsArticle .
  OPTIONAL { ?article schema:headline ?headline }
  OPTIONAL { ?article schema:datePublished ?published }
} ORDER BY ?article"""


@dataclass
class Table:
    """One saved query's answer, with the parameter values it ran with."""

    query: SavedQuery
    params: dict[str, str]
    result: Result


@dataclass
class Export:
    tables: list[Table] = field(default_factory=list)
    articles: Result = field(default_factory=Result)


def collect(run_text: Callable[[str], Result], queries: list[SavedQuery] | None = None, *,
            values: dict[str, str] | None = None) -> Export:
    """Run every saved query and the article list through `run_text` (SPARQL text → Result); a
    parameter takes its value from `values` when given there, else the query's example."""
    queries = queries if queries is not None else list_queries()
    values = values or {}
    declared = {p.name for q in queries for p in q.params}
    unknown = sorted(set(values) - declared)
    if unknown:
        close = [m for u in unknown for m in difflib.get_close_matches(u, sorted(declared), n=1, cutoff=0.6)]
        hint = f"did you mean {' or '.join(close)}? " if close else ""
        raise QueryError(f"no saved query has the parameter(s) {', '.join(unknown)}",
                         fix=hint + "declared: " + ", ".join(sorted(declared)))
    out = Export(articles=run_text(ARTICLES))
    for q in queries:
        params = {p.name: values.get(p.name, p.example) for p in q.params}
        out.tables.append(Table(q, params, run_text(prepare(q, params))))
    return out


def cell_value(term):
    """A cell for a spreadsheet: None, bool, int, float, date, datetime or neutralised text."""
    if term is None:
        return None
    kind, value, datatype, _ = parts(term)
    if kind == "literal" and datatype in (_DATE, _DATETIME):
        try:
            if datatype == _DATE and re.fullmatch(r"\d{4}-\d\d-\d\d", value.strip()):
                return dt.date.fromisoformat(value.strip())
            if datatype == _DATETIME:
                return dt.datetime.fromisoformat(value.strip()).replace(tzinfo=None)  # Excel has no zones
        except ValueError:
            pass
    if kind == "literal" and datatype == _YEAR and re.fullmatch(r"\d{4}", value.strip()):
        return int(value)
    typed = python_value(term)
    if isinstance(typed, (bool, int, float)):
        return typed
    return _ILLEGAL_XML.sub("", sheet_cell(term))


def sheet_names(export: Export) -> list[str]:
    """A valid, distinct sheet name (≤ 31 characters) per table."""
    names: list[str] = []
    taken = {ABOUT.lower()}
    for t in export.tables:
        base = _SHEET_BAD.sub("_", t.query.name)[:31] or "query"
        name, n = base, 2
        while name.lower() in taken:
            name = f"{base[:28]}~{n}"
            n += 1
        taken.add(name.lower())
        names.append(name)
    return names


def _about_rows(export: Export, names: list[str], source: str) -> list[list]:
    rows: list[list] = [[f"{MARKER}: every saved query on {source}"], [],
                        ["Articles"], ["article", "headline", "published"]]
    rows += [[cell_value(t) for t in row] for row in export.articles.rows]
    rows += [[], ["Queries"], ["sheet", "title", "description", "parameters", "rows"]]
    for name, t in zip(names, export.tables):
        params = " ".join(f"{k}={v}" for k, v in t.params.items())
        rows.append([name, t.query.title, t.query.description, sheet_cell_text(params), len(t.result.rows)])
    return rows


def sheet_cell_text(text: str) -> str:
    """Plain text neutralised as a cell (`sheet_cell` works on terms)."""
    return sheet_cell(Literal(text))


def xlsx_bytes(export: Export, *, source: str) -> bytes:
    """The workbook: the About sheet first, then one sheet per saved query."""
    from openpyxl import Workbook  # lazy: only `kg export --xlsx` needs it
    from openpyxl.styles import Font

    wb = Workbook()
    wb.properties.creator = CREATOR
    wb.properties.description = MARKER
    wb.properties.title = "fupin-kg tables"
    names = sheet_names(export)
    about = wb.active
    about.title = ABOUT
    for row in _about_rows(export, names, source):
        about.append(row)
    about.column_dimensions["A"].width = 40
    about.column_dimensions["B"].width = 40
    about.column_dimensions["C"].width = 60
    bold = Font(bold=True)
    for name, t in zip(names, export.tables):
        ws = wb.create_sheet(name)
        ws.append(list(t.result.columns))
        for c in ws[1]:
            c.font = bold
        for row in t.result.rows:
            ws.append([cell_value(term) for term in row])
        ws.freeze_panes = "A2"
        for i, column in enumerate(t.result.columns):
            width = max([len(column)] + [len(str(v or "")) for v in (r[i] for r in t.result.rows[:200])])
            ws.column_dimensions[ws.cell(1, i + 1).column_letter].width = min(60, max(8, width + 2))
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def written_by_kg_xlsx(path: Path) -> bool:
    """Whether an .xlsx file is a workbook kg wrote (its creator is fupin-kg)."""
    try:
        with zipfile.ZipFile(path) as z, z.open("docProps/core.xml") as fh:
            core = fh.read(1 << 16).decode("utf-8", "replace")  # read no more than a properties part needs
    except (OSError, KeyError, zipfile.BadZipFile):
        return False
    return re.search(rf"<dc:creator\b[^>]*>{CREATOR}</dc:creator>", core) is not None


def check_xlsx_target(path: str | Path, *, force: bool = False, inputs=()) -> Path:
    """The workbook's path, or a user error: not .xlsx, or a file kg did not write (unless `force`)."""
    target = Path(path)
    if target.suffix.lower() != ".xlsx":
        raise OutputError("the spreadsheet must be an .xlsx file", where=str(target), fix="e.g. --xlsx out/tables.xlsx")
    check_target(target, force=True, inputs=inputs)
    if target.is_file() and target.stat().st_size and not force and not written_by_kg_xlsx(target):
        raise OutputError("refusing to overwrite a file that kg did not write", where=str(target),
                          fix="choose another output path, or pass --force to replace it")
    return target


def write_xlsx(export: Export, path: str | Path, *, source: str, force: bool = False, inputs=()) -> None:
    """Write the workbook atomically; an existing file is replaced only when kg wrote it (or `force`)."""
    target = check_xlsx_target(path, force=force, inputs=inputs)
    atomic_write(target, xlsx_bytes(export, source=source), force=True, inputs=inputs)


def check_csv_targets(folder: str | Path, names: list[str], *, force: bool = False, inputs=()) -> list[Path]:
    """README.txt and NAME.csv in `folder`, or a user error: files there are replaced only when
    README.txt shows that kg wrote the folder (or `force`)."""
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise OutputError("is a file, not a folder", where=str(folder), fix="pass a folder, e.g. --csv out/tables/")
    readme = folder / "README.txt"
    ours = readme.is_file() and MARKER in readme.read_text(encoding="utf-8", errors="replace")[:4096]
    targets = [readme, *(folder / f"{n}.csv" for n in names)]
    for target in targets:
        if target.is_file() and target.stat().st_size and not (ours or force):
            raise OutputError("refusing to overwrite a file that kg did not write", where=str(target),
                              fix="choose another folder, or pass --force to replace it")
        check_target(target, force=True, inputs=inputs)
    return targets


def write_csv(export: Export, folder: str | Path, *, source: str, force: bool = False, inputs=()) -> list[Path]:
    """NAME.csv per saved query and README.txt (the About, with kg's marker) in `folder`."""
    names = [t.query.name for t in export.tables]
    readme, *targets = check_csv_targets(folder, names, force=force, inputs=inputs)
    lines = [f"# {MARKER}: every saved query on {source}", "", "Articles:"]
    lines += ["  " + "  ".join(str(cell_value(t) or "") for t in row) for row in export.articles.rows]
    lines += ["", "Queries (file: title — description [parameters]; rows):"]
    for n, t in zip(names, export.tables):
        params = " ".join(f"{k}={v}" for k, v in t.params.items())
        lines.append(f"  {n}.csv: {t.query.title} — {t.query.description}"
                     f"{' [' + params + ']' if params else ''}; {len(t.result.rows)} row(s)")
    for target, t in zip(targets, export.tables):
        atomic_write(target, render_result(t.result, "csv"), force=True, inputs=inputs)
    atomic_write(readme, "\n".join(lines) + "\n", force=True, inputs=inputs)
    return [readme, *targets]
