"""kg.read: encodings, HTML pages, binary and oversized files.

Encoded and HTML copies of the seed are written to tmp_path at test time (no binary
fixtures in the repository); each must decode to exactly the UTF-8 text and build a
graph isomorphic to the UTF-8 build once the article IRI is renamed.
"""
from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from kg.model.errors import InputError
from kg.pipeline import build
from kg.rdf.writer import merged
from kg.text.read import decode, html_to_article, looks_like_html, parse_article, plausibility, read_article

SEED = Path(__file__).resolve().parents[1] / "seeds" / "linfen-2017-10-17.txt"
TEXT = SEED.read_text(encoding="utf-8")
# Big5 cannot hold the pinyin tone marks nor the simplified characters of the passages
# garbled at the source; a Big5 copy has '?' there, as any converter would write.
BIG5_TEXT = TEXT.encode("big5", errors="replace").decode("big5")


def _graph_of(path: Path) -> Graph:
    result = build([path])
    assert not result.failures, result.failures
    return merged(result)


def _rename_article(g: Graph, old: str, new: str) -> Graph:
    """The same graph with every IRI under article/<old> moved to article/<new>."""
    def fix(term):
        if isinstance(term, URIRef) and f"/article/{old}" in term:
            return URIRef(str(term).replace(f"/article/{old}", f"/article/{new}"))
        return term

    out = Graph()
    for s, p, o in g:
        out.add((fix(s), fix(p), fix(o)))
    return out


def assert_isomorphic(expected: Graph, actual: Graph) -> None:
    if isomorphic(expected, actual):
        return
    _, only_expected, only_actual = graph_diff(to_isomorphic(expected), to_isomorphic(actual))
    lines = ["graphs differ", "only in expected:"]
    lines += sorted(f"  {t}" for t in only_expected)[:20]
    lines += ["only in actual:"] + sorted(f"  {t}" for t in only_actual)[:20]
    pytest.fail("\n".join(lines))


@pytest.fixture(scope="module")
def utf8_graph(tmp_path_factory) -> Graph:
    path = tmp_path_factory.mktemp("utf8") / "seed.txt"
    path.write_text(TEXT, encoding="utf-8")
    return _graph_of(path)


# -- encodings -----------------------------------------------------------------------

ENCODED = {
    "utf-8-bom": (TEXT, lambda t: t.encode("utf-8-sig"), "utf-8-sig"),
    "utf-16-bom": (TEXT, lambda t: t.encode("utf-16"), "utf-16-le"),
    "utf-16-be-bom": (TEXT, lambda t: b"\xfe\xff" + t.encode("utf-16-be"), "utf-16-be"),
    "utf-16-le": (TEXT, lambda t: t.encode("utf-16-le"), "utf-16-le"),
    "utf-16-be": (TEXT, lambda t: t.encode("utf-16-be"), "utf-16-be"),
    # GB18030 writes the seed in GBK's two-byte form (its one private-use character sits
    # in GBK's user-defined area), so this is also the seed's GBK copy.
    "gbk": (TEXT, lambda t: t.encode("gb18030"), "gb18030"),
    "big5": (BIG5_TEXT, lambda t: t.encode("big5"), "big5"),
}


@pytest.mark.parametrize("name", ENCODED)
def test_encoded_copy_decodes_to_the_utf8_text(tmp_path, name):
    text, encode, encoding = ENCODED[name]
    path = tmp_path / f"seed-{name}.txt"
    path.write_bytes(encode(text))
    raw = read_article(path)
    assert raw.encoding == encoding
    assert raw.text == text


def test_gbk_copy_is_two_byte_gbk():
    private = {c for c in TEXT if "\ue000" <= c <= "\uf8ff"}  # two private-use characters
    rest = "".join(c for c in TEXT if c not in private)
    assert rest.encode("gbk") == rest.encode("gb18030")
    for c in private:  # GB18030 puts them in GBK's user-defined two-byte area
        code = c.encode("gb18030")
        assert len(code) == 2 and (0xAA <= code[0] <= 0xAF or 0xF8 <= code[0] <= 0xFE or 0xA1 <= code[0] <= 0xA7)


