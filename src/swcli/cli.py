"""The `swcli` command line: options, one call into the library, output.

Every command reads files named on the command line, or standard input
when there are none (or `-`), raw page text or JSON Lines alike, and writes
JSON Lines in a pipe and a readable view on a terminal.  Errors a user can
cause are one line on stderr and exit status 2; never a traceback.
"""
from __future__ import annotations

import os
import sys
from enum import Enum
from typing import Annotated, Callable, Iterator, Optional

import typer

from .errors import SwcliError

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    help="Turn the raw text of scanned newsletter pages into clean, queryable articles.\n\n"
    "Pipeline: swcli clean raw.txt | swcli split | swcli entities | swcli stats",
)


class Format(str, Enum):
    jsonl = "jsonl"
    table = "table"
    text = "text"


class Field(str, Enum):
    all = "all"
    title = "title"
    paragraphs = "paragraphs"
    source = "source"
    byline = "byline"


class By(str, Enum):
    doc = "doc"
    date = "date"
    source = "source"


Paths = Annotated[Optional[list[str]], typer.Argument(help="Input files (raw text, JSON Lines, PDF, a page image or a swcli archive); none or '-' reads standard input.", show_default=False)]
OutputOpt = Annotated[Optional[str], typer.Option("--output", "-o", help="Write to FILE (atomically: a temporary file renamed at the end).", metavar="FILE")]
FormatOpt = Annotated[Optional[Format], typer.Option("--format", "-f", help="jsonl (default in a pipe), table (default on a terminal) or text.")]
SkipBad = Annotated[bool, typer.Option("--skip-bad", help="Skip JSON Lines that are not objects, count them and report on stderr.")]
Verbose = Annotated[bool, typer.Option("--verbose", "-v", help="Report on stderr what could not be placed (headlines without a body, …).")]
Jobs = Annotated[int, typer.Option("--jobs", "-j", help="Worker processes over pages (0 = one per core; never more than the cores).", min=0)]
Dask = Annotated[Optional[str], typer.Option("--dask", help="Run on a Dask cluster: a scheduler address (tcp://host:8786) or 'local'. Needs swcli[dask].", metavar="ADDRESS")]


def _stderr(message: str) -> None:
    if sys.stderr is None:  # started with `2>&-`: the exit status must tell
        return
    try:
        sys.stderr.write(f"swcli: {message}\n")
        sys.stderr.flush()
    except OSError:
        pass


class Run:
    """What every command shares: reading, the skip counter, stray reports, errors."""

    def __init__(self, paths: list[str] | None, skip_bad: bool = False, verbose: bool = False):
        from .inputs import SkipCounter

        self.paths = paths
        self.skip_bad = skip_bad
        self.verbose = verbose
        self.counter = SkipCounter()

    def items(self, hint=None) -> Iterator:
        from .inputs import read_inputs

        return read_inputs(self.paths, self.skip_bad, self.counter, hint)

    def stray(self, doc: str, page: int, what: str) -> None:
        if self.verbose:
            _stderr(f"{doc}: page {page}: {what}")

    def done(self) -> None:
        if self.counter.skipped:
            _stderr(f"skipped {self.counter.skipped} bad record(s)")


def _guard(body: Callable[[], int | None]) -> None:
    """Run a command body; turn library errors into a message and an exit status."""
    try:
        code = body()
    except SwcliError as err:
        _stderr(str(err))
        raise typer.Exit(err.exit_code) from None
    except (BrokenPipeError, KeyboardInterrupt):
        raise
    except MemoryError:
        _stderr("out of memory (a page or paragraph too large for this machine's limit)")
        raise typer.Exit(2) from None
    except Exception as err:  # a bug, not the user's doing: one line for cron mail
        if os.environ.get("SWCLI_DEBUG"):
            raise
        _stderr(f"internal error: {type(err).__name__}: {err} (SWCLI_DEBUG=1 shows a traceback)")
        raise typer.Exit(2) from None
    if code:
        raise typer.Exit(code)


