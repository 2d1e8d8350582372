"""`split`: articles rebuilt from scrambled pages, against the gold pages and made-up pages."""
from __future__ import annotations

import re

import pytest

from conftest import GEN, SEED, TEXT_PAGES, gold
from swcli.inputs import read_inputs
from swcli.layout import clean_page
from swcli.pipeline import to_articles

HAN_SPACE = re.compile(r"(?<=[\u3400-\u9fff]) +(?=[\u3400-\u9fff])")
FIELDS = ("title", "kicker", "subtitle", "byline", "source", "date", "section")


def norm(value):
    return None if value is None else HAN_SPACE.sub("", value)


def articles_of(path) -> list[dict]:
    return list(to_articles(read_inputs([str(path)])))


def split_text(text: str) -> list[dict]:
    pages = [clean_page(t, "made-up.txt", i + 1) for i, t in enumerate(text.split("\f"))]
    return list(to_articles(pages))


@pytest.mark.parametrize("page", [SEED] + TEXT_PAGES, ids=lambda p: p.name)
def test_golden_pages(page):
    """Titles, fields and paragraphs of every article, exact, in seq order."""
    got = articles_of(page)
    want = gold(page)["articles"]
    assert len(got) == len(want)
    assert [a["seq"] for a in got] == list(range(1, len(got) + 1))
    exact = 0
    for g, w in zip(got, want):
        assert norm(g["title"]) == norm(w["title"])
        for field in FIELDS:
            assert norm(g[field]) == norm(w[field]), field
        exact += [norm(p) for p in g["paragraphs"]] == [norm(p) for p in w["paragraphs"]]
    assert exact >= len(want) - 1  # at most one article on a page with a paragraph off


def test_seed_ids_and_lead():
    got = articles_of(SEED)
    assert [a["id"] for a in got] == ["page-001.txt#1", "page-001.txt#2", "page-001.txt#3"]
    assert got[2]["paragraphs"][0].startswith("日前，中国社会工作联合会")
    assert got[1]["kicker"] == "夯实社会工作理论基础，促进“政校合作”"


def test_same_input_same_output():
    assert articles_of(SEED) == articles_of(SEED)


HEADLINE_AFTER_BODY = (
    "为进一步推进社会救助工作，近日，某市民政局在市\n区举办社会救助政策培训班。各区县民政部门负责\n同志参加培训。\n"
    "（据某市民政）\n\n某市举办社会救助政策培训班\n\n"
    "关爱困境儿童健康成长\n\n某县开展困境儿童走访活动\n"
    "近日，某县民政局组织社会工作者开展困境儿童走访\n活动，为困境儿童送去学习用品。\n（来源：某县民政局）\n"
)


def test_headlines_after_their_bodies_are_paired_by_content():
    got = split_text(HEADLINE_AFTER_BODY)
    assert [(a["title"], a["kicker"], a["source"]) for a in got] == [
        ("某市举办社会救助政策培训班", None, "某市民政"),
        ("某县开展困境儿童走访活动", "关爱困境儿童健康成长", "某县民政局")]


def test_byline_on_its_own_line_and_subtitle():
    page = ("某区：“一老一小”服务圈越织越密\n家门口的养老服务综合体和儿童之家同步建设\n本报记者 林某某\n\n"
            "清晨，某区老年食堂里已经坐\n满了前来用餐的老人，居民纷纷\n称赞饭菜可口，价格也实惠。\n")
    (a,) = split_text(page)
    assert (a["title"], a["subtitle"], a["byline"]) == (
        "某区：“一老一小”服务圈越织越密", "家门口的养老服务综合体和儿童之家同步建设", "本报记者 林某某")


def test_article_continued_through_jump_lines():
    page1 = ("某省民政厅与某基\n金会签署合作协议\n9 月 5 日，某省民政厅与某基金会在\n省会签署战略合作协议。厅长表示，\n"
             "近年来全省累计救助困\n（下转第 2 版）\n")
    page2 = ("某省民政厅与某基\n金会签署合作协议\n（上接第 1 版）\n难群众 120 万人次，基本生活得到有\n效保障，群众满意度持续提升。\n")
    (a,) = split_text(page1 + "\f" + page2)
    assert a["paragraphs"][-1].endswith("累计救助困难群众120万人次，基本生活得到有效保障，群众满意度持续提升。")
    assert a["title"] == "某省民政厅与某基金会签署合作协议"
    assert a["pages"] == [1, 2]