@pytest.mark.parametrize("name", ["gbk", "big5", "utf-16-le", "utf-8-bom"])
def test_encoded_copy_builds_the_same_graph(tmp_path, name, utf8_graph):
    text, encode, _ = ENCODED[name]
    (tmp_path / "utf8").mkdir()
    (tmp_path / "enc").mkdir()
    reference = tmp_path / "utf8" / "seed.txt"
    reference.write_text(text, encoding="utf-8")
    copy = tmp_path / "enc" / f"seed-{name}.txt"
    copy.write_bytes(encode(text))
    expected = utf8_graph if text is TEXT else _graph_of(reference)
    assert_isomorphic(expected, _rename_article(_graph_of(copy), f"seed-{name}", "seed"))


SHORT = ["扶貧工作取得成效。", "扶贫工作取得成效。", "臨汾市召開會議", "脫貧攻堅", "贫困户人均增收1000元",
         "吉縣蘋果產業鼓起農民錢袋子"]
SHORT_CASES = [(s, e) for e in ("gbk", "big5", "utf-16-le", "utf-16-be") for s in SHORT
               if not (e == "big5" and s.encode("big5", errors="replace").count(b"?"))]


@pytest.mark.parametrize(("sample", "encoding"), SHORT_CASES)
def test_short_texts_decode_exactly(sample, encoding):
    assert decode(sample.encode(encoding))[0] == sample


def test_wrong_guesses_score_lower():
    assert plausibility(BIG5_TEXT) > plausibility(BIG5_TEXT.encode("big5").decode("gb18030")) + 0.2
    assert plausibility("abc\x00def") == 0.0


def test_bom_with_invalid_body_is_an_input_error():
    with pytest.raises(InputError, match="not valid UTF-8 although it starts with that byte-order mark"):
        decode(b"\xef\xbb\xbf\xff\xfe\xfa", where="x.txt")


# -- HTML ----------------------------------------------------------------------------

def seed_page(text: str, *, charset: str = "utf-8") -> str:
    """The seed as a saved news page: navigation, tools, sidebar, scripts and footer around it."""
    lines = text.split("\n")
    title, dateline, body = lines[0], lines[2], lines[4:]

    def esc(line: str) -> str:
        line = html.escape(line, quote=False)
        return re.sub(r"^ +| {2,}", lambda m: "&nbsp;" * len(m.group()), line)

    parts: list[str] = []
    blank = 0
    for line in body:
        if line == "":
            blank += 1
            continue
        if parts and blank > 1:
            parts.append("<br>" * (blank - 1))  # an extra empty line in the page
        blank = 0
        parts.append(f"<p>{esc(line)}</p>")
    time, source = dateline.split(" ", 2)[:2], dateline.split(" ", 2)[2]
    paragraphs = "\n    ".join(parts)
    return f"""<!DOCTYPE html>
<html lang="zh-Hant">
<head>
  <meta charset="{charset}">
  <title>{html.escape(title)}_臨汾新聞網</title>
  <meta name="keywords" content="脫貧攻堅,臨汾">
  <script>var _hmt = _hmt || []; document.write("<p>廣告位招租，聯繫電話：0357-1234567</p>");</script>
  <style>.content p {{ text-indent: 2em; }}</style>
</head>
<body>
<div class="top">
  <nav><ul><li><a href="/">首頁</a></li><li><a href="/news">臨汾要聞</a></li><li><a href="/fp">脫貧攻堅</a></li></ul></nav>
  <div class="crumbs">當前位置：<a href="/">首頁</a> &gt; <a href="/news">臨汾要聞</a> &gt; 正文</div>
</div>
<div class="main">
  <div class="left">
    <h1 class="title">{esc(title)}</h1>
    <div class="info"><span class="time">{" ".join(time)}</span> <span class="source">{esc(source)}</span></div>
    <div class="tools">【字體：<a href="#">大</a> <a href="#">中</a> <a href="#">小</a>】 <a href="#">打印本頁</a></div>
    <div class="content" id="zoom">
    {paragraphs}
    <script>showVideo("v1", "扶貧視頻");</script>
    </div>
    <div class="share">分享到：<a href="#">微信</a> <a href="#">微博</a></div>
    <div class="related"><h3>相關新聞</h3><ul>
      <li><a href="/1">臨汾市召開脫貧攻堅工作推進會議部署下一階段重點任務</a></li>
      <li><a href="/2">吉縣蘋果產業帶動貧困戶增收致富的做法和經驗</a></li></ul></div>
  </div>
  <aside class="right"><h3>熱點排行</h3><ol>
    <li><a href="/3">汾西縣一村一品一主體產業扶貧樹典型的經驗做法介紹</a></li>
    <li>本站推薦：臨汾市二〇一七年脫貧攻堅工作綜述和明年的工作計劃與安排部署</li></ol></aside>
</div>
<!-- 統計代碼開始 -->
<footer><p>臨汾新聞網版權所有 未經授權禁止複製或建立鏡像</p><p>晉ICP備05000000號 聯繫電話：0357-7654321</p></footer>
</body>
</html>
"""


