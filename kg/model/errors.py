"""User-facing errors: what went wrong, where, and how to fix it.

Exit codes: 0 ok, 1 user error or validation failure, 2 internal error,
130 interrupted (Ctrl-C; outputs are left as they were).
"""
from __future__ import annotations

EXIT_OK = 0
EXIT_USER = 1
EXIT_INTERNAL = 2


class KgError(Exception):
    """An error a user can act on; the CLI prints it as one line, never a traceback."""

    exit_code = EXIT_USER

    def __init__(self, what: str, *, where: str | None = None, fix: str | None = None):
        super().__init__(what)
        self.what = what
        self.where = where
        self.fix = fix

    def __str__(self) -> str:
        parts = [f"{self.where}: {self.what}" if self.where else self.what]
        if self.fix:
            parts.append(self.fix)
        return " — ".join(parts)


class InputError(KgError):
    """An input file cannot be read as an article."""


class OutputError(KgError):
    """An output cannot be written."""


class QueryError(KgError):
    """A saved query, its parameters or its engine failed."""


class EndpointError(KgError):
    """A remote SPARQL endpoint failed."""
