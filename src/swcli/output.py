"""Writing results: JSON Lines to a pipe, a rich view to a terminal, `-o` atomically.

JSON Lines go through orjson (UTF-8, never ASCII escapes), one object a
line, flushed as each record is ready so a pipe downstream streams.  With
`-o FILE` everything goes to a temporary file beside FILE that replaces it
by rename only when the run succeeds: an interrupted or failed run never
leaves a half-written FILE and never harms an existing one.
"""
from __future__ import annotations

import os
import sys
import tempfile
from typing import BinaryIO

import orjson

from .errors import InputError

FORMATS = ("jsonl", "table", "text")


def choose_format(requested: str | None, output: str | None) -> str:
    """The format asked for, else JSON Lines in a pipe or file and a table on a terminal."""
    if requested:
        return requested
    if output is None and sys.stdout.isatty():
        return "table"
    return "jsonl"


def use_color(output: str | None) -> bool:
    return output is None and sys.stdout.isatty() and not os.environ.get("NO_COLOR")


class Output:
    """A binary sink for one run: standard output, or a temporary file renamed at the end."""

    def __init__(self, path: str | None):
        self.path = path
        self.stream: BinaryIO = sys.stdout.buffer
        self._tmp: str | None = None

    def __enter__(self) -> "Output":
        if self.path and self.path != "-":
            folder = os.path.dirname(os.path.abspath(self.path))
            try:
                fd, self._tmp = tempfile.mkstemp(dir=folder, prefix=f".{os.path.basename(self.path)}.", suffix=".tmp")
            except OSError as err:
                raise InputError(f"cannot write: {err.strerror}", self.path) from None
            self.stream = os.fdopen(fd, "wb")
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if self._tmp is None:
            try:
                self.stream.flush()
            except BrokenPipeError:
                raise
            return
        self.stream.close()
        if exc_type is None:
            os.replace(self._tmp, self.path)
        else:
            try:
                os.unlink(self._tmp)
            except OSError:
                pass

    def record(self, record: dict) -> None:
        self.stream.write(orjson.dumps(record) + b"\n")
        if self._tmp is None:
            self.stream.flush()

    def text(self, text: str) -> None:
        self.stream.write(text.encode("utf-8"))
        if self._tmp is None:
            self.stream.flush()


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
