#!/usr/bin/env python3
"""The project's scorer: the rows of the saved queries matched against a gold annotation.

The gold format is the one of eval/extra/gold, eval/blind/gold and the development corpus (see
GOLD-CONVENTIONS.md beside that corpus). The rows are what `kg query NAME --format csv` prints
for NAME in officials, places, funding, events, statistics and initiatives, read with
csv.DictReader; the publication date (`kg query articles`, column `published`) counts as one more
dated event. `rows_from_csv` turns those CSV texts into the rows `score` takes.

    python eval/scoring.py GOLD.json CSV_DIR [--misses]    (CSV_DIR/NAME.csv for each query)

The rules, category by category (F1 unless said otherwise; "recall" means the F1 column holds
the recall, and the precision is None):

- text is compared normalised: traditional = simplified (OpenCC), spaces, quotes, brackets and
  list punctuation ignored, Latin letters lower-cased;
- officials: the set of names; official_posts (recall): each gold (name, post) is found when a
  row has that name and a post that contains the gold post or is contained in it;
- places: the set of place keys (an administrative suffix such as 县, 市, 区 dropped when two
  characters remain; an autonomous area named by its short form, 湘西 = 湘西土家族苗族自治州);
- amounts: value in yuan within 0.1 % (at least half a yuan); amount_places (recall): of the
  matched amounts whose gold names a place, those whose row names the same place;
- dates: the ISO date at the start of the value (a range counts by its start); a month matches a
  day inside it, either way round;
- counts: equal value and a unit that contains the other;
- initiatives: names that contain each other and are at least half as long as each other.

Items pair first-fit in gold order, each row used at most once. amounts, dates, counts and
initiatives are recall when the gold says `"complete": {CATEGORY: false}`.
"""
from __future__ import annotations

import argparse
import csv
import io
import json
import re
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from kg.text.script import to_simplified

CATEGORIES = ("officials", "official_posts", "places", "amounts", "amount_places", "dates", "counts",
              "initiatives")
QUERIES = ("officials", "places", "funding", "events", "statistics", "initiatives")
OPEN_LISTS = ("amounts", "dates", "counts", "initiatives")  # recall-only when the gold marks them incomplete

Row = dict[str, Any]
Rows = dict[str, list[Row]]

# ---------------------------------------------------------------- normalised text

_IGNORED = re.compile("[\\s" + re.escape("“”\"'《》「」『』()（）·・,，、:：") + "]+")
# Suffixes tried in this order, one at most; 开发区 is not among them (a zone is not its city).
_ADMIN_SUFFIXES = ("自治县", "县", "市", "区", "省", "镇", "乡", "村", "旗", "盟")
# The short name before an optional run of peoples (…族…族 or 各族) and 自治州/县/旗/区.
_AUTONOMOUS = re.compile(r"(.{2,}?)(?:(?:[\u4e00-\u9fff]{1,4}族)+|各族)?自治[州县旗区]")


def text_key(value: object) -> str:
    """Text as the scorer compares it: simplified, without spaces and quotes, lower case."""
    return _IGNORED.sub("", to_simplified(str(value) if value else "")).lower()


def place_key(value: object) -> str:
    """A place name without its administrative suffix, an autonomous area by its short name."""
    key = text_key(value)
    short = _AUTONOMOUS.fullmatch(key)
    if short:
        return short.group(1)
    for suffix in _ADMIN_SUFFIXES:
        if key.endswith(suffix) and len(key) - len(suffix) >= 2:
            return key[: -len(suffix)]
    return key


# ---------------------------------------------------------------- numbers and dates

def number(value: object) -> float | None:
    """A CSV cell or gold value as a float (thousands commas allowed); None when it is no number."""
    if value is None:
        return None
    try:
        return float(str(value).replace(",", "").strip())
    except ValueError:
        return None


_ISO_START = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?)?")


def iso_date(value: str | None) -> str:
    """The year, month or day an ISO value starts with (2019-06-12T16:45 → 2019-06-12)."""
    text = (value or "").strip()
    found = _ISO_START.match(text)
    return found.group(0) if found else text


