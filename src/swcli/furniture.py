"""Page furniture found by its shape: running heads and footers anywhere, notice boxes.

Running heads: paper, issue date, page, section, editors.

A newsletter page carries a band of page furniture: the paper's name, the
issue date (`2023年6月13日`, `2023-06-13`, with or without `星期…`), the page
(`第3版`, `3版`, `A3`), the section (`要闻`) and the editors (`责任编辑：…`,
`本版编辑：…`, `美编：…`).  Typeset pages put it at the top, in a band, at the
foot, or (what pdftotext makes of a head beside the first column) in the
middle of the text; on one line (`2023年6月13日 星期二 第3版 要闻`) or on
several, with blank lines between.

The band is found by its anchors, the lines no body text can be: a date, a
page or an editor line (a line may hold several at once, with a short word
or two, the paper or the section, beside them).  Around an anchor, short
lines that stand alone, carry no punctuation and say nothing a sentence
would are the paper's name and the section.  The section never stands
further off than the lines of its band, except the lone short line that
opens a page above the first column (a section set in the page's corner).

    >>> find_heads(["中国社会工作", None, "2023 年 6 月 13 日 星期二", None, "要闻", None, "第3版"])
    {0: 'paper', 2: 'date', 4: 'section', 6: 'page'}

Which short line names the paper and which the section: the paper's name
ends with a word papers are named with (`报`, `周刊`, `之声`, …, in
`data/paper_suffixes.txt`); of two lines neither of which does, the longer
(sections are one or two words).
"""
from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache
from typing import Sequence

from .textutil import is_han
from .wordlists import data_words

DATE_FORMS = re.compile(
    r"(?P<y>\d{4})\s*(?:年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日"
    r"|[-/.](?P<m2>\d{1,2})[-/.](?P<d2>\d{1,2})(?!\d))"
)
WEEKDAY = re.compile(r"(?:星期|周|礼拜)[一二三四五六日天]")
# OCR reads a page number's lone `1` as a glyph it looks like (`第工版`): read back as the digit
MISREAD_DIGITS = {"工": "1", "I": "1", "l": "1", "|": "1"}
_MISREAD_DIGIT = str.maketrans(MISREAD_DIGITS)
PAGE_FORMS = re.compile(f"第\\s*(?P<n>\\d{{1,3}}|[{''.join(MISREAD_DIGITS)}])\\s*版"
                        r"|(?<![\w])(?P<n2>\d{1,3})\s*版(?!\w)|(?<![\w])[A-H](?P<n3>\d{1,2})(?![\w])")
EDITOR = re.compile(r"(?P<role>责任编辑|责编|本版编辑|编辑|美术编辑|美编|校对|版式设计|版式|组版)\s*[:：]\s*(?P<name>[^\s:：]{1,12})")

# A line of a running head is short: the longest form seen is the date, weekday, page,
# paper and section on one line (2023年10月24日 星期二 第7版 社区与社工周报 专题).
HEAD_LINE_MAX_CHARS = 40
# The paper's name and the section, standing alone: a paper is named in a few words
# (社区与社工周报: 7), a section in one or two (一老一小, 社会救助: 4).
PAPER_MAX_CHARS = 10
SECTION_MAX_CHARS = 6
SECTION_MOST_CHARS = 4  # what most sections take (要闻, 社会救助, 一老一小): a longer lone name is the paper's
# Words standing beside the anchors on one head line: at most the paper and the section.
WORDS_BESIDE_ANCHORS = 2
# How many lines a band holds besides its anchors: the paper's name and the section.
BAND_NAMES = 2

@lru_cache(maxsize=1)
def _paper_suffixes() -> tuple[str, ...]:
    return tuple(sorted(data_words("paper_suffixes.txt"), key=len, reverse=True))


def is_paper_name(text: str) -> bool:
    """Does this short line end the way newspapers and newsletters are named?"""
    return text.endswith(_paper_suffixes())


def _is_name(text: str, most: int) -> bool:
    """A paper's or a section's name, or a slogan: a few words of Han characters alone (no
    punctuation, no figure)."""
    bare = text.replace(" ", "")
    return 2 <= len(bare) <= most and all(map(is_han, bare))


