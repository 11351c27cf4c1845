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


@pytest.mark.parametrize("sentence, text, iso", [
    ("2011至2013年，全乡硬化通村道路46公里。", "2011至2013年", "2011/2013"),
    ("2016年—2020年，全县计划搬迁1.2万人。", "2016年—2020年", "2016/2020"),
    ("2016-2020年规划建设安置点21个。", "2016-2020年", "2016/2020"),
    ("2016年11月至2017年2月开展冬季攻势。", "2016年11月至2017年2月", "2016-11/2017-02"),
    ("10月9日至11日，县里举办电商培训班。", "10月9日至11日", "2017-10-09/2017-10-11"),
    ("9月下旬，专家组到村验收。", "9月下旬", "2017-09"),
    ("今年1—8月，全县电商销售额达到4200万元。", "今年1—8月", "2017-01/2017-08"),
    ("1-5月份，全镇新建蔬菜大棚40座。", "1-5月份", "2017-01/2017-05"),
    ("去年3至6月，全县开展了排查。", "去年3至6月", "2016-03/2016-06"),
    ("年初，县委部署了全年工作。", "年初", "2017-01"),
    ("9月中，专家组到村验收。", "9月中", "2017-09"),
    ("今年前三季度，全县农民收入增长9%。", "今年前三季度", "2017-01/2017-09"),
    ("2014年至今，全县累计投入资金3亿元。", "2014年至今", "2014/2017"),
    ("“十三五”期间，全县搬迁贫困群众2.3万人。", "十三五", "2016/2020"),
])
def test_spans_and_parts(article_in_script, sentence, text, iso):
    assert dates(article_in_script(sentence)).get(text) == iso


@pytest.mark.parametrize("sentence, text, iso", [
    ("县长12日到红岩村走访贫困户。", "12日", "2017-10-12"),
    ("县长23日到红岩村走访贫困户。", "23日", "2017-09-23"),  # after the 17th: the month before
    ("11日至13日，省督查组到县督查。", "11日至13日", "2017-10-11/2017-10-13"),
    ("昨天，全县召开产业推进会。", "昨天", "2017-10-16"),
    ("昨日，全县召开产业推进会。", "昨日", "2017-10-16"),
    ("前天，全县召开产业推进会。", "前天", "2017-10-15"),
    ("今天，全县召开产业推进会。", "今天", "2017-10-17"),
    ("本月底前，危房改造全部完工。", "本月底", "2017-10-31"),
    ("上月，全县新增就业岗位180个。", "上月", "2017-09"),
    ("月初，县扶贫办开展了回头看。", "月初", "2017-10"),
])
def test_days_relative_to_the_article(article_in_script, sentence, text, iso):
    assert dates(article_in_script(sentence)).get(text) == iso


def test_same_day_is_the_day_last_named(article_in_script):
    got = dates(article_in_script("9月26日上午，县里召开消费扶贫推介会。当天，签约金额达300万元。"))
    assert got["当天"] == "2017-09-26"


def test_next_day_is_the_day_after_the_day_last_named(article_in_script):
    got = dates(article_in_script("9月26日，县里召开消费扶贫推介会。次日，专家组到合作社考察。"))
    assert got["次日"] == "2017-09-27"


def test_same_and_next_year_follow_the_year_last_named(article_in_script):
    got = dates(article_in_script("2014年，县里启动易地搬迁。同年，建成安置点8个，次年全部入住。"))
    assert (got["同年"], got["次年"]) == ("2014", "2015")


def test_same_year_without_a_year_before_is_the_publication_year(article_in_script):
    assert dates(article_in_script("同年，全镇贫困人口减少600人。"))["同年"] == "2017"


def test_same_day_without_a_day_before_is_the_article_day(article_in_script):
    assert dates(article_in_script("当日，全县签约金额达300万元。"))["当日"] == "2017-10-17"


def test_a_day_of_last_year_when_long_after_publication(article_in_script):
    got = dates(article_in_script("12月28日，县里召开年终总结会。", published="2018-01-05"))
    assert got["12月28日"] == "2017-12-28"


def test_a_deadline_after_publication_keeps_its_year(article_in_script):
    got = dates(article_in_script("12月底前完成全部搬迁。", published="2018-03-05"))
    assert got["12月底"] == "2018-12-31"


