"""The HTML view in a real browser: Debian's Chromium driven by Playwright, offline.

Fails (never skips) when /usr/bin/chromium is missing: `make test` installs it.
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import RDFS

from kg.model.namespaces import NIF
from kg.rdf.files import load_graph
from kg.viz.selection import build_view
from kg.viz.entities import ViewOptions

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
IMG_PROBE = "<img src=x onerror=alert(1)>"
SCRIPT_PROBE = "</script><script>window.__pwned=1</script>"
SETTLE_BUDGET_MS = 2000


def kg(*args: str) -> None:
    """Run the real CLI in a subprocess."""
    proc = subprocess.run([sys.executable, "-m", "kg", *args], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr




class Visit:
    """A page opened from file:// with everything it tried to do recorded."""

    def __init__(self, browser, html: Path):
        # bypass_csp: the page's own CSP would block remote fetches silently; we want to see them.
        self.context = browser.new_context(bypass_csp=True, viewport={"width": 1400, "height": 900})
        self.page = self.context.new_page()
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.page.goto(html.resolve().as_uri())
        self.page.wait_for_function("window.__kgStabilisedMs !== undefined", timeout=30_000)
        self.settle_ms = self.page.evaluate("window.__kgStabilisedMs - window.__kgStartMs")

    def counts(self) -> dict:
        return self.page.evaluate("""() => ({
            nodes: network.body.data.nodes.length, edges: network.body.data.edges.length,
            drawnNodes: network.body.nodeIndices.length, drawnEdges: network.body.edgeIndices.length})""")

    def assert_clean(self) -> None:
        left = [u for u in self.requests if not u.startswith(("file://", "data:"))]
        assert left == [], f"requests left the machine: {left}"
        assert self.errors == [], f"console errors: {self.errors}"
        assert self.dialogs == [], f"dialogs opened: {self.dialogs}"
        assert self.page.evaluate("typeof window.__pwned") == "undefined"
        assert self.page.evaluate("document.querySelectorAll('img, iframe, object, embed').length") == 0


def expected(ttl: Path) -> tuple[int, int]:
    view = build_view(load_graph(ttl), ViewOptions())
    return view.graph.number_of_nodes(), view.graph.number_of_edges()


def test_seed_view_draws_the_converted_graph(browser, tmp_path):
    ttl, html = tmp_path / "seed.ttl", tmp_path / "seed.html"
    kg("build", "seeds/", "-o", str(ttl))
    kg("viz", str(ttl), "-o", str(html))
    visit = Visit(browser, html)
    nodes, edges = expected(ttl)
    assert visit.counts() == {"nodes": nodes, "edges": edges, "drawnNodes": nodes, "drawnEdges": edges}
    visit.assert_clean()
    assert visit.settle_ms < SETTLE_BUDGET_MS, f"took {visit.settle_ms:.0f} ms to settle"
    (ROOT / "out").mkdir(exist_ok=True)
    visit.page.screenshot(path=str(ROOT / "out" / "view-seed.png"))
    print(f"seed view: {nodes} nodes, {edges} edges, settled in {visit.settle_ms:.0f} ms")


def test_mini_view_filters_by_type_and_place(browser, tmp_path):
    html = tmp_path / "mini.html"
    kg("viz", str(FIXTURES / "view-mini.ttl"), "-o", str(html))
    visit = Visit(browser, html)
    assert visit.counts()["nodes"] == 15
    visit.page.uncheck("#legend input[data-kind=county]")
    assert visit.counts()["nodes"] == 13
    visit.page.select_option("#place", "id:place/141031000000")  # 隰縣: itself and the programme there
    assert visit.page.evaluate("kgView.shown.getIds()") == ["id:initiative/guang-fu-fu-pin-gong-cheng"]
    visit.page.click("#reset")
    assert visit.counts()["drawnNodes"] == 15
    visit.assert_clean()


def test_xss_article_runs_nothing(browser, tmp_path):
    """An article whose title, source line and text carry HTML and a script end tag."""
    ttl, html = tmp_path / "xss.ttl", tmp_path / "xss.html"
    kg("build", str(FIXTURES / "xss-article.txt"), "-o", str(ttl))
    kg("viz", str(ttl), "-o", str(html))
    visit = Visit(browser, html)
    visit.assert_clean()
    sources = visit.page.inner_text("#sources")
    assert IMG_PROBE in sources and SCRIPT_PROBE in sources  # shown as text
    assert visit.counts()["nodes"] == expected(ttl)[0]


def test_xss_labels_and_quotes_run_nothing(browser, tmp_path):
    """Probes in labels (canvas, menus) and in quotes (tooltips), whatever the extractor finds."""
    g = load_graph(FIXTURES / "view-mini.ttl")
    person = URIRef("https://w3id.org/fupin-kg/id/person/141028/yue-pu-yu")
    county = URIRef("https://w3id.org/fupin-kg/id/place/141028000000")
    phrase = URIRef("https://w3id.org/fupin-kg/id/article/mini/text#char=19,22")
    g.set((person, RDFS.label, Literal("岳普煜" + IMG_PROBE, lang="zh-Hant")))
    g.set((county, RDFS.label, Literal("吉縣" + SCRIPT_PROBE, lang="zh-Hant")))
    g.set((phrase, NIF.anchorOf, Literal(IMG_PROBE + SCRIPT_PROBE)))
    ttl, html = tmp_path / "probe.ttl", tmp_path / "probe.html"
    g.serialize(ttl, format="turtle")
    kg("viz", str(ttl), "-o", str(html))
    visit = Visit(browser, html)
    visit.assert_clean()
    tips = visit.page.evaluate("kgView.nodes.get().map(n => n.title.textContent).join('\\n')")
    assert IMG_PROBE in tips and SCRIPT_PROBE in tips
    places = visit.page.inner_text("#place")
    assert "吉縣" + SCRIPT_PROBE in places