def _write_records(records: Iterator[dict], output: str | None, fmt: str, render: str) -> int:
    """Write records as JSON Lines, or hand them to a view; returns how many were written."""
    from .output import Output, use_color

    count = 0
    with Output(output) as out:
        if fmt == "jsonl":
            for record in records:
                out.record(record)
                count += 1
        else:
            from . import views

            count = getattr(views, render)(records, out, fmt, use_color(output))
    return count


def _record_command(stage_name: str, paths, output, format, skip_bad: bool, verbose: bool, jobs: int, dask) -> None:
    """clean, split and entities: read, run the stage (here, over --jobs, or on Dask), write."""
    from . import runner
    from .output import check_target, choose_format, is_shard_dir, write_shard
    from .pipeline import STAGES

    stage = STAGES[stage_name]

    def body() -> None:
        check_target(output, shards=bool(dask))
        run = Run(paths, skip_bad, verbose)
        if verbose and jobs > 1:
            from .parallel import cores

            if jobs > cores():
                _stderr(f"--jobs {jobs} capped at {cores()}, the cores this machine has")
        fmt = choose_format(format.value if format else None, output)
        options = runner.RunOptions(jobs=jobs, dask=dask, skip_bad=skip_bad, for_jsonl=fmt == "jsonl")
        if dask and is_shard_dir(output):  # one file of records per input
            for name, records, skipped in runner.per_input(stage, paths, options):
                write_shard(output, name, records)
                run.counter.skipped += skipped
        else:
            _write_records(runner.records(stage, paths, options, run.stray, run.counter), output, fmt, stage.view)
        run.done()

    _guard(body)


@app.command()
def clean(paths: Paths = None, output: OutputOpt = None, format: FormatOpt = None,
          skip_bad: SkipBad = False, jobs: Jobs = 1, dask: Dask = None) -> None:
    """Clean raw pages into blocks (heading, paragraph, source, byline, furniture, noise).

    One page record per page.  --format text prints the clean text alone,
    blocks separated by blank lines.
    """
    _record_command("clean", paths, output, format, skip_bad, False, jobs, dask)


@app.command()
def split(paths: Paths = None, output: OutputOpt = None, format: FormatOpt = None,
          skip_bad: SkipBad = False, verbose: Verbose = False, jobs: Jobs = 1, dask: Dask = None) -> None:
    """Rebuild whole articles from pages: title, kicker, subtitle, byline, source, date, paragraphs."""
    _record_command("split", paths, output, format, skip_bad, verbose, jobs, dask)


@app.command()
def entities(paths: Paths = None, output: OutputOpt = None, format: FormatOpt = None,
             skip_bad: SkipBad = False, verbose: Verbose = False, jobs: Jobs = 1, dask: Dask = None) -> None:
    """Add people (with roles), organisations, places, dates, money and counts to each article."""
    _record_command("entities", paths, output, format, skip_bad, verbose, jobs, dask)


@app.command()
def stats(paths: Paths = None, output: OutputOpt = None, format: FormatOpt = None,
          json: Annotated[bool, typer.Option("--json", help="Print one JSON object (for scripts).")] = False,
          by: Annotated[Optional[By], typer.Option("--by", help="Split the aid totals by doc, date or source.")] = None,
          top: Annotated[int, typer.Option("--top", help="How many people, organisations and places to list.", min=1)] = 10,
          skip_bad: SkipBad = False, jobs: Jobs = 1, dask: Dask = None) -> None:
    """Tables of articles, sources, people, organisations, places, aid figures and aid totals."""
    from . import runner
    from .output import check_target
    from .stats import finish

    def body() -> None:
        check_target(output)
        run = Run(paths, skip_bad)
        merged = runner.summary(paths, runner.RunOptions(jobs=jobs, dask=dask, skip_bad=skip_bad), run.counter)
        run.done()
        from .output import Output, use_color

        if not merged.records:  # empty input: no output (and `-o FILE` empty, not yesterday's report)
            with Output(output):
                return
        summary = finish(merged, by=by.value if by else None, top=top)

        fmt = "jsonl" if json else (format.value if format else ("table" if output is None and sys.stdout.isatty() else "text"))
        with Output(output) as out:
            if fmt == "jsonl":
                out.record(summary)
            else:
                from .views import render_stats

                render_stats(summary, out, fmt, use_color(output))

    _guard(body)