def same_date(gold: str | None, predicted: str | None) -> bool:
    """Equal ISO dates, or a month and a day inside it (in either role)."""
    a, b = iso_date(gold), iso_date(predicted)
    if a == b:
        return a != ""

    def month_holds(month: str, day: str) -> bool:
        return len(month) == 7 and day.startswith(month + "-")

    return month_holds(a, b) or month_holds(b, a)


def same_amount(gold_value: object, predicted_value: object) -> bool:
    """Two values in yuan within 0.1 % of the gold one, or half a yuan for small sums."""
    g, p = float(gold_value), number(predicted_value)  # type: ignore[arg-type]
    return p is not None and abs(g - p) <= max(0.5, 1e-3 * abs(g))


def same_count(gold: Mapping, row: Mapping) -> bool:
    g, p = float(gold["value"]), number(row.get("value"))
    if p is None or not abs(g - p) < 1e-6 * max(1.0, abs(g)):
        return False
    gu, pu = text_key(gold.get("unit")), text_key(row.get("unit"))
    return gu in pu or pu in gu


def same_initiative(gold_name: str, row_name: str) -> bool:
    a, b = text_key(gold_name), text_key(row_name)
    if not (a and b) or (a not in b and b not in a):
        return False
    return min(len(a), len(b)) >= 0.5 * max(len(a), len(b))


# ---------------------------------------------------------------- figures and pairing

def figures(matched: int, n_gold: int, n_pred: int, *, recall_only: bool = False) -> dict:
    """gold/pred/match counts with precision, recall and F1 (F1 = recall when recall-only)."""
    recall = matched / n_gold if n_gold else 1.0
    if recall_only:
        precision, f1 = None, recall
    else:
        if n_pred:
            precision = matched / n_pred
        else:
            precision = 0.0 if n_gold else 1.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"gold": n_gold, "pred": n_pred, "match": matched, "precision": precision, "recall": recall, "f1": f1}


def first_fit(gold: Sequence, predicted: Sequence, same: Callable[[Any, Any], bool]) -> list[tuple[int, int]]:
    """(gold index, row index) pairs: each gold item takes the first row not yet taken that matches."""
    taken: set[int] = set()
    pairs = []
    for gi, g in enumerate(gold):
        pi = next((i for i, p in enumerate(predicted) if i not in taken and same(g, p)), None)
        if pi is not None:
            taken.add(pi)
            pairs.append((gi, pi))
    return pairs


def distinct(items: Iterable, key: Callable[[Any], Any]) -> list:
    """The first item of each key, in order; items whose key is empty are left out."""
    seen: set = set()
    kept = []
    for item in items:
        k = key(item)
        if k and k not in seen:
            seen.add(k)
            kept.append(item)
    return kept


def _name(item: object) -> str:
    """Gold places and initiatives are names, or objects with a name."""
    return item.get("name") if isinstance(item, Mapping) else item  # type: ignore[return-value]


def _left(items: Sequence, pairs: list[tuple[int, int]], side: int) -> list:
    used = {pair[side] for pair in pairs}
    return [item for i, item in enumerate(items) if i not in used]


# ---------------------------------------------------------------- categories

def _officials(gold: dict, rows: Rows, res: dict, miss: dict) -> None:
    people = gold.get("officials", [])
    g_names = {text_key(o["name"]) for o in people}
    p_names = {text_key(r["name"]) for r in rows["officials"] if r.get("name")}
    res["officials"] = figures(len(g_names & p_names), len(g_names), len(p_names))
    miss["officials"] = {"missed": sorted(g_names - p_names), "extra": sorted(p_names - g_names)}

    posts_by_name: dict[str, list[str]] = {}
    for r in rows["officials"]:
        if r.get("post"):
            posts_by_name.setdefault(text_key(r.get("name")), []).append(text_key(r["post"]))
    wanted = distinct(people, lambda o: (text_key(o["name"]), text_key(o.get("post"))))
    missed = []
    for o in wanted:
        post = text_key(o.get("post"))
        found = post and any(post in p or p in post for p in posts_by_name.get(text_key(o["name"]), []))
        if not found:
            got = [r.get("post") for r in rows["officials"] if text_key(r.get("name")) == text_key(o["name"])]
            missed.append(f"{o['name']} / {o.get('post')}  (rows give: {', '.join(map(str, got)) or 'no post'})")
    res["official_posts"] = figures(len(wanted) - len(missed), len(wanted), len(wanted), recall_only=True)
    miss["official_posts"] = {"missed": missed, "extra": []}


