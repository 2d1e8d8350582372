"""`grep`: options, exit statuses, terminal vs pipe."""
from __future__ import annotations

import glob
import re
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import SEED, SWCLI, jsonl, run


@pytest.fixture(scope="module")
def articles(tmp_path_factory) -> str:
    path = tmp_path_factory.mktemp("g") / "a.jsonl"
    path.write_bytes(run("split", str(SEED)).stdout)
    return str(path)


def test_match_gives_records_and_exit_0(articles):
    result = run("grep", "儿助会", articles)
    assert result.returncode == 0 and [r["seq"] for r in jsonl(result.stdout)] == [3]


def test_no_match_exit_1(articles):
    result = run("grep", "不存在的词", articles)
    assert (result.returncode, result.stdout) == (1, b"")


def test_bad_pattern_exit_2(articles):
    result = run("grep", "([", articles)
    assert result.returncode == 2 and b"bad pattern" in result.stderr and b"Traceback" not in result.stderr


def test_fixed_ignore_case_invert_count_ids(articles):
    assert run("grep", "-F", "(", articles).returncode == 1
    assert run("grep", "-c", "社会工作", articles).stdout == b"3\n"
    assert run("grep", "-l", "新疆", articles).stdout == b"page-001.txt#2\n"
    assert run("grep", "-v", "-c", "新疆", articles).stdout == b"2\n"
    assert run("grep", "-i", "-c", "APP|社会", articles).stdout == b"3\n"


def test_field(articles):
    assert run("grep", "-c", "--field", "title", "论坛", articles).stdout == b"1\n"
    assert run("grep", "-c", "--field", "source", "新疆民政", articles).stdout == b"1\n"


def test_entity_filter(articles):
    assert run("grep", "-l", "--entity", "PERSON=陈存根", articles).stdout == b"page-001.txt#3\n"
    assert run("grep", "-c", "--entity", "MONEY", articles).stdout == b"1\n"
    assert run("grep", "--entity", "NOPE", articles).returncode == 2


def test_min_aid(articles):
    assert run("grep", "-l", "--min-aid", "100000000", articles).stdout == b"page-001.txt#3\n"


def test_raw_text_works_too():
    assert run("grep", "-c", "通武廊", str(SEED)).stdout == b"1\n"


def test_terminal_view_highlights(articles):
    out = run("grep", "--format", "table", "儿助会", articles).stdout.decode()
    assert "page-001.txt#3" in out and "儿助会" in out


def test_quiet_in_a_shell_if(articles):
    result = run("grep", "-q", "儿助会", articles)
    assert result.returncode == 0 and result.stdout == b""


def test_a_pattern_that_backtracks_without_end_is_a_one_line_error(tmp_path):
    """Issue 15, item 7: a catastrophic pattern ran forever; each search now has a time limit."""
    page = tmp_path / "page.txt"
    page.write_text("a" * 40 + "!\n", encoding="utf-8")
    result = run("grep", "(a|aa)+$", str(page))
    assert result.returncode == 2
    assert result.stderr.decode().count("\n") == 1 and "took over" in result.stderr.decode()
    # the issue's own example, which `regex` matches without backtracking, simply finds nothing
    page.write_text("a" * 42 + "b\n", encoding="utf-8")
    assert run("grep", "(a+)+$", str(page)).returncode == 1


def _readme_grep_examples() -> list[str]:
    """The `swcli grep` command lines of the README's shell examples, as a user would paste them."""
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    lines = []
    for block in re.findall(r"```sh\n(.*?)```", readme, re.S):
        for line in block.splitlines():
            command = line.split("  #")[0].strip()
            command = re.sub(r"^if |; then$", "", command)
            if command.startswith("swcli grep"):
                lines.append(command)
    return lines


def test_the_readme_grep_examples_work(tmp_path):
    """Issue 15, item 11: `grep -q --entity PERSON=… page.txt` took the file for the PATTERN and read
    standard input; `grep -l --min-aid 1e8 archive/*.txt` dropped the first file."""
    examples = _readme_grep_examples()
    assert len(examples) >= 3
    (tmp_path / "archive").mkdir()
    shutil.copy(SEED, tmp_path / "issue.txt")
    shutil.copy(SEED, tmp_path / "archive" / "a.txt")
    shutil.copy(SEED, tmp_path / "archive" / "b.txt")
    loaded = subprocess.run(SWCLI + ["load", "archive.db", "issue.txt"], cwd=tmp_path, capture_output=True, timeout=120)
    assert loaded.returncode == 0, loaded.stderr
    for example in examples:
        words = shlex.split(example)[1:]
        args = [a for w in words for a in (sorted(glob.glob(str(tmp_path / w))) if "*" in w else [w])]
        result = subprocess.run(SWCLI + args, cwd=tmp_path, capture_output=True, timeout=120, stdin=subprocess.DEVNULL)
        assert result.returncode == 0, (example, result.stderr)
        if "-l" in words and "archive/*.txt" in words:
            assert {line.split("#")[0] for line in result.stdout.decode().split()} == {"a.txt", "b.txt"}


def test_e_gives_the_pattern_and_every_argument_is_a_file(articles):
    assert run("grep", "-c", "-e", "新疆", articles).stdout == b"1\n"
    assert run("grep", "-c", "-e", "新疆", "-e", "儿助会", articles).stdout == b"2\n"
    assert run("grep", "-c", "-e", "社会工作", "--entity", "PERSON=陈存根", articles).stdout == b"1\n"
    missing = run("grep", "-c")
    assert missing.returncode == 2 and missing.stderr.count(b"\n") == 1 and b"PATTERN" in missing.stderr
