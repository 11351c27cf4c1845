"""kg.extract.people: officials with their posts, group posts and credits — on sentences
written for the tests, in both scripts."""
from __future__ import annotations

import opencc
import pytest

from kg.extract import extract

HANS = opencc.OpenCC("t2s").convert


def people(doc) -> dict[str, dict]:
    """Simplified name → {posts: [(title, role, org name)], credits}."""
    out = {}
    for p in extract(doc).people:
        assert doc.text[p.span.start:p.span.end] == p.span.text == p.name
        for post in p.posts:
            assert doc.text[post.span.start:post.span.end] == post.span.text
        entry = out.setdefault(HANS(p.name), {"posts": [], "credits": set(), "jurisdiction": p.jurisdiction})
        entry["posts"] += [(HANS(x.title), x.role, HANS(x.org.name) if x.org else None) for x in p.posts]
        entry["credits"] |= set(p.credits)
    return out


def test_chained_posts_before_a_name(article_in_script):
    got = people(article_in_script("市委副书记、市长王志强主持召开专题会议，研究部署脱贫攻坚工作。"))
    posts = got["王志强"]["posts"]
    assert ("市委副书记", "deputy-party-secretary", "临汾市委") in posts
    assert ("市长", "mayor", "临汾市政府") in posts


def test_city_party_secretary(article_in_script):
    got = people(article_in_script("市委书记李建国深入吉县调研产业扶贫。"))
    assert got["李建国"]["posts"] == [("市委书记", "party-secretary", "临汾市委")]


def test_county_party_secretary_in_a_county_report(article_in_script):
    got = people(article_in_script("县委书记陈立新到妈姑镇察看易地扶贫搬迁安置点。",
                                   title="赫章:念好山字经", source="毕节新闻网"))
    (title, role, org), = got["陈立新"]["posts"]
    assert (title, role) == ("县委书记", "party-secretary")
    assert org == "赫章县委"


def test_name_before_general_secretary(article_in_script):
    got = people(article_in_script("全市上下认真学习习近平总书记关于扶贫工作的重要论述。"))
    assert [p[:2] for p in got["习近平"]["posts"]] == [("总书记", "general-secretary")]
    assert got["习近平"]["jurisdiction"] == "cn"


def test_a_shared_group_post(article_in_script):
    got = people(article_in_script("市委书记李建国和市委副书记、市长王志强作为市脱贫攻坚领导组组长，亲自谋划部署。"))
    for name in ("李建国", "王志强"):
        roles = {(role, org) for _, role, org in got[name]["posts"]}
        assert ("group-leader", "临汾市脱贫攻坚领导组") in roles
    assert ("party-secretary", "临汾市委") in {(r, o) for _, r, o in got["李建国"]["posts"]}


def test_deputy_county_head(article_in_script):
    got = people(article_in_script("副县长张红霞就产业扶贫工作作了具体安排。",
                                   title="赫章:念好山字经", source="毕节新闻网"))
    assert [(t, o) for t, _, o in got["张红霞"]["posts"]] == [("副县长", "赫章县政府")]


def test_autonomous_region_posts(article_in_script):
    got = people(article_in_script("自治区党委书记鹿心社、自治区副主席黄世勇到都安瑶族自治县调研。",
                                   title="都安:贷牛还牛蹚出新路", source="广西日报"))
    assert got["鹿心社"]["posts"] == [("自治区党委书记", "party-secretary", "广西壮族自治区党委")]
    assert got["黄世勇"]["posts"] == [("自治区副主席", "deputy-region-chair", "广西壮族自治区政府")]
    chain = people(article_in_script("自治区党委常委、副主席黄世勇到都安瑶族自治县调研。",
                                     title="都安:贷牛还牛蹚出新路", source="广西日报"))
    assert chain["黄世勇"]["posts"] == [("自治区党委常委", "standing-committee-member", "广西壮族自治区党委"),
                                      ("副主席", "deputy-region-chair", "广西壮族自治区政府")]
    alone = people(article_in_script("会上，副主席李明作了讲话。", title="都安:贷牛还牛蹚出新路", source="广西日报"))
    assert "李明" not in alone  # a bare 副主席 only continues a chain
    named = people(article_in_script("全国工商联副主席李明出席会议。", title="都安:贷牛还牛蹚出新路", source="广西日报"))
    assert titles_of(named, "李明") == ["全国工商联副主席"]  # with its organisation it is a post


