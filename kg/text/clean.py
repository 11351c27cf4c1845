"""Text stage: clean an article and segment it into header, blocks and sentences.

`clean(raw, article_id=...)` is pure: it removes pinyin annotations such as
`攻堅(jiān)戰(zhàn)` (a parenthesis that holds one valid Mandarin syllable right after a
Chinese character), keeps real parentheses (`縣(市、區)`, `(趙景華)`), and records
every block and sentence with offsets into the cleaned text. A simplified-character
view of the same length is kept beside it so that matching can work on either script.
"""
from __future__ import annotations

import re
import unicodedata
from functools import cache

from kg.model.records import Block, Document, Sentence
from kg.resources import lexicon
from kg.text.published import header_stamp, publication_date
from kg.text.script import HAN, detect_script, simplified_aligned

_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùüǖǘǚǜńňǹḿ"
# A syllable right after a Chinese character (or a '?' standing for a lost one); a
# tone-marked syllable is pinyin wherever it stands (garbled sources lose the character).
_PINYIN = re.compile(
    rf"(?<=[{HAN}\uf900-\ufaff\ue000-\uf8ff?？])"
    rf"[(（]((?=[^)）]*[a-z{_TONED}])[a-z{_TONED}?]{{1,7}}[1-5]?)[)）]"
    rf"|(?<=\S)[(（]([a-z]{{0,6}}[{_TONED}][a-z{_TONED}]{{0,6}})[)）]"
)
_SOURCE = re.compile(r"(?:來源|来源|稿源)\s*[:：]\s*(?P<src>[^\s|｜]+)")
_CREDIT = re.compile(
    r"^(?:組稿|组稿|攝影|摄影|責任編輯|责任编辑|編輯|编辑|記者|记者|通訊員|通讯员|作者|撰稿|文|圖|图)"
    r"(?:[、/](?:組稿|组稿|攝影|摄影|編輯|编辑|記者|记者|文|圖|图))*\s*[:：]"
)
_FOOTER = re.compile(r"^(?:版權聲明|版权声明|免責聲明|免责声明|copyright|©)", re.IGNORECASE)
_SECTION = re.compile(rf"^[{HAN}]{{1,8}}(?:縣|县|市|區|区|旗|州|盟)$")
# Sentence ends: full stops, exclamation/question marks, semicolons. An ASCII '?' ends
# a sentence only before white space or the end (garbled sources use '?' for lost characters).
_SENT_END = re.compile(r"[。！!？；;]+[”」』’\"]?|\?(?=\s|$)")
_SHORT_LINE = 30


@cache
def _syllables() -> frozenset[str]:
    return frozenset(lexicon.lines("pinyin-syllables.txt"))


def _toneless(syllable: str) -> str:
    decomposed = unicodedata.normalize("NFD", syllable.rstrip("12345"))
    base = "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
    return base.replace("ü", "v")


def _tone_vowel(syllable: str) -> int:
    """Where the tone mark sits: on a or e, on the o of ou, else on the last vowel (-1: none)."""
    for v in "ae":
        if v in syllable:
            return syllable.index(v)
    if "ou" in syllable:
        return syllable.index("ou")
    return max((i for i, c in enumerate(syllable) if c in "iouv"), default=-1)


def _is_syllable(word: str, syllables: frozenset[str]) -> bool:
    """A valid syllable, also when a legacy encoding turned its tone-marked vowel into `?`
    (`ji?n`): the `?` must stand where that syllable carries its tone mark."""
    if "?" not in word:
        return word in syllables
    if word.count("?") != 1 or len(word) < 2:
        return False
    at = word.index("?")
    return any((c := word.replace("?", v)) in syllables and _tone_vowel(c) == at for v in "aeiouv")


def strip_pinyin(raw: str) -> str:
    """Remove `字(pīnyīn)` annotations; leave every other parenthesis alone."""
    syllables = _syllables()

    def repl(m: re.Match) -> str:
        return "" if _is_syllable(_toneless(m.group(1) or m.group(2)), syllables) else m.group(0)

    out = raw
    for _ in range(3):  # 字(hǎo(hǎo)) needs two passes; never more than a few (no quadratic input)
        raw, out = out, _PINYIN.sub(repl, out)
        if out == raw:
            break
    return out


def normalise(raw: str) -> str:
    """Line endings to \\n, BOM and NUL dropped, pinyin annotations removed."""
    text = raw.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "").replace("\x00", "")
    return strip_pinyin(text)


def _line_spans(text: str):
    """(start, end) of every non-blank line, without surrounding white space."""
    pos = 0
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped:
            lead = len(line) - len(line.lstrip())
            yield pos + lead, pos + lead + len(stripped)
        pos += len(line) + 1


def _has_sentence_end(s: str) -> bool:
    return bool(re.search(r"[。！!？；;]", s))


def _classify(lines: list[tuple[int, int, str]], simplified: str) -> list[Block]:
    """Give each line a block kind and the section heading in scope."""
    blocks: list[Block] = []
    section: str | None = None
    seen_body = False
    for i, (start, end, line) in enumerate(lines):
        short = len(line) <= _SHORT_LINE and not _has_sentence_end(line)
        if i == 0:
            kind = "title"
        elif not seen_body and len(line) < 80 and header_stamp(simplified[start:end]) and not line.endswith(("。", "！", "？")):
            kind = "dateline"
        elif _FOOTER.match(line):
            kind = "footer"
        elif _CREDIT.match(line):
            kind = "credits"
        elif short and _SECTION.match(line):
            kind, section = "section", line
        elif short:
            kind = "heading" if blocks and blocks[-1].kind == "section" else "caption"
        else:
            kind = "paragraph"
            seen_body = True
        if kind == "paragraph" and re.search(r"(?:組稿|组稿|攝影|摄影)\s*[:：]", line) and len(line) < 60:
            kind = "credits"
        blocks.append(Block(start, end, line, kind, section if kind != "section" else line))
    return blocks


def _sentences(text: str, blocks: tuple[Block, ...]) -> tuple[Sentence, ...]:
    out: list[Sentence] = []
    for bi, block in enumerate(blocks):
        cut = block.start
        ends = [m.end() for m in _SENT_END.finditer(block.text)]
        for e in ends + [len(block.text)]:
            s, stop = cut, block.start + e
            while s < stop and text[s].isspace():
                s += 1
            while stop > s and text[stop - 1].isspace():
                stop -= 1
            if stop > s:
                out.append(Sentence(s, stop, text[s:stop], bi))
            cut = block.start + e
            if cut >= block.end:
                break
    return tuple(out)


def _header(blocks: tuple[Block, ...], simplified: str) -> tuple[str | None, str | None, str | None]:
    """Title, publication date (published.py) and source of an article."""
    title = blocks[0].text if blocks and blocks[0].kind == "title" else None
    source = None
    for b in blocks[:6]:
        s = _SOURCE.search(b.text) if b.kind == "dateline" else None
        if s and source is None:
            source = s["src"]
    return title, publication_date(simplified, blocks), source


def clean(raw: str, *, article_id: str, path: str | None = None) -> Document:
    """Clean and segment an article's text into a Document."""
    text = normalise(raw)
    lines = [(s, e, text[s:e]) for s, e in _line_spans(text)]
    simplified = simplified_aligned(text)
    blocks = tuple(_classify(lines, simplified))
    title, published, source = _header(blocks, simplified)
    return Document(
        id=article_id,
        text=text,
        simplified=simplified,
        script=detect_script(text),
        title=title,
        published=published,
        source=source,
        blocks=blocks,
        sentences=_sentences(text, blocks),
        path=path,
    )