def _places(gold: dict, rows: Rows, res: dict, miss: dict) -> None:
    g = {place_key(_name(p)) for p in gold.get("places", [])}
    p = {place_key(r["name"]) for r in rows["places"] if r.get("name")}
    res["places"] = figures(len(g & p), len(g), len(p))
    miss["places"] = {"missed": sorted(g - p), "extra": sorted(p - g)}


def _amounts(gold: dict, rows: Rows, res: dict, miss: dict, recall_only: dict[str, bool]) -> None:
    g_amt = gold.get("amounts", [])
    p_amt = distinct((r for r in rows["funding"] if number(r.get("value_cny")) is not None),
                     lambda r: r.get("amount") or (number(r.get("value_cny")), r.get("text"), r.get("purpose"),
                                                   r.get("place")))
    pairs = first_fit(g_amt, p_amt, lambda g, p: same_amount(g["value_cny"], p.get("value_cny")))
    res["amounts"] = figures(len(pairs), len(g_amt), len(p_amt), recall_only=recall_only["amounts"])
    miss["amounts"] = {
        "missed": [f"{g['text']} ({g['value_cny']}) {g.get('about') or ''}" for g in _left(g_amt, pairs, 0)],
        "extra": [f"{p.get('text')} ({p.get('value_cny')}) {p.get('purpose') or ''}" for p in _left(p_amt, pairs, 1)],
    }
    placed = [(g_amt[gi], p_amt[pi]) for gi, pi in pairs if g_amt[gi].get("place")]
    wrong = [(g, p) for g, p in placed if place_key(g["place"]) != place_key(p.get("place"))]
    res["amount_places"] = figures(len(placed) - len(wrong), len(placed), len(placed), recall_only=True)
    miss["amount_places"] = {"missed": [f"{g['text']}: gold {g['place']}, rows {p.get('place') or 'no place'}"
                                        for g, p in wrong], "extra": []}


def _dates(gold: dict, rows: Rows, res: dict, miss: dict, recall_only: dict[str, bool]) -> None:
    g_dates = gold.get("dates", [])
    p_dates = distinct(rows["events"], lambda r: (r.get("event") or text_key(r.get("label")), iso_date(r.get("date"))))
    pairs = first_fit(g_dates, p_dates, lambda g, p: same_date(g["iso"], p.get("date")))
    res["dates"] = figures(len(pairs), len(g_dates), len(p_dates), recall_only=recall_only["dates"])
    miss["dates"] = {"missed": [f"{g['text']} -> {g['iso']}  ({g.get('event') or ''})" for g in _left(g_dates, pairs, 0)],
                     "extra": [f"{p.get('date')}  ({p.get('label') or ''})" for p in _left(p_dates, pairs, 1)]}


def _counts(gold: dict, rows: Rows, res: dict, miss: dict, recall_only: dict[str, bool]) -> None:
    g_cnt = gold.get("counts", [])
    p_cnt = distinct((r for r in rows["statistics"] if number(r.get("value")) is not None),
                     lambda r: r.get("stat") or (number(r.get("value")), r.get("text"), r.get("about"), r.get("place")))
    pairs = first_fit(g_cnt, p_cnt, same_count)
    res["counts"] = figures(len(pairs), len(g_cnt), len(p_cnt), recall_only=recall_only["counts"])
    miss["counts"] = {
        "missed": [f"{g['text']} ({g['value']} {g.get('unit')}) {g.get('about') or ''}" for g in _left(g_cnt, pairs, 0)],
        "extra": [f"{p.get('text')} ({p.get('value')} {p.get('unit')}) {p.get('about') or ''}" for p in _left(p_cnt, pairs, 1)],
    }