@pytest.mark.parametrize("sentence, not_found", [
    ("县里印发了《2016年产业扶贫实施方案》。", "2016年"),  # inside a title
    ("全县农民人均收入比上年增长12%。", "上年"),  # the base of a comparison
    ("贫困人口较去年减少3000人。", "去年"),
    ("如今年过七旬的老人也住上了新房。", "今年"),  # 如今 + 年过七旬
    ("所有项目须在15日内完成验收。", "15日"),  # fifteen days, not the 15th
    ("每月8日为村里的党员活动日。", "8日"),
    ("帮扶干部连续7日吃住在村。", "7日"),  # a duration
    ("贫困劳动力务工30日以上的给予补贴。", "30日"),
    ("5月8日，县里召开推进会。", "8日"),  # the day of 5月8日, not a bare 8日
    ("全县2月30日召开会议。", "2月30日"),  # no such day
    ("今日头条报道了村里的木耳。", "今日"),
    ("老党员在岁月中见证了村里的变化。", "月中"),  # 岁月 + 中
    ("对当年考取大学的贫困学生给予资助。", "当年"),
    ("县里印发了《十三五产业扶贫规划》。", "十三五"),
    ("2019年全省消费扶贫产品博览会在县城开幕。", "2019年"),  # part of the name; its date stands elsewhere  # the year of a rule, no time
    ("2018年资金须在9月底前全部拨付。", "2018年"),  # the funds of 2018
])
def test_not_dates(article_in_script, sentence, not_found):
    assert not_found not in dates(article_in_script(sentence))


def test_a_year_before_a_meeting_held_in_it_stays(article_in_script):
    got = dates(article_in_script("2019年全县召开了消费扶贫推介会。2018年荣获全省脱贫攻坚奖。"))
    assert (got.get("2019年"), got.get("2018年")) == ("2019", "2018")


def test_qi_as_a_verb_is_not_from(article_in_script):
    got = dates(article_in_script("合作社在2019年起到了带动作用。2018年起着手实施搬迁。"))
    assert got.get("2019年") == "2019"  # the year stays; 起到 is "played", not "from"
    assert got.get("2018年起") == "2018/.."  # 起 + 着手: from 2018


def test_bare_day_needs_an_article_day(article_in_script):
    doc = article_in_script("县长12日到红岩村走访贫困户。", published="来源:商洛日报")
    assert "12日" not in dates(doc)  # no publication date, no dateline: unknown, not invented


@pytest.mark.parametrize("body, text, iso", [
    ("6月12日下午，镇扶贫工作领导小组召开2020年第三次会议，研究部署产业帮扶。", "6月12日", "2020-06-12"),
    ("全区2016年产业扶贫现场观摩会于9月8日在红星村举行。", "9月8日", "2016-09-08"),
    ("11月3日，县里印发《2019年脱贫攻坚工作要点》，明确了任务。", "11月3日", "2019-11-03"),
])
def test_undated_report_takes_the_year_of_its_meeting(article_in_script, body, text, iso):
    assert dates(article_in_script(body, title="某县召开扶贫工作会议", published="")).get(text) == iso


def test_undated_report_without_one_meeting_year_keeps_its_days_unresolved(article_in_script):
    got = dates(article_in_script("4月9日，全县召开2017年第一次推进会和2018年工作动员会。",
                                  title="某县召开扶贫工作会议", published=""))
    assert "4月9日" not in got
    got = dates(article_in_script("4月9日，全县召开脱贫攻坚推进会。", title="某县召开扶贫工作会议", published=""))
    assert "4月9日" not in got


def test_a_dated_report_keeps_its_own_year(article_in_script):
    got = dates(article_in_script("5月2日，县里召开2015年第二次会议。"))
    assert got.get("5月2日") == "2017-05-02"


@pytest.mark.parametrize("sentence, text, iso", [
    ("12年前，村里还没有一条水泥路。", "12年前", "2005"),
    ("两年前，她从外地返乡办起了养鸡场。", "两年前", "2015"),
])
def test_years_ago_counted_back_from_the_publication_year(article_in_script, sentence, text, iso):
    assert dates(article_in_script(sentence)).get(text) == iso


@pytest.mark.parametrize("sentence", [
    "多年前他就外出打工了。",
    "近3年前来考察的企业有20家。",
    "他每2年前往省城体检一次。",
])
def test_years_ago_that_are_no_date(article_in_script, sentence):
    assert not any(t.endswith("年前") or t.endswith("年前来") for t in dates(article_in_script(sentence)))


def test_years_ago_without_a_publication_date_stays_unresolved(article_in_script):
    got = dates(article_in_script("8年前，这里还是荒坡。", title="某村的变化", published=""))
    assert "8年前" not in got


def test_an_undated_report_takes_the_first_year_of_its_plan_span(article_in_script):
    doc = article_in_script("定远县5月4日召开座谈会，部署了全县2017-2018年的扶贫重点工作。", published="")
    assert dates(doc)["5月4日"] == "2017-05-04"


def test_days_listed_after_a_full_date_take_its_month(article_in_script):
    doc = article_in_script("厅长在3月2日、4月25日和27日三次带队调研。", published="2016-09-10 08:00:00")
    assert dates(doc)["27日"] == "2016-04-27"
    doc = article_in_script("工作组于2015年11月3日、5日及9日进村开展调研。", published="2016-09-10 08:00:00")
    found = dates(doc)
    assert found["5日"] == "2015-11-05" and found["9日"] == "2015-11-09"
