"""Spreading independent records over processes, keeping their order (`--jobs`).

Pages clean independently and articles get entities independently, so a
pool maps the per-record function in order (`imap`); reading, splitting
(which needs neighbouring pages for jump lines) and writing stay in the
parent.  `jobs=0` means one process per core.
"""
from __future__ import annotations

import multiprocessing
import os
from typing import Callable, Iterable, Iterator, TypeVar

T = TypeVar("T")
R = TypeVar("R")


def workers(jobs: int) -> int:
    return jobs if jobs > 0 else (os.cpu_count() or 1)


def imap_ordered(func: Callable[[T], R], items: Iterable[T], jobs: int, chunksize: int = 8) -> Iterator[R]:
    """`map(func, items)` over `jobs` processes, results in input order, streaming."""
    n = workers(jobs)
    if n == 1:
        yield from map(func, items)
        return
    context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn")
    with context.Pool(n) as pool:
        yield from pool.imap(func, items, chunksize)