def test_poverty_office_director(article_in_script):
    got = people(article_in_script("县扶贫办主任李明表示，将继续落实“四个不摘”要求。",
                                   title="赫章:念好山字经", source="毕节新闻网"))
    assert got["李明"]["posts"] == [("县扶贫办主任", "poverty-office-director", "赫章县扶贫办")]


def test_office_full_name_team_leader_and_a_name_before_peitong(article_in_script):
    got = people(article_in_script("县委书记罗明陪同。县扶贫开发办公室主任杨军参加调研。驻村工作队队长吴式文说，村里发展猕猴桃产业。",
                                   title="赫章:念好山字经", source="毕节新闻网"))
    assert "罗明" in got and "罗明陪" not in got
    assert got["杨军"]["posts"] == [("县扶贫开发办公室主任", "poverty-office-director", "赫章县扶贫办")]
    assert got["吴式文"]["posts"] == [("驻村工作队队长", "village-team-leader", None)]


# --- credits ---------------------------------------------------------------------

def test_paragraph_final_byline_is_the_author(article_in_script):
    got = people(article_in_script("全市今年新建扶贫车间30个，吸纳贫困劳动力就业2000人。(孙丽华)"))
    assert got["孙丽华"]["credits"] == {"author"}
    assert got["孙丽华"]["posts"] == []


def test_reporter_and_correspondent_byline(article_in_script):
    got = people(article_in_script("全市今年新建扶贫车间30个。(记者 张华 通讯员 李梅)"))
    assert got["张华"]["credits"] == {"reporter"}
    assert got["李梅"]["credits"] == {"correspondent"}


def test_byline_on_a_line_of_its_own(article_in_script):
    doc = article_in_script("全市今年新建扶贫车间30个。\n\n（记者 张华 通讯员 王芳）")
    got = people(doc)
    assert got["张华"]["credits"] == {"reporter"} and got["王芳"]["credits"] == {"correspondent"}


def test_byline_with_the_outlet_before_the_role(article_in_script):
    got = people(article_in_script("全市今年新建扶贫车间30个。\n\n（运城日报记者 李娜）"))
    assert got["李娜"]["credits"] == {"reporter"}


def test_compiler_and_photographer_line(article_in_script):
    got = people(article_in_script("全市今年新建扶贫车间30个。\n\n组稿、摄影:陈刚 刘洋"))
    assert got["陈刚"]["credits"] == {"compiler", "photographer"}
    assert got["刘洋"]["credits"] == {"compiler", "photographer"}


def test_editor_line(article_in_script):
    got = people(article_in_script("全市今年新建扶贫车间30个。\n\n责任编辑: 周敏"))
    assert got["周敏"]["credits"] == {"editor"}


# --- negatives -----------------------------------------------------------------

@pytest.mark.parametrize("sentence", [
    "全市12个县(市、区)全部成立了脱贫攻坚指挥部。",  # a real parenthesis, not a byline nor pinyin
    "全市共培育新型经营主体(合作社)860家。",
    "市委、市政府高度重视脱贫攻坚工作。",  # bodies, no person
    "县委书记们纷纷表态。",  # a post with no name after it
])
def test_no_person_where_there_is_none(article_in_script, sentence):
    assert people(article_in_script(sentence)) == {}


def test_pinyin_annotations_do_not_break_a_name(article):
    doc = article("臨汾市委副書記、市長(zhǎng)王志強主持會議。", title="臨汾:脫貧攻堅", source="臨汾新聞網")
    got = people(doc)
    assert ("市长", "mayor", "临汾市政府") in got["王志强"]["posts"]


# --- posts outside party and government, organisations as written, chains and lists ---------

def titles_of(got, name):
    return [t for t, _, _ in got[name]["posts"]]


def test_cppcc_and_democratic_party_chain(article_in_script):
    got = people(article_in_script("省政协副主席、民盟湖北省委主委周立新率队来到竹山县调研。"))
    assert titles_of(got, "周立新") == ["省政协副主席", "民盟湖北省委主委"]
    assert got["周立新"]["posts"][0][1:] == ("cppcc-vice-chair", "山西省政协")
    assert "周立新率" not in got
    full_time = people(article_in_script("民革甘肃省委专职副主委钱文华陪同调研。"))
    assert titles_of(full_time, "钱文华") == ["民革甘肃省委专职副主委"]
    assert "钱文华陪" not in full_time


