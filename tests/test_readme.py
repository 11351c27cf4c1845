"""README.md contract: after the title and intro it starts with the two commands
`make run` and `make test`, and it mentions every `kg` subcommand and every saved query.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from kg.cli import app

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
FENCE = re.compile(r"^(```|~~~)[^\n]*\n(.*?)^\1\s*$", re.S | re.M)


@pytest.fixture(scope="module")
def readme() -> str:
    if not README.is_file():
        pytest.fail("README.md is missing", pytrace=False)
    return README.read_text(encoding="utf-8")


def _commands(block: str) -> list[str]:
    """Command lines of a code block: prompts, comments and blank lines dropped."""
    out = []
    for line in block.splitlines():
        line = re.sub(r"\s+#.*$", "", line).strip()
        line = re.sub(r"^\$\s*", "", line)
        if line and not line.startswith("#"):
            out.append(line)
    return out


def test_readme_has_a_title(readme):
    assert readme.lstrip().startswith("# "), "README.md must start with a '# title' line"


def test_readme_starts_with_the_two_commands(readme):
    fence = FENCE.search(readme)
    assert fence, "README.md has no code block"
    before = readme[:fence.start()]
    headings = re.findall(r"^#{2,} .*$", before, re.M)
    assert len(headings) <= 1, \
        f"the two commands must come right after the title and intro (at most one heading of their own), not after {headings}"
    assert _commands(fence.group(2)) == ["make run", "make test"]


def registered_commands() -> list[str]:
    return sorted(cmd.name or cmd.callback.__name__.replace("_", "-") for cmd in app.registered_commands)


def test_readme_mentions_every_subcommand(readme):
    names = registered_commands()
    assert {"build", "validate", "stats"} <= set(names)
    missing = [n for n in names if not re.search(rf"\bkg {re.escape(n)}\b", readme)]
    assert not missing, f"README.md never shows `kg <command>` for: {missing}"


def saved_queries() -> list[str]:
    return sorted(p.stem for p in (ROOT / "queries").glob("*.rq"))


def test_readme_mentions_every_saved_query(readme):
    names = saved_queries()
    assert names, "no saved queries in queries/"
    missing = [n for n in names if not re.search(rf"(?<![\w-]){re.escape(n)}(?![\w-])", readme)]
    assert not missing, f"README.md does not mention the saved queries: {missing}"
