"""kg.extract.facts: dated events, meetings, policy documents and place relations
(pairings, designations, known-for), plus the context of amounts — in both scripts."""
from __future__ import annotations

import opencc
import pytest

from kg.extract import extract

HANS = opencc.OpenCC("t2s").convert


def spans_ok(doc, e) -> None:
    for ev in e.events:
        assert doc.text[ev.span.start:ev.span.end] == ev.span.text
        assert doc.text[ev.date_span.start:ev.date_span.end] == ev.date_span.text
    for d in e.documents:
        assert doc.text[d.span.start:d.span.end] == d.span.text
    for r in e.relations:
        assert doc.text[r.span.start:r.span.end] == r.span.text


# --- events -------------------------------------------------------------------------

def test_one_event_per_date(article_in_script):
    doc = article_in_script("今年以来，全市新建扶贫车间30个。9月底，全市光伏电站全部并网发电。")
    e = extract(doc)
    spans_ok(doc, e)
    assert sorted(ev.time.iso for ev in e.events) == ["2017", "2017-09-30"]
    assert all(ev.place is not None and ev.place.name == "临汾市" for ev in e.events)


def test_meeting_name_after_zhaokai(article_in_script):
    doc = article_in_script("8月31日上午，市委、市政府召开全市脱贫攻坚推进会，安排部署下一阶段工作。")
    e = extract(doc)
    spans_ok(doc, e)
    (ev,) = e.events
    assert ev.meeting
    assert HANS(ev.label) == "全市脱贫攻坚推进会"
    assert ev.time.iso == "2017-08-31"
    assert ev.organizer is not None and ev.organizer.name == "临汾市委"


def test_meeting_named_before_where_it_was_held(article_in_script):
    doc = article_in_script("5月7日，全市光伏扶贫工作现场推进会在吉县召开。")
    (ev,) = extract(doc).events
    assert ev.meeting and HANS(ev.label) == "全市光伏扶贫工作现场推进会"
    (ev,) = extract(article_in_script("5月7日，会议在吉县召开。")).events  # too short for a name
    assert not ev.meeting


def test_a_list_of_counties_with_a_count_gives_one_event_per_county(article_in_script):
    doc = article_in_script("9月29日下午，吉县、乡宁、安泽3个县分别举行脱贫攻坚誓师大会。")
    e = extract(doc)
    spans_ok(doc, e)
    assert sorted(ev.place.name for ev in e.events) == ["乡宁县", "吉县", "安泽县"]
    assert {ev.time.iso for ev in e.events} == {"2017-09-29"}


def test_a_dateless_sentence_gives_no_event(article_in_script):
    assert extract(article_in_script("全市上下扎实推进脱贫攻坚工作。")).events == ()


# --- documents -------------------------------------------------------------------

def test_document_with_its_issuers(article_in_script):
    doc = article_in_script("市委、市政府出台了《关于坚决打赢脱贫攻坚战的实施意见》，明确了目标任务。")
    e = extract(doc)
    spans_ok(doc, e)
    (d,) = e.documents
    assert HANS(d.title) == "关于坚决打赢脱贫攻坚战的实施意见"
    assert sorted(o.name for o in d.issuers) == ["临汾市委", "临汾市政府"]


def test_document_without_a_stated_issuer(article_in_script):
    (d,) = extract(article_in_script("各县认真学习《中国农村扶贫开发纲要》。")).documents
    assert HANS(d.title) == "中国农村扶贫开发纲要"
    assert d.issuers == ()


def test_a_document_title_is_not_an_initiative(article_in_script):
    e = extract(article_in_script("市委、市政府印发了《脱贫攻坚三年行动计划》。"))
    assert len(e.documents) == 1
    assert not any("三年行动计划" in HANS(i.name) for i in e.initiatives)


# --- relations -------------------------------------------------------------------

def relations(e, predicate: str) -> set[tuple[str, str]]:
    return {(r.subject.name, r.object.name if hasattr(r.object, "name") else HANS(r.object))
            for r in e.relations if r.predicate == predicate}


def test_pairing_with_two_partners(article_in_script):
    doc = article_in_script("吉县与北京市海淀区、丰台区结对帮扶，共建扶贫车间8个。")
    e = extract(doc)
    spans_ok(doc, e)
    pairs = relations(e, "pairedWith")
    assert ("吉县", "海淀区") in pairs
    assert ("吉县", "丰台区") in pairs


