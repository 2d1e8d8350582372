"""Writing results: JSON Lines to a pipe, a rich view to a terminal, `-o` atomically.

JSON Lines go through orjson (UTF-8, never ASCII escapes), one object a
line, flushed as each record is ready so a pipe downstream streams.  With
`-o FILE` everything goes to a temporary file beside FILE that replaces it
by rename only when the run succeeds: an interrupted or failed run never
leaves a half-written FILE, never harms an existing one, and never leaves
the temporary file behind.  What is replaced is what FILE names: the
target of a symlink, keeping its owner, group and mode.  A device, FIFO or
socket (`-o /dev/null`) is written in place: it is never renamed over.
"""
from __future__ import annotations

import os
import stat
import sys
import tempfile
from typing import BinaryIO, Iterator

import orjson

from .errors import OutputError, UsageError

FORMATS = ("jsonl", "table", "text")
LIST_PIECE = 4096  # list items of a big record encoded at once: bounds the encoder's buffer
BIG_RECORD = 1 << 20  # characters and list items of a record past which it is encoded in pieces
NEW_FILE_MODE = 0o666  # what open() asks for a new file; the umask takes its bits off


def choose_format(requested: str | None, output: str | None) -> str:
    """The format asked for, else JSON Lines in a pipe or file and a table on a terminal."""
    if requested:
        return requested
    if output is None and sys.stdout is not None and sys.stdout.isatty():
        return "table"
    return "jsonl"


def use_color(output: str | None) -> bool:
    return output is None and sys.stdout is not None and sys.stdout.isatty() and not os.environ.get("NO_COLOR")


def _name(path: str) -> str:
    from .inputs import shown_name

    return shown_name(path)


def check_target(path: str | None, shards: bool = False) -> None:
    """Refuse, before any work, an `-o` that can never be written: a folder (unless it is to
    take one shard per input) or a file in a folder that does not exist."""
    if not path or path == "-":
        return
    if is_shard_dir(path):
        if not shards:
            raise UsageError("is a directory (-o names the file to write)", _name(path))
        return
    folder = os.path.dirname(os.path.realpath(path))
    if not os.path.isdir(folder):
        raise OutputError("cannot write: no such folder", _name(path))


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


