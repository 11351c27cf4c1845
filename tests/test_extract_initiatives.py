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


# --- kinds of 扶贫, pairing programmes ---------------------------------------------

@pytest.mark.parametrize("sentence, name", [
    ("全省着力推进安居扶贫，改善贫困户住房条件。", "安居扶贫"),
    ("各地把精神扶贫放在重要位置。", "精神扶贫"),
    ("全盟加大产业化扶贫力度。", "产业化扶贫"),
    ("全州统筹专项扶贫、行业扶贫、社会扶贫。", "行业扶贫"),
])
def test_a_kind_of_fupin_is_a_measure(article_in_script, sentence, name):
    assert name in initiatives(article_in_script(sentence))


def test_a_compound_that_only_qualifies_a_noun_is_no_name(article_in_script):
    got = initiatives(article_in_script("今年下达专项扶贫资金3亿元，兜底扶贫对象全部纳入低保。"))
    assert "专项扶贫" not in got and "兜底扶贫" not in got


@pytest.mark.parametrize("sentence, name", [
    ("两地深化沪滇扶贫协作，共建产业园区。", "沪滇扶贫协作"),
    ("广西各地持续推进粤桂扶贫协作。", "粤桂扶贫协作"),
    ("全区不断深化援藏扶贫和定点扶贫。", "援藏扶贫"),
    ("各市积极开展省内协作扶贫。", "省内协作扶贫"),
    ("两省深化闽宁合作，共建产业园。", "闽宁合作"),
])
def test_pairing_programmes(article_in_script, sentence, name):
    assert name in initiatives(article_in_script(sentence))


def test_cooperation_without_a_pair_is_no_programme(article_in_script):
    got = initiatives(article_in_script("各部门之间要加强协作，形成工作合力。"))
    assert not any("协作" in n for n in got), got


# --- quotes ----------------------------------------------------------------------------

def test_a_chain_of_quotes_shares_one_name(article_in_script):
    got = initiatives(article_in_script("县里借助“晨光助学工程”“山城夜话”“邻里守望”等平台筹集善款。"))
    assert {"晨光助学工程", "山城夜话", "邻里守望"} <= set(got)


def test_a_quote_after_a_trigger_verb_is_a_name(article_in_script):
    got = initiatives(article_in_script("全县深化“扶志扶智”，并全面开展动态核查“再过筛”。"))
    assert "扶志扶智" in got
    assert "动态核查“再过筛”" in got


def test_a_parallel_slogan_after_a_trigger_verb(article_in_script):
    got = initiatives(article_in_script("县委围绕“查短板、补弱项、强基础”开展专题活动。"))
    assert "查短板、补弱项、强基础" in got


@pytest.mark.parametrize("sentence", [
    "全村上下坚持“功成不必在我”，久久为功。",  # a motto after 坚持
    "努力让群众“住得安、过得好、能发展”。",  # goals, no trigger verb
])
def test_mottos_and_goals_in_quotes_are_no_names(article_in_script, sentence):
    assert initiatives(article_in_script(sentence)) == {}


def test_a_formula_quote_and_its_system(article_in_script):
    got = initiatives(article_in_script("该县建立“2+5+N”帮扶体系，每村配备帮扶力量。"))
    assert "2+5+N帮扶体系" in got


@pytest.mark.parametrize("sentence, name", [
    ("企业家王明远在县一中设立了“王明远先生奖学金”。", "王明远先生奖学金"),
    ("农商行推出“惠农致富贷”，支持贫困户发展养殖。", "惠农致富贷"),
])
def test_quoted_funds_and_loan_products(article_in_script, sentence, name):
    assert name in initiatives(article_in_script(sentence))


# --- head nouns ------------------------------------------------------------------------