@app.command()
def load(database: Annotated[str, typer.Argument(help="The archive (a SQLite file; made when missing).", show_default=False)],
         paths: Paths = None, skip_bad: SkipBad = False, verbose: Verbose = False, jobs: Jobs = 1) -> None:
    """Clean, split and tag files into a SQLite archive that every command reads back.

    A file loaded before with the same bytes is skipped; a changed one replaces
    its rows.  All or nothing: an interrupted load leaves the archive as it was.
    Then: swcli grep PATTERN archive.db, swcli stats archive.db, sqlite3 archive.db.
    """
    from .loading import load_files
    from .views import file_progress

    def body() -> None:
        run = Run(paths, skip_bad, verbose)
        total = len(paths) if paths else 1
        with file_progress(total, "loading") as advance:
            outcome = load_files(database, paths, jobs, skip_bad, run.stray, advance)
        run.counter.skipped += outcome.skipped
        if verbose or (sys.stderr is not None and sys.stderr.isatty()):
            _stderr(f"{database}: {outcome.files} file(s) loaded ({outcome.articles} articles), "
                    f"{outcome.unchanged} unchanged")
        run.done()

    _guard(body)


@app.command()
def report(paths: Paths = None, output: OutputOpt = None,
           title: Annotated[str, typer.Option("--title", help="The page's title.")] = "Aid report",
           skip_bad: SkipBad = False, jobs: Jobs = 1) -> None:
    """One self-contained HTML page: aid totals, a chart per aid category by month, who and
    where appear most, and every article with its aid figures, linked to its text.

    Reads an archive (swcli load) or files, as stats does: swcli report archive.db -o report.html
    """
    from . import runner
    from .errors import UsageError
    from .inputs import read_inputs
    from .output import Output, check_target
    from .pipeline import ENTITIES
    from .report import Report
    from .views import file_progress

    def body() -> None:
        check_target(output)
        if output is None and sys.stdout is not None and sys.stdout.isatty():
            raise UsageError("report writes an HTML page: give -o FILE, or redirect it")
        run = Run(paths, skip_bad)
        page = Report()
        files = paths or ["-"]
        with file_progress(len(files), "reading") as advance:
            def items():
                for path in files:
                    yield from read_inputs([path], skip_bad, run.counter)
                    advance(path)

            for record in runner.over_items(ENTITIES, items(), runner.RunOptions(jobs=jobs, skip_bad=skip_bad)):
                page.add(record)
        run.done()
        with Output(output) as out:
            if page.articles:  # empty input: no output
                out.text(page.html(title))

    _guard(body)


def _finite(value: float | None) -> float | None:
    """A threshold must be a number: `nan` compares false with everything and `inf` keeps nothing."""
    import math

    if value is not None and not math.isfinite(value):
        raise typer.BadParameter(f"{value} is not a finite number")
    return value


def _grep_arguments(pattern: str | None, paths: list[str] | None, regexp: list[str] | None,
                    filters: bool) -> tuple[list[str], list[str] | None]:
    """The patterns and the files, as grep reads them: with -e (or a filter that selects on its own,
    --entity, --min-aid) no argument is a pattern; otherwise the first one is."""
    from .errors import UsageError

    if regexp or filters:
        files = ([pattern] if pattern is not None else []) + (paths or [])
        return list(regexp or []), files or None
    if pattern is None:
        raise UsageError("grep needs a PATTERN (or -e PATTERN, --entity, --min-aid); see swcli grep --help")
    return [pattern], paths


