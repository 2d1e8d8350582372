"""What a record is, for every stage: page records, article records, their entities.

A page record has a `blocks` list, an article record a `paragraphs` list;
anything else passes through a stage untouched.  Fields of the wrong type
are read as absent, never fatal: records come from other programs too.
"""
from __future__ import annotations

from typing import NamedTuple

import orjson


def is_page(record: dict) -> bool:
    return isinstance(record.get("blocks"), list)


def is_article(record: dict) -> bool:
    return isinstance(record.get("paragraphs"), list)


def entities_of(record: dict) -> list[dict]:
    """The record's entities that are objects; none when the field is not a list."""
    value = record.get("entities")
    return [e for e in value if isinstance(e, dict)] if isinstance(value, list) else []


class StoredArticle(NamedTuple):
    """An article read back from an archive (`archive.py`), as its two stage views.

    `record` is the JSON `split` wrote for it; `entities` the JSON list the
    `entities` stage added to it, or None when the record carried its own.
    Both stay encoded until a stage asks, so a search that only needs the
    text never parses the entities.
    """

    record: bytes
    entities: bytes | None

    def split_view(self) -> dict:
        """The article as `split` writes it."""
        return orjson.loads(self.record)

    def entities_view(self) -> dict:
        """The article as `entities` writes it: the split record with its entities last."""
        article = orjson.loads(self.record)
        if self.entities is not None:
            article["entities"] = orjson.loads(self.entities)
        return article


class SearchHint(NamedTuple):
    """What a search will keep, for a reader that can skip the rest (an archive's full-text
    index): only articles where one of `strings` may stand in one of `fields`.  A hint, never a
    filter: the search still checks every record it is given."""

    strings: list[str]
    fields: tuple[str, ...]
    ignore_case: bool = False
