"""Chinese script conversions: traditional ↔ simplified (OpenCC) and pinyin (pypinyin)."""
from __future__ import annotations

from functools import cache, lru_cache


@cache
def _converter(config: str):
    import opencc

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
    cjk = sum(1 for c in text if "\u4e00" <= c <= "\u9fff") or 1
    return "zh-Hant" if changed / cjk > 0.01 else "zh-Hans"


def in_script(simplified: str, script: str) -> str:
    """A simplified label rendered in the article's script."""
    return to_traditional(simplified) if script == "zh-Hant" else simplified


@lru_cache(maxsize=1 << 16)  # names and titles recur across articles
def pinyin(text: str) -> str:
    """Tone-marked pinyin, syllables separated by spaces (zh-Latn-pinyin)."""
    from pypinyin import Style, lazy_pinyin

    return " ".join(lazy_pinyin(text, style=Style.TONE, errors="ignore"))


@lru_cache(maxsize=1 << 16)
def pinyin_slug(text: str) -> str:
    """ASCII slug of a Chinese name: 岳普煜 → yue-pu-yu."""
    from pypinyin import lazy_pinyin

    from kg.namespaces import slug

    return slug("-".join(lazy_pinyin(text, errors="default"))) or "x"