@pytest.mark.parametrize("sentence, name", [
    ("全县实施乡村振兴示范项目，带动群众增收。", "乡村振兴示范项目"),
    ("全市大力推行林下经济合作社模式。", "林下经济合作社模式"),
    ("各县加快建成市县乡三级冷链体系和村级物流服务站。", "市县乡三级冷链体系"),
    ("各县加快建成市县乡三级冷链体系和村级物流服务站。", "村级物流服务站"),
    ("州里设立边疆民族地区教育扶贫基金。", "边疆民族地区教育扶贫基金"),
    ("省里设立全省乡村振兴贡献奖。", "全省乡村振兴贡献奖"),
    ("自治区实施的千村示范脱贫战略成效明显。", "千村示范脱贫战略"),
])
def test_names_ending_with_a_head_after_a_trigger(article_in_script, sentence, name):
    assert name in initiatives(article_in_script(sentence))


@pytest.mark.parametrize("sentence", [
    "全县实施种植项目35个、养殖项目20个。",  # projects counted, not named
    "今年发放扶贫贷款2亿元。",  # 贷款 is no loan product
    "他曾获得全国脱贫攻坚奖。",  # an award received, not set up
    "这项工程完工后，单项工程也已验收。",  # demonstrative and measure word, no name
    "按照这项行动的安排，各村抓紧落实。",
    "村民们纷纷把感动化为行动。",
])
def test_head_noun_fragments_are_no_names(article_in_script, sentence):
    assert initiatives(article_in_script(sentence)) == {}


def test_a_name_restarts_after_a_fragment_word(article_in_script):
    got = initiatives(article_in_script("这只是全镇今年一系列暖冬助学活动中的一项。"))
    assert "暖冬助学活动" in got
    assert not any(n.startswith("这") for n in got), got


def test_a_shorter_name_inside_a_longer_one_is_not_repeated(article_in_script):
    got = initiatives(article_in_script("全县全面实施健康扶贫行动计划。"))
    assert "健康扶贫行动计划" in got
    assert "健康扶贫" not in got and "健康扶贫行动" not in got


# --- enumerations ----------------------------------------------------------------------

def test_items_of_a_list_of_measures(article_in_script):
    got = initiatives(article_in_script(
        "全县统筹运用产业帮扶脱贫、危房改造安置、医疗救助兜底以及转移就业等办法。"))
    assert {"产业帮扶脱贫", "危房改造安置", "医疗救助兜底"} <= set(got)
    assert "转移就业" not in got


def test_a_list_after_a_name_shares_its_status(article_in_script):
    got = initiatives(article_in_script("要把“三清三拆”行动以及特色集镇建设、边贸口岸建设结合起来。"))
    assert {"特色集镇建设", "边贸口岸建设"} <= set(got)


def test_short_manners_and_lists_without_a_measure_are_no_names(article_in_script):
    got = initiatives(article_in_script("形成上门帮扶、长期帮扶、精准帮扶的格局；抓好道路建设、校舍建设。"))
    assert got == {}, got


@pytest.mark.parametrize("sentence", ["确保群众实现“两不愁”“三保障”。", "全市坚持防控和发展“两手抓”。"])
def test_goals_and_idioms_are_no_names(article_in_script, sentence):
    assert initiatives(article_in_script(sentence)) == {}


# --- slogans in numbered stages, practices to avoid ----------------------------------------

@pytest.mark.parametrize("sentence, name", [
    ("全县按照“三年集中攻坚,两年巩固提升”的思路推进工作。", "三年集中攻坚,两年巩固提升"),
    ("搬迁安置坚持“三个就近安置”，方便群众生产生活。", "三个就近安置"),
    ("各乡镇以“比作风、比进度、比成效”活动为抓手。", "比作风、比进度、比成效"),
])
def test_numbered_and_parallel_slogans(article_in_script, sentence, name):
    got = initiatives(article_in_script(sentence))
    assert HANS(name).replace(",", "，") in {n.replace(",", "，") for n in got}, got


