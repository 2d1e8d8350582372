"""Spreading work over processes, keeping its order (`--jobs`).

A pool maps a function over tasks in order while the parent reads and
writes: pages to clean, batches of pages to split (`batches`), whole files
(`pipeline.by_file`).  `jobs=0` means one process per core.
"""
from __future__ import annotations

import multiprocessing
import os
import queue
import threading
from typing import Callable, Iterable, Iterator, TypeVar

T = TypeVar("T")
R = TypeVar("R")


def cores() -> int:
    return os.cpu_count() or 1


def workers(jobs: int) -> int:
    """Processes for `--jobs`: one per core for 0, and never more than the cores, since a
    process past them only adds memory and start-up (`--jobs 10000` would fork thousands)."""
    return min(jobs, cores()) if jobs > 0 else cores()


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

    def map(self, func: Callable[[T], R], items: Iterable[T], batch_size: int = BATCH) -> Iterator[R]:
        """Results in input order, with at most a few tasks per worker in flight.

        A feeder thread pulls `items` and submits the tasks (`apply_async`)
        while this thread waits on the results in order, so reading goes on
        while a slow result is awaited.  The queue between the two bounds
        memory to the window.
        """
        if self._pool is None:
            yield from map(func, items)
            return
        pool = self._pool
        pending: queue.Queue = queue.Queue(maxsize=self.size * 4)
        stop = threading.Event()

        def feed() -> None:
            try:
                batch: list = []
                for item in items:
                    if stop.is_set():
                        return
                    batch.append(item)
                    if len(batch) == batch_size:
                        pending.put(pool.apply_async(_run_batch, (func, batch)))
                        batch = []
                if batch:
                    pending.put(pool.apply_async(_run_batch, (func, batch)))
                pending.put(_Done())
            except BaseException as err:  # reading or splitting failed: the consumer raises it
                pending.put(_Done(err))

        threading.Thread(target=feed, name="swcli-feeder", daemon=True).start()
        try:
            while not isinstance(task := pending.get(), _Done):
                yield from task.get()
            if task.error is not None:
                raise task.error
        finally:
            stop.set()


class _Done:
    """The feeder's last word: the items ran out, or reading them failed."""

    def __init__(self, error: BaseException | None = None):
        self.error = error


def imap_ordered(func: Callable[[T], R], items: Iterable[T], jobs: int) -> Iterator[R]:
    """`map(func, items)` over `jobs` processes, results in input order, streaming."""
    with Mapper(jobs) as mapper:
        yield from mapper.map(func, items)
