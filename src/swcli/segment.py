"""Word segmentation behind one small door: rjieba first, jieba where rjieba is missing.

rjieba (a binding of jieba-rs) cuts like jieba but tags at millions of
characters a second and is ready in tens of milliseconds, with no cache
file.  jieba is the fallback; it is quietened (its logger prints to stderr)
and given a per-user cache folder, because it writes one on first use and
prints a traceback when it cannot.  Tags are hints only: entities are built
from rules (see entities.py).
"""
from __future__ import annotations

import logging
import os
import tempfile
from functools import lru_cache
from itertools import accumulate
from typing import Callable

Tagger = Callable[[str], list[tuple[str, str]]]


def _cache_dir() -> str:
    base = os.environ.get("XDG_CACHE_HOME") or (os.path.join(os.environ["HOME"], ".cache") if os.environ.get("HOME") else "")
    for folder in (os.path.join(base, "swcli") if base else "", os.path.join(tempfile.gettempdir(), f"swcli-{os.getuid()}")):
        if not folder:
            continue
        try:
            os.makedirs(folder, exist_ok=True)
            if os.access(folder, os.W_OK):
                return folder
        except OSError:
            continue
    return tempfile.mkdtemp(prefix="swcli-")


def _jieba_tagger() -> Tagger:
    import jieba
    import jieba.posseg

    jieba.setLogLevel(logging.ERROR)
    logging.getLogger("jieba").setLevel(logging.ERROR)
    jieba.dt.tmp_dir = _cache_dir()
    jieba.dt.cache_file = os.path.join(jieba.dt.tmp_dir, "jieba.cache")
    return lambda text: [(w.word, w.flag) for w in jieba.posseg.lcut(text)]


def _rjieba_tagger() -> Tagger:
    import rjieba

    return lambda text: [(w, t) for w, t in rjieba.tag(text)]


@lru_cache(maxsize=2)
def tagger(engine: str | None = None) -> Tagger:
    """The part-of-speech tagger: `rjieba`, `jieba`, or the best available (SWCLI_SEGMENTER)."""
    engine = engine or os.environ.get("SWCLI_SEGMENTER") or "auto"
    if engine in ("auto", "rjieba"):
        try:
            return _rjieba_tagger()
        except ImportError:
            if engine == "rjieba":
                raise
    return _jieba_tagger()


@lru_cache(maxsize=2)
def dictionary_cutter(engine: str | None = None) -> Callable[[str], list[str]]:
    """A cut by the dictionary alone (no HMM): an unknown word falls apart into characters."""
    engine = engine or os.environ.get("SWCLI_SEGMENTER") or "auto"
    if engine in ("auto", "rjieba"):
        try:
            import rjieba

            return lambda text: list(rjieba.cut(text, False))
        except ImportError:
            if engine == "rjieba":
                raise
    _jieba_tagger()  # quietened and given its cache folder
    import jieba

    return lambda text: jieba.lcut(text, HMM=False)


@lru_cache(maxsize=65536)
def in_dictionary(word: str) -> bool:
    """Whether the segmenter's dictionary holds `word` whole.

    A word the dictionary lacks was found by the HMM, which is how new
    names (张敬涛) come out; a dictionary word tagged as a name is as often
    an ordinary word the dictionary tags loosely (文明, 卫星).
    """
    return len(dictionary_cutter()(word)) == 1


@lru_cache(maxsize=65536)
def tag_of(word: str) -> str:
    """The tag the tagger gives `word` standing alone (its first word's, if it cuts it)."""
    tagged = tagger()(word)
    return tagged[0][1] if tagged else "x"


Token = tuple[int, int, str, str]  # start, end, word, tag


@lru_cache(maxsize=256)
def tokens(text: str) -> tuple[Token, ...]:
    """The tagger's words of `text` with their character offsets (the last texts' kept: every
    kind of entity reads them)."""
    tagged = tagger()(text)
    if not tagged:
        return ()
    words, tags = zip(*tagged)
    ends = list(accumulate(map(len, words)))
    return tuple(zip([0] + ends[:-1], ends, words, tags))


@lru_cache(maxsize=256)
def word_bounds(text: str) -> tuple[list[int], frozenset[int], frozenset[int]]:
    """Where the words of `text` end (in order) and start, and the ends as a set."""
    toks = tokens(text)
    ends = [e for _, e, _, _ in toks]
    return ends, frozenset(s for s, _, _, _ in toks), frozenset(ends) | {len(text)}
