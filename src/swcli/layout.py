"""Raw page text → a page record of clean blocks in reading order (`swcli clean`).

Takes the text of one page (what pdftotext or an OCR engine wrote) and gives

    {"doc": "page-001.txt", "page": 1, "date": "2023-06-13", "section": "要闻",
     "paper": "中国社会工作", "page_no": 3, "editors": ["王静"],
     "blocks": [{"kind": "heading", "text": "…", "role": "title", "group": 1, "line": 12},
                {"kind": "paragraph", "text": "…", "line": 14, "width": 26}, …]}

Block kinds: `heading`, `paragraph`, `source`, `byline`, `furniture`, `noise`.

The rules are typographic, not lexical:

1. Narrow columns cut a sentence every 12–15 characters (`协议明` / `确，`):
   lines are joined with nothing between them, except two Latin words, which
   keep one space; a Latin word hyphenated at a line end is rejoined.
2. Layout spaces are removed: after and before full-width punctuation, between
   Han characters and digits, Latin letters or symbols.  A space between two
   Han characters is kept (`《通州区民政局 武清区民政局…》`) unless the line
   is letter-spaced (OCR's `社 会 工 作`), where every space goes.
3. Full-width digits and letters are folded to half-width; CJK punctuation
   stays full-width.
4. A paragraph ends at a line that closes a sentence (`。！？`, maybe followed
   by a closing quote) and is visibly shorter than the column; a blank line
   after an unfinished sentence is a column or box break, so the text goes on
   in the next body text, even across a headline set into the column (that
   headline is marked `floating`).
5. Headlines are lines that carry no sentence punctuation and are set in
   another size than the column they stand in (wider or narrower), or stand
   alone between blank lines.  One headline wrapped over several lines fills
   every line but the last to the same width; a line of another width starts
   another headline (a kicker above a title, a subtitle below it).
6. Running heads (date, `第3版`, paper name, section, `责任编辑：…`), jump
   lines (`（下转第2版）`), photo captions (`图为…`, `… 摄`) are `furniture`;
   a lone glyph with no Han character is `noise`; a lone Han character is a
   drop cap and goes back to the front of the paragraph set beside it.
7. Bylines (`本报讯（记者 …）`, `本报记者 …`) and sources (`（据…）`,
   `（来源：…）`) are split off a paragraph into blocks of their own.
8. OCR that sets columns side by side on the same lines (runs of spaces
   between them) is cut into columns first, then read column after column.

Nothing is lost: every non-space character of the (folded) page is in
exactly one block.
"""
from __future__ import annotations

import re
import statistics
from dataclasses import dataclass, field
from collections import Counter
from itertools import count
from typing import Any, Callable, Iterator

from .furniture import find_heads, find_notices, paper_and_section, parse_head_line
from .numbers import APPROX_AFTER, BIG_UNIT, MEASURE_WORDS, UNITS
from .textutil import DROP_CAP_CHARS, HAN, NOT_WORD, Box, bigram_share, char_bigrams, display_width, is_han, normalize, part_widths
from .wordlists import data_words

TERMINAL = "。！？!?…"
CLOSERS = "”’」』）)》\"'"
NO_LINE_START = frozenset("，。、；：！？”’」』）》")  # marks Chinese type never sets at a line's start
BODY_PUNCT = "，。、；：！？,;!?"
CLAUSE_MARKS = "，、；："  # marks a sentence goes on after

JUMP_LINE = re.compile(r"^[（(](下转|上接|转|接)第?(\d{1,3})版[）)]$")
CAPTION_START = re.compile(r"^[（(]?(图为|图片|图：|图:|上图|下图|左图|右图)")
CAPTION_END = re.compile(r"(摄|摄影|供图|图片提供)[）)]?$")
# a source written without brackets, on its own line or after the last sentence: 来源：新疆民政
SOURCE_PLAIN = re.compile(r"(?:^|(?<=[。！？”]))(?:稿件)?来源[:：]\s*([^（）()。，：]{2,30})$")
PHOTO_CREDIT = re.compile(r"^[^，。]{0,24}[\u4e00-\u9fff]{2,4}\s*(?:摄|摄影)$")
SOURCE_TAIL = re.compile(r"[（(](?:据|来源[:：]|稿件来源[:：]|转自)\s*([^（）()。，]{2,40})[）)]$")
BYLINE_HEAD = re.compile(
    r"^(?:(?:本报|本刊|本网)讯(?:[（(][^（）()]{1,60}[）)])?"
    r"|(?:本报|本刊)(?:特约)?(?:记者|通讯员)(?:\s*[\u4e00-\u9fff·]{2,8})+"
    r"(?:\s+(?:(?:本报|本刊)?(?:特约)?(?:记者|通讯员|实习生))?\s*[\u4e00-\u9fff·]{2,8})*)"
)
_NAME = r"[\u4e00-\u9fff]{2,4}(?:·[\u4e00-\u9fff]{2,6})?"
BYLINE_LINE = re.compile(
    rf"^(?:(?:本报|本刊)(?:特约)?(?:记者|通讯员)\s*|(?:记者|通讯员|实习生)\s+){_NAME}"
    rf"(?:\s+(?:(?:本报|本刊)?(?:记者|通讯员|实习生)\s*)?{_NAME})*$"
)


# ---- lines -------------------------------------------------------------------------------

@dataclass(slots=True)
class Line:
    """One non-blank line: `raw` keeps the layout spaces, `text` has them removed."""

    no: int
    raw: str
    text: str
    width: int
    size: float = 0.0  # font size over the body's, where a PDF told it; 0.0 for raw text
    indent: float | None = None  # where boxes tell it: ems from its column's left edge to the line
    short: float | None = None  # and ems from the line's end to its column's right edge


_SPACED = re.compile(r"[\u4e00-\u9fff，。、；：！？“”（）] (?=[\u4e00-\u9fff，。、；：！？“”（）])")
# a space after a Han character: justification between two characters, or OCR's space before
# a mark that type sets against the character before it
_SPACE_AFTER_HAN = re.compile(f"[{HAN}] (?=[{HAN}{''.join(sorted(NO_LINE_START))}])")
JUSTIFIED_SPACE_SLACK = 1  # display columns a justification space after a mark may add to a set-in line
_TIGHT = re.compile(r"[\u4e00-\u9fff](?=[\u4e00-\u9fff])")
_FOUR_HAN = re.compile(r"[\u4e00-\u9fff](?:[^\u4e00-\u9fff]*[\u4e00-\u9fff]){3}")  # faster than counting


def _is_letterspaced(raw: str) -> bool:
    """OCR letter-spacing: most Han characters stand one space apart."""
    if raw.count(" ") < 3:
        return False
    spaced = len(_SPACED.findall(raw))
    return spaced >= 3 and spaced > 2 * len(_TIGHT.findall(raw))


_WORD = "A-Za-z0-9%"
# Each pattern starts with the space itself and looks around after it: a
# pattern that starts with a look-behind is tried at every position of a page.
# A layout space: one that does not stand between two Latin words (or numbers)
# or between two Han characters.
_LAYOUT_SPACE = re.compile(f" (?:(?<=[{_WORD}] )(?![{_WORD}])|(?<=[{HAN}] )(?![{HAN}])|(?<![{_WORD}{HAN}] ))")
# in letter-spaced text, every space but one between two Latin letters
_SPACE_NOT_LATIN = re.compile(" (?:(?<![A-Za-z] )|(?![A-Za-z]))")
_SPACE_RUN = re.compile(" {2,}")


def remove_layout_spaces(raw: str, letterspaced: bool = False) -> str:
    """Drop the spaces that layout put in; keep those between Latin words or real Han gaps.

    `raw` has no leading or trailing spaces.  Runs of spaces count as one.
    """
    if " " not in raw:
        return raw
    text = raw.strip(" ")  # only spaces: a page passed whole keeps its line ends
    if "  " in text:
        text = _SPACE_RUN.sub(" ", text)
    return (_SPACE_NOT_LATIN if letterspaced else _LAYOUT_SPACE).sub("", text)


def make_lines(text: str, sizes: list[float | None] | None = None,
               boxes: "list[Box | None] | None" = None) -> list[Line | None]:
    """Fold, then one `Line` per non-blank line and `None` for each blank one.

    The work is done over the whole page where the rules allow (spaces,
    widths), since a page has thousands of short lines.  `sizes` (from a
    PDF) gives each line's font size over the body's, in the order of the lines,
    and `boxes` its box: a line's width is then what it is set to, in columns of
    its own size (two a character), not counted from its text (digits and
    punctuation are narrower in type than in display columns).
    """
    text = normalize(text).replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    raw_lines = text.split("\n")
    if sizes is not None and len(sizes) != len(raw_lines):
        sizes = None  # not the text they were measured on
    if "   " in text and sizes is None:  # only a page with wide gaps can set columns side by side
        raw_lines = _unfold_side_by_side([l.rstrip() for l in raw_lines])
    stripped = [l.strip() for l in raw_lines]
    page = "\n".join(stripped)
    if _SPACED.search(page):
        spaced = [l.count(" ") >= 3 and _is_letterspaced(l) for l in stripped]
    else:
        spaced = [False] * len(stripped)
    spaced_page = False
    if sum(spaced) >= 3:
        candidates = [i for i, l in enumerate(stripped) if _FOUR_HAN.search(l)]
        spaced_page = len(candidates) >= 4 and sum(spaced[i] for i in candidates) >= 0.6 * len(candidates)
    if spaced_page:
        spaced = [True] * len(stripped)
    if any(spaced):
        cleaned = [remove_layout_spaces(raw, sp) for raw, sp in zip(stripped, spaced)]
    else:  # one pass over the page: the rules never look across a line end
        cleaned = remove_layout_spaces(page).split("\n")
    widths = part_widths(page, "\n")
    for i in (i for i, sp in enumerate(spaced) if sp):
        widths[i] = display_width(cleaned[i])  # letter-spacing is no part of the measure
    if boxes is not None and sizes is not None and len(boxes) == len(widths):
        for i, box in enumerate(boxes):
            if box is not None and box[3] > box[1]:  # set width, in columns of its own size
                widths[i] = round(2 * (box[2] - box[0]) / (box[3] - box[1]))
    lines = [Line(no, raw, clean, width, (sizes[no - 1] or 0.0) if sizes else 0.0) if raw else None
             for no, raw, clean, width in zip(count(1), stripped, cleaned, widths)]
    if boxes is not None and sizes is not None and len(boxes) == len(lines):
        _set_margins(lines, boxes)
    if not spaced_page:
        _restore_inline_drop_caps(lines)
    return lines


