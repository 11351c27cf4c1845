"""Text stage (kg.text): pinyin removal, header, blocks, sections, sentences, offsets,
the simplified view and script detection — on sentences written for these tests in the
style of county and city poverty-alleviation reports.
"""
from __future__ import annotations

import pytest

from kg.text.clean import clean, strip_pinyin

# --------------------------------------------------------------------------- pinyin


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # tone-marked annotations after Chinese characters are removed
        ("打好攻堅(jiān)戰(zhàn)", "打好攻堅戰"),
        ("共圓小康夢(mèng)", "共圓小康夢"),
        ("易地扶貧搬遷(qiān)工作", "易地扶貧搬遷工作"),
        # a neutral-tone syllable carries no tone mark and is still a syllable
        ("走出一條發展的(de)新路子", "走出一條發展的新路子"),
        # full-width parentheses are the same annotation
        ("脫貧攻堅（jiān）戰", "脫貧攻堅戰"),
        # numbered tones, and two annotations in a row on one character
        ("精準扶貧(fu2)工作", "精準扶貧工作"),
        ("脫貧攻堅(zhàn)(jiān)", "脫貧攻堅"),
        # simplified text gets the same treatment
        ("打赢脱贫攻坚(jiān)战(zhàn)", "打赢脱贫攻坚战"),
        # a '?' standing for a character lost in transcoding keeps its place;
        # the annotation after it goes
        ("吉?(jí)縣蘋果", "吉?縣蘋果"),
    ],
)
def test_pinyin_annotations_are_removed(raw, expected):
    assert strip_pinyin(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "全市17個縣(市、區)完成扶貧小額信貸5.2億元",
        "各縣(市、區)觀摩了汾西的做法和經驗。",
        "以優異的工作成績向黨的十九大獻禮。(王建國)",
        "推動核桃產業達到了“四個60%”(核桃種植面積、專業村數量、核桃產值達到了60%)",
        "從幼兒園到普通高中、中(高)職學生實現教育資助全覆蓋",
        "建成村級100kw(千瓦)光伏電站32個",
        "全縣12個鄉(鎮)開展電商扶貧",
        "組建“3+X”(X為社會力量)幫扶隊伍",
        "(一)強化組織領導",
        "Poverty (fupin) alleviation",
    ],
)
def test_real_parentheses_are_kept(raw):
    assert strip_pinyin(raw) == raw


def test_clean_removes_pinyin_but_keeps_parentheses_in_one_paragraph():
    raw = ("標題\n\n  全市13個縣(市、區)打好攻堅(jiān)戰(zhàn),中(高)職學生享受資助,"
           "達到了“三個70%”(蘋果種植面積、專業村數量達到了70%)。(趙景華)\n")
    doc = clean(raw, article_id="t")
    assert doc.blocks[1].text == ("全市13個縣(市、區)打好攻堅戰,中(高)職學生享受資助,"
                                  "達到了“三個70%”(蘋果種植面積、專業村數量達到了70%)。(趙景華)")


# --------------------------------------------------------------------------- a sample article

ARTICLE = """運城:決戰脫貧攻堅(jiān)戰(zhàn) 同奔小康路

2018-03-05 10:21:08 來源:運城新聞網

  運城新聞網訊 今年以來,市委、市政府把脫貧攻堅作為頭等大事。全市13個縣(市、區)完成扶貧小額信貸3.2億元,占年度任務的85%！夏縣如期脫貧了嗎？1所市級大中?或職業院校對口幫扶;全面推進。(王建國)

平陸縣蘋果產業惠百姓

平陸縣

發展“三大產業”推進脫貧攻堅

  平陸縣建成村級100kw(千瓦)光伏電站20個,推動蘋果產業達到了“三個70%”(蘋果種植面積、專業村數量達到了70%)。從幼兒園到中(高)職學生實現教育資助全覆蓋。

芮城縣

  芮城縣發展的(de)路子越走越寬。

  組稿、攝影:李明 張華

責任編輯: 王芳

版權聲明:凡運城新聞網刊載的各類稿件,未經書面授權,不得轉載。
"""