class Output:
    """A binary sink for one run: standard output, a special file in place, or a temporary
    file renamed over the target at the end."""

    def __init__(self, path: str | None):
        self.path = path if path != "-" else None
        self.name = _name(path) if self.path else "<stdout>"
        self._stream: BinaryIO | None = None
        self._tmp: str | None = None
        self._target: str | None = None

    @property
    def stream(self) -> BinaryIO:
        if self._stream is None:
            if sys.stdout is None:  # started with `>&-`
                raise OutputError("cannot write: standard output is closed")
            self._stream = sys.stdout.buffer
        return self._stream

    def __enter__(self) -> "Output":
        if self.path is None:
            return self
        check_target(self.path)
        target = os.path.realpath(self.path)  # a symlink: its target is what gets replaced
        try:
            info: os.stat_result | None = os.stat(target)
        except FileNotFoundError:
            info = None
        try:
            if info is not None and not stat.S_ISREG(info.st_mode):
                self._stream = open(target, "wb")  # /dev/null, a FIFO, a tty: written in place
                return self
            fd, self._tmp = tempfile.mkstemp(dir=os.path.dirname(target),
                                             prefix=f".{os.path.basename(target)}.", suffix=".tmp")
        except OSError as err:
            raise self._cannot_write(err) from None
        self._target = target
        self._stream = os.fdopen(fd, "wb")
        self._keep_owner_and_mode(fd, info)
        return self

    @staticmethod
    def _keep_owner_and_mode(fd: int, info: os.stat_result | None) -> None:
        """The new file gets the old one's mode, owner and group (as far as we may give them),
        or a new file's usual mode: mkstemp's 0600 would hide a report from its readers."""
        os.fchmod(fd, stat.S_IMODE(info.st_mode) if info else NEW_FILE_MODE & ~_umask())
        if info is None:
            return
        for uid in (info.st_uid, -1):  # root keeps the owner; anyone may keep a group they are in
            try:
                os.fchown(fd, uid, info.st_gid)
                return
            except OSError:
                continue

    def __exit__(self, exc_type, exc, tb) -> None:
        if self._tmp is None:
            if self._stream is not None:
                self._write(b"")
            return
        try:
            self._stream.close()  # type: ignore[union-attr]
            if exc_type is None:
                os.replace(self._tmp, self._target)  # type: ignore[arg-type]
                self._tmp = None
        except OSError as err:  # a full disk shows itself at close as often as at write
            if exc_type is None:
                raise self._cannot_write(err) from None
        finally:
            if self._tmp is not None:
                try:
                    os.unlink(self._tmp)
                except OSError:
                    pass

    def _cannot_write(self, err: OSError) -> OutputError:
        """ENOSPC, EIO, EFBIG: the run fails, the target as it was (a closed pipe is not this)."""
        if isinstance(err, BrokenPipeError):
            raise err
        return OutputError(f"cannot write: {err.strerror}", self.name)

    def _write(self, data: bytes) -> None:
        try:
            self.stream.write(data)
            if self._tmp is None:
                self.stream.flush()
        except OSError as err:
            raise self._cannot_write(err) from None

    def record(self, record: dict) -> None:
        if not isinstance(record, dict) or _rough_size(record) < BIG_RECORD:  # or a worker's orjson.Fragment
            self._write(orjson.dumps(record) + b"\n")
            return
        for piece in _pieces_of(record):  # the same bytes, without one allocation of all of them
            self._write(piece)
        self._write(b"\n")

    def text(self, text: str) -> None:
        self._write(text.encode("utf-8"))


def _rough_size(record: dict) -> int:
    """Characters and list items two levels down: enough to tell a record of a page of millions
    of characters from every usual one, at little cost."""
    size = 0
    for value in record.values():
        if isinstance(value, str):
            size += len(value)
        elif isinstance(value, list):
            size += len(value)
            for item in value:
                if isinstance(item, str):
                    size += len(item)
                elif isinstance(item, dict):
                    size += sum(len(v) for v in item.values() if isinstance(v, str))
    return size


def _pieces_of(record: dict) -> Iterator[bytes]:
    """The bytes of `orjson.dumps(record)`, made by the standard library's encoder in pieces of
    at most `LIST_PIECE` list items.  Only for huge records (a paragraph of millions of
    characters, with a million entities): orjson does not survive an allocation that fails near
    a memory limit (it crashes where `json` raises MemoryError), and a piece needs little."""
    import json

    encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode
    yield b"{"
    for n, (key, value) in enumerate(record.items()):
        yield ((b"," if n else b"") + encode(str(key)).encode() + b":")
        if not isinstance(value, list) or len(value) < LIST_PIECE:
            yield encode(value).encode()
            continue
        yield b"["
        for start in range(0, len(value), LIST_PIECE):
            yield (b"," if start else b"") + encode(value[start:start + LIST_PIECE])[1:-1].encode()
        yield b"]"
    yield b"}"


def is_shard_dir(output: str | None) -> bool:
    """`-o DIR` (an existing folder, or a path ending in /) asks for one JSONL shard per input."""
    return bool(output) and (os.path.isdir(output) or output.endswith(os.sep))


def write_shard(folder: str, input_name: str, records: list[dict]) -> str:
    """Write one input's records to FOLDER/<input base name>.jsonl, atomically."""
    os.makedirs(folder, exist_ok=True)
    base = os.path.basename(input_name) if input_name != "-" else "stdin"
    stem = base.rsplit(".", 1)[0] if "." in base else base
    path = os.path.join(folder, f"{stem}.jsonl")
    with Output(path) as out:
        for record in records:
            out.record(record)
    return path
