"""Saved SPARQL queries: parameter binding, and running them on an engine.

A saved query is a SPARQL 1.1 file (`queries/NAME.rq`, read by `kg.store.queryfile`).
Parameters are bound as RDF terms by a `VALUES` block at the top of the outer group
pattern, the same way for every engine (pyoxigraph, rdflib, a remote endpoint), never
pasted into the text.
"""
from __future__ import annotations

import difflib
import re
from pathlib import Path

from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from kg.model.errors import QueryError
from kg.model.namespaces import DEFAULT_BASE, PREFIXES, sparql_prologue
from kg.rdf.files import load_graph
from kg.rdf.graph import LABEL_TAGS
from kg.store.cache import ResultCache
from kg.store.disk import inferred_copy, open_dataset, query_store, query_store_inferred
from kg.store.queryfile import (  # noqa: F401  (the query API)
    PARAM_TYPES,
    QUERY_DIRS,
    Param,
    SavedQuery,
    strip_comments,
    adhoc,
    list_queries,
    load_query,
    parse_header,
    query_dir,
)
from kg.store.local import (LOCAL_TIMEOUT, bounded, inferred_graph, ox_store, run_oxigraph, run_rdflib,
                            union_graph)
from kg.store.remote import MAX_RESPONSE, remote_query
from kg.store.results import FORMATS, Result, plain, plain_rows, render_result  # noqa: F401  (the query API)
from kg.text.script import to_simplified, to_traditional

# -- binding -------------------------------------------------------------------

_ECHAR = {'"': '\\"', "'": "\\'", "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t",
          "\b": "\\b", "\f": "\\f"}
_IRI_BAD = re.compile(r'[\x00-\x20<>"{}|^`\\]')


def _iri_term(value: str, base: str = DEFAULT_BASE):
    """An IRI from `<…>`, a full IRI or a prefixed name (`id:` is the data's base); anything
    else stays a literal."""
    v = value.strip()
    if v.startswith("<") and v.endswith(">"):
        v = v[1:-1]
    prefix, _, local = v.partition(":")
    if prefix in PREFIXES and not local.startswith("//"):
        v = str(PREFIXES[prefix]) + local
    elif prefix == "id" and not local.startswith("//"):
        v = base + local
    if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", v) and not _IRI_BAD.search(v):
        return URIRef(v)
    return Literal(value)  # cannot break out of its term: it simply matches nothing


def bind_values(param: Param, value: str, *, base: str = DEFAULT_BASE) -> list:
    """The RDF terms a parameter value stands for."""
    t = param.type
    if t == "iri":
        return [_iri_term(value, base)]
    if t == "label":  # an rdfs:label as written, in any of the graph's label languages
        return [Literal(value, lang=tag) for tag in LABEL_TAGS] + [Literal(value)]
    if t == "text":  # match in either script: bind the value and its conversions
        return [Literal(v) for v in dict.fromkeys((value, to_traditional(value), to_simplified(value)))]
    typed = {"integer": XSD.integer, "decimal": XSD.decimal, "year": XSD.gYear, "date": XSD.date,
             "boolean": XSD.boolean}
    if t in typed:
        lit = Literal(value, datatype=typed[t])
        if t in ("integer", "decimal", "boolean", "date") and lit.ill_typed:
            raise QueryError(f"parameter {param.name}={value!r} is not a valid {t}",
                             fix=f"pass e.g. -p {param.name}={param.example or 1}")
        return [lit]
    return [Literal(value)]


def term_sparql(term) -> str:
    """A term in SPARQL syntax with every special character escaped."""
    if isinstance(term, URIRef):
        if _IRI_BAD.search(str(term)):
            raise QueryError(f"invalid IRI {str(term)!r}")
        return f"<{term}>"
    if isinstance(term, Literal):
        # ECHAR escapes only: \u escapes are decoded before parsing (SPARQL 1.1 §19.2), so
        # a \u0022 would end the string; control characters other than ECHARs are dropped.
        s = "".join(_ECHAR.get(c, c) for c in str(term) if c in _ECHAR or c.isprintable())
        if term.language:
            return f'"{s}"@{term.language}'
        if term.datatype and term.datatype != XSD.string:
            return f'"{s}"^^<{term.datatype}>'
        return f'"{s}"'
    raise QueryError(f"cannot bind {term!r}")


_IRI = re.compile(r"<[^<>\"{}|^`\\\s]*>")
_WORD = re.compile(r"[?$]?\w+")


def _tokens(text: str):
    """(index, token) of each `{`, `}`, SELECT, VALUES, SERVICE and variable (`?x`, `$x` → "?x")
    outside comments, strings and IRIs."""
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == "#":
            j = text.find("\n", i)
            i = n if j < 0 else j
        elif c in "\"'":
            q = text[i:i + 3] if text[i:i + 3] in ('"""', "'''") else c
            j = i + len(q)
            while j < n and not text.startswith(q, j):
                j += 2 if text[j] == "\\" else 1
            i = j + len(q)
        elif c == "<":
            m = _IRI.match(text, i)
            i = m.end() if m else i + 1
        elif c in "{}":
            yield i, c
            i += 1
        elif (c.isalnum() or c in "?$_") and not re.match(r"[\w:]", text[i - 1:i]):
            word = _WORD.match(text, i).group(0)
            if word[0] in "?$" and len(word) > 1:
                yield i, "?" + word[1:]
            elif word.lower() in ("select", "values", "service"):
                yield i, word.lower()
            i += len(word)
        else:
            i += 1


