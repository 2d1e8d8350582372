"""`clean`: layout damage undone, blocks in reading order, nothing lost."""
from __future__ import annotations

import re
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import GEN, block_chars, non_space, ALL_PAGES, SEED, TEXT_PAGES, gold
from swcli.inputs import read_inputs
from swcli.textutil import normalize
from swcli.layout import clean_page, remove_layout_spaces

HAN_SPACE = re.compile(r"(?<=[\u3400-\u9fff]) +(?=[\u3400-\u9fff])")


def blocks_of(path) -> list[dict]:
    out = []
    for raw in read_inputs([str(path)]):
        out.extend(clean_page(raw.text, raw.doc, raw.page)["blocks"])
    return out




def test_seed_blocks():
    """Acceptance: every gold paragraph is one paragraph block; headings, sources, noise."""
    blocks = blocks_of(SEED)
    paragraphs = [b["text"] for b in blocks if b["kind"] == "paragraph"]
    for article in gold(SEED)["articles"]:
        for p in article["paragraphs"]:
            assert HAN_SPACE.sub("", p) in [HAN_SPACE.sub("", x) for x in paragraphs]
    assert len(paragraphs) == 19
    assert paragraphs[-1].startswith("日前，")
    headings = [b["text"] for b in blocks if b["kind"] == "heading"]
    assert headings == ["机遇与合作：“通武廊”社会工作再携手", "中国社会工作联合会儿童社会救助工作委员会换届大会在京举行",
                        "夯实社会工作理论基础，促进“政校合作”", "社会工作助力新疆民政事业高质量发展论坛举办"]
    assert [b["text"] for b in blocks if b["kind"] == "source"] == [
        "（据天津市武清区融媒体中心）", "（据新疆民政）", "（据中国社会工作联合会）"]
    assert [b["text"] for b in blocks if b["kind"] == "noise"] == ["”"]


@pytest.mark.parametrize("page", ALL_PAGES, ids=lambda p: p.name)
def test_nothing_lost_on_corpus(page):
    """Every non-space character of the page is in exactly one block."""
    raw = "".join(p.text for p in read_inputs([str(page)]))
    assert sum((block_chars(b["text"]) for b in blocks_of(page)), Counter()) == non_space(raw)


def test_text_pages_paragraph_share():
    """Share of gold paragraphs found as paragraph blocks on the PDF-text pages (pinned)."""
    found = total = 0
    for page in [SEED] + TEXT_PAGES:
        paragraphs = {HAN_SPACE.sub("", b["text"]) for b in blocks_of(page) if b["kind"] == "paragraph"}
        for article in gold(page)["articles"]:
            for p in article["paragraphs"]:
                total += 1
                found += HAN_SPACE.sub("", p) in paragraphs
    assert found / total >= 0.95


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("社会工作者，。、“”（）据来源：本报讯记者 \n\f0123456789ＡＢ１２abc图为摄第版年月日-·")), max_size=400))
def test_never_crashes_never_loses_text(text):
    page = clean_page(text)
    got = sum((block_chars(b["text"]) for b in page["blocks"]), Counter())
    want = non_space(text.replace("\f", ""))
    # only the hyphen of a Latin word cut at a line end (`appli-` / `cation`) may go, when it is rejoined
    lost = want - got
    assert not (got - want) and set(lost) <= {"-"}, (got - want, lost)
    assert lost["-"] <= len(re.findall(r"[A-Za-z]-[ ]*\n[ \n]*[a-z]", normalize(text))), lost


def test_layout_spaces():
    assert remove_layout_spaces("自 2016 年签") == "自2016年签"
    assert remove_layout_spaces("通过 APP 预约") == "通过APP预约"
    assert remove_layout_spaces("线上 + 线下") == "线上+线下"
    assert remove_layout_spaces("发展， 促进") == "发展，促进"
    assert remove_layout_spaces("open source tools") == "open source tools"
    assert remove_layout_spaces("通州区民政局 武清区民政局") == "通州区民政局 武清区民政局"
    assert remove_layout_spaces("社 会 工 作", letterspaced=True) == "社会工作"


def texts(page: str, kind: str) -> list[str]:
    return [b["text"] for b in clean_page(page)["blocks"] if b["kind"] == kind]


def headings(page: str) -> list[tuple[str, str]]:
    return [(b["role"], b["text"]) for b in clean_page(page)["blocks"] if b["kind"] == "heading"]


def test_column_break_inside_sentence_is_joined():
    page = "要坚持统筹推进、优势互补，提升\n协同发展的响应力； 着力\n\n培养三地社会工作人才队伍，\n努力提升队伍素质和业务能力。\n"
    assert texts(page, "paragraph") == ["要坚持统筹推进、优势互补，提升协同发展的响应力；着力培养三地社会工作人才队伍，努力提升队伍素质和业务能力。"]


def test_short_line_ending_a_sentence_ends_the_paragraph():
    page = ("期待与儿助会开展深度合作，为\n促进我国儿童健康作出更大贡\n献。\n"
            "刘秀萍表示，儿助会致力开展\n儿童社会工作和社会救助事业。\n")
    assert len(texts(page, "paragraph")) == 2