@pytest.mark.parametrize("page2_body, paragraphs", [
    ("基金会理事长表示，助学不只是\n给钱，更要帮助孩子们树立信心\n、学会成长。\n", 2),  # flush: it goes on
    ("基金会理事长表示，助学\n不只是给钱，更要帮助孩子们树\n立信心、学会成长。\n", 3),  # set in: a paragraph
])
def test_a_paragraph_ended_at_a_jump_line_goes_on_after_it_when_set_flush(page2_body, paragraphs):
    page1 = ("某县助学项目三年资助学子\n记者日前从县慈善总会获悉，该\n会发起的助学项目累计资助学生\n一万余名，惠及全县各乡镇。\n\n"
             "此外，县教育基金会今年另行筹\n集专项资金，为受助学生开展暑\n期研学和心理辅导等活动。\n（下转第 2 版）\n")
    page2 = "某县助学项目三年资助学子\n（上接第 1 版）\n" + page2_body
    (a,) = split_text(page1 + "\f" + page2)
    assert len(a["paragraphs"]) == paragraphs, a["paragraphs"]


def test_date_and_section_from_the_running_head():
    page = ("中国社会工作\n\n2023 年 6 月 13 日 星期二\n\n要闻\n\n第3版\n责任编辑：王静\n\n"
            "某省召开社工站建设推进会议\n5 月 12 日，某省召开乡镇社工站建\n设推进会议，部署下一步工作。\n")
    (a,) = split_text(page)
    assert (a["date"], a["section"]) == ("2023-06-13", "要闻")


def test_stray_headline_is_reported(capsys):
    strays = []
    pages = [{"doc": "x.txt", "page": 1, "blocks": [
        {"kind": "heading", "text": "没有正文的标题", "role": "title", "group": 1, "line": 1}]}]
    list(to_articles(pages, on_stray=lambda doc, page, what: strays.append(what)))
    assert strays and all("headline with no body" in s for s in strays)


def test_title_line_that_ocr_set_in_the_body_goes_back_to_its_title():
    """A lone title line set in the body (floating), restated by the opening sentence, is the title's second line."""
    def page(line: str) -> list[dict]:
        blocks = [{"kind": "heading", "text": "某市志愿服务交", "role": "title", "group": 1, "width": 14},
                  {"kind": "paragraph", "text": "6月8日，某市志愿服务交流活动在新区举行。三地志愿者参加。", "width": 20},
                  {"kind": "paragraph", "text": "据介绍，三地共同培育志愿服务组织一百余个。", "width": 20},
                  {"kind": "heading", "text": line, "role": "title", "group": 2, "width": 16, "floating": True},
                  {"kind": "paragraph", "text": "活动现场，三地共同发布倡议，并为获奖团队颁奖。", "width": 20}]
        return [{"doc": "x.txt", "page": 1, "blocks": blocks}]

    strays: list[str] = []
    (a,) = to_articles(page("流活动在新区举行"), on_stray=lambda doc, number, what: strays.append(what))
    assert a["title"] == "某市志愿服务交流活动在新区举行" and not strays and len(a["paragraphs"]) == 3
    # a line the opening does not restate is a headline of its own, reported as such
    (a,) = to_articles(page("养老服务再升级"), on_stray=lambda doc, number, what: strays.append(what))
    assert a["title"] == "某市志愿服务交" and strays == ["headline with no body: 养老服务再升级"]


def test_article_records_pass_through():
    record = {"id": "x#1", "paragraphs": ["正文。"], "extra": 1}
    assert list(to_articles([record])) == [record]


def test_displaced_lead_goes_first_in_its_article():
    """A lead set across columns after the source line belongs at the head of its article."""
    page = ("某县开展困境儿童走访活动\n\n"
            "走访中，社会工作者为困境儿童\n送去学习用品，并详细了解儿\n童的学习和生活情况。\n"
            "（来源：某县民政局）\n\n"
            "近日，某县民政局组织社会工作者开展困境儿童走访活动，全县共走访困境儿童\n"
            "三百余名，受到群众普遍好评。\n")
    (a,) = split_text(page)
    assert a["paragraphs"][0].startswith("近日，某县民政局") and a["source"] == "某县民政局"
    assert len(a["paragraphs"]) == 2


def test_a_byline_opens_an_article_even_without_a_headline():
    page = ("某县民政局开展困境儿童走访关爱活动\n近日，某县民政局组织社会工作\n者开展困境儿童走访活动，为\n"
            "困境儿童送去学习用品。\n（来源：某县民政局）\n\n"
            "本报讯（记者 张某）近日，某市\n举办社会救助政策培训班，各\n区县民政部门负责同志参加。\n")
    got = split_text(page)
    assert [(a["title"], a["byline"]) for a in got] == [("某县民政局开展困境儿童走访关爱活动", None),
                                                        (None, "本报讯（记者 张某）")]


