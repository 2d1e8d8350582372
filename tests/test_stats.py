"""Aid totals: each rule of the spec on small made-up articles, and the seed."""
from __future__ import annotations

from conftest import SEED, gold
from swcli.inputs import read_inputs
from swcli.pipeline import to_entities
from swcli.stats import summarize


def fig(value, unit="人", category="aided", approx=None, field="paragraphs", text=None, **extra) -> dict:
    return {"type": "MONEY" if unit == "CNY" else "QUANTITY", "value": value, "unit": unit, "approx": approx,
            "aid": True, "category": category, "field": field, "para": 0, "start": 0, "end": 1,
            "text": text or str(value), **extra}


def art(*figures, id="a#1", **fields) -> dict:
    return {"id": id, "doc": "a", "page": 1, "title": "t", "paragraphs": ["正文。"], "entities": list(figures), **fields}


def totals(*articles) -> list[tuple]:
    return [(t["category"], t["unit"], t["value"], t["approx"], t["figures"]) for t in summarize(articles)["aid_totals"]]


def test_figures_add_up_across_articles():
    assert totals(art(fig(100)), art(fig(50), id="a#2")) == [("aided", "人", 150, None, 2)]


def test_part_of_clause_is_not_added_again():
    assert totals(art(fig(12000), fig(4300, part_of={"text": "1.2万名"}))) == [("aided", "人", 12000, None, 1)]


def test_headline_figure_is_not_added():
    assert totals(art(fig(12000, field="title"), fig(12000))) == [("aided", "人", 12000, None, 1)]


def test_same_figure_twice_in_an_article_counts_once_as_the_more_precise():
    assert totals(art(fig(31550), fig(31600))) == [("aided", "人", 31550, None, 2)]
    assert totals(art(fig(42000, approx="over"), fig(42180))) == [("aided", "人", 42180, None, 2)]


def test_same_figure_in_two_articles_adds_up():
    assert totals(art(fig(31550)), art(fig(31600), id="a#2")) == [("aided", "人", 63150, None, 2)]


def test_total_approx():
    assert totals(art(fig(100), fig(30000, approx="over"))) == [("aided", "人", 30100, "over", 2)]
    assert totals(art(fig(100, approx="under"), fig(30000, approx="over"))) == [("aided", "人", 30100, "about", 2)]


def test_categories_and_units_apart():
    got = totals(art(fig(100), fig(20, unit="户"), fig(5, unit="CNY", category="raised")))
    assert got == [("aided", "人", 100, None, 1), ("aided", "户", 20, None, 1), ("raised", "CNY", 5, None, 1)]


def test_by_source():
    summary = summarize([art(fig(1), source="甲"), art(fig(2), id="a#2", source="乙")], by="source")
    assert [(t["source"], t["value"]) for t in summary["aid_totals"]] == [("乙", 2), ("甲", 1)]


def test_seed_totals_are_the_spec_ones():
    summary = summarize(to_entities(read_inputs([str(SEED)])))
    got = sorted((t["category"], t["unit"], t["value"], t["approx"]) for t in summary["aid_totals"])
    want = sorted((t["category"], t["unit"], t["value"], t["approx"]) for t in gold(SEED)["aid_totals"])
    assert got == want
    assert summary["articles"] == 3 and summary["paragraphs"] == 19
    assert ["陈存根", 3] in summary["top"]["PERSON"]


def test_empty_input():
    assert summarize([])["aid_totals"] == [] and summarize([])["articles"] == 0


def test_monthly_totals_add_counted_figures_by_category_unit_and_month():
    from swcli.stats import UNDATED, monthly_totals

    figures = [
        {"category": "raised", "unit": "CNY", "value": 0.1, "counted": True, "date": "2023-06-13"},
        {"category": "raised", "unit": "CNY", "value": 0.2, "counted": True, "date": "2023-06-30"},
        {"category": "raised", "unit": "CNY", "value": 5, "counted": False, "date": "2023-06-30"},  # a repeat
        {"category": "raised", "unit": "CNY", "value": 7, "counted": True, "date": None},
        {"category": "aided", "unit": "人", "value": 40, "counted": True, "date": "2023-07-01"},
        {"category": "raised", "unit": "CNY", "value": 1, "counted": True, "date": "2023-05-02"},
    ]
    assert monthly_totals(figures) == [
        {"category": "aided", "unit": "人", "month": "2023-07", "value": 40, "figures": 1},
        {"category": "raised", "unit": "CNY", "month": "2023-05", "value": 1, "figures": 1},
        {"category": "raised", "unit": "CNY", "month": "2023-06", "value": 0.3, "figures": 2},  # in Decimal: no 0.30000000000000004
        {"category": "raised", "unit": "CNY", "month": UNDATED, "value": 7, "figures": 1},
    ]