_EDITOR_ROLE_CHAR = re.compile("[编校版]")  # one of them stands in every role `EDITOR` names
_STRAY_QUOTES = re.compile("[“”‘’\"']")


def parse_head_line(text: str) -> dict | None:
    """The running-head fields a line holds, if the whole line is running head.

    `{"date": "2023-06-13", "page_no": 3, "editors": [...], "names": [...]}`
    with only the keys found.  A line is running head when it holds a date, a
    page or an editor, and what else stands on it is a weekday or at most two
    short names (paper, section).
    """
    if len(text) > HEAD_LINE_MAX_CHARS:
        return None
    if ("，" in text or "。" in text) and not _EDITOR_ROLE_CHAR.search(text):
        return None  # a sentence's marks: only an editor's names may carry them (责任编辑：张三，李四)
    fields: dict = {}
    text = _STRAY_QUOTES.sub(" ", text)  # no running head quotes: an OCR engine's specks read as marks
    rest = text
    for m in EDITOR.finditer(text):
        fields.setdefault("editors", []).append(m["name"])
    rest = EDITOR.sub(" ", rest)
    date = DATE_FORMS.search(rest)
    if date:
        month, day = int(date["m"] or date["m2"]), int(date["d"] or date["d2"])
        if not (1 <= month <= 12 and 1 <= day <= 31):
            return None
        fields["date"] = f"{int(date['y']):04d}-{month:02d}-{day:02d}"
        rest = rest[: date.start()] + " " + rest[date.end():]
    page = PAGE_FORMS.search(rest)
    if page:
        fields["page_no"] = int((page["n"] or page["n2"] or page["n3"]).translate(_MISREAD_DIGIT))
        rest = rest[: page.start()] + " " + rest[page.end():]
    if not fields:
        return None
    rest = WEEKDAY.sub(" ", rest)
    words = rest.split()
    if len(words) > WORDS_BESIDE_ANCHORS or not all(_is_name(w, PAPER_MAX_CHARS) for w in words):
        return None
    if words:
        fields["names"] = words
    return fields


def _free(lines: Sequence[str | None], j: int, anchors: dict[int, dict]) -> bool:
    """Is line `j` a blank line, an anchor or past the page's edge?"""
    return j < 0 or j >= len(lines) or lines[j] is None or j in anchors


def _stands_alone(lines: Sequence[str | None], i: int, anchors: dict[int, dict]) -> bool:
    """A line with a blank line, an anchor or the page's edge on either side."""
    return _free(lines, i - 1, anchors) and _free(lines, i + 1, anchors)


def find_heads(lines: Sequence[str | None]) -> dict[int, str]:
    """Which lines of a page (texts, None for a blank line) are running head, and what field each is.

    Fields: `date`, `page`, `editor`, `head` (a line holding several), `paper`, `section`.
    """
    anchors: dict[int, dict] = {}
    for i in _hinted_lines(lines):
        parsed = parse_head_line(lines[i] or "")
        if parsed is not None:
            anchors[i] = parsed
    if not anchors:
        return {}
    fields: dict[int, str] = {i: _anchor_field(f) for i, f in anchors.items()}
    names: list[tuple[int, str]] = [(i, n) for i in sorted(anchors) for n in anchors[i].get("names", [])]
    for band in _bands(sorted(anchors), lines):
        taken = [i for i, _ in names if band[0] <= i <= band[-1]]
        for i in _band_names(band, lines, anchors, BAND_NAMES - len(taken)):
            fields[i] = "name"
            names.append((i, lines[i] or ""))
    paper, section = paper_and_section([n for _, n in names])
    if paper is None or section is None:  # a paper's name and a section set alone in the page's corner
        for i in _corner_names(lines, fields, BAND_NAMES - len(names)):
            fields[i] = "name"
            names.append((i, lines[i] or ""))
    paper, section = paper_and_section([n for _, n in names])
    for i, f in list(fields.items()):
        if f == "name":
            fields[i] = "paper" if lines[i] == paper else "section"
    return dict(sorted(fields.items()))


