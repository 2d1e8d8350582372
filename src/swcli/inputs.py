"""Reading what the user gives: paths or '-', decoded in a fixed order, raw or JSONL, streamed.

Takes file paths (or none / '-' for standard input) and yields, in input
order, either `RawPage` objects (one per form-feed separated page of raw
text) or record dicts (one per JSON Lines object).  Example:

    >>> list(read_inputs(["page.txt"]))          # doctest: +SKIP
    [RawPage(doc='page.txt', page=1, text='…', path='page.txt')]

Bytes are UTF-8 (with or without BOM), UTF-16 with a BOM, or GB18030 when
UTF-8 fails and the text reads as Chinese in GB18030 and not in UTF-8;
anything else is an `InputError` naming the first bad byte's offset.  A
regular file is checked whole before anything is read from it, so a bad
byte near its end gives no partial output.  A pipe, FIFO or terminal is
never spooled: the encoding and raw-vs-JSONL are decided from its first
bytes, and pages (a form feed ends one) and records are yielded as they
arrive, so memory is bounded by one page, and a page without end is an
error at `MAX_PAGE_CHARS`, not a full disk.
"""
from __future__ import annotations

import codecs
import io
import os
import re
import stat
import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING, BinaryIO, Iterable, Iterator

import orjson

from .errors import InputError, RecordError

if TYPE_CHECKING:
    from .records import SearchHint, StoredArticle
    from .textutil import Box

CHUNK = 1 << 20  # bytes read at a time
MAX_PAGE_CHARS = 1 << 24  # 16 M characters: a page (or a JSON line) past this is not a newsletter page
MAX_JSON_DEPTH = 64  # records nest four deep; orjson would parse thousands, and Python code then recurse
SNIFF_BYTES = 1 << 16  # bytes of a file's start that show whether GB18030 reads as Chinese
MAX_PDF_BYTES = 1 << 28  # 256 MB: a PDF or image piped in is held whole (PDFium reads it at random)
MAGIC_BYTES = 16  # enough of a file's start to tell a PDF, PNG, JPEG, TIFF or SQLite archive
SQLITE_MAGIC = b"SQLite format 3\x00"  # an archive `swcli load` wrote
PLAUSIBLE_SHARE = 0.5  # share of Han characters among the 3,755 common ones that makes a decoding plausible


@dataclass
class RawPage:
    """One page of raw text: `doc` is the file's base name, `page` counts from 1."""

    doc: str
    page: int
    text: str
    path: str
    sizes: list[float | None] | None = None  # from a PDF: each line's font size over the body's
    boxes: "list[Box | None] | None" = None  # and each line's box, in points
    frames: "list[Box] | None" = None  # the rectangles drawn on the page (photos, notice boxes)


@dataclass
class SkipCounter:
    """Counts records skipped with --skip-bad, so the CLI can report them."""

    skipped: int = 0


_BOMS = ((codecs.BOM_UTF8, "utf-8-sig", "utf-8"), (codecs.BOM_UTF16_LE, "utf-16", "utf-16-le"),
         (codecs.BOM_UTF16_BE, "utf-16", "utf-16-be"))

LONGEST_BOM = max(len(bom) for bom, _, _ in _BOMS)


@dataclass
class Encoding:
    """How a stream's bytes are read: `name` as reported, `codec` after `skip` bytes of BOM."""

    name: str
    codec: str
    skip: int = 0

    @property
    def label(self) -> str:
        return self.name.upper().removesuffix("-SIG")


def _chunks(stream: BinaryIO, first: bytes = b"") -> Iterator[bytes]:
    """A stream's bytes as they come: `read1` returns what a pipe holds instead of waiting for
    a full chunk, so a page that has arrived is split before the writer is done."""
    if first:
        yield first
    read = getattr(stream, "read1", stream.read)
    while chunk := read(CHUNK):
        yield chunk


class _BadByte(Exception):
    def __init__(self, offset: int):
        self.offset = offset


def _decode(chunks: Iterable[bytes], codec: str, start: int = 0, final: bool = True) -> Iterator[str]:
    """Decode chunks as they come; the first byte `codec` cannot decode raises `_BadByte` with
    its offset (counting from `start`).  Without `final`, an unfinished last character is no error."""
    decoder = codecs.getincrementaldecoder(codec)()
    consumed = start
    for chunk in _then_end(chunks, final):
        held = len(decoder.getstate()[0])  # err.start counts in what the decoder held, then the chunk
        try:
            text = decoder.decode(chunk, final=not chunk)
        except UnicodeDecodeError as err:
            raise _BadByte(consumed - held + err.start) from None
        consumed += len(chunk)
        yield text


