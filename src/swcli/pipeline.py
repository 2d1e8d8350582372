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

from .inputs import RawPage, SkipCounter
from .records import is_article, is_page

Item = RawPage | dict


def page_of(item: Item) -> dict:
    """A raw page cleaned; a record as it is."""
    if isinstance(item, RawPage):
        from .layout import clean_page

        return clean_page(item.text, item.doc, item.page, item.sizes)
    return item


def to_pages(items: Iterable[Item], jobs: int = 1) -> Iterator[dict]:
    """Raw pages are cleaned (over `jobs` processes); records pass through."""
    if jobs == 1:
        return map(page_of, items)
    from .parallel import imap_ordered

    return imap_ordered(page_of, items, jobs)


def to_articles(items: Iterable[Item], on_stray: Callable | None = None, jobs: int = 1,
                for_jsonl: bool = False) -> Iterator:
    """Pages (raw or cleaned) are split into articles; article records pass through.

    Runs of page records are split lazily, so a pipe downstream starts at once.
    With several jobs, workers take batches of pages whole (`batches`); with
    `for_jsonl` (the records only go to orjson) they come back encoded, as
    `orjson.Fragment`s.
    """
    if jobs != 1:
        from .batches import over_jobs

        return over_jobs(items, "split", on_stray, jobs, for_jsonl)
    return _split_runs(map(page_of, items), on_stray)


def _split_runs(pages: Iterable[dict], on_stray: Callable | None) -> Iterator[dict]:
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
    from .entities import add_entities

    return add_entities(record) if needs_entities(record) else record


def to_entities(items: Iterable[Item], on_stray: Callable | None = None, jobs: int = 1,
                for_jsonl: bool = False) -> Iterator:
    """Articles get `entities` unless they already carry them (over `jobs` processes, as `to_articles`)."""
    if jobs != 1:
        from .batches import over_jobs

        return over_jobs(items, "entities", on_stray, jobs, for_jsonl)
    return map(with_entities, to_articles(items, on_stray))


def run_stage(command: str, items: Iterable[Item], on_stray: Callable | None = None, jobs: int = 1,
              for_jsonl: bool = False) -> Iterator[dict]:
    """`clean`, `split` or `entities` over mixed input (see the functions above)."""
    if command == "clean":
        return to_pages(items, jobs)
    if command == "split":
        return to_articles(items, on_stray, jobs, for_jsonl)
    return to_entities(items, on_stray, jobs, for_jsonl)


def _file_through(unit: tuple[str, str, bool, bool]) -> tuple[list, list[tuple[str, int, str]], int]:
    """On a worker: one whole input file through one stage; its records (encoded, for JSON Lines
    output), stray reports, skipped count."""
    import orjson

    from .inputs import read_inputs

    path, command, skip_bad, for_jsonl = unit
    counter = SkipCounter()
    strays: list[tuple[str, int, str]] = []
    items = read_inputs([path], skip_bad, counter)
    records = list(run_stage(command, items, lambda doc, page, what: strays.append((doc, page, what))))
    if for_jsonl:
        return [orjson.dumps(r) for r in records], strays, counter.skipped
    return records, strays, counter.skipped


def load_before_fork(command: str) -> None:
    """Workers forked after this start with the segmenter and gazetteer in memory (`entities`)."""
    if command == "entities":
        from .entities import prepare

        prepare()


def by_file(paths: list[str], command: str, jobs: int, skip_bad: bool, on_stray: Callable,
            counter: SkipCounter, for_jsonl: bool = False) -> Iterator:
    """Several raw-text files over `jobs` processes, one file a task, records in input order.

    Every file is a document of its own (its pages start at 1), so a worker
    can take a file through every stage and the parent only writes: this
    spreads the work better than page by page when there are many files.
    With `for_jsonl` the records come back encoded, as `orjson.Fragment`s.
    """
    import orjson

    from .parallel import Mapper

    load_before_fork(command)
    with Mapper(jobs) as mapper:
        units = [(p, command, skip_bad, for_jsonl) for p in paths]
        for records, strays, skipped in mapper.map(_file_through, units, batch_size=1):
            for stray in strays:
                on_stray(*stray)
            counter.skipped += skipped
            yield from (map(orjson.Fragment, records) if for_jsonl else records)

