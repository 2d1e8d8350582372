"""Spreading work over processes, keeping its order (`--jobs`).

A pool maps a function over tasks in order while the parent reads and
writes: pages to clean, batches of pages to split (`batches`), whole files
(`runner.by_file`).  `jobs=0` means one process per core.
"""
from __future__ import annotations

import multiprocessing
import os
import queue
import signal
import threading
import time
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Callable, Iterable, Iterator, TypeVar

from .errors import SwcliError

T = TypeVar("T")
R = TypeVar("R")

PARENT_POLL_SECONDS = 0.5  # how soon a worker notices its parent is gone and ends itself
REAP_SECONDS = 2.0  # how long a terminated worker gets to end before it is killed


class WorkerDied(SwcliError):
    """A worker process ended without its result: killed, or out of memory."""


def cores() -> int:
    return os.cpu_count() or 1


def workers(jobs: int) -> int:
    """Processes for `--jobs`: one per core for 0, and never more than the cores, since a
    process past them only adds memory and start-up (`--jobs 10000` would fork thousands)."""
    return min(jobs, cores()) if jobs > 0 else cores()


BATCH = 16  # records a task: enough to pay for the round trip, few enough to stream


def _run_batch(func: Callable[[T], R], batch: list[T]) -> list[R]:
    return [func(item) for item in batch]


def _worker_start(parent: int) -> None:
    """In each worker: Ctrl-C is the parent's to handle (so no worker prints a traceback),
    SIGTERM and SIGHUP end it at once, and it ends by itself when its parent is gone, however
    the parent died (`kill -9` leaves no orphans)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGHUP, signal.SIG_DFL)
    threading.Thread(target=_watch_parent, args=(parent,), name="swcli-orphan-watch", daemon=True).start()


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(PARENT_POLL_SECONDS)
    os._exit(1)


def _ready() -> None:
    """A first task, run so that the workers are forked now, from the main thread."""


def _stop_workers() -> None:
    """End every worker now: on success they are idle, on failure their work is not wanted."""
    children = multiprocessing.active_children()
    for child in children:
        child.terminate()
    for child in children:
        child.join(REAP_SECONDS)
        if child.is_alive():
            child.kill()
            child.join()


class Mapper:
    """An ordered, streaming `map` over `jobs` processes; one pool serves every stage of a run.

    A worker that dies (`kill -9`, the OOM killer) fails the run with `WorkerDied` instead of
    leaving its task unanswered; leaving the `with` block, however it is left, ends every worker.
    """

    def __init__(self, jobs: int):
        self.size = workers(jobs)
        self._pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> "Mapper":
        if self.size > 1:
            methods = multiprocessing.get_all_start_methods()
            context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
            self._pool = ProcessPoolExecutor(self.size, mp_context=context, initializer=_worker_start,
                                             initargs=(os.getpid(),))
            self._result(self._pool.submit(_ready))
        return self

    def __exit__(self, *exc) -> None:
        if self._pool is not None:
            # Python 3.11's exit hook wakes the pool's manager thread through a pipe that thread
            # may be closing that moment (`OSError: Bad file descriptor` printed at exit): the
            # thread is joined here, once the workers are gone and it has nothing left to wait on
            manager = getattr(self._pool, "_executor_manager_thread", None)
            self._pool.shutdown(wait=False, cancel_futures=True)
            _stop_workers()
            if manager is not None:
                manager.join(REAP_SECONDS)
            self._pool = None

    @staticmethod
    def _result(task: Future) -> list:
        try:
            return task.result()
        except BrokenProcessPool:
            raise WorkerDied("a worker process died (killed, or out of memory); nothing was written") from None

    def map(self, func: Callable[[T], R], items: Iterable[T], batch_size: int = BATCH) -> Iterator[R]:
        """Results in input order, with at most a few tasks per worker in flight.

        A feeder thread pulls `items` and submits the tasks while this thread
        waits on the results in order, so reading goes on while a slow result
        is awaited.  The queue between the two bounds memory to the window.
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
                        pending.put(pool.submit(_run_batch, func, batch))
                        batch = []
                if batch:
                    pending.put(pool.submit(_run_batch, func, batch))
                pending.put(_Done())
            except BaseException as err:  # reading or splitting failed: the consumer raises it
                pending.put(_Done(err))

        threading.Thread(target=feed, name="swcli-feeder", daemon=True).start()
        try:
            while not isinstance(task := pending.get(), _Done):
                yield from self._result(task)
            if isinstance(task.error, BrokenProcessPool):
                raise WorkerDied("a worker process died (killed, or out of memory); nothing was written")
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
