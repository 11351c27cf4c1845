"""kg.extract.scope and the place of each amount: which place a fact belongs to, on
sentences written for the tests (each run in simplified and traditional script)."""
from __future__ import annotations

from kg.extract import extract


def place_of(doc, amount_text: str) -> str | None:
    """Name of the place of the amount whose quote is `amount_text` (simplified)."""
    import opencc

    hans = opencc.OpenCC("t2s").convert
    for a in extract(doc).amounts:
        if hans(a.quantity.span.text) == amount_text:
            return a.place.name if a.place else None
    raise AssertionError(f"no amount {amount_text!r}")


def test_a_region_report_keeps_its_facts_in_the_region_not_an_unnamed_prefecture(article_in_script):
    # 同心县 lies in 吴忠市, which the text never names: 全区 and the bare statement are the region's.
    doc = article_in_script("宁夏扎实推进移民搬迁，总投资12亿元。同心县新建安置点3个。全区今年投入资金5亿元。",
                            title="宁夏：移民搬迁稳步推进", source="宁夏日报")
    assert place_of(doc, "12亿元") == "宁夏回族自治区"
    assert place_of(doc, "5亿元") == "宁夏回族自治区"


def test_a_topic_clause_puts_its_place_in_scope(article_in_script):
    doc = article_in_script("宁夏扶贫工程成效明显。以盐池县为例，农民人均收入达到8000元。",
                            title="宁夏：扶贫工程成效明显", source="宁夏日报")
    assert place_of(doc, "8000元") == "盐池县"


def test_pairing_aid_belongs_to_the_recipient(article_in_script):
    doc = article_in_script("宁夏深化东西部扶贫协作。福建省2018年的1.2亿元援助资金已全部到位。",
                            title="宁夏：闽宁协作再深化", source="宁夏日报")
    assert place_of(doc, "1.2亿元") == "宁夏回族自治区"


def test_a_village_stays_in_scope_after_a_dated_opening(article_in_script):
    doc = article_in_script("走进吉县屯里镇桃花村，果园连片。\n\n"
                            "自2015年以来，桃花村引进企业3家。村民人均收入达6000元。")
    assert place_of(doc, "6000元") == "桃花村"


def test_a_named_county_widens_a_township_scope(article_in_script):
    doc = article_in_script("红岩镇中心小学的学生家庭负债3万元。爱心企业在绥宁县城设立助学金，累计发放60万元。",
                            title="绥宁：爱心助学", source="邵阳日报")
    assert place_of(doc, "3万元") == "红岩镇"
    assert place_of(doc, "60万元") == "绥宁县"


def test_a_report_that_names_only_a_province_gives_it_the_money(article_in_script):
    doc = article_in_script("财政部日前向青海下达扶贫资金2亿元，用于改善贫困群众生产生活条件。",
                            title="财政部支持青海贫困地区发展", source="新华网")
    assert place_of(doc, "2亿元") == "青海省"


def test_quan_qu_is_the_autonomous_region_in_its_own_report(article_in_script):
    # 全区 names the region (not a district) when the title names an autonomous region and no
    # district is in scope; a prefecture named in passing does not become the home.
    doc = article_in_script("广西召开扶贫工作会议。南宁市代表作了发言。全区今年投入财政扶贫资金80亿元。",
                            title="广西：今年投入扶贫资金80亿元", source="广西日报")
    assert place_of(doc, "80亿元") == "广西壮族自治区"


def test_quan_qu_is_the_district_in_a_district_report(article_in_script):
    doc = article_in_script("红寺堡区加快发展枸杞产业。全区今年投入资金3000万元。",
                            title="红寺堡区：枸杞产业富民", source="吴忠日报")
    assert place_of(doc, "3000万元") == "红寺堡区"


def test_a_fact_is_not_its_parents_when_the_sentence_names_one_place_inside(article_in_script):
    doc = article_in_script("吉县投入资金300万元，为屯里镇修建灌溉水渠。全县投入资金500万元，其中屯里镇200万元、车城乡300万元。",
                            title="吉县：水利建设助增收")
    assert place_of(doc, "300万元") == "屯里镇"  # the first 300万元: the one place named after it
    assert place_of(doc, "500万元") == "吉县"  # two places inside: the county's total
    assert place_of(doc, "200万元") == "屯里镇"


def test_aid_goes_to_the_named_recipient_inside_the_home(article_in_script):
    doc = article_in_script("宁夏深化闽宁协作。福建省投入帮扶资金8000万元支持西吉县发展产业。",
                            title="宁夏：闽宁协作结硕果", source="宁夏日报")
    assert place_of(doc, "8000万元") == "西吉县"


