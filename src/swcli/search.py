"""Article records → the ones that match (`swcli grep`).

A `Matcher` holds the compiled pattern and the filters; `select` is a plain
generator over records, so grep streams and never loads more than one
record.  Only `--entity` and `--min-aid` need entities: without them no
segmenter is imported.

    >>> m = Matcher("救助", field="title")
    >>> [r["id"] for r in m.select([{"id": "a#1", "title": "救助工作", "paragraphs": []}])]
    ['a#1']
"""
from __future__ import annotations

import re
from typing import Iterable, Iterator

from .errors import UsageError
from .records import entities_of

FIELDS = {"all": ("title", "kicker", "subtitle", "byline", "source", "paragraphs"),
          "title": ("title", "kicker", "subtitle"), "paragraphs": ("paragraphs",),
          "source": ("source",), "byline": ("byline",)}
ENTITY_TYPES = ("PERSON", "ORG", "PLACE", "DATE", "MONEY", "QUANTITY")


def _texts(record: dict, field: str) -> Iterator[tuple[str, str]]:
    for name in FIELDS[field]:
        value = record.get(name)
        if isinstance(value, str):
            yield name, value
        elif isinstance(value, list):
            for item in value:
                if isinstance(item, str):
                    yield name, item


class Matcher:
    """A pattern over chosen fields plus entity and aid filters, with grep's -i, -v, -F."""

    def __init__(self, pattern: str, fixed: bool = False, ignore_case: bool = False, invert: bool = False,
                 field: str = "all", entities: list[str] | None = None, min_aid: float | None = None):
        try:
            self.regex = re.compile(re.escape(pattern) if fixed else pattern, re.IGNORECASE if ignore_case else 0)
        except re.error as err:
            raise UsageError(f"bad pattern {pattern!r}: {err}") from None
        if field not in FIELDS:
            raise UsageError(f"unknown field {field!r}")
        self.field = field
        self.invert = invert
        self.entity_filters: list[tuple[str, str | None]] = []
        for spec in entities or []:
            kind, _, text = spec.partition("=")
            kind = kind.strip().upper()
            if kind not in ENTITY_TYPES:
                raise UsageError(f"unknown entity type {kind!r} (one of {', '.join(ENTITY_TYPES)})")
            self.entity_filters.append((kind, text or None))
        self.min_aid = min_aid

    @property
    def needs_entities(self) -> bool:
        return bool(self.entity_filters) or self.min_aid is not None

    def matches(self, record: dict) -> bool:
        hit = any(self.regex.search(text) for _, text in _texts(record, self.field))
        if hit == self.invert:
            return False
        entities = entities_of(record)
        for kind, text in self.entity_filters:
            if not any(e.get("type") == kind and (text is None or e.get("text") == text) for e in entities):
                return False
        if self.min_aid is not None:
            values = [e.get("value") for e in entities if e.get("aid") and isinstance(e.get("value"), (int, float))]
            if not any(v >= self.min_aid for v in values):
                return False
        return True

    def select(self, records: Iterable[dict]) -> Iterator[dict]:
        """The article records that match; other records are dropped."""
        for record in records:
            if isinstance(record.get("paragraphs"), list) and self.matches(record):
                yield record

    def snippets(self, record: dict) -> list[tuple[str, str, list[tuple[int, int]]]]:
        """(field, sentence, match spans in it) for each sentence with a match."""
        if self.invert:
            return []
        out = []
        for name, text in _texts(record, self.field):
            for sentence in re.findall(r"[^。！？]*[。！？]?", text):
                spans = [m.span() for m in self.regex.finditer(sentence) if m.end() > m.start()]
                if spans:
                    out.append((name, sentence, spans))
        return out