@pytest.fixture(scope="module")
def doc():
    return clean(ARTICLE, article_id="yuncheng")


def test_header(doc):
    assert doc.id == "yuncheng"
    assert doc.title == "運城:決戰脫貧攻堅戰 同奔小康路"
    assert doc.published == "2018-03-05T10:21:08"
    assert doc.source == "運城新聞網"


@pytest.mark.parametrize(
    ("dateline", "published", "source"),
    [
        ("2017-10-17 09:07:20 來源:臨汾新聞網", "2017-10-17T09:07:20", "臨汾新聞網"),
        ("2017-10-17 09:07 來源:臨汾新聞網", "2017-10-17T09:07:00", "臨汾新聞網"),
        ("2019年4月2日 08:30 来源:黔南新闻网", "2019-04-02T08:30:00", "黔南新闻网"),
        ("2017年10月17日 來源：臨汾日報", "2017-10-17", "臨汾日報"),
        ("發布時間:2017/9/5", "2017-09-05", None),
    ],
)
def test_dateline_parsing(dateline, published, source):
    doc = clean(f"臨汾:打好攻堅戰\n\n{dateline}\n\n  臨汾市召開脫貧攻堅推進會。\n", article_id="d")
    assert doc.blocks[1].kind == "dateline"
    assert (doc.published, doc.source) == (published, source)


def test_block_kinds_and_sections(doc):
    got = [(b.kind, b.section, b.text) for b in doc.blocks]
    assert got == [
        ("title", None, "運城:決戰脫貧攻堅戰 同奔小康路"),
        ("dateline", None, "2018-03-05 10:21:08 來源:運城新聞網"),
        ("paragraph", None, ARTICLE.split("\n")[4].strip()),
        ("caption", None, "平陸縣蘋果產業惠百姓"),
        ("section", "平陸縣", "平陸縣"),
        ("heading", "平陸縣", "發展“三大產業”推進脫貧攻堅"),
        ("paragraph", "平陸縣", "平陸縣建成村級100kw(千瓦)光伏電站20個,推動蘋果產業達到了“三個70%”"
                              "(蘋果種植面積、專業村數量達到了70%)。從幼兒園到中(高)職學生實現教育資助全覆蓋。"),
        ("section", "芮城縣", "芮城縣"),
        ("paragraph", "芮城縣", "芮城縣發展的路子越走越寬。"),
        ("credits", "芮城縣", "組稿、攝影:李明 張華"),
        ("credits", "芮城縣", "責任編輯: 王芳"),
        ("footer", "芮城縣", "版權聲明:凡運城新聞網刊載的各類稿件,未經書面授權,不得轉載。"),
    ]


def test_sentences_split_on_full_stops_exclamations_questions_semicolons(doc):
    para = [s.text for s in doc.sentences if s.block == 2]
    assert para == [
        "運城新聞網訊 今年以來,市委、市政府把脫貧攻堅作為頭等大事。",
        "全市13個縣(市、區)完成扶貧小額信貸3.2億元,占年度任務的85%！",
        "夏縣如期脫貧了嗎？",
        # a '?' inside a sentence stands for a lost character: no split there
        "1所市級大中?或職業院校對口幫扶;",
        "全面推進。",
        "(王建國)",
    ]


def test_sentence_offsets(doc):
    s = next(s for s in doc.sentences if s.text == "夏縣如期脫貧了嗎？")
    start = doc.text.index("夏縣如期")
    assert (s.start, s.end) == (start, start + len("夏縣如期脫貧了嗎？"))
    assert doc.blocks[s.block].start <= s.start < s.end <= doc.blocks[s.block].end


def test_ascii_question_mark_before_space_ends_a_sentence():
    doc = clean("標題\n\n  夏縣脫貧了嗎? 已經脫貧。\n", article_id="q")
    assert [s.text for s in doc.sentences if s.block == 1] == ["夏縣脫貧了嗎?", "已經脫貧。"]


