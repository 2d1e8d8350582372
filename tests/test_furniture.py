"""Running heads anywhere on a page, and notice boxes: furniture, never an article."""
from __future__ import annotations

import doctest

import pytest

import swcli.furniture
from swcli.furniture import find_heads, find_notices, is_notice_marker, paper_and_section, parse_head_line
from swcli.layout import clean_page


def test_module_examples():
    assert doctest.testmod(swcli.furniture).failed == 0


@pytest.mark.parametrize("line,fields", [
    ("2023年6月13日 星期二 第3版 要闻", {"date": "2023-06-13", "page_no": 3, "names": ["要闻"]}),
    ("2023-06-13 周二  A3  中国社会工作", {"date": "2023-06-13", "page_no": 3, "names": ["中国社会工作"]}),
    ("公益慈善  责任编辑：孟凡", {"editors": ["孟凡"], "names": ["公益慈善"]}),
    ("3版", {"page_no": 3}),
    ("美编：王丽 校对：李强", {"editors": ["王丽", "李强"]}),
])
def test_head_lines_in_the_forms_papers_print(line, fields):
    assert parse_head_line(line) == fields


@pytest.mark.parametrize("line", [
    "（下转第2版）",                     # a jump line
    "2023年8月18日，湖州首单慈善信托",   # body text with a date in it
    "2023年13月40日",                    # no such date
    "第3版 一名社区社工与独居老人的七年之约",  # words beside the anchor are a sentence's length
])
def test_body_and_jump_lines_are_no_head(line):
    assert parse_head_line(line) is None


def test_a_head_printed_after_the_first_column_and_a_footer():
    lines = ["民政之声", None, "记者从天水市慈善总会获", "悉，为期一个月的活动", None,
             "公益时报周刊", None, "第7版", None, "2023 年 10 月 24 日 星期二", "地方", None, "责任编辑：周颖",
             None, "来自全省21个市（州）", "的180余人参加。", None, "本版编辑：李娜"]
    heads = find_heads(lines)
    assert heads == {5: "paper", 7: "page", 9: "date", 10: "section", 12: "editor", 17: "editor"}
    # with no section in the band, the lone short line in the page's corner is the section
    lines[10] = None
    assert find_heads(lines) == {0: "section", 5: "paper", 7: "page", 9: "date", 12: "editor", 17: "editor"}


def test_the_paper_is_told_from_the_section_by_how_papers_are_named():
    assert paper_and_section(["养老服务", "民政之声"]) == ("民政之声", "养老服务")
    assert paper_and_section(["社会救助", "社区与社工周报"]) == ("社区与社工周报", "社会救助")
    assert paper_and_section(["中国社会工作"]) == ("中国社会工作", None)  # too long for a section
    assert paper_and_section(["要闻"]) == (None, "要闻")


def test_a_kicker_under_the_band_is_no_section():
    lines = ["公益时报周刊", None, "2023 年 9 月 8 日 星期五", None, "志愿服务跨区域联动", None, "京津冀志愿服务交流活动"]
    assert 4 not in find_heads(lines)


def test_page_record_takes_its_date_and_section_from_a_head_anywhere():
    page = ("记者从湖州市民政局获悉，8\n月18日，湖州首单慈善信托正\n\n"
            "民生周刊\n\n第3版\n\n2023 年 11 月 12 日 星期日\n\n养老服务\n\n"
            "式设立。该信托由浙江南太湖\n控股集团捐赠设立。\n")
    rec = clean_page(page)
    assert (rec["date"], rec["section"], rec["paper"], rec["page_no"]) == ("2023-11-12", "养老服务", "民生周刊", 3)
    paragraphs = [b["text"] for b in rec["blocks"] if b["kind"] == "paragraph"]
    assert paragraphs == ["记者从湖州市民政局获悉，8月18日，湖州首单慈善信托正式设立。该信托由浙江南太湖控股集团捐赠设立。"]


@pytest.mark.parametrize("line,marker", [
    ("慈善热线 96158", True), ("公益广告", True), ("咨询电话 0571-88886666", True),
    ("群众 3.86 万户、116250", False),  # a body line that ends with a figure
    ("累计救助 12000 人", False), ("2023", False),
])
def test_notice_markers(line, marker):
    assert is_notice_marker(line) is marker


def test_a_notice_box_glued_to_the_headline_under_it():
    lines = [None, "公益广告", "关爱留守儿童", "共建温暖家园", "汇聚点滴爱心 温暖困难群众", None]
    widths = [0, 8, 12, 12, 26, 0]
    assert find_notices(lines, widths) == {1, 2, 3}
    lines = ["讲文明 树新风", "公益广告", "本报讯（通讯员 党晓峰）3月16日，陕西省民政工作会议在"]
    assert find_notices(lines, [13, 8, 58]) == {0, 1}


def test_notice_boxes_are_furniture_not_articles():
    page = ("慈善热线 96158\n让爱心有处安放\n志愿服务跨区域联动\n\n京津冀志愿服务交流活动在雄安新区举行\n"
            "6月8日，2023年京津\n冀志愿服务交流活动在雄\n安新区举行，北京市民政\n局副局长马骏出席活动。\n")
    blocks = clean_page(page)["blocks"]
    assert [(b["kind"], b.get("field")) for b in blocks[:2]] == [("furniture", "notice"), ("furniture", "notice")]
    assert [b.get("role") for b in blocks if b["kind"] == "heading"] == ["kicker", "title"]


def test_a_running_head_with_an_ocr_speck_read_as_a_quote_is_still_the_head():
    assert parse_head_line("第5版”公益慈善") == {"page_no": 5, "names": ["公益慈善"]}


def test_a_page_number_whose_lone_one_ocr_misread_is_still_the_page_and_no_section():
    assert parse_head_line("第工版") == {"page_no": 1}
    assert parse_head_line("第 l 版") == {"page_no": 1}
    page = "公益时报周刊\n\n2023年8月22日 星期二\n\n第工版\n\n综合\n\n弘扬志愿精神\n"
    record = clean_page(page)
    assert (record["date"], record["section"], record["page_no"]) == ("2023-08-22", "综合", 1)


def test_a_papers_name_on_top_of_its_band_right_under_a_columns_last_line_is_the_paper():
    lines = ["管负责同志、部分社工站站长共200余人参加会议。", "公益时报周刊", None, "第7版", None,
             "2023年11月4日 星期六", "公益慈善", None, "责任编辑：冯磊", None, "作者已达4.6万人。"]
    assert find_heads(lines) == {1: "paper", 3: "page", 5: "date", 6: "section", 8: "editor"}


def test_an_ad_label_ocr_misread_by_one_character_is_still_a_label():
    from swcli.furniture import is_notice_marker
    assert is_notice_marker("公益广告") and is_notice_marker("公益三告")
    assert not is_notice_marker("公益三项") and not is_notice_marker("通告")