def test_a_byline_body_that_restates_a_title_on_its_page_is_part_of_that_story():
    """Every article has a title: a credited body no headline took (its story credited under its
    headline already, so not a displaced lead) goes to the story whose title its opening
    restates, in reading order; a body restating no title stays apart (the test above)."""
    page = ("某县民政局开展困境儿童走访关爱活动\n近日，某县民政局组织社会工作\n者开展困境儿童走访活动，为\n"
            "困境儿童送去学习用品。\n\n本报讯（记者 张某）近日，某市\n社会救助政策培训班开班，各\n"
            "区县民政部门负责同志参加。\n\n某市举办二〇二三年社会救助政策培训班\n本报记者 李某\n"
            "培训为期两天，邀请高校专家\n讲解社会救助政策。\n")
    arts = split_text(page)
    assert [a["title"] for a in arts] == ["某县民政局开展困境儿童走访关爱活动", "某市举办二〇二三年社会救助政策培训班"]
    assert arts[1]["paragraphs"] == ["近日，某市社会救助政策培训班开班，各区县民政部门负责同志参加。",
                                     "培训为期两天，邀请高校专家讲解社会救助政策。"]


def test_body_above_every_headline_opens_the_first_headlined_article():
    """pdftotext printed a headline spanning two columns after the first column."""
    page = ("受今年第 4 号台风影响，海南省\n文昌市、琼海市等东部市县出现\n狂风暴雨天气，房屋受损。\n\n"
            "海南紧急转移安置受灾群众11.6万人\n灾情发生后，省民政厅党组成\n员、副厅长带领工作组赶赴文\n昌市查看灾情，慰问受灾群众。\n")
    arts = split_text(page)
    assert len(arts) == 1 and arts[0]["title"] == "海南紧急转移安置受灾群众11.6万人"
    assert arts[0]["paragraphs"][0].startswith("受今年第4号台风影响")


def test_a_displaced_lead_with_its_byline_goes_to_the_article_it_restates():
    page = ("陕西召开全省民政工作会议\n会议指出，2022 年全省\n民政系统坚持兜底线、织密网、\n建机制，全年发放各类社会救\n助资金 98.6 亿元。\n\n"
            "本报讯（通讯员 党晓峰）3 月 16 日，陕西省民政工作会议在西安召开。会议\n总结 2022 年全省民政工作，部署 2023 年重点任务。\n")
    arts = split_text(page)
    assert len(arts) == 1
    assert arts[0]["byline"] == "本报讯（通讯员 党晓峰）"
    assert arts[0]["paragraphs"][0].startswith("3月16日，陕西省民政工作会议在西安召开。")


def test_a_quoted_title_over_a_subtitle_is_the_title():
    """Two one-line headlines: a comma inside a quotation is what was said, not a kicker's two
    phrases, so the quote is the title and the line under it the subtitle (gen-060)."""
    arts = list(to_articles(read_inputs([str(GEN / "gen-060.txt")])))
    quoted = next(a for a in arts if a["title"] and "老马" in a["title"])
    assert (quoted["kicker"], quoted["title"], quoted["subtitle"]) == (
        None, "“老马的事，就是我的事”", "一名社区社工与独居老人的七年之约")


def test_a_byline_under_a_headline_whose_body_is_set_elsewhere_is_its_credit():
    """A headline group and its byline, then a caption and another headline: the byline is
    the first headline's credit, not an article of its own (gen-001)."""
    arts = list(to_articles(read_inputs([str(GEN / "gen-001.txt")])))
    assert len(arts) == 3 and all(a["title"] for a in arts)
    old_ma = next(a for a in arts if "老马" in a["title"])
    assert old_ma["byline"] == "本报记者 刘畅"


def test_a_headline_group_is_attached_by_its_last_line():
    """A kicker set apart over a title with its body right under it: the group owns that body,
    not a lead elsewhere with a byline that restates the title (gen-053)."""
    arts = list(to_articles(read_inputs([str(GEN / "gen-053.txt")])))
    assert len(arts) == 2 and all(a["title"] for a in arts)
    first = next(a for a in arts if a["title"] == "第六届全国志愿服务先进典型发布")
    assert first["byline"] == "本报讯（记者 郝佳音）"
    assert first["paragraphs"][0].startswith("3月5日是第60个") and first["paragraphs"][1].startswith("本届活动")