def _then_end(chunks: Iterable[bytes], final: bool) -> Iterator[bytes]:
    """The chunks that hold bytes, then (with `final`) an empty one: the end of the stream."""
    yield from (chunk for chunk in chunks if chunk)
    if final:
        yield b""


def _first_bad(chunks: Iterable[bytes], codec: str, start: int, final: bool = True) -> int | None:
    """The offset of the first byte `codec` cannot decode (counting from `start`), or None."""
    try:
        for _ in _decode(chunks, codec, start, final):
            pass
    except _BadByte as bad:
        return bad.offset
    return None


_COMMON_HAN: frozenset[str] | None = None


def _common_han() -> frozenset[str]:
    """The 3,755 Han characters of GB2312 level 1, the most used ones (about 99 % of running text)."""
    global _COMMON_HAN
    if _COMMON_HAN is None:
        chars = (bytes((lead, trail)).decode("gb2312", "ignore") for lead in range(0xB0, 0xD8) for trail in range(0xA1, 0xFF))
        _COMMON_HAN = frozenset(c for c in chars if c)
    return _COMMON_HAN


def reads_as_chinese(text: str) -> bool:
    """Is this plausible Chinese: most of its Han characters common ones?  Mojibake (UTF-8 bytes
    read as GB18030, or the reverse) is made of rare characters."""
    from .textutil import is_han

    han = [c for c in text if is_han(c)]
    common = _common_han()
    return bool(han) and sum(c in common for c in han) / len(han) >= PLAUSIBLE_SHARE


def _choose(head: bytes, rest: Iterable[bytes] | None, path: str) -> Encoding:
    """The encoding of a stream that starts with `head`; `rest` is the rest of a file to check
    whole (None for a pipe: then only the head is checked, and an incomplete last character
    of it is not an error)."""
    for bom, name, codec in _BOMS:
        if head.startswith(bom):
            encoding = Encoding(name, codec, len(bom))
            bad = _first_bad(_after(head, rest, len(bom)), codec, len(bom), rest is not None)
            if bad is not None:
                raise _undecodable(path, bad, f"not {encoding.label} past its BOM")
            return encoding
    bad_utf8 = _first_bad(_after(head, rest, 0), "utf-8", 0, rest is not None)
    if bad_utf8 is None:
        return Encoding("utf-8", "utf-8")
    sample = head[:SNIFF_BYTES]
    if (_first_bad(_after(head, rest, 0), "gb18030", 0, rest is not None) is None
            and reads_as_chinese(sample.decode("gb18030", "ignore"))
            and not reads_as_chinese(sample.decode("utf-8", "ignore"))):
        return Encoding("gb18030", "gb18030")
    raise _undecodable(path, bad_utf8, "not UTF-8, UTF-16 (with BOM) or GB18030 read as Chinese")


def _after(head: bytes, rest: Iterable[bytes] | None, skip: int) -> Iterator[bytes]:
    yield head[skip:]
    if rest is not None:
        yield from rest


def _undecodable(path: str, offset: int, why: str) -> InputError:
    return InputError(f"cannot decode: {why}; first bad byte at offset {offset}", path)


def detect_encoding(stream: BinaryIO, path: str) -> str:
    """The name of the encoding of a whole seekable stream (read, then rewound)."""
    return _encoding_of_file(stream, path).name


class _Rest:
    """The bytes of a seekable stream past its head, read anew by each check that walks them."""

    def __init__(self, stream: BinaryIO, start: int):
        self.stream, self.start = stream, start

    def __iter__(self) -> Iterator[bytes]:
        self.stream.seek(self.start)
        while chunk := self.stream.read(CHUNK):
            yield chunk


def _encoding_of_file(stream: BinaryIO, path: str) -> Encoding:
    head = stream.read(CHUNK)
    try:
        return _choose(head, _Rest(stream, len(head)), path)
    finally:
        stream.seek(0)


def _decoded(chunks: Iterable[bytes], encoding: Encoding, path: str) -> Iterator[str]:
    """Decoded text as it arrives, with CRLF and CR read as line ends; a bad byte is an
    `InputError` at its offset."""
    carry = ""
    try:
        for text in _decode(_past_bom(chunks, encoding.skip), encoding.codec, encoding.skip):
            text = carry + text
            carry = ""
            if text.endswith("\r"):  # a CRLF cut by the chunk: decide with the next one
                text, carry = text[:-1], "\r"
            if text:
                yield text.replace("\r\n", "\n").replace("\r", "\n")
    except _BadByte as bad:
        raise _undecodable(path, bad.offset, f"not {encoding.label} here") from None
    if carry:
        yield "\n"


def _past_bom(chunks: Iterable[bytes], skip: int) -> Iterator[bytes]:
    """The chunks without their first `skip` bytes (the BOM)."""
    for chunk in chunks:
        if skip:
            chunk, skip = chunk[skip:], max(0, skip - len(chunk))
        if chunk:
            yield chunk