def test_company_chair_keeps_its_company(article_in_script):
    got = people(article_in_script("安徽丰源农业发展有限公司董事长孟庆林表示，公司将继续吸纳贫困户就业。"))
    assert got["孟庆林"]["posts"] == [("安徽丰源农业发展有限公司董事长", "board-chair", "安徽丰源农业发展有限公司")]


def test_village_and_site_posts(article_in_script):
    got = people(article_in_script("驻村第一书记罗海波带领村民修通了产业路。村党支部书记严永和介绍，村里种了花椒。"
                                   "施工负责人龚德胜说，安置房将于年底交付。"))
    assert titles_of(got, "罗海波") == ["驻村第一书记"]
    assert titles_of(got, "严永和") == ["村党支部书记"]  # 和 ends the name when a verb follows
    assert titles_of(got, "龚德胜") == ["施工负责人"]
    assert set(got) == {"罗海波", "严永和", "龚德胜"}


def test_association_posts_joined_with_jian_and_yiji(article_in_script):
    got = people(article_in_script("县慈善总会副理事长蔡文斌，以及省青年创业促进会执行主任兼秘书长邵立平出席仪式。"))
    assert titles_of(got, "蔡文斌") == ["县慈善总会副理事长"]
    assert titles_of(got, "邵立平") == ["省青年创业促进会执行主任兼秘书长"]  # one post, 以及 left out


def test_inspection_group_head_office_head_and_professor(article_in_script):
    got = people(article_in_script("省委第三督导组组长温建国一行来到县里。县委常委、县委办主任聂晓东，"
                                   "华中农业大学教授童光明参加座谈。"))
    assert titles_of(got, "温建国") == ["省委第三督导组组长"]
    assert titles_of(got, "聂晓东") == ["县委常委", "县委办主任"]
    assert titles_of(got, "童光明") == ["华中农业大学教授"]
    assert set(got) == {"温建国", "聂晓东", "童光明"}


def test_deputy_inspector_before_yixing(article_in_script):
    got = people(article_in_script("省农业农村厅副巡视员谭志远一行到合作社察看。"))
    assert set(got) == {"谭志远"}
    assert titles_of(got, "谭志远") == ["省农业农村厅副巡视员"]


def test_a_title_without_a_place_continues_the_chain(article_in_script):
    got = people(article_in_script("市委常委、政法委书记姚建军主持会议。"))
    assert titles_of(got, "姚建军") == ["市委常委", "政法委书记"]
    assert "姚建军主" not in got


def test_names_listed_after_a_title_share_it(article_in_script):
    got = people(article_in_script("副区长韩松、白雪梅分别作了发言。市领导郝明亮、仝玉兰出席签约仪式。"))
    assert titles_of(got, "韩松") == titles_of(got, "白雪梅") == ["副区长"]
    assert titles_of(got, "郝明亮") == titles_of(got, "仝玉兰") == ["市领导"]  # 仝: not a listed surname
    assert set(got) == {"韩松", "白雪梅", "郝明亮", "仝玉兰"}


def test_yiji_continues_a_list_of_names_but_not_of_other_people(article_in_script):
    got = people(article_in_script("副县长韩松、白雪梅以及龙建平出席。"))
    assert set(got) == {"韩松", "白雪梅", "龙建平"}
    assert all(titles_of(got, n) == ["副县长"] for n in got)
    assert set(people(article_in_script("副县长韩松以及村民代表参加。"))) == {"韩松"}
    both = people(article_in_script("县长贺建国以及副县长祝玉兰出席。"))
    assert titles_of(both, "贺建国") == ["县长"] and titles_of(both, "祝玉兰") == ["副县长"]


def test_names_listed_before_deng_and_a_collective_title(article_in_script):
    got = people(article_in_script("吕红军、孔繁荣以及毛永胜、仝新华等县领导参加了调研。"))
    assert set(got) == {"吕红军", "孔繁荣", "毛永胜", "仝新华"}
    assert all(titles_of(got, n) == ["县领导"] for n in got)
    assert people(article_in_script("市委、市政府等市领导高度重视。")) == {}


