"""`swcli load` and the archive it writes: idempotent, all or nothing, read back by every
command with the same bytes as the files it was loaded from, searched through FTS5."""
from __future__ import annotations

import hashlib
import os
import signal
import sqlite3
import subprocess
import time

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import DATA, GEN, SWCLI, TEXT_PAGES, jsonl, run
from swcli.archive import index_text, match_query, open_for_reading
from swcli.records import SearchHint

TABLES = ("documents", "articles", "entities", "aid_figures", "articles_fts")

PAGES = [str(p) for p in TEXT_PAGES]
GEN_TEXT = sorted(str(p) for p in GEN.glob("gen-*.txt"))


def table_digests(path: str) -> dict[str, tuple[int, str]]:
    """Each table's row count and a sha256 of its rows in key order: two archives (or one before
    and after a load) hold the same when these are equal."""
    conn = open_for_reading(path, path)
    try:
        out = {}
        conn.execute("CREATE VIRTUAL TABLE temp.vocabulary USING fts5vocab(main, articles_fts, 'row')")
        queries = {table: f"SELECT * FROM {table} ORDER BY 1, 2" for table in TABLES}
        # the index holds no text: its rows, and every term with the rows and times it is in
        queries["articles_fts"] = ("SELECT 'row', rowid, NULL FROM articles_fts UNION ALL "
                                   "SELECT term, doc, cnt FROM temp.vocabulary ORDER BY 1, 2")
        for table, query in queries.items():
            sha = hashlib.sha256()
            rows = 0
            for row in conn.execute(query):
                sha.update(orjson.dumps([c for c in row]))
                rows += 1
            out[table] = (rows, sha.hexdigest())
        return out
    finally:
        conn.close()


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> str:
    db = str(tmp_path_factory.mktemp("archive") / "archive.db")
    done = run("load", db, *PAGES)
    assert done.returncode == 0, done.stderr
    return db


def test_load_twice_changes_nothing(tmp_path):
    db = str(tmp_path / "a.db")
    assert run("load", db, *GEN_TEXT[:20], "--jobs", "2").returncode == 0
    first = table_digests(db)
    again = run("load", db, *GEN_TEXT[:20], "-v")
    assert again.returncode == 0
    assert "0 file(s) loaded" in again.stderr.decode() and "20 unchanged" in again.stderr.decode()
    assert table_digests(db) == first
    assert first["documents"][0] == 20 and first["articles"][0] > 40 and first["entities"][0] > first["articles"][0]


def test_jobs_load_the_same_rows_as_one_process(tmp_path):
    one, two = str(tmp_path / "one.db"), str(tmp_path / "two.db")
    assert run("load", one, *PAGES).returncode == 0
    assert run("load", two, *PAGES, "--jobs", "2").returncode == 0
    strip = lambda d: {t: v for t, v in d.items() if t != "documents"}  # noqa: E731 (loaded_at differs)
    assert strip(table_digests(one)) == strip(table_digests(two))


@pytest.mark.parametrize("command", ["split", "entities", "stats"])
def test_commands_read_the_archive_as_the_files(archive, command):
    from_files = run(command, *PAGES)
    from_archive = run(command, archive)
    assert from_archive.returncode == 0, from_archive.stderr
    assert from_archive.stdout == from_files.stdout and from_files.stdout


def test_stats_by_date_source_doc_from_the_archive(archive):
    for by in ("date", "source", "doc"):
        assert run("stats", "--json", "--by", by, archive).stdout == run("stats", "--json", "--by", by, *PAGES).stdout


GREPS = [["救助"], ["救"], ["助"], ["社会工作"], ["社会工作服务中心"], ["2023"], ["-F", "（记者"], ["-i", "ngo"],
         ["-v", "救助"], ["--field", "title", "救助"], ["--field", "source", "民政"], ["救助|慈善"],
         ["-e", "救助", "-e", "养老"], ["-c", "民政"], ["-l", "民政"], ["--entity", "PERSON", "民政"],
         ["--min-aid", "1000"], ["没有这样的词语"], ["。"], ["-F", "."]]


@pytest.mark.parametrize("args", GREPS, ids=" ".join)
def test_grep_the_archive_prints_what_grep_of_the_files_does(archive, args):
    from_files = run("grep", *args, *PAGES)
    from_archive = run("grep", *args, archive)
    assert (from_archive.returncode, from_archive.stdout) == (from_files.returncode, from_files.stdout)