def test_full_width_digits_and_letters_fold():
    assert texts("今年共救助困难群众１２３人，\n开展ＡＰＰ服务。\n", "paragraph") == ["今年共救助困难群众123人，开展APP服务。"]


def test_running_head_and_furniture():
    page = ("中国社会工作\n\n2023 年 6 月 13 日 星期二\n\n要闻\n\n第3版\n责任编辑：王静\n\n"
            "社工站建设推进会在济南召开\n5 月 12 日，山东省召开了乡镇社\n会工作服务站建设推进会议。\n"
            "（下转第 2 版）\n")
    rec = clean_page(page)
    assert (rec["date"], rec["section"], rec["paper"], rec["page_no"], rec["editors"]) == (
        "2023-06-13", "要闻", "中国社会工作", 3, ["王静"])
    fields = [b.get("field") for b in rec["blocks"] if b["kind"] == "furniture"]
    assert fields == ["paper", "date", "section", "page", "editor", "jump"]


def test_caption_is_furniture_and_lone_glyph_is_noise():
    page = "社工为老人送餐服务，老人们十分满意。\n\n图为社工在社区老年食堂为老人\n送餐。 林晓帆 摄\n\n”\n"
    rec = clean_page(page)
    assert [(b["kind"], b["text"]) for b in rec["blocks"]][1:] == [
        ("furniture", "图为社工在社区老年食堂为老人送餐。林晓帆 摄"), ("noise", "”")]


def test_byline_and_source_are_split_off():
    page = "本报讯（记者 孙立群\n通讯员 綦文博）5 月 12 日，推\n进会在济南召开。（据山东民政）\n"
    rec = clean_page(page)
    assert [(b["kind"], b["text"]) for b in rec["blocks"]] == [
        ("byline", "本报讯（记者 孙立群 通讯员 綦文博）"), ("paragraph", "5月12日，推进会在济南召开。"),
        ("source", "（据山东民政）")]
    # a name the line end cuts is one name, no space inside
    page = "本报讯（通讯员 罗建\n川）近日，2023 年四川省\n基层社会工作人才能力提升\n培训班在成都开班。\n"
    assert [b["text"] for b in clean_page(page)["blocks"] if b["kind"] == "byline"] == ["本报讯（通讯员 罗建川）"]


def test_ocr_lines_read_out_of_order_at_a_paragraph_end():
    """A lone full line that stops mid-sentence, after a short line closed its paragraph, goes before it."""
    ending = "近日，某省慈善总会发起的助学项\n目累计募集善款五千二百万元，资\n\n数民族学生四千三百名。\n\n"
    page = ending + "助家庭经济困难学生一万名，其中少\n\n据了解，该项目覆盖全省十六个州市，\n受助学生由县级教育部门走访核实。\n"
    assert texts(page, "paragraph") == [
        "近日，某省慈善总会发起的助学项目累计募集善款五千二百万元，资助家庭经济困难学生一万名，其中少数民族学生四千三百名。",
        "据了解，该项目覆盖全省十六个州市，受助学生由县级教育部门走访核实。"]
    # the indented first line of the next paragraph stays where it is
    page = ending + "据了解，该项目覆盖\n\n全省十六个州市，受助学生由县\n级教育部门走访核实。\n"
    assert texts(page, "paragraph")[1] == "据了解，该项目覆盖全省十六个州市，受助学生由县级教育部门走访核实。"


def test_drop_cap_goes_back_to_its_paragraph():
    page = "统计，全区共救助孤儿和事实无\n人抚养儿童 3260 名。\n\n据\n\n自治区民政厅党组成员、副厅长\n介绍了有关情况。\n"
    assert texts(page, "paragraph")[0] == "据统计，全区共救助孤儿和事实无人抚养儿童3260名。"


def test_letter_spaced_ocr_line():
    page = "9 月 5 日 ， 江 西 省 民 政 厅 与 华 夏 公 益 救 助 基\n金 会 在 南 昌 签 署 战 略 合 作 协 议 。\n"
    assert texts(page, "paragraph") == ["9月5日，江西省民政厅与华夏公益救助基金会在南昌签署战略合作协议。"]


def test_headline_wrapped_and_kicker():
    page = ("夯实社会工作理论基础，促进“政校合作”\n社会工作助力新疆民政事业\n高质量发展论坛举办\n\n"
            "为进一步夯实社会工作理论\n基础，加强社会工作理论研究，促\n进“政校合作”，近日举办论坛。\n")
    assert headings(page) == [("kicker", "夯实社会工作理论基础，促进“政校合作”"), ("title", "社会工作助力新疆民政事业高质量发展论坛举办")]


def test_a_two_phrase_kicker_found_by_the_title_under_it_keeps_its_space():
    """gen-057: `汇聚点滴爱心 / 温暖困难群众` reads as a title until the four-line title under it
    makes it a kicker; two phrases broken short of the column are set apart with a space."""
    page = ("汇聚点滴爱心\n温暖困难群众\n\n天水“慈善\n一日捐”募\n集款物约两\n千三百万元\n"
            "记者从天水市慈善总会获悉，为\n期一个月的慈善一日捐活动日前\n结束，共募集款物两千三百万元。\n")
    heads = [(b["role"], b["text"]) for b in clean_page(page)["blocks"] if b["kind"] == "heading"]
    assert heads == [("kicker", "汇聚点滴爱心 温暖困难群众"), ("title", "天水“慈善一日捐”募集款物约两千三百万元")]