def test_ethnic_name_with_a_middle_dot(article_in_script):
    got = people(article_in_script("自治区政府副主席阿不都热合曼·买买提表示，要巩固脱贫成果。",
                                   title="新疆:巩固脱贫成果", source="天山网"))
    assert list(got) == ["阿不都热合曼·买买提"]
    assert titles_of(got, "阿不都热合曼·买买提") == ["自治区政府副主席"]


@pytest.mark.parametrize("sentence, name", [
    ("副市长邱建华给出了具体意见。", "邱建华"),
    ("县长熊志刚率工作组深入田间地头。", "熊志刚"),
    ("县委书记曾志明主持召开专题会议。", "曾志明"),
    ("市委书记李建国一行来到安置点。", "李建国"),
    ("县委副书记邓海林陪同考察。", "邓海林"),
    ("副县长钟国平带领扶贫干部走访农户。", "钟国平"),
    ("县委副书记邓海林出席活动。", "邓海林"),
])
def test_name_ends_before_what_follows_it(article_in_script, sentence, name):
    assert list(people(article_in_script(sentence))) == [name]


@pytest.mark.parametrize("sentence", [
    "由县委书记和县长共同挂帅，全县上下合力攻坚。",  # 和县长: a conjunction and a title, no name
    "市委书记扶贫调研的经验在全省推广。",  # 扶贫 is no name
    "县长全程参与了项目论证。",  # 全 is a weak surname: 全程 is no name
    "书记来村考察时，给大家鼓了劲。",
])
def test_no_person_from_titles_without_names(article_in_script, sentence):
    assert people(article_in_script(sentence)) == {}


def test_visit_after_general_secretary_is_not_a_name(article_in_script):
    got = people(article_in_script("习近平总书记来黔视察时强调，要把扶贫工作抓实抓细。"))
    assert set(got) == {"习近平"}


def test_pinyin_inside_a_name_is_stripped(article):
    got = people(article("市委副書記李筱會(huì)主持會議。", title="臨汾:脫貧攻堅", source="臨汾新聞網"))
    assert set(got) == {"李筱会"}
    assert titles_of(got, "李筱会") == ["市委副书记"]


def test_state_council_titles_are_one_post_and_no_person_before_them(article_in_script):
    got = people(article_in_script("国务院副总理柯明远在会上强调，要压实责任。"))
    assert set(got) == {"柯明远"}
    assert got["柯明远"]["posts"] == [("国务院副总理", "vice-premier", None)]


def test_prefecture_bodies_take_the_city(article_in_script):
    got = people(article_in_script("州委副书记、州长何建宁主持召开会议。"))
    assert got["何建宁"]["posts"] == [("州委副书记", "deputy-party-secretary", "临汾市委"),
                                     ("州长", "prefecture-governor", "临汾市政府")]


def test_a_name_before_an_appointment(article_in_script):
    got = people(article_in_script("2018年，杨春林担任驻村第一书记以来，带领群众脱贫。"))
    assert titles_of(got, "杨春林") == ["驻村第一书记"]
    assert people(article_in_script("他担任合作社理事长，带头发展产业。")) == {}


def test_transliterated_names_after_a_title(article_in_script):
    got = people(article_in_script("县委副书记扎西多吉、副县长阿不都热依木介绍，全县新建了5个车间。",
                                   title="新疆:巩固脱贫成果", source="天山网"))
    assert set(got) == {"扎西多吉", "阿不都热依木"}  # not 阿不都: the name runs to the verb
    assert titles_of(got, "阿不都热依木") == ["副县长"]
    assert people(article_in_script("县长多次深入田间。")) == {}  # two characters need punctuation after


def test_heads_of_workshops_and_a_space_before_the_name(article_in_script):
    got = people(article_in_script("扶贫车间负责人文秀英说，车间吸纳了30名贫困群众。市委书记 韦志刚在会上讲话。"))
    assert titles_of(got, "文秀英") == ["扶贫车间负责人"]
    assert titles_of(got, "韦志刚") == ["市委书记"]
    assert people(article_in_script("县委书记常抓不懈，书记项目化管理全面推开。")) == {}


@pytest.mark.parametrize("sentence", [
    "镇长马上组织人员抢修。",
    "县长高兴地说，今年收成好。",
    "省委书记明确要求，各地要压实责任。",
    "县长安排部署了下一步工作。",
])
def test_words_after_a_title_are_not_names(article_in_script, sentence):
    assert people(article_in_script(sentence)) == {}


