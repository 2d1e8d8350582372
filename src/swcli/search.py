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
from typing import Iterable, Iterator, Sequence

import regex

from .errors import UsageError
from .records import SearchHint, entities_of

FIELDS = {"all": ("title", "kicker", "subtitle", "byline", "source", "paragraphs"),
          "title": ("title", "kicker", "subtitle"), "paragraphs": ("paragraphs",),
          "source": ("source",), "byline": ("byline",)}
ENTITY_TYPES = ("PERSON", "ORG", "PLACE", "DATE", "MONEY", "QUANTITY")
MATCH_SECONDS = 2.0  # the longest one search of the pattern in one text may take
REGEX_SYNTAX = frozenset(".^$*+?{}[]|()\\")  # a pattern without any of these is a plain string


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

    def __init__(self, pattern: str | Sequence[str], fixed: bool = False, ignore_case: bool = False,
                 invert: bool = False, field: str = "all", entities: list[str] | None = None,
                 min_aid: float | None = None):
        patterns = [pattern] if isinstance(pattern, str) else list(pattern) or [""]
        # several patterns (grep's repeated -e) match where any of them does
        joined = "|".join(f"(?:{regex.escape(p) if fixed else p})" for p in patterns) if len(patterns) > 1 \
            else (regex.escape(patterns[0]) if fixed else patterns[0])
        try:  # `regex` takes Python's re syntax (V0) and, unlike re, a time limit on each match
            self.regex = regex.compile(joined, regex.V0 | (regex.IGNORECASE if ignore_case else 0))
        except regex.error as err:
            shown = patterns[0] if len(patterns) == 1 else " | ".join(patterns)
            raise UsageError(f"bad pattern {shown!r}: {err}") from None
        self.pattern = " | ".join(patterns)
        self.patterns, self.fixed, self.ignore_case = patterns, fixed, ignore_case
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

    def hint(self) -> SearchHint | None:
        """What an archive's full-text index may narrow the search to: every pattern a plain
        string (-F, or no regex syntax in it), nothing inverted, no empty pattern."""
        if self.invert or not all(self.patterns):
            return None
        if not self.fixed and any(REGEX_SYNTAX & set(p) for p in self.patterns):
            return None
        return SearchHint(list(self.patterns), FIELDS[self.field], self.ignore_case)

    def _too_slow(self) -> UsageError:
        return UsageError(f"pattern {self.pattern!r} took over {MATCH_SECONDS:g} s on one text "
                          "(nested repeats backtrack without end; simplify it)")

    def matches(self, record: dict) -> bool:
        try:
            hit = any(self.regex.search(text, timeout=MATCH_SECONDS) for _, text in _texts(record, self.field))
        except TimeoutError:
            raise self._too_slow() from None
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
                try:
                    spans = [m.span() for m in self.regex.finditer(sentence, timeout=MATCH_SECONDS) if m.end() > m.start()]
                except TimeoutError:
                    raise self._too_slow() from None
                if spans:
                    out.append((name, sentence, spans))
        return out
