"""`--jobs` for split and entities: batches split by workers, stitched by the parent, equal one process.

The batches run in this process (`map`), so every boundary case is cheap to
reach: a batch that ends with an article continued on the next page
(`（下转…）`), documents that end inside a batch, article records between pages.
"""
from __future__ import annotations

import copy

import orjson
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from conftest import DATA, SEED
from swcli.batches import stitched
from swcli.inputs import RawPage
from swcli.layout import clean_page
from swcli.pipeline import STAGES, to_articles

JUMPING = (DATA / "dev-004.txt").read_text(encoding="utf-8").split("\f")  # page 1 goes on to page 2
assert "下转" in JUMPING[0] and "上接" in JUMPING[1]
RAW = JUMPING + [SEED.read_text(encoding="utf-8"), (DATA / "dev-001.txt").read_text(encoding="utf-8")]
CLEANED = [clean_page(text, "doc", 1) for text in RAW]
ARTICLE = {"id": "old#1", "title": "已有的文章", "paragraphs": ["民政局发放救助金10万元。"]}
TAGGED = dict(ARTICLE, entities=[])

item = st.one_of(
    st.tuples(st.just("raw"), st.integers(0, len(RAW) - 1), st.sampled_from("ab"), st.integers(1, 4)),
    st.tuples(st.just("page"), st.integers(0, len(CLEANED) - 1), st.sampled_from("ab"), st.integers(1, 4)),
    st.sampled_from([("article",), ("tagged",), ("other",)]),
)
# runs of pages that go on (1, 2, 3, ...) are what makes articles cross batch ends
# page 1 of dev-004 (index 0) three times as often: the page that leaves an article open
documents = st.lists(st.lists(st.sampled_from([0, 0, 0, *range(1, len(RAW))]), min_size=1, max_size=4),
                     min_size=1, max_size=4)


def made(spec: tuple) -> object:
    kind = spec[0]
    if kind == "raw":
        return RawPage(spec[2], spec[3], RAW[spec[1]], spec[2])
    if kind == "page":
        return dict(copy.deepcopy(CLEANED[spec[1]]), doc=spec[2], page=spec[3])
    return copy.deepcopy({"article": ARTICLE, "tagged": TAGGED, "other": {"x": 1}}[kind])


def encoded(records) -> list[bytes]:
    return [orjson.dumps(r) for r in records]


def both_ways(specs: list[tuple], command: str, batch_size: int, for_jsonl: bool) -> None:
    stage = STAGES[command]
    one_strays: list[tuple] = []
    one = encoded(stage.run([made(s) for s in specs], lambda *s: one_strays.append(s)))
    many_strays: list[tuple] = []
    many = encoded(stitched([made(s) for s in specs], stage, lambda *s: many_strays.append(s), for_jsonl,
                            batch_size=batch_size))
    assert many == one
    assert many_strays == one_strays


SPLIT = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SPLIT
@given(st.lists(item, max_size=10), st.integers(1, 4), st.booleans())
def test_split_in_batches_is_split_in_one(specs, batch_size, for_jsonl):
    both_ways(specs, "split", batch_size, for_jsonl)


@SPLIT
@given(documents, st.integers(1, 3), st.booleans())
@example([[4, 0, 0], [3]], 2, True)  # the second batch opens on an open article and ends a document
def test_articles_across_batch_ends(pages_of_documents, batch_size, for_jsonl):
    """Documents one after another (page numbers start again), pages often ending with an article open."""
    specs = [("raw", index, "a", number) for pages in pages_of_documents for number, index in enumerate(pages, 1)]
    both_ways(specs, "split", batch_size, for_jsonl)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(item, max_size=6), st.integers(1, 3), st.booleans())
def test_entities_in_batches_are_entities_in_one(specs, batch_size, for_jsonl):
    both_ways(specs, "entities", batch_size, for_jsonl)


def test_the_jump_across_a_batch_end():
    """dev-004's page 1 article goes on to page 2: cut between them, it is still one article."""
    specs = [("raw", 0, "a", 1), ("raw", 1, "a", 2), ("raw", 2, "a", 3)]
    one = encoded(to_articles([made(s) for s in specs]))
    many = encoded(stitched([made(s) for s in specs], STAGES["split"], None, True, batch_size=1))
    assert many == one
    assert any(orjson.loads(r)["pages"] == [1, 2] for r in many)
