"""Human views of records for a terminal (rich) or plain text for a pipe or cron mail.

Imported only when a view is asked for, so JSON Lines runs never load rich.
"""
from __future__ import annotations

import io
from contextlib import contextmanager
from typing import Callable, Iterable, Iterator

from .output import Output
from .records import entities_of, is_article, is_page

# Control characters a page may carry (an OSC window title, a screen clear) would act on the
# terminal: each is shown as its Unicode control picture (C0, DEL) or U+FFFD (C1), one
# character for one, so match spans stay where they were; tab and line end stay.
_CONTROLS = {**{c: 0x2400 + c for c in range(0x20) if c not in (0x09, 0x0A)}, 0x7F: 0x2421,
             **{c: 0xFFFD for c in range(0x80, 0xA0)}}


def shown(value):
    """A record (or any JSON value) with the control characters in its strings made visible."""
    if isinstance(value, str):
        return value.translate(_CONTROLS)
    if isinstance(value, dict):
        return {k: shown(v) for k, v in value.items()}
    if isinstance(value, list):
        return [shown(v) for v in value]
    return value


def _str(value) -> str:
    """A field as text for a view: records from other programs may hold any JSON value there."""
    return value if isinstance(value, str) else "" if value is None else str(value)


KIND_STYLE = {"heading": "bold cyan", "paragraph": "", "source": "green", "byline": "magenta",
              "furniture": "dim", "noise": "dim red"}


def _console(out: Output, color: bool, buffer: io.StringIO | None = None):
    from rich.console import Console

    return Console(file=buffer, force_terminal=color, no_color=not color, highlight=False,
                   width=None if color else 100, soft_wrap=not color)


def _emit(out: Output, fmt: str, color: bool, build) -> None:
    """Render with rich into text (plain unless colour is on) and write it."""
    buffer = io.StringIO()
    console = _console(out, color, buffer)
    build(console)
    out.text(buffer.getvalue())


def render_records(records: Iterable[dict], out: Output, fmt: str, color: bool) -> int:
    """Pages and articles: clean text (`text`) or a readable, marked-up view (`table`)."""
    from rich.markup import escape

    count = 0
    for record in map(shown, records):
        count += 1
        if is_page(record):
            blocks = [b for b in record["blocks"] if isinstance(b, dict)]
            if fmt == "text":
                out.text("\n\n".join(_str(b["text"]) for b in blocks if b.get("text")) + "\n\f\n")
                continue

            def build(console, record=record, blocks=blocks):
                console.rule(f"{_str(record.get('doc'))} · page {_str(record.get('page'))}"
                             + (f" · {_str(record['date'])}" if record.get("date") else ""))
                for b in blocks:
                    style = KIND_STYLE.get(_str(b.get("kind")), "")
                    label = b.get("role") or b.get("field") or b.get("kind")
                    console.print(f"[{style or 'none'}][{escape(_str(label))}] {escape(_str(b.get('text')))}[/]")
            _emit(out, fmt, color, build)
        elif is_article(record):
            def build(console, record=record):
                if fmt == "table":
                    console.rule(_str(record.get("id")))
                for key in ("kicker", "title", "subtitle", "byline"):
                    if record.get(key):
                        style = "bold" if key == "title" else "italic"
                        console.print(f"[{style}]{escape(_str(record[key]))}[/]")
                for p in record["paragraphs"]:
                    if isinstance(p, str):
                        console.print("  " + escape(p))
                if record.get("source"):
                    console.print(f"[green]（{escape(_str(record['source']))}）[/]")
                console.print()
            _emit(out, fmt, color, build)
        else:
            import orjson

            out.text(orjson.dumps(record).decode() + "\n")
    return count


def render_entities(records: Iterable[dict], out: Output, fmt: str, color: bool) -> int:
    """A table per article: type, text, value, unit, role or aid category."""
    from rich.table import Table

    count = 0
    for record in map(shown, records):
        count += 1
        table = Table(title=f"{_str(record.get('id'))}  {_str(record.get('title'))}", show_lines=False)
        for col in ("type", "text", "value", "unit", "role / aid"):
            table.add_column(col)
        for e in entities_of(record):
            extra = e.get("role") or (e.get("category") if e.get("aid") else "") or ""
            table.add_row(_str(e.get("type")), _str(e.get("text")), _str(e.get("value")), _str(e.get("unit")), _str(extra))
        _emit(out, fmt, color, lambda c, t=table: c.print(t))
    return count


def unit_label(unit: str) -> str:
    """A unit as a reader writes it: 元 for the records' CNY."""
    return "元" if unit == "CNY" else unit


def chinese_amount(value: float, unit: str) -> str:
    """How a Chinese reader writes a figure: 6.5亿元, 3.16万人."""
    suffix = unit_label(unit)
    for size, word in ((100_000_000, "亿"), (10_000, "万")):
        if abs(value) >= size:
            n = value / size
            text = f"{n:.4f}".rstrip("0").rstrip(".")
            return f"{text}{word}{suffix}"
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return f"{text}{suffix}"


def approx_mark(approx: str | None) -> str:
    return {"over": "+", "under": "-", "about": "~"}.get(approx or "", "")