def test_blank_line_inside_a_wrapped_title_after_its_kicker():
    """OCR output puts blank lines anywhere: a title's second line stays the title's."""
    page = ("关爱困境儿童 守护美好童年\n河北“春苗”行动\n\n两年帮扶3000名儿童\n\n"
            "记者近日从河北省民政厅获悉，春苗行动启动以来，\n累计帮扶困境儿童3000名。\n")
    assert headings(page) == [("kicker", "关爱困境儿童 守护美好童年"), ("title", "河北“春苗”行动两年帮扶3000名儿童")]
    # without a kicker above, a lone line over a title is the kicker (unchanged)
    page = ("志愿服务跨省联动\n\n三省志愿活动举行\n\n近日，三省志愿服务交流活动在石\n"
            "家庄举行，来自三省的志愿服务组\n织代表、志愿者代表300余人参加。\n")
    assert headings(page) == [("kicker", "志愿服务跨省联动"), ("title", "三省志愿活动举行")]


def test_latin_words_across_lines():
    page = "社工站引入 open source\ntools 和 inter-\nnational 经验开展服务。\n"
    assert texts(page, "paragraph") == ["社工站引入open source tools和international经验开展服务。"]


def test_source_without_brackets_and_a_lone_photo_credit():
    rec = clean_page("社工为老人送餐，老人们十分满意。\n来源：某县民政局\n\n林某某 摄\n")
    assert [(b["kind"], b.get("source") or b.get("field")) for b in rec["blocks"]] == [
        ("paragraph", None), ("source", "某县民政局"), ("furniture", "caption")]


def test_blank_lines_before_the_text_keep_every_line():
    """A page cleaned in one pass keeps its line ends: nothing shifts, nothing is lost."""
    assert [b["text"] for b in clean_page("\n0 0")["blocks"]] == ["0 0"]


def _pure_python_layout():
    """The page cleaner loaded from its .py sources (layout and furniture), whatever the build is."""
    import importlib.util
    import sys

    import swcli.layout

    folder = str(swcli.layout.__file__).rsplit("/", 1)[0]

    def load(name: str):
        spec = importlib.util.spec_from_file_location(f"swcli._pure_{name}", f"{folder}/{name}.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module  # dataclasses look their module up
        spec.loader.exec_module(module)
        return module

    compiled = sys.modules["swcli.furniture"]
    sys.modules["swcli.furniture"] = load("furniture")  # what the pure layout's `from .furniture` finds
    try:
        return load("layout")
    finally:
        sys.modules["swcli.furniture"] = compiled


def test_compiled_cleaner_is_the_pure_python_one():
    """setup.py compiles layout.py with mypyc when it can: the output must not change."""
    import swcli.layout

    if not str(swcli.layout.__file__).endswith(".so"):
        pytest.skip("the page cleaner is not compiled in this install")
    pure = _pure_python_layout()
    assert not str(pure.find_heads.__module__).startswith("swcli.furniture")
    for page in ALL_PAGES + sorted(GEN.glob("gen-*.txt")):
        for raw in read_inputs([str(page)]):
            assert clean_page(raw.text, raw.doc, raw.page) == pure.clean_page(raw.text, raw.doc, raw.page), page.name


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet="社会工作者服务，。！？“”（）0123456789ab \n\u3000　版年" , max_size=400))
def test_compiled_cleaner_matches_on_random_text(text):
    import swcli.layout

    if not str(swcli.layout.__file__).endswith(".so"):
        pytest.skip("the page cleaner is not compiled in this install")
    assert clean_page(text) == _PURE.clean_page(text)


_PURE = _pure_python_layout()


def test_an_indented_first_line_opens_the_body_under_a_headline_without_punctuation():
    """`本届活动共评选出全国最美志` has no punctuation, but it is set in: the body begins there (gen-053)."""
    blocks = clean_page((GEN / "gen-053.txt").read_text(encoding="utf-8"))["blocks"]
    i = next(i for i, b in enumerate(blocks) if b["text"] == "第六届全国志愿服务先进典型发布")
    assert blocks[i]["role"] == "title"
    assert blocks[i + 1]["kind"] == "paragraph" and blocks[i + 1]["text"].startswith("本届活动共评选出全国最美志愿者100名")


def test_a_full_line_under_a_spanning_headline_carries_on_the_open_sentence():
    page = ("令狐建国表示，善款将\n\n天水“慈善一日捐”募集款物约两千三百万元\n全部用于困难群众救助和社\n"
            "区公益项目。按照计划，今\n年将投入一千二百万元，资\n助困难家庭大学新生一千五\n")
    blocks = clean_page(page)["blocks"]
    assert [b["kind"] for b in blocks] == ["paragraph", "heading"]
    assert blocks[0]["text"].startswith("令狐建国表示，善款将全部用于困难群众救助和社区公益项目。")
    assert blocks[1]["floating"] is True