@pytest.mark.parametrize("sentence", [
    "各地要坚决杜绝“数字脱贫”“被脱贫”现象。",
    "严禁搞“面子工程”，防止出现“虚假脱贫”。",
    "要防止“一发了之”的扶贫方式。",
])
def test_practices_to_avoid_are_no_initiatives(article_in_script, sentence):
    assert initiatives(article_in_script(sentence)) == {}


@pytest.mark.parametrize("sentence, name", [
    ("全县大力推进智力扶贫和医疗扶贫。", "智力扶贫"),
    ("全县大力推进智力扶贫和医疗扶贫。", "医疗扶贫"),
    ("电信企业积极开展网络扶贫。", "网络扶贫"),
])
def test_more_kinds_of_fupin(article_in_script, sentence, name):
    assert name in initiatives(article_in_script(sentence))


def test_a_kind_of_help_is_no_measure_of_its_own(article_in_script):
    got = initiatives(article_in_script("对无劳动能力的对象全部实行社会保障兜底帮扶。"))
    assert "兜底帮扶" not in got


def test_the_combined_goal_is_a_name_but_its_halves_are_not(article_in_script):
    got = initiatives(article_in_script("各县开展“两不愁三保障”突出问题排查，确保“两不愁”。"))
    assert "两不愁三保障" in got and "两不愁" not in got


def test_a_name_found_by_two_rules_is_one_mention(article_in_script):
    doc = article_in_script("今年持续推进区内协作扶贫。")
    names = [HANS(i.name) for i in extract(doc).initiatives]
    assert names == ["区内协作扶贫"]


@pytest.mark.parametrize("sentence, name", [
    ("全镇建成扶贫车间12个，吸纳贫困劳动力就业。", "扶贫车间"),
    ("各校落实控辍保学责任。", "控辍保学"),
    ("全县新聘生态护林员800名。", "生态护林员"),
])
def test_more_named_national_measures(article_in_script, sentence, name):
    assert name in initiatives(article_in_script(sentence))


@pytest.mark.parametrize("sentence, name", [
    ("全县通过就业脱贫和教育脱贫带动群众增收。", "就业脱贫"),
    ("妇联组织开展巾帼扶贫。", "巾帼扶贫"),
])
def test_measure_compounds_with_tuopin_and_more_kinds(article_in_script, sentence, name):
    assert name in initiatives(article_in_script(sentence))


def test_an_ordinary_word_before_tuopin_is_no_measure(article_in_script):
    assert initiatives(article_in_script("全县贫困人口如期实现稳定脱贫。")) == {}


@pytest.mark.parametrize("sentence", ["全县创新发展模式，推行扶贫模式。", "各乡镇建立长效机制，实施建设项目。"])
def test_generic_heads_with_a_generic_modifier_are_no_names(article_in_script, sentence):
    assert initiatives(article_in_script(sentence)) == {}


def test_an_unquoted_numeral_slogan_is_a_name_and_no_count(article_in_script):
    doc = article_in_script("全县按照六个精准、两个有效集中的要求推进搬迁，新建安置点3个。")
    got = initiatives(doc)
    assert {"六个精准", "两个有效集中"} <= set(got)
    assert [s.quantity.value for s in extract(doc).statistics] == [3]


@pytest.mark.parametrize("sentence, name", [
    ("两市持续深化东西扶贫协作,共建产业园区。", "东西扶贫协作"),
    ("两地在东西协作框架下开展劳务输出。", "东西协作"),
    ("省直单位对口帮扶深度贫困县。", "对口帮扶"),
])
def test_named_pairing_mechanisms(article_in_script, sentence, name):
    assert name in initiatives(article_in_script(sentence))


@pytest.mark.parametrize("sentence, name", [
    ("村民们把分红卡叫“致富存折”,逢人便夸。", "致富存折"),
    ("这一做法被称为“三变改革”,在全省推广。", "三变改革"),
])
def test_a_quoted_name_after_a_naming_verb(article_in_script, sentence, name):
    assert name in initiatives(article_in_script(sentence))


