"""Read stage: turn a file into article text. Decoding and HTML extraction; no cleaning.

Decoding follows the WHATWG order of evidence: a byte-order mark, then a strict
UTF-8 decode, then (HTML only) the page's declared charset, then strict trial decodes
of the Chinese legacy encodings (GB18030 ⊃ GBK ⊃ GB2312, Big5/CP950) and BOM-less
UTF-16, ranked by how much the result looks like Chinese prose; charset-normalizer
is the last resort. HTML pages are parsed with BeautifulSoup (lxml) and returned in
the layout the text stage expects: title, blank line, date/source line, blank line,
paragraphs separated by blank lines.
"""
from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from kg.model.errors import InputError

MAX_BYTES = 20 * 1024 * 1024
# Text longer than kg.extract.segments.SEGMENT_CHARS is extracted segment by segment, so a build
# takes time linear in the text (repeated news text, `benchmarks/big_article.py`: 0.2 / 1 / 5 / 20 MB
# in 1.7 / 6.2 / 34 / 139 s, size exponent 0.96) and memory growing with it (20 MB, 9.7 million
# characters: 1.8 GB peak); the limit keeps a build within about 2 GB. A file may be larger than
# its text (an HTML page's markup), up to MAX_BYTES.
MAX_TEXT_CHARS = 10_500_000
HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml")
_FIX_ENCODING = "save it as UTF-8 (or pass a GB18030, GBK, Big5 or UTF-16 file)"

# Leading bytes of common non-text files: (magic, offset, name).
_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", 0, "a PNG image"),
    (b"\xff\xd8\xff", 0, "a JPEG image"),
    (b"GIF87a", 0, "a GIF image"),
    (b"GIF89a", 0, "a GIF image"),
    (b"WEBP", 8, "a WebP image"),
    (b"II*\x00", 0, "a TIFF image"),
    (b"MM\x00*", 0, "a TIFF image"),
    (b"%PDF-", 0, "a PDF document"),
    (b"PK\x03\x04", 0, "a ZIP archive, or a .docx/.xlsx file"),
    (b"PK\x05\x06", 0, "an empty ZIP archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 0, "an old Office (.doc/.xls) file"),
    (b"\x1f\x8b", 0, "a gzip archive"),
    (b"7z\xbc\xaf\x27\x1c", 0, "a 7-Zip archive"),
    (b"Rar!\x1a\x07", 0, "a RAR archive"),
    (b"BZh", 0, "a bzip2 archive"),
    (b"\xfd7zXZ\x00", 0, "an xz archive"),
    (b"\x7fELF", 0, "an executable"),
    (b"SQLite format 3\x00", 0, "an SQLite database"),
)
_BOMS = (  # UTF-32 before UTF-16: FF FE 00 00 starts with FF FE
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
_LEGACY = ("gb18030", "big5", "cp950", "big5hkscs")
_ALIASES = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "cp936": "gb18030",
            "euc-cn": "gb18030", "big5-hkscs": "big5hkscs", "x-big5": "big5"}
_GOOD_PUNCT = set("，。、；：？！“”‘’（）《》〈〉【】「」『』—…·．％～")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
_MIN_SCORE = 0.6


@dataclass(frozen=True)
class RawArticle:
    path: str
    text: str
    encoding: str
    kind: str = "text"  # text | html


# -- decoding ------------------------------------------------------------------------

def sniff_binary(data: bytes) -> str | None:
    """What a binary file looks like (`"a PNG image"` …), or None for text."""
    for magic, offset, name in _MAGIC:
        if data[offset:offset + len(magic)] == magic and (offset == 0 or data[:4] == b"RIFF"):
            return name
    return None