MARGIN_LINES = 3  # body lines a run between blank lines needs for its column's edges to be read off it


def _set_margins(lines: list[Line | None], boxes: "list[Box | None]") -> None:
    """Each body line's indent and shortfall in ems, from its box and its column's edges.

    A run of lines between blank lines is one column's (the PDF reader parts regions
    so); its edges are its lines' leftmost start and the end most of them reach (a closing
    mark may hang past the measure, a paragraph's last line stops short).  A run too short
    to tell them takes those of the nearest run that overlaps it.  A line beside a drop
    cap is set in by the cap, not by an indent: it gets none.
    """
    runs: list[list[tuple[Line, Box]]] = [[]]
    caps: list[Box] = []
    for line, box in zip(lines, boxes):
        if line is None or box is None:
            if runs[-1]:
                runs.append([])
            continue
        if CAPTION_SIZE <= line.size < HEADLINE_SIZE:
            runs[-1].append((line, box))
        elif line.size >= HEADLINE_SIZE and len(line.text) <= DROP_CAP_CHARS:
            caps.append(box)
    edges = [(min(b[0] for _, b in run), statistics.median(b[2] for _, b in run)) if len(run) >= MARGIN_LINES else None
             for run in runs]
    for k, run in enumerate(runs):
        if not run:
            continue
        own = edges[k]
        if own is None:  # too short to tell: the nearest run's edges that overlap it
            left, right = min(b[0] for _, b in run), max(b[2] for _, b in run)
            near = [(abs(j - k), e) for j, e in enumerate(edges) if e is not None and e[0] < right and left < e[1]]
            if not near:
                continue
            own = min(near, key=lambda d: d[0])[1]
        for line, (x0, y0, x1, y1) in run:
            em = y1 - y0
            if em > 0 and not any(c[0] < x0 <= c[2] + em and c[1] < y1 and y0 < c[3] for c in caps):
                line.indent, line.short = (x0 - own[0]) / em, (own[1] - x1) / em


_INLINE_CAP = re.compile(f"[{HAN}] +[{HAN}“]")


def _restore_inline_drop_caps(lines: list[Line | None]) -> None:
    """Put a drop cap that pdftotext printed at the head of the second line beside it
    (`届活动共评选出` / `本 愿者100名`) back in front of the line above, where it is read."""
    for i, line in enumerate(lines):
        if line is None or not _INLINE_CAP.match(line.text) or line.text.count(" ") > 2:
            continue
        if i < 2 or lines[i - 1] is not None:
            continue  # the cap's box breaks the flow: a blank line stands between (a name cut at a line end does not)
        above = lines[i - 2]  # the first line of the paragraph the cap opens
        if above is None or not is_han(above.text[0]):
            continue
        cap, rest = line.text[0], line.text[1:].lstrip(" ")
        above.text, above.raw = cap + above.text, cap + above.raw
        line.text, line.raw = rest, line.raw[1:].lstrip(" ")


# ---- side-by-side OCR columns, and photo debris --------------------------------------------

GAP = re.compile(r" {3,}")
_PIECE = re.compile(r"\S+(?: \S+)*")  # text between runs of two or more spaces
SIDE_BY_SIDE_LEAST_ROWS = 3  # rows with a gap that make a region of columns set side by side
WIDE_ROW = 1.6  # column measures a row of body text spans at least when it carries two columns set one space apart
DEFAULT_COLUMN = 24  # display columns of a column when no piece shows it (12 characters)
PIECE_LEAST = 14  # display columns a piece of text must span to show a column's measure
PIECE_MOST = 1.3  # column measures a piece may span before it is cut
CUT_LEAST = 0.6  # of a column's measure: the shortest left part a cut leaves
GLUED_CUT_COST = 4  # display columns a cut between two characters costs over one at a space
_ROW_PUNCT = re.compile(f"[{''.join(c for c in BODY_PUNCT if not c.isascii())}]")  # the full-width marks


def _unfold_side_by_side(raw_lines: list[str]) -> list[str]:
    """Cut OCR lines that carry several columns at once and read the columns one by one.

    A region of consecutive lines where most lines hold a run of three or
    more spaces between text is side by side.  A line of body text (it holds
    punctuation) far wider than one column belongs to it too: an OCR engine
    sets columns close together one space apart.  Each line is cut into
    column pieces, each piece goes to the column whose left edge (display
    position) is nearest, and the columns are read left to right, a blank
    line between.
    """
    gapped = [bool(GAP.search(l.strip())) for l in raw_lines]
    if sum(gapped) < SIDE_BY_SIDE_LEAST_ROWS:
        return raw_lines
    column = _column_width([raw_lines[i] for i, g in enumerate(gapped) if g])
    widths = [display_width(l.strip()) for l in raw_lines]
    multi = [g or (w >= WIDE_ROW * column and bool(_ROW_PUNCT.search(l))) for g, l, w in zip(gapped, raw_lines, widths)]
    across = [not m and w > PIECE_MOST * column and l.strip().count(" ") <= 1  # a headline set over columns
              for m, w, l in zip(multi, widths, raw_lines)]
    out: list[str] = []
    i, n = 0, len(raw_lines)
    while i < n:
        if not multi[i]:
            out.append(raw_lines[i])
            i += 1
            continue
        j = i
        hits = 0
        while j < n and (multi[j] or (raw_lines[j].strip() and not across[j] and j + 1 < n and multi[j + 1])):
            hits += gapped[j]
            j += 1
        if hits < SIDE_BY_SIDE_LEAST_ROWS:  # a gap too wide for a space between words still parts two texts
            for line in raw_lines[i:j]:  # each text apart: a blank line after each piece
                out.extend([line] if _debris(line) or not GAP.search(line.strip())
                           else [t for piece in GAP.split(line.strip()) for t in (piece, "")])
            i = j
            continue
        out.extend(_read_columns(raw_lines[i:j], column))
        i = j
    return out


def _column_width(lines: list[str]) -> int:
    """One column's measure in display columns, from the pieces lines with gaps are cut into:
    the width most pieces span, give or take one (a full column line is the commonest piece;
    a shorter one ends a paragraph or lost characters, a wider one holds two columns)."""
    inked = Counter(display_width(m.group().replace(" ", "")) for line in lines for m in _PIECE.finditer(line))
    wide = [w for w in inked if w >= PIECE_LEAST]
    if not wide:
        return DEFAULT_COLUMN
    return max((inked[w - 1] + inked[w] + inked[w + 1], w) for w in range(min(wide), max(wide) + 1))[1]


def _read_columns(region: list[str], column: int) -> list[str]:
    """Read a side-by-side region column after column.

    Each line is cut at runs of two or more spaces; a piece much wider than
    a column (two columns an OCR engine set one space apart) is cut again
    where one column's width ends.  The left edges of the columns come from
    the rows so cut that show them all; every piece goes to the column whose
    edge is nearest, keeping the pieces' order.  (Cutting the rows again
    where those edges fall was tried: OCR spacing keeps places too loosely,
    and the gen pages lost by it.)
    """
    rows: list[list[tuple[int, str]]] = []
    for line in region:
        rows.append([(display_width(line[: m.start()]), m.group()) for m in _PIECE.finditer(line)])
    rows = [[piece for x, t in row for piece in _split_wide(x, t, column)] for row in rows]
    counts = sorted(len(r) for r in rows)
    k = counts[int(len(counts) * 0.9)] if counts else 1
    full = [r for r in rows if len(r) == k]
    edges = [float(statistics.median(r[i][0] for r in full)) for i in range(k)] if full else [0.0]
    columns: list[list[str]] = [[] for _ in edges]
    for row in rows:
        for index, text in zip(_assign(row, edges), (t for _, t in row)):
            columns[index].append(text)
    out: list[str] = []
    for pieces in columns:
        if pieces:
            out.extend(pieces)
            out.append("")
    return out


def _cuts(text: str) -> Iterator[tuple[int, int, int]]:
    """Where a piece of an OCR row may be cut in two: (display width of the left part, index the
    right part starts at, cost of the cut besides its place).

    A cut at a space is free; one between two characters costs
    `GLUED_CUT_COST`, and so does a space next to a number or a Latin word
    (OCR sets spaces round a number inside a column, `资金 6800 万元`); a
    number or a Latin word is never cut.  Chinese type never sets a closing
    mark (`，`, `。`, `”`) at a line's start, so a cut never leaves one there.
    (Never cutting a number from its unit was tried: OCR misreads make that
    a worse guess on the gen pages.)
    """
    width = 0
    for i in range(len(text) - 1):
        width += display_width(text[i])
        at_space = text[i + 1] == " "
        right = i + 2 if at_space else i + 1
        if text[i] == " " or right >= len(text) or text[right] in NO_LINE_START:
            continue
        if not at_space and (text[right] == " " or text[i].isascii() and text[right].isascii()):
            continue
        inside = not at_space or text[i].isascii() and text[i].isalnum() or text[right].isascii() and text[right].isalnum()
        yield width, right, GLUED_CUT_COST if inside else 0


def _cut(x: int, text: str, right: int) -> tuple[tuple[int, str], int, str]:
    """The left piece of `text` (at display position x) cut at `right`, and where the rest begins."""
    left = text[:right].rstrip(" ")
    return (x, left), x + display_width(text[:right]), text[right:]


