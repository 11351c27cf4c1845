"""kg.extract.quantities (and the amounts/statistics built on it in kg.extract.facts):
money, counts, measures and percentages, with their approximation flags — in both scripts."""
from __future__ import annotations

import opencc
import pytest

from kg.extract import extract
from kg.extract.quantities import find_percentages, find_quantities

HANS = opencc.OpenCC("t2s").convert


def quantities(doc) -> dict[str, tuple]:
    """Quantity text (simplified) → (value, kind, approx, minimum)."""
    out = {}
    for q, kind in find_quantities(doc):
        assert doc.text[q.span.start:q.span.end] == q.span.text
        out[HANS(q.span.text)] = (q.value, kind, q.approx, q.minimum)
    return out


def only(doc) -> tuple:
    got = quantities(doc)
    assert len(got) == 1, got
    return next(iter(got.items()))


# --- money -------------------------------------------------------------------------

@pytest.mark.parametrize("sentence, text, value, approx, minimum", [
    ("今年全市投入扶贫资金4亿余元。", "4亿余元", 400_000_000, True, False),
    ("县财政安排奖补资金2700余万元。", "2700余万元", 27_000_000, True, False),
    ("全市整合涉农资金58671.29万元。", "58671.29万元", 586_712_900, False, False),
    ("每座电站每年可为村集体增收10万元左右。", "10万元左右", 100_000, True, False),
    ("贫困户人均增收1000元以上。", "1000元以上", 1000, True, True),
    ("全县核桃产值突破8亿元。", "突破8亿元", 800_000_000, True, True),
    ("每人每月最高补助330元。", "330元", 330, False, False),
    ("共发放小额信贷1.36亿元。", "1.36亿元", 136_000_000, False, False),
    ("累计投入帮扶资金三千万元。", "三千万元", 30_000_000, False, False),
])
def test_money(article_in_script, sentence, text, value, approx, minimum):
    got_text, (got_value, kind, got_approx, got_min) = only(article_in_script(sentence))
    assert (got_text, kind) == (text, "money")
    assert got_value == pytest.approx(value)
    assert (got_approx, got_min) == (approx, minimum)


def test_money_behind_a_pinyin_annotation(article):
    doc = article("今年全市發放產業扶貧資金32.6萬(wàn)元。", title="定西:脫貧攻堅", source="定西新聞網")
    got_text, (value, kind, _, _) = only(doc)
    assert (got_text, kind) == ("32.6万元", "money") and value == pytest.approx(326_000)


def test_amounts_are_amounts_and_counts_are_statistics(article_in_script):
    e = extract(article_in_script("今年全市投入资金2.5亿元，新建扶贫车间30个，吸纳贫困劳动力1200人。"))
    assert [a.quantity.value for a in e.amounts] == [250_000_000]
    assert sorted(s.quantity.value for s in e.statistics) == [30, 1200]
    for a in e.amounts:
        assert a.place is not None and a.place.name == "临汾市"
        assert HANS(a.quantity.span.text) == "2.5亿元"


def test_per_person_amount_is_marked(article_in_script):
    e = extract(article_in_script("入股贫困户每人每年分红收益391.25元。"))
    (a,) = e.amounts
    assert a.quantity.value == pytest.approx(391.25)
    assert HANS(a.per or "") == "每人每年"


# --- counts and measures ------------------------------------------------------------

@pytest.mark.parametrize("sentence, text, value, approx", [
    ("全市组织1.5万余名干部下乡驻村。", "1.5万余名", 15_000, True),
    ("全县建成两个扶贫产业园。", "两个", 2, False),
    ("全县建成三个扶贫产业园。", "三个", 3, False),
    ("组织千名干部结对帮扶。", "千名", 1000, False),
    ("全县搬迁贫困群众7925户。", "7925户", 7925, False),
    ("新建中药材基地3.2万亩。", "3.2万亩", 32_000, False),
    ("全县惠及自然村寨1100余个。", "1100余个", 1100, True),
])
def test_counts(article_in_script, sentence, text, value, approx):
    got_text, (got_value, kind, got_approx, _) = only(article_in_script(sentence))
    assert got_text == text and kind != "money"
    assert got_value == pytest.approx(value)
    assert got_approx is approx


@pytest.mark.parametrize("sentence, text, value", [
    ("吉县建成2×6兆瓦集中式光伏电站。", "2×6兆瓦", 12),
    ("每个贫困村建成100kw村级光伏电站。", "100kw", 100),
])
def test_capacity(article_in_script, sentence, text, value):
    got_text, (got_value, kind, _, _) = only(article_in_script(sentence))
    assert got_text == text and got_value == pytest.approx(value) and kind != "money"


def test_percentage_is_a_share(article_in_script):
    doc = article_in_script("全市贫困发生率由2014年的21.3%下降到8%。")
    assert sorted(q.value for q in find_percentages(doc)) == [8, 21.3]
    shares = [s for s in extract(doc).statistics if s.share]
    assert sorted(s.quantity.value for s in shares) == [8, 21.3]
    assert all(s.quantity.unit == "%" for s in shares)


