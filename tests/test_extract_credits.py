"""kg.extract.credits: who reported, wrote, edited or photographed an article — field lines,
bylines in parentheses, leads, photo captions and bare name lines, on sentences written for
the tests, in both scripts."""
from __future__ import annotations

import csv
import io

import opencc
import pytest

from kg.extract import extract

HANS = opencc.OpenCC("t2s").convert
HANT = opencc.OpenCC("s2t").convert


def credits(doc) -> dict[str, set[str]]:
    """Simplified name → the credits the article gives the person."""
    out: dict[str, set[str]] = {}
    for p in extract(doc).people:
        assert doc.text[p.span.start:p.span.end] == p.span.text
        assert p.span.text.replace(" ", "").replace("\u3000", "") == p.name
        if p.credits:
            out.setdefault(HANS(p.name), set()).update(p.credits)
    return out


def in_script(make, text: str) -> str:
    """`text` in the script of the `article_in_script` run (for arguments it does not convert)."""
    return HANT(text) if make.script == "zh-Hant" else text


# --- field lines -------------------------------------------------------------------

def test_fields_of_a_footer_line(article_in_script):
    got = credits(article_in_script("全县今年建成光伏电站12座。\n\n作者:林海燕 沈嘉禾 责任编辑:苏文静"))
    assert got == {"林海燕": {"author"}, "沈嘉禾": {"author"}, "苏文静": {"editor"}}


def test_fields_of_the_dateline_stop_at_the_next_field(article_in_script):
    doc = article_in_script("全县今年建成光伏电站12座。",
                            published=in_script(article_in_script, "2021-06-01 08:30 | 作者:钱柏林 | 编辑:何雨桐"))
    assert credits(doc) == {"钱柏林": {"author"}, "何雨桐": {"editor"}}


def test_bracketed_keys_and_a_pen_name_after_a_role(article_in_script):
    got = credits(article_in_script("全县今年建成光伏电站12座。\n\n【作者】欧阳明月 【编辑】若水"))
    assert got == {"欧阳明月": {"author"}, "若水": {"editor"}}


@pytest.mark.parametrize("line", ["作者:佚名", "作者:新华网 责任编辑:央视新闻", "作者:本报评论员"])
def test_fields_that_name_nobody(article_in_script, line):
    assert credits(article_in_script("全县今年建成光伏电站12座。\n\n" + line)) == {}


def test_a_name_with_its_office_in_parentheses(article_in_script):
    got = credits(article_in_script("全县今年建成光伏电站12座。\n\n通讯员:梁晓峰（县扶贫办）"))
    assert got == {"梁晓峰": {"correspondent"}}


# --- bylines in parentheses ----------------------------------------------------------

def test_lead_byline_with_a_date_and_names_glued_to_the_role(article_in_script):
    got = credits(article_in_script("新华社贵阳3月2日电(记者钱志诚、邹小雪)全省今年建成光伏电站120座。"))
    assert got == {"钱志诚": {"reporter"}, "邹小雪": {"reporter"}}


def test_lead_byline_of_a_dated_local_report(article_in_script):
    got = credits(article_in_script("本报2月3日讯(记者 高明远 通讯员 杜晓燕 孔令军) 全县今年建成光伏电站12座。"))
    assert got == {"高明远": {"reporter"}, "杜晓燕": {"correspondent"}, "孔令军": {"correspondent"}}


def test_author_and_photographer_by_slashes(article_in_script):
    got = credits(article_in_script("全县今年建成光伏电站12座。(文/韩春雨 罗佳)\n\n"
                                    "全村今年种植辣椒500亩。(张立新/文 孟凡/图)"))
    assert got == {"韩春雨": {"author"}, "罗佳": {"author"}, "张立新": {"author"}, "孟凡": {"photographer"}}


def test_outlet_before_the_role_and_a_closing_photo_credit(article_in_script):
    got = credits(article_in_script("全县今年建成光伏电站12座。\n\n(黔东日报融媒体记者 龙海波 通讯员 吴丽 摄)"))
    assert got == {"龙海波": {"reporter", "photographer"}, "吴丽": {"correspondent", "photographer"}}