def shown_name(path: str) -> str:
    """A file name as text that can be printed and written to JSON: bytes that are not UTF-8
    (kept by Python as surrogates) shown as `\\xff` escapes."""
    return path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def open_input(path: str) -> tuple[BinaryIO, str, str, bool]:
    """Open a path (or '-'); return the stream, its display name, doc and whether it is a
    regular file (checked whole before reading) or a pipe, FIFO or device (streamed)."""
    if path == "-":
        if sys.stdin is None:  # started with `<&-`
            raise InputError("standard input is closed", "<stdin>")
        return sys.stdin.buffer, "<stdin>", "stdin", False
    name = shown_name(path)
    try:
        if os.path.isdir(path):
            raise InputError("is a directory", name)
        stream = open(path, "rb")
        regular = stat.S_ISREG(os.fstat(stream.fileno()).st_mode)  # a FIFO, /dev/stdin, <(…): read once
        return stream, name, os.path.basename(name), regular
    except FileNotFoundError:
        raise InputError("no such file", name) from None
    except PermissionError:
        raise InputError("permission denied", name) from None
    except OSError as err:
        raise InputError(err.strerror or str(err), name) from None


_JSON_VALUE_START = re.compile(r"\[\s*[\[{\"\-0-9tfn\]]")
_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')


def _looks_like_jsonl(line: str) -> bool:
    """Is the first line of a stream JSON Lines?  `{…` is; `[` is when a JSON value follows it
    (`[3]`, `[{`), so that an array is a clear error, not a page; `[图片]` is page text.  A bare
    number or string is page text: pages start with their page number."""
    stripped = line.strip()
    return stripped.startswith("{") or bool(_JSON_VALUE_START.match(stripped))


def _too_deep(line: str) -> bool:
    """Does this JSON text nest deeper than `MAX_JSON_DEPTH` (strings skipped)?"""
    if line.count("[") + line.count("{") <= MAX_JSON_DEPTH:
        return False
    depth = deepest = 0
    for ch in _JSON_STRING.sub('""', line):
        if ch in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif ch in "]}":
            depth -= 1
    return deepest > MAX_JSON_DEPTH


def _pieces(text: Iterable[str], sep: str, what: str, path: str) -> Iterator[tuple[str, bool]]:
    """Split streamed text at `sep` (form feed: pages; newline: records), holding at most one
    piece of `MAX_PAGE_CHARS`: each piece as soon as its `sep` has come, with False, then the
    text after the last `sep`, with True."""
    pending: list[str] = []
    size = 0
    number = 1
    for chunk in text:
        *done, rest = chunk.split(sep)
        for piece in done:
            pending.append(piece)
            yield "".join(pending), False
            pending, size = [], 0
            number += 1
        if rest:
            pending.append(rest)
            size += len(rest)
            if size > MAX_PAGE_CHARS:
                raise InputError(f"{what} {number} is over {MAX_PAGE_CHARS:,} characters"
                                 f"{' without a form feed' if sep == chr(12) else ''}: not {what} text", path)
    yield "".join(pending), True


def _pages(text: Iterable[str], doc: str, path: str) -> Iterator[RawPage]:
    """Pages at form feeds, each as soon as its form feed has come; the file's last line end
    is not part of its last page, and a last page of only blanks is no page."""
    for page_no, (piece, last) in enumerate(_pieces(text, "\f", "page", path), 1):
        if last:
            piece = piece[:-1] if piece.endswith("\n") else piece
            if not piece.strip():
                return
        yield RawPage(doc, page_no, piece, path)


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
        record = None
        if _too_deep(line):
            reason = f"JSON nested deeper than {MAX_JSON_DEPTH} levels"
        else:
            try:
                record = orjson.loads(line)
            except orjson.JSONDecodeError as err:
                reason = f"not valid JSON ({err})"
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
    hint: "SearchHint | None" = None,
) -> "Iterator[RawPage | StoredArticle | dict]":
    """Yield raw pages, archived articles and records from every input, in order.

    `hint` lets an archive skip the articles a search will not keep."""
    counter = counter or SkipCounter()
    for path in paths or ["-"]:
        stream, name, doc, regular = open_input(path)
        try:
            yield from read_open(stream, name, doc, regular, skip_bad, counter, path, hint)
        finally:
            if path != "-":
                stream.close()


