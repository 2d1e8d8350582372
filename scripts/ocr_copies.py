#!/usr/bin/env python3
"""OCR copies of the gen pages in both shapes, each with its page's gold, to tune and check OCR rules on.

The corpus holds thirteen OCR pages, four of them in the odd half: too few
to tell a rule for OCR text from one fitted to four pages.  Every gen page
has the PDF it was typeset as, and the corpus's OCR pages were made from
those PDFs by tesseract (chi_sim) from a 300 dpi rendering.  This script
does the same for every PDF, in the two shapes the corpus has:

- `cols/`: tesseract's page segmentation (`--psm 3`): the columns one after
  another, blank lines between the blocks it finds;
- `side/`: one uniform block (`--psm 6`): the columns side by side on the
  same lines, space gutters between.

Each page of a PDF ends with a form feed, as tesseract writes it, and the
copy's gold is the page's gold (the same articles; `doc` and `ocr` set).  The
result reproduces the corpus's own OCR pages byte for byte (gen-005-ocr is
`cols/`, gen-015-ocr `side/`).  Needs `pdftoppm` (poppler-utils) and
`tesseract` with `chi_sim` (Debian: tesseract-ocr tesseract-ocr-chi-sim).
About 45 s a page on 2 cores.

    python3 scripts/ocr_copies.py ../shared/corpus/gen tests/data/ocrgen
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

SHAPES = {"cols": "3", "side": "6"}  # directory: tesseract page segmentation mode
DPI = "300"


def ocr_copies(pdf: Path, out: Path, shapes: list[str]) -> str:
    """Write PAGE-ocr.txt and PAGE-ocr.gold.json of one PDF under out/<shape>/."""
    gold = json.loads(pdf.with_suffix(".gold.json").read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["pdftoppm", "-r", DPI, "-png", str(pdf), f"{tmp}/p"], check=True)
        images = sorted(Path(tmp).glob("p-*.png"))
        for shape in shapes:
            text = "".join(subprocess.run(["tesseract", str(image), "-", "-l", "chi_sim", "--psm", SHAPES[shape]],
                                          capture_output=True, text=True, check=True).stdout + "\f"
                           for image in images)
            name = f"{pdf.stem}-ocr"
            target = out / shape
            target.mkdir(parents=True, exist_ok=True)
            (target / f"{name}.txt").write_text(text, encoding="utf-8")
            (target / f"{name}.gold.json").write_text(
                json.dumps(gold | {"doc": f"{name}.txt", "ocr": True}, ensure_ascii=False, indent=1), encoding="utf-8")
    return pdf.stem


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("corpus", type=Path, help="a directory of PAGE.pdf with PAGE.gold.json (../shared/corpus/gen)")
    parser.add_argument("out", type=Path, help="where cols/ and side/ go")
    parser.add_argument("--shape", choices=sorted(SHAPES), action="append", help="only this shape (repeatable)")
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    pdfs = sorted(p for p in args.corpus.glob("*.pdf") if p.with_suffix(".gold.json").exists())
    if not pdfs:
        print(f"ocr_copies: no PDF with its gold in {args.corpus}", file=sys.stderr)
        return 2
    with ThreadPoolExecutor(args.jobs) as pool:
        for stem in pool.map(lambda p: ocr_copies(p, args.out, args.shape or sorted(SHAPES)), pdfs):
            print(stem, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