def test_a_subject_written_as_a_chain_of_places_is_the_innermost(article_in_script):
    doc = article_in_script("吉县屯里镇桃花村今年种植苹果2000亩，人均增收1500元。",
                            title="吉县：苹果产业")
    assert place_of(doc, "1500元") == "桃花村"


def test_quan_xian_after_a_village_sentence_is_still_the_county(article_in_script):
    doc = article_in_script("吉县屯里镇桃花村建成冷库2座。今年全县苹果销售额达3亿元。",
                            title="吉县：苹果产业")
    assert place_of(doc, "3亿元") == "吉县"


def test_a_city_named_after_the_region_in_the_title_is_the_home(article_in_script):
    doc = article_in_script("吴忠市加快推进移民致富提升行动。全市今年投入资金3亿元。",
                            title="宁夏吴忠：移民致富提升行动见效", source="宁夏日报")
    assert place_of(doc, "3亿元") == "吴忠市"


def test_gai_cun_in_a_new_paragraph_is_the_village_named_last(article_in_script):
    doc = article_in_script("走进吉县屯里镇桃花村，苹果挂满枝头。\n\n"
                            "全县苹果产业持续壮大。\n\n"
                            "该村今年人均收入达到9000元。全县人均收入达到7000元。", title="吉县：苹果产业")
    assert place_of(doc, "9000元") == "桃花村"
    assert place_of(doc, "7000元") == "吉县"


def test_a_locative_with_a_site_after_the_place_is_about_the_place(article_in_script):
    doc = article_in_script("在吉县屯里镇桃花村的苹果基地，果农人均增收3000元。", title="吉县：苹果产业")
    assert place_of(doc, "3000元") == "桃花村"
    doc = article_in_script("在吉县召开的现场会上，与会代表认捐资金50万元。", title="临汾：现场会")
    assert place_of(doc, "50万元") != "吉县"  # 在吉县召开的…: a verb follows, not a site


def test_a_title_place_after_a_destination_word_is_home_not_the_visitor_before_it(article_in_script):
    # The donor city opens the title; the place after 走进 is the recipient and the home.
    doc = article_in_script("考察团本月来到我市。泉州市的对口帮扶资金累计投入2.6亿元，实施项目31个。"
                            "今年泉州市安排协作资金3100万元。",
                            title="泉州考察团走进定西 见证对口帮扶成果", source="定西日报")
    assert place_of(doc, "2.6亿元") == "定西市"
    assert place_of(doc, "3100万元") == "定西市"


def test_a_title_without_a_destination_word_keeps_its_first_place_as_home(article_in_script):
    # No 走进/帮扶 before the second place: the first is home, and its own money stays its own.
    doc = article_in_script("泉州市今年投入产业资金2.6亿元。",
                            title="泉州定西两地干部座谈 交流产业经验", source="泉州晚报")
    assert place_of(doc, "2.6亿元") == "泉州市"


def test_a_reporting_frame_and_a_span_of_years_before_the_subject_leave_the_province_as_subject(article_in_script):
    # 记者…获悉 and 2011至2013年间 are frames; the province after them is the subject.
    doc = article_in_script("林芝市推进产业扶贫。记者从座谈会上获悉，2011至2013年间，西藏累计投入产业资金9876万元，"
                            "建成基地40个。",
                            title="林芝：产业扶贫见成效", source="林芝日报")
    assert place_of(doc, "9876万元") == "西藏自治区"


def test_a_reporting_frame_without_a_place_after_it_keeps_the_home(article_in_script):
    doc = article_in_script("西藏推进产业扶贫。林芝市今年发展产业。记者从座谈会上获悉，今年累计投入产业资金9876万元。",
                            title="林芝：产业扶贫见成效", source="林芝日报")
    assert place_of(doc, "9876万元") == "林芝市"


def test_a_leading_clause_ending_with_a_place_makes_it_the_subject(article_in_script):
    doc = article_in_script("旗农牧局帮扶的东乌珠穆沁旗额吉淖尔镇查干淖尔嘎查，今年投入资金65万元打井。",
                            title="东乌旗：打井解牧民饮水难", source="锡林郭勒日报")
    assert place_of(doc, "65万元") == "查干淖尔嘎查"


def test_money_in_a_sentence_opened_by_a_village_is_the_village_s(article_in_script):
    doc = article_in_script("会宁县发展养殖，投入资金800万元。石门村今年争取资金60万元修建羊舍。",
                            title="会宁：养殖业成主导产业", source="白银日报")
    assert place_of(doc, "60万元") == "石门村"
    assert place_of(doc, "800万元") == "会宁县"


