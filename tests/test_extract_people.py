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
    alone = people(article_in_script("全国工商联副主席李明出席会议。", title="都安:贷牛还牛蹚出新路", source="广西日报"))
    assert "李明" not in alone  # 副主席 only continues a chain of its level


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