def test_a_quoted_saying_after_a_plain_verb_is_no_initiative(article_in_script):
    assert "宁可苦干不可苦熬" not in initiatives(article_in_script("老支书常说“宁可苦干不可苦熬”。"))


# --- named plans (…工作方案/行动方案/实施方案), quotes before 扶贫, 启用/健全 before a mechanism ---

@pytest.mark.parametrize("sentence, name", [
    ("会议审议了2021年平川县消费帮扶工作方案、“两供”领域整改报告。", "平川县消费帮扶工作方案"),
    ("全县印发了庭院经济提质增效行动方案，明确了任务。", "庭院经济提质增效行动方案"),
    ("镇里研究制定了小水窖建设实施方案。", "小水窖建设实施方案"),
])
def test_named_plans(article_in_script, sentence, name):
    got = initiatives(article_in_script(sentence))
    assert name in got
    assert not any(n.startswith(("年", "制定", "印发", "审议")) for n in got)


@pytest.mark.parametrize("sentence", [
    "各乡镇要抓紧制定工作方案，按时上报。",  # no name before the head
    "全县共制订了18个行业部门帮扶工作方案。",  # a kind of plan counted, not a named plan
])
def test_plans_that_are_no_names(article_in_script, sentence):
    assert not any(n.endswith("方案") for n in initiatives(article_in_script(sentence)))


def test_a_quote_before_fupin_names_a_way_of_aid(article_in_script):
    got = initiatives(article_in_script("村里变“撒胡椒面”扶贫为“滴灌式”帮扶，效果明显。"))
    assert {"撒胡椒面", "滴灌式"} <= set(got)


def test_a_quoted_phrase_before_a_noun_is_no_way_of_aid(article_in_script):
    assert "老黄牛" not in initiatives(article_in_script("乡亲们都说他是“老黄牛”，干活从不叫苦。"))


@pytest.mark.parametrize("sentence, name", [
    ("县医院启用贫困患者先诊疗后付费机制。", "贫困患者先诊疗后付费机制"),
    ("全镇健全防返贫动态监测机制。", "防返贫动态监测机制"),
])
def test_mechanisms_after_qiyong_and_jianquan(article_in_script, sentence, name):
    assert name in initiatives(article_in_script(sentence))


@pytest.mark.parametrize("sentence, name", [
    ("石桥镇今年发展一村一品特色种植，带动农户增收。", "一村一品"),
    ("全乡推行一户一策，因户施策。", "一户一策"),
    ("县里把生态移民和产业发展结合起来。", "生态移民"),
    ("该县成为全国扶贫开发综合改革试点县。", "扶贫开发综合改革"),
])
def test_national_programme_names(article_in_script, sentence, name):
    assert name in initiatives(article_in_script(sentence))


def test_a_programme_name_inside_a_longer_quote_is_that_quote(article_in_script):
    got = initiatives(article_in_script("全县推广“一村一品一支部”党建引领模式。"))
    assert "一村一品" not in got
    assert any(n.startswith("一村一品一支部") for n in got)


@pytest.mark.parametrize("sentence, name", [
    ("乡里按照“能人带大户、大户带散户”的思路发展养蜂。", "能人带大户、大户带散户"),
    ("镇上坚持“先建机制、后建项目”的原则推进工作。", "先建机制、后建项目"),
    ("村里走宜果则果、宜菌则菌的路子，群众收入翻番。", "宜果则果、宜菌则菌"),
    ("合作社采取订单收购带农户的模式带动增收。", "订单收购带农户"),
])
def test_slogans_named_by_their_frame(article_in_script, sentence, name):
    assert name in initiatives(article_in_script(sentence))


@pytest.mark.parametrize("sentence", [
    "各村按照乡党委乡政府的要求抓紧落实。",  # 要求 frames only a quoted slogan
    "他按照老人的办法腌制咸菜。",  # too short to be a slogan
])
def test_frames_that_name_no_slogan(article_in_script, sentence):
    assert initiatives(article_in_script(sentence)) == {}