def _split_wide(x: int, text: str, column: int) -> list[tuple[int, str]]:
    """Cut a piece wider than 1.3 columns (columns an OCR engine set one space apart, or
    with no space at all) where one column's width ends, again and again until every piece fits."""
    pieces: list[tuple[int, str]] = []
    while display_width(text) > column * PIECE_MOST:
        best: tuple[float, int] | None = None  # (cost, where): the first cheapest cut
        for width, right, cost in _cuts(text):
            if width < column * CUT_LEAST:
                continue
            if best is not None and width - column >= best[0]:
                break  # the cuts further right only cost more: widths grow
            if best is None or abs(width - column) + cost < best[0]:
                best = (abs(width - column) + cost, right)
        if best is None:
            break
        piece, x, text = _cut(x, text, best[1])
        pieces.append(piece)
    pieces.append((x, text))
    return pieces


DEBRIS_LEAST_WORDS = 3  # fragments a line of OCR debris holds at least
DEBRIS_WORD_MOST = 2  # characters in each fragment of it
DEBRIS_SIGN_SHARE = 1 / 3  # of its fragments, those of signs or letters only at least
_TEXT_MARKS = frozenset(BODY_PUNCT + TERMINAL + CLOSERS + "“‘「『（《")  # a letter-spaced line ends `参 加 。`


def _debris(raw: str) -> bool:
    """A line of scattered fragments of one or two characters, a third of them signs or
    letters (`4 | FS 四 导 求`): what an OCR engine reads in a photo, never text.
    (Letter-spaced text is one Han character or mark a fragment; `组织 50 个` is text.)"""
    if raw.count(" ") < DEBRIS_LEAST_WORDS - 1:
        return False
    words = raw.split()
    if len(words) < DEBRIS_LEAST_WORDS or any(len(w) > DEBRIS_WORD_MOST for w in words):
        return False
    signs = sum(not any(is_han(c) or c.isdigit() or c in _TEXT_MARKS for c in w) for w in words)
    return signs >= DEBRIS_SIGN_SHARE * len(words)


def _assign(row: list[tuple[int, str]], edges: list[float]) -> list[int]:
    """Columns for a row's pieces, in order, each to the nearest edge that leaves room for the rest."""
    out: list[int] = []
    low, last = 0, len(edges) - 1
    for i, (x, _) in enumerate(row):
        top = min(max(low, len(edges) - (len(row) - i)), last)
        best, distance = low, abs(edges[low] - x)
        for c in range(low + 1, top + 1):  # the first nearest, as min() would
            if abs(edges[c] - x) < distance:
                best, distance = c, abs(edges[c] - x)
        out.append(best)
        low = min(best + 1, last)
    return out


# ---- classification helpers --------------------------------------------------------------

def ends_sentence(text: str) -> bool:
    """True if the text closes a sentence (`。`, `！`, `？`, maybe followed by quotes)."""
    t = text.rstrip()
    if t[-1:] in "）)" and SOURCE_TAIL.search(t):
        return True
    i = len(t) - 1
    while i >= 0 and t[i] in CLOSERS:
        i -= 1
    return i >= 0 and t[i] in TERMINAL


_SENTENCE_PUNCT = re.compile("[。！？；]")


def is_headline_like(text: str) -> bool:
    """A line that could be a headline: no sentence punctuation, not a credit or source."""
    if not (2 <= len(text) <= 40):
        return False
    if text[-1] in "，、；：。！？,;:!?" or text[0] in "，。、；：！？）)":
        return False
    if text.count("，") + text.count(",") > 1 or text.count("、") > 1 or _SENTENCE_PUNCT.search(text):
        return False
    if text[0] in "本记通实" and (BYLINE_LINE.match(text) or BYLINE_HEAD.match(text)):
        return False
    if text[-1] in "）)" and SOURCE_TAIL.search(text):
        return False
    return _FOUR_HAN.search(text) is not None  # a headline says something: 9月5, 下, 了 are OCR debris


HEADLINE_CANNOT_END = frozenset(data_words("headline_cannot_end.txt"))
HEAD_FIELDS = frozenset({"date", "page", "editor", "head", "paper", "section"})


def _differs(width: float, ref: float, share: float = 0.12) -> bool:
    return ref > 0 and abs(width - ref) / ref >= share


# ---- blocks ------------------------------------------------------------------------------

@dataclass
class Block:
    kind: str
    text: str
    line: int
    extra: dict = field(default_factory=dict)
    open: bool = False  # paragraph that ends in the middle of a sentence
    last: "Line | None" = None  # its last line, and the measure of its column
    first: "Line | None" = None  # its first line (a drop cap sets it in)
    measure: float = 0.0
    closed_by: "tuple[str, Line] | None" = None  # the open text a lone short line then closed, and that line
    nos: list[int] = field(default_factory=list)  # the numbers of the lines it was made of (for its box)

    def as_record(self) -> dict:
        rec = {"kind": self.kind, "text": self.text, "line": self.line}
        rec.update(self.extra)
        return rec


def _block(kind: str, text: str, lines: "list[Line]", extra: dict | None = None) -> Block:
    """A block made of `lines` (the first gives its line number)."""
    return Block(kind, text, lines[0].no, extra or {}, nos=[l.no for l in lines])


def _join(a: str, b: str) -> str:
    """Join two line texts the way narrow columns cut them."""
    if not a:
        return b
    if not b:
        return a
    if a[-1] == "-" and len(a) > 1 and a[-2].isascii() and a[-2].isalpha() and b[0].isascii() and b[0].islower():
        return a[:-1] + b
    if a[-1].isascii() and a[-1].isalpha() and b[0].isascii() and b[0].isalpha():
        return a + " " + b
    if _open_byline(a) and is_han(a[-1]) and b.startswith(CREDIT_ROLES):
        return a + " " + b  # one credit ends with the line, the next begins (记者 孙立群 / 通讯员 綦文博)
    return a + b  # a name cut by the line end (通讯员 罗建 / 川) is one name


CREDIT_ROLES = ("记者", "通讯员", "实习生", "特约", "摄", "见习记者", "本报记者")


_BYLINE_OPEN = re.compile(r"(?:本报|本刊|本网)讯[（(]")


_LATIN = re.compile("[A-Za-z]")


def _join_lines(texts: list[str]) -> str:
    """`_join` over a paragraph's lines, plain concatenation where no Latin word or byline is cut."""
    joined = "".join(texts)
    if len(texts) == 1 or not (_LATIN.search(joined) or joined.startswith(("本报", "本刊", "本网"))):
        return joined  # only Latin words and an open byline join with anything between
    text = ""
    for t in texts:
        text = _join(text, t)
    return text


def _open_byline(text: str) -> bool:
    """A byline whose bracket is still open (`本报讯（记者 孙立群` / `通讯员 綦文博）`)."""
    if not text.startswith(("本报", "本刊", "本网")):
        return False
    m = _BYLINE_OPEN.match(text)
    return m is not None and "）" not in text[m.end():] and ")" not in text[m.end():]


PHRASE_PAIR = re.compile("[\u4e00-\u9fff] [\u4e00-\u9fff]")


def _split_headlines(lines: list[Line], column: float) -> list[list[Line]]:
    """Cut a run of headline lines into headlines, reading from the last line up.

    A wrapped headline fills each line but the last to one width, and its
    last line is not wider than the others; a line that breaks this starts
    another headline.
    """
    groups: list[list[Line]] = []
    current: list[Line] = []
    for line in reversed(lines):
        if not current:
            current = [line]
            continue
        last = current[-1]  # the headline's last line
        full = [_set_width(l) for l in current[:-1]]
        fits = (_wraps_onto(line.width, line.text, last, column)
                and all(abs(_set_width(line) - w) <= 2 for w in full))
        if fits and len(current) < 4:
            current.insert(0, line)
        else:
            groups.insert(0, current)
            current = [line]
    if current:
        groups.insert(0, current)
    # `current` was built with insert(0): each group is top-down already.
    return groups


HEADLINE_SIZE = 1.05  # a line set this much larger than the body is a headline (kickers are set barely larger)
# drawn frames (PDF pages)
NOTICE_MOST_LINES = 6  # lines a framed notice or ad holds at most
CAPTION_MOST_LINES = 3  # lines of a caption under a photo
CAPTION_SIZE = 0.97  # of the body size: a caption is set smaller
CAPTION_GAP = 1.5  # line heights between a photo's foot (or the caption line above) and a caption line
FRAME_SLACK = 2.0  # points a caption may stand out past its photo's sides
SAME_SIZE = 0.02  # sizes (over the body's) closer than this are one headline's


def _size_groups(lines: list[Line]) -> list[list[Line]]:
    """Headline lines from a PDF cut into headlines where the size changes: a wrapped title
    keeps its size, a kicker or subtitle is set in another."""
    groups: list[list[Line]] = []
    for line in lines:
        if groups and abs(groups[-1][-1].size - line.size) < SAME_SIZE:
            groups[-1].append(line)
        else:
            groups.append([line])
    return groups


def _set_width(line: Line) -> int:
    """A headline line's width without the closing marks at its end: type lets a closing
    mark hang past the measure rather than start a line with it."""
    hung = len(line.text) - len(line.text.rstrip(CLOSERS + TERMINAL + BODY_PUNCT))
    return line.width - display_width(line.text[len(line.text) - hung:]) if hung else line.width


_END_CHARS = frozenset(TERMINAL + CLOSERS)
_FULL_STOP_END = re.compile(f"。[{re.escape(CLOSERS)}]*$")
_SPECK = re.compile(f"[^{HAN}0-9]{{1,2}}$")  # a line of two signs or letters at most, no Han, no digit
CONTINUATION_MARKS = frozenset(BODY_PUNCT + TERMINAL + CLOSERS)  # a line ending so may be body
_LEADING_WORD = re.compile(r"[0-9A-Za-z.%,:/+-]+")
_LEADING_NUMBER = re.compile(r"[0-9A-Za-z.%]{2,}")