def test_intern(article_in_script):
    got = credits(article_in_script("全县今年建成光伏电站12座。(记者 张华 实习生 李冬梅)"))
    assert got == {"张华": {"reporter"}, "李冬梅": {"intern"}}


@pytest.mark.parametrize("body", [
    "全县今年建成光伏电站12座。(张家村)",  # a place closing a paragraph
    "全县今年建成光伏电站12座。(若水)",  # a bare name must start with a surname
    "合作社负责人(刘长青)介绍，全村今年种植辣椒500亩。",  # a bare name inside a sentence
    "全县今年出台光伏扶贫管理办法(试行)。",
    "全县今年建成光伏电站12座。（据新华社报道）",
    "记者从县扶贫办获悉，全县今年建成光伏电站12座。（记者手记）",
])
def test_parentheses_that_credit_nobody(article_in_script, body):
    assert credits(article_in_script(body)) == {}


def test_two_character_names_padded_to_three(article_in_script):
    doc = article_in_script("全县今年建成光伏电站12座。（本报记者　王　靖　李晓燕）\n\n责任编辑：周　敏")
    assert credits(doc) == {"王靖": {"reporter"}, "李晓燕": {"reporter"}, "周敏": {"editor"}}
    wang = next(p for p in extract(doc).people if p.name == "王靖")
    assert wang.span.text == "王\u3000靖"


def test_single_characters_after_a_role_are_not_joined_across_roles(article_in_script):
    # 文 and 图 are role words, never the halves of a padded name
    got = credits(article_in_script("全县今年建成光伏电站12座。（文 图 李晓燕）"))
    assert got == {"李晓燕": {"author", "photographer"}}


# --- leads, captions and bare lines ---------------------------------------------------

def test_lead_byline_without_parentheses(article_in_script):
    got = credits(article_in_script("本报讯 记者张卫东 通讯员李晓华报道 近日，全县建成光伏电站12座。"))
    assert got == {"张卫东": {"reporter"}, "李晓华": {"correspondent"}}


def test_a_lead_with_no_byline(article_in_script):
    assert credits(article_in_script("本报讯 近日，全县建成光伏电站12座。")) == {}


def test_photo_caption_credit(article_in_script):
    got = credits(article_in_script("全县今年建成光伏电站12座。\n\n图为村民在扶贫车间里加工竹编。 本报记者 汤文杰 摄"))
    assert got == {"汤文杰": {"reporter", "photographer"}}


def test_byline_line_with_an_ornament_before_it(article_in_script):
    got = credits(article_in_script("■本报记者 钟雨桐\n\n全县今年建成光伏电站12座。"))
    assert got == {"钟雨桐": {"reporter"}}


def test_bare_name_after_the_last_paragraph_is_the_author(article_in_script):
    got = credits(article_in_script("全县今年建成光伏电站12座。\n\n沈若琳"))
    assert got == {"沈若琳": {"author"}}


def test_a_place_on_the_last_line_is_no_author(article_in_script):
    assert credits(article_in_script("全县今年建成光伏电站12座。\n\n张家口")) == {}


def test_bare_short_line_before_a_paragraph_is_no_one(article_in_script):
    assert credits(article_in_script("张家湾\n\n全村今年建成光伏电站3座。")) == {}


def test_dateline_and_lead_give_one_person_both_credits(article_in_script):
    doc = article_in_script("新华社西宁5月6日电(记者罗晓东)全省今年建成光伏电站120座。",
                            published=in_script(article_in_script, "2020-05-06 10:00 | 作者:罗晓东"))
    assert credits(doc) == {"罗晓东": {"author", "reporter"}}


# --- graph and query ---------------------------------------------------------------------

def test_officials_query_gives_the_credit_as_the_post(article_in_script, tmp_path, capsys):
    from kg.cli import main

    text = "临汾:脱贫攻坚捷报频传\n\n2017-10-17 09:07:20 来源:临汾新闻网\n\n  全县今年建成光伏电站12座。(记者 张华 实习生 李冬梅)\n"
    article = tmp_path / "a.txt"
    article.write_text(in_script(article_in_script, text), encoding="utf-8")
    assert main(["build", str(article), "-o", str(tmp_path / "g.ttl")]) == 0
    capsys.readouterr()
    assert main(["query", "officials", "--graph", str(tmp_path / "g.ttl"), "--format", "csv"]) == 0
    rows = {(HANS(r["name"]), HANS(r["post"])) for r in csv.DictReader(io.StringIO(capsys.readouterr().out))}
    assert rows == {("张华", "记者"), ("李冬梅", "实习生")}