def test_items_of_a_list_closed_by_deng_huodong(article_in_script):
    got = initiatives(article_in_script("镇里组织开展送书进村、义诊下乡、技能培训等活动。"))
    assert {"送书进村", "义诊下乡", "技能培训"} <= set(got)
    assert not any(n.startswith(("组织", "开展")) or n.endswith("等活动") for n in got)


@pytest.mark.parametrize("sentence", [
    "农户种植了玉米、大豆、马铃薯等作物。",  # no list head after 等
    "村里买来桌椅、书柜等物品。",
    "他们开展了走访、座谈等活动。",  # items too short to be names
])
def test_lists_that_name_no_measures(article_in_script, sentence):
    assert initiatives(article_in_script(sentence)) == {}


def test_a_head_name_after_luoshi(article_in_script):
    got = initiatives(article_in_script("各乡镇认真落实山区学生营养餐改善计划。"))
    assert "山区学生营养餐改善计划" in got


def test_a_quote_after_luoshi_is_no_name(article_in_script):
    assert initiatives(article_in_script("全镇上下落实“一天也不耽误”，抓紧整改。")) == {}


def test_items_of_a_list_after_an_opener(article_in_script):
    got = initiatives(article_in_script(
        "会议部署了五项重点任务，即：光伏扶贫，教育扶贫，村级道路提档升级，消费扶贫和电商扶贫，以及档案的规范管理。"))
    assert {"光伏扶贫", "教育扶贫", "村级道路提档升级", "消费扶贫", "电商扶贫"} <= set(got)
    assert not any("档案" in n or "和" in n for n in got)


def test_a_list_after_an_opener_that_names_no_measures(article_in_script):
    got = initiatives(article_in_script("参会人员包括乡镇党委书记，乡镇长，村党支部书记，驻村工作队长。"))
    assert got == {}


@pytest.mark.parametrize("sentence, name", [
    ("两地形成了五级联动的协作格局。", "五级联动"),
    ("县乡村三级联创，全面推进。", "三级联创"),
])
def test_a_numeral_level_working_method(article_in_script, sentence, name):
    assert name in initiatives(article_in_script(sentence))


def test_an_ordinal_level_is_no_working_method(article_in_script):
    assert initiatives(article_in_script("该单位是第二级联动单位。")) == {}


@pytest.mark.parametrize("sentence, name", [
    ("全乡上下齐心协力，打赢打好精准脱贫攻坚战。", "精准脱贫攻坚战"),
    ("全镇打响产业扶贫攻坚战，力争年底前脱贫。", "产业扶贫攻坚战"),
    ("区里部署开展脱贫攻坚大走访，逐户核实信息。", "脱贫攻坚大走访"),
    ("各乡镇开展扶贫干部大比武，比实绩比作风。", "扶贫干部大比武"),
    ("县里启动产业扶贫大会战。", "产业扶贫大会战"),
])
def test_named_campaigns_by_their_head(article_in_script, sentence, name):
    got = initiatives(article_in_script(sentence))
    assert any(name in n for n in got), got
    assert not any(n.startswith(("全乡", "全镇", "打赢", "打响")) for n in got), got


def test_the_generic_battle_is_no_campaign(article_in_script):
    got = initiatives(article_in_script("各级干部要坚决打赢脱贫攻坚战。"))
    assert not any(n.endswith("攻坚战") for n in got), got


@pytest.mark.parametrize("sentence, name", [
    ("各帮扶单位要确保“结对关系落实到户、增收措施覆盖到人”。", "结对关系落实到户、增收措施覆盖到人"),
    ("全乡干部要做到“底数清、问题清、措施清”。", "底数清、问题清、措施清"),
    ("对搬迁群众要“稳得住、能致富”。", "稳得住、能致富"),
    ("此次走访力求达到“摸清家底、找准穷根、明确路径”的目标。", "摸清家底、找准穷根、明确路径"),
])
def test_quoted_parallel_standards_after_a_goal_verb(article_in_script, sentence, name):
    assert name in initiatives(article_in_script(sentence))


