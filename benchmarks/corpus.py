"""Synthetic articles in the genre of the seed, for scale benchmarks only.

The text is invented: places are real county-level divisions from
ontology/gazetteer/places.tsv (with their prefecture and province), but the people,
posts, amounts, counts, dates and initiatives are drawn at random. Articles follow the
seed's layout (title, blank line, `YYYY-MM-DD HH:MM:SS 来源:XX网`, indented paragraphs,
photo captions, `责任编辑: 姓名`); about half are in traditional script, like the seed.

Deterministic: article i depends only on (seed, i), so the first 100 articles of a
1,000-article corpus are the 100-article corpus.

    python benchmarks/corpus.py 1000 out/corpus --seed 6
"""
from __future__ import annotations

import argparse
import csv
import random
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PLACES = ROOT / "ontology" / "gazetteer" / "places.tsv"
SURNAMES = ROOT / "ontology" / "lexicons" / "surnames.txt"

GIVEN = tuple("国建明华军伟强平志海晓丽静红文光永春玉德庆新学立英宏卫俊燕兵勇敏芳霞东亮杰峰林涛斌波辉刚鹏雪梅琳瑞祥振忠安宁")
COUNTY_POSTS = ("县委书记", "县长", "县委副书记", "副县长", "县委常委", "县人大常委会主任", "县政协主席")
CITY_POSTS = ("市委书记", "市长", "市委副书记", "副市长")
MEASURES = ("易地扶贫搬迁", "光伏扶贫", "扶贫小额信贷", "干部驻村帮扶", "危房改造", "退耕还林", "消费扶贫",
            "购买式造林", "电商扶贫", "产业扶贫", "健康扶贫", "教育扶贫", "金融扶贫", "旅游扶贫", "就业扶贫")
PROGRAMMES = ("“一村一品一主体”产业扶贫行动", "“五个一批”林业生态建设扶贫工程", "“农村本土人才回归工程”",
              "“贫困村致富带头人工程”", "“雨露计划”培训工程", "“百企帮百村”行动", "“千村万户”电商工程")
PRODUCTS = ("苹果", "红枣", "核桃", "小米", "花椒", "香菇", "中药材", "茶叶", "土豆", "肉牛", "肉鸡", "蜂蜜")
HEADS = ("打好攻坚战 共圆小康梦", "精准扶贫结硕果", "脱贫攻坚迈出坚实步伐", "产业扶贫拓宽致富路",
         "易地搬迁见实效", "光伏照亮康庄路", "金融扶贫惠百姓", "生态扶贫促发展", "电商扶贫开拓致富路")
ORDINALS = "一二三四五六七八九十"


@lru_cache(maxsize=1)
def _places() -> tuple[dict[str, dict], list[dict]]:
    with PLACES.open(encoding="utf-8") as fh:
        rows = {r["code"]: r for r in csv.DictReader(fh, delimiter="\t")}
    counties = [r for r in rows.values()
                if r["kind"] in ("county", "county-level-city") and r["parent"] in rows]
    return rows, counties


@lru_cache(maxsize=1)
def _surnames() -> list[str]:
    out = []
    for line in SURNAMES.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            out.extend(w for w in line.split() if 1 <= len(w) <= 2)
    return out or ["王", "李", "张", "刘", "陈"]


@lru_cache(maxsize=1)
def _s2t():
    try:
        import opencc

        return opencc.OpenCC("s2tw").convert
    except Exception:  # pragma: no cover - opencc is a project dependency
        return lambda s: s


def _name(rng: random.Random) -> str:
    return rng.choice(_surnames()) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))


def _amount(rng: random.Random) -> str:
    if rng.random() < 0.6:
        return f"{rng.randint(50, 98000)}万元"
    return f"{rng.randint(1, 60)}.{rng.randint(1, 99):02d}亿元"


