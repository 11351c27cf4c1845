"""Resource limits and option checks that used to end in thousands of warnings, an internal error,
workers killed for memory, or a quadratic stripper."""
from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from kg.cli import main
from kg.pipeline import max_jobs

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "linfen-2017-10-17.txt"


@pytest.mark.parametrize("base", ["http://ex.org/a b/", "http://ex.org/<x>/", 'http://ex.org/"q"/',
                                  "http://ex.org/a{b}/", "http://ex.org/#x#y"])
def test_a_base_iri_with_characters_an_iri_cannot_hold_is_a_user_error(tmp_path, capsys, base):
    assert main(["build", str(SEED), "--base", base, "-o", str(tmp_path / "g.ttl")]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--base" in err and "Traceback" not in err
    assert not (tmp_path / "g.ttl").exists()


def test_too_many_jobs_are_capped_with_a_note(tmp_path, capsys):
    assert 1 <= max_jobs() < 500
    assert main(["build", str(SEED), "--jobs", "500", "-o", str(tmp_path / "g.ttl")]) == 0
    assert f"note: --jobs 500 is more than this machine can hold; using {max_jobs()}" in capsys.readouterr().err


def _run_limited(code: str, *, seconds: int, memory_mb: int) -> subprocess.CompletedProcess:
    """Run Python code in a child under a CPU-time and address-space limit."""
    prelude = textwrap.dedent(f"""
        import resource
        resource.setrlimit(resource.RLIMIT_CPU, ({seconds}, {seconds}))
        resource.setrlimit(resource.RLIMIT_AS, ({memory_mb} * 2**20, {memory_mb} * 2**20))
    """)
    return subprocess.run([sys.executable, "-c", prelude + code], capture_output=True, text=True, timeout=seconds * 4)


def test_the_pinyin_stripper_is_not_quadratic_on_nested_parentheses():
    r = _run_limited("from kg.text.clean import strip_pinyin\n"
                     "s = '字' + '(jiān' * 8000 + ')' * 8000\n"
                     "assert strip_pinyin(s).startswith('字')\n"
                     "assert strip_pinyin('字(hǎo(hǎo))') == '字'\n", seconds=5, memory_mb=1024)
    assert r.returncode == 0, r.stderr[-500:]
