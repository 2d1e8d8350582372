"""`entities`: people and roles, organisations, places, dates, figures and aid."""
from __future__ import annotations

import pytest

from conftest import SEED, gold
from swcli.entities import add_entities, extract_entities
from swcli.inputs import read_inputs
from swcli.pipeline import to_entities


@pytest.fixture(scope="module")
def seed_articles() -> list[dict]:
    return list(to_entities(read_inputs([str(SEED)])))


def of_type(article: dict, *types: str) -> list[dict]:
    return [e for e in article["entities"] if e["type"] in types]


def test_seed_people_and_roles(seed_articles):
    """Acceptance: every person of the seed with the exact role written before the name."""
    for got, want in zip(seed_articles, gold(SEED)["articles"]):
        roles = {}
        for e in of_type(got, "PERSON"):
            if e["text"] not in roles or (roles[e["text"]] is None and e["role"]):
                roles[e["text"]] = e["role"]
        assert roles == {p["name"]: p["role"] for p in want["entities"]["PERSON"]}


def test_seed_figures_and_aid(seed_articles):
    for got, want in zip(seed_articles, gold(SEED)["articles"]):
        figures = sorted((e["value"], e["unit"], e["approx"], e["aid"], e.get("category"))
                         for e in of_type(got, "MONEY", "QUANTITY"))
        expected = sorted((f["value"], f["unit"], f["approx"], f["aid"], f.get("category"))
                          for f in want["entities"]["FIGURES"])
        assert figures == expected


def test_seed_dates(seed_articles):
    for got, want in zip(seed_articles, gold(SEED)["articles"]):
        values = {e["value"] for e in of_type(got, "DATE")}
        assert {d["value"] for d in want["entities"]["DATE"]} <= values


def test_alias_points_to_full_name(seed_articles):
    aliases = [e for e in of_type(seed_articles[2], "ORG") if e.get("alias_of")]
    assert aliases and {e["text"] for e in aliases} == {"儿助会"}
    assert aliases[0]["alias_of"] == "中国社会工作联合会儿童社会救助工作委员会"


def test_places_from_the_gazetteer(seed_articles):
    places = {e["text"] for e in of_type(seed_articles[0], "PLACE")}
    assert {"武清区", "通州区", "廊坊市", "北京市", "河北省", "天津市", "京津冀"} <= places


def test_positions_point_at_the_text(seed_articles):
    for article in seed_articles:
        for e in article["entities"]:
            text = article[e["field"]] if e["field"] != "paragraphs" else article["paragraphs"][e["para"]]
            assert text[e["start"]:e["end"]] == e["text"]


def article(text: str, date: str | None = None, title: str = "标题") -> dict:
    return {"id": "t#1", "title": title, "date": date, "paragraphs": [text]}


def test_people_in_a_list_share_the_organisation():
    ents = extract_entities(article("国家能源集团公益基金会理事长李文红、秘书长任建华出席会议。"))
    people = [(e["text"], e["role"]) for e in ents if e["type"] == "PERSON"]
    assert people == [("李文红", "国家能源集团公益基金会理事长"), ("任建华", "秘书长")]


def test_transliterated_name_and_later_mention():
    ents = extract_entities(article("自治区民政厅处长麦合木提江·艾麦提主持会议。麦合木提江·艾麦提指出，要做好工作。"))
    people = [(e["text"], e["role"]) for e in ents if e["type"] == "PERSON"]
    assert people == [("麦合木提江·艾麦提", "自治区民政厅处长"), ("麦合木提江·艾麦提", None)]


def test_a_role_begins_after_a_preposition():
    """据…介绍, 会议由…主持: the preposition is no part of the role; the same character
    opening a name (和平区, 对口) or joining one (促进和社会工作处) is."""
    ents = extract_entities(article("据省民政厅社会救助处处长李明介绍，全省已救助5000人。会议由区民政局副局长刘敏主持，"
                                    "和平区民政局局长陈刚，对口帮扶办主任王东，与市民政局局长赵强，"
                                    "省民政厅慈善事业促进和社会工作处处长周丽出席。"))
    assert [(e["text"], e["role"]) for e in ents if e["type"] == "PERSON"] == [
        ("李明", "省民政厅社会救助处处长"), ("刘敏", "区民政局副局长"), ("陈刚", "和平区民政局局长"),
        ("王东", "对口帮扶办主任"), ("赵强", "市民政局局长"), ("周丽", "省民政厅慈善事业促进和社会工作处处长")]


