"""The record stages as values, run in one process over mixed input.

Every command accepts what the command before it writes, and raw text too.
A `Stage` lifts whatever comes in to the records it makes, leaving records
that are already there (and their unknown fields) alone:

    raw text ─CLEAN─▶ page records ─SPLIT─▶ article records ─ENTITIES─▶ articles+entities

A record is a page record when it has `blocks`, an article record when it has
`paragraphs`; anything else passes through untouched.  How a stage is run
(one process, whole files, batches of pages, a Dask cluster) is `runner.py`'s
choice; this module and the workers only need the values below.
"""
from __future__ import annotations

from dataclasses import dataclass
from itertools import groupby
from typing import Callable, Iterable, Iterator

from .inputs import RawPage
from .records import StoredArticle, is_article, is_page

Item = RawPage | StoredArticle | dict
OnStray = Callable[[str, int, str], None]


def page_of(item: Item) -> dict:
    """A raw page cleaned; a record as it is (an archived article is its stage's to lift)."""
    if isinstance(item, RawPage):
        from .layout import clean_page

        return clean_page(item.text, item.doc, item.page, item.sizes, item.boxes, item.frames)
    return item


def _split_runs(pages: Iterable[dict], on_stray: OnStray | None) -> Iterator[dict]:
    """Split the runs of page records; other records pass through."""
    for page_like, run in groupby(pages, key=is_page):
        if page_like:
            from .articles import split_pages  # not loaded when only articles come in (grep, stats)

            yield from split_pages(run, on_stray)
        else:
            yield from run


def needs_entities(record: dict) -> bool:
    return is_article(record) and "entities" not in record


def with_entities(record: dict) -> dict:
    """The article with its entities; any other record, and an article that has them, as it is."""
    from .entities import add_entities

    return add_entities(record) if needs_entities(record) else record


def _load_entities() -> None:
    from .entities import prepare

    prepare()


@dataclass(frozen=True)
class Stage:
    """One record command: how far it takes its input, and what it needs to do so.

    `per_record` is applied to every record after the split (it returns a
    record it has nothing to do for as it is); `warm_up` runs before worker
    processes fork, so they start with what it loads in memory; `view` names
    the `views` function that shows the records on a terminal; `stored_view` is
    what the stage makes of an archived article (`records.StoredArticle`).
    """

    name: str
    splits: bool
    per_record: Callable[[dict], dict] | None = None
    warm_up: Callable[[], None] | None = None
    view: str = "render_records"
    stored_view: Callable[[StoredArticle], dict] = StoredArticle.split_view

    def lift(self, item: Item) -> dict:
        """One input as a record: a raw page cleaned, an archived article in this stage's view."""
        return self.stored_view(item) if isinstance(item, StoredArticle) else page_of(item)

    def run(self, items: Iterable[Item], on_stray: OnStray | None = None) -> Iterator[dict]:
        """The stage in this process, lazily (a pipe downstream starts at once)."""
        pages = map(self.lift, items)
        if not self.splits:
            return pages
        articles = _split_runs(pages, on_stray)
        return map(self.per_record, articles) if self.per_record else articles


CLEAN = Stage("clean", splits=False)
SPLIT = Stage("split", splits=True)
ENTITIES = Stage("entities", splits=True, per_record=with_entities, warm_up=_load_entities,
                 view="render_entities", stored_view=StoredArticle.entities_view)
STAGES = {stage.name: stage for stage in (CLEAN, SPLIT, ENTITIES)}


def to_articles(items: Iterable[Item], on_stray: OnStray | None = None) -> Iterator[dict]:
    """Pages (raw or cleaned) split into articles; article records pass through."""
    return SPLIT.run(items, on_stray)


def to_entities(items: Iterable[Item], on_stray: OnStray | None = None) -> Iterator[dict]:
    """Articles get `entities` unless they already carry them."""
    return ENTITIES.run(items, on_stray)