def test_money_of_a_hamlet_written_after_its_village_is_the_hamlet_s(article_in_script):
    doc = article_in_script("在那坡县城厢镇达腊村弄汤屯，屯里投入资金45万元新修水柜。",
                            title="那坡：水柜解了饮水难", source="百色新闻网")
    assert place_of(doc, "45万元") == "弄汤屯"


def test_money_in_a_quotation_belongs_to_the_speaker_s_village(article_in_script):
    doc = article_in_script("“养了三十头牛，我家今年收入超过8万元，日子好过了！”5月3日，会宁县丁沟镇石门村的贫困户高兴地说。"
                            "会宁县今年投入产业资金900万元。",
                            title="会宁：养殖业成主导产业", source="白银日报")
    assert place_of(doc, "超过8万元") == "石门村"
    assert place_of(doc, "900万元") == "会宁县"


def test_a_quotation_without_an_attribution_after_it_keeps_the_scope(article_in_script):
    doc = article_in_script("会宁县发展养殖。“全县今年投入产业资金900万元。”丁沟镇石门村新建羊舍40座。",
                            title="会宁：养殖业成主导产业", source="白银日报")
    assert place_of(doc, "900万元") == "会宁县"


def test_money_before_a_chain_of_places_named_later_is_the_innermost_s(article_in_script):
    doc = article_in_script("会宁县发展养殖。今年投入资金60万元，在丁沟镇石门村修建羊舍。",
                            title="会宁：养殖业成主导产业", source="白银日报")
    assert place_of(doc, "60万元") == "石门村"


def test_pairing_money_in_the_donor_s_own_report_goes_to_the_marked_recipient(article_in_script):
    doc = article_in_script("海珠区今年向凌云县拨付东西部扶贫协作资金1800万元。海珠区今年新建公园3个，投资2亿元。",
                            title="海珠：东西部协作再发力", source="广州日报")
    assert place_of(doc, "1800万元") == "凌云县"
    assert place_of(doc, "2亿元") == "海珠区"


def test_a_recipient_chain_after_a_pairing_verb_gives_its_innermost_place(article_in_script):
    doc = article_in_script("海珠区对口帮扶百色市凌云县，今年投入帮扶资金900万元。",
                            title="海珠：东西部协作再发力", source="广州日报")
    assert place_of(doc, "900万元") == "凌云县"


def test_the_one_village_a_title_names_is_where_facts_without_a_place_go(article_in_script):
    doc = article_in_script("近年来，省林业厅在岷县梅川镇红崖村开展定点帮扶。今年，省林业厅投入帮扶资金40万元，修建道路2公里。"
                            "全县今年投入资金900万元。",
                            title="省林业厅定点帮扶红崖村见实效", source="甘肃日报")
    assert place_of(doc, "40万元") == "红崖村"
    assert place_of(doc, "900万元") == "岷县"


def test_a_title_naming_two_villages_leaves_the_county_as_the_fallback(article_in_script):
    doc = article_in_script("岷县梅川镇红崖村和白土坡村开展产业帮扶。今年，岷县投入帮扶资金40万元。"
                            "省林业厅又投入帮扶资金30万元。",
                            title="岷县：红崖村种药材 白土坡村养肉牛", source="甘肃日报")
    assert place_of(doc, "30万元") == "岷县"


def test_each_clause_of_an_enumeration_by_place_is_its_own_place_s(article_in_script):
    doc = article_in_script("岷县发展药材产业。其中，梅川镇投入资金260万元，寺沟镇投入资金170万元，全县带动农户3000户。",
                            title="岷县：药材产业富农家", source="甘肃日报")
    assert place_of(doc, "260万元") == "梅川镇"
    assert place_of(doc, "170万元") == "寺沟镇"


def test_a_later_clause_without_a_place_keeps_the_sentence_s_place(article_in_script):
    doc = article_in_script("岷县发展药材产业。梅川镇今年扩大种植面积，投入资金260万元。",
                            title="岷县：药材产业富农家", source="甘肃日报")
    assert place_of(doc, "260万元") == "梅川镇"


def test_money_given_to_a_township_named_before_it_is_the_township_s(article_in_script):
    doc = article_in_script("岷县发展药材产业。县财政为寺沟镇安排产业资金200万元。县财政今年安排产业资金900万元。",
                            title="岷县：药材产业富农家", source="甘肃日报")
    assert place_of(doc, "200万元") == "寺沟镇"
    assert place_of(doc, "900万元") == "岷县"