def test_a_body_line_set_in_and_followed_by_full_lines_is_never_a_headline():
    page = "各设区市民政局、杨凌\n示范区社会事务局主要负责\n同志，省民政厅机关各处室、\n直属单位主要负责同志共\n230余人参加会议。\n"
    assert [b["kind"] for b in clean_page(page)["blocks"]] == ["paragraph"]


@pytest.mark.parametrize("page,start", [
    ("gen-007.txt", "根据信托合同，信托财产"),  # the cap printed before the paragraph it opens
    ("gen-047.txt", "会议指出，2022年全省"),  # at the head of the second line beside it
    ("gen-012.txt", "台风登陆前，海南省民政厅"),
])
def test_drop_caps_go_to_the_paragraph_they_open(page, start):
    paragraphs = [b["text"] for b in clean_page((GEN / page).read_text(encoding="utf-8"))["blocks"] if b["kind"] == "paragraph"]
    assert any(p.startswith(start) for p in paragraphs)
    assert not any(p[1:].startswith(start[1:]) and not p.startswith(start) for p in paragraphs)  # not the cap elsewhere


def test_a_name_cut_at_a_line_end_is_no_drop_cap():
    page = "本报讯（记者 顾晓\n燕 通讯员 钱立新）午饭时间，\n常州市的长者食堂坐满了老人。\n"
    assert [b["text"] for b in clean_page(page)["blocks"] if b["kind"] == "byline"] == ["本报讯（记者 顾晓燕 通讯员 钱立新）"]


def test_a_line_that_runs_on_into_the_body_is_no_headline():
    """Body breaks at the measure inside a word (江西省慈 / 善总会); a headline breaks at a phrase end."""
    from swcli.layout import word_crosses

    assert word_crosses("益救助基金会向江西省慈", "善总会捐赠首批善")
    assert not word_crosses("陕西召开全省民政工作会议", "会议指出，2022年")
    assert not word_crosses("全省民政工作会议。", "会议指出")  # a sentence end is no cut word
    titles = [b["text"] for b in clean_page((GEN / "gen-014.txt").read_text(encoding="utf-8"))["blocks"]
              if b["kind"] == "heading"]
    assert "2023年京津冀志" not in titles and "京津冀志愿服务交流活动在雄安新区举行" in titles


def test_a_line_ending_on_a_function_word_is_no_headline():
    """A headline never ends on a particle or a preposition (…吃得, …在): such a line standing
    alone is a paragraph's first line cut off by a break."""
    page = ("长者食堂累计供餐 153.6\n万份，服务老年人就餐\n108.2 万人次。\n\n为让老人吃得起、吃得\n\n"
            "好，常州市对就餐老人实行\n分类补贴，普通老年人每餐\n补贴 2 元。\n")
    blocks = clean_page(page)["blocks"]
    assert [b["kind"] for b in blocks] == ["paragraph", "paragraph"]
    assert blocks[1]["text"].startswith("为让老人吃得起、吃得好，")
    # the same line closed by a content word, over a body of its own, is a headline
    assert clean_page(page.replace("吃得\n\n好，", "吃饱\n\n"))["blocks"][1]["kind"] == "heading"
    assert clean_page(page.replace("吃得\n\n好，", "吃得\n\n"))["blocks"][1]["kind"] == "paragraph"


def test_ocr_specks_under_a_closed_sentence_are_noise():
    """Two letters or signs on a line after a closed source line are OCR debris: the next
    paragraph does not run into the one before through them."""
    page = ("某地开展关爱活动\n\n娟说。 (来源 : 云南省慈善\n\n总会)\nAZ\n\n9月5日,江西省民政厅与\n"
            "华夏公益救助基金会在南昌签署\n战略合作协议。\n")
    kinds = [(b["kind"], b["text"]) for b in clean_page(page)["blocks"]]
    assert ("noise", "AZ") in kinds
    assert ("source", "(来源:云南省慈善总会)") in kinds
    assert kinds[-1] == ("paragraph", "9月5日,江西省民政厅与华夏公益救助基金会在南昌签署战略合作协议。")


def test_a_headline_over_a_chunk_with_no_sentence_end_is_still_told_by_the_measure():
    """No line of the chunk closes a sentence (the column ran on past a blank line), so every
    line is headline-like; the indented first line under the title still opens the body."""
    page = ("云南“彩云助学”项目三年资助 1.2 万名学子\n云南省慈善总会会长杨\n建华介绍， 项目覆盖全\n"
            "省 16 个州（市） 的 88\n个县（市、区） ，对考入\n普通高中的困难学生每人每\n年资助 3000 元，对考入全\n")
    blocks = clean_page(page)["blocks"]
    assert [(b["kind"], b.get("role")) for b in blocks] == [("heading", "title"), ("paragraph", None)]
    assert blocks[1]["text"].startswith("云南省慈善总会会长杨建华介绍，")


