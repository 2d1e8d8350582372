"""`split` and `entities` over `--jobs` processes: workers take runs of pages whole.

A worker takes a batch of consecutive inputs through cleaning, splitting and
entities as if no article were waiting from before the batch, and sends back
the finished records, encoded.  Most pages end *settled* (no article goes on
to a later page), and after a settled page the split depends on nothing
before it but the document's name, its last page number and how many
articles it has numbered.  So the parent only stitches the batches: it
numbers each batch's articles on from the last, and where a batch ended with
an article still open (a `（下转…）` line), it rebuilds that state from the
open pages and splits locally until the real split and the worker's guess
settle on the same page.  The records are byte for byte those of one process.
"""
from __future__ import annotations

from collections import Counter, deque
from itertools import islice
from typing import Any, Callable, Iterable, Iterator, NamedTuple

import orjson

from .articles import PageStream, prepare_page, starts_document
from .parallel import BATCH
from .pipeline import Item, Stage, page_of
from .records import is_page

HEAD = ("id", "doc", "page", "seq")  # an article record's first fields; the worker cannot know id and seq

# A record as a worker sends it: an article its split made as (splitter, seq there, payload),
# payload the record or, for JSON Lines, (doc, page, the rest encoded); a record that
# passes the stage as (None, 0, the record encoded, or None when it comes out unchanged).
Tagged = tuple[int | None, int, Any]


class Outcome(NamedTuple):
    """What a worker reports for one input."""

    doc: str | None  # None: the input is not a page
    page: int
    splitter: int  # which of the worker's documents the page went to
    settled: bool  # no article left open after it
    records: list[Tagged]
    strays: list[tuple[str, int, str]]


def _payload(record: dict, stage: Stage, for_jsonl: bool) -> Any:
    """An article the worker's split made: without id and seq when encoded (the parent adds them)."""
    if stage.per_record is not None:
        record = stage.per_record(record)
    if not for_jsonl:
        return record
    return record["doc"], record["page"], orjson.dumps({k: v for k, v in record.items() if k not in HEAD})


def run_batch(unit: tuple[list[Item], Stage, bool]) -> list[Outcome]:
    """On a worker: a batch of inputs through a splitting stage, from a settled start."""
    items, stage, for_jsonl = unit
    strays: list[tuple[str, int, str]] = []
    stream = PageStream(lambda doc, page, what: strays.append((doc, page, what)))
    outcomes: list[Outcome] = []

    def tagged(records: Iterable[dict]) -> list[Tagged]:
        splitter = stream.documents - 1
        return [(splitter, r["seq"], _payload(r, stage, for_jsonl)) for r in records]

    for item in items:
        record = stage.lift(item)
        if is_page(record):
            prepared = prepare_page(record)
            doc, number = prepared.page["doc"], prepared.page["page"]
            out = tagged(stream.finish()) if stream.starts_document(doc, number) else []
            out += tagged(list(stream.add(prepared)))
            outcomes.append(Outcome(doc, number, stream.documents - 1, stream.settled, out, strays))
            strays = []
            continue
        out = tagged(stream.finish())
        payload: object = None  # unchanged: the parent writes the record it has (a record it was given)
        done = stage.per_record(record) if stage.per_record is not None else record
        if done is not item:  # an archived article comes back as the record its stage made
            payload = orjson.dumps(done) if for_jsonl else done
        out.append((None, 0, payload))
        outcomes.append(Outcome(None, 0, -1, True, out, []))
    return outcomes


