"""Shared test helpers."""
from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest

from kg.model.records import Document
from kg.text.clean import clean


def make_article(body: str, *, title: str = "临汾:脱贫攻坚捷报频传", published: str = "2017-10-17 09:07:20",
                 source: str = "临汾新闻网", article_id: str = "t") -> Document:
    """A cleaned Document in the genre's layout: title, dateline, then the body's paragraphs.

    Paragraphs in `body` are separated by blank lines; each is indented like the seed's.
    """
    paragraphs = "\n\n".join("  " + p.strip() for p in body.split("\n\n"))
    raw = f"{title}\n\n{published} 来源:{source}\n\n{paragraphs}\n"
    return clean(raw, article_id=article_id)


@pytest.fixture
def article():
    """Factory: `article(body, title=..., published=..., source=...)` → Document."""
    return make_article


@pytest.fixture(params=["zh-Hans", "zh-Hant"])
def article_in_script(request):
    """Factory like `article`, run once in simplified and once in traditional script
    (the body, title and source are converted with OpenCC s2t for the traditional run)."""
    import opencc

    convert = opencc.OpenCC("s2t").convert if request.param == "zh-Hant" else (lambda s: s)

    def make(body: str, *, title: str = "临汾:脱贫攻坚捷报频传", source: str = "临汾新闻网", **kw) -> Document:
        return make_article(convert(body), title=convert(title), source=convert(source), **kw)

    make.script = request.param
    return make


# Each run gets its own temporary folder, removed when the run ends: `make test` leaves none
# behind (tests/test_leftovers.py). pytest's own numbered folders are shared by every run on the
# machine, and a run that keeps none of them leaves its own unlocked for others to delete.
@pytest.hookimpl(tryfirst=True)
def pytest_configure(config):
    if config.option.basetemp is None:
        config._kg_basetemp = tempfile.mkdtemp(prefix="kg-tests-")
        config.option.basetemp = config._kg_basetemp


def pytest_unconfigure(config):
    path = getattr(config, "_kg_basetemp", None)
    if path:
        shutil.rmtree(path, ignore_errors=True)


CHROMIUM = "/usr/bin/chromium"  # Debian's package (`make system-deps`); never `playwright install`


@pytest.fixture(scope="module")
def browser():
    """Headless Debian Chromium through playwright, one per test module (the browser tests share it)."""
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian chromium is not installed: run `make system-deps` "
                    "(apt-get install chromium); never `playwright install`")
    from playwright.sync_api import sync_playwright  # lazy: only browser tests need playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, headless=True,
                               args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        yield b
        b.close()