def _bind(text: str, blocks: dict[str, str]) -> str:
    """Insert each parameter's VALUES block at the top of the outer WHERE group and of every
    group inside it that uses the variable (sub-selects and UNION branches included).

    A parameter means the same thing wherever it appears (as when grlc substitutes it), and
    binding it in each group lets the engine start every branch from the bound value
    instead of joining whole branches afterwards.
    """
    stack: list[tuple[int, bool]] = []  # open `{`: (index, takes no VALUES: data block or `{ SELECT`)
    outer = None
    last = ""
    groups: list[tuple[int, int]] = []
    uses: list[tuple[int, str]] = []  # (index, variable name)
    for i, tok in _tokens(text):
        if tok == "{":
            data = last == "values"
            if outer is None and not data and (last == "select" or not stack):
                outer = i
            stack.append((i, data))
        elif tok == "}":
            if stack:
                start, skip = stack.pop()
                if not skip and outer is not None and start >= outer:
                    groups.append((start, i))
        elif tok == "select" and last == "{":
            stack[-1] = (stack[-1][0], True)
        elif tok[0] == "?":
            uses.append((i, tok[1:]))
        last = tok
    if outer is None:
        raise QueryError("query has no `{ … }` group pattern", fix="write SELECT … WHERE { … }")
    inserts = []
    for start, end in groups:
        used = {name for at, name in uses if start < at < end}
        add = "".join(b for name, b in blocks.items() if start == outer or name in used)
        if add:
            inserts.append((start + 1, add))
    for at, add in sorted(inserts, reverse=True):
        text = text[:at] + add + text[at:]
    return text


MAX_LIMIT = 2 ** 63 - 1


def prepare(query: SavedQuery, params: dict[str, str] | None = None, *, limit: int | None = None,
            base: str = DEFAULT_BASE) -> str:
    """The query text to run: missing prefixes declared (`id:` is `base`), parameters bound by VALUES."""
    return prepare_lines(query, params, limit=limit, base=base)[0]


def prepare_lines(query: SavedQuery, params: dict[str, str] | None = None, *,
                  limit: int | None = None, base: str = DEFAULT_BASE) -> tuple[str, int]:
    """`prepare`, and how many lines it put before the user's first line (VALUES blocks are
    inserted within a line, so the user's line numbers are the text's minus that)."""
    if limit is not None and not 0 <= limit <= MAX_LIMIT:
        raise QueryError(f"--limit {limit} is out of range", fix=f"pass a number from 0 to {MAX_LIMIT}")
    params = dict(params or {})
    declared = {p.name: p for p in query.params}
    if query.params or query.name != "-e":
        unknown = sorted(set(params) - set(declared))
        if unknown:
            close = [m for u in unknown for m in difflib.get_close_matches(u, list(declared), n=1, cutoff=0.6)]
            hint = f"did you mean {' or '.join(dict.fromkeys(close))}? " if close else ""
            raise QueryError(f"unknown parameter(s) {', '.join(unknown)} for query {query.name}",
                             fix=hint + "declared: " + (", ".join(declared) or "none"))
        missing = [p for p in query.params if p.name not in params]
        if missing:
            p = missing[0]
            raise QueryError(f"missing parameter {p.name} ({p.type}) for query {query.name}",
                             fix=f"pass -p {p.name}={p.example}")
    text = query.text
    used = set(re.findall(r"(?im)^\s*PREFIX\s+([\w-]*):", text))
    missing_prefixes = [line for line in sparql_prologue(base=base).splitlines()
                        if line.split()[1].rstrip(":") not in used]
    if params:
        blocks = {}
        for name, value in params.items():
            if not re.match(r"^[A-Za-z_][A-Za-z0-9_]*$", name):
                raise QueryError(f"bad parameter name {name!r}", fix="use letters, digits and _")
            p = declared.get(name) or Param(name, "iri" if re.match(r"^(<|https?://)", value) else "string", "")
            terms = " ".join(term_sparql(t) for t in bind_values(p, value, base=base))
            blocks[name] = f" VALUES ?{name} {{ {terms} }}"
        text = _bind(text, blocks)
    if limit is not None and not re.search(r"(?i)\bLIMIT\s+\d+\s*$", strip_comments(text)):
        text = text.rstrip() + f"\nLIMIT {int(limit)}\n"
    return "\n".join(missing_prefixes) + ("\n" if missing_prefixes else "") + text, len(missing_prefixes)


_POSITION = (re.compile(r"error at (\d+):(\d+): "), re.compile(r"\(line:(\d+), col:(\d+)\)"))