def test_a_byline_line_under_an_open_paragraph_opens_a_story():
    """The byline is set under the last line of another story's column; the paragraph after the
    blank line is its story's first, not a run-on of the byline (gen-061)."""
    page = ("签约仪式上，华夏公益救助基金\n会向江西省慈善总会捐赠首批善款\n本报记者 刘畅\n\n"
            "每周二上午，宜昌市西陵区恒心\n社会工作服务中心社工胡晓雯都会拎\n着一袋新鲜蔬菜。\n")
    blocks = clean_page(page)["blocks"]
    assert [(b["kind"], b["text"][:6]) for b in blocks] == [
        ("paragraph", "签约仪式上，"), ("byline", "本报记者 刘"), ("paragraph", "每周二上午，")]


def test_a_column_broken_off_mid_word_goes_on_where_its_word_does():
    """Columns of two stories printed in turn: the open sentence waits for the fragment
    its last word runs into, and that fragment's next paragraph follows it."""
    first = "近日，某市民政局召开\n全市养老工作推进会议，部\n署建设一批新的社区养老服\n\n"
    other = "另据了解，某县今年新\n建图书室八十个，受到群众\n欢迎。\n\n"
    rest = "务中心和老年食堂，方便老\n人就近用餐。\n会议要求，各区要在年\n底前完成建设任务，确保老\n人满意。\n"
    assert texts(first + other + rest, "paragraph") == [
        "近日，某市民政局召开全市养老工作推进会议，部署建设一批新的社区养老服务中心和老年食堂，方便老人就近用餐。",
        "会议要求，各区要在年底前完成建设任务，确保老人满意。",
        "另据了解，某县今年新建图书室八十个，受到群众欢迎。"]
    # a number at a break goes on only with what follows a number (its unit, magnitude, a date's 月)
    numbered = "据统计，全区共救助孤儿三\n千余名，上半年发放生活费 1.08\n\n"
    other = "入汛以来，某市遭遇多轮\n强降雨，部分乡镇出现洪涝。\n\n"
    assert texts(numbered + other + "亿元。集中养育孤儿每人每\n月保障标准有所提高。\n", "paragraph") == [
        "据统计，全区共救助孤儿三千余名，上半年发放生活费1.08亿元。集中养育孤儿每人每月保障标准有所提高。",
        "入汛以来，某市遭遇多轮强降雨，部分乡镇出现洪涝。"]
    # a line short only because the number after it would not fit is no indent: the sentence goes on
    page = "近日，某市民政局召开\n全市养老工作推进会议，共\n\n救助困难群众近万人次\n2023 年以来新建食堂\n八十个，受到群众欢迎。\n"
    assert len(texts(page, "paragraph")) == 1


def test_a_line_that_finishes_a_broken_word_is_no_headline():
    page = ("近日，某市民政局召开全市\n养老工作推进会议，要求开\n\n设“老年课堂”“邻里互助点”\n"
            "等服务项目。某街道社工站\n已在全街道建成服务点，今\n年以来服务老人一千余人。\n")
    assert texts(page, "heading") == []
    assert texts(page, "paragraph")[0].startswith("近日，某市民政局召开全市养老工作推进会议，要求开设“老年课堂”“邻里互助点”等服务项目。")


def test_a_closing_mark_may_hang_past_a_wrapped_headline():
    """`某市“爱心助学”` sets its closing quote past the measure: the three lines are one title."""
    page = ("汇聚爱心力量\n\n某市“爱心助学”\n计划三年资助\n1.5 万名学生\n\n"
            "记者日前从某市慈善总会获悉，该会发起的助\n学计划自启动以来累计资助学生一万五千名。\n")
    assert headings(page) == [("kicker", "汇聚爱心力量"), ("title", "某市“爱心助学”计划三年资助1.5万名学生")]


def test_a_paragraphs_first_line_alone_before_a_column_break_is_no_headline():
    page = ("会议由某市民政局副局长主持，\n各区民政局负责同志参加会议。\n\n本次活动共评选出全市\n\n"
            "优秀社工 100 名、优秀社工站\n50 个、优秀服务项目 80 个、\n示范社区 30 个。\n")
    assert texts(page, "heading") == []
    assert texts(page, "paragraph")[1] == "本次活动共评选出全市优秀社工100名、优秀社工站50个、优秀服务项目80个、示范社区30个。"


def test_a_full_line_after_a_sentence_a_column_break_cut_goes_on_the_sentence():
    """gen-023: `…有浙江省杭州市上城区` stops at a full line; `红巷志愿服务中心、广东省` at the
    same measure, body under it, is the sentence going on, not a headline."""
    blocks = clean_page((GEN / "gen-023.txt").read_text(encoding="utf-8"))["blocks"]
    assert not any(b["kind"] == "heading" and b["text"].startswith("红巷") for b in blocks)
    assert any(b["kind"] == "paragraph" and "上城区红巷志愿服务中心、广东省深圳市" in b["text"] for b in blocks)