@cache
def _common_hanzi() -> frozenset[str]:
    """The most frequent characters: GB2312 level 1 (simplified) and Big5 常用字 (traditional)."""
    chars: set[str] = set()
    for lead in range(0xB0, 0xD8):
        for trail in range(0xA1, 0xFF):
            try:
                chars.add(bytes((lead, trail)).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    for lead in range(0xA4, 0xC7):
        for trail in (*range(0x40, 0x7F), *range(0xA1, 0xFF)):
            if (lead, trail) < (0xC6, 0x7F):
                try:
                    chars.add(bytes((lead, trail)).decode("big5"))
                except UnicodeDecodeError:
                    pass
    return frozenset(chars)


def plausibility(text: str, *, sample: int = 20_000) -> float:
    """Share of a text that looks like Chinese prose (0–1); 0 if it holds control characters."""
    head = text[:sample]
    if not head:
        return 1.0
    if _CONTROL.search(head):
        return 0.0
    common = _common_hanzi()
    good = sum(1 for c in head if c in common or c in _GOOD_PUNCT or (c.isascii() and c.isprintable())
               or c in "\n\r\t\u3000")
    return good / len(head)


def _strict(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def _utf16_candidates(data: bytes) -> list[str]:
    """BOM-less UTF-16 byte orders worth trying: even length, and any NUL bytes (the high
    bytes of ASCII characters) all on one side of each code unit."""
    if len(data) % 2:
        return []
    sample = data[:65536]
    odd, even = sample[1::2].count(0), sample[0::2].count(0)
    if odd + even == 0:
        return ["utf-16-le", "utf-16-be"]
    if even <= odd // 20:
        return ["utf-16-le"]
    if odd <= even // 20:
        return ["utf-16-be"]
    return []


def decode(data: bytes, *, where: str = "input", declared: str | None = None) -> tuple[str, str]:
    """Decode article bytes; returns (text, encoding name)."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            text = _strict(data[len(bom):], encoding)
            if text is None:
                raise InputError(f"not valid {encoding.upper()} although it starts with that byte-order mark",
                                 where=where, fix=_FIX_ENCODING)
            return text, encoding + ("-sig" if encoding == "utf-8" else "")
    if b"\x00" not in data:
        text = _strict(data, "utf-8")
        if text is not None:
            return text, "utf-8"
    trials = list(_utf16_candidates(data)) if b"\x00" in data else [*_LEGACY, *_utf16_candidates(data)]
    if declared and b"\x00" not in data:
        declared = _ALIASES.get(declared.lower(), declared.lower())
        trials = [declared] + [t for t in trials if t != declared]
    best: tuple[float, int, str, str] | None = None
    for rank, encoding in enumerate(trials):
        text = _strict(data, encoding)
        if text is None:
            continue
        score = plausibility(text)
        if encoding.startswith("utf-16") and score < 0.9:
            continue
        if score >= 0.97 and rank == 0 and declared:
            return text, encoding
        if score >= _MIN_SCORE and (best is None or score > best[0]):
            best = (score, rank, text, encoding)
    if best is not None:
        return best[2], best[3]
    if b"\x00" in data:
        raise InputError("binary file (contains NUL bytes)", where=where,
                         fix="pass a text or HTML article; binary files cannot be read")
    return _last_resort(data, where=where)


def _last_resort(data: bytes, *, where: str) -> tuple[str, str]:
    from charset_normalizer import from_bytes  # lazy: only files that are not UTF-8 need a charset guess

    best = from_bytes(data).best()
    if best is None or plausibility(str(best)) < _MIN_SCORE:
        raise InputError("not text in any known encoding", where=where, fix=_FIX_ENCODING)
    return str(best), best.encoding


# -- files ---------------------------------------------------------------------------

def _kind_of(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def read_bytes(path: str | Path, *, limit: int = MAX_BYTES) -> bytes:
    """The bytes of a regular file no larger than `limit`; everything else is an InputError."""
    p = Path(path)
    where = str(p)
    try:
        st = p.stat()
    except FileNotFoundError:
        raise InputError("no such file", where=where, fix="check the path") from None
    except OSError as exc:
        raise InputError(f"cannot read ({exc.strerror})", where=where, fix="check the path and its permissions") from None
    if stat.S_ISDIR(st.st_mode):
        raise InputError("is a directory", where=where, fix="pass the files, or the directory to `kg build`")
    if not stat.S_ISREG(st.st_mode):
        raise InputError(f"is {_kind_of(st.st_mode)}, not a file", where=where, fix="pass a text or HTML article file")
    too_big = InputError(f"file too large ({st.st_size / 2**20:.1f} MB; the limit is {limit / 2**20:.0f} MB)",
                         where=where, fix="split it into one file per article")
    if st.st_size > limit:
        raise too_big
    try:
        with p.open("rb") as fh:
            data = fh.read(limit + 1)
    except OSError as exc:
        raise InputError(f"cannot read ({exc.strerror})", where=where, fix="check the file's permissions") from None
    if len(data) > limit:  # grew since stat
        raise too_big
    return data


def _declared_charset(data: bytes) -> str | None:
    head = data[:4096].lower()
    if b"charset" not in head and b"encoding" not in head:  # nothing declared: skip bs4's import
        return None
    from bs4.dammit import EncodingDetector  # lazy: bs4 is only needed for HTML pages

    return EncodingDetector.find_declared_encoding(data[:4096], is_html=True)


def looks_like_html(text: str) -> bool:
    """True when a text starts like an HTML page (doctype, <html>, <head> or <body>)."""
    head = text[:4096].lstrip("\ufeff \t\r\n").lower()
    if head.startswith(("<!doctype html", "<html", "<head", "<body", "<meta")):
        return True
    return head.startswith(("<?xml", "<!--")) and "<html" in head


def parse_article(data: bytes, *, where: str = "input", html: bool | None = None) -> RawArticle:
    """Decode bytes (and extract the article if they are an HTML page)."""
    binary = sniff_binary(data)
    if binary:
        raise InputError(f"binary file (looks like {binary})", where=where,
                         fix="pass a text or HTML article; binary files cannot be read")
    declared = _declared_charset(data) if html is not False else None
    text, encoding = decode(data, where=where, declared=declared)
    if html or (html is None and looks_like_html(text)):
        return RawArticle(where, html_to_article(text), encoding, "html")
    return RawArticle(where, text, encoding)


_KG_PAGE = re.compile(rb"<meta\s+name=[\"']?generator[\"']?\s+content=[\"']?fupin-kg", re.I)


def is_kg_page(data: bytes) -> bool:
    """Whether HTML bytes are a page `kg viz` wrote (its generator meta tag near the start)."""
    return bool(_KG_PAGE.search(data[:8192]))


def article_files(folder: str | Path, suffixes: tuple[str, ...]) -> list[Path]:
    """The article files under a folder, sorted: symlinked folders are followed, each real
    folder once (a link back to an ancestor adds nothing and cannot loop); hidden files and
    folders and pages `kg viz` wrote are left out."""
    root = Path(folder)
    seen: set[tuple[int, int]] = set()
    out: list[Path] = []
    for here, dirs, files in os.walk(root, followlinks=True):
        try:
            st = os.stat(here)
        except OSError:
            dirs[:] = []
            continue
        if (st.st_dev, st.st_ino) in seen:
            dirs[:] = []
            continue
        seen.add((st.st_dev, st.st_ino))
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in files:
            f = Path(here) / name
            if name.startswith(".") or f.suffix.lower() not in suffixes or not f.is_file():
                continue
            if f.suffix.lower() in HTML_SUFFIXES and _written_by_kg(f):
                continue
            out.append(f)
    return sorted(out)


def _written_by_kg(path: Path) -> bool:
    try:
        with path.open("rb") as fh:
            return is_kg_page(fh.read(8192))
    except OSError:
        return False  # reported when the article is read


def read_article(path: str | Path) -> RawArticle:
    """Read one article file (text or HTML, any supported encoding)."""
    p = Path(path)
    data = read_bytes(p)
    html = True if p.suffix.lower() in HTML_SUFFIXES else None
    if is_kg_page(data):
        raise InputError("a page written by `kg viz`, not an article", where=str(p),
                         fix="pass the article the graph was built from")
    raw = parse_article(data, where=str(p), html=html)
    check_length(raw.text, where=str(p))
    return raw


def check_length(text: str, *, where: str, limit: int = MAX_TEXT_CHARS) -> None:
    """Refuse an article whose text is longer than a build holds within about 2 GB of memory."""
    if len(text) > limit:
        raise InputError(f"article too long ({len(text):,} characters of text; the limit is {limit:,}, beyond "
                         "which building needs more than about 2 GB of memory)", where=where,
                         fix="split it into one file per article")


# -- HTML ----------------------------------------------------------------------------

_NOISE_TAGS = ("script", "style", "noscript", "template", "iframe", "svg", "canvas", "object", "embed",
               "form", "button", "select", "textarea", "input", "nav", "aside", "footer")
_BLOCK_TAGS = frozenset("p div section article main header h1 h2 h3 h4 h5 h6 li ul ol dl dt dd table "
                        "tbody thead tr td th blockquote pre figure figcaption center address hr".split())
_PARAGRAPH_TAGS = frozenset(("p", "blockquote", "pre", "h2", "h3", "h4", "h5", "h6", "li"))
_HTML_SPACE = re.compile(r"[ \t\n\r\f]+")
_DATE = re.compile(r"(?:19|20)\d\d\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}")
_TITLE_SEPARATORS = re.compile(r"\s+[-_|｜—–]+\s+|[_|｜]")
_DATE_META = ("article:published_time", "publishdate", "pubdate", "publishtime", "datepublished", "dc.date")
_SOURCE_META = ("contentsource", "source", "og:site_name")


class _Lines:
    """Renders HTML text like a browser's innerText: blocks become paragraphs, <br> a newline."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.newlines = 0  # trailing newlines in `parts`
        self.in_line = False  # the current line has text
        self.space = False  # a collapsed space is pending

    def text(self, s: str) -> None:
        s = _HTML_SPACE.sub(" ", s)
        core = s.strip(" ")
        if not core:
            self.space = self.space or (bool(s) and self.in_line)
            return
        if self.in_line and (self.space or s.startswith(" ")):
            self.parts.append(" ")
        self.parts.append(core)
        self.in_line, self.newlines, self.space = True, 0, s.endswith(" ")

    def newline(self) -> None:
        self.parts.append("\n")
        self.newlines += 1
        self.in_line = self.space = False

    def block(self) -> None:
        while self.parts and self.newlines < 2:
            self.newline()

    def result(self) -> str:
        return "".join(self.parts).strip("\n").replace("\xa0", " ")


def _render(node, out: _Lines, skip: frozenset[int]) -> None:
    from bs4 import NavigableString  # lazy: bs4 is only needed for HTML pages
    from bs4.element import PreformattedString

    for child in node.children:
        if isinstance(child, PreformattedString):  # comments, CDATA, doctype …
            continue
        if isinstance(child, NavigableString):
            out.text(str(child))
        elif id(child) in skip or child.name in _NOISE_TAGS:
            continue
        elif child.name == "br":
            out.newline()
        elif child.name in _BLOCK_TAGS:
            out.block()
            _render(child, out, skip)
            out.block()
        else:
            _render(child, out, skip)


def _text_of(node) -> str:
    out = _Lines()
    _render(node, out, frozenset())
    return " ".join(line.strip() for line in out.result().split("\n") if line.strip())


def _meta(soup, names: tuple[str, ...]) -> str | None:
    for tag in soup.find_all("meta"):
        key = (tag.get("property") or tag.get("name") or tag.get("itemprop") or "").lower()
        if key in names and tag.get("content", "").strip():
            return tag["content"].strip()
    return None


def _body_container(soup):
    """The element holding the article text: most non-link text in its paragraphs."""
    from bs4 import NavigableString  # lazy: bs4 is only needed for HTML pages
    from bs4.element import PreformattedString

    scores: dict[int, tuple[int, object]] = {}
    for s in soup.find_all(string=True):
        if isinstance(s, PreformattedString) or not isinstance(s, NavigableString):
            continue
        n = len(s.strip())
        parents = [p.name for p in s.parents]
        if not n or "a" in parents or any(t in parents for t in _NOISE_TAGS) or "head" in parents:
            continue
        block = next((p for p in s.parents if p.name in _BLOCK_TAGS or p.name == "body"), None)
        if block is None:
            continue
        target = block.parent if block.name in _PARAGRAPH_TAGS and block.parent is not None else block
        score, _ = scores.get(id(target), (0, target))
        scores[id(target)] = (score + n, target)
    if not scores:
        return soup.body or soup
    return max(scores.values(), key=lambda st: st[0])[1]


def _title(soup, body) -> tuple[str, object | None]:
    for h1 in soup.find_all("h1"):
        text = _text_of(h1)
        if text:
            return text, h1
    og = _meta(soup, ("og:title", "title", "articletitle"))
    if og:
        return _HTML_SPACE.sub(" ", og).strip(), None
    if soup.title and soup.title.string:
        return _TITLE_SEPARATORS.split(soup.title.string.strip())[0].strip(), None
    return "", None


def _dateline(soup, title_node, body) -> tuple[str, object | None]:
    """The short element with the publication date (and source) near the title."""
    start = title_node.find_all_next(True) if title_node is not None else (body.find_all(True) if body else [])
    inside_body = set(map(id, body.find_all(True))) if body is not None else set()
    around_body = {id(body), *map(id, body.parents)} if body is not None else set()
    for n, el in enumerate(start):
        if n > 300:
            break
        if el.name in _NOISE_TAGS or id(el) in around_body:
            continue
        text = _text_of(el)
        if len(text) < 120 and _DATE.search(text):
            return text, el
        if id(el) in inside_body and el.name in _PARAGRAPH_TAGS and len(text) >= 120:
            break  # reached the article body
    date = _meta(soup, _DATE_META)
    if date:
        source = _meta(soup, _SOURCE_META)
        return date.replace("T", " ")[:19] + (f" 來源:{source}" if source else ""), None
    return "", None


def html_to_article(html: str) -> str:
    """Title, date/source line and article paragraphs of a news page, as plain text."""
    from bs4 import BeautifulSoup  # lazy: bs4 is only needed for HTML pages

    soup = BeautifulSoup(html, "lxml")
    _inline_srcdoc(soup)
    body = _body_container(soup)
    title, title_node = _title(soup, body)
    dateline, date_node = _dateline(soup, title_node, body)
    skip = frozenset(id(n) for n in (title_node, date_node) if n is not None)
    out = _Lines()
    _render(body, out, skip)
    paragraphs = out.result()
    return "\n\n".join(part for part in (title, dateline, paragraphs) if part)


_SRCDOC_DEPTH = 3


def _inline_srcdoc(soup, depth: int = 0) -> None:
    """Put the document of each `<iframe srcdoc="…">` in the iframe's place (nested ones too, to a
    depth of 3): some saved pages carry the whole article there, and iframes are otherwise noise."""
    from bs4 import BeautifulSoup  # lazy: bs4 is only needed for HTML pages

    for frame in soup.find_all("iframe", srcdoc=True):
        inner = BeautifulSoup(str(frame["srcdoc"]), "lxml")
        if depth + 1 < _SRCDOC_DEPTH:
            _inline_srcdoc(inner, depth + 1)
        else:
            for deeper in inner.find_all("iframe"):
                deeper.decompose()
        if soup.title is None and inner.title is not None and soup.head is not None:
            soup.head.append(inner.title.extract())
        box = soup.new_tag("div")
        for child in list((inner.body or inner).contents):
            box.append(child.extract())
        frame.replace_with(box)