def _relocate(exc: QueryError, added: int, where: str | None) -> QueryError:
    """The engine's error with the user's own line:column and the query's file or name."""
    for pattern in _POSITION:
        m = pattern.search(exc.what)
        if m:
            line, col = int(m.group(1)) - added, int(m.group(2))
            rest = exc.what[:m.start()] + exc.what[m.end():]
            rest = re.sub(r"SPARQL syntax error: |SPARQL error \(rdflib\): |\s*\(at char \d+\),?", "", rest)
            what = f"SPARQL syntax error at line {line}, column {col}: {rest.strip(' ,:')}"
            if len(what) > 240:
                what = what[:237] + "..."
            return QueryError(what, where=where, fix=exc.fix or "check the query text")
    return exc


def uses_service(text: str) -> bool:
    """Whether the query has a SERVICE clause (outside comments, strings and IRIs)."""
    return any(tok == "service" for _, tok in _tokens(text))


def refuse_service(text: str) -> None:
    """SERVICE makes the engine (local or the endpoint) fetch from any URL the query names."""
    if uses_service(text):
        raise QueryError("the query uses SERVICE, which makes the SPARQL engine send requests to the servers "
                         "it names", fix="pass --allow-service if you trust the query and those servers")


def run(query: SavedQuery, params: dict[str, str] | None = None, *, graph: str | Path | None = None,
        endpoint: str | None = None, engine: str = "oxigraph", infer: bool = False,
        limit: int | None = None, timeout: float | None = None, max_bytes: int = MAX_RESPONSE,
        allow_service: bool = False, store: str | Path | None = None, base: str = DEFAULT_BASE,
        cache: bool = True) -> Result:
    """Run a query on a graph file (pyoxigraph or rdflib) or on a remote endpoint.

    `base` is the data's base IRI (`kg build --base`): the query's `id:` prefix, `id:…`
    parameters and the `id:` of table cells.

    SERVICE is refused unless `allow_service`: with it a query could make the local engine
    (or the endpoint) request any URL, 127.0.0.1 included. `store`: a store folder
    (`kg build --store`) instead of `graph`, opened read-only as it is. `timeout` (seconds; default 30 for
    an endpoint, LOCAL_TIMEOUT locally) bounds the whole request or local query. `cache`: on a
    store, answer a repeated query from its result cache (`kg.store.cache`), and fill that. (`kg query`
    answers a per-article query on a store from its materialised rows first: `kg.store.views.served`.)
    """
    if timeout is None:
        timeout = 30.0 if endpoint else LOCAL_TIMEOUT
    if base != DEFAULT_BASE and (not re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", base) or _IRI_BAD.search(base)):
        raise QueryError(f"base IRI must be absolute, got {base!r}", where="--base",
                         fix="pass the --base the graph was built with, e.g. https://example.org/id/")
    text, added = prepare_lines(query, params, limit=limit, base=base)
    try:
        result = _run_text(query, text, graph=graph, endpoint=endpoint, engine=engine, infer=infer,
                           timeout=timeout, max_bytes=max_bytes, allow_service=allow_service, store=store,
                           cache=cache)
    except QueryError as exc:
        where = str(query.path) if query.path else (None if query.name == "-e" else f"query {query.name}")
        raise _relocate(exc, added, where) from None
    if limit is not None:
        result.rows = result.rows[:limit]
    result.base = base
    return result


def _run_text(query: SavedQuery, text: str, *, graph, endpoint, engine: str, infer: bool, timeout: float,
              max_bytes: int, allow_service: bool, store=None, cache: bool = True) -> Result:
    if not allow_service:
        refuse_service(text)
    if store is not None and not endpoint:
        data = open_dataset(store=store)
        if engine not in ("oxigraph", "rdflib"):
            raise QueryError(f"unknown engine {engine!r}", fix="use oxigraph or rdflib")
        cached = ResultCache(data.store_dir, text, engine, infer) if cache else None
        try:
            result = cached.get() if cached is not None else None
            if result is None and engine == "rdflib":
                result = bounded(run_rdflib, text, union_graph(inferred_copy(data.store_dir)) if infer
                                 else data.graph(), timeout=timeout)
            elif result is None:
                result = bounded(query_store_inferred if infer else query_store, text, data.store_dir,
                                 timeout=timeout)
                if cached is not None:
                    cached.put(result)
        finally:
            if cached is not None:
                cached.close()
        return result
    if endpoint:
        if infer:
            raise QueryError("--infer works on a local graph only",
                             fix="drop --endpoint, or use an endpoint with its own reasoner")
        result = remote_query(endpoint, text, timeout=timeout, max_bytes=max_bytes)
    elif engine == "rdflib":
        result = bounded(run_rdflib, text, inferred_graph(graph) if infer else load_graph(graph), timeout=timeout)
    elif engine == "oxigraph":
        result = bounded(run_oxigraph, text, ox_store(graph, infer=infer), timeout=timeout)
    else:
        raise QueryError(f"unknown engine {engine!r}", fix="use oxigraph or rdflib")
    return result