def test_a_justified_line_set_in_past_its_spaces_opens_a_paragraph_and_parks_the_open_one():
    """gen-023: `朱丽华介绍， 湖州市` holds a justification space after a mark, yet stops short of
    the measure by more than that space and an indent: a paragraph opens there, and the
    sentence the column break cut (`持证社会工`) goes on where `作者已达` is printed."""
    paragraphs = [b["text"] for b in clean_page((GEN / "gen-023.txt").read_text(encoding="utf-8"))["blocks"]
                  if b["kind"] == "paragraph"]
    assert "持证社会工作者已达4.6万人。2022年，全省累计培训基层社会工作者2.3万人次" in "".join(paragraphs)
    assert any(p.startswith("朱丽华介绍，湖州市慈善总会将为每名受助学生") for p in paragraphs)


def test_a_justified_line_short_by_no_more_than_its_space_and_an_indent_is_full():
    """A space beside a mark may stretch a full line: short by its one display column and the
    least indent (three columns in all) the line is still full; by four it is set in."""
    from swcli.layout import Line, _opens_paragraph
    full = Line(2, "签署志愿服务协同发展合作协议", "签署志愿服务协同发展合作协议", 28, 0.0)
    for shortfall, opens in [(4, True), (3, False)]:
        first = Line(1, "据介绍， 三地民政部门已", "据介绍，三地民政部门已", 28 - shortfall, 0.0)
        assert _opens_paragraph([first, full], 28.0) is opens
    ocr = Line(1, "令狐建国表示 ，善款", "令狐建国表示，善款", 19, 0.0)  # OCR's space before a mark: no measure
    assert _opens_paragraph([ocr, full], 28.0) is False


def test_a_units_line_printed_ahead_of_its_column_ends_the_paragraph_open_on_a_number():
    """gen-021: pdftotext printed the head of a column (`万元。`) under the headline set over it,
    before the column whose paragraph stops on a number (`年运营经费 18`); no sentence opens
    with a unit, so the line ends that paragraph."""
    page = ("某县：社工站实现全覆盖\n通讯员 王某\n\n万元。\n\n近年来， 某县把乡\n镇社会工作服务站建设作为\n"
            "补齐基层民生服务短板的\n抓手，共配备驻站社工 86\n名，持证率达 68.6%。2023\n年，县财政安排社工站运\n"
            "营经费 460 万元， 每\n个社工站年运营经费 18\n\n今年以来，全县社工\n站累计开展走访探访 4.2\n"
            "万余次，为困难群体提供服\n务 5.8 万人次。\n")
    paragraphs = texts(page, "paragraph")
    assert len(paragraphs) == 2 and paragraphs[0].endswith("每个社工站年运营经费18万元。"), paragraphs
    assert paragraphs[1].startswith("今年以来")


def test_a_line_too_short_to_measure_keeps_the_measure_of_the_paragraph_it_carries_on():
    """gen-005: the line after a headline set into an open sentence (`指导做好…工作。`) has no
    measure of its own; taking the page's (a narrower story's columns) made it full, and the
    next paragraph ran on from it.  It keeps its column's measure: short, it ends there."""
    wide = ("七月二十日，省民政厅副厅长带\n队，冒雨连夜赶到了受灾的乡镇，\n领工作组赶赴受灾较重的地区，\n"
            "实地查看灾情，慰问受灾群众，\n\n某市全力做好强降雨受灾群众救助工作\n指导做好过渡期生活救助工作。\n\n"
            "截至七月二十五日，全市累计\n救助受灾群众四万二千余人，拨\n付中央和省级自然灾害救助资金\n"
            "一亿三千六百万元，成效明显。\n\n")
    narrow = "为受助学生开展暑期研学、\n职业规划和心理辅导等活动，\n帮助孩子们树立信心、学会\n成长，受到家长普遍欢迎。\n\n" * 6
    paragraphs = texts(wide + narrow, "paragraph")
    assert paragraphs[0].endswith("慰问受灾群众，指导做好过渡期生活救助工作。")
    assert paragraphs[1].startswith("截至七月二十五日")


def test_a_headline_at_the_body_measure_that_restates_the_open_story_is_its_headline():
    """A headline set across the columns, printed after the first column, may measure what a
    body line does; the story it interrupts restates it, so it is a headline all the same."""
    page = ("本报讯 5 月 12 日，某省养老工\n作会议在省城召开。某省副省\n长出席会议并讲话，\n\n"
            "某省召开全省养老工作会议\n省民政厅党组书记，厅长作工\n作报告，副厅长主持会议，各\n市民政局局长参加会议。\n")
    blocks = clean_page(page)["blocks"]
    assert [b["text"] for b in blocks if b["kind"] == "heading"] == ["某省召开全省养老工作会议"]
    assert [b["text"] for b in blocks if b["kind"] == "paragraph"][0].endswith("出席会议并讲话，省民政厅党组书记，厅长作工作报告，副厅长主持会议，各市民政局局长参加会议。")


def test_a_letter_spaced_paragraph_ends_where_the_spacing_does():
    page = ("会 议 由 某 市 民 政 局 副 局 长 主 持 ， 各 区 民 政 局 负 责 同 志 参 加 会 议 。\n"
            "清晨，某区老年食堂里已经坐满了前\n来用餐的老人，居民纷纷称赞饭菜可口。\n")
    assert texts(page, "paragraph") == ["会议由某市民政局副局长主持，各区民政局负责同志参加会议。",
                                        "清晨，某区老年食堂里已经坐满了前来用餐的老人，居民纷纷称赞饭菜可口。"]