def test_organisation_names_that_end_in_two_suffixes():
    """One name when a suffix follows a suffix (红十字会总会); two when a body is named inside another."""
    orgs = [e["text"] for e in extract_entities(article("中国红十字会总会常务副会长王可与西南财经大学社会发展研究院、"
                                                        "玉林街道办事处、社区居委会的代表座谈。")) if e["type"] == "ORG"]
    assert "中国红十字会总会" in orgs and "中国红十字会" not in orgs
    assert {"西南财经大学", "西南财经大学社会发展研究院", "玉林街道办事处", "社区居委会"} <= set(orgs)
    assert "社区居委" not in orgs
    # a verb before a name is no part of it
    orgs = [e["text"] for e in extract_entities(article("培训邀请西南财经大学、四川大学等高校的专家授课。")) if e["type"] == "ORG"]
    assert orgs == ["西南财经大学", "四川大学"]


def test_a_name_before_a_verb_we_do_not_list():
    """The segmenter reads the name where no known word closes it (OCR lost 出 of 出席)."""
    ents = extract_entities(article("河北省民政厅副厅长鲁红霞席活动并致辞。市民政局局长王建军汇报工作。"
                                    "县民政局局长陈晓东批准了方案。"))
    assert [(e["text"], e["role"]) for e in ents if e["type"] == "PERSON"] == [
        ("鲁红霞", "河北省民政厅副厅长"), ("王建军", "市民政局局长"), ("陈晓东", "县民政局局长")]


def test_month_day_takes_the_issue_year():
    ents = extract_entities(article("5月12日，推进会在济南召开。", date="2023-06-13"))
    assert [e["value"] for e in ents if e["type"] == "DATE"] == ["2023-05-12"]


def test_a_month_alone_takes_the_issue_year():
    ents = extract_entities(article("今年5月以来，去年12月，3月份，为期6个月，2023年6月。", date="2023-09-08"))
    assert [(e["text"], e["value"]) for e in ents if e["type"] == "DATE"] == [
        ("今年5月", "2023-05"), ("去年12月", "2022-12"), ("3月", "2023-03"), ("2023年6月", "2023-06")]


def test_aid_categories_from_the_verb():
    text = ("累计救助受灾群众42180人，拨付救助资金1.36亿元，社会各界累计捐款2600余万元，"
            "为8.6万名老年人发放养老服务补贴，服务群众逾50万人次，组织1500余名志愿者参加活动，"
            "对困难学生每人每年资助3000元。")
    figs = [(e["text"], e["aid"], e.get("category")) for e in extract_entities(article(text))
            if e["type"] in ("MONEY", "QUANTITY")]
    assert figs == [("42180人", True, "aided"), ("1.36亿元", True, "spent"), ("2600余万元", True, "raised"),
                    ("8.6万名", True, "aided"), ("50万人次", True, "served"), ("1500余名", False, None),
                    ("3000元", False, None)]


def test_part_of_a_figure_before_it():
    ents = extract_entities(article("资助家庭经济困难学生1.2万名，其中少数民族学生4300名。"))
    part = [e for e in ents if e["type"] == "QUANTITY" and e["text"] == "4300名"][0]
    assert part["part_of"]["text"] == "1.2万名" and part["category"] == "aided"


def test_unknown_fields_pass_through():
    record = add_entities({**article("正文。"), "mine": {"x": 1}})
    assert record["mine"] == {"x": 1} and "entities" in record


def test_both_segmenters_give_the_same_entities(monkeypatch, seed_articles):
    """rjieba is the engine, jieba the fallback: same entities on the seed."""
    from swcli import segment

    plain = [{k: v for k, v in a.items() if k != "entities"} for a in seed_articles]
    caches = (segment.tagger, segment.dictionary_cutter, segment.in_dictionary, segment.tag_of)
    for cache in caches:
        cache.cache_clear()
    monkeypatch.setenv("SWCLI_SEGMENTER", "jieba")
    try:
        with_jieba = [add_entities(a)["entities"] for a in plain]
    finally:
        for cache in caches:
            cache.cache_clear()
    assert with_jieba == [a["entities"] for a in seed_articles]
