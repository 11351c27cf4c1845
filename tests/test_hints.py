""""Did you mean": unknown subcommands, query names and parameter names get the nearest known one."""
from __future__ import annotations

from pathlib import Path

from kg.cli import main

MINI = Path(__file__).parent / "fixtures" / "mini.ttl"


def test_a_mistyped_subcommand_gets_a_hint(capsys):
    assert main(["qeury"]) == 1
    assert capsys.readouterr().err == "error: No such command 'qeury'. Did you mean 'query'? (see `kg --help`)\n"
    assert main(["exprot"]) == 1
    assert "Did you mean 'export'?" in capsys.readouterr().err


def test_a_mistyped_query_name_gets_a_hint(capsys):
    assert main(["query", "officals", "--graph", str(MINI)]) == 1
    assert capsys.readouterr().err.startswith("error: no saved query 'officals' — did you mean officials? ")


def test_a_mistyped_parameter_gets_a_hint(capsys):
    assert main(["query", "county-profile", "-p", "plac=吉縣", "--graph", str(MINI)]) == 1
    assert capsys.readouterr().err == ("error: unknown parameter(s) plac for query county-profile — "
                                       "did you mean place? declared: place\n")


def test_an_unrelated_parameter_gets_no_guess(capsys):
    assert main(["query", "county-profile", "-p", "zzz=1", "--graph", str(MINI)]) == 1
    assert capsys.readouterr().err == ("error: unknown parameter(s) zzz for query county-profile — "
                                       "declared: place\n")