def test_a_role_word_with_two_credits(article_in_script):
    got = credits(article_in_script("全县今年建成光伏电站12座。\n\n图文：柏雪松\n\n（摄影记者 邱晨光）"))
    assert got == {"柏雪松": {"author", "photographer"}, "邱晨光": {"reporter", "photographer"}}


def test_a_closing_word_glued_to_the_name(article_in_script):
    got = credits(article_in_script("全县今年建成光伏电站12座。\n\n图为新建的光伏电站。 谭一鸣供图"))
    assert got == {"谭一鸣": {"photographer"}}


def test_a_one_character_key_needs_a_surname(article_in_script):
    got = credits(article_in_script("全县今年建成光伏电站12座。\n\n图：新村新貌\n\n文：柏雪松"))
    assert got == {"柏雪松": {"author"}}


@pytest.mark.parametrize("closing", ["(刘家沟)", "（下转第二版）", "(本报综合)", "（通讯员供稿）", "（人民日报）", "(张家口)"])
def test_closing_parentheses_that_are_places_outlets_or_notes(article_in_script, closing):
    assert credits(article_in_script("全村今年种植辣椒500亩。" + closing)) == {}


def test_photo_credit_right_after_the_caption(article_in_script):
    got = credits(article_in_script("全县今年建成光伏电站12座。\n\n（图为新建的光伏电站。孔祥瑞 摄）"))
    assert got == {"孔祥瑞": {"photographer"}}


@pytest.mark.parametrize("body", ["多家媒体对此进行了采访，向阳报道。", "全县今年建成光伏电站12座，全县报道"])
def test_a_sentence_ending_in_a_closing_word_is_no_byline(article_in_script, body):
    assert credits(article_in_script(body)) == {}


def test_an_outlet_or_office_before_the_names_is_passed_over(article_in_script):
    got = credits(article_in_script("全县今年建成光伏电站12座。(南阳日报 卢思远)\n\n文/图：县融媒体中心 葛春燕"))
    assert got == {"卢思远": {"author"}, "葛春燕": {"author", "photographer"}}


def test_an_outlet_alone_credits_nobody(article_in_script):
    assert credits(article_in_script("全县今年建成光伏电站12座。(县融媒体中心)\n\n作者：县扶贫开发局")) == {}


def test_deng_after_the_last_name(article_in_script):
    got = credits(article_in_script("全县今年建成光伏电站12座。\n\n作者：卢思远 葛春燕等"))
    assert got == {"卢思远": {"author"}, "葛春燕": {"author"}}


@pytest.mark.parametrize("closing", ["（作者单位：县扶贫办）", "(作者系县扶贫办主任)", "（记者 调查）", "（记者手记）"])
def test_notes_about_the_author_credit_nobody(article_in_script, closing):
    assert credits(article_in_script("全村今年种植辣椒500亩。" + closing)) == {}


def test_a_paragraph_opened_by_a_byline(article_in_script):
    got = credits(article_in_script("本报记者 柴永福 通讯员 郁青 近日，全县建成光伏电站12座。"))
    assert got == {"柴永福": {"reporter"}, "郁青": {"correspondent"}}


@pytest.mark.parametrize("body", ["记者了解到，全县今年建成光伏电站12座。", "记者 近日从县扶贫办获悉，全县建成光伏电站12座。"])
def test_a_paragraph_opened_by_the_word_reporter_is_no_byline(article_in_script, body):
    assert credits(article_in_script(body)) == {}


def test_the_words_after_a_lead_byline_are_no_name(article_in_script):
    # 于近日 starts with a surname, but a clause follows it, not a space
    got = credits(article_in_script("本报讯 记者柴永福 于近日，全县建成光伏电站12座。"))
    assert got == {"柴永福": {"reporter"}}