def _ends_paragraph(line: Line, following: Line, measure: float, slack: int = 2) -> bool:
    """Does `line` end its paragraph, given the line that follows it?

    A paragraph ends at a sentence end when the line stops short of the
    column: room was left that the next word would have filled.  The next
    word is one Han character, or a whole Latin word or number, which never
    breaks (`儿童督导员 1100 余名。` / `2022 年以来` carries on), or an opening
    mark with the character it opens, since no line ends on one (`_room_to_wrap`).
    """
    if line.text[-1] not in _END_CHARS or not ends_sentence(line.text):
        return False
    if following.indent is not None and line.short is not None:  # boxes tell where each line stands
        return following.indent >= INDENT_EMS  # (a short line before a flush one: a number that did not fit)
    return measure - line.width > _room_to_wrap(following.text) + slack


def _number_wrapped(line: Line, following: Line, measure: float) -> bool:
    """A sentence end followed by a blank line still carries on when the next
    line starts with a number that could not fit in the room left."""
    m = _LEADING_NUMBER.match(following.text)
    return m is not None and measure - line.width <= len(m.group()) + 2


def _full_across_break(line: Line, piece: list[Line], measure: float) -> bool:
    """A sentence that ends flush with the column, a break, then a line that is not indented:
    the paragraph goes on (a paragraph's first line is set two characters in).  A line set to
    another measure (a lead set wide across the columns) is not flush with this one."""
    if line.short is not None and piece[0].indent is not None:
        return line.short < SHORT_EMS and piece[0].indent < INDENT_EMS
    return (len(piece) >= 2 and measure - 1 <= line.width <= measure * (1 + OTHER_MEASURE)
            and piece[0].width >= measure - 1)


_ASCII_IN = re.compile("[\x21-\x7e]")  # a Latin letter, a digit or an ASCII sign


def _column_measure(lines: list[Line], fallback: float) -> float:
    """The measure of the column these body lines are set in.

    Justified type stretches a full line to the measure, so a line holding
    Latin letters or digits (narrower than a Han character, and of no fixed
    count) says little; lines of Han characters and CJK punctuation alone
    give the measure exactly: the width most of them have.
    """
    counts = Counter(l.width for l in lines if not _ASCII_IN.search(l.text))
    return _modal_width(counts, fallback)


def _modal_width(counts: Counter[int], fallback: float) -> float:
    """The width most of at least two exact lines have (the wider on a tie), else the fallback."""
    if sum(counts.values()) < 2:
        return fallback
    return float(max(counts, key=lambda w: (counts[w], w)))


def _measures_below(chunk: list[Line], k: int, fallback: float) -> list[float]:
    """`_column_measure` of the lines under each of the first k+1 lines of a chunk, its last
    line (a paragraph's end) left out: for line i, of chunk[i + 1:-1], in one pass bottom up."""
    last = len(chunk) - 1
    counts: Counter[int] = Counter(l.width for l in chunk[k + 1:last] if not _ASCII_IN.search(l.text))
    out = [fallback] * (k + 1)
    for i in range(k, -1, -1):
        if i < k and i + 1 < last and not _ASCII_IN.search(chunk[i + 1].text):
            counts[chunk[i + 1].width] += 1  # line i+1 is under line i
        out[i] = _modal_width(counts, fallback)
    return out


BODY_PUNCT_IN = re.compile(f"[{BODY_PUNCT}]")


MEASURE_LINES = 3  # lines above a chunk's last that show its column's measure


def _body_width(widths: list[int], fallback: float) -> float:
    if len(widths) >= MEASURE_LINES:
        ordered = sorted(widths)
        return ordered[int(len(ordered) * 0.75)]
    return fallback


_DIGIT_END = re.compile(r"[0-9]$")
# what a number goes on with: its unit, measure word, magnitude, approximation, or a date's 年/月/日
_AFTER_NUMBER = re.compile("|".join(re.escape(w) for w in sorted(
    [*UNITS, *MEASURE_WORDS, *BIG_UNIT, *APPROX_AFTER, "年", "月", "日", "岁"], key=len, reverse=True)))
RESTATED_SHARE = 0.5  # share of a headline's character bigrams its story's opening repeats
_ANY_PUNCT = re.compile(f"[{BODY_PUNCT}{TERMINAL}{CLOSERS}“‘「『（(《]")


def _early_ending(block: Block) -> bool:
    """A paragraph of one line that opens with a number's unit and ends a sentence (`万元。`)."""
    return (block.kind == "paragraph" and len(block.nos) == 1 and "drop_cap" not in block.extra
            and _AFTER_NUMBER.match(block.text) is not None and ends_sentence(block.text))


def _runs_into(para: Block, line: Line) -> bool:
    """Does the open paragraph's text run on into this line: a word cut at its end, a number
    that did not fit, or a number at its end whose unit, measure word or magnitude the line
    opens with (`1.08` / `亿元。`)?"""
    if para.last is None:
        return False
    if _DIGIT_END.search(para.text) and _AFTER_NUMBER.match(line.text):
        return True
    return word_crosses(para.text, line.text, known=True) or _number_wrapped(para.last, line, para.measure)


OPENERS = "“‘「『（(《〈【"


def _room_to_wrap(text: str) -> int:
    """Columns the start of a line needs at the end of the line above: a Latin word or number
    whole, an opening mark with the character it opens (no line ends on one), else one Han."""
    m = _LEADING_WORD.match(text)
    if m:
        return len(m.group()) + 1
    return 4 if text[:1] in OPENERS else 2


def _letterspaced_line(line: Line) -> bool:
    return line.raw.count(" ") >= 3 and _is_letterspaced(line.raw)


def _spacing_changes(line: Line, following: Line) -> bool:
    """One line letter-spaced and the next not (or the reverse): two paragraphs set apart,
    whatever their measures say (a lead set spaced, the next story's lead right under it)."""
    return _letterspaced_line(line) != _letterspaced_line(following)


def _broken_off(para: Block) -> bool:
    """Did a column break cut this open paragraph: body text whose last line fills the measure?"""
    return (para.kind == "paragraph" and para.last is not None and para.last.width >= para.measure - FULL_LINE_SLACK
            and not BYLINE_HEAD.match(para.text))


def _opens_paragraph(piece: list[Line], measure: float) -> bool:
    """Does this run of lines open a paragraph by its indent: a first line set in by the
    indent, and a full line under it?  A line justified with a space between two Han
    characters (`参与 接`) is full whatever it measures; one with a space after a mark only
    (`朱丽华介绍， 湖州市`, pdftotext's mark and gap) is set in when it stops short by more
    than that space and the least indent.  A space between a character and the mark after it
    is OCR's: such a line's measure says nothing."""
    if piece[0].indent is not None and piece[0].text[0] not in CONTINUATION_MARKS:
        return INDENT_EMS <= piece[0].indent <= INDENT_MOST_EMS
    if len(piece) < 2 or piece[0].text[0] in CONTINUATION_MARKS:
        return False
    if _SPACED.search(piece[0].raw) and (_SPACE_AFTER_HAN.search(piece[0].raw)
                                         or measure - piece[0].width < INDENT_LEAST + JUSTIFIED_SPACE_SLACK):
        return False  # justified full (or spaced by OCR), unless set in by more than its one space stretches
    latin = 1 if _LEADING_WORD.search(piece[0].text) else 0  # the gaps type sets around digits and Latin
    if measure - piece[0].width <= _room_to_wrap(piece[1].text) + latin:
        return False  # the line may be full: what the next line opens with would not have fit
    return (measure - INDENT_MOST <= piece[0].width <= measure - INDENT_LEAST
            and abs(piece[1].width - measure) <= FULL_LINE_SLACK)


def _set_flush(piece: list[Line], measure: float) -> bool:
    """Is the first line of this run set flush with its column (no paragraph indent): by its
    box where one tells it, else by a full measure with a full line under it?"""
    first = piece[0]
    if first.indent is not None:
        return first.indent < INDENT_EMS
    return len(piece) >= 2 and abs(first.width - measure) <= FULL_LINE_SLACK and abs(piece[1].width - measure) <= FULL_LINE_SLACK


def _ahead_of_its_ending(para: Block, piece: list[Line], measure: float) -> bool:
    """Did OCR read a paragraph's last two lines in the wrong order?

    The paragraph was open until a lone short line closed it; now a lone
    line comes that runs the full measure (no paragraph indent) and stops
    mid-sentence: it cannot open a paragraph of its own, and it reads on
    into that short line (资助家庭 | 经济困难学生1.2万名，其中少 | 数民族学生4300名。).
    """
    if para.closed_by is None or len(piece) != 1 or ends_sentence(piece[0].text):
        return False
    ending = para.closed_by[1]
    return piece[0].width >= measure * 0.95 and ending.width < measure * 0.8