@app.command()
def grep(pattern: Annotated[Optional[str], typer.Argument(
             help="Regular expression (Python re syntax), or a fixed string with -F.  Not given with -e, "
                  "--entity or --min-aid: every argument is then a file.", show_default=False)] = None,
         paths: Paths = None, output: OutputOpt = None, format: FormatOpt = None,
         regexp: Annotated[Optional[list[str]], typer.Option("--regexp", "-e", help="PATTERN, as grep's -e (repeatable: an article matching any is kept).", metavar="PATTERN")] = None,
         fixed: Annotated[bool, typer.Option("--fixed-strings", "-F", help="PATTERN is a plain string.")] = False,
         ignore_case: Annotated[bool, typer.Option("--ignore-case", "-i")] = False,
         invert: Annotated[bool, typer.Option("--invert-match", "-v", help="Select the articles that do not match.")] = False,
         count: Annotated[bool, typer.Option("--count", "-c", help="Print only the number of matching articles.")] = False,
         ids: Annotated[bool, typer.Option("--files-with-matches", "-l", help="Print only the ids of matching articles.")] = False,
         field: Annotated[Field, typer.Option("--field", help="Where to look.")] = Field.all,
         entity: Annotated[Optional[list[str]], typer.Option("--entity", help="Keep articles with an entity TYPE or TYPE=TEXT (repeatable, all must hold).", metavar="TYPE[=TEXT]")] = None,
         min_aid: Annotated[Optional[float], typer.Option("--min-aid", help="Keep articles with an aid figure of at least this value.", callback=_finite)] = None,
         quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print nothing; only the exit status tells.")] = False,
         skip_bad: SkipBad = False) -> None:
    """Find articles: highlighted matches on a terminal, whole records in a pipe.

    Exit status 0 if an article matched, 1 if none did, 2 on an error (as grep).
    """
    from .output import Output, check_target, choose_format, use_color
    from .pipeline import ENTITIES, SPLIT
    from .search import Matcher

    def body() -> int:
        patterns, files = _grep_arguments(pattern, paths, regexp, bool(entity) or min_aid is not None)
        check_target(output)
        run = Run(files, skip_bad)
        matcher = Matcher(patterns, fixed=fixed, ignore_case=ignore_case, invert=invert,
                          field=field.value, entities=entity or [], min_aid=min_aid)
        stage = ENTITIES if matcher.needs_entities else SPLIT
        hits = matcher.select(stage.run(run.items(matcher.hint())))
        fmt = choose_format(format.value if format else None, output)
        found = 0
        with Output(output) as out:
            if quiet:
                found = sum(1 for _ in hits)
            elif count:
                found = sum(1 for _ in hits)
                out.text(f"{found}\n")
            elif ids:
                from .views import shown

                for record in hits:
                    found += 1
                    out.text(f"{shown(str(record.get('id', '')))}\n")
            elif fmt == "jsonl":
                for record in hits:
                    found += 1
                    out.record(record)
            else:
                from .views import render_matches

                found = render_matches(hits, matcher, out, fmt, use_color(output))
        run.done()
        return 0 if found else 1

    _guard(body)


class Terminated(BaseException):
    """SIGTERM or SIGHUP arrived: unwinds like Ctrl-C, so every `-o` temp file is removed."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


def _on_signal(signum: int, frame) -> None:
    raise Terminated(signum)


def _catch_termination() -> None:
    import signal

    for signum in (signal.SIGTERM, signal.SIGHUP):
        if signal.getsignal(signum) != signal.SIG_IGN:  # nohup's choice stands
            signal.signal(signum, _on_signal)


def _usage_error(err: typer.TyperException) -> int:
    """Click's four-line usage error as one line; a help page (no arguments) as it is."""
    message = err.format_message()
    if "\n" in message:
        sys.stderr.write(message.rstrip("\n") + "\n")
        return 2
    ctx = getattr(err, "ctx", None)
    path = ctx.command_path if ctx is not None else "swcli"
    command = path.partition(" ")[2]
    _stderr(f"{command + ': ' if command else ''}{message} (see {path} --help)")
    return getattr(err, "exit_code", 2) or 2


def main() -> None:
    """Entry point: usage errors in one line, a closed pipe ends the run quietly, Ctrl-C exits
    130, SIGTERM and SIGHUP 128 + the signal, each after the temp files are gone."""
    _catch_termination()
    try:
        code = app(standalone_mode=False)
    except typer.TyperException as err:
        code = _usage_error(err)
    except typer.Abort:
        code = 1
    except BrokenPipeError:
        # Python's recipe: point stdout at devnull so the interpreter's final flush is quiet.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        code = 1
    except KeyboardInterrupt:
        _stderr("interrupted")
        code = 130
    except Terminated as stop:
        import signal

        _stderr(f"stopped by {signal.Signals(stop.signum).name}")
        code = 128 + stop.signum
    sys.exit(code if isinstance(code, int) else 0)
