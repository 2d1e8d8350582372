"""Pinned quality on the corpus copies: a score that drops below its minimum fails the suite.

The same measures as ../shared/tools/score.py, kept small: articles paired
with gold ones by title and body likeness, then title exactness (likeness
for OCR), body likeness, people, figures and aid totals.
"""
from __future__ import annotations

import difflib
import re

import pytest

from conftest import OCR_PAGES, SEED, TEXT_PAGES, gen_pages, gold, ocr_copies
from swcli.inputs import read_inputs
from swcli.pipeline import to_entities
from swcli.stats import summarize

HAN_SPACE = re.compile(r"(?<=[\u3400-\u9fff]) +(?=[\u3400-\u9fff])")


def norm(text) -> str:
    return HAN_SPACE.sub("", text or "").strip()


def ratio(a, b) -> float:
    return difflib.SequenceMatcher(None, norm(a), norm(b), autojunk=False).ratio()


def evaluate(page) -> dict:
    articles = list(to_entities(read_inputs([str(page)])))
    want = gold(page)
    pairs = []
    for g in want["articles"]:
        body = "".join(g["paragraphs"])
        best = max(articles, key=lambda a: 0.6 * ratio(g["title"], a["title"]) + 0.4 * ratio(body[:300], "".join(a["paragraphs"])[:300]),
                   default=None)
        pairs.append((g, best))
    titles = sum(ratio(g["title"], a["title"]) >= (0.8 if want.get("ocr") else 1.0) for g, a in pairs if a) / len(pairs)
    bodies = sum(ratio("".join(g["paragraphs"]), "".join(a["paragraphs"])) for g, a in pairs if a) / len(pairs)
    wanted_paras = [norm(p) for g, _ in pairs for p in g["paragraphs"]]
    got_paras = {norm(p) for _, a in pairs if a for p in a["paragraphs"]}
    people = [(p["name"], p["role"]) for g, _ in pairs for p in g["entities"]["PERSON"]]
    found = {(e["text"], e["role"]) for _, a in pairs if a for e in a["entities"] if e["type"] == "PERSON" and e["role"]}
    figures = [(f["value"], f["unit"], f["approx"]) for g, _ in pairs for f in g["entities"]["FIGURES"]]
    got = [(e["value"], e["unit"], e["approx"]) for _, a in pairs if a for e in a["entities"] if e["type"] in ("MONEY", "QUANTITY")]
    orgs = [(g["title"], o) for g, _ in pairs for o in g["entities"]["ORG"]]
    got_orgs = {(g["title"], e["text"]) for g, a in pairs if a for e in a["entities"] if e["type"] == "ORG"}
    totals = {(t["category"], t["unit"], t["value"], t["approx"]) for t in summarize(articles)["aid_totals"]}
    wanted_totals = {(t["category"], t["unit"], t["value"], t["approx"]) for t in want["aid_totals"]}
    return {"count": len(articles) == len(want["articles"]), "titles": titles, "bodies": bodies,
            "people": sum(p in found for p in people) / max(1, len(people)),
            "figures": sum(f in got for f in figures) / max(1, len(figures)),
            "paragraphs": sum(p in got_paras for p in wanted_paras) / max(1, len(wanted_paras)),  # cut where gold is
            "orgs": 2 * len(set(orgs) & got_orgs) / max(1, len(set(orgs)) + len(got_orgs)),  # F1 of names per article
            "totals": len(totals & wanted_totals) / max(1, len(totals | wanted_totals))}


@pytest.mark.parametrize("page", [SEED] + TEXT_PAGES, ids=lambda p: p.name)
def test_text_pages(page):
    got = evaluate(page)
    assert got["count"] and got["titles"] == 1.0 and got["bodies"] >= 0.97
    assert got["people"] >= 0.9 and got["figures"] >= 0.95 and got["totals"] >= 0.9, got


def test_ocr_pages_on_average():
    scores = [evaluate(page) for page in OCR_PAGES]
    mean = {k: sum(s[k] for s in scores) / len(scores) for k in ("titles", "bodies", "figures", "totals")}
    assert mean["bodies"] >= 0.82 and mean["titles"] >= 0.75 and mean["figures"] >= 0.85 and mean["totals"] >= 0.64, mean


