"""Articles with entities → one self-contained HTML page (`swcli report`).

The page needs nothing at view time: styles and script are inline, and
the charts are SVG drawn here.  It holds the aid totals, one bar chart per
aid category and unit with a bar per month of issue, the people,
organisations and places that appear most, and every article with its aid
figures, linked to its text further down the page.

Each chart is a `<figure class="chart" data-category=… data-unit=…>` and each
bar a `<rect class="point" data-month=… data-value=…>`, so a test (or a
script) can read the data back from the page.
"""
from __future__ import annotations

from html import escape
from itertools import groupby
from typing import Iterable

from .records import is_article
from .stats import Partial, article_aid, finish, monthly_totals
from .views import approx_mark, chinese_amount, unit_label

TOP = 15  # people, organisations and places listed
CHART_HEIGHT = 160  # px of the tallest bar
BAR_WIDTH = 44  # px a month
BAR_GAP = 12
AXIS_ROOM = 40  # px under the bars for the month labels, and over them for the values

STYLE = """
body{font:15px/1.6 "Noto Sans CJK SC","PingFang SC","Microsoft YaHei",sans-serif;margin:2em auto;max-width:72em;padding:0 1em;color:#222}
h1{font-size:1.6em;margin-bottom:.2em} h2{margin-top:2em;border-bottom:1px solid #ccc}
table{border-collapse:collapse;margin:.5em 0} th,td{padding:.2em .7em;border-bottom:1px solid #eee;text-align:left;vertical-align:top}
td.n{text-align:right;font-variant-numeric:tabular-nums}
.charts{display:flex;flex-wrap:wrap;gap:1.5em} figure.chart{margin:0;padding:.5em;border:1px solid #ddd;border-radius:4px}
figcaption{font-weight:bold} rect.point{fill:#3a7bd5} rect.point:hover{fill:#f39c12}
svg text{font-size:11px;fill:#555}
.tops{display:flex;flex-wrap:wrap;gap:2em}
article{border-top:1px solid #ddd;margin-top:1.5em} article .meta{color:#666;font-size:.9em}
#articles td:first-child{white-space:nowrap} .aid{color:#8a4b00} #filter{font-size:1em;padding:.3em;width:20em}
"""

SCRIPT = """
document.getElementById('filter').addEventListener('input', function (event) {
  var words = event.target.value.trim();
  document.querySelectorAll('#articles tbody tr').forEach(function (row) {
    row.hidden = words !== '' && row.textContent.indexOf(words) < 0;
  });
});
"""


def _chart(category: str, unit: str, rows: list[dict]) -> str:
    """One SVG bar chart: a bar per month, its value above it, the month below."""
    top = max(abs(r["value"]) for r in rows) or 1
    width = len(rows) * (BAR_WIDTH + BAR_GAP) + BAR_GAP
    height = CHART_HEIGHT + 2 * AXIS_ROOM
    parts = [f'<figure class="chart" data-category="{escape(category)}" data-unit="{escape(unit)}">',
             f"<figcaption>{escape(category)} ({escape(unit_label(unit))})</figcaption>",
             f'<svg role="img" width="{width}" height="{height}" viewBox="0 0 {width} {height}">']
    for i, row in enumerate(rows):
        x = BAR_GAP + i * (BAR_WIDTH + BAR_GAP)
        bar = max(1, round(CHART_HEIGHT * abs(row["value"]) / top))
        y = AXIS_ROOM + CHART_HEIGHT - bar
        label = chinese_amount(row["value"], unit)
        month = escape(row["month"])
        parts.append(f'<rect class="point" x="{x}" y="{y}" width="{BAR_WIDTH}" height="{bar}" '
                     f'data-month="{month}" data-value="{row["value"]}">'
                     f"<title>{month}: {escape(label)} ({row['figures']} figures)</title></rect>")
        parts.append(f'<text x="{x + BAR_WIDTH / 2}" y="{y - 4}" text-anchor="middle">{escape(label)}</text>')
        parts.append(f'<text x="{x + BAR_WIDTH / 2}" y="{AXIS_ROOM + CHART_HEIGHT + 14}" text-anchor="middle" '
                     f'transform="rotate(30 {x + BAR_WIDTH / 2} {AXIS_ROOM + CHART_HEIGHT + 14})">{month}</text>')
    parts.append("</svg></figure>")
    return "".join(parts)