def _paragraph(rng: random.Random, k: int, county: str, city: str, people: list[tuple[str, str]]) -> str:
    """One numbered paragraph: an official, a meeting, money, households and an initiative."""
    post, person = rng.choice(people)
    measure, other = rng.sample(MEASURES, 2)
    month, day = rng.randint(1, 12), rng.randint(1, 28)
    hh, persons = rng.randint(200, 9000), rng.randint(800, 30000)
    parts = [
        f"{ORDINALS[k]}是聚焦{measure},着力提高脱贫成效。",
        f"{month}月{day}日{rng.choice('上下')}午,{county}召开{measure}工作推进会,{post}{person}出席会议并讲话,"
        f"要求各乡镇提高政治站位,压实主体责任。",
        f"今年以来,{county}整合涉农资金{_amount(rng)},大力实施{rng.choice(PROGRAMMES)},"
        f"带动贫困户{hh}户、{persons}人稳定增收。",
        f"全县完成{other}{rng.randint(3, 900)}个,{rng.choice(PRODUCTS)}种植面积达到{rng.randint(2, 40)}万亩,"
        f"贫困户人均增收{rng.randint(300, 5000)}元以上。",
        f"{city}把{county}列为{measure}示范县,建设集中安置点{rng.randint(5, 190)}个,总投资{_amount(rng)}。",
    ]
    body = parts[1:]
    rng.shuffle(body)
    return "  " + parts[0] + "".join(body[: 1 + rng.randint(1, 3)])


def article(i: int, *, seed: int = 6) -> tuple[str, str]:
    """(file name, text) of synthetic article number i."""
    rng = random.Random(f"{seed}:{i}")
    rows, counties = _places()
    c = rng.choice(counties)
    city = rows[c["parent"]]
    city_short = city["short"] or city["name"]
    county = c["name"]
    people = [(city["name"] + p.removeprefix("市"), _name(rng)) for p in rng.sample(CITY_POSTS, 2)]
    people += [(p.replace("县", county[-1], 1) if p.startswith("县") else p, _name(rng))
               for p in rng.sample(COUNTY_POSTS, 3)]
    year = rng.randint(2015, 2020)
    date = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d} {rng.randint(7, 22):02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}"
    lines = [f"{city_short}:{county}{rng.choice(HEADS)}", "", f"{date} 来源:{city_short}新闻网", ""]
    lead_post, lead = people[2]
    lines.append(f"  {city_short}新闻网讯 ({_name(rng)}) 今年以来,{county}坚持把脱贫攻坚作为头等大事,"
                 f"{lead_post}{lead}带头抓谋划、抓推动、抓落实,深入{rng.randint(3, 30)}个贫困村调研,"
                 f"统筹推进{rng.choice(PROGRAMMES)}。")
    lines.append("")
    for k in range(rng.randint(3, 9)):
        if rng.random() < 0.3:
            lines += [f"{county}{rng.choice(HEADS)}", ""]
        lines += [_paragraph(rng, k, county, city["name"], people), ""]
    lines += [f"  {year}年,{county}将{rng.randint(5, 120)}个贫困村确定为深度贫困村,确保贫困人口如期脱贫。", ""]
    lines += [f"责任编辑: {_name(rng)}", ""]
    text = "\n".join(lines)
    if rng.random() < 0.5:
        text = _s2t()(text)
    return f"art-{i:05d}.txt", text


def write_corpus(n: int, folder: str | Path, *, seed: int = 6) -> list[Path]:
    """Write articles 0 … n-1 into `folder` (created); returns the file paths."""
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        name, text = article(i, seed=seed)
        p = out / name
        p.write_text(text, encoding="utf-8")
        paths.append(p)
    return paths


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", type=int)
    ap.add_argument("folder")
    ap.add_argument("--seed", type=int, default=6)
    args = ap.parse_args(argv)
    paths = write_corpus(args.n, args.folder, seed=args.seed)
    print(f"wrote {len(paths)} synthetic articles to {args.folder}")


if __name__ == "__main__":
    main()