def read_open(stream: BinaryIO, name: str, doc: str, regular: bool, skip_bad: bool, counter: SkipCounter,
              path: str | None = None, hint: "SearchHint | None" = None) -> "Iterator[RawPage | StoredArticle | dict]":
    """What one opened input holds: `regular` streams can seek (a file), the rest are read as they come."""
    kind = _binary_kind(stream, regular)
    if kind == "archive":
        if not regular or path is None:  # SQLite opens files, not streams
            raise InputError("a database cannot be read from standard input: give its file name", name)
        from .archive import stored_articles

        yield from stored_articles(path, name, hint)
    elif kind is not None:
        yield from _binary_pages(kind, stream if regular else stream.read(MAX_PDF_BYTES + 1), name, doc)
    elif regular:
        yield from read_stream(stream, name, doc, skip_bad, counter)
    else:
        yield from _read_pipe(stream, name, doc, skip_bad, counter)


def is_archive(head: bytes) -> bool:
    return head.startswith(SQLITE_MAGIC)


def _binary_kind(stream: BinaryIO, regular: bool) -> str | None:
    """"pdf", "image" or "archive" when the stream starts with their magic bytes; looked at
    without reading them away."""
    from .pdfpages import is_pdf
    from .scans import is_image

    if regular:
        head = stream.read(MAGIC_BYTES)
        stream.seek(0)
    else:
        peek = getattr(stream, "peek", None)
        head = peek(MAGIC_BYTES)[:MAGIC_BYTES] if peek is not None else b""
    return "pdf" if is_pdf(head) else "image" if is_image(head) else "archive" if is_archive(head) else None


def _binary_pages(kind: str, source: BinaryIO | bytes, name: str, doc: str) -> Iterator[RawPage]:
    """The pages of a PDF or a page image (a file, or standard input read whole up to
    `MAX_PDF_BYTES`)."""
    from .pdfpages import read_pdf
    from .scans import read_image

    if isinstance(source, bytes) and len(source) > MAX_PDF_BYTES:
        raise InputError(f"a {kind} on standard input is over {MAX_PDF_BYTES >> 20} MB: give it as a file", name)
    pages = read_pdf(source, name) if kind == "pdf" else read_image(source, name)
    try:
        for number, (text, sizes, boxes, drawn) in enumerate(pages, 1):
            yield RawPage(doc, number, text, name, sizes, boxes, drawn)
    except InputError as err:  # the OCR engine's own errors do not know the file: they are told it here
        if err.path is not None:
            raise
        raise InputError(err.message, name) from None


def read_stream(stream: BinaryIO, name: str, doc: str, skip_bad: bool = False,
                counter: SkipCounter | None = None) -> Iterator[RawPage | dict]:
    """Raw pages or records from one seekable binary stream (a file, bytes), checked whole first."""
    encoding = _encoding_of_file(stream, name)
    yield from _parse(_decoded(_chunks(stream), encoding, name), name, doc, skip_bad, counter or SkipCounter())


def _read_pipe(stream: BinaryIO, name: str, doc: str, skip_bad: bool,
               counter: SkipCounter) -> Iterator[RawPage | dict]:
    """Raw pages or records from a stream that cannot seek, as they arrive."""
    chunks = _chunks(stream)
    head = next(chunks, b"")
    while len(head) < LONGEST_BOM and (more := next(chunks, b"")):  # a BOM must be whole to be seen
        head += more
    if not head:
        return
    encoding = _choose(head, None, name)
    yield from _parse(_decoded(_chunks(stream, head), encoding, name), name, doc, skip_bad, counter)


def _parse(text: Iterator[str], name: str, doc: str, skip_bad: bool, counter: SkipCounter) -> Iterator[RawPage | dict]:
    """Decide raw vs JSONL on the first non-blank line, then pages or records."""
    seen: list[str] = []
    size = 0
    started = False  # a non-blank character has come
    for chunk in text:
        seen.append(chunk)
        size += len(chunk)
        if not started:
            chunk = chunk.lstrip()
            started = bool(chunk)
        if started and ("\n" in chunk or size > MAX_PAGE_CHARS):
            break
    joined = "".join(seen)
    if not started:
        return
    chained = _chain([joined], text)
    if _looks_like_jsonl(joined.lstrip().split("\n", 1)[0]):
        yield from _records((line for line, _ in _pieces(chained, "\n", "line", name)), name, skip_bad, counter)
    else:
        yield from _pages(chained, doc, name)


def read_bytes(data: bytes, name: str, doc: str, skip_bad: bool = False,
               counter: SkipCounter | None = None) -> Iterator[RawPage | dict]:
    """The same as reading a file, from bytes already in memory (stdin shipped to a worker):
    a PDF or a page image too."""
    return read_open(io.BytesIO(data), name, doc, True, skip_bad, counter or SkipCounter())


def stdin_bytes() -> bytes:
    """All of standard input, for the runs that must send it elsewhere (a Dask cluster)."""
    if sys.stdin is None:
        raise InputError("standard input is closed", "<stdin>")
    return sys.stdin.buffer.read()


def _chain(first: list[str], rest: Iterable[str]) -> Iterator[str]:
    yield from first
    yield from rest