# Today's means on the gen pages less 0.02: each half is pinned, so a rule that helps one half
# and hurts the other fails here (count is the share of pages whose article count is right; orgs the F1 of organisation
# names per article; paragraphs the share of gold paragraphs found whole).
GEN_MINIMUMS = {
    ("odd", False): {"count": 0.98, "titles": 0.973, "bodies": 0.94, "people": 0.938, "figures": 0.97, "totals": 0.936, "orgs": 0.939,
                     "paragraphs": 0.934},
    ("even", False): {"count": 0.837, "titles": 0.921, "bodies": 0.924, "people": 0.946, "figures": 0.955, "totals": 0.946, "orgs": 0.93,
                      "paragraphs": 0.873},
    ("odd", True): {"count": 0.98, "titles": 0.834, "bodies": 0.879, "people": 0.567, "figures": 0.838, "totals": 0.525, "orgs": 0.776},
    ("even", True): {"count": 0.536, "titles": 0.332, "bodies": 0.585, "people": 0.385, "figures": 0.828, "totals": 0.437, "orgs": 0.496},
}


@pytest.mark.parametrize("half,ocr", list(GEN_MINIMUMS), ids=lambda v: v if isinstance(v, str) else ("ocr" if v else "text"))
def test_gen_pages_by_half(half, ocr):
    pages = gen_pages(half, ocr)
    assert pages, "the gen pages are copied into tests/data/gen"
    assert not means_below(pages, GEN_MINIMUMS[(half, ocr)])


def means_below(pages, minimums: dict) -> dict:
    """The measures whose mean over the pages falls below its minimum, with the means."""
    scores = [evaluate(page) for page in pages]
    mean = {k: sum(float(s[k]) for s in scores) / len(scores) for k in minimums}
    low = {k: round(v, 3) for k, v in mean.items() if v < minimums[k]}
    return {"low": low, "means": mean} if low else {}


# The same, less 0.02, on every gen PDF read by tesseract with its columns one after another
# (scripts/ocr_copies.py): 32 OCR pages a half where the corpus has four odd ones.
# (Paragraphs found whole are left out: OCR misreads leave few paragraphs exactly as gold has them.)
OCR_COPY_MINIMUMS = {
    "odd": {"count": 0.48, "titles": 0.508, "bodies": 0.799, "people": 0.57, "figures": 0.871, "totals": 0.776, "orgs": 0.777},
    "even": {"count": 0.605, "titles": 0.428, "bodies": 0.789, "people": 0.645, "figures": 0.885, "totals": 0.623, "orgs": 0.784},
}


@pytest.mark.parametrize("half", list(OCR_COPY_MINIMUMS))
def test_ocr_copies_of_gen_pages_by_half(half):
    pages = ocr_copies(half)
    assert len(pages) == 32, "the OCR copies are in tests/data/ocrgen/cols"
    assert not means_below(pages, OCR_COPY_MINIMUMS[half])


# The same, less 0.02, on the copies read as one block, the columns side by side on each row
# (tesseract --psm 6): the side-by-side reader and what follows it, far weaker than the rest.
SIDE_COPY_MINIMUMS = {
    "odd": {"count": 0.48, "titles": 0.293, "bodies": 0.421, "people": 0.117, "figures": 0.644, "totals": 0.113, "orgs": 0.328},
    "even": {"count": 0.011, "titles": 0.221, "bodies": 0.362, "people": 0.183, "figures": 0.64, "totals": 0.105, "orgs": 0.319},
}


@pytest.mark.parametrize("half", list(SIDE_COPY_MINIMUMS))
def test_side_by_side_ocr_copies_of_gen_pages_by_half(half):
    pages = ocr_copies(half, "side")
    assert len(pages) == 32, "the side-by-side OCR copies are in tests/data/ocrgen/side"
    assert not means_below(pages, SIDE_COPY_MINIMUMS[half])
