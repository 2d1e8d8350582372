"""Reading what the user gives: paths or '-', decoded in a fixed order, raw or JSONL.

Takes file paths (or none / '-' for standard input) and yields, in input
order, either `RawPage` objects (one per form-feed separated page of raw
text) or record dicts (one per JSON Lines object).  Example:

    >>> list(read_inputs(["page.txt"]))          # doctest: +SKIP
    [RawPage(doc='page.txt', page=1, text='…', path='page.txt')]

Bytes are decoded by `detect_encoding`: UTF-8 (with or without BOM), UTF-16
with a BOM, then GB18030; anything else is an `InputError` naming the byte
offset.  Raw text is told from JSONL by peeking at the first non-blank line,
never by seeking the caller's stream (stdin cannot seek; it is spooled).
Memory stays bounded by one page: the file is validated in one streaming
pass and decoded in a second.
"""
from __future__ import annotations

import codecs
import io
import os
import stat
import sys
import tempfile
from dataclasses import dataclass
from typing import BinaryIO, Iterable, Iterator

import orjson

from .errors import InputError, RecordError

CHUNK = 1 << 20


@dataclass
class RawPage:
    """One page of raw text: `doc` is the file's base name, `page` counts from 1."""

    doc: str
    page: int
    text: str
    path: str


@dataclass
class SkipCounter:
    """Counts records skipped with --skip-bad, so the CLI can report them."""

    skipped: int = 0


def detect_encoding(stream: BinaryIO, path: str) -> str:
    """Return the codec that decodes the whole seekable stream, trying them in order."""
    head = stream.read(4)
    stream.seek(0)
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        return "utf-16"
    first_bad: int | None = None
    for encoding in ("utf-8", "gb18030"):
        decoder = codecs.getincrementaldecoder(encoding)()
        consumed = 0
        try:
            while chunk := stream.read(CHUNK):
                pending = len(decoder.getstate()[0])
                try:
                    decoder.decode(chunk)
                except UnicodeDecodeError as err:
                    raise _Offset(consumed - pending + err.start) from None
                consumed += len(chunk)
            try:
                decoder.decode(b"", final=True)
            except UnicodeDecodeError as err:
                pending = len(decoder.getstate()[0])
                raise _Offset(consumed - pending + err.start) from None
        except _Offset as bad:
            if first_bad is None:
                first_bad = bad.offset
            stream.seek(0)
            continue
        stream.seek(0)
        return encoding
    raise InputError(
        f"cannot decode: not UTF-8, UTF-16 (with BOM) or GB18030; first bad byte at offset {first_bad}",
        path,
    )


class _Offset(Exception):
    def __init__(self, offset: int):
        self.offset = offset


def _spooled(source: BinaryIO) -> BinaryIO:
    """A stream that cannot seek (a pipe, a FIFO, a terminal) read once into a seekable spool."""
    spool = tempfile.SpooledTemporaryFile(max_size=16 * CHUNK)
    while chunk := source.read(CHUNK):
        spool.write(chunk)
    spool.seek(0)
    return spool  # type: ignore[return-value]


def shown_name(path: str) -> str:
    """A file name as text that can be printed and written to JSON: bytes that are not UTF-8
    (kept by Python as surrogates) shown as `\\xff` escapes."""
    return path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def _open(path: str) -> tuple[BinaryIO, str, str]:
    """Open a path (or '-') as a seekable binary stream; return it, its display name and doc."""
    if path == "-":
        return _spooled(sys.stdin.buffer), "<stdin>", "stdin"
    name = shown_name(path)
    try:
        if os.path.isdir(path):
            raise InputError("is a directory", name)
        stream = open(path, "rb")
        if not stat.S_ISREG(os.fstat(stream.fileno()).st_mode):  # a FIFO, /dev/stdin, <(…): read once
            with stream:
                return _spooled(stream), name, os.path.basename(name)
        return stream, name, os.path.basename(name)
    except FileNotFoundError:
        raise InputError("no such file", name) from None
    except PermissionError:
        raise InputError("permission denied", name) from None
    except OSError as err:
        raise InputError(err.strerror or str(err), name) from None