# --- negatives -----------------------------------------------------------------------

@pytest.mark.parametrize("sentence", [
    "2017年是脱贫攻坚的关键之年。",  # a year
    "全市脱贫攻坚考核位列全省第三。",  # an ordinal
    "吉县进入全省前10名。",  # a rank
    "督查组反馈了12个方面的问题。",  # a structural noun
    "这两项工作必须同时抓好。",  # a demonstrative before a structural noun
    "一个村也不能掉队。",  # 一 as an article
    "大力实施“五个一批”工程，深入开展“千企帮千村”行动。",  # numbers inside slogans
    "今年以来，市委召开了11次专题会议。",  # times, not a count
])
def test_numbers_that_are_neither_money_nor_statistics(article_in_script, sentence):
    doc = article_in_script(sentence)
    assert quantities(doc) == {}
    e = extract(doc)
    assert e.amounts == () and e.statistics == ()


def test_real_parentheses_are_kept_and_do_not_disturb_counts(article_in_script):
    doc = article_in_script("全市12个县(市、区)全部完成了年度任务。")
    assert "(市、区)" in HANS(doc.text)
    got_text, (value, _, _, _) = only(doc)
    assert (got_text, value) == ("12个", 12)


# --- measure words, Chinese numerals, numbers after their noun ------------------------------

@pytest.mark.parametrize("sentence, text, value", [
    ("全县新打抗旱机井12眼。", "12眼", 12),
    ("合作社建成温室大棚35栋。", "35栋", 35),
    ("参加督导的县级领导共18位。", "18位", 18),  # the number follows its noun
    ("两片新灌区今年全部通水。", "两片", 2),
    ("全县十个乡镇全部通了客运班车。", "十个", 10),
    ("五类困难人员全部纳入保障。", "五类", 5),
    ("这15个贫困村今年全部出列。", "15个", 15),  # a demonstrative before a real count
])
def test_measure_words_and_chinese_numerals(article_in_script, sentence, text, value):
    got_text, (got_value, kind, _, _) = only(article_in_script(sentence))
    assert (got_text, got_value, kind) == (text, value, "count")


@pytest.mark.parametrize("sentence", [
    "各部门要两头发力，两手抓好防控和发展。",  # idioms with 头 and 手
    "他两眼望着远处的果园。",
    "村里三头六臂的能人不多。",
])
def test_idioms_are_not_counts(article_in_script, sentence):
    doc = article_in_script(sentence)
    assert quantities(doc) == {}
    assert extract(doc).statistics == ()


@pytest.mark.parametrize("sentence, text, value", [
    ("全村出栏生猪3000头。", "3000头", 3000),  # livestock: a measure, with Arabic numerals
    ("合作社新购农机20台。", "20台", 20),
    ("新修村组道路12公里。", "12公里", 12),
])
def test_livestock_machinery_and_lengths_are_measures(article_in_script, sentence, text, value):
    got_text, (got_value, _, _, _) = only(article_in_script(sentence))
    assert (got_text, got_value) == (text, value)


def test_an_area_is_still_a_measure(article_in_script):
    got_text, (value, kind, _, _) = only(article_in_script("全县新增高标准农田500亩。"))
    assert (got_text, value, kind) == ("500亩", 500, "area")


# --- bare 万 numbers --------------------------------------------------------------------------

def test_a_bare_wan_after_a_counted_noun(article_in_script):
    doc = article_in_script("到去年底，全省仍有农村贫困人口60多万、约21.3万户。")
    got = {(s.quantity.value, HANS(s.quantity.unit)) for s in extract(doc).statistics}
    assert {(600_000, "人"), (213_000, "户")} <= got


def test_a_bare_wan_takes_the_unit_of_the_previous_count(article_in_script):
    doc = article_in_script("在识别出的126.4万贫困人口中，已有98.7万实现脱贫。")
    got = {(s.quantity.value, HANS(s.quantity.unit)) for s in extract(doc).statistics}
    assert (987_000, "人") in got


def test_a_bare_wan_after_a_money_word_is_money(article_in_script):
    doc = article_in_script("该项目总投资2000万左右，明年建成。")
    amounts = extract(doc).amounts
    assert [(a.quantity.value, a.quantity.approx) for a in amounts] == [(20_000_000, True)]


@pytest.mark.parametrize("sentence", [
    "活动发放3万宣传资料。",  # a modifier of a noun the lexicon does not know
    "全县约有12万亩核桃林。",  # an area (with its unit), not a bare number
])
def test_a_bare_wan_without_a_clue_is_nothing(article_in_script, sentence):
    doc = article_in_script(sentence)
    assert all(q.unit != "人" and kind != "money" for q, kind in find_quantities(doc))


# --- ranges, speech, place names --------------------------------------------------------------