def test_the_caption_before_a_photo_credit_is_no_name(article_in_script):
    # 全面投产 starts with a surname, but it ends the caption's sentence
    got = credits(article_in_script("全县今年建成光伏电站12座。\n\n图为新建的光伏电站，全面投产。 韦晓丹 摄"))
    assert got == {"韦晓丹": {"photographer"}}


def test_a_source_line_after_the_last_paragraph_is_no_byline(article_in_script):
    # 来 is a surname and 南阳日报 an outlet, but 来源 is the key of a field
    assert credits(article_in_script("全县今年建成光伏电站12座。\n\n来源:南阳日报\n\n来稿:南阳日报")) == {}


# --- rarer surnames and offices in place of a person -------------------------------------

def test_a_closing_byline_with_a_rare_surname(article_in_script):
    got = credits(article_in_script("全乡今年新建蔬菜大棚60座,带动贫困户增收。(周立新 弓晓梅)"))
    assert got == {"周立新": {"author"}, "弓晓梅": {"author"}}


@pytest.mark.parametrize("office", ["融媒体", "县融媒体", "新媒体"])
def test_an_editor_field_naming_an_office_is_nobody(article_in_script, office):
    got = credits(article_in_script(f"全县今年建成光伏电站12座。\n\n编辑:{office}"))
    assert got == {}


# --- roles the graph does not list; 供稿 ------------------------------------------------

@pytest.mark.parametrize("line", ["（记者 韩晓峰 校对 蒲思远）", "记者 韩晓峰 审核 蒲思远"])
def test_a_name_after_an_unlisted_role_is_no_credit(article_in_script, line):
    got = credits(article_in_script("枣园村今年新栽核桃树3000株。\n\n" + line))
    assert got == {"韩晓峰": {"reporter"}}  # neither 校对/审核 nor 蒲思远 is a reporter


def test_fields_of_unlisted_roles_give_nobody(article_in_script):
    got = credits(article_in_script("枣园村今年新栽核桃树3000株。\n\n策划：冉秋实 编辑：蒲思远 审核：邝德明 监制：韦一舟"))
    assert got == {"蒲思远": {"editor"}}


@pytest.mark.parametrize("line", ["供稿：韩晓峰", "供稿 韩晓峰"])
def test_gonggao_credits_the_author(article_in_script, line):
    assert credits(article_in_script("枣园村今年新栽核桃树3000株。\n\n" + line)) == {"韩晓峰": {"author"}}


@pytest.mark.parametrize("line, expected", [
    ("作者丨韩晓峰 编辑丨蒲思远", {"韩晓峰": {"author"}, "蒲思远": {"editor"}}),
    ("文字丨韩晓峰 图片丨蒲思远", {"韩晓峰": {"author"}, "蒲思远": {"photographer"}}),
    ("文图/韩晓峰", {"韩晓峰": {"author", "photographer"}}),
    ("图片/蒲思远", {"蒲思远": {"photographer"}}),
])
def test_wechat_bars_and_joined_role_words(article_in_script, line, expected):
    got = credits(article_in_script("枣园村今年新栽核桃树3000株。\n\n" + in_script(article_in_script, line)))
    assert got == expected  # 文图 is a role word, not a name


def test_a_bar_inside_running_text_is_no_byline(article_in_script):
    assert credits(article_in_script("枣园村今年新栽核桃树3000株，乡亲们说丨日子越过越红火。")) == {}


# --- role words glued to names -------------------------------------------------------

@pytest.mark.parametrize("lead, expected", [
    ("新华社南宁5月2日电(记者罗江)", {"罗江": {"reporter"}}),  # a name that is also a district's
    ("新华社拉萨5月2日电(记者扎西多吉、王青)", {"扎西多吉": {"reporter"}, "王青": {"reporter"}}),
    ("本报讯 (记者吴海通讯员茆小红)", {"吴海": {"reporter"}, "茆小红": {"correspondent"}}),
])
def test_names_glued_to_their_role_words(article_in_script, lead, expected):
    got = credits(article_in_script(lead + "全县今年建成光伏电站12座。"))
    assert got == expected