def test_the_index_narrows_a_search_to_the_articles_it_may_be_in(archive):
    from swcli.archive import stored_articles

    everything = list(stored_articles(archive, "a"))
    some = list(stored_articles(archive, "a", SearchHint(["社会工作服务中心"], ("title", "paragraphs"))))
    assert 0 < len(some) < len(everything)
    assert all("社会工作服务中心" in s.record.decode() for s in some)


def _fts(texts: list[str]) -> sqlite3.Connection:
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE VIRTUAL TABLE t USING fts5(head, byline, source, body, tokenize='ascii')")
    conn.executemany("INSERT INTO t (rowid, body) VALUES (?, ?)", [(i, index_text(t)) for i, t in enumerate(texts)])
    return conn


def _found(conn, string: str, ignore_case: bool = False) -> set[int]:
    query = match_query(SearchHint([string], ("paragraphs",), ignore_case))
    assert query is not None
    return {row[0] for row in conn.execute("SELECT rowid FROM t WHERE t MATCH ?", (query,))}


def test_one_two_and_long_strings_are_found_where_a_trigram_index_finds_nothing():
    conn = _fts(["社会工作协同发展", "协会", "发放救助金3.2万元，惠及NGO成员", "同"])
    assert _found(conn, "协同") == {0}  # FTS5's trigram tokenizer alone finds nothing here
    assert _found(conn, "同") == {0, 3}
    assert _found(conn, "协") == {0, 1}
    assert _found(conn, "社会工作协同发展") == {0}
    assert _found(conn, "3.2万元，惠及") == {2}
    assert _found(conn, "ngo", ignore_case=True) == {2}


TEXT = st.text(alphabet=st.sampled_from(list("社会工作协同发展救助金万元，。（）“”A b1.2-_ \n") + ["𠀀", "ä"]), max_size=60)


@settings(max_examples=300, deadline=None)
@given(TEXT, st.data())
def test_the_index_finds_every_text_a_string_stands_in(text, data):
    start = data.draw(st.integers(0, len(text)))
    string = text[start:start + data.draw(st.integers(1, 12))]
    hint = SearchHint([string], ("paragraphs",))
    query = match_query(hint)
    if query is None:  # nothing the index can look up (only ASCII punctuation or spaces)
        assert not string.strip(" \n.-_")
        return
    assert 0 in _found(_fts([text, "无关"]), string)


def test_a_changed_file_replaces_its_rows(tmp_path):
    db = str(tmp_path / "a.db")
    page = tmp_path / "issue.txt"
    page.write_bytes((DATA / "dev-001.txt").read_bytes())
    other = str(DATA / "dev-002.txt")
    assert run("load", db, str(page), other).returncode == 0
    before = jsonl(run("split", db).stdout)
    page.write_bytes((DATA / "dev-003.txt").read_bytes())  # same name, other bytes
    assert run("load", db, str(page)).returncode == 0
    after = jsonl(run("split", db).stdout)
    assert [a for a in after if a["doc"] == "dev-002.txt"] == [a for a in before if a["doc"] == "dev-002.txt"]
    assert [a["title"] for a in after if a["doc"] == "issue.txt"] == \
        [a["title"] for a in jsonl(run("split", str(page)).stdout)]
    old_title = next(a["title"] for a in before if a["doc"] == "issue.txt")
    assert run("grep", "-F", old_title, db).returncode == 1  # the index forgot it too
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT count(*) FROM documents").fetchone()[0] == 2
    assert conn.execute("SELECT count(*) FROM entities WHERE article NOT IN (SELECT id FROM articles)").fetchone()[0] == 0
    assert conn.execute("SELECT count(*) FROM articles_fts").fetchone()[0] == conn.execute("SELECT count(*) FROM articles").fetchone()[0]


def test_standard_input_loads_and_reads_back(tmp_path):
    db = str(tmp_path / "a.db")
    split = run("split", PAGES[0]).stdout
    assert run("load", db, input=split).returncode == 0
    assert run("load", db, input=split).returncode == 0  # the same content: nothing new
    assert run("split", db).stdout == split
    assert sqlite3.connect(db).execute("SELECT count(*) FROM documents").fetchone()[0] == 1