def _table(head: list[str], rows: Iterable[list[str]], numeric: set[int], attrs: str = "") -> str:
    out = [f"<table{attrs}><thead><tr>", *(f"<th>{escape(h)}</th>" for h in head), "</tr></thead><tbody>"]
    for row in rows:
        out.append("<tr>" + "".join(f'<td{" class=n" if i in numeric else ""}>{cell}</td>'
                                    for i, cell in enumerate(row)) + "</tr>")
    out.append("</tbody></table>")
    return "".join(out)


class Report:
    """What the page shows, gathered in one pass over article records (with entities)."""

    def __init__(self) -> None:
        self.partial = Partial()
        self.articles: list[dict] = []

    def add(self, record: dict) -> None:
        self.partial.add(record)
        if not is_article(record):
            return
        self.articles.append({"id": str(record.get("id", "")), "title": record.get("title"),
                              "date": record.get("date"), "source": record.get("source"),
                              "byline": record.get("byline"),
                              "paragraphs": [p for p in record["paragraphs"] if isinstance(p, str)],
                              "aid": article_aid(record)})

    def html(self, title: str) -> str:
        summary = finish(self.partial, top=TOP)
        months = monthly_totals(self.partial.aid_figures)
        dates = [d["date"] for d in summary["dates"] if isinstance(d["date"], str)]
        span = f"{min(dates)} – {max(dates)}" if dates else "no issue dates"
        docs = len({d for d, _ in self.partial.pages})
        parts = ["<!DOCTYPE html>", '<html lang="zh"><head><meta charset="utf-8">',
                 '<meta name="viewport" content="width=device-width, initial-scale=1">',
                 f"<title>{escape(title)}</title><style>{STYLE}</style></head><body>",
                 f"<h1>{escape(title)}</h1>",
                 f'<p class="meta">{summary["articles"]} articles from {docs} documents, {escape(span)}.</p>']
        parts.append("<h2>Aid totals</h2>")
        parts.append(_table(["category", "unit", "total", "exact", "figures"],
                            ([escape(t["category"]), escape(unit_label(t["unit"])),
                              escape(chinese_amount(t["value"], t["unit"]) + approx_mark(t["approx"])),
                              f"{t['value']:,}{approx_mark(t['approx'])}", str(t["figures"])]
                             for t in summary["aid_totals"]), {2, 3, 4}, ' id="totals"'))
        parts.append("<h2>Aid by month</h2>")
        if months:
            parts.append('<p class="meta">One bar per month of issue; a figure counts once '
                         '(not headlines, not a part of a figure before it, not a repeat).</p><div class="charts">')
            for (category, unit), rows in groupby(months, key=lambda r: (r["category"], r["unit"])):
                parts.append(_chart(category, unit, list(rows)))
            parts.append("</div>")
        else:
            parts.append("<p>No aid figures.</p>")
        parts.append('<h2>Who and where</h2><div class="tops">')
        parts.append(_table(["person", "articles", "role"],
                            ([escape(p["name"]), str(p["articles"]), escape(p.get("role") or "")]
                             for p in summary["people"]), {1}, ' id="people"'))
        for kind, label in (("ORG", "organisation"), ("PLACE", "place")):
            parts.append(_table([label, "mentions"], ([escape(n), str(c)] for n, c in summary["top"][kind]),
                                {1}, f' id="{label}s"'))
        parts.append("</div>")
        parts.append('<h2>Articles</h2><p><input id="filter" type="search" placeholder="filter the list…" '
                     'aria-label="filter the list"></p>')
        rows = []
        for n, a in enumerate(self.articles, 1):
            figures = "、".join(escape(str(f["text"])) + ("" if f["counted"] else f"（{escape(f.get('why', ''))}）")
                               for f in a["aid"])
            rows.append([escape(a["date"] or ""), f'<a href="#a{n}">{escape(a["title"] or a["id"])}</a>',
                         escape(a["source"] or ""), f'<span class="aid">{figures}</span>'])
        parts.append(_table(["date", "title", "source", "aid figures"], rows, set(), ' id="articles"'))
        for n, a in enumerate(self.articles, 1):
            meta = " · ".join(escape(x) for x in (a["id"], a["date"], a["source"], a["byline"]) if isinstance(x, str) and x)
            parts.append(f'<article id="a{n}"><h3>{escape(a["title"] or a["id"])}</h3><p class="meta">{meta}</p>')
            parts.extend(f"<p>{escape(p)}</p>" for p in a["paragraphs"])
            parts.append("</article>")
        parts.append(f"<script>{SCRIPT}</script></body></html>\n")
        return "".join(parts)


def report_html(records: Iterable[dict], title: str = "Aid report") -> str:
    """The page for these article records (with entities)."""
    report = Report()
    for record in records:
        report.add(record)
    return report.html(title)