# ---- side-by-side OCR rows ---------------------------------------------------------------------

_COLUMNS = [  # three columns of 14 characters a line, as a page sets them
    ["入汛以来，某省某市遭遇多轮强", "降雨，部分乡镇出现严重洪涝灾", "害。灾情发生后，某市民政局第",
     "一时间启动自然灾害应急响应，", "会同应急管理部门紧急转移受灾", "群众，全力保障基本生活。"],
    ["七月二十日，某省民政厅副厅长", "带领工作组赶赴某县等受灾较重", "地区，实地查看灾情，慰问受灾",
     "群众，指导做好过渡期生活救助", "工作。截至七月二十五日，全市", "累计救助受灾群众四万余人，拨"],
    ["付中央和省级自然灾害救助资金", "一亿三千六百万元。与此同时，", "某市慈善总会发起募捐活动，社",
     "会各界累计捐款两千六百余万元", "。某市社会工作协会组织一千五", "百余名志愿者参与救灾服务。"],
]


def _ocr_rows(gaps: list[str]) -> str:
    """The columns as tesseract prints them: row by row, the columns parted by the given gaps."""
    rows = [gaps[r % len(gaps)].join(col[r] for col in _COLUMNS) for r in range(len(_COLUMNS[0]))]
    return "某省全力做好强降雨受灾群众救助工作\n" + "\n".join(rows) + "\n"  # the headline set across the columns


@pytest.mark.parametrize("gaps", [["     "], ["     ", " "]], ids=["gaps", "half-one-space"])
def test_ocr_columns_set_side_by_side_are_read_one_after_another(gaps):
    """Tesseract prints each row across the columns, wide gaps or one space apart: every
    column is read whole, left to right, and the headline over them stays a headline."""
    blocks = clean_page(_ocr_rows(gaps))["blocks"]
    assert [b["text"] for b in blocks if b["kind"] == "heading"] == ["某省全力做好强降雨受灾群众救助工作"]
    body = "".join(b["text"] for b in blocks if b["kind"] == "paragraph")
    assert body == "".join(line for col in _COLUMNS for line in col)


def test_an_ocr_row_is_never_cut_before_a_closing_mark_or_inside_a_number():
    from swcli.layout import _split_wide
    pieces = [t for _, t in _split_wide(0, "某市民政局第一时间启动自然灾 ， 害救助应急响应，会同应急管", 28)]
    assert pieces == ["某市民政局第一时间启动自然灾 ，", "害救助应急响应，会同应急管"]
    pieces = [t for _, t in _split_wide(0, "全区共投入养老服务资金68000000元，建成服务中心二十个", 28)]
    assert len(pieces) == 2 and any("68000000" in p for p in pieces), pieces
    # two columns glued with no space are cut where the first one's measure ends
    assert [t for _, t in _split_wide(0, "遇多轮强降雨，部分乡镇出现严实地查看灾情，慰问受灾群众", 28)] == [
        "遇多轮强降雨，部分乡镇出现严", "实地查看灾情，慰问受灾群众"]


def test_ocr_debris_from_a_photo_is_noise_but_letter_spaced_text_is_not():
    page = "4      | FS 四 导    求\n入汛以来，某省某市遭遇多轮强降雨。\n"
    assert [(b["kind"], b["text"][:2]) for b in clean_page(page)["blocks"]] == [("noise", "4|"), ("paragraph", "入汛")]
    assert texts("截至目前，全市共有二百人参\n加 。\n", "paragraph") == ["截至目前，全市共有二百人参加。"]
    assert "组织50个" in "".join(texts("全国共评选出最佳志愿服务\n组织 50 个 ， 最美社区三十个。\n", "paragraph"))


def test_a_story_opening_with_its_dateline_never_carries_on_the_open_sentence_above():
    page = ("房子修好之前，政府给了补助，我们\n\n弘扬志愿精神 凝聚奋进力量\n第六届全国志愿服务先进典型发布\n"
            "本报讯 (记者 某某) 3月5日是学雷\n锋纪念日。当天，典型发布仪式举行。\n")
    paragraphs = texts(page, "paragraph")
    assert paragraphs[0] == "房子修好之前，政府给了补助，我们"
    assert paragraphs[-1].endswith("当天，典型发布仪式举行。")


def test_a_straight_quote_closes_the_curly_one_ocr_opened_before_it():
    """`天水“慈善一日捐"募集…`: OCR read the closing quote straight; the headline is whole,
    and stays a headline over its body rather than being read into the first paragraph."""
    from swcli.layout import _balanced
    assert _balanced('天水“慈善一日捐"募集款物约两千三百万元')
    assert not _balanced("“老马说'好'就")  # a single straight quote closes no double one
    assert _balanced('日捐"募集款物约两千三百万元')  # its opening quote is on a line cut from it
    assert not _balanced('“慈善一日捐"募集款物，共“捐')
    page = ("汇聚点滴爱心 温暖困难群众\n天水“慈善一日捐\"募集款物约两千三百万元\n\n"
            "记者从天水市慈善总会获\n悉，为期一个月的慈善一日捐\n活动日前结束，接收捐赠款\n物约两千三百万元。\n")
    assert texts(page, "heading") == ["汇聚点滴爱心 温暖困难群众", '天水“慈善一日捐"募集款物约两千三百万元']


