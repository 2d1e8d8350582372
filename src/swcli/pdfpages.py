"""PDF pages → the lines of each page in reading order, with their font sizes (`swcli split issue.pdf`).

The text layer of a PDF knows what raw text has lost: where each character
stands and how large it is set.  pypdfium2 (PDFium, in its wheel) gives each
character's origin on its baseline and its font size.  From them:

- characters on one baseline, close together, make a line; a gap wider
  than `COLUMN_GAP` characters of their size (beyond the row's own letter
  spacing) is a gutter between columns;
- the lines are put in reading order by a recursive XY cut: a band of white
  across the whole region (at least `ROW_GAP` of the body size high) cuts it
  into rows, top to bottom, else a gutter down the whole region (at least
  `GUTTER` wide) into columns, left to right; what neither cuts is read top
  to bottom;
- a blank line stands between the regions, where the size changes (but
  not between the lines of a headline group, kicker to title to subtitle)
  and where white space opens in a column, as pdftotext would print them.

The text then goes to the same page cleaner as raw text, with each line's
size relative to the body's, so headlines are told by their size, not
guessed from their measure.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import BinaryIO, Iterator, NamedTuple

from .textutil import DROP_CAP_CHARS, Box

PDF_MAGIC = b"%PDF-"
SPACE_GAP = 0.3  # a gap between characters this many of their sizes wide prints as a space
COLUMN_GAP = 1.6  # a gap between characters this many of their sizes wide is a gutter, not justification
SAME_BASELINE = 0.25  # baselines closer than this share of the size are one line
ROW_GAP = 0.6  # white this share of the body size high, across a region, parts rows
GUTTER = 0.8  # white this share of the body size wide, down a region, parts columns
MAX_BLOCKERS = 3  # lines set across a gutter that may hide it (a region with more is read row by row)
SIZE_STEP = 0.4  # points of font size that make two lines of different sizes
OPEN_SPACE = 1.9  # a drop between baselines of this many sizes is white space in a column
SAME_LEADING = 0.1  # of the size: two drops between baselines this close are one leading
FRAME_LEAST = 10.0  # points: a drawn rectangle at least this high and wide frames something
ASCENT, DESCENT = 0.85, 0.15  # of the size: how far a line's ink rises above and falls below its baseline


@dataclass
class PdfLine:
    """One line of one column: its text, its left and right edge, baseline and size (points)."""

    text: str
    x0: float
    x1: float
    y: float
    size: float

    @property
    def box(self) -> Box:
        return self.x0, self.y - DESCENT * self.size, self.x1, self.y + ASCENT * self.size


class PageText(NamedTuple):
    """A page as text in reading order, with each text line's size over the body's and its box
    (None for the blank lines between regions), and the frames drawn on the page."""

    text: str
    sizes: list[float | None]
    boxes: list[Box | None]
    frames: list[Box] = []


def is_pdf(head: bytes) -> bool:
    return head.startswith(PDF_MAGIC)


def _characters(page) -> list[tuple[str, float, float, float, float]]:
    """(character, x at its origin, baseline y, right edge, font size) of each printed character."""
    import ctypes

    import pypdfium2.raw as pdfium_c

    textpage = page.get_textpage()
    handle = textpage.raw
    out = []
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    x, y = ctypes.c_double(), ctypes.c_double()
    for i in range(textpage.count_chars()):
        char = chr(pdfium_c.FPDFText_GetUnicode(handle, i))
        if char.isspace() or pdfium_c.FPDFText_IsGenerated(handle, i) == 1:
            continue  # spaces and line ends PDFium made up: positions say more
        pdfium_c.FPDFText_GetCharBox(handle, i, left, right, bottom, top)
        pdfium_c.FPDFText_GetCharOrigin(handle, i, x, y)
        out.append((char, x.value, y.value, right.value, pdfium_c.FPDFText_GetFontSize(handle, i)))
    textpage.close()
    return out


def page_lines(chars: list[tuple[str, float, float, float, float]]) -> list[PdfLine]:
    """Characters → lines: one baseline, cut where a gutter or a change of size comes."""
    rows: list[list[tuple[str, float, float, float, float]]] = []
    for char in sorted(chars, key=lambda c: (-c[2], c[1])):
        if rows and abs(rows[-1][-1][2] - char[2]) < SAME_BASELINE * char[4]:
            rows[-1].append(char)
        else:
            rows.append([char])
    lines = []
    for row in rows:
        row.sort(key=lambda c: c[1])
        spacing = _letter_spacing(row)
        piece = [row[0]]
        for char in row[1:]:
            before = piece[-1]
            gap = char[1] - before[3] - spacing
            if gap > COLUMN_GAP * max(char[4], before[4]) or abs(char[4] - before[4]) > SIZE_STEP:
                lines.append(_line(piece))
                piece = []
            piece.append(char)
        lines.append(_line(piece))
    return lines


def _letter_spacing(row: list[tuple[str, float, float, float, float]]) -> float:
    """The white a letter-spaced row sets between its characters (its median gap, when that is a
    space wide): its word spaces are wider by as much, and they are no gutter for it."""
    gaps = sorted(max(0.0, b[1] - a[3]) for a, b in zip(row, row[1:]))
    typical = gaps[len(gaps) // 2] if gaps else 0.0
    return typical if typical > SPACE_GAP * row[0][4] else 0.0


def _line(piece: list[tuple[str, float, float, float, float]]) -> PdfLine:
    """One line of characters; a gap wider than `SPACE_GAP` of their size is a space, as
    pdftotext prints it (`通讯员 汪德胜 储小梅`: names set apart, a line justified wide)."""
    size = Counter(round(c[4], 1) for c in piece).most_common(1)[0][0]
    text = [piece[0][0]]
    for before, char in zip(piece, piece[1:]):
        if char[1] - before[3] > SPACE_GAP * max(char[4], before[4]):
            text.append(" ")
        text.append(char[0])
    return PdfLine("".join(text), piece[0][1], piece[-1][3], piece[0][2], size)


def _white(spans: list[tuple[float, float]], least: float) -> list[float]:
    """Where white at least `least` wide opens between the spans (their merged cover)."""
    spans = sorted(spans)
    cuts, reach = [], spans[0][1]
    for start, end in spans[1:]:
        if start - reach >= least:
            cuts.append((reach + start) / 2)
        reach = max(reach, end)
    return cuts


def reading_order(lines: list[PdfLine], body: float, gutter: float = GUTTER,
                  sized: bool = True) -> list[list[PdfLine]]:
    """The regions of a page in reading order, each a list of lines top to bottom (XY cut);
    `gutter`: the white, in body sizes, that parts columns; `sized`: the lines' sizes are
    the type's (a PDF's), so a headline can be told by its size."""
    if len(lines) <= 1:
        return [lines] if lines else []
    boxes = [l.box for l in lines]
    cuts = _white([(-b[3], -b[1]) for b in boxes], ROW_GAP * body)
    rows = bool(cuts)
    if rows:
        keys = [-b[3] for b in boxes]
    else:
        keys = [b[0] for b in boxes]
        cuts = _white([(b[0], b[2]) for b in boxes], gutter * body) or _gutters_under_blockers(lines, body, gutter)
    if not cuts:
        return [_top_to_bottom(lines)]
    parts: list[list[PdfLine]] = [[] for _ in range(len(cuts) + 1)]
    for line, key in zip(lines, keys):
        parts[sum(key > cut for cut in cuts)].append(line)
    if rows and sized:
        for k in range(len(parts) - 1):
            _headlines_go_down(parts[k], parts[k + 1], body)
    return [region for part in parts for region in reading_order(part, body, gutter, sized) if part]


def _top_to_bottom(lines: list[PdfLine]) -> list[PdfLine]:
    """Lines top to bottom, and those on one baseline left to right.  OCR boxes of one
    printed line stand a little apart in height (`北京民營企業座談會　阿里騰訊…`, one box
    0.4 pt over the other): within `SAME_BASELINE` of the size they are one baseline."""
    ordered: list[PdfLine] = []
    row: list[PdfLine] = []
    for line in sorted(lines, key=lambda l: -l.y):
        if row and row[0].y - line.y >= SAME_BASELINE * min(row[0].size, line.size):
            ordered.extend(sorted(row, key=lambda l: l.x0))
            row = []
        row.append(line)
    ordered.extend(sorted(row, key=lambda l: l.x0))
    return ordered


def _headlines_go_down(upper: list[PdfLine], lower: list[PdfLine], body: float) -> None:
    """Move the headline lines at the foot of a row to the row under it when they head it.

    A headline heads the text set right under it; a cut between rows may fall
    between the two where the white under the headline is as wide as a row gap
    and stories side by side leave the page white across (`新疆多措并举…` over its
    columns, the story beside it ended higher).  A headline line larger than the
    body, with nothing of its row under it, and text of the next row right under it
    (within `OPEN_SPACE` of its size), goes down with the lines it heads (not a drop cap, which
    stands beside the lines of its row); the line above it may then follow (a kicker over the
    title).  A row of headlines alone stays: the cut under it reads it first all the same.
    Not for OCR lines, whose sizes are their boxes' heights: a short last line's box runs
    tall, a head band's lines are all large, and the rendered odd gen pages lost by it
    (gen-045, gen-057)."""
    for line in sorted((l for l in upper if l.size > body + SIZE_STEP and len(l.text) > DROP_CAP_CHARS),
                       key=lambda l: l.y):
        if any(o.y < line.y and _over_each_other(o, line) for o in upper):
            continue
        if len(upper) > 1 and any(0 < line.y - o.y <= OPEN_SPACE * line.size and _over_each_other(o, line) for o in lower):
            upper.remove(line)
            lower.append(line)


def _over_each_other(a: PdfLine, b: PdfLine) -> bool:
    """Do two lines share some of their x-extent (one stands over the other)?"""
    return a.x0 < b.x1 and b.x0 < a.x1


def _gutters_under_blockers(lines: list[PdfLine], body: float, gutter: float) -> list[float]:
    """Gutters that a few lines set across them hide (a byline run past its column, a headline
    over two columns beside a column that goes on, a kicker over the gutter beside it): white
    at least `gutter` body sizes wide but for one line crossing it, else two, up to
    `MAX_BLOCKERS`, with a whole line on either side.  Each hiding line then goes with the
    column it starts in.  Without this, the columns would be read across, line by line."""
    spans = [(l.box[0], l.box[2]) for l in lines]
    left_edge = min(x1 for _, x1 in spans)  # a gutter has some line wholly left of it
    right_edge = max(x0 for x0, _ in spans)  # and some wholly right of it
    events = sorted([(x1, -1) for _, x1 in spans] + [(x0, 1) for x0, _ in spans])  # ends first at a tie
    for most in range(1, min(MAX_BLOCKERS, len(lines) - 2) + 1):
        cuts: list[float] = []
        crossing, opened = 0, None
        for x, step in events:
            crossing += step
            if crossing <= most and opened is None:
                opened = x
            elif crossing > most and opened is not None:
                if x - opened >= gutter * body and opened >= left_edge and x <= right_edge:
                    cuts.append((opened + x) / 2)
                opened = None
        if cuts:
            return cuts
    return []


def body_size(lines: list[PdfLine]) -> float:
    """The size most characters are set in."""
    sizes: Counter[float] = Counter()
    for line in lines:
        sizes[line.size] += len(line.text)
    return sizes.most_common(1)[0][0] if sizes else 0.0


def frames(page) -> list[Box]:
    """The rectangles drawn on a page (a photo's place, a box round a notice): path objects
    at least `FRAME_LEAST` points high and wide.  Rules (a line between stories) are flatter.
    Read through PDFium's C calls: a page holds thousands of text objects, and a Python
    object made for each would cost as much as reading the characters."""
    import ctypes

    import pypdfium2.raw as pdfium_raw

    out: list[Box] = []
    handle = page.raw
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    for index in range(pdfium_raw.FPDFPage_CountObjects(handle)):
        obj = pdfium_raw.FPDFPage_GetObject(handle, index)
        if pdfium_raw.FPDFPageObj_GetType(obj) != pdfium_raw.FPDF_PAGEOBJ_PATH:
            continue
        if not pdfium_raw.FPDFPageObj_GetBounds(obj, left, bottom, right, top):
            continue
        if right.value - left.value >= FRAME_LEAST and top.value - bottom.value >= FRAME_LEAST:
            out.append((round(left.value, 1), round(bottom.value, 1), round(right.value, 1), round(top.value, 1)))
    return out


def page_text(lines: list[PdfLine], drawn: list[Box] | None = None, gutter: float = GUTTER,
              sized: bool = True) -> PageText:
    """The page as text in reading order, each text line's size relative to the body, its box;
    `drawn`: the page's frames; `gutter`: the white that parts columns, in body sizes;
    `sized`: the sizes are the type's, not OCR box heights."""
    body = body_size(lines)
    out: list[str] = []
    sizes: list[float | None] = []
    boxes: list[Box | None] = []
    ordered = [(line, n == 0) for region in reading_order(lines, body, gutter, sized) for n, line in enumerate(region)]
    drops = [0.0] + [a.y - b.y for (a, _), (b, _) in zip(ordered, ordered[1:])] + [0.0]
    for i, (line, new_region) in enumerate(ordered):
        if i and _parts(ordered[i - 1][0], line, body, new_region, _even(drops, i, line.size)):
            out.append("")
            sizes.append(None)
            boxes.append(None)
        out.append(line.text)
        sizes.append(round(line.size / body, 3))
        boxes.append(tuple(round(v, 1) for v in line.box))  # type: ignore[misc]
    return PageText("\n".join(out), sizes, boxes, drawn or [])


def _even(drops: list[float], i: int, size: float) -> bool:
    """Is the drop to line `i` from the one before it the drop before or after it as well (even leading)?"""
    return drops[i] > 0 and any(abs(drops[j] - drops[i]) <= SAME_LEADING * size for j in (i - 1, i + 1))


def _parts(before: PdfLine, line: PdfLine, body: float, new_region: bool, even: bool = False) -> bool:
    """Does white space (a blank line) stand between two lines read one after the other?

    Between regions, where the size changes and where a column opens white
    space; not after a headline line, before what is set right under it (the
    next line of its group, or the body it heads), whose larger leading the
    XY cut may take for white between rows.
    """
    drop = before.y - line.y
    under = 0 < drop <= OPEN_SPACE * max(line.size, before.size) and line.x0 < before.x1 and before.x0 < line.x1
    if under and before.size > body + SIZE_STEP:
        return False
    if under and even and abs(line.size - before.size) <= SIZE_STEP:
        return False  # lines at one leading, the line before or after at the same: one paragraph set loose
    return new_region or abs(line.size - before.size) > SIZE_STEP or drop > OPEN_SPACE * max(line.size, before.size)


def read_pdf(source: str | bytes | BinaryIO, name: str) -> Iterator[PageText]:
    """Each page of a PDF as its text, sizes and boxes, one page at a time."""
    import pypdfium2

    from .errors import InputError

    try:
        document = pypdfium2.PdfDocument(source)
    except pypdfium2.PdfiumError as err:
        if getattr(err, "err_code", None) == pypdfium2.raw.FPDF_ERR_PASSWORD:
            raise InputError("this PDF is encrypted with a password; swcli reads PDFs that open without one",
                             name) from None
        raise InputError(f"cannot read this PDF ({err})", name) from None
    try:
        for index in range(len(document)):
            page = document[index]
            try:
                chars = _characters(page)
                if chars:
                    yield page_text(page_lines(chars), frames(page))
                else:  # a scanned page: no text layer, only its image
                    from .scans import render_and_read

                    yield render_and_read(page)
            finally:
                page.close()
    finally:
        document.close()
