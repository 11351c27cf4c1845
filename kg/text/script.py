"""Chinese script conversions: traditional ↔ simplified (OpenCC) and pinyin (pypinyin)."""
from __future__ import annotations

import os
import re
from bisect import bisect_left
from functools import cache, lru_cache
from pathlib import Path

from kg.model.namespaces import slug

# What counts as a Chinese character, defined once: CJK Unified Ideographs and Extension A.
HAN = "\u3400-\u9fff"
HAN_RE = re.compile(f"[{HAN}]")


def is_han(char: str) -> bool:
    """Whether one character is a Chinese character (see HAN)."""
    return "\u3400" <= char <= "\u9fff"


def has_han(text: str) -> bool:
    """Whether the text holds any Chinese character."""
    return HAN_RE.search(text) is not None


@cache
def _converter(config: str):
    import opencc  # lazy: loading OpenCC's dictionaries costs time `kg --help` should not pay

    return opencc.OpenCC(config)


def to_simplified(text: str) -> str:
    return _converter("t2s").convert(text)


def to_traditional(text: str) -> str:
    return _converter("s2t").convert(text)


def simplified_aligned(text: str) -> str:
    """Simplified text of exactly the same length, so offsets carry over."""
    out = to_simplified(text)
    if len(out) == len(text):
        return out
    chars = [to_simplified(c) for c in text]
    return "".join(c if len(c) == 1 else o for c, o in zip(chars, text))


def detect_script(text: str) -> str:
    """BCP 47 script subtag for Chinese text: zh-Hant when traditional forms dominate."""
    simplified = to_simplified(text)
    changed = sum(1 for a, b in zip(text, simplified) if a != b)
    cjk = sum(1 for c in text if is_han(c)) or 1
    return "zh-Hant" if changed / cjk > 0.01 else "zh-Hans"


def in_script(simplified: str, script: str) -> str:
    """A simplified label rendered in the article's script."""
    return to_traditional(simplified) if script == "zh-Hant" else simplified


@lru_cache(maxsize=1 << 16)  # names and titles recur across articles
def pinyin(text: str) -> str:
    """Tone-marked pinyin, syllables separated by spaces (zh-Latn-pinyin)."""
    pp = _pypinyin_for(text)
    return " ".join(pp.lazy_pinyin(text, style=pp.Style.TONE, errors="ignore"))


@lru_cache(maxsize=1 << 16)
def pinyin_slug(text: str) -> str:
    """ASCII slug of a Chinese name: 岳普煜 → yue-pu-yu."""
    return slug("-".join(_pypinyin_for(text).lazy_pinyin(text, errors="default"))) or "x"


# pypinyin reads heteronyms from its phrase dictionary, whose import costs 0.3-0.5 s. Its
# segmenter takes the longest dictionary phrase at each position, so only the phrases that occur
# in a text can change that text's pinyin: pypinyin is loaded without its dictionary, and each
# text brings in its own phrases from kg/resources/pinyin-phrases.tsv (the same dictionary,
# sorted, read by binary search). The result is pypinyin's with the whole dictionary
# (tests/test_imports.py compares them).
_PHRASES = Path(__file__).resolve().parent.parent / "resources" / "pinyin-phrases.tsv"
_loaded: set[str] = set()


@cache
def _pypinyin():
    """pypinyin without its phrase dictionary (PYPINYIN_NO_PHRASES, read at its import)."""
    before = os.environ.get("PYPINYIN_NO_PHRASES")
    os.environ["PYPINYIN_NO_PHRASES"] = "1"
    try:
        import pypinyin  # lazy: 0.1 s, and only after PYPINYIN_NO_PHRASES is set
    finally:
        if before is None:
            del os.environ["PYPINYIN_NO_PHRASES"]
        else:  # pragma: no cover - set by the caller
            os.environ["PYPINYIN_NO_PHRASES"] = before
    return pypinyin


@cache
def _phrase_lines() -> list[bytes]:
    return _PHRASES.read_bytes().split(b"\n")[1:]


def _pypinyin_for(text: str):
    """pypinyin, holding every dictionary phrase that occurs in `text`."""
    pp = _pypinyin()
    found = {}
    lines = _phrase_lines()
    for i in range(len(text) - 1):
        for j in range(i + 2, len(text) + 1):
            word = text[i:j]
            key = word.encode("utf-8") + b"\t"
            k = bisect_left(lines, key)
            if k < len(lines) and lines[k].startswith(key):
                if word not in _loaded:
                    readings = lines[k][len(key):].decode("utf-8").split(" ")
                    found[word] = [r.split(",") for r in readings]
            elif k >= len(lines) or not lines[k].startswith(word.encode("utf-8")):
                break  # no phrase starts with `word`: none longer will either
    if found:  # pypinyin's load_phrases_dict, without retraining on every phrase loaded so far
        from pypinyin.constants import PHRASES_DICT
        from pypinyin.seg import mmseg

        PHRASES_DICT.update(found)
        mmseg.seg.train(found)
        _loaded.update(found)
    return pp
