"""Spreading independent records over processes, keeping their order (`--jobs`).

Pages clean independently and articles get entities independently, so a
pool maps the per-record function in order (`imap`); reading, splitting
(which needs neighbouring pages for jump lines) and writing stay in the
parent.  `jobs=0` means one process per core.
"""
from __future__ import annotations

import multiprocessing
import os
from collections import deque
from typing import Callable, Iterable, Iterator, TypeVar

T = TypeVar("T")
R = TypeVar("R")


def workers(jobs: int) -> int:
    return jobs if jobs > 0 else (os.cpu_count() or 1)


BATCH = 16  # records a task: enough to pay for the round trip, few enough to stream


def _run_batch(func: Callable[[T], R], batch: list[T]) -> list[R]:
    return [func(item) for item in batch]


class Mapper:
    """An ordered, streaming `map` over `jobs` processes; one pool serves every stage of a run."""

    def __init__(self, jobs: int):
        self.size = workers(jobs)
        self._pool = None

    def __enter__(self) -> "Mapper":
        if self.size > 1:
            methods = multiprocessing.get_all_start_methods()
            context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
            self._pool = context.Pool(self.size)
        return self

    def __exit__(self, *exc) -> None:
        if self._pool is not None:
            self._pool.terminate()
            self._pool = None

    def map(self, func: Callable[[T], R], items: Iterable[T]) -> Iterator[R]:
        """Results in input order, with at most a few tasks per worker in flight.

        The caller's thread submits the tasks (`apply_async`) as it pulls
        results, so maps can feed one another on the same pool (pages to
        clean, then articles to tag) without a feeder thread waiting on
        itself, and memory stays bounded by the window.
        """
        if self._pool is None:
            yield from map(func, items)
            return
        window = self.size * 4
        pending: deque = deque()
        batch: list = []
        for item in items:
            batch.append(item)
            if len(batch) == BATCH:
                pending.append(self._pool.apply_async(_run_batch, (func, batch)))
                batch = []
                if len(pending) >= window:
                    yield from pending.popleft().get()
        if batch:
            pending.append(self._pool.apply_async(_run_batch, (func, batch)))
        while pending:
            yield from pending.popleft().get()


def imap_ordered(func: Callable[[T], R], items: Iterable[T], jobs: int) -> Iterator[R]:
    """`map(func, items)` over `jobs` processes, results in input order, streaming."""
    with Mapper(jobs) as mapper:
        yield from mapper.map(func, items)