def _corner_names(lines: Sequence[str | None], fields: dict[int, str], room: int) -> list[int]:
    """The names standing alone on the page's first lines, above the first column: a section
    (a few words), or a paper's name, which ends as papers are named."""
    found: list[int] = []
    i = _nearest_line(lines, -1, 1)
    while i is not None and len(found) < max(room, 1) and i not in fields:
        text = lines[i] or ""
        if not (_is_name(text, SECTION_MAX_CHARS) or is_paper_name(text) and _is_name(text, PAPER_MAX_CHARS)):
            break
        if found and not _stands_alone(lines, i, {}):
            break  # below the first line, only a line set apart is a name
        found.append(i)
        i = _nearest_line(lines, i, 1)
    return found


# (each branch opens with a character or a class, so the engine skips to where one may match)
_ANCHOR_HINT = re.compile(r"[版编]|校对|\d\d{3}\s*[年\-/.]|[A-H](?<![A-Za-z][A-H])\d")


def _hinted_lines(lines: Sequence[str | None]) -> list[int]:
    """The lines that hold what every anchor holds (a page, an editor, a date), found in one
    pass over the page rather than line by line."""
    page = "\n".join(t or "" for t in lines)
    starts = [0]
    for t in lines:
        starts.append(starts[-1] + len(t or "") + 1)
    found: list[int] = []
    for m in _ANCHOR_HINT.finditer(page):
        row = bisect_right(starts, m.start()) - 1
        if not found or found[-1] != row:
            found.append(row)
    return found


def _anchor_field(parsed: dict) -> str:
    kinds = [k for k in ("date", "page_no", "editors") if k in parsed]
    if len(kinds) > 1 or parsed.get("names"):
        return "head"
    return {"date": "date", "page_no": "page", "editors": "editor"}[kinds[0]]


def _bands(anchor_rows: list[int], lines: Sequence[str | None]) -> list[list[int]]:
    """Anchors grouped into bands: anchors with at most blank lines and names between them."""
    bands: list[list[int]] = [[anchor_rows[0]]]
    for i in anchor_rows[1:]:
        between = [t for t in lines[bands[-1][-1] + 1: i] if t is not None]
        if len(between) <= BAND_NAMES and all(_is_name(t, PAPER_MAX_CHARS) for t in between):
            bands[-1].append(i)
        else:
            bands.append([i])
    return bands


def _band_names(band: list[int], lines: Sequence[str | None], anchors: dict[int, dict], room: int) -> list[int]:
    """The name lines of a band: between its anchors, then outward above it and below it.

    Outward, a name must stand alone (blank lines or the band on both sides),
    but for a paper's name on top of the band (pdftotext may print a band
    right under a column's last line); below the band only a section's
    length is taken, since a kicker or a title comes there next.
    """
    found = [j for j in range(band[0], band[-1] + 1)
             if lines[j] is not None and j not in anchors and _is_name(lines[j] or "", PAPER_MAX_CHARS)]
    for start, step, most in ((band[0], -1, PAPER_MAX_CHARS), (band[-1], 1, SECTION_MAX_CHARS)):
        j = _nearest_line(lines, start, step)
        while j is not None and len(found) < room and _is_name(lines[j] or "", most) \
                and (_stands_alone(lines, j, anchors) or step < 0 and is_paper_name(lines[j] or "")
                     and _free(lines, j + 1, anchors)):  # a paper's name tops its band, text or not above it
            found.append(j)
            anchors = {**anchors, j: {}}  # a name taken counts as the band's edge for the next one
            j = _nearest_line(lines, j, step)
    return found[:max(room, 0)]


def _nearest_line(lines: Sequence[str | None], start: int, step: int) -> int | None:
    j = start + step
    while 0 <= j < len(lines) and lines[j] is None:
        j += step
    return j if 0 <= j < len(lines) else None