def test_designation_as_a_deep_poverty_county(article_in_script):
    doc = article_in_script("大宁县被确定为省级深度贫困县。")
    e = extract(doc)
    spans_ok(doc, e)
    assert relations(e, "designatedAs") == {("大宁县", "省级深度贫困县")}


def test_known_for_from_a_list_of_place_products(article_in_script):
    doc = article_in_script("吉县苹果、永和红枣等特色农产品走出大山。")
    e = extract(doc)
    spans_ok(doc, e)
    assert relations(e, "knownFor") == {("吉县", "苹果"), ("永和县", "红枣")}


@pytest.mark.parametrize("sentence", [
    "全市深度贫困县的帮扶力度进一步加大。",  # no place is designated
    "吉县群众喜欢吃苹果。",  # a product not right after the place
    "结对帮扶干部深入农户家中。",  # 结对 with no partners
])
def test_no_relation_where_there_is_none(article_in_script, sentence):
    assert extract(article_in_script(sentence)).relations == ()


# --- context of amounts -----------------------------------------------------------

def test_amount_in_a_township_topic_is_placed_there(article_in_script):
    doc = article_in_script("在财神镇，参与种植的贫困户户均增收3000元以上。",
                            title="赫章:念好山字经", source="毕节新闻网", published="2018-08-20")
    (a,) = extract(doc).amounts
    assert a.place.name == "财神镇" and a.place.kind == "township"
    assert HANS(a.per or "") == "户均"


def test_amount_takes_the_year_of_a_date_before_it(article_in_script):
    doc = article_in_script("今年县财政安排产业扶贫资金1.85亿元。", title="赫章:念好山字经", source="毕节新闻网",
                            published="2018-08-20")
    (a,) = extract(doc).amounts
    assert a.time is not None and a.time.iso == "2018"
    assert a.place.name == "赫章县"
    assert "产业扶贫资金" in HANS(a.purpose)


def test_a_noun_counted_directly_is_what_is_counted_in_its_unit(article_in_script):
    doc = article_in_script("2018年，全县实现8.79万贫困人口脱贫，带动1.2万贫困户增收，帮助3.5万群众搬出深山。",
                            title="赫章:念好山字经", source="毕节新闻网")
    got = {(s.quantity.value, HANS(s.quantity.unit), HANS(s.counts)) for s in extract(doc).statistics}
    assert got == {(87900, "人", "贫困人口"), (12000, "户", "贫困户"), (35000, "人", "群众")}


def test_a_percentage_is_a_rate_of_the_noun_before_it(article_in_script):
    doc = article_in_script("贫困发生率由2014年的29.8%下降到12.1%，农民从业人数占比达到80%。",
                            title="赫章:念好山字经", source="毕节新闻网")
    got = {(s.quantity.value, HANS(s.counts)) for s in extract(doc).statistics if s.share}
    assert got == {(29.8, "贫困发生率"), (12.1, "贫困发生率"), (80, "从业人数占比")}


def test_a_change_between_two_years_describes_both_values(article_in_script):
    doc = article_in_script("全村人均可支配收入从2014年的2300元增加到2018年的9800元，贫困户由2014年的156户减少到2户。")
    e = extract(doc)
    assert {(a.quantity.value, HANS(a.purpose)) for a in e.amounts} == {(2300, "全村人均可支配收入"),
                                                                       (9800, "全村人均可支配收入")}
    assert {(s.quantity.value, HANS(s.counts)) for s in e.statistics} == {(156, "贫困户"), (2, "贫困户")}


def test_a_leading_date_is_not_part_of_what_is_counted(article_in_script):
    doc = article_in_script("2017年核桃产值突破6亿元。截至5月底已拨付资金2亿元。")
    assert {HANS(a.purpose) for a in extract(doc).amounts} == {"核桃产值", "已拨付资金"}


def test_a_count_after_a_bare_wan_is_described_by_the_clause_not_by_wan(article_in_script):
    doc = article_in_script("全州到2016年底仍有农村贫困人口30多万、约9.8万户。", title="赫章:念好山字经",
                            source="毕节新闻网")
    described = {s.quantity.value: HANS(s.counts) for s in extract(doc).statistics}
    assert described[98_000] != "万" and "贫困人口" in described[98_000]
    assert described[300_000] and "贫困人口" in described[300_000]
