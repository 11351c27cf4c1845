"""Write kg/resources/pinyin-phrases.tsv: pypinyin's phrase dictionary as a plain table.

    python -m kg.resources.build_pinyin          # rewrite the file from the installed pypinyin
    python -m kg.resources.build_pinyin --check  # exit 1 when the file is out of date

pypinyin reads heteronyms right from its phrase dictionary (重庆 chóng, 银行 háng), but
importing that dictionary takes 0.3-0.5 s. Its segmenter (longest phrase first) only ever
reacts to phrases that occur in the text, so `kg.text.script` loads from this table just the
phrases a text holds and gives pypinyin those: the same pinyin as with the whole dictionary.
Each line is `phrase<TAB>readings`, one reading per character separated by spaces (several
readings of one character separated by commas); the lines are sorted, so that a phrase is
found by binary search without building a dictionary.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

TABLE = Path(__file__).with_name("pinyin-phrases.tsv")


def render() -> bytes:
    """The table's bytes, from the installed pypinyin."""
    from importlib.metadata import version  # lazy: only this script needs it

    from pypinyin.phrases_dict import phrases_dict  # lazy: the import this table replaces

    lines = [f"# pypinyin {version('pypinyin')} phrase dictionary (MIT licence); "
             "written by kg/resources/build_pinyin.py, do not edit\n"]
    lines += sorted(f"{phrase}\t{' '.join(','.join(r) for r in readings)}\n"
                    for phrase, readings in phrases_dict.items())  # code point order = UTF-8 byte order
    return "".join(lines).encode("utf-8")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="exit 1 when the table is out of date")
    args = ap.parse_args(argv)
    data = render()
    if args.check:
        current = TABLE.read_bytes() if TABLE.is_file() else b""
        if current != data:
            print(f"{TABLE}: out of date — run python -m kg.resources.build_pinyin", file=sys.stderr)
            return 1
        return 0
    TABLE.write_bytes(data)
    phrases = data.count(b"\n") - 1
    print(f"wrote {TABLE} ({phrases} phrases)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