def render_stats(summary: dict, out: Output, fmt: str, color: bool) -> None:
    """The summary as tables: counts, sources, dates, people, organisations, places, aid."""
    from rich.table import Table

    summary = shown(summary)

    def build(console):
        console.print(f"articles {summary['articles']}   paragraphs {summary['paragraphs']}   chars {summary['chars']}")
        t = Table(title="Articles per document and page")
        t.add_column("doc"); t.add_column("page", justify="right"); t.add_column("articles", justify="right")
        for row in summary.get("pages", []):
            t.add_row(str(row["doc"]), str(row["page"]), str(row["articles"]))
        console.print(t)
        for key, label in (("sources", "source"), ("dates", "date")):
            t = Table(title=f"Articles per {label}")
            t.add_column(label); t.add_column("articles", justify="right")
            for row in summary.get(key, []):
                t.add_row(str(row[label] if row[label] is not None else "—"), str(row["articles"]))
            console.print(t)
        people = Table(title="People who appear most")
        people.add_column("name"); people.add_column("articles", justify="right"); people.add_column("role")
        for row in summary.get("people", []):
            people.add_row(row["name"], str(row["articles"]), row.get("role") or "")
        console.print(people)
        for typ, label in (("ORG", "Organisations"), ("PLACE", "Places")):
            t = Table(title=f"Top {label.lower()}")
            t.add_column(label); t.add_column("mentions", justify="right")
            for name, n in summary["top"].get(typ, []):
                t.add_row(name, str(n))
            console.print(t)
        figs = Table(title="Aid figures")
        for col in ("article", "category", "figure", "value", "clause"):
            figs.add_column(col)
        for f in summary.get("aid_figures", []):
            mark = " (part)" if f.get("part_of") else (" (repeat)" if f.get("counted") is False else "")
            figs.add_row(f["id"], f["category"] + mark, f["text"], f"{f['value']:,.0f} {f['unit']}", f.get("context", ""))
        console.print(figs)
        totals = Table(title="Aid totals")
        cols = ["category", "unit", "total", "exact", "figures"]
        if summary.get("by"):
            cols.insert(0, summary["by"])
        for col in cols:
            totals.add_column(col, justify="right" if col in ("exact", "figures") else "left")
        for t_ in summary.get("aid_totals", []):
            mark = approx_mark(t_.get("approx"))
            row = [t_["category"], t_["unit"], chinese_amount(t_["value"], t_["unit"]) + mark,
                   f"{t_['value']:,.0f}{mark}", str(t_["figures"])]
            if summary.get("by"):
                row.insert(0, str(t_.get(summary["by"]) or "—"))
            totals.add_row(*row)
        if summary.get("months") and fmt == "table":
            from rich.columns import Columns

            console.print(Columns([totals, *month_charts(summary["months"])]))
        else:
            console.print(totals)

    _emit(out, fmt, color, build)


CHART_WIDTH = 30  # cells of the longest bar in a terminal chart


def month_charts(months: list[dict]):
    """One bar chart (a rich table: month, bar, total) per aid category and unit."""
    from itertools import groupby

    from rich.table import Table

    charts = []
    for (category, unit), rows in groupby(months, key=lambda r: (r["category"], r["unit"])):
        rows = list(rows)
        top = max(abs(r["value"]) for r in rows) or 1
        chart = Table(title=f"{category} ({unit_label(unit)}) by month", show_edge=False)
        chart.add_column("month"); chart.add_column("", min_width=CHART_WIDTH); chart.add_column("total", justify="right")
        for r in rows:
            cells = round(CHART_WIDTH * abs(r["value"]) / top)
            chart.add_row(r["month"], "[cyan]" + "█" * max(cells, 1 if r["value"] else 0) + "[/]",
                          chinese_amount(r["value"], unit))
        charts.append(chart)
    return charts


def render_matches(records: Iterable[dict], matcher, out: Output, fmt: str, color: bool) -> int:
    """Each matching article's id and title, then the matching sentences highlighted."""
    from rich.text import Text

    count = 0
    for record in map(shown, records):
        count += 1

        def build(console, record=record):
            head = Text(f"{_str(record.get('id'))}  ", style="magenta")
            head.append(_str(record.get("title")), style="bold")
            console.print(head)
            for field, sentence, spans in matcher.snippets(record):
                line = Text()
                line.append(f"  {field}: ", style="dim")
                body = Text(sentence)
                for a, b in spans:
                    body.stylize("bold red", a, b)
                line.append(body)
                console.print(line)
        _emit(out, fmt, color, build)
    return count


@contextmanager
def file_progress(total: int, label: str) -> Iterator[Callable[[str], None]]:
    """A progress bar on stderr over `total` files, only when stderr is a terminal and there is
    more than one file: pipes, cron mail and logs get nothing.  Used as
    `with file_progress(n, "loading") as advance: … advance(name)`."""
    import sys

    if total < 2 or sys.stderr is None or not sys.stderr.isatty():
        yield lambda name: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                  TextColumn("{task.fields[name]}"), console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(label, total=total, name="")
        yield lambda name: bar.update(task, advance=1, name=shown(name))
