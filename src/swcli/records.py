"""What a record is, for every stage: page records, article records, their entities.

A page record has a `blocks` list, an article record a `paragraphs` list;
anything else passes through a stage untouched.  Fields of the wrong type
are read as absent, never fatal: records come from other programs too.
"""
from __future__ import annotations


def is_page(record: dict) -> bool:
    return isinstance(record.get("blocks"), list)


def is_article(record: dict) -> bool:
    return isinstance(record.get("paragraphs"), list)


def entities_of(record: dict) -> list[dict]:
    """The record's entities that are objects; none when the field is not a list."""
    value = record.get("entities")
    return [e for e in value if isinstance(e, dict)] if isinstance(value, list) else []
