"""Article records with entities → one summary object (`swcli stats`).

    {"articles": 3, "paragraphs": 19, "chars": 3400,
     "sources": [{"source": "新疆民政", "articles": 1}], "dates": […], "pages": […],
     "people": [{"name": "陈存根", "articles": 1, "role": "…"}],
     "top": {"PERSON": [["陈存根", 3]], "ORG": […], "PLACE": […]},
     "aid_figures": [{"id", "category", "unit", "value", "approx", "text", "context", "counted"}],
     "aid_totals": [{"category": "aided", "unit": "人", "value": 31550, "approx": null, "figures": 2}]}

Aid totals follow the spec's rules, in this order:

1. a figure in a title, kicker or subtitle restates the body: listed, not added;
2. a figure inside a `其中…` clause (`part_of`) is a part of the figure before
   it: listed, not added;
3. inside one article, figures of one category and unit within 2 % of each
   other are one figure reported twice (`31550人`, `3.16万名`): it counts once,
   as the more precise (exact before approximate, then more significant digits);
4. the rest add up across paragraphs and articles, by (category, unit) and,
   with `by`, by doc, date or source;
5. a total's `approx` is null when all its figures are exact, else the `approx`
   its inexact figures share, or `about` when they differ.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Iterable

from .records import entities_of, is_article

HEADLINE_FIELDS = ("title", "kicker", "subtitle")

CATEGORY_ORDER = ("aided", "served", "raised", "spent")


def _precision(figure: dict) -> tuple[int, int]:
    """Sort key, larger is more precise: exact first, then more significant digits."""
    significant = len(Decimal(str(figure["value"])).normalize().as_tuple().digits)  # 31550 → 4, 31600 → 3
    return (figure.get("approx") is None, significant)


def _same(a: dict, b: dict) -> bool:
    va, vb = float(a["value"]), float(b["value"])
    top = max(abs(va), abs(vb))
    return top == 0 or abs(va - vb) / top <= 0.02


def _context(article: dict, entity: dict) -> str:
    """The clause a figure stands in, for a reader to check it."""
    field, para = entity.get("field"), entity.get("para", 0)
    paragraphs = article.get("paragraphs") if isinstance(article.get("paragraphs"), list) else []
    if field == "paragraphs":
        text = paragraphs[para] if isinstance(para, int) and 0 <= para < len(paragraphs) else None
    else:
        text = article.get(field) if isinstance(field, str) else None
    start, end = entity.get("start"), entity.get("end")
    if not isinstance(text, str) or not isinstance(start, int) or not isinstance(end, int):
        return ""
    a = max(text.rfind(c, 0, start) for c in "，。；！？") + 1
    ends = [i for i in (text.find(c, end) for c in "，。；！？") if i >= 0]
    b = min(ends) + 1 if ends else len(text)
    return text[a:b]


def article_aid(article: dict) -> list[dict]:
    """Every aid figure of one article, each marked `counted` (and why not)."""
    figures = []
    for e in entities_of(article):
        if e.get("type") not in ("MONEY", "QUANTITY") or not e.get("aid"):
            continue
        try:
            value = float(e["value"])
        except (KeyError, TypeError, ValueError):
            continue
        fig = {"id": _key(article.get("id")), "category": _key(e.get("category")), "unit": _key(e.get("unit")),
               "value": e["value"], "approx": _key(e.get("approx")), "text": e.get("text"), "context": _context(article, e),
               "field": e.get("field"), "counted": True}
        if e.get("field") in HEADLINE_FIELDS:
            fig["counted"], fig["why"] = False, "headline"
        elif e.get("part_of"):
            fig["counted"], fig["why"] = False, "part"
            fig["part_of"] = e["part_of"]["text"] if isinstance(e["part_of"], dict) else e["part_of"]
        del value
        figures.append(fig)
    kept: list[dict] = []
    for fig in figures:
        if not fig["counted"]:
            continue
        twin = next((k for k in kept if k["category"] == fig["category"] and k["unit"] == fig["unit"] and _same(k, fig)), None)
        if twin is None:
            kept.append(fig)
            continue
        better, worse = (fig, twin) if _precision(fig) > _precision(twin) else (twin, fig)
        worse["counted"], worse["why"] = False, "repeat"
        if better is fig:
            kept[kept.index(twin)] = fig
    return figures


def _total_approx(approxes: list[str | None]) -> str | None:
    inexact = {a for a in approxes if a}
    if not inexact:
        return None
    return inexact.pop() if len(inexact) == 1 else "about"


def _key(value):
    """A field as a key to count by: a string, number or None; anything else as its text."""
    return value if value is None or isinstance(value, (str, int, float)) else str(value)


@dataclass
class Partial:
    """What one run over some articles knows; partials of consecutive inputs merge in order.

    The within-article rules (headline, part, repeat) are settled here, per
    article, so partials computed apart (on Dask workers) add up to exactly
    the summary of one pass.
    """

    records: int = 0
    articles: int = 0
    paragraphs: int = 0
    chars: int = 0
    sources: Counter = field(default_factory=Counter)
    dates: Counter = field(default_factory=Counter)
    pages: Counter = field(default_factory=Counter)
    mentions: dict = field(default_factory=lambda: {"PERSON": Counter(), "ORG": Counter(), "PLACE": Counter()})
    person_articles: Counter = field(default_factory=Counter)
    person_roles: dict = field(default_factory=dict)
    aid_figures: list = field(default_factory=list)

    def add(self, article: dict) -> None:
        self.records += 1
        if not is_article(article):
            return
        self.articles += 1
        paragraphs = [p for p in article["paragraphs"] if isinstance(p, str)]
        self.paragraphs += len(paragraphs)
        self.chars += sum(len(p) for p in paragraphs)
        self.sources[_key(article.get("source"))] += 1
        self.dates[_key(article.get("date"))] += 1
        self.pages[(_key(article.get("doc")), _key(article.get("page")))] += 1
        seen_people: dict[str, None] = {}
        for e in entities_of(article):
            if e.get("type") in self.mentions and isinstance(e.get("text"), str) and e["text"]:
                self.mentions[e["type"]][e["text"]] += 1
                if e["type"] == "PERSON":
                    seen_people[e["text"]] = None
                    if e.get("role") and e["text"] not in self.person_roles:
                        self.person_roles[e["text"]] = e["role"]
        self.person_articles.update(list(seen_people))
        for fig in article_aid(article):
            fig["doc"], fig["date"], fig["source"] = (_key(article.get(k)) for k in ("doc", "date", "source"))
            self.aid_figures.append(fig)

    def merge(self, other: "Partial") -> "Partial":
        self.records += other.records
        self.articles += other.articles
        self.paragraphs += other.paragraphs
        self.chars += other.chars
        for mine, theirs in ((self.sources, other.sources), (self.dates, other.dates), (self.pages, other.pages),
                             (self.person_articles, other.person_articles)):
            mine.update(theirs)
        for kind, counter in other.mentions.items():
            self.mentions[kind].update(counter)
        for name, role in other.person_roles.items():
            self.person_roles.setdefault(name, role)
        self.aid_figures.extend(other.aid_figures)
        return self


def partial(records: Iterable[dict]) -> Partial:
    """One pass over article records (with entities)."""
    part = Partial()
    for record in records:
        part.add(record)
    return part


def finish(part: Partial, by: str | None = None, top: int = 10) -> dict:
    """The summary object of a (merged) partial: totals by (category, unit), top lists."""
    groups: dict[tuple, list[dict]] = defaultdict(list)
    reports: Counter = Counter()  # figures behind a total, repeats of one figure included
    for fig in part.aid_figures:
        key = (fig[by] if by else None, fig["category"], fig["unit"])
        if fig["counted"]:
            groups[key].append(fig)
        if fig["counted"] or fig.get("why") == "repeat":
            reports[key] += 1
    totals = []
    for (group, category, unit), figs in groups.items():
        value = sum(Decimal(str(f["value"])) for f in figs)
        total = {"category": category, "unit": unit,
                 "value": int(value) if value == value.to_integral_value() else float(value),
                 "approx": _total_approx([f["approx"] for f in figs]), "figures": reports[(group, category, unit)]}
        if by:
            total = {by: group, **total}
        totals.append(total)
    order = {c: i for i, c in enumerate(CATEGORY_ORDER)}
    totals.sort(key=lambda t: (str(t.get(by, "")) if by else "", order.get(t["category"], 9), str(t["unit"])))
    figures = [{k: v for k, v in fig.items() if k not in ("doc", "date", "source", "field")} for fig in part.aid_figures]
    return {
        "articles": part.articles,
        "paragraphs": part.paragraphs,
        "chars": part.chars,
        "pages": [{"doc": d, "page": p, "articles": n} for (d, p), n in part.pages.items()],
        "sources": [{"source": s, "articles": n} for s, n in part.sources.most_common() if s],
        "dates": [{"date": d, "articles": n} for d, n in sorted(part.dates.items(), key=lambda kv: str(kv[0])) if d],
        "people": [{"name": name, "articles": n, "role": part.person_roles.get(name)}
                   for name, n in part.person_articles.most_common(top)],
        "top": {t: [[name, n] for name, n in c.most_common(top)] for t, c in part.mentions.items()},
        "aid_figures": figures,
        "aid_totals": totals,
        **({"by": by} if by else {}),
        **({"months": monthly_totals(part.aid_figures)} if by == "date" else {}),
    }


def summarize(records: Iterable[dict], by: str | None = None, top: int = 10) -> dict:
    """One pass over article records (with entities) → the summary object."""
    return finish(partial(records), by=by, top=top)


UNDATED = "undated"


def monthly_totals(figures: Iterable[dict]) -> list[dict]:
    """The counted aid figures added up by (category, unit, month of the issue date), in that
    order: `{"category", "unit", "month": "2023-06", "value", "figures"}`.  A figure of an
    article with no date is in month `undated`, last."""
    sums: dict[tuple, Decimal] = defaultdict(Decimal)
    counts: Counter = Counter()
    for fig in figures:
        if not fig.get("counted"):
            continue
        date = fig.get("date")
        month = date[:7] if isinstance(date, str) and len(date) >= 7 else UNDATED
        key = (fig["category"], fig["unit"], month)
        sums[key] += Decimal(str(fig["value"]))
        counts[key] += 1
    order = {c: i for i, c in enumerate(CATEGORY_ORDER)}
    rows = [{"category": c, "unit": u, "month": m, "value": int(v) if v == v.to_integral_value() else float(v),
             "figures": counts[(c, u, m)]} for (c, u, m), v in sums.items()]
    rows.sort(key=lambda r: (order.get(r["category"], len(order)), str(r["unit"]), r["month"] == UNDATED, r["month"]))
    return rows
