"""The same stages on a Dask cluster (`--dask ADDRESS`, `--dask local`).

Dask is an optional extra (`pip install 'swcli[dask]'`); nothing here is
imported without `--dask`.  The unit of work is one input file: a
`dask.bag` holds the inputs, one partition each, and every worker runs the
same stage values as a local run (`pipeline.py`, `stats.py`) on its
file.  Results come back in input order, so a cluster run prints exactly
what a plain run prints; `stats` gets one `Partial` per file (the
within-article rules already applied) and merges them in order.

Standard input is read by the client and shipped to a worker as bytes.
`--dask local` starts a `LocalCluster` of two worker processes on loopback.
"""
from __future__ import annotations

import logging
import os
from contextlib import contextmanager
from typing import TYPE_CHECKING, Iterator

from .errors import InputError, UsageError

if TYPE_CHECKING:
    from .pipeline import Stage

INSTALL_HINT = "--dask needs Dask: pip install 'swcli[dask]'"


@contextmanager
def client(address: str) -> Iterator:
    """A Dask client for `address`, or for a loopback LocalCluster with `local`."""
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise UsageError(INSTALL_HINT) from None
    if address == "local":
        with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                          dashboard_address=None, silence_logs=logging.CRITICAL) as cluster, Client(cluster) as c:
            yield c
        return
    try:
        c = Client(address, timeout="20s")
    except (OSError, TimeoutError, ValueError) as err:
        raise UsageError(f"cannot reach the Dask scheduler at {address}: {err}") from None
    with c:
        yield c


def _units(paths: list[str] | None) -> list[tuple[str, bytes | None]]:
    """(path, None) for files, ('-', data) for standard input, which the client reads."""
    from .inputs import stdin_bytes

    units = []
    for path in paths or ["-"]:
        if path == "-":
            units.append(("-", stdin_bytes()))
        elif not os.path.exists(path):
            raise InputError("no such file", path)
        else:
            units.append((path, None))
    return units


def _read(unit: tuple[str, bytes | None], skip_bad: bool):
    from .inputs import SkipCounter, read_bytes, read_inputs

    counter = SkipCounter()
    path, data = unit
    items = read_bytes(data, "<stdin>", "stdin", skip_bad, counter) if data is not None else read_inputs([path], skip_bad, counter)
    return items, counter


def run_stage(unit: tuple[str, bytes | None], stage: "Stage", skip_bad: bool) -> tuple[list[dict], int]:
    """On a worker: one input through one stage; the records and how many bad ones were skipped."""
    items, counter = _read(unit, skip_bad)
    return list(stage.run(items)), counter.skipped


def run_partial(unit: tuple[str, bytes | None], skip_bad: bool):
    """On a worker: one input's articles with entities, summed up as a stats `Partial`."""
    from .pipeline import ENTITIES
    from .stats import partial

    items, counter = _read(unit, skip_bad)
    return partial(ENTITIES.run(items)), counter.skipped


def _compute(address: str, units: list, func, *args) -> Iterator:
    """Map `func` over the units as a dask.bag, one partition each; yield results in input order."""
    import dask.bag as db

    with client(address) as c:
        bag = db.from_sequence(units, npartitions=max(1, len(units))).map(func, *args)
        futures = c.compute(bag.to_delayed())
        for future in futures:
            for result in future.result():
                yield result


def records(paths: list[str] | None, stage: "Stage", address: str, skip_bad: bool = False) -> Iterator[tuple[str, list[dict], int]]:
    """(input name, its records, skipped count) for each input, in input order."""
    units = _units(paths)
    results = _compute(address, units, run_stage, stage, skip_bad)
    for (path, _), (recs, skipped) in zip(units, results):
        yield path, recs, skipped


def summary_partial(paths: list[str] | None, address: str, skip_bad: bool = False):
    """The merged stats `Partial` of all inputs, and the skipped count."""
    from .stats import Partial

    total, skipped = Partial(), 0
    for part, n in _compute(address, _units(paths), run_partial, skip_bad):
        total.merge(part)
        skipped += n
    return total, skipped