def test_weak_surnames_take_a_name_before_a_verb_of_speech_or_attendance(article_in_script):
    got = people(article_in_script("县人大常委会主任都瑞主持会议。市委书记从安出席。"))
    assert set(got) == {"都瑞", "从安"}
    assert people(article_in_script("总书记来京考察时指出，要精准施策。")) == {}


def test_no_name_cut_out_of_a_verb_before_a_national_title(article_in_script):
    assert people(article_in_script("全县干部认真学习贯彻总书记重要讲话精神。")) == {}
    assert people(article_in_script("深入学习领会总书记关于扶贫工作的重要论述。")) == {}
    got = people(article_in_script("深入学习习近平总书记关于扶贫工作的重要论述。"))
    assert set(got) == {"习近平"}


def test_an_organisation_written_out_is_the_post_organisation(article_in_script):
    got = people(article_in_script("民盟湖北省委主委周立新、市政协副秘书长汤文和扶贫车间负责人文秀英出席。"))
    assert got["周立新"]["posts"] == [("民盟湖北省委主委", "party-committee-chair", "民盟湖北省委")]
    assert got["汤文"]["posts"] == [("市政协副秘书长", "deputy-secretary-general", "临汾市政协")]
    assert got["文秀英"]["posts"] == [("扶贫车间负责人", "person-in-charge", None)]  # generic: no organisation


def test_city_bodies_in_a_county_level_city_report_are_that_city(article_in_script):
    got = people(article_in_script("市委书记韦志刚主持会议。钱文华、仝新华等市领导出席。",
                                   title="邳州:产业扶贫见成效", source="徐州日报"))
    assert got["韦志刚"]["posts"] == [("市委书记", "party-secretary", "邳州市委")]
    assert got["钱文华"]["jurisdiction"] == got["韦志刚"]["jurisdiction"] == "320382"


def test_titles_in_brackets_after_names(article_in_script):
    got = people(article_in_script("出席会议的有韦志刚（县委书记）、钱文华（县委副书记、县长）等。"))
    assert titles_of(got, "韦志刚") == ["县委书记"]
    assert titles_of(got, "钱文华") == ["县委副书记", "县长"]
    assert set(got) == {"韦志刚", "钱文华"}
    assert people(article_in_script("全县12个乡镇（街道）全部完成了任务。")) == {}


def test_a_place_before_a_title_of_its_level(article_in_script):
    got = people(article_in_script("佛山市南海区委书记邓志刚一行到赫章县考察。", title="赫章:念好山字经", source="毕节新闻网"))
    assert got["邓志刚"]["posts"] == [("南海区委书记", "party-secretary", "南海区委")]
    assert got["邓志刚"]["jurisdiction"] == "440605"


def test_regional_posts_with_tibetan_names(article_in_script):
    got = people(article_in_script("自治区党委常委、常务副主席巴桑次仁在会上强调。地区行署专员尼玛达瓦介绍了情况。",
                                   title="拉萨:产业扶贫", source="西藏日报"))
    assert titles_of(got, "巴桑次仁") == ["自治区党委常委", "常务副主席"]
    assert titles_of(got, "尼玛达瓦") == ["地区行署专员"]
    assert set(got) == {"巴桑次仁", "尼玛达瓦"}


def test_a_village_general_branch_secretary_and_a_verb_after_the_name(article_in_script):
    got = people(article_in_script("走进村里的扶贫车间,石桥村党总支书记刘海军聊起了产业发展的打算。"))
    assert "刘海军聊" not in got
    assert any(title.endswith("党总支书记") for title, _, _ in got["刘海军"]["posts"])


# --- a name before a title of address; 兼 after a village title; transliterated names before 说 ---

@pytest.mark.parametrize("sentence, name, title", [
    ("会上，孔令川副县长就春耕备耕作了安排。", "孔令川", "副县长"),
    ("钟毓秀书记强调，要把帮扶责任落到每一户。", "钟毓秀", "书记"),
    ("县农业农村局的邵丹青局长介绍，全县新建大棚80个。", "邵丹青", "局长"),
    ("对群众反映的饮水问题，严立夫主任表示马上解决。", "严立夫", "主任"),
])
def test_a_name_before_a_title_of_address(article_in_script, sentence, name, title):
    got = people(article_in_script(sentence))
    assert [p[0] for p in got[name]["posts"]] == [title]