@pytest.mark.parametrize("sentence", [
    "该县坚持“产业是根本、就业是关键”，稳步推进脱贫。",  # a maxim, not a standard
    "他说：“日子好过了、心里踏实了”。",  # a quote after no goal verb
    "要“看得见、摸得着、留得住、用得好、管得长、见效快、能持续”。",  # seven phrases: a description
])
def test_quoted_phrases_that_name_no_standard(article_in_script, sentence):
    got = initiatives(article_in_script(sentence))
    assert not any("、" in n for n in got), got


@pytest.mark.parametrize("sentence, names", [
    ("乡里今年将推进危房改造等多个扶贫项目。", ["危房改造"]),
    ("县里实施易地扶贫搬迁、农村公路建设等一批工程。", ["易地扶贫搬迁", "农村公路建设"]),
])
def test_items_before_deng_and_a_head_are_the_names(article_in_script, sentence, names):
    got = initiatives(article_in_script(sentence))
    for name in names:
        assert name in got, got
    assert not any("等" in n for n in got), got


def test_gongcheng_inside_a_college_name_is_no_programme(article_in_script):
    got = initiatives(article_in_script("省农业工程学院派出专家团队驻村指导。"))
    assert not any(n.endswith(("工程", "工程学院")) for n in got), got


@pytest.mark.parametrize("sentence, expected", [
    ("全县“人往山上去、钱往山上投、心往山上想”的势头已经形成。", ["人往山上去、钱往山上投、心往山上想"]),
    ("合作社主打“红苹果、青苹果、黄苹果”三个品种。", []),  # a shared tail: things, not a slogan
    ("该县依托“红色旅游、绿色生态、金色田园”“三色品牌”发展产业。", []),
])
def test_patterned_quoted_slogans(article_in_script, sentence, expected):
    got = [HANS(x.name) for x in extract(article_in_script(sentence)).initiatives if "、" in x.name]
    assert got == expected


@pytest.mark.parametrize("sentence, expected", [
    ("该县坚持精准扶贫、精准脱贫基本方略。", {"精准扶贫", "精准脱贫"}),
    ("西藏今年不断完善生态补偿机制。", {"生态补偿机制"}),
    ("两县开展挂钩帮扶，推进国土绿化。", {"挂钩帮扶", "国土绿化"}),
])
def test_named_strategies_and_mechanisms(article_in_script, sentence, expected):
    got = {HANS(x.name) for x in extract(article_in_script(sentence)).initiatives}
    assert expected <= got


def test_generic_policies_are_no_initiatives(article_in_script):
    got = {HANS(x.name) for x in extract(article_in_script("全县全面落实帮扶政策和各项政策。")).initiatives}
    assert not got & {"帮扶政策", "各项政策"}


def test_yu_inside_a_name_after_a_trigger_verb(article_in_script):
    got = {HANS(x.name) for x in extract(article_in_script("全区深入实施生态安全屏障保护与建设规划。")).initiatives}
    assert "生态安全屏障保护与建设规划" in got


@pytest.mark.parametrize("sentence, name", [
    ("全县大力实施“两不愁三保障”突出问题清零行动。", "两不愁三保障突出问题清零行动"),
    ("全市深入开展扶贫领域作风问题专项治理。", "扶贫领域作风问题专项治理"),
])
def test_longer_names_after_a_quote_and_campaign_heads(article_in_script, sentence, name):
    assert name in {HANS(x.name) for x in extract(article_in_script(sentence)).initiatives}


