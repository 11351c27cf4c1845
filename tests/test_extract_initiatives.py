"""kg.extract.initiatives: quoted names, numeral slogans, measure compounds, …工程 names
and photo captions — and what is not an initiative — in both scripts."""
from __future__ import annotations

import opencc
import pytest

from kg.extract import extract

HANS = opencc.OpenCC("t2s").convert


def initiatives(doc) -> dict[str, tuple]:
    """Initiative name (simplified) → (measure, kind, place name)."""
    out = {}
    for i in extract(doc).initiatives:
        assert doc.text[i.span.start:i.span.end] == i.span.text
        out[HANS(i.name)] = (i.measure, i.kind, i.place.name if i.place else None)
    return out


@pytest.mark.parametrize("sentence, name", [
    ("全市深入开展“百企帮百村”行动。", "百企帮百村"),  # numeral slogan
    ("全县大力推广“一村一品”产业发展模式。", "一村一品"),
    ("全市大力实施“五个一批”工程。", "五个一批"),
    ("全县深入开展“春风行动”，组织贫困劳动力外出务工。", "春风行动"),  # a quoted name with 行动
])
def test_quoted_names(article_in_script, sentence, name):
    assert name in initiatives(article_in_script(sentence))


@pytest.mark.parametrize("sentence, name, measure", [
    ("全市大力推进光伏扶贫。", "光伏扶贫", "PhotovoltaicMeasure"),
    ("全县积极发展电商扶贫和金融扶贫。", "电商扶贫", "EcommerceMeasure"),
    ("全县积极发展电商扶贫和金融扶贫。", "金融扶贫", "FinanceMeasure"),
    ("全县扎实推进易地扶贫搬迁。", "易地扶贫搬迁", None),
])
def test_measure_compounds(article_in_script, sentence, name, measure):
    got = initiatives(article_in_script(sentence))
    assert name in got
    if measure:
        assert got[name][0] == measure


@pytest.mark.parametrize("sentence, name", [
    ("全市实施产业提质增效工程，带动贫困户增收。", "产业提质增效工程"),
    ("全县围绕乡村旅游富民工程，打造精品线路。", "乡村旅游富民工程"),
])
def test_gongcheng_names_after_a_trigger(article_in_script, sentence, name):
    got = initiatives(article_in_script(sentence))
    assert name in got
    assert got[name][1] == "programme"


def test_caption_with_a_county_and_a_measure_word(article_in_script):
    doc = article_in_script("全市光伏产业发展迅速。\n\n吉县光伏照亮致富路\n\n全县建成村级光伏电站20座。")
    got = initiatives(doc)
    assert got.get("光伏扶贫", (None,) * 3)[2] == "吉县"


def test_initiative_is_placed_in_the_sentence_scope(article_in_script):
    got = initiatives(article_in_script("乡宁县大力推进电商扶贫，建成村级服务站120个。"))
    assert got["电商扶贫"][2] == "乡宁县"


# --- negatives -----------------------------------------------------------------

@pytest.mark.parametrize("sentence, not_wanted", [
    ("确保搬迁群众“搬得出、稳得住、能致富”。", "搬得出、稳得住、能致富"),  # a goal list with 、
    ("他说：“脱贫攻坚是头等大事，必须抓紧抓实。”", "脱贫攻坚是头等大事，必须抓紧抓实。"),  # a quoted sentence
    ("市里组织开展专项行动。", "专项行动"),  # a generic head alone
])
def test_not_initiatives(article_in_script, sentence, not_wanted):
    got = initiatives(article_in_script(sentence))
    assert not any(not_wanted in n or n in not_wanted for n in got), got


def test_a_products_industry_and_national_programmes(article_in_script):
    got = initiatives(article_in_script(
        "该区坚持把马铃薯产业作为主导产业，建设马铃薯产业园，并与福州市鼓楼区开展东西部扶贫协作。"))
    assert got["马铃薯产业"][0] == "IndustryMeasure"
    assert got["东西部扶贫协作"][1] == "programme"
    assert "主导产业" not in got and "马铃薯产业园" not in got
