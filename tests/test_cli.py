"""The command line through a subprocess, as cron and pipes run it: the bad-input list of the spec."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import time

import pytest

from conftest import DATA, SEED, SWCLI, interruptible, jsonl, run

COMMANDS = ["clean", "split", "entities", "stats", "grep"]


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(command):
    result = run(command, "--help")
    assert result.returncode == 0 and b"Usage" in result.stdout


def test_pipe_gets_jsonl_without_ascii_escapes():
    result = run("split", str(SEED))
    assert result.returncode == 0 and result.stderr == b""
    lines = result.stdout.decode("utf-8").splitlines()
    assert len(lines) == 3 and "\\u" not in result.stdout.decode("utf-8")
    assert json.loads(lines[0])["title"] == "机遇与合作：“通武廊”社会工作再携手"


def test_full_pipeline_equals_direct_stats():
    clean = run("clean", str(SEED)).stdout
    split = run("split", input=clean).stdout
    ents = run("entities", input=split).stdout
    piped = json.loads(run("stats", "--json", input=ents).stdout)
    direct = json.loads(run("stats", "--json", str(SEED)).stdout)
    assert piped == direct and piped["articles"] == 3


def test_clean_text_format():
    out = run("clean", "--format", "text", str(SEED)).stdout.decode("utf-8")
    assert "机遇与合作：“通武廊”社会工作再携手\n\n" in out and "{" not in out


def test_stats_text_in_a_pipe_and_json_on_request():
    text = run("stats", str(SEED))
    assert text.returncode == 0 and "Aid totals" in text.stdout.decode() and "\x1b[" not in text.stdout.decode()
    assert json.loads(run("stats", "--format", "jsonl", str(SEED)).stdout)["articles"] == 3


def test_missing_file_is_a_message_and_exit_2(tmp_path):
    result = run("split", str(tmp_path / "nope.txt"))
    assert result.returncode == 2 and b"Traceback" not in result.stderr
    assert b"nope.txt: no such file" in result.stderr


def test_directory_and_unreadable_file(tmp_path):
    assert run("clean", str(tmp_path)).returncode == 2
    locked = tmp_path / "locked.txt"
    locked.write_text("社会工作。", encoding="utf-8")
    locked.chmod(0)
    try:
        result = run("clean", str(locked))
        if os.geteuid() != 0:  # root reads anything
            assert result.returncode == 2 and b"permission denied" in result.stderr
    finally:
        locked.chmod(0o644)


def test_bad_jsonl_line_and_skip_bad(tmp_path):
    records = tmp_path / "a.jsonl"
    good = run("split", str(SEED)).stdout.decode().splitlines()
    records.write_text("\n".join([good[0], "[1, 2]", "not json {", good[1]]) + "\n", encoding="utf-8")
    result = run("entities", str(records))
    assert result.returncode == 2 and b"a.jsonl:2" in result.stderr and b"Traceback" not in result.stderr
    skipped = run("entities", "--skip-bad", str(records))
    assert skipped.returncode == 0 and len(jsonl(skipped.stdout)) == 2
    assert b"skipped 2 bad record" in skipped.stderr


def test_undecodable_file(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\xff\xfe\xfd" * 0 + "社会".encode() + b"\x81\x20")
    result = run("clean", str(bad))
    assert result.returncode == 2 and b"offset 6" in result.stderr


def test_empty_input():
    for command in ["clean", "split", "entities", "stats"]:
        result = run(command, input=b"")
        assert (result.returncode, result.stdout) == (0, b"")
    assert run("grep", "x", input=b"").returncode == 1


def test_output_file_is_atomic(tmp_path):
    target = tmp_path / "out.jsonl"
    target.write_text("old\n", encoding="utf-8")
    failed = run("split", "-o", str(target), str(SEED), str(tmp_path / "missing.txt"))
    assert failed.returncode == 2 and target.read_text(encoding="utf-8") == "old\n"
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    ok = run("split", "-o", str(target), str(SEED))
    assert ok.returncode == 0 and len(jsonl(target.read_bytes())) == 3


def test_closed_pipe_stops_quietly():
    big = str(DATA / "dev-001.txt")
    proc = subprocess.Popen(SWCLI + ["clean"] + [big] * 200, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdout.readline()
    proc.stdout.close()
    err = proc.stderr.read()
    proc.wait(timeout=60)
    assert b"Traceback" not in err and b"Error" not in err


def test_ctrl_c_exits_130_without_traceback():
    proc = subprocess.Popen(SWCLI + ["clean"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            preexec_fn=interruptible)
    time.sleep(1.5)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 130 and b"Traceback" not in err


def test_cron_environment_without_lang_or_home(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("LANG", "LC_ALL", "HOME", "XDG_CACHE_HOME")}
    env["PYTHONIOENCODING"] = ""
    result = subprocess.run(SWCLI + ["stats", "--json", str(SEED)], capture_output=True, env=env, timeout=120)
    assert result.returncode == 0 and json.loads(result.stdout)["articles"] == 3


def test_jieba_cache_not_writable(tmp_path):
    cache = tmp_path / "cache"
    cache.mkdir()
    cache.chmod(0o500)
    result = run("entities", str(SEED), env={"SWCLI_SEGMENTER": "jieba", "XDG_CACHE_HOME": str(cache)})
    assert result.returncode == 0 and b"Traceback" not in result.stderr and len(jsonl(result.stdout)) == 3


def test_no_color_and_terminal_format(tmp_path):
    result = run("grep", "--format", "table", "救助", str(SEED), env={"NO_COLOR": "1"})
    assert result.returncode == 0 and b"\x1b[" not in result.stdout and "page-001.txt#3" in result.stdout.decode()


def test_jobs_keep_order():
    pages = [str(p) for p in sorted(DATA.glob("dev-00?.txt"))]
    assert run("entities", "--jobs", "2", *pages).stdout == run("entities", *pages).stdout
    assert run("clean", "-j", "0", *pages).stdout == run("clean", *pages).stdout


def test_verbose_reports_stray_blocks(tmp_path):
    page = tmp_path / "p.jsonl"
    page.write_text(json.dumps({"doc": "p", "page": 1, "blocks": [
        {"kind": "heading", "text": "无正文标题", "role": "title", "group": 1}]}, ensure_ascii=False) + "\n", encoding="utf-8")
    result = run("split", "--verbose", str(page))
    assert result.returncode == 0 and "无正文标题" in result.stderr.decode()


def test_the_pure_api_without_the_command_line():
    from swcli import clean_page, extract_entities, split_pages, summarize

    page = clean_page(SEED.read_text(encoding="utf-8"), "page-001.txt")
    articles = [dict(a, entities=extract_entities(a)) for a in split_pages([page])]
    totals = {(t["category"], t["unit"]): t["value"] for t in summarize(articles)["aid_totals"]}
    assert len(articles) == 3 and totals[("raised", "CNY")] == 650000000


def test_jobs_report_a_bad_line_after_good_pages(tmp_path):
    """With --jobs the input is read by a feeder thread: its errors still end the run as messages."""
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"doc": "x"}\nnot json\n', encoding="utf-8")
    result = run("entities", "--jobs", "2", str(SEED), str(bad))
    assert result.returncode == 2 and b"Traceback" not in result.stderr
    assert b"bad.jsonl:2" in result.stderr


def test_jobs_over_one_file_keep_what_a_plain_run_gives(tmp_path):
    """Workers split batches of 16 pages: an article that a batch's last page sends on
    to the next (dev-004's （下转第 2 版）) is still one article, numbered in turn."""
    jumping = (DATA / "dev-004.txt").read_text(encoding="utf-8").split("\f")
    pages = [SEED.read_text(encoding="utf-8")] * 15 + jumping + [SEED.read_text(encoding="utf-8")]
    issue = tmp_path / "issue.txt"
    issue.write_text("\f".join(pages), encoding="utf-8")
    for command in ("split", "entities"):
        plain, jobs = run(command, "--verbose", str(issue)), run(command, "--verbose", "--jobs", "2", str(issue))
        assert jobs.returncode == 0 and jobs.stdout == plain.stdout and jobs.stderr == plain.stderr
    articles = jsonl(plain.stdout)
    assert [a["seq"] for a in articles] == list(range(1, len(articles) + 1))
    assert any(a["pages"] == [16, 17] for a in articles)
    cleaned = run("clean", str(issue)).stdout
    assert run("entities", "-j", "2", input=cleaned).stdout == plain.stdout


def test_jobs_over_several_files_keep_what_a_plain_run_gives(tmp_path):
    """Raw files go to the workers whole; JSON Lines shards of one document still split as one."""
    pages = [str(p) for p in (SEED, DATA / "dev-001-ocr.txt", DATA / "dev-003.txt")]
    plain, jobs = run("split", "--verbose", *pages), run("split", "--verbose", "--jobs", "2", *pages)
    assert jobs.stdout == plain.stdout and sorted(jobs.stderr.splitlines()) == sorted(plain.stderr.splitlines())
    cleaned = jsonl(run("clean", str(SEED)).stdout)
    first, second = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    for shard, records in ((first, cleaned[:1]), (second, [dict(cleaned[0], page=2)])):
        shard.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    assert run("split", "-j", "2", str(first), str(second)).stdout == run("split", str(first), str(second)).stdout
