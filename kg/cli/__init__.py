"""Command line: thin wrappers that parse options, call one library function, format.

One module per command group (`build`, `query`, `viz`), each adding its commands to the
app of `kg.cli.app`. Data goes to stdout, messages to stderr. Exit codes: 0 ok, 1 user
error or validation failure, 2 internal error. No traceback reaches a user (set
KG_DEBUG=1 to see one).
"""
from __future__ import annotations

from kg.cli import build, docs, export, query, viz
from kg.cli.app import EPILOG, app, main

for _group in (build, query, viz, export, docs):
    _group.register(app)

__all__ = ["EPILOG", "app", "main"]