@pytest.mark.parametrize("sentence, text, value, kind", [
    ("务工人员每月可挣6000至7000元。", "6000至7000元", 6000, "money"),
    ("每个村可获得3至5万元分红。", "3至5万元", 30_000, "money"),
    ("每个车间可带动80-100人就业。", "80-100人", 80, "count"),
])
def test_a_range_is_read_at_its_lower_bound(article_in_script, sentence, text, value, kind):
    got_text, (got_value, got_kind, _, minimum) = only(article_in_script(sentence))
    assert (got_text, got_value, got_kind, minimum) == (text, value, kind, True)


def test_numbers_in_quoted_speech_count(article_in_script):
    doc = article_in_script("“我家今年卖核桃收入超过8万元，日子好过了！”村民老张说。")
    assert [(a.quantity.value, a.quantity.minimum) for a in extract(doc).amounts] == [(80_000, True)]


@pytest.mark.parametrize("sentence", [
    "吉县屯里镇五棵松村今年新建温室大棚40栋。",  # a place name holding a numeral and a unit
    "吉县四棵树乡今年新建温室大棚40栋。",
])
def test_a_numeral_inside_a_place_name_is_no_count(article_in_script, sentence):
    stats = extract(article_in_script(sentence)).statistics
    assert [(s.quantity.value, HANS(s.quantity.unit)) for s in stats] == [(40, "栋")]


def test_a_numeral_before_yuan_and_a_place_suffix_is_no_money(article_in_script):
    doc = article_in_script("五元村村民今年人均增收3000元。")
    assert [a.quantity.value for a in extract(doc).amounts] == [3000]


@pytest.mark.parametrize("sentence, text", [
    ("每名护林员每年可领取8000元至10000元报酬。", "8000元"),
    ("每亩可增收1500元-2000元。", "1500元"),
])
def test_a_range_with_both_units_is_one_amount_at_its_lower_bound(article_in_script, sentence, text):
    got_text, (value, kind, _, minimum) = only(article_in_script(sentence))
    assert (got_text, kind, minimum) == (text, "money", True)
    assert value == float(text[:-1])


def test_one_before_a_multiplier_is_a_number(article_in_script):
    got_text, (value, kind, _, _) = only(article_in_script("省里下达的一亿元奖补资金已经到位。"))
    assert (got_text, value, kind) == ("一亿元", 100_000_000, "money")


@pytest.mark.parametrize("sentence, text, value", [
    ("全县共有建档立卡贫困人口12,345人。", "12,345人", 12_345),
    ("累计发放贷款1,250.5万元。", "1,250.5万元", 12_505_000),
])
def test_thousands_separators(article_in_script, sentence, text, value):
    got_text, (got_value, _, _, _) = only(article_in_script(sentence))
    assert (got_text, got_value) == (text, value)


def test_a_clause_comma_after_a_unit_is_no_thousands_separator(article_in_script):
    got = quantities(article_in_script("全县建成3个安置点,120户搬入新居。"))
    assert {t: v[0] for t, v in got.items()} == {"3个": 3, "120户": 120}


def test_a_bare_wan_with_a_money_word_after_it_is_money(article_in_script):
    doc = article_in_script("今年共争取到1500万左右的帮扶资金。")
    assert [a.quantity.value for a in extract(doc).amounts] == [15_000_000]


@pytest.mark.parametrize("sentence", ["这两个月来，工作队走遍了全村。", "经过3个多月的努力，道路终于修通。"])
def test_durations_are_no_counts(article_in_script, sentence):
    assert quantities(article_in_script(sentence)) == {}


@pytest.mark.parametrize("sentence, value", [
    ("这个侨乡有12万华侨华人旅居海外。", 120_000),
    ("全县2.3万贫困劳动力实现转移就业。", 23_000),
    ("全市4万留守儿童得到关爱。", 40_000),
])
def test_a_wan_number_before_a_counted_noun(article_in_script, sentence, value):
    (q, kind), = find_quantities(article_in_script(sentence))
    assert kind == "count" or kind == "noun"
    assert q.value == pytest.approx(value) and HANS(q.unit) == "人"


def test_a_wan_number_before_an_uncounted_noun_is_no_count(article_in_script):
    assert find_quantities(article_in_script("全县建成5万延米排水沟渠。")) == []


def test_a_numeral_name_in_a_list_of_places_is_no_money(article_in_script):
    got = quantities(article_in_script("县委书记先后到富顺、三元、石安等地调研，村里投入资金三万元。"))
    assert "三元" not in got and got["三万元"][0] == 30000


def test_an_amount_given_by_its_order_of_magnitude_is_its_lower_bound_and_approximate(article_in_script):
    from kg.extract import extract

    doc = article_in_script("全县每年劳务输出收入达数十亿元，其中几百万元用于修路，数名干部参与。")
    got = [(a.quantity.value, a.quantity.approx) for a in extract(doc).amounts]
    assert got == [(1_000_000_000, True), (1_000_000, True)]
