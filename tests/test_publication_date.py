"""kg.text.published: the publication date of an article from its header line, or from its
lead's dateline, with a missing year read from the body or left unknown; in both scripts,
and through `kg build` + `kg validate` for impossible dates."""
from __future__ import annotations

from contextlib import redirect_stderr, redirect_stdout
from io import StringIO

import opencc
import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import XSD

from kg.cli import main
from kg.extract.dates import find_dates
from kg.text.clean import clean
from kg.text.published import header_stamp, infer_year

S2T = opencc.OpenCC("s2t").convert
DATE_PUBLISHED = URIRef("https://schema.org/datePublished")


@pytest.fixture(params=["zh-Hans", "zh-Hant"])
def script(request):
    """Converts a simplified article to the script under test."""
    return S2T if request.param == "zh-Hant" else (lambda s: s)


def published(script, header: str, *body: str) -> str | None:
    raw = "\n\n".join([script("山阳:小木耳撑起大产业"), script(header), *("  " + script(p) for p in body)]) + "\n"
    return clean(raw, article_id="p").published


@pytest.mark.parametrize("header, iso", [
    ("2019-03-07 08:45 来源:山阳县融媒体中心 作者:高明 宋雪", "2019-03-07T08:45:00"),
    ("发布时间:2020/6/9 14:02:11 | 来源:商洛日报", "2020-06-09T14:02:11"),
    ("时间:2016-11-30", "2016-11-30"),
    ("2018年07月02日 10:16 | 作者:梁静 | 来源:新华社", "2018-07-02T10:16:00"),
    ("03.12.2019 17:40", "2019-12-03T17:40:00"),  # day.month.year
    ("发布日期:2019-11-25 | 浏览次数:1024", "2019-11-25"),
    ("来源:西部网 编辑:罗兰 2021-01-05 09:00", "2021-01-05T09:00:00"),
    ("来源:人民网 2017年09月14日04:12", "2017-09-14T04:12:00"),
    ("二〇一七年十二月二十九日", "2017-12-29"),  # Chinese numerals
])
def test_header_forms(script, header, iso):
    assert published(script, header, "全县食用菌种植户达到1200户。") == iso


def test_month_and_day_take_the_latest_year_of_the_body(script):
    got = published(script, "06-25 11:40 来源:秦岭网", "2016年，全县建成木耳大棚300个；2018年又新建200个。",
                    "到2020年，全县木耳产业覆盖所有贫困户。")  # 2020 is a target, not a year already reached
    assert got == "2018-06-25T11:40:00"


def test_a_year_in_the_footer_is_not_read(script):
    got = published(script, "06-25 11:40 来源:秦岭网", "2016年，全县建成木耳大棚300个。", "版权声明:2021年起本站稿件未经授权不得转载")
    assert got == "2016-06-25T11:40:00"


def test_a_day_reported_as_past_moves_the_year_on(script):
    got = published(script, "04-12 09:30 来源:秦岭网", "截至2017年底，全县累计脱贫1.6万人。")
    assert got == "2018-04-12T09:30:00"


def test_a_year_inside_a_title_does_not_give_the_year(script):
    got = published(script, "05-20 08:00 来源:秦岭网", "2015年起，全县推行《2019年产业扶贫实施意见》。")
    assert got == "2015-05-20T08:00:00"


def test_a_field_key_before_a_month_and_day_without_time(script):
    assert published(script, "发布时间:06-25", "2016年，全县建成木耳大棚300个。") == "2016-06-25"


def test_without_a_year_anywhere_the_date_stays_unknown(script):
    assert published(script, "09-14 16:20 来源:秦岭网", "今年以来，全县新建木耳基地5个。") is None


@pytest.mark.parametrize("lead, iso", [
    ("新华社西安5月3日电 2018年，山阳县木耳产值突破2亿元。", "2018-05-03"),
    ("本报9月12日讯(记者 韩冰) 2015年以来，全县新建安置点12个。", "2015-09-12"),
    ("商洛网2019年4月8日讯 全县召开产业推进会。", "2019-04-08"),
    ("央广网西安2019年10月3日消息 全县召开产业推进会。", "2019-10-03"),
])
def test_lead_dateline_when_the_header_has_no_date(script, lead, iso):
    assert published(script, "来源:商洛日报", lead) == iso


def test_lead_dateline_without_any_year_is_unknown(script):
    assert published(script, "来源:商洛日报", "本报3月2日讯 全县召开产业推进会。") is None


