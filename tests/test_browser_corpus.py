"""The corpus entity view and the map of places in a real browser (Debian's Chromium, offline).

Corpora: the seed article; 199 synthetic articles (benchmarks/corpus.py) plus the seed, so the
200-article corpus also holds policy documents; 1,000 synthetic articles for the page-open
time. Screenshots go to out/screens/ (the README's pictures are copies of them).
Fails (never skips) when /usr/bin/chromium is missing: `make system-deps` installs it.
"""
from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS

from kg.model.namespaces import FUPIN, GEO, NIF, SCHEMA
from kg.rdf.files import load_graph

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
SCREENS = ROOT / "out" / "screens"
IMG_PROBE = "<img src=x onerror=alert(1)>"
SCRIPT_PROBE = "</script><script>window.__pwned=1</script>"
OPEN_BUDGET_MS = 5000
MIN_LABEL_PX = 11
PLACE_KINDS = {"province", "city", "county", "township", "village"}
MIN_LABEL_JS = """() => { let m = 1e9, k = 0; const s = network.getScale();
  for (const id of network.body.nodeIndices) { const l = network.body.nodes[id].labelModule;
    if (l.visible()) { k++; m = Math.min(m, l.fontOptions.size * s); } } return [m, k]; }"""


def kg(*args: str) -> str:
    """Run the real CLI in a subprocess; its stderr."""
    proc = subprocess.run([sys.executable, "-m", "kg", *args], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    return proc.stderr


def synthetic(n: int, folder: Path) -> Path:
    subprocess.run([sys.executable, str(ROOT / "benchmarks" / "corpus.py"), str(n), str(folder), "--seed", "6"],
                   check=True, capture_output=True)
    return folder




class Visit:
    """A page opened from file:// with everything it tried to do recorded."""

    def __init__(self, browser, html: Path):
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
        self.page.wait_for_function("window.__kgStabilisedMs !== undefined", timeout=60_000)
        self.open_ms = self.page.evaluate("window.__kgStabilisedMs")  # from navigation start

    def assert_clean(self) -> None:
        left = [u for u in self.requests if not u.startswith(("file://", "data:"))]
        assert left == [], f"requests left the machine: {left}"
        assert self.errors == [], f"console errors: {self.errors}"
        assert self.dialogs == [], f"dialogs opened: {self.dialogs}"
        assert self.page.evaluate("typeof window.__pwned") == "undefined"
        assert self.page.evaluate("document.querySelectorAll('img, iframe, object, embed').length") == 0

    def min_label(self) -> tuple[float, int]:
        """The smallest label drawn, in screen pixels, and how many labels are drawn."""
        size, count = self.page.evaluate(MIN_LABEL_JS)
        return size, count

    def shot(self, name: str) -> None:
        SCREENS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(SCREENS / name))


def places_with_coordinates(ttl: Path) -> int:
    g = load_graph(ttl)
    classes = {FUPIN.Province, FUPIN.Municipality, FUPIN.PrefectureLevelCity, FUPIN.County,
               FUPIN.CountyLevelCity, FUPIN.District, FUPIN.DevelopmentZone, FUPIN.Township, FUPIN.Village,
               FUPIN.AdministrativeArea}
    return sum(1 for s in {s for c in classes for s in g.subjects(RDF.type, c)} if (s, GEO.lat, None) in g)


@pytest.fixture(scope="module")
def seed(tmp_path_factory):
    d = tmp_path_factory.mktemp("seed")
    kg("build", "seeds/", "-o", str(d / "seed.ttl"))
    kg("viz", str(d / "seed.ttl"), "-o", str(d / "graph.html"))
    kg("map", str(d / "seed.ttl"), "-o", str(d / "map.html"))  # after the view: it links to it
    return d


@pytest.fixture(scope="module")
def corpus200(tmp_path_factory):
    d = tmp_path_factory.mktemp("c200")
    arts = synthetic(199, d / "articles")
    shutil.copy(ROOT / "seeds" / "linfen-2017-10-17.txt", arts)
    kg("build", str(arts), "-o", str(d / "corpus.trig"), "--jobs", "2")
    kg("map", str(d / "corpus.trig"), "-o", str(d / "map.html"))
    kg("viz", str(d / "corpus.trig"), "-o", str(d / "graph.html"))
    return d


