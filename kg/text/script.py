"""Chinese script conversions: traditional ↔ simplified (OpenCC) and pinyin (pypinyin)."""
from __future__ import annotations

import re
from functools import cache, lru_cache

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
    from pypinyin import Style, lazy_pinyin  # lazy: pypinyin's phrase dictionary takes ~0.4 s to load

    return " ".join(lazy_pinyin(text, style=Style.TONE, errors="ignore"))


@lru_cache(maxsize=1 << 16)
def pinyin_slug(text: str) -> str:
    """ASCII slug of a Chinese name: 岳普煜 → yue-pu-yu."""
    from pypinyin import lazy_pinyin  # lazy: as in pinyin()

    return slug("-".join(lazy_pinyin(text, errors="default"))) or "x"