def test_a_head_name_followed_by_a_verb_of_setting_up(article_in_script):
    got = {HANS(x.name) for x in extract(article_in_script("在投入上，全省的脱贫攻坚投入保障体系已经建立健全。")).initiatives}
    assert got == {"脱贫攻坚投入保障体系"}
    assert not extract(article_in_script("这种模式已经形成。")).initiatives


@pytest.mark.parametrize("sentence, name", [
    ("近年来，全区实施“千企帮千村”精准扶贫行动。", "千企帮千村"),  # the quote before a generic head
    ("会议部署开展脱贫攻坚“回头看”。", "回头看"),  # the quote after the words it qualifies
    ("此外，全省在帮扶地区实行片长工作制，由在岗干部分片负责。", "片长工作制"),  # 片 is no unit here
    ("贫困户养起土蜂，把“林下经济”带活了。", "林下经济"),  # a quoted-only head
    ("失能贫困户通过资产收益，户均每年增收2000元。", "资产收益"),
])
def test_names_found_this_round(article_in_script, sentence, name):
    assert name in initiatives(article_in_script(sentence))


def test_an_unquoted_economy_word_names_nothing(article_in_script):
    got = initiatives(article_in_script("全村大力发展村集体经济，壮大集体经济实力。"))
    assert not any(n.endswith("经济") for n in got)


def test_the_first_secretary_scheme_after_xuanpai(article_in_script):
    got = initiatives(article_in_script("全省另选派1500名优秀干部到贫困村担任第一书记，做到了全覆盖。"))
    assert "第一书记" in got
    assert "第一书记" not in initiatives(article_in_script("村第一书记王明介绍了村里的情况。"))


@pytest.mark.parametrize("sentence, name", [
    ("两县的劳务协作不断深化，去年输出务工人员2000人。", "劳务协作"),
    ("两省之间的扶贫协作已开展多年。", "扶贫协作"),
    ("全县对退出村组织开展第三方评估，结果良好。", "第三方评估"),
    ("摘帽以后坚持脱贫不脱钩，帮扶力量继续留在村里。", "脱贫不脱钩"),
    ("全省先后有120个村启动整村搬迁，群众住进新居。", "整村搬迁"),
])
def test_national_measure_terms(article_in_script, sentence, name):
    assert name in initiatives(article_in_script(sentence))


@pytest.mark.parametrize("sentence, name", [
    ("县里请来第三方评估机构开展核查。", "第三方评估"),  # 机构: the term qualifies a noun
    ("全县需要整村搬迁的自然村有40个。", "整村搬迁"),  # a verb phrase before 的
    ("这解决了3000人的饮水安全问题。", "饮水安全"),  # 问题
])
def test_a_measure_term_that_qualifies_a_noun_names_nothing(article_in_script, sentence, name):
    assert name not in initiatives(article_in_script(sentence))


@pytest.mark.parametrize("sentence, names", [
    ("今年下达2019年草原管护员补贴资金500万元、少数民族聚居村发展资金1.2亿元和牧民补助资金800万元。",
     {"草原管护员补贴资金", "少数民族聚居村发展资金", "牧民补助资金"}),
    ("农户把领到的种植奖补资金折股入社，成了股东。", {"种植奖补资金"}),
])
def test_named_funds(article_in_script, sentence, names):
    got = initiatives(article_in_script(sentence))
    assert names <= set(got)
    assert all(got[n][1] == "programme" for n in names)


@pytest.mark.parametrize("sentence", [
    "全县今年统筹整合财政涉农资金3亿元。",  # the money every county has
    "县里安排专项扶贫资金2000万元，累计投入资金1亿元。",
    "镇里为养殖户发放奖补资金30万元。",  # 奖补 alone names no fund
    "全市加快资金拨付，严格资金管理。",  # 资金 qualifies the noun after it
    "省里另拨付1.5亿元援助资金。",  # an amount before it
])
def test_generic_money_is_no_named_fund(article_in_script, sentence):
    assert not any(n.endswith("资金") for n in initiatives(article_in_script(sentence)))