def test_seed_view_and_map(browser, seed):
    view = Visit(browser, seed / "graph.html")
    view.assert_clean()
    size, count = view.min_label()
    assert size >= MIN_LABEL_PX and count >= 20, (size, count)
    stats = view.page.evaluate("kgView.nodes.get().filter(n => n.kind === 'statistic').map(n => n.label)")
    assert stats and all(" " in s for s in stats), stats[:5]  # 貧困戶 1200戶, not a bare number
    view.shot("view-seed.png")
    m = Visit(browser, seed / "map.html")
    m.assert_clean()
    assert m.page.evaluate("document.querySelectorAll('circle.marker').length") == places_with_coordinates(
        seed / "seed.ttl")
    assert m.page.evaluate("document.querySelectorAll('path.province').length") == 34
    assert m.page.get_attribute("#view-link", "href") == "graph.html"
    m.shot("map-seed.png")


def test_corpus_view_shows_entities_not_fact_nodes(browser, corpus200):
    v = Visit(browser, corpus200 / "graph.html")
    v.assert_clean()
    kinds = set(v.page.evaluate("kgView.shown.get().map(n => n.kind)"))
    assert {"person", "initiative", "document"} <= kinds and kinds & PLACE_KINDS, kinds
    every = set(v.page.evaluate("KG_DATA.nodes.map(n => n.kind)"))
    assert every <= {"person", "organisation", "initiative", "document"} | PLACE_KINDS, every
    assert not v.page.evaluate("KG_DATA.nodes.some(n => n.id.includes('/amount/') || n.id.includes('/stat/'))")
    size, count = v.min_label()
    assert size >= MIN_LABEL_PX and count >= 10, (size, count)
    assert v.page.get_attribute("#map-link", "href") == "map.html"
    assert "報道篇數" in v.page.inner_text(".size-note")  # the legend says what node size means
    v.shot("view-corpus-200.png")
    print(f"200-article view opened in {v.open_ms:.0f} ms; smallest label {size:.1f} px, {count} labels")


def legend_counts(v: Visit) -> dict[str, str]:
    return v.page.evaluate("Object.fromEntries([...document.querySelectorAll('#legend .count')]"
                           ".map(c => [c.dataset.kind, c.textContent]))")


def test_place_filter_updates_counts_and_legend(browser, corpus200):
    v = Visit(browser, corpus200 / "graph.html")
    before = legend_counts(v)
    place = v.page.evaluate("KG_DATA.places.find(p => p[0] === 'id:place/141000')[0]")  # 臨汾市, the seed's city
    v.page.select_option("#place", place)
    after = legend_counts(v)
    assert after != before
    shown = v.page.evaluate("kgView.shown.get()")
    assert shown and all(place in n["places"] for n in shown)
    for kind, text in after.items():
        drawn = sum(1 for n in shown if n["kind"] == kind)
        assert text.split(" / ")[0] == str(drawn), (kind, text, drawn)
    assert v.page.inner_text("#summary").startswith(f"顯示 {len(shown)} /")
    v.page.click("#reset")
    assert legend_counts(v) == before
    v.assert_clean()


def test_search_finds_a_node_that_is_not_drawn(browser, corpus200):
    v = Visit(browser, corpus200 / "graph.html")
    hidden = v.page.evaluate("KG_DATA.nodes.find(n => n.kind === 'person' && !kgView.shown.get(n.id))")
    assert hidden is not None
    v.page.fill("#find", hidden["full"])
    v.page.dispatch_event("#find", "change")
    assert v.page.evaluate(f"kgView.shown.get({hidden['id']!r}) !== null")
    assert v.page.evaluate("network.getSelectedNodes()") == [hidden["id"]]
    assert hidden["full"] in v.page.inner_text("#details")
    v.assert_clean()


def test_facts_flag_brings_fact_nodes_back(browser, corpus200, tmp_path):
    html = tmp_path / "facts.html"
    kg("viz", str(corpus200 / "corpus.trig"), "-o", str(html), "--facts", "--place", "臨汾市")
    v = Visit(browser, html)
    kinds = set(v.page.evaluate("kgView.nodes.get().map(n => n.kind)"))
    assert "amount" in kinds, kinds
    v.assert_clean()


def test_corpus_map(browser, corpus200):
    m = Visit(browser, corpus200 / "map.html")
    m.assert_clean()
    n = m.page.evaluate("document.querySelectorAll('circle.marker').length")
    assert n == places_with_coordinates(corpus200 / "corpus.trig") > 100
    radii = "[...document.querySelectorAll('circle.marker')].map(c => c.getAttribute('r')).join()"
    by_articles = m.page.evaluate(radii)
    m.page.check("#size-funding")
    assert m.page.evaluate(radii) != by_articles
    m.page.check("#size-articles")
    marker = m.page.locator("circle.marker").last  # drawn last: the smallest, on top
    marker.hover()
    tip = m.page.inner_text("#tip")
    assert "「" in tip  # a source sentence: provenance
    marker.click()
    assert m.page.locator("#details li").count() >= 1
    assert "view-link" not in m.page.content()  # written before the view, so no link yet
    m.shot("map-corpus-200.png")


