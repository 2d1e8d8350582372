"""Character classes and the full-width fold shared by every stage.

Never NFKC the whole text: it turns `，（）：；！？` into ASCII.  Only
full-width digits, Latin letters and a few symbols are folded, through one
translation table.
"""
from __future__ import annotations

import re

# Full-width digits and Latin letters → ASCII; the ideographic space → space.
_FOLD = {cp: cp - 0xFEE0 for cp in range(0xFF10, 0xFF1A)}
_FOLD.update({cp: cp - 0xFEE0 for cp in range(0xFF21, 0xFF3B)})
_FOLD.update({cp: cp - 0xFEE0 for cp in range(0xFF41, 0xFF5B)})
_FOLD[0x3000] = 0x20
_FOLD[0x00A0] = 0x20
FOLD_TABLE = _FOLD

HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"  # a character class body: Han characters

Box = tuple[float, float, float, float]  # a line's x0, y0, x1, y1 in PDF points, y up from the page's foot
DROP_CAP_CHARS = 2  # a line set large of at most this many characters may be a drop cap, no headline


_FOLDABLE = re.compile("[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\u3000\u00a0]+")


def fold(text: str) -> str:
    """Fold full-width digits and letters to half-width; keep CJK punctuation."""
    return _FOLDABLE.sub(lambda m: m.group().translate(FOLD_TABLE), text)


# OCR reads the middle dot of a transliterated name (阿力木·吐尔逊) as a full stop or a bullet
_NAME_DOT = re.compile("[.•・‧∙](?<=[\u4e00-\u9fff].)(?=[\u4e00-\u9fff])")  # the dot first: searched fast


def normalize(text: str) -> str:
    """`fold`, and a dot between two Han characters made the middle dot it stands for."""
    return _NAME_DOT.sub("·", fold(text))


NOT_WORD = re.compile(f"[^{HAN}0-9A-Za-z]+")  # what texts are compared without: punctuation, spaces


def char_bigrams(text: str) -> set[str]:
    """Character bigrams of the words of a text (Han, digits, Latin), punctuation dropped."""
    t = NOT_WORD.sub("", text)
    return set(map(str.__add__, t, t[1:]))


def bigram_share(grams: set[str], plain: str) -> float:
    """Share of the bigrams found in `plain` (a text with `NOT_WORD` dropped); 0.0 for none."""
    return sum(map(plain.__contains__, grams)) / len(grams) if grams else 0.0


def is_han(ch: str) -> bool:
    return bool(ch) and ("\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf" or "\uf900" <= ch <= "\ufaff")


# Wide: everything from Hangul Jamo up, but the narrow general punctuation (dashes, bullets)
# except the quotes, ellipsis and em dash that Chinese type sets full-width.
_WIDE = re.compile("[\u1100-\u200f\u2028-\uffff\u2014\u2018\u2019\u201c\u201d\u2026]")


def display_width(text: str) -> int:
    """Columns a line takes: its GB18030 length is 1 for ASCII and 2 for CJK, as type sets them."""
    try:
        return len(text.encode("gb18030"))
    except UnicodeEncodeError:  # lone surrogates
        return len(text) + len(_WIDE.findall(text))


def part_widths(text: str, separator: str) -> list[int]:
    """`display_width` of each part of `text` cut at `separator` (a line end or a space), in one
    encoding pass: no multi-byte GB18030 sequence holds a byte below 0x30."""
    try:
        return [len(b) for b in text.encode("gb18030").split(separator.encode("ascii"))]
    except UnicodeEncodeError:
        return [display_width(part) for part in text.split(separator)]


SENTENCE_ENDS = "。！？；\n"  # where a long text is cut into windows, best first
CLAUSE_ENDS = "，、："  # where, when a window holds no sentence end
WINDOW_CHARS = 4000  # a window of text read at once: over any paragraph news prints, bounded all the same


def windows(text: str, size: int = WINDOW_CHARS) -> list[tuple[int, str]]:
    """`text` as (offset, piece) windows of at most `size` characters, cut after a sentence end
    (else a clause end, else anywhere) in a window's second half, so that a paragraph of
    millions of characters costs what its pieces cost and no piece loses a sentence it need not."""
    out: list[tuple[int, str]] = []
    start = 0
    while len(text) - start > size:
        stop = start + size
        cut = -1
        for ends in (SENTENCE_ENDS, CLAUSE_ENDS):
            cut = max(text.rfind(ch, start + size // 2, stop) for ch in ends)
            if cut >= 0:
                break
        stop = cut + 1 if cut >= 0 else stop
        out.append((start, text[start:stop]))
        start = stop
    out.append((start, text[start:]))
    return out