def test_a_total_stays_with_its_place_and_the_breakdown_after_qizhong_with_the_part(article_in_script):
    doc = article_in_script("岷县发展药材产业。全县投入资金900万元，其中寺沟镇300万元。",
                            title="岷县：药材产业富农家", source="甘肃日报")
    assert place_of(doc, "900万元") == "岷县"
    assert place_of(doc, "300万元") == "寺沟镇"


def test_respectively_pairs_listed_places_with_amounts_in_order(article_in_script):
    doc = article_in_script("岷县发展药材产业。岷县梅川镇、寺沟镇分别投入资金260万元和170万元。",
                            title="岷县：药材产业富农家", source="甘肃日报")
    assert place_of(doc, "260万元") == "梅川镇"
    assert place_of(doc, "170万元") == "寺沟镇"


def test_respectively_after_a_single_place_changes_nothing(article_in_script):
    doc = article_in_script("岷县发展药材产业。梅川镇分别投入资金260万元和170万元建设基地和道路。",
                            title="岷县：药材产业富农家", source="甘肃日报")
    assert place_of(doc, "170万元") == "梅川镇"


def test_a_unique_short_form_after_a_destination_word_in_the_title_is_home(article_in_script):
    # Only the title names the recipient, by its short form; the donor's money is the recipient's.
    doc = article_in_script("今年，杭州市对口帮扶资金4500万元全部到位。", title="东西部协作助力丹寨脱贫",
                            source="新华网")
    assert place_of(doc, "4500万元") == "丹寨县"


def test_a_short_form_in_a_title_without_a_destination_word_makes_no_home(article_in_script):
    doc = article_in_script("今年，杭州市投入产业资金4500万元。", title="丹寨脱贫 东西部协作见成效",
                            source="新华网")
    assert place_of(doc, "4500万元") == "杭州市"


def test_a_long_gacha_after_a_locative_verb_and_gai_gacha_after_it(article_in_script):
    doc = article_in_script("记者走进乌力吉图嘎查，牧民正在修棚圈。该嘎查今年投入资金60万元打井。",
                            title="阿巴嘎旗：打井解牧民饮水难", source="锡林郭勒日报")
    assert place_of(doc, "60万元") == "乌力吉图嘎查"


def test_quan_tun_is_the_hamlet_named_last(article_in_script):
    doc = article_in_script("德保县足荣镇那亮村弄汤屯修了路。全屯今年投入资金20万元。", title="德保：屯级道路通到家",
                            source="百色新闻网")
    assert place_of(doc, "20万元") == "弄汤屯"


def test_money_for_places_listed_before_it_is_the_place_that_holds_them_all(article_in_script):
    # invented: two counties of one prefecture, then the money in a later clause
    doc = article_in_script("省交通厅启动帮扶曲靖市会泽县、宣威市的道路项目建设,共实施项目12个,投入资金3亿元。",
                            title="省交通厅帮扶道路建设", source="云南日报")
    assert place_of(doc, "3亿元") == "曲靖市"
    doc = article_in_script("省里在红河州屏边县的白河乡、新华乡和河口县桥头乡共投入帮扶资金2.5亿元。",
                            title="省里加大帮扶投入", source="云南日报")
    assert place_of(doc, "2.5亿元") == "红河州"  # as written


def test_a_donation_to_a_named_recipient_is_the_recipients_in_every_clause(article_in_script):
    doc = article_in_script("深圳市南山区5月14日向百色市捐出扶贫款800万元,另送上慰问金20万元。", title="南山区情系百色")
    assert place_of(doc, "800万元") == "百色市"
    assert place_of(doc, "20万元") == "百色市"


def test_a_short_sentence_ending_with_a_place_scopes_its_paragraph_and_aid_stays_there(article_in_script):
    # a province's report on projects in three prefectures: no home receives the aid
    doc = article_in_script("第一个样本在梁河县。省局在当地投入帮扶资金2亿元。\n\n"
                            "第二个样本在宁蒗县。省局从2016年开始在当地挂联扶贫，至今已投入帮扶资金3.18亿元。\n\n"
                            "第三个样本在昭通市。省局启动帮扶镇雄县、彝良县的项目，投入资金6亿元。",
                            title="省烟草商业树起三个扶贫样本", source="云南网")
    assert place_of(doc, "2亿元") == "梁河县"
    assert place_of(doc, "3.18亿元") == "宁蒗县"
    assert place_of(doc, "6亿元") == "昭通市"
