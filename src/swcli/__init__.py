"""swcli: raw text of scanned newsletter pages → clean, queryable articles.

The pure API, one function a stage (each loads its module on first use, so
importing swcli stays cheap for the command line):

    >>> from swcli import clean_page, split_pages, extract_entities, summarize
    >>> page = clean_page(raw_text, doc="issue.txt")          # doctest: +SKIP
    >>> articles = list(split_pages([page]))                    # doctest: +SKIP
    >>> for a in articles: a["entities"] = extract_entities(a)  # doctest: +SKIP
    >>> summarize(articles)["aid_totals"]                       # doctest: +SKIP
"""
from __future__ import annotations

__version__ = "0.1.0"

_API = {
    "clean_page": "layout",
    "split_pages": "articles",
    "extract_entities": "entities",
    "add_entities": "entities",
    "summarize": "stats",
    "parse_number": "numbers",
    "read_inputs": "inputs",
    "Matcher": "search",
    "SwcliError": "errors",
}
__all__ = sorted(_API)


def __getattr__(name: str):
    if name in _API:
        from importlib import import_module

        return getattr(import_module(f".{_API[name]}", __name__), name)
    raise AttributeError(f"module 'swcli' has no attribute {name!r}")
