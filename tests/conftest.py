"""Shared fixtures: the corpus pages copied into tests/data, and ways to run swcli."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from swcli.textutil import normalize

DATA = Path(__file__).parent / "data"
SEED = DATA / "page-001.txt"
TEXT_PAGES = sorted(p for p in DATA.glob("dev-*.txt") if "ocr" not in p.name)
OCR_PAGES = sorted(DATA.glob("dev-*-ocr.txt"))
ALL_PAGES = [SEED] + TEXT_PAGES + OCR_PAGES
GEN = DATA / "gen"  # the gen corpus of random layouts: tune on the odd pages, measure on the even
OCR_COPIES = DATA / "ocrgen"  # every gen PDF read by tesseract (scripts/ocr_copies.py): cols/ one after another, side/ side by side


def _of_half(pages, half: str) -> list[Path]:
    """The pages of one half (`odd` or `even`), by their file number (`gen-005…`)."""
    parity = 1 if half == "odd" else 0
    return sorted(p for p in pages if int(p.name[4:7]) % 2 == parity)


def gen_pages(half: str, ocr: bool) -> list[Path]:
    """The gen pages of one half, read from text or by OCR."""
    return _of_half((p for p in GEN.glob("gen-*.txt") if ("-ocr" in p.name) == ocr), half)


def ocr_copies(half: str, shape: str = "cols") -> list[Path]:
    """The OCR copies of the gen pages of one half, in one shape (`cols` or `side`)."""
    return _of_half((OCR_COPIES / shape).glob("gen-*-ocr.txt"), half)


SWCLI = [sys.executable, "-m", "swcli"]


def pytest_sessionstart(session: pytest.Session) -> None:
    """Refuse to test a compiled module older than its source: the tests would test old code."""
    import swcli.furniture
    import swcli.layout
    import swcli.textutil

    for module in (swcli.layout, swcli.furniture, swcli.textutil):
        built = Path(module.__file__ or "")
        source = built.with_name(module.__name__.rsplit(".", 1)[-1] + ".py")
        if built.suffix == ".so" and source.exists() and built.stat().st_mtime < source.stat().st_mtime:
            pytest.exit(f"{built.name} is older than {source.name}: run `make install` to compile it again", 4)


def interruptible() -> None:
    """`preexec_fn` for a child a test sends SIGINT: a shell that started the suite in the
    background ignores SIGINT, and a child inherits that (as a CLI should: it keeps SIG_IGN)."""
    import signal
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def gold(page: Path) -> dict:
    """The gold answer beside a page: PAGE.txt → PAGE.gold.json."""
    return json.loads((page.parent / (page.name[:-4] + ".gold.json")).read_text(encoding="utf-8"))


def run(*args: str, input: bytes | None = None, env: dict | None = None, cwd: str | None = None) -> subprocess.CompletedProcess:
    """Run the installed swcli in a subprocess, stdout a pipe, as cron would."""
    full_env = dict(os.environ, **(env or {}))
    return subprocess.run(SWCLI + list(args), input=input, capture_output=True, env=full_env, cwd=cwd, timeout=120)


def jsonl(out: bytes) -> list[dict]:
    return [json.loads(line) for line in out.decode("utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="session")
def seed_gold() -> dict:
    return gold(SEED)


def non_space(text: str) -> Counter:
    """The non-space characters of raw input, as the cleaner reads it (folded, name dots repaired)."""
    return Counter(c for c in normalize(text) if not c.isspace())


def block_chars(text: str) -> Counter:
    return Counter(c for c in text if not c.isspace())


def gen_pdfs(half: str) -> list[Path]:
    """The PDFs the gen pages of one half were typeset as."""
    parity = 1 if half == "odd" else 0
    return sorted(p for p in GEN.glob("gen-*.pdf") if int(p.name[4:7]) % 2 == parity)


DEV_PDFS = sorted(DATA.glob("dev-*.pdf"))