def test_a_story_that_begins_above_its_inset_headline_is_cut_from_the_story_before():
    """gen-051: the third story's text runs on from the second's in one column, its headline
    inset further down; the cut goes where the text turns to the inset headline's topic."""
    arts = list(to_articles(read_inputs([str(GEN / "gen-051.txt")])))
    assert [len(a["paragraphs"]) for a in arts] == [6, 5, 5, 5]
    third = arts[2]
    assert third["title"] == "云南“彩云助学”项目三年资助1.2万名学子"
    assert third["paragraphs"][0].startswith("记者日前从云南省慈善总会获悉")  # its lead, set at the foot
    assert third["paragraphs"][1].startswith("云南省慈善总会会长杨建华介绍")
    assert arts[1]["paragraphs"][-1].endswith("的帮扶新模式。")


def test_a_headline_printed_after_its_first_column_takes_that_column_and_not_the_next():
    """gen-011: the second story's first column runs on from the first story's text, its
    headline printed after it; the column after the headline is the first story's end."""
    arts = list(to_articles(read_inputs([str(GEN / "gen-011.txt")])))
    first, second = arts[0], arts[1]
    assert second["title"] == "湖南怀化全力做好强降雨受灾群众救助工作"
    assert second["paragraphs"][0].startswith("入汛以来")
    assert len(first["paragraphs"]) == 6 and first["paragraphs"][-1].startswith("各设区市民政局")


def test_columns_of_stories_side_by_side_go_on_where_their_sentences_do():
    """Two stories set side by side on a page that also carries a story jumped from page 1:
    the text under `（上接第1版）` is the jumped story's, an open sentence at a column's foot
    goes on at the head of its next column (after a clause mark, or its last short line),
    and a headline pdftotext printed between a column's end and the line that finishes its
    last word heads its story without taking that line."""
    articles = {a["title"]: a for a in to_articles(read_inputs([str(GEN / "gen-031.txt")]))}
    paragraphs = {title: "\n".join(a["paragraphs"]) for title, a in articles.items()}
    assert "基金会理事长刀志明表示，助学不只是给钱" in paragraphs["云南“彩云助学”项目三年资助1.2万名学子"]
    assert "高龄老人每餐补贴4元，低保、特困老人每餐补贴8元。" in paragraphs["常州：长者食堂一年服务老人逾百万人次"]
    xinjiang = paragraphs["新疆多措并举加强困境儿童关爱保护"]
    assert "社会散居孤儿和事实无人抚养儿童每人每月保障标准提高到1500元。" in xinjiang
    assert "其中留守儿童415名。" in xinjiang and "儿童主任上门慰问困境儿童家庭" in xinjiang


def test_a_headline_printed_after_its_storys_first_column_heads_that_column():
    """A column that opens while the story above it stops mid-sentence belongs to another
    story; when a headline follows it, pdftotext printed that headline after the first column."""
    articles = {a["title"]: a["paragraphs"] for a in to_articles(read_inputs([str(GEN / "gen-063.txt")]))}
    assert articles["新疆多措并举加强困境儿童关爱保护"][0].startswith("记者从新疆维吾尔自治区民政厅获悉")
    assert articles["湖南怀化全力做好强降雨受灾群众救助工作"][0].startswith("入汛以来，湖南省怀化市")
    assert not any("新疆" in p for p in articles["天水“慈善一日捐”募集款物约两千三百万元"])


def test_a_paragraph_of_another_story_in_a_column_an_article_ran_on_with_goes_to_its_story():
    """Columns of stories side by side come out interleaved: a whole paragraph in a column an
    article carried on with, restating another headline on the page far more, is that story's."""
    articles = {a["title"]: a["paragraphs"] for a in to_articles(read_inputs([str(GEN / "gen-063.txt")]))}
    xinjiang = articles["新疆多措并举加强困境儿童关爱保护"]
    assert any(p.startswith("在喀什地区，疏附县儿童福利指导中心主任") for p in xinjiang)
    assert not any(p.startswith("在喀什地区") for t, ps in articles.items() if t != "新疆多措并举加强困境儿童关爱保护" for p in ps)


def test_a_headline_printed_inside_a_column_keeps_its_last_line_when_the_sentence_goes_on_under_it():
    """`四川举办基层社会工作` / `人才能力提升培训班` / `课。西南财经…`: the open sentence above
    (`…资深督导授`) goes on under the headline, so the short line before it is the headline's."""
    articles = {a["title"]: a["paragraphs"] for a in to_articles(read_inputs([str(GEN / "gen-043.txt")]))}
    sichuan = articles["四川举办基层社会工作人才能力提升培训班"]
    assert any("高校的专家和资深督导授课。西南财经大学社会发展研究院" in p for p in sichuan)