class Stitcher:
    """The parent's side: the workers' records in input order, numbered and corrected.

    While the worker's guess holds (`real` is None) its records go out as
    they are, numbered on from `emitted`; `trail` keeps the pages since the
    last settled one (`settled_at`: doc, page, emitted; None when they open
    a document) to rebuild the split from if the batch ends there.
    """

    def __init__(self, stage: Stage, on_stray: Callable | None, for_jsonl: bool):
        self.stage = stage
        self.on_stray = on_stray or (lambda doc, page, what: None)
        self.for_jsonl = for_jsonl
        self.at: tuple[str, int] | None = None  # the document open and its last page
        self.emitted = 0
        self.settled_at: tuple[str, int, int] | None = None
        self.trail: list[Item] = []
        self.real: PageStream | None = None
        self.base: dict[int, int] = {}  # a worker splitter in this batch -> what to add to its seq
        self.counts: Counter[int | None] = Counter()  # a worker splitter -> records it made so far

    def batch(self, items: list[Item], outcomes: list[Outcome]) -> Iterator[object]:
        """One batch's records, in order."""
        if self.real is None and self.trail:
            self._rebuild()
        self.base, self.counts = {}, Counter()  # a worker's splitters count from 0 in every batch
        for item, outcome in zip(items, outcomes):
            doc, number, splitter, _, records, _ = outcome
            if self.real is not None:
                if doc is not None and not self.real.starts_document(doc, number):
                    yield from self._split_here(item, outcome)
                    continue
                yield from self._local(self.real.finish())  # the document ends, and with it the detour
                self.real = None
                records = [r for r in records if r[0] is None or r[0] == splitter]  # not the worker's ending
            yield from self._as_guessed(item, outcome, records)

    def _as_guessed(self, item: Item, outcome: Outcome, records: list[Tagged]) -> Iterator[object]:
        """The worker's records for an input, numbered on; its strays reported."""
        doc, number, splitter, settled, _, strays = outcome
        if doc is None:
            self.at, self.settled_at, self.trail = None, None, []
        else:
            if starts_document(self.at, doc, number):
                self.emitted, self.settled_at, self.trail = 0, None, []
            self.base.setdefault(splitter, self.emitted)
            self.at = (doc, number)
        for s, seq, payload in records:
            if s is None:
                yield item if payload is None else self._wrap(payload)
                continue
            self.counts[s] += 1
            yield self._numbered(payload, self.base[s] + seq)
            if s == splitter:
                self.emitted = self.base[s] + seq
        for stray in strays:
            self.on_stray(*stray)
        if doc is not None:
            if settled:
                self.settled_at, self.trail = (doc, number, self.emitted), []
            else:
                self.trail.append(item)

    def _split_here(self, item: Item, outcome: Outcome) -> Iterator[object]:
        """A page split in this process, the worker's guess for it set aside (but counted)."""
        doc, number, splitter, settled, records, _ = outcome
        assert self.real is not None and doc is not None
        yield from self._local(self.real.add(prepare_page(page_of(item))))
        self.at = (doc, number)
        self.counts.update(s for s, _, _ in records)
        # Both settled: the same empty state from here on, so the guess holds again.  (The real
        # split settled while the guess did not is not known to happen; then it goes on here.)
        if self.real.settled and settled:
            self.emitted = self.real.emitted
            self.base[splitter] = self.emitted - self.counts[splitter]
            self.settled_at, self.trail, self.real = (doc, number, self.emitted), [], None

    def finish(self) -> Iterator[object]:
        if self.real is None and self.trail:
            self._rebuild()
        if self.real is not None:
            yield from self._local(self.real.finish())
            self.real = None

    def _rebuild(self) -> None:
        """The split as it stands after the trail's pages: their strays were reported already."""
        self.real = PageStream()
        if self.settled_at is not None:
            self.real.resume(*self.settled_at)
        for item in self.trail:
            if list(self.real.add(prepare_page(page_of(item)))):
                raise AssertionError("a page after a settled one completed an article the worker did not")
        self.real.on_stray, self.trail = self.on_stray, []

    def _local(self, records: Iterable[dict]) -> Iterator[object]:
        for record in records:
            payload = _payload(record, self.stage, self.for_jsonl)
            yield self._numbered(payload, record["seq"])

    def _numbered(self, payload: Any, seq: int) -> object:
        if isinstance(payload, dict):
            payload["id"], payload["seq"] = f"{payload['doc']}#{seq}", seq
            return payload
        doc, page, rest = payload
        head = orjson.dumps({"id": f"{doc}#{seq}", "doc": doc, "page": page, "seq": seq})
        return orjson.Fragment(head[:-1] + b"," + rest[1:] if rest != b"{}" else head)

    def _wrap(self, payload: Any) -> object:
        return orjson.Fragment(payload) if isinstance(payload, bytes) else payload


def stitched(items: Iterable[Item], stage: Stage, on_stray: Callable | None, for_jsonl: bool,
             map_batches: Callable = map, batch_size: int = BATCH) -> Iterator[object]:
    """A splitting stage over `items`, batches run by `map_batches` (a pool's ordered map)."""
    kept: deque[list[Item]] = deque()  # the batches in flight, for the stitcher (deque: thread-safe ends)

    def batches() -> Iterator[tuple[list[Item], Stage, bool]]:
        source = iter(items)
        while batch := list(islice(source, batch_size)):
            kept.append(batch)
            yield batch, stage, for_jsonl

    stitcher = Stitcher(stage, on_stray, for_jsonl)
    for outcomes in map_batches(run_batch, batches()):
        yield from stitcher.batch(kept.popleft(), outcomes)
    yield from stitcher.finish()


def over_jobs(items: Iterable[Item], stage: Stage, on_stray: Callable | None, jobs: int,
              for_jsonl: bool) -> Iterator[object]:
    """`stitched` over a pool of `jobs` processes (started after the stage's warm-up)."""
    from .parallel import Mapper

    if stage.warm_up is not None:
        stage.warm_up()
    with Mapper(jobs) as mapper:
        yield from stitched(items, stage, on_stray, for_jsonl,
                            lambda func, units: mapper.map(func, units, batch_size=1))