def test_a_headline_quoting_a_clause_is_a_headline_when_ocr_reads_its_quote_straight():
    from swcli.layout import _has_bare_comma
    assert not _has_bare_comma("'老马的事，就是我的事”") and not _has_bare_comma("“老马的事，就是我的事”")
    assert _has_bare_comma("某市召开会议，部署全年工作")


def test_a_headline_whose_opening_quote_ocr_read_straight_is_still_whole():
    """`'…”`: the straight quote opens what the curly one closes; one left open is a cut sentence."""
    from swcli.layout import _balanced
    assert _balanced("'老马的事，就是我的事”") and _balanced('"老马的事"') and _balanced("“老马的事”")
    assert _balanced("'“老马的事，就是我的事”")  # one quote read twice
    assert not _balanced("老马的事，就是我的事”") and not _balanced("“老马说'好'就")
    page = ("'老马的事，就是我的事”\n一名社区社工与独居老人的七年之约\n\n本报记者 刘畅\n\n"
            "每周二上午，社区社工都会拎\n着一袋新鲜蔬菜，敲开老人的\n家门，为老人测量血压。\n")
    assert texts(page, "heading")[0] == "'老马的事，就是我的事”"


def test_a_headline_printed_between_a_columns_foot_and_the_word_it_cuts_is_a_headline():
    """The running heads and a story's headline printed after the first column, then the last
    character of a word cut at that column's foot (`常|客`): the open sentence goes on there, so
    the lines between are the headline (as wide as the column though they are) and its subtitle."""
    page = ("本报记者 王明\n\n"
            "每周二上午，社区社工都会拎\n着一袋新鲜蔬菜，敲开老人的\n家门，为老人测量血压。从那\n以后，她成了老人家里的常\n\n"
            "“老人的事，就是我的事”\n一名社区社工与独居老人的七年约定\n客。\n\n"
            "“一开始，老人家根本不让\n我进门。”她回忆说，前后去\n了十几趟才打开了心结。\n")
    blocks = clean_page(page)["blocks"]
    heads = [(b["role"], b["text"]) for b in blocks if b["kind"] == "heading"]
    assert heads == [("title", "“老人的事，就是我的事”"), ("subtitle", "一名社区社工与独居老人的七年约定")]
    assert any(b["kind"] == "paragraph" and b["text"].endswith("成了老人家里的常客。") for b in blocks)


def test_a_lone_line_over_a_byline_standing_alone_is_its_headline():
    """OCR sets a blank line between a headline and its byline: the line is still a headline;
    over a byline that runs into body text it is a paragraph's first line a column cut off."""
    body = "3月16日，陕西省民政工作会议\n在西安召开。会议总结全年工作，\n部署重点任务。\n"
    assert texts("陕西召开全省民政工作会议\n\n本报讯 (通讯员 党晓峰)\n\n" + body, "heading") == ["陕西召开全省民政工作会议"]
    cut = ("灾情发生后，省民政厅工作组赶\n赴受灾地区查看灾情，慰问受灾\n群众，累计救助受灾群众五万\n人次。\n\n"
           "文昌市民政局局长云德才介绍\n\n本报讯（记者 顾晓燕）午饭时间，常\n州市的长者食堂里坐满了老人。\n")
    assert texts(cut, "heading") == []


def test_three_lone_headline_lines_over_a_body_are_kicker_title_and_subtitle():
    """OCR sets a blank line under every line of a headline run; the roles stay those of the run."""
    page = ("闻“风”而动 全力救灾\n\n海南紧急转移安置受灾群众11.6万人\n\n调拨帐篷、折叠床等救灾物资4.2万件\n\n"
            "受今年第4号台风影响，海南省\n东部市县出现狂风暴雨天气，部\n分地区房屋受损。\n")
    heads = [b for b in clean_page(page)["blocks"] if b["kind"] == "heading"]
    assert [b["role"] for b in heads] == ["kicker", "title", "subtitle"]
    assert len({b["group"] for b in heads}) == 1


def test_a_lone_quoted_title_over_a_lone_line_keeps_the_title_and_gains_a_subtitle():
    page = ("“老马的事，就是我的事”\n\n一名社区社工与独居老人的七年之约\n\n本报记者 刘畅\n\n"
            "每周二上午，社区社工都会拎\n着一袋新鲜蔬菜，敲开老人的\n家门，为老人测量血压。\n")
    heads = [b for b in clean_page(page)["blocks"] if b["kind"] == "heading"]
    assert [(b["role"], b["text"]) for b in heads] == [("title", "“老马的事，就是我的事”"),
                                                       ("subtitle", "一名社区社工与独居老人的七年之约")]
