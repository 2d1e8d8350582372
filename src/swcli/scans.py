"""Scanned pages → lines with their boxes, by OCR: PNG, JPEG and TIFF files, and PDF pages
without a text layer (`swcli split scan.png`).

rapidocr (PP-OCR models inside its wheel, run by onnxruntime; nothing is
downloaded) finds the text lines of a page image and reads them.  Each line's
box gives its place and, from its height, its size; the lines then go through
the same reading order and page cleaner as a PDF's (`pdfpages.page_text`).
OCR is an optional extra, `pip install 'swcli[ocr]'`: without it an image is
a one-line error that says so.
"""
from __future__ import annotations

import io
import logging
import warnings
from statistics import median
from typing import BinaryIO, Iterator

from .errors import InputError
from .pdfpages import COLUMN_GAP, DESCENT, SAME_BASELINE, PageText, PdfLine, page_text

IMAGE_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*")
# The engine gives each column's line its own box, so narrower white parts columns than in a PDF
# (whose text runs a gutter never splits): a box's height is over the type's size, too.
OCR_GUTTER = 0.4
RENDER_DPI = 200  # a PDF page without text is rendered at this resolution for OCR
POINTS_PER_INCH = 72
SIZE_BUCKET = 0.1  # sizes over the body's are rounded to this: box heights wobble by a few pixels
BODY_WOBBLE = 1.3  # a box up to this much taller than the body's is body text all the same
MAX_PAGE_PIXELS = 100_000_000  # an A3 page scanned at 600 dpi has 70 M: more is not a page (and a memory blow-up)
MIN_PAGE_SIDE = 32  # pixels: an image narrower or lower than this holds no line of text to read
JOIN_LOOKBACK = 8  # lines met last (top to bottom, left to right) among which a headline's piece finds the rest
INSTALL_HINT = "reading scanned pages needs the OCR extra: pip install 'swcli[ocr]'"

_engine = None


def is_image(head: bytes) -> bool:
    return head.startswith(IMAGE_MAGIC)


def _ocr():
    """The OCR engine, made once (loading its models takes seconds), its log quietened."""
    global _engine
    if _engine is None:
        try:
            from rapidocr import RapidOCR
        except ImportError:
            raise InputError(INSTALL_HINT) from None
        logger = logging.getLogger("RapidOCR")
        logger.setLevel(logging.ERROR)
        for handler in logger.handlers:
            handler.setLevel(logging.ERROR)
        _engine = RapidOCR()
    return _engine


def ocr_lines(image, dpi: float = RENDER_DPI) -> list[PdfLine]:
    """The text lines OCR finds on a page image, in PDF points (y up), sizes from box heights
    rounded against the body's so that the wobble of detection makes no headline."""
    import numpy

    engine = _ocr()
    # (No text-direction classifier: a page is read upright, since its geometry is; turned
    # line by line, a large headline came out upside down, one mark read of it.)
    try:
        result = engine(numpy.asarray(image.convert("RGB")), use_cls=False)
    except Exception as err:  # the engine's own errors (its resizing, its model runs): not a bug of ours
        raise InputError(f"OCR could not read this image ({type(err).__name__}: {err})") from None
    if result.boxes is None or not result.txts:
        return []
    scale = POINTS_PER_INCH / dpi
    height = image.height * scale
    raw = []
    for box, text in zip(result.boxes, result.txts):
        text = "".join(text.split())
        if not text:
            continue
        xs, ys = [float(p[0]) * scale for p in box], [float(p[1]) * scale for p in box]
        raw.append((text, min(xs), max(xs), height - max(ys), max(ys) - min(ys)))  # its height: the size
    if not raw:
        return []
    sizes = settled_sizes([size for *_, size in raw])
    lines = [PdfLine(text, x0, x1, bottom + DESCENT * size, size)  # its ink reaches down to the box's foot
             for (text, x0, x1, bottom, _), size in zip(raw, sizes)]
    return join_headline_pieces(lines, median(sizes))


def join_headline_pieces(lines: list[PdfLine], body: float) -> list[PdfLine]:
    """Lines set larger than the body that the engine boxed apart on one baseline, no further
    apart than `COLUMN_GAP` of their size, joined into one line a space apart, as a PDF's
    characters are (`北京民營企業座談會　阿里騰訊…`: one kicker, not two headlines).  Body
    lines are left alone: OCR gutters are narrower than that."""
    out: list[PdfLine] = []
    for line in sorted(lines, key=lambda l: (-l.y, l.x0)):
        other = next((o for o in reversed(out[-JOIN_LOOKBACK:]) if o.size == line.size > body
                      and abs(o.y - line.y) < SAME_BASELINE * line.size
                      and _gap(o, line) < COLUMN_GAP * line.size), None)
        if other is None:
            out.append(line)
        elif other.x0 < line.x0:
            other.text, other.x1 = other.text + " " + line.text, line.x1
        else:
            other.text, other.x0 = line.text + " " + other.text, line.x0
    return out


def settled_sizes(heights: list[float]) -> list[float]:
    """Sizes from detected box heights: the median is the body's; a box up to `BODY_WOBBLE`
    times it is body text; a larger one keeps its ratio, rounded to `SIZE_BUCKET`."""
    body = median(heights)
    out = []
    for height in heights:
        ratio = height / body
        out.append(body * (1.0 if ratio < BODY_WOBBLE else round(ratio / SIZE_BUCKET) * SIZE_BUCKET))
    return out


def _gap(a: PdfLine, b: PdfLine) -> float:
    """The white between two lines side by side (negative when they overlap: never one line)."""
    gap = b.x0 - a.x1 if a.x0 < b.x0 else a.x0 - b.x1
    return gap if gap >= 0 else float("inf")


def read_image(source: BinaryIO | bytes, name: str) -> Iterator[PageText]:
    """Each frame of an image file (a TIFF may hold many pages) as its text, sizes and boxes."""
    try:
        from PIL import Image, ImageSequence, UnidentifiedImageError
    except ImportError:
        raise InputError(INSTALL_HINT, name) from None
    try:
        with warnings.catch_warnings():  # PIL's warning of a large image: refused below, in one line
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(source) if isinstance(source, bytes) else source)
        frames = ImageSequence.Iterator(image)
        for frame in frames:
            _check_page_size(frame.width, frame.height, name)
            dpi = frame.info.get("dpi", (RENDER_DPI, RENDER_DPI))[1] or RENDER_DPI
            yield page_text(ocr_lines(frame, float(dpi)), gutter=OCR_GUTTER, sized=False)
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError, ValueError) as err:
        raise InputError(f"cannot read this image ({err})", name) from None


def _check_page_size(width: int, height: int, name: str) -> None:
    """A page scan is neither a sliver nor a poster: both are refused before any pixel is decoded."""
    if min(width, height) < MIN_PAGE_SIDE:
        raise InputError(f"an image of {width}x{height} pixels is not a page", name)
    if width * height > MAX_PAGE_PIXELS:
        raise InputError(f"an image of {width}x{height} pixels is over {MAX_PAGE_PIXELS // 1_000_000} M pixels: "
                         "not a page scan (scale it down)", name)


def render_and_read(page) -> PageText:
    """A PDF page without a text layer, rendered and read by OCR."""
    image = page.render(scale=RENDER_DPI / POINTS_PER_INCH).to_pil()
    return page_text(ocr_lines(image), gutter=OCR_GUTTER, sized=False)