def test_every_block_and_sentence_slices_the_text(doc):
    assert doc.blocks and doc.sentences
    for b in doc.blocks:
        assert doc.text[b.start:b.end] == b.text
    for s in doc.sentences:
        assert doc.text[s.start:s.end] == s.text
        assert s.text == s.text.strip()
    starts = [s.start for s in doc.sentences]
    assert starts == sorted(starts)
    assert all(a.end <= b.start for a, b in zip(doc.sentences, doc.sentences[1:]))


def test_cleaned_text_has_no_pinyin(doc):
    assert "(jiān)" not in doc.text and "(de)" not in doc.text
    assert "縣(市、區)" in doc.text and "(王建國)" in doc.text and "100kw(千瓦)" in doc.text


def test_simplified_view_is_aligned(doc):
    assert len(doc.simplified) == len(doc.text)
    s = next(s for s in doc.sentences if s.text.startswith("全市13個縣"))
    assert doc.simplified[s.start:s.end] == "全市13个县(市、区)完成扶贫小额信贷3.2亿元,占年度任务的85%！"
    assert doc.simplified.find("平陆县") == doc.text.find("平陸縣")


def test_script_detection(doc):
    assert doc.script == "zh-Hant"
    simplified = clean("临汾:打好攻坚战\n\n  全市17个县(市、区)完成扶贫小额信贷5.86亿元。\n", article_id="s")
    assert simplified.script == "zh-Hans"
    assert simplified.simplified == simplified.text


SIMPLIFIED = """贵州:打赢脱贫攻坚(jiān)战

2019年4月2日 08:30 来源:黔南新闻网

  今年以来,县委、县政府坚持精准扶贫。全县12个乡(镇)完成易地扶贫搬迁3200户、1.2万人;发展的(de)路子越走越宽。(李华)
"""


def test_simplified_article():
    doc = clean(SIMPLIFIED, article_id="guizhou")
    assert doc.script == "zh-Hans"
    assert (doc.title, doc.published, doc.source) == ("贵州:打赢脱贫攻坚战", "2019-04-02T08:30:00", "黔南新闻网")
    assert [s.text for s in doc.sentences if s.block == 2] == [
        "今年以来,县委、县政府坚持精准扶贫。",
        "全县12个乡(镇)完成易地扶贫搬迁3200户、1.2万人;",
        "发展的路子越走越宽。",
        "(李华)",
    ]
    assert doc.simplified == doc.text


def test_line_endings_and_bom_are_normalised():
    doc = clean("\ufeff標題\r\n\r\n  全縣脫貧。\r\n", article_id="n")
    assert doc.text == "標題\n\n  全縣脫貧。\n"
    assert [b.kind for b in doc.blocks] == ["title", "paragraph"]


def test_seed_header_and_sections():
    from pathlib import Path

    raw = (Path(__file__).resolve().parents[1] / "seeds" / "linfen-2017-10-17.txt").read_text(encoding="utf-8")
    doc = clean(raw, article_id="linfen-2017-10-17")
    assert doc.title == "臨汾:打好攻堅戰 共圓小康夢"
    assert doc.published == "2017-10-17T09:07:20"
    assert doc.source == "臨汾新聞網"
    assert doc.script == "zh-Hant"
    assert [b.text for b in doc.blocks if b.kind == "section"] == ["吉縣", "安澤縣", "鄉寧縣"]
    assert "縣(市、區)" in doc.text and "(趙景華)" in doc.text and "中(高)職" in doc.text
    assert "(蘋果種植面積、專業村數量、蘋果產值、果農收入和農民從業人數占比達到了80%)" in doc.text
    assert "(jiān)" not in doc.text


def test_a_short_first_paragraph_opening_with_a_date_is_body_not_a_dateline():
    from kg.text.clean import clean

    doc = clean("标题\n\n2016-09-10 08:00:00 来源:某某网\n\n2016年3月3日，厅长带队到村里调研。\n", article_id="t")
    assert [b.kind for b in doc.blocks] == ["title", "dateline", "paragraph"]
