"""Typed errors the library raises and the CLI turns into one line on stderr.

Every error a user can cause is a `SwcliError`: it names the file (and the
line, for JSON Lines) and carries the exit status the CLI should use.
"""
from __future__ import annotations


class SwcliError(Exception):
    """Something the user can fix: a bad file, a bad record, a bad pattern."""

    exit_code = 2

    def __init__(self, message: str, path: str | None = None, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line

    def __str__(self) -> str:
        where = self.path or ""
        if self.path and self.line is not None:
            where += f":{self.line}"
        return f"{where}: {self.message}" if where else self.message


class InputError(SwcliError):
    """A file that cannot be opened or decoded."""


class RecordError(SwcliError):
    """A JSON Lines record that is not an object or does not parse."""


class UsageError(SwcliError):
    """Options that do not fit together, or a bad pattern."""


class OutputError(SwcliError):
    """The output cannot be written: a full disk, a closed standard output, no such folder."""