def _text(stream: BinaryIO, encoding: str) -> io.TextIOWrapper:
    """The decoded stream; CRLF and CR read as line ends."""
    return io.TextIOWrapper(stream, encoding=encoding, newline=None)


def _lines(text: Iterable[str]) -> Iterator[str]:
    """Lines with their ends removed."""
    for line in text:
        yield line.rstrip("\n")


def _looks_like_jsonl(line: str) -> bool:
    stripped = line.strip()
    if not stripped or stripped[0] not in "{[":
        return False
    try:
        orjson.loads(stripped)
    except orjson.JSONDecodeError:
        return False
    return True


def _pages(text: io.TextIOWrapper, head: str, doc: str, path: str) -> Iterator[RawPage]:
    """Split decoded text into pages at form feeds, reading a chunk at a time.

    `head` is what was already read off `text`.  A page's text is what stands
    between two form feeds; the file's last line end is not part of it.
    """
    page_no, pending = 1, head
    while True:
        chunk = text.read(CHUNK)
        pending += chunk
        *done, pending = pending.split("\f")
        for page in done:
            yield RawPage(doc, page_no, page, path)
            page_no += 1
        if not chunk:
            break
    if pending.endswith("\n"):
        pending = pending[:-1]
    if pending.strip():
        yield RawPage(doc, page_no, pending, path)


def is_raw_text(path: str) -> bool:
    """Does this file hold raw page text (not JSON Lines)?  A peek at its start, for planning work;
    a file that cannot be opened counts as raw, and reading it later reports the error; a file
    that is not a regular one is never peeked at (False)."""
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return False  # a FIFO read here would lose what it read: it goes the streaming way
        with open(path, "rb") as stream:
            head = stream.read(CHUNK)
    except OSError:
        return True
    encoding = "utf-16" if head[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE) else "utf-8-sig"
    text = head.decode(encoding, errors="replace")
    first = next((line for line in text.splitlines() if line.strip()), "")
    return not _looks_like_jsonl(first)


def _records(lines: Iterable[str], path: str, skip_bad: bool, counter: SkipCounter) -> Iterator[dict]:
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            record = orjson.loads(line)
        except orjson.JSONDecodeError as err:
            reason = f"not valid JSON ({err})"
            record = None
        else:
            reason = "not a JSON object"
        if isinstance(record, dict):
            yield record
            continue
        if not skip_bad:
            raise RecordError(reason, path, number)
        counter.skipped += 1


def read_inputs(
    paths: list[str] | None,
    skip_bad: bool = False,
    counter: SkipCounter | None = None,
) -> Iterator[RawPage | dict]:
    """Yield raw pages and records from every input, in order."""
    counter = counter or SkipCounter()
    for path in paths or ["-"]:
        stream, name, doc = _open(path)
        with stream:
            yield from read_stream(stream, name, doc, skip_bad, counter)


def read_stream(stream: BinaryIO, name: str, doc: str, skip_bad: bool = False,
                counter: SkipCounter | None = None) -> Iterator[RawPage | dict]:
    """Raw pages or records from one seekable binary stream (a file, spooled stdin, bytes)."""
    counter = counter or SkipCounter()
    encoding = detect_encoding(stream, name)
    text = _text(stream, encoding)
    peeked: list[str] = []
    for line in text:
        peeked.append(line)
        if line.strip():
            break
    if not any(l.strip() for l in peeked):
        return
    if _looks_like_jsonl(peeked[-1]):
        yield from _records(_lines(_chain(peeked, text)), name, skip_bad, counter)
    else:
        yield from _pages(text, "".join(peeked), doc, name)


def read_bytes(data: bytes, name: str, doc: str, skip_bad: bool = False,
               counter: SkipCounter | None = None) -> Iterator[RawPage | dict]:
    """The same as reading a file, from bytes already in memory (stdin shipped to a worker)."""
    return read_stream(io.BytesIO(data), name, doc, skip_bad, counter)


def stdin_bytes() -> bytes:
    """All of standard input, for the runs that must send it elsewhere."""
    return sys.stdin.buffer.read()


def _chain(first: list[str], rest: Iterator[str]) -> Iterator[str]:
    yield from first
    yield from rest