def test_html_page_yields_the_article_layout():
    assert html_to_article(seed_page(TEXT)) == TEXT


def test_html_page_builds_the_same_graph(tmp_path, utf8_graph):
    page = tmp_path / "page.html"
    page.write_text(seed_page(TEXT), encoding="utf-8")
    raw = read_article(page)
    assert (raw.kind, raw.text) == ("html", TEXT)
    assert_isomorphic(utf8_graph, _rename_article(_graph_of(page), "page", "seed"))


def test_gbk_html_page_with_declared_charset(tmp_path):
    page = tmp_path / "page.htm"
    page.write_bytes(seed_page(TEXT, charset="gbk").encode("gb18030"))
    raw = read_article(page)
    assert (raw.kind, raw.encoding, raw.text) == ("html", "gb18030", TEXT)


def test_html_detected_by_content(tmp_path):
    path = tmp_path / "saved.txt"
    path.write_text(seed_page(TEXT), encoding="utf-8")
    assert read_article(path).kind == "html"
    assert looks_like_html("  <!doctype html><html>")
    assert not looks_like_html("臨汾 <html> 標籤")


def test_html_without_h1_uses_meta_and_title():
    page = """<html><head><title>吉縣蘋果產業鼓起農民錢袋子 - 臨汾新聞網</title>
    <meta property="article:published_time" content="2017-10-17T09:07:20+08:00">
    <meta name="ContentSource" content="臨汾日報"></head>
    <body><div id="a"><p>吉縣蘋果產業帶動貧困戶增收。</p><p>全縣果農人均收入增長。</p></div></body></html>"""
    assert html_to_article(page) == ("吉縣蘋果產業鼓起農民錢袋子\n\n2017-10-17 09:07:20 來源:臨汾日報\n\n"
                                     "吉縣蘋果產業帶動貧困戶增收。\n\n全縣果農人均收入增長。")


def test_br_separated_body():
    page = "<html><body><h1>標題</h1><div class='c'>第一段，扶貧。<br><br>第二段，脫貧。<br>同段下一行。</div></body></html>"
    assert html_to_article(page) == "標題\n\n第一段，扶貧。\n\n第二段，脫貧。\n同段下一行。"


# -- bad files -----------------------------------------------------------------------

@pytest.mark.parametrize(("data", "looks_like"), [
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "a PNG image"),
    (b"\xff\xd8\xff\xe0\x00\x10JFIF", "a JPEG image"),
    (b"GIF89a\x01\x00", "a GIF image"),
    (b"RIFF\x00\x00\x00\x00WEBPVP8 ", "a WebP image"),
    (b"%PDF-1.7\n", "a PDF document"),
    (b"PK\x03\x04\x14\x00", "a ZIP archive, or a .docx/.xlsx file"),
    (b"\x1f\x8b\x08\x00", "a gzip archive"),
    (b"\x7fELF\x02\x01", "an executable"),
])
def test_binary_files_are_named(data, looks_like):
    with pytest.raises(InputError) as info:
        parse_article(data, where="f.txt")
    assert str(info.value) == (f"f.txt: binary file (looks like {looks_like}) — "
                               "pass a text or HTML article; binary files cannot be read")


def test_oversized_file_is_refused_without_reading(tmp_path, monkeypatch):
    big = tmp_path / "big.txt"
    with big.open("wb") as fh:
        fh.truncate(50 * 2**20)
    monkeypatch.setattr(Path, "open", lambda *a, **k: pytest.fail("read an oversized file"))
    with pytest.raises(InputError, match=r"file too large \(50\.0 MB; the limit is 20 MB\)"):
        read_article(big)
