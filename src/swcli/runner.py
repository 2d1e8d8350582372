"""One runner for every record stage: here, over whole files, over batches of pages, or on Dask.

The command line hands it a `Stage` (`pipeline.py`), the inputs and one
`RunOptions`; the runner picks how to run from them, and every way gives
the same records in the same order as one process:

- `--dask ADDRESS`: one input file a task on the cluster (`cluster.py`);
- `--jobs N` over several raw-text files: one whole file a worker task,
  through every stage, so the parent only writes (`by_file`);
- `--jobs N` otherwise: pages to workers; a splitting stage in batches
  that the parent stitches (`batches.py`), cleaning page by page;
- else the stage in this process, lazily.

Which reader an input needs (raw text, JSON Lines, PDF, page image) is
decided once, where it is opened (`inputs.read_inputs`).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Iterator

from .inputs import SkipCounter, read_inputs
from .pipeline import ENTITIES, Item, OnStray, Stage


@dataclass(frozen=True)
class RunOptions:
    """How to run: worker processes, a Dask scheduler, bad JSON Lines skipped, output encoding.

    With `for_jsonl` the records only go to orjson, so workers may send them
    back encoded (`orjson.Fragment`s) instead of as dicts to pickle.
    """

    jobs: int = 1
    dask: str | None = None
    skip_bad: bool = False
    for_jsonl: bool = False


def records(stage: Stage, paths: list[str] | None, options: RunOptions, on_stray: OnStray | None = None,
            counter: SkipCounter | None = None) -> Iterator:
    """The stage's records over the inputs, in input order, however they are run."""
    counter = counter if counter is not None else SkipCounter()
    if options.dask:
        return _flat(per_input(stage, paths, options), counter)
    if whole_files(paths, options.jobs):
        return by_file(stage, paths or [], options, on_stray or _ignore, counter)
    return over_items(stage, read_inputs(paths, options.skip_bad, counter), options, on_stray)


def over_items(stage: Stage, items: Iterable[Item], options: RunOptions, on_stray: OnStray | None = None) -> Iterator:
    """The stage over inputs already read: here, or over `options.jobs` processes."""
    if options.jobs == 1:
        return stage.run(items, on_stray)
    if not stage.splits:
        from .parallel import imap_ordered

        return imap_ordered(stage.lift, items, options.jobs)
    from .batches import over_jobs

    return over_jobs(items, stage, on_stray, options.jobs, options.for_jsonl)


def per_input(stage: Stage, paths: list[str] | None, options: RunOptions) -> Iterator[tuple[str, list[dict], int]]:
    """(input name, its records, its skipped count) for each input, on the Dask cluster."""
    from . import cluster

    return cluster.records(paths, stage, options.dask or "local", options.skip_bad)


def summary(paths: list[str] | None, options: RunOptions, counter: SkipCounter):
    """The stats `Partial` of all articles with their entities (`stats`)."""
    from .stats import partial

    if options.dask:
        from . import cluster

        merged, skipped = cluster.summary_partial(paths, options.dask, options.skip_bad)
        counter.skipped += skipped
        return merged
    return partial(over_items(ENTITIES, read_inputs(paths, options.skip_bad, counter), options))


def _flat(results: Iterator[tuple[str, list[dict], int]], counter: SkipCounter) -> Iterator[dict]:
    for _, recs, skipped in results:
        counter.skipped += skipped
        yield from recs


def _ignore(doc: str, page: int, what: str) -> None:
    pass


def whole_files(paths: list[str] | None, jobs: int) -> bool:
    """With --jobs and several raw-text files, each worker takes whole files (`by_file`).

    JSON Lines inputs may continue one document from file to file, so they go page by page.
    """
    if jobs == 1 or not paths or len(paths) < 2 or "-" in paths:
        return False
    from .inputs import is_raw_text

    return all(is_raw_text(p) for p in paths)


def _file_through(unit: tuple[str, Stage, bool, bool]) -> tuple[list, list[tuple[str, int, str]], int]:
    """On a worker: one whole input file through one stage; its records (encoded, for JSON Lines
    output), stray reports, skipped count."""
    import orjson

    path, stage, skip_bad, for_jsonl = unit
    counter = SkipCounter()
    strays: list[tuple[str, int, str]] = []
    items = read_inputs([path], skip_bad, counter)
    done = list(stage.run(items, lambda doc, page, what: strays.append((doc, page, what))))
    if for_jsonl:
        return [orjson.dumps(r) for r in done], strays, counter.skipped
    return done, strays, counter.skipped


def by_file(stage: Stage, paths: list[str], options: RunOptions, on_stray: OnStray,
            counter: SkipCounter) -> Iterator:
    """Several raw-text files over `options.jobs` processes, one file a task, records in input order.

    Every file is a document of its own (its pages start at 1), so a worker
    can take a file through every stage and the parent only writes: this
    spreads the work better than page by page when there are many files.
    """
    import orjson

    from .parallel import Mapper

    if stage.warm_up is not None:
        stage.warm_up()
    with Mapper(options.jobs) as mapper:
        units = [(p, stage, options.skip_bad, options.for_jsonl) for p in paths]
        for done, strays, skipped in mapper.map(_file_through, units, batch_size=1):
            for stray in strays:
                on_stray(*stray)
            counter.skipped += skipped
            yield from (map(orjson.Fragment, done) if options.for_jsonl else done)