@pytest.mark.parametrize("sentence", [
    "金鸡岭村党支部书记介绍，村里新修了水渠。",  # no name before the title
    "在高塘镇党委书记的带领下，群众种上了茶叶。",  # a place, not a name
    "这位老支书说，日子越过越好了。",  # no name: 老 is no surname here
    "说起养牛的事，大伙都夸刘家兄弟队长当得好。",  # 兄弟 ends no name
])
def test_no_name_before_a_title_of_address(article_in_script, sentence):
    assert people(article_in_script(sentence)) == {}


def test_a_village_title_joined_with_jian(article_in_script):
    got = people(article_in_script("石门村党支部书记兼村委会主任包振东说，合作社今年分红了。"))
    assert [p[0] for p in got["包振东"]["posts"]] == ["石门村党支部书记兼村委会主任"]


def test_a_transliterated_name_before_shuo(article_in_script):
    got = people(article_in_script("乡长格桑旺堆说，今年全乡新修了三条路。"))
    assert [p[0] for p in got["格桑旺堆"]["posts"]] == ["乡长"]
    assert "格桑旺堆说" not in got


@pytest.mark.parametrize("sentence", ["出席仪式的县领导有韦一舟、邝德明。", "到会的市领导：韦一舟、邝德明。"])
def test_a_collective_title_opens_a_list_of_names(article_in_script, sentence):
    got = people(article_in_script(sentence))
    assert set(got) == {"韦一舟", "邝德明"}
    assert all(p[0] in ("县领导", "市领导") for n in got for p in got[n]["posts"])


def test_a_collective_title_before_youguan_opens_no_list(article_in_script):
    assert people(article_in_script("县领导有关讲话精神要在各村传达到位。")) == {}


@pytest.mark.parametrize("sentence, name, title", [
    ("嘎查长额尔敦巴图介绍，今年新打机井两眼。", "额尔敦巴图", "嘎查长"),
    ("苏木长萨仁图雅带领干部入户走访。", "萨仁图雅", "苏木长"),
    ("副旗长邵振国出席启动仪式。", "邵振国", "副旗长"),
    ("县委常委、组织部长邝德明出席。", "邝德明", "组织部长"),
    ("县长助理冉秋实参加调研。", "冉秋实", "县长助理"),
    ("村妇女主任蒲思远说，手工坊有20名妇女。", "蒲思远", "村妇女主任"),
    ("青禾农业公司法人代表韦一舟说，基地流转土地300亩。", "韦一舟", "青禾农业公司法人代表"),
    ("驻村干部韩晓峰每周走访贫困户。", "韩晓峰", "驻村干部"),
    ("帮扶责任人邵振国给贫困户送来鸡苗。", "邵振国", "帮扶责任人"),
    ("县四大班子领导邝德明、冉秋实出席。", "冉秋实", "县四大班子领导"),
])
def test_village_township_banner_and_enterprise_posts(article_in_script, sentence, name, title):
    got = people(article_in_script(sentence))
    assert title in [p[0] for p in got[name]["posts"]]


@pytest.mark.parametrize("sentence", [
    "村里的会计账目每月公开一次。",  # 会计 needs a name after it
    "驻村干部们每周走访贫困户。",
    "嘎查长期以来缺水。",  # 嘎查 + 长期: no post
])
def test_village_posts_without_a_person(article_in_script, sentence):
    assert people(article_in_script(sentence)) == {}


@pytest.mark.parametrize("sentence, name, title", [
    ("邝德明是青石村党支部书记，在村里干了十年。", "邝德明", "村党支部书记"),
    ("冉秋实，柳溪镇党委书记，今年四十岁。", "冉秋实", "镇党委书记"),
    ("韦一舟同志任白岩村第一书记。", "韦一舟", "白岩村第一书记"),
])
def test_a_name_before_shi_a_comma_or_tongzhi_ren(article_in_script, sentence, name, title):
    got = people(article_in_script(sentence))
    assert set(got) == {name}
    assert [p[0] for p in got[name]["posts"]] == [title]


@pytest.mark.parametrize("sentence", [
    "这是青石村党支部书记，也是致富带头人。",  # no name before 是
    "产业扶贫是县委书记的头等大事。",  # the title does not end its clause
    "会上，县委书记，县长分别讲话。",  # no name before the comma
])
def test_no_name_before_shi_or_a_comma(article_in_script, sentence):
    assert people(article_in_script(sentence)) == {}