def paper_and_section(names: list[str]) -> tuple[str | None, str | None]:
    """The paper's name and the section among a page's head names (first of each kind)."""
    if not names:
        return None, None
    papers = [n for n in names if is_paper_name(n)]
    if papers:
        paper: str | None = max(papers, key=len)
    elif len(names) > 1:
        paper = max(names, key=len)
    else:  # one name alone: a section is a word or two, a paper's name is longer
        paper = names[0] if len(names[0].replace(" ", "")) > SECTION_MOST_CHARS else None
    sections = [n for n in names if n != paper]
    return paper, sections[0] if sections else None


# ---- notice boxes and advertisements -----------------------------------------------------

# A contact number: a hotline (96158), a telephone with its area code (0571-88888888), a mobile.
CONTACT_NUMBER = re.compile(r"(?<![\d.])(?:\d{3,4}-)?\d{5,11}(?![\d.])")
_FIVE_DIGITS = re.compile(r"\d{5}")
# What follows a figure in a sentence: a measure word or a unit, never a contact number.
_MEASURE_AFTER = re.compile(r"\s*(?:[元人名户个位家次件套台张万亿千百年月日天号%]|余|多)")
# Lines of a notice box: short, like the box they stand in.
NOTICE_MAX_CHARS = 20
# The slogans beside a box's label or number are set to one width; a line much wider is the
# headline next to the box.
NOTICE_WIDTH_SHARE = 1.2
NOTICE_SLOGANS = 2


@lru_cache(maxsize=1)
def _notice_labels() -> frozenset[str]:
    return frozenset(data_words("notice_labels.txt"))


# A label this long read with one character wrong is still the label (OCR: `公益三告`); a
# shorter one (`启事`, `通知`) so misread is any two characters.
MISREAD_LABEL_LEAST = 4


@lru_cache(maxsize=1)
def _labels_by_length() -> dict[int, list[str]]:
    by_length: dict[int, list[str]] = {}
    for label in _notice_labels():
        by_length.setdefault(len(label), []).append(label)
    return by_length


def _is_label(bare: str) -> bool:
    """An ad's or a notice's label, or one of four characters or more with one misread.
    (Every line of a page is asked: only labels of its length are compared.)"""
    if bare in _notice_labels():
        return True
    if len(bare) < MISREAD_LABEL_LEAST:
        return False
    labels = _labels_by_length().get(len(bare))
    return labels is not None and any(sum(a != b for a, b in zip(label, bare)) == 1 for label in labels)


def is_notice_marker(text: str) -> bool:
    """A box's own line: an ad's label (`公益广告`) or a contact number set alone (`慈善热线 96158`)."""
    if len(text) > NOTICE_MAX_CHARS + 4:  # (a few layout spaces)
        return False
    bare = text.replace(" ", "") if " " in text else text
    if len(bare) > NOTICE_MAX_CHARS:
        return False
    if _is_label(bare):
        return True
    m = CONTACT_NUMBER.search(bare) if _FIVE_DIGITS.search(bare) else None
    if m is None or _MEASURE_AFTER.match(bare, m.end()):
        return False
    label = bare[: m.start()] + bare[m.end():]
    return not label or all(map(is_han, label))  # the number and a label of words (慈善热线), nothing else


def find_notices(lines: Sequence[str | None], widths: Sequence[int]) -> set[int]:
    """The lines of notice boxes: a marker line (standing first or last among its neighbours)
    and up to two slogan lines beside it, no wider than the box."""
    found: set[int] = set()
    last = len(lines) - 1
    for i, text in enumerate(lines):
        if text is None:
            continue
        labelled = _is_label(text)  # a label needs no blank line beside it
        at_start = labelled or i == 0 or lines[i - 1] is None
        at_end = labelled or i == last or lines[i + 1] is None
        if not (at_start or at_end) or not is_notice_marker(text):
            continue
        found.add(i)
        for step in ((1,) if at_start else ()) + ((-1,) if at_end else ()):
            widest = 0
            j = i + step
            for _ in range(NOTICE_SLOGANS):
                if not (0 <= j < len(lines)) or lines[j] is None or not _is_name(lines[j] or "", NOTICE_MAX_CHARS):
                    break
                if widest and widths[j] > widest * NOTICE_WIDTH_SHARE:
                    break
                widest = max(widest, widths[j])
                found.add(j)
                j += step
    return found


