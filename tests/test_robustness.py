"""Anything a user can feed: random text, bytes, JSON; no traceback, nothing lost."""
from __future__ import annotations

import subprocess
from collections import Counter

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import block_chars, non_space, SWCLI
from swcli.errors import SwcliError
from swcli.inputs import RawPage, read_bytes
from swcli.layout import clean_page
from swcli.pipeline import to_articles, to_entities
from swcli.search import Matcher
from swcli.stats import summarize

NEWSPAPER = list("社会工作者民政局救助帮扶人户名元万亿余多约，。、；：“”（）《》据来源本报讯记者通讯员 \n\n\f0123456789.图为摄第版年月日-·一二三十百千")
page_text = st.text(alphabet=st.sampled_from(NEWSPAPER), max_size=600)
ANY = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])




@ANY
@given(page_text)
def test_split_keeps_every_paragraph_character(text):
    """Every character of the page's paragraphs ends up in an article."""
    pages = [clean_page(t, "x.txt", i + 1) for i, t in enumerate(text.split("\f"))]
    in_paragraphs = sum((block_chars(b["text"]) for p in pages for b in p["blocks"] if b["kind"] == "paragraph"), Counter())
    articles = list(to_articles(pages))
    in_articles = sum((block_chars("".join(a["paragraphs"])) for a in articles), Counter())
    assert in_articles == in_paragraphs


@ANY
@given(page_text)
def test_entities_and_stats_never_crash(text):
    records = list(to_entities([RawPage("x.txt", 1, text, "x.txt")]))
    summary = summarize(records)
    assert summary["articles"] == len(records)
    for article in records:
        for e in article["entities"]:
            field = article[e["field"]] if e["field"] != "paragraphs" else article["paragraphs"][e["para"]]
            assert field[e["start"]:e["end"]] == e["text"]


json_value = st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=20),
                          lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
                          max_leaves=12)
record = st.fixed_dictionaries({}, optional={
    "blocks": st.one_of(json_value, st.lists(st.fixed_dictionaries({"kind": st.sampled_from(["heading", "paragraph", "source", "byline", "furniture", "noise", "x"]),
                                                                    "text": st.text(alphabet=st.sampled_from(NEWSPAPER), max_size=50)}), max_size=6)),
    "paragraphs": st.one_of(json_value, st.lists(st.text(alphabet=st.sampled_from(NEWSPAPER), max_size=80), max_size=4)),
    "title": json_value, "entities": json_value, "doc": json_value, "page": json_value, "id": json_value})


@ANY
@given(st.lists(record, max_size=5))
def test_odd_records_never_crash(records):
    """Records with fields of the wrong type are passed, skipped or read as well as they can be."""
    out = list(to_entities(records))
    summarize(out)
    list(Matcher("社").select(out))


@ANY
@given(st.binary(max_size=300))
def test_random_bytes_decode_or_fail_cleanly(data):
    try:
        for item in read_bytes(data, "b.txt", "b.txt"):
            assert isinstance(item, (RawPage, dict))
    except SwcliError as err:
        assert "b.txt" in str(err)


def test_pages_of_only_punctuation_digits_or_one_long_line():
    for text in ["，。、；：！？" * 200, "0123456789 " * 500, "社会工作" * 20000, "\f\f\f", "\n" * 1000, "”"]:
        page = clean_page(text)
        assert block_chars("".join(b["text"] for b in page["blocks"])) == non_space(text.replace("\f", ""))
        list(to_entities([RawPage("x", 1, text, "x")]))


def test_mixed_encodings_and_truncated_lines_through_the_command(tmp_path):
    """Subprocess runs of odd inputs: an exit status of 0 or 2 and never a traceback."""
    cases = {
        "gb.txt": "社会工作服务站。\n".encode("gb18030") * 50,
        "u16.txt": "社会工作服务站。\r\n".encode("utf-16"),
        "mixed.txt": "社会工作".encode("utf-8") + "社会工作".encode("gb18030"),
        "cut.jsonl": b'{"id": "a#1", "paragraphs": ["x"]}\n{"id": "a#2", "para',
        "latin1.txt": bytes(range(128, 256)),
        "long.txt": ("社会工作" * 50000).encode("utf-8"),
    }
    for name, data in cases.items():
        path = tmp_path / name
        path.write_bytes(data)
        for command in ("clean", "split", "entities", "stats"):
            result = subprocess.run(SWCLI + [command, str(path)], capture_output=True, timeout=120)
            assert result.returncode in (0, 2), (name, command, result.stderr)
            assert b"Traceback" not in result.stderr and b"internal error" not in result.stderr, (name, command)
        result = subprocess.run(SWCLI + ["grep", "社", str(path)], capture_output=True, timeout=120)
        assert result.returncode in (0, 1, 2) and b"Traceback" not in result.stderr


