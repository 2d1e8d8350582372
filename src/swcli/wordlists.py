"""The word lists shipped in swcli/data: one reader for every stage.

A list is plain text: words separated by spaces, one group a line, comments after `#`.
"""
from __future__ import annotations

from importlib import resources


def data_lines(name: str) -> list[list[str]]:
    """The words of each line of a plain data file shipped in swcli/data (comments after #)."""
    text = resources.files("swcli").joinpath("data").joinpath(name).read_text(encoding="utf-8")
    return [words for line in text.splitlines() if (words := line.split("#", 1)[0].split())]


def data_words(name: str) -> list[str]:
    """All the words of a plain data file, in order."""
    return [word for line in data_lines(name) for word in line]
