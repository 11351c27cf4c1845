"""The `kg` app: its root options, the options commands share, and `main` (exit codes).

Data goes to stdout, messages to stderr. Exit codes: 0 ok, 1 user error or
validation failure, 2 internal error. No traceback reaches a user (set KG_DEBUG=1
to see one).
"""
from __future__ import annotations

import os
import signal
import threading
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from kg.model.errors import EXIT_INTERNAL, EXIT_OK, EXIT_USER, KgError

EPILOG = """Examples:

\b
  kg build seeds/ -o out/graph.ttl          build the graph of every article in seeds/
  kg validate out/graph.ttl                 check it against the SHACL shapes
  kg queries                                list the saved queries
  kg query officials --graph out/graph.ttl  run a saved query (table, csv, tsv, json)
  kg viz out/graph.ttl -o out/graph.html    write the interactive view
  kg serve out/graph.ttl                    serve it over SPARQL on 127.0.0.1, with a query page
  kg export --xlsx out/tables.xlsx          every saved query as a spreadsheet
  kg docs -o out/docs/                      the ontology's documentation as HTML
"""

app = typer.Typer(
    name="kg",
    help="Build, validate, query and view knowledge graphs of Chinese poverty-alleviation reporting.",
    epilog=EPILOG,
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

DEFAULT_GRAPH = Path("out/graph.ttl")
BaseOpt = Annotated[str, typer.Option("--base", help="Base IRI for the data.", envvar="KG_BASE")]


def err(message: str) -> None:
    typer.echo(message, err=True)


def _version(value: bool) -> None:
    if value:
        from kg.model.version import package_version  # lazy: only --version needs it

        typer.echo(f"fupin-kg {package_version()}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[Optional[bool], typer.Option("--version", callback=_version, is_eager=True,
                                                    help="Show the version and exit.")] = None,
) -> None:
    """Knowledge graphs from Chinese local-government reporting on poverty alleviation."""


def _usage_errors() -> tuple[type[BaseException], ...]:
    """Typer's usage-error base class (vendored click in new Typer, click in old)."""
    try:
        from typer.exceptions import TyperException  # only in Typer with its own click

        return (TyperException,)
    except ImportError:  # pragma: no cover - Typer before its own click
        import click  # the click that older Typer uses

        return (click.ClickException,)


_USAGE_ERRORS = _usage_errors()


class Terminated(BaseException):
    """SIGTERM arrived: unwind like Ctrl-C (atomic writes clean up), then exit 143."""


def _on_sigterm(signum, frame) -> None:
    raise Terminated


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; returns the exit code (SIGTERM: 143, like Ctrl-C's 130, outputs untouched)."""
    if threading.current_thread() is not threading.main_thread():
        return _run(argv)
    previous = signal.signal(signal.SIGTERM, _on_sigterm)
    try:
        return _run(argv)
    finally:
        signal.signal(signal.SIGTERM, previous)


def _run(argv: list[str] | None) -> int:
    try:
        rc = app(args=argv, prog_name="kg", standalone_mode=False)
        if rc == 130:  # Typer turns KeyboardInterrupt into a silent exit 130
            err("interrupted; outputs were left as they were")
            return 130
    except KgError as exc:
        err(f"error: {exc}")
        return exc.exit_code
    except typer.Exit as exc:
        return exc.exit_code
    except typer.Abort:
        err("aborted")
        return EXIT_USER
    except _USAGE_ERRORS as exc:
        if type(exc).__name__ == "NoArgsIsHelpError":  # plain `kg`: the help, not an error line
            err(exc.format_message())
        else:
            err(f"error: {exc.format_message()} (see `kg --help`)")
        return EXIT_USER
    except KeyboardInterrupt:
        err("interrupted; outputs were left as they were")
        return 130
    except Terminated:
        err("terminated; outputs were left as they were")
        return 143
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:  # a bug: one line, and how to report it
        if os.environ.get("KG_DEBUG"):
            raise
        err(f"internal error: {type(exc).__name__}: {exc} (rerun with KG_DEBUG=1 for details)")
        return EXIT_INTERNAL
    return rc if isinstance(rc, int) else EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