def test_a_load_killed_half_way_leaves_the_archive_as_it_was(tmp_path):
    db = str(tmp_path / "a.db")
    assert run("load", db, *PAGES[:2]).returncode == 0
    before = table_digests(db)
    copies = []
    for n in range(120):  # enough work that the load is still running when it is killed
        copy = tmp_path / f"copy-{n:03d}.txt"
        copy.write_bytes(open(GEN_TEXT[n % len(GEN_TEXT)], "rb").read())
        copies.append(str(copy))
    load = subprocess.Popen(SWCLI + ["load", db, *copies], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    wal = db + "-wal"
    while time.monotonic() < deadline and (not os.path.exists(wal) or os.path.getsize(wal) < 200_000):
        time.sleep(0.02)  # until the load has written part of its transaction
    assert load.poll() is None, "the load ended before it could be killed"
    load.send_signal(signal.SIGKILL)
    load.wait()
    assert table_digests(db) == before
    assert run("load", db, copies[0]).returncode == 0  # not left locked


def test_an_interrupted_load_rolls_back(tmp_path):
    db = str(tmp_path / "a.db")
    assert run("load", db, PAGES[0]).returncode == 0
    before = table_digests(db)
    done = run("load", db, PAGES[1], str(tmp_path / "missing.txt"))
    assert done.returncode == 2 and b"missing.txt: no such file" in done.stderr
    assert table_digests(db) == before


def test_load_never_writes_over_a_file_that_is_not_an_archive(tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("my notes\n")
    done = run("load", str(notes), PAGES[0])
    assert done.returncode == 2 and b"not a SQLite database" in done.stderr
    assert notes.read_text() == "my notes\n"
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("CREATE TABLE x (y)").connection.commit()
    done = run("load", str(other), PAGES[0])
    assert done.returncode == 2 and b"not a swcli archive" in done.stderr


def test_an_archive_on_standard_input_is_a_one_line_error(archive):
    done = run("grep", "救助", input=open(archive, "rb").read())
    assert done.returncode == 2 and done.stderr.count(b"\n") == 1 and b"give its file name" in done.stderr


def test_no_progress_bar_or_summary_in_a_pipe(tmp_path):
    done = run("load", str(tmp_path / "a.db"), *PAGES)
    assert done.returncode == 0 and done.stdout == b"" and done.stderr == b""


def test_the_archive_can_be_queried_with_sql(archive):
    conn = sqlite3.connect(archive)
    top = conn.execute("SELECT text, count(*) FROM entities WHERE type = 'ORG' GROUP BY text ORDER BY 2 DESC").fetchone()
    assert top[1] > 1
    counted = conn.execute("SELECT category, unit, sum(value) FROM aid_figures WHERE counted GROUP BY 1, 2").fetchall()
    stats = run("stats", "--json", archive)
    import json

    totals = {(t["category"], t["unit"]): t["value"] for t in json.loads(stats.stdout)["aid_totals"]}
    assert {(c, u): v for c, u, v in counted} == pytest.approx(totals)
    found = conn.execute("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH '协同'").fetchone()[0]
    assert found == sum("协同" in (a["title"] or "") + "".join(a["paragraphs"]) for a in jsonl(run("split", archive).stdout))


def test_stats_by_date_draws_the_months_as_bars_beside_the_table(archive):
    import json

    shown = run("stats", "--by", "date", "-f", "table", archive).stdout.decode()
    months = json.loads(run("stats", "--json", "--by", "date", archive).stdout)["months"]
    assert months and "Aid totals" in shown
    for m in months:
        assert f"{m['category']} (" in shown and m["month"] in shown
    biggest = max((m for m in months if (m["category"], m["unit"]) == (months[0]["category"], months[0]["unit"])),
                  key=lambda m: m["value"])
    from swcli.views import CHART_WIDTH

    assert "█" * CHART_WIDTH in shown and biggest["month"] in shown
    assert "by month" not in run("stats", "--by", "source", "-f", "table", archive).stdout.decode()


@pytest.mark.parametrize("command", ["clean", "split", "entities", "stats"])
def test_the_archive_over_jobs_gives_the_plain_run(archive, command):
    plain = run(command, archive).stdout
    assert plain and run(command, "--jobs", "2", archive).stdout == plain
    assert run(command, "--jobs", "2", archive, archive).stdout == run(command, archive, archive).stdout


def test_a_damaged_archive_is_a_one_line_error(archive, tmp_path):
    damaged = tmp_path / "damaged.db"
    damaged.write_bytes(open(archive, "rb").read()[:20_000])  # cut short, as by a full disk
    for command in (["split"], ["grep", "救助"], ["stats"]):
        done = run(*command, str(damaged))
        assert done.returncode == 2 and done.stderr.count(b"\n") == 1 and b"damaged.db: " in done.stderr
    done = run("load", str(damaged), PAGES[0])
    assert done.returncode == 2 and done.stderr.count(b"\n") == 1
    folder = tmp_path / "folder"
    folder.mkdir()
    assert b"is a directory" in run("load", str(folder), PAGES[0]).stderr