class PageCleaner:
    """Turns the lines of one page into blocks; one instance per page."""

    def __init__(self, text: str, sizes: list[float | None] | None = None,
                 boxes: "list[Box | None] | None" = None, page: int = 1, frames: "list[Box] | None" = None):
        self.lines = make_lines(text, sizes, boxes)
        self.boxes = boxes if boxes is not None and len(boxes) == len(self.lines) else None
        self.frames: list[Box] = frames or []
        self.page = page
        self.blocks: list[Block] = []
        self.meta: dict = {"date": None, "section": None, "paper": None, "page_no": None, "editors": []}
        self.page_width = self._page_body_width()
        body_lines = [l for l in self.lines if l is not None and BODY_PUNCT_IN.search(l.text)]
        self.page_measure = _column_measure(body_lines, self.page_width)  # the main column's
        self.open_para: Block | None = None  # the paragraph that stopped mid-sentence
        self.carry: Block | None = None  # the paragraph the next body text may carry on
        self.between: list[Block] = []  # headings met while a paragraph was open
        self.group = 0
        self.following: list[Line] | None = None  # the next chunk, to look ahead
        self.next_is_jump_in = False
        self.pending_cap: Line | None = None  # a drop cap printed before the paragraph it opens
        self.waiting: list[Block] = []  # open paragraphs whose columns go on further down the text
        self.jumped_in = False  # a `（上接第1版）` line came last: the text under it resumes no column here

    def _page_body_width(self) -> float:
        widths = [l.width for l in self.lines if l and ("，" in l.text or "、" in l.text) and len(l.text) >= 6]
        return statistics.median(widths) if widths else 26.0

    def _furniture(self, line: Line, kind: str) -> None:
        text = line.text
        if kind in HEAD_FIELDS:
            self._head_meta(text, kind)
        m = JUMP_LINE.match(text) if kind == "jump" else None
        block = _block("furniture", text, [line], {"field": kind})
        jump_in = kind == "jump" and text.startswith(("（上", "(上"))
        if kind == "jump" and self.open_para is not None:
            if jump_in:  # `（上接第1版）` starts the rest of another story: the sentence left open
                self.waiting.append(self.open_para)  # here goes on in a column further down
            else:
                self.open_para.extra["continued"] = True  # the sentence goes on on another page
            self.open_para = self.carry = None
            self.between = []
        self.jumped_in = self.jumped_in or jump_in  # the text under it goes on the other page's story
        if m:
            block.extra["jump"] = "out" if text[1] in "下转" and not jump_in else "in"
            block.extra["to_page"] = int(m[2])
        self.blocks.append(block)

    # -- main ------------------------------------------------------------------------------
    def _head_meta(self, text: str, kind: str) -> None:
        """Take the issue date, page, editors, paper and section from a running-head line."""
        if kind in ("paper", "section"):
            self.meta[kind] = self.meta[kind] or text
            return
        parsed = parse_head_line(text) or {}
        if parsed.get("date"):
            self.meta["date"] = self.meta["date"] or parsed["date"]
        if parsed.get("page_no") is not None and self.meta["page_no"] is None:
            self.meta["page_no"] = parsed["page_no"]
        self.meta["editors"].extend(parsed.get("editors", []))
        paper, section = paper_and_section(parsed.get("names", []))
        self.meta["paper"] = self.meta["paper"] or paper
        self.meta["section"] = self.meta["section"] or section

    def clean(self) -> dict:
        texts = [l.text if l is not None else None for l in self.lines]
        heads: dict[int, str] = find_heads(texts)
        for idx in find_notices(texts, [l.width if l is not None else 0 for l in self.lines]):
            heads.setdefault(idx, "notice")
        for idx, mark in self._framed().items():
            heads.setdefault(idx, mark)
        units: list[list[Line] | tuple[Line, str]] = []  # chunks of lines, and furniture lines
        chunk: list[Line] = []
        for idx, line in enumerate(self.lines):
            kind = heads.get(idx)
            if kind is None and line is not None and line.text[0] in "（(" and JUMP_LINE.match(line.text):
                kind = "jump"
            if kind is None and line is not None and _debris(line.raw):
                kind = "noise"
            if kind is None and line is not None and chunk and len(line.text) <= 2 and _SPECK.match(line.text) \
                    and chunk[-1].text[-1] in _END_CHARS:
                kind = "noise"  # OCR debris under a closed sentence, never the text going on
            if line is not None and kind is None:
                chunk.append(line)
                continue
            if chunk:
                units.append(chunk)
                chunk = []
            if line is None:
                continue
            assert kind is not None
            units.append((line, kind))
        if chunk:
            units.append(chunk)
        next_chunk: list[list[Line] | None] = [None] * len(units)  # the next chunk after each unit
        for i in range(len(units) - 2, -1, -1):
            after = units[i + 1]
            next_chunk[i] = after if isinstance(after, list) else next_chunk[i + 1]
        for i, unit in enumerate(units):
            if isinstance(unit, tuple):
                if unit[1] == "noise":
                    self.blocks.append(_block("noise", unit[0].text, [unit[0]]))
                else:
                    self._furniture(*unit)
                continue
            upcoming = units[i + 1] if i + 1 < len(units) else None
            jump = JUMP_LINE.match(upcoming[0].text) if isinstance(upcoming, tuple) and upcoming[1] == "jump" else None
            self.next_is_jump_in = jump is not None and jump[1] in ("上接", "接")
            self.following = next_chunk[i]
            self._chunk(unit)
        if self.pending_cap is not None:  # no paragraph came after all: the cap stays what it is
            self.blocks.append(_block("noise", self.pending_cap.text, [self.pending_cap]))
        self._place_early_endings()
        self._split_credits()
        if self.boxes is not None:
            for block in self.blocks:
                block.extra["bbox"] = self._bbox(block)
        return {**self.meta, "blocks": [b.as_record() for b in self.blocks]}

    def _framed(self) -> dict[int, str]:
        """Lines that a frame drawn on a PDF page marks as furniture.

        A frame round a few lines that close no sentence boxes a notice or an
        ad (a frame round sentences is a story or a lead set in a box: left to
        the rules of body text).  An empty frame is a photo's place, and the
        lines set smaller than the body right under it, inside its width, are
        its caption.
        """
        if not self.frames or self.boxes is None:
            return {}
        placed = [(i, line, box) for i, (line, box) in enumerate(zip(self.lines, self.boxes))
                  if line is not None and box is not None]
        marked: dict[int, str] = {}
        for x0, y0, x1, y1 in self.frames:
            inside = [(i, line) for i, line, b in placed if x0 <= (b[0] + b[2]) / 2 <= x1 and y0 <= (b[1] + b[3]) / 2 <= y1]
            if inside:
                if len(inside) <= NOTICE_MOST_LINES and not any(_FULL_STOP_END.search(line.text) for _, line in inside):
                    marked.update((i, "notice") for i, _ in inside)
                continue
            under = sorted(((i, line, b) for i, line, b in placed
                            if b[3] <= y0 and b[0] >= x0 - FRAME_SLACK and b[2] <= x1 + FRAME_SLACK), key=lambda p: -p[2][3])
            top = y0
            for i, line, b in under[:CAPTION_MOST_LINES]:
                if not 0.0 < line.size < CAPTION_SIZE or top - b[3] > CAPTION_GAP * (b[3] - b[1]):
                    break
                marked[i] = "caption"
                top = b[1]
        return marked

    def _bbox(self, block: Block) -> list[float] | None:
        """[page, x0, y0, x1, y1]: the box round the lines a block was made of (PDF points, y up)."""
        assert self.boxes is not None
        boxes = [box for no in block.nos if (box := self.boxes[no - 1]) is not None]
        if not boxes:
            return None
        return [self.page, min(b[0] for b in boxes), min(b[1] for b in boxes),
                max(b[2] for b in boxes), max(b[3] for b in boxes)]

    def _chunk(self, chunk: list[Line]) -> None:
        if not chunk:
            return
        first = chunk[0]
        # photo caption
        if CAPTION_START.match(first.text):
            end = next((i for i, l in enumerate(chunk) if CAPTION_END.search(l.text)), len(chunk) - 1)
            text = "".join(l.text for l in chunk[: end + 1])
            self.blocks.append(_block("furniture", text, chunk[: end + 1], {"field": "caption"}))
            self._chunk(chunk[end + 1:])
            return
        # a photographer's credit standing alone
        if len(chunk) <= 2 and PHOTO_CREDIT.match(chunk[-1].text) and sum(len(l.text) for l in chunk) <= 40:
            self.blocks.append(_block("furniture", "".join(l.text for l in chunk), chunk, {"field": "caption"}))
            return
        # drop caps and stray glyphs
        if len(chunk) == 1 and len(first.text) == 1 and is_han(first.text):
            self._drop_cap(first)
            return
        # (a column of text never sets lines of one character one under another: OCR specks)
        if (all(len(l.text) <= 2 and not any(is_han(c) for c in l.text) for l in chunk)
                or len(chunk) >= 2 and all(len(l.text) == 1 for l in chunk)):
            for l in chunk:
                self.blocks.append(_block("noise", l.text, [l]))
            return
        if first.size:  # a PDF told the sizes: a headline is set larger than the body, and only that is one
            k = next((i for i, l in enumerate(chunk) if l.size < HEADLINE_SIZE or _FULL_STOP_END.search(l.text)),
                     len(chunk))  # (a headline never carries a full stop: a large box ending so is body text)
            heads = [l for l in chunk[:k] if not _SPECK.match(l.text)]  # a large quote mark is ornament
            for l in chunk[:k]:
                if _SPECK.match(l.text):
                    self.blocks.append(_block("noise", l.text, [l]))
            if heads:
                self._headlines(heads, attached=k < len(chunk))
            self._body(chunk[k:])
            return
        k = _headline_run(chunk)
        proven = False  # the body's first line shows where the headlines end
        if 1 <= k < len(chunk) and not BYLINE_LINE.match(chunk[k].text) and not BYLINE_HEAD.match(chunk[k].text):
            k, proven = self._body_start(chunk, k)  # (k = 0: a body from the first line, no headline)
        elif k == len(chunk) > 2:  # no line closes a sentence: the measure may still show a body
            start, proven = self._body_start(chunk, k - 1)
            proven = proven and (start == 0 or self._accept_headlines(chunk[:start], chunk[start:]))
            k = start if proven else k
        heads, rest = chunk[:k], chunk[k:]
        if heads and len(rest) > 1 and not _ANY_PUNCT.search(rest[0].text) and self._breaks_word_into(rest[1]) \
                and not self._breaks_word_into(rest[0]):
            heads, rest = chunk[:k + 1], chunk[k + 1:]  # the open sentence goes on under it: a headline's last line
        resumes = next((i for i in range(1, len(heads)) if self._breaks_word_into(heads[i])
                        and self.open_para is not None and abs(heads[i].width - self.open_para.measure) <= FULL_LINE_SLACK), 0)
        if resumes:  # a headline printed between a column's end and the line its last word runs on into
            heads, rest = heads[:resumes], heads[resumes:] + rest
        if heads and (self._breaks_word_into(heads[0]) or self._full_line_goes_on(heads, rest)):
            heads, rest = [], chunk  # the open paragraph goes on here: body after a column break
        # a headline printed between a column's foot and the line its last word runs on into
        set_between = bool(heads and rest and _ends_headline(heads) and self._breaks_word_into(rest[0]))
        if heads and not set_between and not (proven and _ends_headline(heads)) and not self._accept_headlines(heads, rest):
            heads, rest = [], chunk
        if heads and not proven and not set_between and self._runs_on(heads[-1], rest):
            heads, rest = heads[:-1], heads[-1:] + rest  # it runs on into the text under it: body, cut by a column
        if heads:
            self._headlines(heads, attached=bool(rest))
        self._body(rest)

    def _body_start(self, chunk: list[Line], k: int) -> tuple[int, bool]:
        """Where the body begins among the headline-like lines on top of a chunk (k if below
        them), and whether the measure proves it (else `_accept_headlines` judges the lines above).

        Body text fills its column to one measure; a paragraph's first line is
        set in by its indent.  So the first line, below a headline line, that
        is indented against the body lines under it, with only full lines
        between it and the body, opens the body (a line with no punctuation,
        `本届活动共评选出全国最美志`, is no headline for that).  A full line
        under a headline of another measure carries on the sentence a column
        break left open (a headline set across the columns above it).
        """
        measures = _measures_below(chunk, k, self.page_measure)
        for i in range(k + 1):
            measure = measures[i]
            if not all(abs(l.width - measure) <= FULL_LINE_SLACK for l in chunk[i + 1:k]):
                continue
            width = chunk[i].width
            if measure - INDENT_MOST <= width <= measure - INDENT_LEAST and (i == 0 or chunk[i - 1].width != width) \
                    and i + 1 < len(chunk) and abs(chunk[i + 1].width - measure) <= FULL_LINE_SLACK \
                    and (i < k or chunk[i - 1].text[-1] not in CONTINUATION_MARKS):
                return i, True  # an indented line, full lines under it: a paragraph opens here
            if i and abs(width - measure) <= FULL_LINE_SLACK and self.open_para is not None \
                    and _differs(chunk[i - 1].width, measure, OTHER_MEASURE):
                return i, True
        if k < 2:
            return k, False
        ref = _body_width([l.width for l in chunk[k:-1]], self.page_width)
        if chunk[k - 1].width != chunk[k - 2].width and ref - INDENT_MOST <= chunk[k - 1].width < ref:
            return k - 1, False  # maybe an indented first line of the body
        return k, False

    def _breaks_word_into(self, line: Line) -> bool:
        """Does the open paragraph end in a full line whose last word runs on into `line`?

        Body text breaks inside a word only where a line reaches the measure,
        so a full last line that a word crosses is carried on by `line`
        (`…实际，开` / `设“老年课堂”…`), wherever the column break set it.
        Not right under a headline: that headline interrupted the paragraph.
        """
        para = self.open_para
        if para is None or not self.blocks or self.blocks[-1].kind == "heading":
            return False
        return _broken_off(para) and word_crosses(para.text, line.text, known=True)

    def _restates_open(self, line: Line) -> bool:
        """A line with no punctuation whose words the open paragraph mostly holds: the headline
        of the story it interrupts, set across the columns and printed after the first one
        (`…出席会议并讲话，` / `陕西召开全省民政工作会议` / `陕西省民政厅党组书记、…`),
        whatever its measure."""
        para = self.open_para
        if para is None or _ANY_PUNCT.search(line.text):
            return False
        return bigram_share(char_bigrams(line.text), NOT_WORD.sub("", para.text)) >= RESTATED_SHARE

    def _full_line_goes_on(self, heads: list[Line], rest: list[Line]) -> bool:
        """One headline-like line at the full measure of the open paragraph's column, body text
        under it, while that paragraph stopped mid-sentence at a full line: the sentence goes
        on (`…杭州市上城区` / `红巷志愿服务中心、广东省` / `深圳市…`); a headline is set in
        its own size, not to the body's measure.  (Two lines or more at that measure were
        tried too: a headline across two columns is set so often enough.)"""
        para = self.open_para
        if len(heads) != 1 or not rest or para is None or not _broken_off(para):
            return False
        return abs(heads[0].width - para.measure) <= FULL_LINE_SLACK

    def _runs_on(self, line: Line, rest: list[Line]) -> bool:
        """Does a headline-like line run on into the body text after it, a word cut at its end?

        Body text breaks at the measure, inside a word (`江西省慈` / `善总会`); a
        headline breaks where a phrase ends.  The text after it is the body under
        it, or the next chunk when that carries on unindented.
        """
        after = rest[0] if rest else None
        if after is None and self.following:
            first = self.following[0]
            measure = _column_measure(self.following[1:-1] or self.following, self.page_measure)
            after = first if abs(first.width - measure) <= FULL_LINE_SLACK and BODY_PUNCT_IN.search(first.text) else None
        return after is not None and word_crosses(line.text, after.text)

    @property
    def next_is_headline(self) -> bool:
        """Does the next chunk start with what `_chunk` could take as a headline?"""
        following = self.following
        if following is None:
            return False
        if len(following) >= 2 and any(BODY_PUNCT_IN.search(l.text) for l in following[:2]):
            measure = _column_measure(following[1:-1] or following, self.page_measure)
            if all(abs(l.width - measure) <= FULL_LINE_SLACK for l in following[:2]):
                return False  # two full lines of punctuated text are body
        k = _headline_run(following)
        return k > 0 and (k < len(following) or self._commas_allow(following))

    @property
    def _next_is_byline(self) -> bool:
        """Is the next chunk's first line a byline of its own (an OCR engine sets a blank line
        between a headline and the byline under it)?  One running into body text heads a story
        whose headline stands elsewhere."""
        following = self.following
        if not following:
            return False
        text = following[0].text
        head = BYLINE_HEAD.match(text)
        return bool(BYLINE_LINE.match(text) or head and head.end() == len(text.rstrip()))

    def _commas_allow(self, heads: list[Line]) -> bool:
        """Headline lines standing alone: only a one-line kicker set wide carries a comma."""
        wide = heads[0].width > self.page_width * 1.12
        commas = sum(_has_bare_comma(l.text) for l in heads)
        return not (commas and not wide or commas > 1)

    def _accept_headlines(self, heads: list[Line], rest: list[Line]) -> bool:
        """Decide whether the headline-like lines on top of a chunk really are headlines."""
        if not _ends_headline(heads):
            return False
        if not rest:
            # a chunk of headline-like lines alone: a headline unless it carries on an open sentence
            wide = heads[0].width > self.page_width * 1.12
            if not self._commas_allow(heads):
                return False
            if self.next_is_jump_in or self._next_is_byline:
                return True  # the headline repeated above a continued article, or one over its byline
            if len(heads) == 1 and not wide and heads[0].width > self.page_width * 0.72 and not self.next_is_headline:
                return False  # a paragraph's first line cut off by a column break
            return len(heads) <= 4 and (self.open_para is None or _differs(heads[0].width, self.page_width)
                                        or self.next_is_headline)  # a run of headlines interrupts an open sentence
        if any(_has_bare_comma(l.text) for l in heads):
            return False
        if BYLINE_LINE.match(rest[0].text) or BYLINE_HEAD.match(rest[0].text):
            return True
        prev = next((b for b in reversed(self.blocks) if b.kind != "noise"), None)
        after_kicker = prev is not None and prev.kind == "heading"
        ref = _body_width([l.width for l in rest[:-1]] if len(rest) > 2 else [], self.page_width)
        if len(heads) == 1:
            w = heads[0].width
            return w > ref * 1.12 or w < ref * 0.72 or self._restates_open(heads[0])
        full = heads[:-1]
        even = all(abs(l.width - full[0].width) <= 2 for l in full)
        return even and (all(_differs(l.width, ref) for l in full) or after_kicker)

    def _headlines(self, heads: list[Line], attached: bool) -> None:
        sized = heads[0].size > 0.0
        groups = _size_groups(heads) if sized else _split_headlines(heads, self.page_width)
        if not sized and self._title_goes_on(groups):
            return
        floating = self.carry is not None
        # roles: the title is set largest (by size, where known), else it has the most lines;
        # on a tie the first is the title
        if len(groups) == 1:
            roles = ["title"]
        elif sized:
            t = max(range(len(groups)), key=lambda i: (groups[i][0].size, -i))
            roles = ["kicker" if i < t else "title" if i == t else "subtitle" for i in range(len(groups))]
        else:
            most = max(len(g) for g in groups)
            tops = [i for i, g in enumerate(groups) if len(g) == most]
            t = tops[0] if len(tops) == 1 or len(groups) != 2 else self._tie_title(groups)
            if len(groups) >= 3 and len(tops) > 1:
                t = 1
            roles = ["kicker" if i < t else "title" if i == t else "subtitle" for i in range(len(groups))]
        prev = self.blocks[-1] if self.blocks else None
        if not sized and not attached and len(groups) == 1 and self._lone_run_of_two(groups[0]) \
                and not self.next_is_headline:
            # three lone one-line headlines in a row, a blank line under the last too, then its
            # body: kicker, title and subtitle, as in one run (an OCR engine sets a blank line
            # under each line of a run; where the last is set on its body, the blanks part stories)
            kicker, title = self.blocks[-2:]
            kicker.extra["role"], kicker.extra["group"] = "kicker", title.extra["group"]
            roles = ["subtitle"]
        elif not sized and len(groups) == 1 and prev is not None and _lone_title(prev) \
                and _WHOLLY_QUOTED.match(prev.text):
            # what someone said makes a feature's title (`“老马的事，就是我的事”`), never a kicker
            # (a phrase or two): the line under it is its subtitle
            roles = ["subtitle"]
        # a lone headline just before this one, in fewer lines, is its kicker
        elif ((attached or not self.next_is_headline) and prev is not None and prev.kind == "heading"
                and prev.extra.get("role") == "title"
                and _kicker_lines(prev.extra.get("lines", 1), len(groups[0]))
                and not prev.extra.get("attached") and "kicker" not in roles):
            prev.extra["role"] = "kicker"
            kicker_lines = [line for no in prev.nos if (line := self.lines[no - 1]) is not None]
            if self._phrase_pair(kicker_lines):  # read as a title, it was joined as one
                prev.text = " ".join(l.text for l in kicker_lines)
        else:
            self.group += 1
        for g, role in zip(groups, roles):
            text = " ".join(l.text for l in g) if role == "kicker" and self._phrase_pair(g) else _join_headline(g)
            block = _block("heading", text, g, {"role": role, "group": self.group, "lines": len(g),
                                                      "width": max(l.width for l in g)})
            if attached:
                block.extra["attached"] = True
            self.blocks.append(block)
            if floating:
                self.between.append(block)

    def _lone_run_of_two(self, group: list[Line]) -> bool:
        """Are the last two blocks lone one-line titles, nothing between, and `group` one line?"""
        return len(group) == 1 and len(self.blocks) >= 2 and all(map(_lone_title, self.blocks[-2:]))

    def _phrase_pair(self, lines: list[Line]) -> bool:
        """A kicker in two lines, the first stopping well short of the column (it was broken, not
        wrapped), and no sign at the break: two phrases set one under the other (`弘扬志愿精神 /
        凝聚奋进力量`), which a kicker on one line sets apart with a space."""
        if len(lines) != 2 or lines[0].text[-1] in _END_CHARS or lines[0].text[-1] in BODY_PUNCT:
            return False
        scale = lines[0].size or 1.0  # a PDF line's width is in columns of its own size
        return (lines[0].width + 2) * scale + FULL_LINE_SLACK <= self.page_measure

    def _title_goes_on(self, groups: list[list[Line]]) -> bool:
        """A lone headline line right under a kicker and a one-line title, nothing between,
        that fits as the title's wrapped second line: OCR set a blank line inside the title.
        It is joined to the title (and True returned)."""
        if len(groups) != 1 or len(groups[0]) != 1 or len(self.blocks) < 2:
            return False
        line, (kicker, title) = groups[0][0], self.blocks[-2:]
        if not (title.kind == kicker.kind == "heading" and title.extra.get("role") == "title"
                and kicker.extra.get("role") == "kicker" and kicker.extra.get("group") == title.extra.get("group")
                and title.extra.get("lines") == 1 and not title.extra.get("attached")):
            return False
        if not _wraps_onto(title.extra["width"], title.text, line, self.page_width):
            return False
        title.text = _join(title.text, line.text)
        title.nos.append(line.no)
        title.extra["lines"] = 2
        return True

    @staticmethod
    def _tie_title(groups: list[list[Line]]) -> int:
        """Two headlines of as many lines: a phrase pair (a comma outside quotes, or a space), or a
        much shorter line, is a kicker."""
        first, second = _join_headline(groups[0]), _join_headline(groups[1])
        if _has_bare_comma(first) or re.search(r"[\u4e00-\u9fff] [\u4e00-\u9fff]", first):
            return 1  # (a comma inside a quotation is what was said, not two phrases)
        if len(first) < 0.6 * len(second):
            return 1  # a short line over a long one is a kicker; a subtitle is rarely shorter than its title
        return 0

    def _drop_cap(self, line: Line) -> None:
        """A lone Han character is a drop cap: the first character of the paragraph set beside it.

        The lines beside a cap are set in by its width, so of the paragraph
        before the cap and the text after it, the cap belongs to the one whose
        first line falls further short of its column (pdftotext prints a cap
        before or after the lines beside it, by where its box sits).
        """
        target = next((b for b in reversed(self.blocks) if b.kind == "paragraph"), None)
        following = self.following
        beside = self._beside_cap(line, following[0] if following else None, target.first if target else None)
        if beside == "following":
            self.pending_cap = line
            return
        if beside is None and following and BODY_PUNCT_IN.search(following[0].text):  # body text, not a headline
            measure = _body_width([l.width for l in following[1:-1]], self.page_width)
            before = target.measure - target.first.width if target is not None and target.first else -1.0
            if measure - following[0].width > before:
                self.pending_cap = line
                return
        if target is None:
            self.blocks.append(_block("noise", line.text, [line]))
            return
        target.text = line.text + target.text
        target.nos.insert(0, line.no)
        target.extra["drop_cap"] = True

    def _beside_cap(self, cap: Line, following: Line | None, before: Line | None) -> str | None:
        """Where boxes tell it: which first line a drop cap stands beside, that of the paragraph
        before it ("before") or the line after it ("following"), else None."""
        if self.boxes is None or (box := self.boxes[cap.no - 1]) is None:
            return None
        for name, line in (("before", before), ("following", following)):  # (a cap stands two lines high)
            other = self.boxes[line.no - 1] if line is not None else None
            if other is not None and other[1] < box[3] and box[1] < other[3] and other[0] >= box[0]:
                return name
        return None

    def _body(self, lines: list[Line]) -> None:
        if not lines:
            return
        # byline lines at the top
        while lines and BYLINE_LINE.match(lines[0].text):
            self.blocks.append(_block("byline", lines[0].text, lines[:1]))
            self.open_para = self.carry = None
            self.between = []
            lines = lines[1:]
        if not lines:
            return
        width = _body_width([l.width for l in lines[:-1]], self.page_width)
        measured = len(lines) > MEASURE_LINES  # else `width` is the page's, not this column's
        # only a line that closes a sentence, or one before a byline, can end a paragraph
        texts = [l.text for l in lines]
        cuts = [i + 1 for i in range(len(lines) - 1)
                if (texts[i][-1] in _END_CHARS
                    and (_ends_paragraph(lines[i], lines[i + 1], width)
                         or texts[i][-1] in "）)" and SOURCE_TAIL.search(texts[i])
                         or _spacing_changes(lines[i], lines[i + 1])))
                or texts[i + 1][0] in "本记通实" and (BYLINE_LINE.match(texts[i + 1]) or _BYLINE_OPEN.match(texts[i + 1]))]
        bounds = list(zip([0] + cuts, cuts + [len(lines)]))
        start, resumed = len(self.blocks), None  # the blocks this chunk adds; the waiting paragraph it resumes
        for n, (a, b) in enumerate(bounds):
            piece = lines[a:b]
            if b - a == 1 and n and BYLINE_LINE.match(texts[a]):  # a credit under a paragraph: a story opens
                self.blocks.append(_block("byline", texts[a], piece))
                self.open_para = self.carry = None
                self.between = []
                continue
            text = _join_lines(texts[a:b])
            widths = [l.width for l in piece]
            pwidth = max(widths) if len(widths) < 3 else sorted(widths)[len(widths) // 2]
            target, keep_carry, parked = None, False, False
            carry = self.carry if n == 0 and not _BYLINE_OPEN.match(texts[a]) else None  # `本报讯（…）` opens a story
            if (carry is not None and carry.open and _broken_off(carry)
                    and _opens_paragraph(piece, min(width, carry.measure)) and not _runs_into(carry, piece[0])):
                self.waiting.append(carry)  # a new paragraph cannot carry on an open sentence:
                carry, parked = None, True  # that sentence goes on in a column printed further down
            if n == 0 and self.waiting and not self.jumped_in:
                resumed = self._resumed(piece, carry, width)
                if resumed is not None:
                    self.waiting.remove(resumed)
                    if carry is not None and carry.open and _broken_off(carry):
                        self.waiting.append(carry)
                    carry = None
                    target = resumed
            if carry is not None and carry.last is not None:
                wide_lead = len(piece) >= 2 and pwidth > max(carry.extra["width"], self.page_width) * 1.3
                if not wide_lead and (carry.open or _number_wrapped(carry.last, piece[0], carry.measure)
                                         or _full_across_break(carry.last, piece, carry.measure)):
                    target = carry
                keep_carry = wide_lead and carry.open
            if target is None and carry is not None and _ahead_of_its_ending(carry, piece, self.page_width):
                assert carry.closed_by is not None
                before, ending = carry.closed_by
                carry.text = _join(_join(before, text), ending.text)  # OCR set these two lines out of order
                carry.nos += [l.no for l in piece]
                carry.closed_by = None
                self.between = []
                continue
            closed_by = None
            if target is not None:
                if len(piece) == 1 and target.open:
                    closed_by = (target.text, piece[0])
                target.text = _join(target.text, text)
                target.nos += [l.no for l in piece]
                for h in self.between:
                    h.extra["floating"] = True
                para = target
            else:
                para = _block("paragraph", text, piece, {"width": pwidth})
                if n == 0 and self.jumped_in and _set_flush(piece, width):
                    para.extra["goes_on"] = True  # not set in: the paragraph began on the page its jump line names
                if parked:
                    para.extra["opens_column"] = True  # another story's column: the one above goes on elsewhere
                para.first = piece[0]
                if self.pending_cap is not None:
                    para.text = self.pending_cap.text + para.text
                    para.nos.insert(0, self.pending_cap.no)
                    para.extra["drop_cap"] = True
                    self.pending_cap = None
                self.blocks.append(para)
            self.between = []
            para.open = not ends_sentence(para.text)
            para.closed_by = None if para.open else closed_by
            # a chunk too short to show its measure keeps the measure of the paragraph it carries on
            para.last, para.measure = piece[-1], width if target is None or measured else para.measure
            if n == len(bounds) - 1 and not keep_carry:
                self.carry = None if para.text[-1:] in "）)" and SOURCE_TAIL.search(para.text) else para
        self.open_para = self.carry if self.carry is not None and self.carry.open else None
        self.jumped_in = False
        at = next((i for i, b in enumerate(self.blocks) if b is resumed), None) if resumed is not None else None
        if at is not None and len(self.blocks) > start:
            added = self.blocks[start:]  # the rest of this column goes on where its first sentence began
            del self.blocks[start:]
            self.blocks[at + 1:at + 1] = added

    def _resumed(self, piece: list[Line], carry: Block | None, measure: float) -> Block | None:
        """The waiting open paragraph that this column fragment carries on, if any.

        The fragment must start flush with its column (not indented), and a
        paragraph's last word must run on into it (`_runs_into`), the last one
        left waiting first, unless the open paragraph right above has the same
        claim.  (Topic alone, the bigrams a fragment shares with a thread, was
        tried as a further claim and lost as often as it won on the gen pages.)
        """
        first = piece[0]
        if (first.indent >= INDENT_EMS if first.indent is not None
                else first.width < measure - FULL_LINE_SLACK and len(piece) > 1):
            return None  # an indented first line opens a paragraph
        if carry is not None and carry.open and _runs_into(carry, first):
            return None
        claimed = next((para for para in reversed(self.waiting) if _runs_into(para, first)), None)
        if claimed is not None or carry is not None and carry.open:
            return claimed
        if len(piece) > 1:  # a full line at a column's head: a sentence goes on, one cut at a clause mark first
            return next((para for para in reversed(self.waiting) if para.text[-1] in CLAUSE_MARKS), None)
        if ends_sentence(first.text) and first.width < measure - FULL_LINE_SLACK and len(self.waiting) == 1:
            return self.waiting[0]  # a sentence's last short line alone at a column's head: no paragraph is one line
        return None

    def _place_early_endings(self) -> None:
        """Join each lone line that opens with a number's unit and ends a sentence (`万元。`) to
        the paragraph left open on a number (`…年运营经费 18`), the nearest after it first.

        No sentence opens with a unit, and no paragraph ends on a digit: the line is the head of
        the column that paragraph goes on into, which pdftotext printed ahead of it (after a
        headline set over that column)."""
        for ending in [b for b in self.blocks if _early_ending(b)]:
            at = self.blocks.index(ending)
            open_on_number = [(k <= at, abs(k - at), b) for k, b in enumerate(self.blocks)
                              if b.kind == "paragraph" and b.open and _DIGIT_END.search(b.text)]
            if not open_on_number:
                continue
            para = min(open_on_number, key=lambda c: c[:2])[2]
            para.text = _join(para.text, ending.text)
            para.nos += ending.nos
            para.open = False
            self.blocks.remove(ending)

    def _split_credits(self) -> None:
        """Move bylines off the front of paragraphs and sources off their end."""
        out: list[Block] = []
        for b in self.blocks:
            if b.kind != "paragraph":
                out.append(b)
                continue
            m = BYLINE_HEAD.match(b.text)
            if m and m.end() < len(b.text):
                out.append(Block("byline", m.group().strip(), b.line, nos=b.nos[:1]))  # (its first line)
                b.text = b.text[m.end():].lstrip()
            elif m:
                b.kind = "byline"
            src = ((b.text[-1:] in "）)" and SOURCE_TAIL.search(b.text))
                   or ("来源" in b.text and SOURCE_PLAIN.search(b.text)))
            if src and b.kind == "paragraph":
                head = b.text[: src.start()].rstrip()
                if head:
                    out.append(b)
                    b.text = head
                out.append(Block("source", src.group(), b.line, {"source": src.group(1).strip()}, nos=b.nos[-1:]))
                continue
            out.append(b)
        self.blocks = out


# A paragraph's first line is set in by two characters (4 columns); OCR and digits shift it by a few.
INDENT_LEAST = 3
INDENT_MOST = 7
# where boxes tell a line's place in its column (ems of its own size): a paragraph's first line
# is set two characters in, a centred or inset line further; a paragraph's last line stops short
# (a line at a column's foot that stops this short ends its paragraph there)
INDENT_EMS = 1.0
INDENT_MOST_EMS = 3.5
SHORT_EMS = 1.5
# A full body line reaches the column's measure, give or take a digit or a Latin letter or two.
FULL_LINE_SLACK = 3
# A headline set across columns, or inset in one, differs this much from the column's measure.
OTHER_MEASURE = 0.3
WRAP_SLACK = 3  # display columns a wrapped headline line may run past the line above it


_HAN_END = re.compile(f"[{HAN}]$")
_HAN_START = re.compile(f"[{HAN}]")
WORD_WINDOW = 4  # characters each side of a line end the segmenter reads


def word_crosses(text: str, following: str, known: bool = False) -> bool:
    """Does a word run across the end of `text` into `following` (as the segmenter cuts them)?

    With `known`, only a word of the segmenter's dictionary counts, not one
    its HMM made up from the characters either side (`社区公` / `受今年` gives `公受`).
    """
    if not _HAN_END.search(text) or not _HAN_START.match(following):
        return False
    tail, head = text[-WORD_WINDOW:], following[:WORD_WINDOW]
    position = 0
    for word, _ in _segmenter()(tail + head):
        if position < len(tail) < position + len(word):
            return not known or _in_dictionary(word)
        position += len(word)
    return False


def _segment_module() -> Any:
    """swcli.segment, loaded on first use (imported by name, so that the compiled cleaner
    neither analyses nor loads the segmenter before a headline needs it)."""
    import importlib

    return importlib.import_module("swcli.segment")


def _segmenter() -> Callable[[str], list[tuple[str, str]]]:
    tagger: Callable[[str], list[tuple[str, str]]] = _segment_module().tagger()
    return tagger


def _in_dictionary(word: str) -> bool:
    found: bool = _segment_module().in_dictionary(word)
    return found


def _lone_title(block: Block) -> bool:
    """A one-line title standing alone, set on no body."""
    return (block.kind == "heading" and block.extra.get("role") == "title" and block.extra.get("lines") == 1
            and not block.extra.get("attached"))


def _kicker_lines(kicker: int, title: int) -> bool:
    """Can a headline of `kicker` lines stand as the kicker of one of `title` lines?  A kicker
    is one line, or fewer lines than its title (two titles of a run of headlines are alike)."""
    return kicker == 1 or kicker < title


def _wraps_onto(width: float, text: str, below: Line, column: float) -> bool:
    """Can `below` be the wrapped next line of a headline line of this width and text?

    A wrapped line is not wider than the one above it (a narrow column wraps
    unevenly, so by a little it may be); two phrases set a space apart make a
    headline of their own (a kicker).
    """
    slack = WRAP_SLACK if width < column else 0
    return width >= below.width - slack and not PHRASE_PAIR.search(text) and not PHRASE_PAIR.search(below.text)


def _headline_run(chunk: list[Line]) -> int:
    """How many lines at the top of a chunk could be headlines.

    Headline-like lines; when body text follows them, only those before the
    first comma (a headline set above its body carries none).
    """
    k = 0
    while k < len(chunk) and is_headline_like(chunk[k].text):
        k += 1
    if k < len(chunk):
        k = next((i for i, l in enumerate(chunk[:k]) if _has_bare_comma(l.text)), k)
    return k


# a quotation (OCR reads a curly quote as a straight one), a title in book marks, brackets
_QUOTED = re.compile(r"[“‘'\"][^“”‘’'\"]*[”’'\"]|《[^《》]*》|（[^（）]*）")
_QUOTE_OPENERS = re.compile("[“‘'\"《（]")
_WHOLLY_QUOTED = re.compile(r"^['\"]?[“‘'\"][^“”‘’]+[”’'\"]$")


def _has_bare_comma(text: str) -> bool:
    """A comma outside quotes and brackets: a clause of a sentence.  One inside a quotation
    is part of what was said, and a headline may quote it (`“老马的事，就是我的事”`)."""
    if "，" not in text and "," not in text:
        return False
    bare = _QUOTED.sub("", text) if _QUOTE_OPENERS.search(text) else text
    return "，" in bare or "," in bare


def _balanced(text: str) -> bool:
    """Headlines close what they open; a line cut from a sentence often does not.

    OCR reads a curly quote as a straight one (`_quotes_close`); a straight quote
    read beside the curly one it stands for is that quote read twice."""
    if text[:1] in "'\"" and text[1:2] in "“‘":
        text = text[1:]  # (`'“…`: the same quote read twice)
    if text[-1:] in "'\"" and text[-2:-1] in "”’":
        text = text[:-1]
    return (_quotes_close(text)
            and text.count("（") == text.count("）")
            and text.count("《") == text.count("》") and text.count("(") == text.count(")"))


# each quote mark by its kind, named by the straight quote OCR reads for it
_QUOTE_KIND = {"“": '"', "”": '"', '"': '"', "‘": "'", "’": "'", "'": "'"}


def _quotes_close(text: str) -> bool:
    """Does every quote the text opens close?  OCR reads a curly quote as a straight one:
    a straight quote closes the open quote of its kind (`天水“慈善一日捐"募集…`); with
    none open, one at the text's start opens and one at its end closes a quote of either
    kind, and one in between is left out (its quote opened on a line cut from this one)."""
    open_by_kind = {'"': 0, "'": 0}
    ends = 0
    last = len(text) - 1
    for i, c in enumerate(text):
        kind = _QUOTE_KIND.get(c)
        if kind is None:
            continue
        if c in "“‘":
            open_by_kind[kind] += 1
        elif c in "”’" or open_by_kind[kind] > 0:
            open_by_kind[kind] -= 1
        elif i == 0:
            ends += 1
        elif i == last:
            ends -= 1
    return open_by_kind['"'] + open_by_kind["'"] + ends == 0


def _ends_headline(lines: list[Line]) -> bool:
    """Can these lines be a whole headline: quotes and brackets closed, and the last word no
    particle, conjunction or preposition that needs a word after it?"""
    return _balanced("".join(l.text for l in lines)) and lines[-1].text[-1] not in HEADLINE_CANNOT_END


def _join_headline(lines: list[Line]) -> str:
    text = ""
    for l in lines:
        text = _join(text, l.text)
    return text


def clean_page(text: str, doc: str = "stdin", page: int = 1, sizes: list[float | None] | None = None,
               boxes: "list[Box | None] | None" = None, frames: "list[Box] | None" = None) -> dict:
    """Clean one page of raw text into a page record (see the module docstring); `sizes`,
    from a PDF, gives each line's font size over the body's, `boxes` its box, and each block
    then gets its `bbox`; `frames` are the rectangles drawn on the page."""
    record = PageCleaner(text, sizes, boxes, page, frames).clean()
    return {"doc": doc, "page": page, **record}


def clean_pages(pages: Iterator) -> Iterator[dict]:
    """Clean every raw page of an input stream, one page record each."""
    for raw in pages:
        yield clean_page(raw.text, raw.doc, raw.page)


def page_text(record: dict) -> str:
    """The clean text of a page record: blocks separated by blank lines."""
    return "\n\n".join(b["text"] for b in record.get("blocks", []) if b.get("text"))