@pytest.mark.parametrize("last", ["2018年6月30日", "（2018年6月30日）", "发布日期:2018-06-30", "二〇一八年六月三十日"])
def test_a_line_holding_only_a_date_when_nothing_else_gives_one(script, last):
    assert published(script, "县扶贫开发领导小组", "全县召开产业推进会，安排全年工作。", "县扶贫办", last) == "2018-06-30"


def test_a_date_in_prose_is_no_date_line(script):
    assert published(script, "县扶贫开发领导小组", "全县召开产业推进会。", "2018年6月30日，全县召开推进会，部署工作。") is None


def test_a_header_line_after_a_summary(script):
    got = published(script, "摘要:山阳县小木耳撑起大产业，带动贫困户增收。", "2019-09-02 08:15 来源:商洛日报",
                    "全县召开产业推进会。")
    assert got == "2019-09-02T08:15:00"


def test_a_caption_with_a_date_is_no_header(script):
    got = published(script, "摘要:山阳县小木耳撑起大产业，带动贫困户增收。", "2019年9月2日 全县木耳喜获丰收", "全县召开产业推进会。")
    assert got is None


def test_the_address_of_the_article_gives_the_year_of_a_month_and_day(script):
    got = published(script, "07-09 10:20 来源:秦岭网", "全县召开产业推进会。",
                    "原文链接:http://www.example.cn/news/2021-07/09/content_5521.htm")
    assert got == "2021-07-09T10:20:00"


def test_the_address_of_the_article_as_the_last_resort(script):
    assert published(script, "来源:秦岭网", "全县召开产业推进会。",
                     "网址: http://www.example.gov.cn/art/t20190312_88.html") == "2019-03-12"


def test_an_address_with_an_identifier_only_gives_nothing(script):
    assert published(script, "来源:秦岭网", "全县召开产业推进会。", "http://www.example.cn/a/201903125588.html") is None


def test_impossible_header_date_falls_back_to_the_lead_with_its_year(script):
    got = published(script, "2019-02-30 10:15:00 来源:商洛日报", "新华社西安2月26日电 全县召开产业推进会。")
    assert got == "2019-02-26"


@pytest.mark.parametrize("header, iso", [
    ("2019-02-30 10:15:00 来源:商洛日报", None),  # no February 30
    ("2019-13-02 10:15 来源:商洛日报", None),
    ("2019-02-03 26:75 来源:商洛日报", "2019-02-03"),  # an impossible time: the day only
])
def test_impossible_dates_are_dropped(script, header, iso):
    assert published(script, header, "全县召开产业推进会。") == iso


def test_numbers_are_no_header_date():
    assert header_stamp("全县1-6月新增就业320人") is None
    assert header_stamp("10-18") is None  # a month and day need a time or a field key
    assert header_stamp("日期:10-18").month == 10


def test_infer_year_ignores_ranges_and_targets():
    assert infer_year("2016-2020年规划实施。2017年完成。", 3, 1) == 2017
    assert infer_year("力争2025年实现目标。", 3, 1) is None


def test_relative_dates_count_from_the_lead_dateline(script):
    raw = (script("山阳:小木耳撑起大产业") + "\n\n2018-05-04 来源:商洛日报\n\n  "
           + script("本报5月3日讯 昨天，县里召开推进会。2日，副县长到基地调研。") + "\n")
    got = {d.span.text: d.value.iso for d in find_dates(clean(raw, article_id="p"))}
    assert got[script("昨天")] == "2018-05-02"
    assert got["2日"] == "2018-05-02"


def _build(tmp_path, header: str) -> tuple[int, Graph]:
    article = tmp_path / "a.txt"
    article.write_text(f"山阳:小木耳撑起大产业\n\n{header}\n\n  全县2月底建成木耳大棚30个。\n", encoding="utf-8")
    out = tmp_path / "a.ttl"
    with redirect_stdout(StringIO()), redirect_stderr(StringIO()):
        assert main(["build", str(article), "-o", str(out)]) == 0
        rc = main(["validate", str(out)])
    return rc, Graph().parse(out)


def test_impossible_date_builds_and_validates(tmp_path):
    rc, g = _build(tmp_path, "2017-02-30 09:07:20 来源:商洛日报")
    assert rc == 0
    assert list(g.objects(None, DATE_PUBLISHED)) == []


def test_impossible_time_keeps_the_day_through_build(tmp_path):
    rc, g = _build(tmp_path, "2017-02-03 29:07:20 来源:商洛日报")
    assert rc == 0
    [value] = g.objects(None, DATE_PUBLISHED)
    assert (str(value), value.datatype) == ("2017-02-03", XSD.date)