@pytest.mark.parametrize("opener", ["还有", "包括"])
def test_a_collective_title_opens_a_list_after_more_openers(article_in_script, opener):
    got = people(article_in_script(f"参加调研的市领导{opener}周建国、吴丽萍、郑海涛。"))
    assert {"周建国", "吴丽萍", "郑海涛"} <= set(got)
    assert all(any(t.endswith("领导") for t, _, _ in got[n]["posts"]) for n in ("周建国", "吴丽萍", "郑海涛"))
    assert not any(n.startswith(("还", "包")) for n in got)


def test_a_verb_after_a_two_character_name_is_not_its_third_character(article_in_script):
    got = people(article_in_script("听到这个消息,石沟村党支部书记王柱湿了眼眶。"))
    assert "王柱" in got and "王柱湿" not in got


@pytest.mark.parametrize("sentence, name, title", [
    ("平安乡的护林员卓玛次仁今年29岁，每天都要巡山。", "卓玛次仁", "护林员"),
    ("河东镇李庄村村干部赵德发说，光伏电站已经并网。", "赵德发", "河东镇李庄村村干部"),
    ("县交通局驻村工作队队员钱明远介绍，合作社已有社员30户。", "钱明远", "县交通局驻村工作队队员"),
])
def test_posts_of_village_workers(article_in_script, sentence, name, title):
    got = people(article_in_script(sentence))
    assert title in [t for t, _, _ in got[name]["posts"]]


def test_a_time_word_ends_a_name(article_in_script):
    got = people(article_in_script("村民代表孙明今年种了10亩花椒，县委书记周海今年三次到村里调研。"))
    assert "周海" in got and "周海今" not in got


def test_zheng_before_a_verb_ends_a_name(article_in_script):
    got = people(article_in_script("扶贫工作队队员郑凯正和农户一起采摘香椿。"))
    assert "郑凯" in got and "郑凯正" not in got


def test_names_listed_before_a_counted_title(article_in_script):
    got = people(article_in_script("张华、李明两位副县长分别作了发言。"))
    assert [t for t, _, _ in got["张华"]["posts"]] == ["副县长"] == [t for t, _, _ in got["李明"]["posts"]]


def test_a_list_opening_the_sentence_before_deng_and_a_title(article_in_script):
    got = people(article_in_script("王大海、李小川等县领导参加了活动。"))
    assert {"王大海", "李小川"} <= set(got)


def test_a_note_between_title_and_name(article_in_script):
    got = people(article_in_script("市扶贫办副主任（主持工作）冯涛介绍了全市情况。"))
    assert ("市扶贫办副主任" in [t for t, _, _ in got["冯涛"]["posts"]])


def test_a_name_before_a_title_after_a_verb_and_le(article_in_script):
    got = people(article_in_script("会上，县委常委周成东向与会人员传达了李建斌书记的讲话精神。"))
    assert any(t == "书记" for t, _, _ in got["李建斌"]["posts"])


def test_an_organisation_joined_to_its_title_by_de(article_in_script):
    got = people(article_in_script("5月5日，县财政局的副局长王明军来到村里看望贫困户。"))
    assert ("县财政局副局长" in [t for t, _, _ in got["王明军"]["posts"]])


def test_a_dotted_name_ends_before_suo(article_in_script):
    got = people(article_in_script("据自治区人民政府主席阿不都·热合曼所作的政府工作报告，全区脱贫成效明显。"))
    assert "阿不都·热合曼" in got


def test_a_second_role_after_a_titled_name_is_in_the_same_organisation(article_in_script):
    doc = article_in_script("市慈善总会会长王建国、副会长李红梅一行3人来到村里走访。", title="市慈善总会到村走访")
    got = people(doc)
    assert "李红梅" in got and [title for title, _, _ in got["李红梅"]["posts"]] == ["副会长"]


def test_a_politburo_member_title_before_a_provincial_post(article_in_script):
    got = people(article_in_script("中共中央政治局委员、重庆市委书记陈敏尔出席会议并讲话。", title="全市扶贫工作会议召开"))
    titles = [title for title, _, _ in got["陈敏尔"]["posts"]]
    assert titles == ["中共中央政治局委员", "重庆市委书记"]