@pytest.mark.parametrize("sentence, name", [
    ("全乡实现了“养好一群羊、致富一家人”的目标。", "养好一群羊、致富一家人"),
    ("全县围绕“稳定增收，减少返贫”这一目标推进工作。", "稳定增收，减少返贫"),
    ("“美丽侗寨”的目标正在变为现实。", "美丽侗寨"),
])
def test_a_quote_named_as_a_goal_is_a_slogan(article_in_script, sentence, name):
    assert name in initiatives(article_in_script(sentence))


def test_an_unquoted_goal_names_nothing(article_in_script):
    assert not initiatives(article_in_script("全乡实现了年底脱贫的目标。"))


def test_a_demonstrative_measure_word_starts_no_name(article_in_script):
    got = initiatives(article_in_script("全乡干部表示，一定要打赢这场脱贫攻坚战。"))
    assert not any(n.endswith("攻坚战") for n in got)
    got = initiatives(article_in_script("全县上下合力打好这场特色产业攻坚战。"))
    assert "特色产业攻坚战" in got and "场特色产业攻坚战" not in got


@pytest.mark.parametrize("sentence, name", [
    ("各乡镇要严格把关，做到核查一户、公示一户、归档一户；要及时上报。", "核查一户、公示一户、归档一户"),
    ("工作队确保宣传到户、培训到户、帮扶到户。", "宣传到户、培训到户、帮扶到户"),
])
def test_unquoted_parallel_goals_after_a_goal_verb(article_in_script, sentence, name):
    assert name in initiatives(article_in_script(sentence))


@pytest.mark.parametrize("sentence", [
    "做到苹果、梨子、香蕉样样都有。",  # no shared head or tail: things
    "全村做到早发现、早报告、早处置，效果良好。",  # one shared character only
])
def test_unquoted_lists_after_a_goal_verb_name_nothing(article_in_script, sentence):
    assert not initiatives(article_in_script(sentence))


def test_a_title_of_implementing_rules_names_the_policy(article_in_script):
    got = initiatives(article_in_script("今年，全市印发《平安县产业扶贫实施细则》，明确资金使用范围。"))
    assert "平安县产业扶贫实施细则" in got
    assert not any(n.endswith("资金") for n in got)  # 资金使用: 资金 heads nothing
    assert not initiatives(article_in_script("县里印发了《村干部考核细则》。"))  # no measure in it
    assert not initiatives(article_in_script("县里印发了《关于做好脱贫攻坚工作的通知》。"))


def test_a_four_character_list_item_with_a_measure_keyword(article_in_script):
    got = initiatives(article_in_script("全镇实施道路硬化、易地安置、危房改造等一批工程，群众受益。"))
    assert {"易地安置", "危房改造"} <= set(got)
    got = initiatives(article_in_script("各村推行回村帮扶、常态帮扶、结对帮扶，效果明显。"))
    assert "回村帮扶" not in got and "常态帮扶" not in got


def test_a_plan_a_place_is_listed_in(article_in_script):
    got = initiatives(article_in_script("去年，全省有12个县被列入高原牧区扶贫开发规划。"))
    assert "高原牧区扶贫开发规划" in got
    assert not initiatives(article_in_script("去年，全省有12个县被列入贫困县名单。"))


def test_the_items_a_numeral_set_counts(article_in_script):
    got = initiatives(article_in_script("近年来，全市大力实施精神扶贫、志气扶贫、智力扶贫三大工程。"))
    assert {"精神扶贫", "志气扶贫", "智力扶贫"} <= set(got)
    got = initiatives(article_in_script("近年来，全市大力实施精神扶贫、志气扶贫、智力扶贫四大工程。"))
    assert "志气扶贫" not in got  # the count is wrong: not the set's items


def test_an_activity_room_is_no_campaign(article_in_script):
    got = initiatives(article_in_script("今年全乡新建村级活动中心5个，文化活动室3个。"))
    assert not any("活动" in n for n in got)
