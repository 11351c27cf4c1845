"""kg.extract.dates: date expressions resolved against the publication date
(2017-10-17 unless stated), in both scripts."""
from __future__ import annotations

import opencc
import pytest

from kg.extract.dates import find_dates

HANS = opencc.OpenCC("t2s").convert


def dates(doc) -> dict[str, str]:
    """Date text (simplified) → ISO value."""
    out = {}
    for d in find_dates(doc):
        assert doc.text[d.span.start:d.span.end] == d.span.text
        out[HANS(d.span.text)] = d.value.iso
    return out


@pytest.mark.parametrize("sentence, text, iso", [
    ("今年，全市新建扶贫车间30个。", "今年", "2017"),
    ("去年，全县36个贫困村退出。", "去年", "2016"),
    ("明年，全市将全面完成搬迁任务。", "明年", "2018"),
    ("今年以来，全市累计投入资金2亿元。", "今年以来", "2017"),
    ("去年以来，全市累计投入资金2亿元。", "去年以来", "2016/2017"),
    ("2015年以来，全县累计建成安置点18个。", "2015年以来", "2015/2017"),
    ("2016年以前已搬迁的群众全部入住。", "2016年以前", "../2016"),
    ("2016年，全县贫困发生率下降到9%。", "2016年", "2016"),
    ("9月底，全市光伏电站全部并网。", "9月底", "2017-09-30"),
    ("截至6月底，全市累计减少贫困人口2万人。", "6月底", "2017-06-30"),
    ("2月底前完成危房改造。", "2月底", "2017-02-28"),
    ("年底前，全县贫困村全部出列。", "年底", "2017-12-31"),
    ("今年底，吉县将实现脱贫摘帽。", "今年底", "2017-12-31"),
    ("明年底前，全市贫困人口全部脱贫。", "明年底", "2018-12-31"),
    ("5月至9月，市委派出督查组开展专项督查。", "5月至9月", "2017-05/2017-09"),
    ("2015年、2016年连续两年考核为优秀等次。", "2015年、2016年", "2015/2016"),
    ("9月18日至19日，副省长到吉县调研。", "9月18日至19日", "2017-09-18/2017-09-19"),
    ("9月28日至10月2日，全市开展督查。", "9月28日至10月2日", "2017-09-28/2017-10-02"),
])
def test_date_expressions(article_in_script, sentence, text, iso):
    assert dates(article_in_script(sentence)).get(text) == iso


def test_day_with_a_part_of_day(article_in_script):
    got = dates(article_in_script("8月31日上午，市委召开脱贫攻坚推进会。"))
    assert [iso for text, iso in got.items() if text.startswith("8月31日")] == ["2017-08-31"]


def test_resolved_against_the_publication_date_not_today(article_in_script):
    doc = article_in_script("今年以来，全县新建通组公路1260公里。去年，全县减贫4.6万人。",
                            published="2018-08-20 09:32:15")
    got = dates(doc)
    assert got["今年以来"] == "2018"
    assert got["去年"] == "2017"


def test_end_of_february_in_a_leap_year(article_in_script):
    assert dates(article_in_script("2月底前完成验收。", published="2016-03-01"))["2月底"] == "2016-02-29"


@pytest.mark.parametrize("sentence", [
    "全县每年培训贫困劳动力。",  # 每年 is not a date
    "多年来，群众期盼的道路终于修通。",  # 多年
    "全市投入资金3000万元，新建基地12个。",  # numbers, not dates
])
def test_no_date_where_there_is_none(article_in_script, sentence):
    assert dates(article_in_script(sentence)) == {}


def test_credits_and_dateline_give_no_dates(article_in_script):
    doc = article_in_script("全市脱贫工作扎实推进。\n\n责任编辑: 周敏")
    assert dates(doc) == {}  # the dateline's 2017-10-17 is the publication date, not an event
