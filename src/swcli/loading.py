"""Files into an archive (`swcli load`): one transaction for the whole load.

Each file is hashed first; a file already loaded under its name with the
same bytes is skipped without being read again, so a second load of the
same files changes nothing.  Every other file is cleaned, split and tagged
(here, or one file a worker with `--jobs`) and stored in place of what an
earlier load of its name left.  Nothing is committed until every file is
done: a load that fails, is interrupted or killed leaves the archive as it
was, and can simply be run again.
"""
from __future__ import annotations

import os
import sqlite3
import tempfile
from typing import Callable, Iterator, NamedTuple

from .archive import Document, Loaded, digest, open_for_writing, store, unchanged
from .errors import InputError, OutputError
from .inputs import RawPage, SkipCounter, open_input, read_open, shown_name
from .pipeline import SPLIT, OnStray
from .records import is_article, is_page


class Source(NamedTuple):
    """A file to load: where its bytes are, how it is shown, its articles' `doc`, its row's name."""

    path: str
    shown: str
    doc: str
    name: str


class Outcome(NamedTuple):
    files: int  # loaded (new or changed)
    unchanged: int
    articles: int
    skipped: int  # bad JSON Lines records skipped (--skip-bad)


class Prepared(NamedTuple):
    pages: int
    articles: list[Loaded]
    strays: list[tuple[str, int, str]]
    skipped: int


def prepare(unit: tuple[Source, bool]) -> Prepared:
    """One file cleaned, split and tagged (on a worker with --jobs): its pages and articles."""
    from .entities import extract_entities

    source, skip_bad = unit
    counter = SkipCounter()
    strays: list[tuple[str, int, str]] = []
    pages: set[tuple] = set()

    def counted(items: Iterator) -> Iterator:
        for item in items:
            if isinstance(item, RawPage):
                pages.add((item.doc, item.page))
            elif isinstance(item, dict) and is_page(item):
                pages.add((str(item.get("doc")), str(item.get("page"))))
            yield item

    articles = []
    stream = open_input(source.path)[0]
    with stream:
        items = counted(read_open(stream, source.shown, source.doc, True, skip_bad, counter, source.path))
        for record in SPLIT.run(items, lambda doc, page, what: strays.append((doc, page, what))):
            if is_article(record):
                articles.append(Loaded(record, None if "entities" in record else extract_entities(record)))
    # a file of articles (JSON Lines, an archive) shows its pages only through them
    count = len(pages) or len({(str(a.record.get("doc")), str(a.record.get("page"))) for a in articles})
    return Prepared(count, articles, strays, counter.skipped)


def _spool(stream, shown: str) -> tuple[str, str, int]:
    """A stream that can be read once (standard input, a FIFO) copied to a temporary file,
    hashed on the way: (its path, sha256, size)."""
    fd, path = tempfile.mkstemp(prefix="swcli-load-")
    try:
        with os.fdopen(fd, "wb") as out:
            sha, size = digest(stream, out)
    except OSError as err:
        os.unlink(path)
        raise InputError(f"cannot keep a copy to load: {err.strerror or err}", shown) from None
    except BaseException:
        os.unlink(path)
        raise
    return path, sha, size


def _identify(path: str, spools: list[str]) -> tuple[Source, str, int]:
    """The source a path names, with its sha256 and size; a stream that can be read once
    (standard input, a FIFO, `<(…)`) is spooled to a temporary file first."""
    stream, shown, doc, regular = open_input(path)
    try:
        if regular:
            sha, size = digest(stream)
            return Source(path, shown, doc, doc), sha, size
        copy, sha, size = _spool(stream, shown)
        spools.append(copy)
        name = f"stdin-{sha[:12]}" if path == "-" else doc  # standard input: each content its own document
        return Source(copy, shown, doc, name), sha, size
    finally:
        if path != "-":
            stream.close()


def _prepared(units: list[tuple[Source, bool]], jobs: int) -> Iterator[Prepared]:
    if jobs == 1 or len(units) < 2:
        yield from map(prepare, units)
        return
    from .parallel import Mapper
    from .pipeline import ENTITIES

    if ENTITIES.warm_up is not None:
        ENTITIES.warm_up()  # the workers fork with the segmenter loaded
    with Mapper(jobs) as mapper:
        yield from mapper.map(prepare, units, batch_size=1)


def _roll_back(conn: sqlite3.Connection) -> None:
    """Undo the load; when even that fails (the disk went away), the journal undoes it at the
    next open."""
    try:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
    except sqlite3.Error:
        pass


def _nothing(*args) -> None:
    pass


def load_files(db: str, paths: list[str] | None, jobs: int = 1, skip_bad: bool = False,
               on_stray: OnStray = _nothing, on_file: Callable[[str], None] = _nothing) -> Outcome:
    """Load files (none: standard input) into the archive at `db`, all or nothing.

    `on_file` is told each file's name as it is done (a progress bar); `on_stray`
    what the split could not place, as in `split --verbose`."""
    db_shown = shown_name(db)
    spools: list[str] = []
    conn = open_for_writing(db, db_shown)
    files = kept = articles = skipped = 0
    try:
        conn.execute("BEGIN IMMEDIATE")  # a second load waits here, not half-way
        todo: list[tuple[Source, str, int]] = []
        for path in paths or ["-"]:
            if path != "-" and os.path.exists(path) and os.path.samefile(path, db):
                raise InputError("is the archive being loaded into", shown_name(path))
            source, sha, size = _identify(path, spools)
            if unchanged(conn, source.name, sha):
                kept += 1
                on_file(source.shown)
                continue
            todo.append((source, sha, size))
        for (source, sha, size), done in zip(todo, _prepared([(s, skip_bad) for s, _, _ in todo], jobs)):
            for stray in done.strays:
                on_stray(*stray)
            skipped += done.skipped
            articles += store(conn, Document(source.name, source.shown, sha, size, done.pages), done.articles)
            files += 1
            on_file(source.shown)
        conn.execute("COMMIT")
    except BaseException as err:
        _roll_back(conn)
        if isinstance(err, sqlite3.Error):
            raise OutputError(f"cannot write the archive: {err}", db_shown) from None
        raise
    finally:
        conn.close()
        for copy in spools:
            os.unlink(copy)
    return Outcome(files, kept, articles, skipped)