def test_xss_in_article_text_stays_inert_on_both_pages(browser, tmp_path):
    arts = tmp_path / "arts"
    arts.mkdir()
    shutil.copy(FIXTURES / "xss-article.txt", arts)
    shutil.copy(ROOT / "seeds" / "linfen-2017-10-17.txt", arts)
    kg("build", str(arts), "-o", str(tmp_path / "x.ttl"))
    g = load_graph(tmp_path / "x.ttl")
    person = next(g.subjects(RDF.type, FUPIN.Official))
    county = URIRef("https://w3id.org/fupin-kg/id/place/141028")
    g.set((person, RDFS.label, Literal("岳普煜" + IMG_PROBE, lang="zh-Hant")))
    g.set((county, RDFS.label, Literal("吉縣" + SCRIPT_PROBE, lang="zh-Hant")))
    for sentence in list(g.subjects(RDF.type, NIF.Sentence)):
        g.set((sentence, NIF.anchorOf, Literal(IMG_PROBE + SCRIPT_PROBE)))
    for art in g.subjects(RDF.type, SCHEMA.NewsArticle):
        g.set((art, SCHEMA.headline, Literal("標題" + SCRIPT_PROBE + IMG_PROBE, lang="zh-Hant")))
    g.serialize(tmp_path / "probe.ttl", format="turtle")
    kg("viz", str(tmp_path / "probe.ttl"), "-o", str(tmp_path / "graph.html"))
    kg("map", str(tmp_path / "probe.ttl"), "-o", str(tmp_path / "map.html"))
    v = Visit(browser, tmp_path / "graph.html")
    v.assert_clean()
    assert v.page.evaluate("KG_DATA.nodes.length === kgView.shown.length")  # all drawn: tooltips made
    tips = v.page.evaluate("kgView.shown.get().map(n => n.title.textContent).join('\\n')")
    assert IMG_PROBE in tips and SCRIPT_PROBE in tips
    v.page.evaluate("kgFind('吉縣' + " + repr(SCRIPT_PROBE) + ")")
    assert SCRIPT_PROBE in v.page.inner_text("#details")
    v.assert_clean()
    m = Visit(browser, tmp_path / "map.html")
    m.assert_clean()
    m.page.evaluate("kgMap.details('id:place/141028')")
    assert SCRIPT_PROBE in m.page.inner_text("#details") and IMG_PROBE in m.page.inner_text("#details")
    m.page.dispatch_event("circle.marker[data-id='id:place/141028']", "mousemove", {"clientX": 500, "clientY": 300})
    assert SCRIPT_PROBE in m.page.inner_text("#tip")
    m.assert_clean()


def test_kg_map_refuses_a_file_it_did_not_write(tmp_path):
    target = tmp_path / "map.html"
    target.write_text("<p>mine</p>", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "kg", "map", str(FIXTURES / "view-mini.ttl"), "-o", str(target)],
                          cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 1 and target.read_text(encoding="utf-8") == "<p>mine</p>"
    kg("map", str(FIXTURES / "view-mini.ttl"), "-o", str(target), "--force")
    assert '<meta name="generator" content="fupin-kg">' in target.read_text(encoding="utf-8")


def test_page_opens_in_under_five_seconds_at_1000_articles(browser, tmp_path):
    arts = synthetic(1000, tmp_path / "articles")
    kg("build", str(arts), "-o", str(tmp_path / "corpus.trig"), "--jobs", "2")
    t0 = time.perf_counter()
    kg("viz", str(tmp_path / "corpus.trig"), "-o", str(tmp_path / "graph.html"))
    write_s = time.perf_counter() - t0
    v = Visit(browser, tmp_path / "graph.html")
    v.assert_clean()
    size, count = v.min_label()
    mb = (tmp_path / "graph.html").stat().st_size / 1e6
    print(f"1,000 articles: page opened in {v.open_ms:.0f} ms ({mb:.1f} MB, written in {write_s:.0f} s); "
          f"smallest label {size:.1f} px, {count} labels")
    assert v.open_ms < OPEN_BUDGET_MS, f"took {v.open_ms:.0f} ms to open"
    assert size >= MIN_LABEL_PX