def test_min_aid_must_be_a_finite_number(tmp_path):
    """Issue 15, item 15: `--min-aid nan` compared false with every figure and read as `not found`."""
    page = tmp_path / "page.txt"
    page.write_text("某市慈善总会累计募集善款1000万元。\n", encoding="utf-8")
    for value in ("nan", "inf", "-inf"):
        result = subprocess.run(SWCLI + ["grep", "--min-aid", value, "-e", "善款", str(page)], capture_output=True, timeout=60)
        assert result.returncode == 2 and b"not a finite number" in result.stderr, value
    result = subprocess.run(SWCLI + ["grep", "-q", "--min-aid", "1e6", "-e", "善款", str(page)], capture_output=True, timeout=60)
    assert result.returncode == 0


def test_jobs_above_the_cores_are_capped():
    """Issue 15, item 6: `--jobs 10000` forked thousands of processes; it runs on the cores there are."""
    from swcli.parallel import cores, workers

    assert workers(10000) == cores() and workers(0) == cores() and workers(1) == 1
    result = subprocess.run(SWCLI + ["split", "--jobs", "10000", "-v", "-"], input="某市召开会议。\n".encode(),
                            capture_output=True, timeout=120)
    assert result.returncode == 0 and f"capped at {cores()}".encode() in result.stderr
    result = subprocess.run(SWCLI + ["split", "--jobs", "-3", "-"], input=b"x\n", capture_output=True, timeout=60)
    assert result.returncode == 2


def test_fifos_and_dev_stdin_are_read_once(tmp_path):
    """Issue 15, item 12: a FIFO or /dev/stdin failed as `not seekable`."""
    import os
    import threading

    text = "某市召开养老工作会议\n近日，某市召开养老工作会议，部署全年工作。\n".encode()
    fifo = tmp_path / "page.fifo"
    os.mkfifo(fifo)
    writer = threading.Thread(target=lambda: fifo.write_bytes(text))
    writer.start()
    plain = tmp_path / "plain.txt"
    plain.write_bytes(text)
    result = subprocess.run(SWCLI + ["split", "--jobs", "2", str(fifo), str(plain)], capture_output=True, timeout=60)
    writer.join(timeout=10)
    assert result.returncode == 0 and b'"doc":"page.fifo"' in result.stdout and b'"doc":"plain.txt"' in result.stdout
    result = subprocess.run(SWCLI + ["split", "/dev/stdin"], input=text, capture_output=True, timeout=60)
    assert result.returncode == 0 and b"\\u" not in result.stdout and "养老".encode() in result.stdout


def test_a_file_name_that_is_not_utf8_is_read_and_shown_escaped(tmp_path):
    """Issue 15, item 13: such names failed with `internal error: TypeError … surrogates`."""
    import os

    name = os.fsdecode(b"bad\xff\xfe.txt")
    (tmp_path / name).write_text("近日，某市召开养老工作会议，部署全年工作。\n", encoding="utf-8")
    result = subprocess.run(SWCLI + ["split", name], capture_output=True, timeout=60, cwd=tmp_path)
    assert result.returncode == 0 and b'"doc":"bad\\\\xff\\\\xfe.txt"' in result.stdout
    result = subprocess.run(SWCLI + ["split", os.fsdecode(b"gone\xff.txt")], capture_output=True, timeout=60, cwd=tmp_path)
    assert result.returncode == 2 and result.stderr == b"swcli: gone\\xff.txt: no such file\n"


def test_control_characters_from_a_page_never_reach_a_terminal_view(tmp_path):
    """Issue 15, item 14: an OSC window title or a screen clear in the page acted on the
    terminal; views show them as control pictures (one for one), JSON keeps them escaped."""
    page = tmp_path / "page.txt"
    page.write_bytes("\x1b]0;PWNED\x07\x1b[2J某市召开养老工作会议\n近日，某市召开养老工作会议，部署工作。\n".encode())
    for args in (["clean", "--format", "text"], ["split", "--format", "table"], ["entities", "--format", "table"],
                 ["grep", "--format", "table", "养老"]):
        result = subprocess.run(SWCLI + args + [str(page)], capture_output=True, timeout=60)
        assert result.returncode == 0 and b"\x1b" not in result.stdout and b"\x07" not in result.stdout, args
        assert args[0] == "entities" or "␛]0;PWNED␇".encode() in result.stdout, args  # (no page text there)
    result = subprocess.run(SWCLI + ["clean", str(page)], capture_output=True, timeout=60)
    assert b"\\u001b]0;PWNED\\u0007" in result.stdout