def _initiatives(gold: dict, rows: Rows, res: dict, miss: dict, recall_only: dict[str, bool]) -> None:
    g_ini = distinct(gold.get("initiatives", []), lambda i: text_key(_name(i)))
    p_ini = distinct(rows["initiatives"], lambda r: text_key(r.get("name")))
    pairs = first_fit(g_ini, p_ini, lambda g, p: same_initiative(_name(g), p.get("name")))
    res["initiatives"] = figures(len(pairs), len(g_ini), len(p_ini), recall_only=recall_only["initiatives"])
    miss["initiatives"] = {"missed": [_name(i) for i in _left(g_ini, pairs, 0)],
                           "extra": [p.get("name") for p in _left(p_ini, pairs, 1)]}


def score(gold: dict, rows: Mapping[str, list[Row]], misses: dict | None = None) -> dict[str, dict]:
    """Figures per category (in CATEGORIES order); `misses`, when given, receives what was missed
    and what was extra in each category."""
    full: Rows = {q: list(rows.get(q, [])) for q in QUERIES}
    complete = gold.get("complete") or {}
    recall_only = {cat: complete.get(cat) is False for cat in OPEN_LISTS}
    res: dict[str, dict] = {}
    miss = misses if misses is not None else {}
    _officials(gold, full, res, miss)
    _places(gold, full, res, miss)
    _amounts(gold, full, res, miss, recall_only)
    _dates(gold, full, res, miss, recall_only)
    _counts(gold, full, res, miss, recall_only)
    _initiatives(gold, full, res, miss, recall_only)
    return {cat: res[cat] for cat in CATEGORIES}


def macro_f1(res: Mapping[str, Mapping]) -> float:
    return sum(v["f1"] for v in res.values()) / len(res)


def print_misses(misses: Mapping[str, Mapping[str, list]]) -> None:
    for cat, m in misses.items():
        if m["missed"] or m["extra"]:
            print(f"\n[{cat}]")
            print("".join(f"  missed  {x}\n" for x in m["missed"]) + "".join(f"  extra   {x}\n" for x in m["extra"]),
                  end="")


# ---------------------------------------------------------------- reading the queries' CSV

def rows_from_csv(outputs: Mapping[str, str]) -> Rows:
    """Rows from the CSV texts of the saved queries (`kg query NAME --format csv`), by query name.

    A missing query gives no rows; the `articles` query, when given, adds each publication date as
    an event labelled 文章发布.
    """
    rows: Rows = {q: list(csv.DictReader(io.StringIO(outputs.get(q, "")))) for q in QUERIES}
    for article in csv.DictReader(io.StringIO(outputs.get("articles", ""))):
        if article.get("published"):
            rows["events"].append({"event": (article.get("article") or "") + "#published",
                                   "label": "文章发布", "date": article["published"]})
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("gold", type=Path, help="the gold JSON of one article")
    ap.add_argument("csv_dir", type=Path, help="a folder with NAME.csv for the saved queries (and articles.csv)")
    ap.add_argument("--misses", action="store_true", help="list what was missed and what was extra")
    a = ap.parse_args(argv)
    outputs = {p.stem: p.read_text(encoding="utf-8") for p in a.csv_dir.glob("*.csv")}
    miss: dict = {}
    res = score(json.loads(a.gold.read_text(encoding="utf-8")), rows_from_csv(outputs), miss)
    if a.misses:
        print_misses(miss)
        print()
    print(f"{'category':16} {'gold':>5} {'pred':>5} {'match':>5} {'P':>6} {'R':>6} {'F1':>6}")
    for cat, v in res.items():
        p = "     -" if v["precision"] is None else f"{v['precision']:6.2f}"
        print(f"{cat:16} {v['gold']:5} {v['pred']:5} {v['match']:5} {p} {v['recall']:6.2f} {v['f1']:6.2f}")
    print(f"macro F1: {macro_f1(res):.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
