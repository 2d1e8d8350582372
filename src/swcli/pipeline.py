"""The stages chained over mixed input: raw pages, page records, article records.

Every command accepts what the command before it writes, and raw text too.
These generators lift whatever comes in to the stage a command needs,
leaving records that are already there (and their unknown fields) alone:

    raw text ─clean─▶ page records ─split─▶ article records ─entities─▶ articles+entities

A record is a page record when it has `blocks`, an article record when it has
`paragraphs`; anything else passes through untouched.
"""
from __future__ import annotations

from itertools import groupby
from typing import Callable, Iterable, Iterator

from .inputs import RawPage
from .layout import clean_page

Item = RawPage | dict


def is_page(record: dict) -> bool:
    return isinstance(record.get("blocks"), list)


def is_article(record: dict) -> bool:
    return isinstance(record.get("paragraphs"), list)


def to_pages(items: Iterable[Item]) -> Iterator[dict]:
    """Raw pages are cleaned; records pass through."""
    for item in items:
        if isinstance(item, RawPage):
            yield clean_page(item.text, item.doc, item.page)
        else:
            yield item


def to_articles(items: Iterable[Item], on_stray: Callable | None = None) -> Iterator[dict]:
    """Pages (raw or cleaned) are split into articles; article records pass through.

    Runs of page records are split lazily, so a pipe downstream starts at once.
    """
    from .articles import split_pages

    for page_like, run in groupby(to_pages(items), key=is_page):
        if page_like:
            yield from split_pages(run, on_stray)
        else:
            yield from run


def to_entities(items: Iterable[Item], on_stray: Callable | None = None) -> Iterator[dict]:
    """Articles get `entities` unless they already carry them."""
    from .entities import add_entities

    for record in to_articles(items, on_stray):
        if is_article(record) and "entities" not in record:
            yield add_entities(record)
        else:
            yield record
