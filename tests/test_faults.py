"""Issue 15: hostile input and faults.  Each test is a reproduction from the issue and what must
happen instead: no harmed target, no temp file left, no hang, no silent misread, one-line errors."""
from __future__ import annotations

import os
import resource
import select
import signal
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from conftest import SEED, SWCLI, interruptible, jsonl, run

PAGE = SEED.read_bytes()
NOT_ROOT = os.geteuid() != 0
ONE_CORE = pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="--jobs 2 runs in one process on one core: no workers")


def leftovers(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if p.name.endswith(".tmp")]


def children(pid: int) -> list[int]:
    """The live child processes of `pid` (from /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid and fields[0] != "Z":
                found.append(int(entry.name))
    return found


def wait_for(check, seconds: float = 30.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.05)
    return False


@pytest.fixture(scope="module")
def many_pages(tmp_path_factory) -> Path:
    """Enough pages that `entities --jobs 2` runs for several seconds."""
    path = tmp_path_factory.mktemp("big") / "many.txt"
    path.write_bytes(b"\f".join([PAGE] * 400))
    return path


# ---- 1. -o onto what is not a regular file; symlinks; owner and mode --------------------------

def test_output_onto_a_fifo_writes_into_it_and_leaves_it_a_fifo(tmp_path):
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()), daemon=True)
    reader.start()
    result = run("split", str(SEED), "-o", str(fifo))
    reader.join(30)
    assert result.returncode == 0 and stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert got and got[0] == run("split", str(SEED)).stdout and not leftovers(tmp_path)


def test_output_onto_dev_null_leaves_the_device():
    result = run("split", str(SEED), "-o", "/dev/null")
    assert result.returncode == 0 and stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_output_through_a_symlink_replaces_its_target_and_keeps_the_link(tmp_path):
    target = tmp_path / "real.jsonl"
    target.write_bytes(b"old\n")
    os.chmod(target, 0o640)
    link = tmp_path / "link.jsonl"
    link.symlink_to(target)
    assert run("split", str(SEED), "-o", str(link)).returncode == 0
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert target.read_bytes() == run("split", str(SEED)).stdout
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o640 and not leftovers(tmp_path)


def test_a_new_output_file_gets_the_umask_mode_not_0600(tmp_path):
    target = tmp_path / "new.jsonl"
    subprocess.run(["sh", "-c", 'umask 022 && exec "$@"', "sh", *SWCLI, "split", str(SEED), "-o", str(target)],
                   check=True, timeout=120)
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o644


@pytest.mark.skipif(NOT_ROOT, reason="giving a file to another user takes root")
def test_an_existing_output_keeps_its_owner_and_group(tmp_path):
    target = tmp_path / "owned.jsonl"
    target.write_bytes(b"old\n")
    os.chown(target, 1234, 5678)
    assert run("split", str(SEED), "-o", str(target)).returncode == 0
    info = os.stat(target)
    assert (info.st_uid, info.st_gid) == (1234, 5678)


# ---- 2. temp files on every exit path; a folder as target ---------------------------------

@pytest.mark.parametrize("signum,status", [(signal.SIGTERM, 143), (signal.SIGHUP, 129)])
def test_sigterm_and_sighup_remove_the_temp_file(tmp_path, signum, status):
    target = tmp_path / "out.jsonl"
    target.write_bytes(b"old\n")
    proc = subprocess.Popen(SWCLI + ["split", "-o", str(target)], stdin=subprocess.PIPE,
                            stderr=subprocess.PIPE, stdout=subprocess.DEVNULL)
    proc.stdin.write(PAGE + b"\f")  # a page in, and the pipe kept open: the run is under way
    proc.stdin.flush()
    assert wait_for(lambda: leftovers(tmp_path))
    time.sleep(0.3)
    proc.send_signal(signum)
    assert proc.wait(30) == status
    assert b"Traceback" not in proc.stderr.read()
    assert not leftovers(tmp_path) and target.read_bytes() == b"old\n"


@pytest.mark.parametrize("target", ["{tmp}", "{tmp}/nodir/", "{tmp}/nodir/out.jsonl"])
def test_a_folder_or_a_missing_folder_is_an_error_before_any_work(tmp_path, target):
    result = run("split", str(SEED), "-o", target.format(tmp=tmp_path))
    assert result.returncode == 2 and result.stderr.count(b"\n") == 1 and b"Error" not in result.stderr
    assert b"internal error" not in result.stderr and not leftovers(tmp_path)


def test_a_full_disk_on_standard_output_is_one_line():
    with open("/dev/full", "wb") as full:
        result = subprocess.run(SWCLI + ["split", str(SEED)], stdout=full, stderr=subprocess.PIPE, timeout=120)
    assert result.returncode == 2 and b"No space left on device" in result.stderr
    assert result.stderr.count(b"\n") == 1 and b"internal error" not in result.stderr


def test_a_write_that_fails_at_close_removes_the_temp_file_and_keeps_the_target(tmp_path):
    """A full disk shows itself when the buffer is flushed at close; a file size limit fails the
    same write (EFBIG instead of ENOSPC) without needing a full file system."""
    target = tmp_path / "out.jsonl"
    target.write_bytes(b"old\n")
    result = subprocess.run(SWCLI + ["split", str(SEED), "-o", str(target)], capture_output=True, timeout=120,
                            preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_FSIZE, (1000, 1000)))
    assert result.returncode == 2 and b"cannot write" in result.stderr and result.stderr.count(b"\n") == 1
    assert target.read_bytes() == b"old\n" and not leftovers(tmp_path)


# ---- 3. decoding: no silent mojibake, files checked whole ---------------------------------

def test_utf8_with_a_stray_byte_is_an_error_not_gb18030_mojibake(tmp_path):
    page = tmp_path / "stray.txt"
    text = "本报讯 某市民政局救助困难群众100户。".encode("utf-8")
    page.write_bytes(text + b"\xa0" + "发放救助金5万元。\n".encode("utf-8"))
    result = run("split", str(page))
    assert result.returncode == 2 and f"offset {len(text)}".encode() in result.stderr and result.stdout == b""


def test_a_real_gb18030_page_still_reads(tmp_path):
    page = tmp_path / "gb.txt"
    page.write_bytes(SEED.read_text(encoding="utf-8").encode("gb18030"))
    assert run("split", str(page)).stdout == run("split", str(SEED)).stdout.replace(b'"doc":"page-001.txt"', b'"doc":"gb.txt"').replace(b"page-001.txt#", b"gb.txt#")


@pytest.mark.parametrize("bom,encode", [(b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le")])
def test_a_bom_file_with_a_bad_byte_late_gives_its_offset_and_no_output(tmp_path, bom, encode):
    body = SEED.read_text(encoding="utf-8").encode(encode)
    page = tmp_path / "bom.txt"
    page.write_bytes(bom + body + (b"\xff" if encode == "utf-8" else b"\x00\xd8\x41\x00"))
    result = run("split", str(page))
    assert result.returncode == 2 and result.stdout == b""
    assert f"offset {len(bom) + len(body)}".encode() in result.stderr and b"internal error" not in result.stderr


# ---- 4. raw text or JSON Lines -------------------------------------------------------------

@pytest.mark.parametrize("first", [b"[3]", b'{"a": ' + b"[" * 5000 + b"]" * 5000 + b"}", b"[" * 100000])
def test_a_first_line_of_json_that_is_no_record_is_an_error_naming_the_line(tmp_path, first):
    page = tmp_path / "j.txt"
    page.write_bytes(first + b"\n" + PAGE)
    result = run("split", str(page))
    assert result.returncode == 2 and b"j.txt:1:" in result.stderr and result.stderr.count(b"\n") == 1
    assert b"Recursion" not in result.stderr and b"internal error" not in result.stderr


def test_a_page_starting_with_a_bracketed_word_is_page_text(tmp_path):
    page = tmp_path / "p.txt"
    page.write_bytes("[图片]\n".encode() + PAGE)
    result = run("split", str(page))
    assert result.returncode == 0 and len(jsonl(result.stdout)) == len(jsonl(run("split", str(SEED)).stdout))


# ---- 5, 6, 9. workers: killed, capped, orphaned, interrupted -------------------------------

@ONE_CORE
def test_a_killed_worker_fails_the_run_and_leaves_the_target(tmp_path, many_pages):
    target = tmp_path / "out.jsonl"
    target.write_bytes(b"old\n")
    proc = subprocess.Popen(SWCLI + ["entities", "--jobs", "2", str(many_pages), "-o", str(target)],
                            stderr=subprocess.PIPE, stdout=subprocess.DEVNULL)
    assert wait_for(lambda: len(children(proc.pid)) >= 2)
    time.sleep(0.5)
    os.kill(children(proc.pid)[0], signal.SIGKILL)
    assert proc.wait(60) == 2
    err = proc.stderr.read()
    assert b"worker" in err and err.count(b"\n") == 1
    assert target.read_bytes() == b"old\n" and not leftovers(tmp_path) and wait_for(lambda: not children(proc.pid), 5)


@ONE_CORE
@pytest.mark.parametrize("how", [signal.SIGTERM, signal.SIGKILL])
def test_no_worker_outlives_its_parent(many_pages, how):
    proc = subprocess.Popen(SWCLI + ["entities", "--jobs", "2", str(many_pages)],
                            stderr=subprocess.DEVNULL, stdout=subprocess.DEVNULL)
    assert wait_for(lambda: len(children(proc.pid)) >= 2)
    workers = children(proc.pid)
    os.kill(proc.pid, how)
    proc.wait(30)
    assert wait_for(lambda: not any(Path(f"/proc/{w}").exists() and "Z" not in _state(w) for w in workers), 10)


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return "Z"


@ONE_CORE
def test_ctrl_c_with_jobs_exits_130_and_no_process_prints_a_traceback(many_pages):
    proc = subprocess.Popen(SWCLI + ["entities", "--jobs", "2", str(many_pages)], start_new_session=True,
                            stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, preexec_fn=interruptible)
    assert wait_for(lambda: len(children(proc.pid)) >= 2)
    time.sleep(0.5)
    os.killpg(proc.pid, signal.SIGINT)  # what the terminal sends: to the whole group
    assert proc.wait(30) == 130
    assert b"Traceback" not in proc.stderr.read()


def test_negative_jobs_is_a_one_line_usage_error():
    result = run("split", "--jobs", "-1", str(SEED))
    assert result.returncode == 2 and result.stderr.count(b"\n") == 1 and b"--jobs" in result.stderr


def test_verbose_says_when_jobs_are_capped():
    result = run("split", "--verbose", "--jobs", "10000", str(SEED))
    assert result.returncode == 0 and b"capped" in result.stderr


# ---- 8. standard input streams, bounded ------------------------------------------------------

def test_standard_input_streams_page_by_page():
    """`(cat page; sleep 6; cat page) | swcli split` printed nothing until the end of input."""
    proc = subprocess.Popen(SWCLI + ["split"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdin.write(PAGE + b"\f")
    proc.stdin.flush()
    ready, _, _ = select.select([proc.stdout], [], [], 30)
    assert ready, "no article before the end of input"
    first = proc.stdout.readline()
    proc.stdin.write(PAGE)
    proc.stdin.close()
    rest = proc.stdout.read()
    assert proc.wait(30) == 0 and jsonl(first + rest)[0]["title"] and jsonl(first)[0]["page"] == 1


def test_a_page_without_end_is_an_error_not_a_full_disk():
    """`cat /dev/zero | swcli split` wrote gigabytes to the temp folder."""
    proc = subprocess.Popen(SWCLI + ["split"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)

    def feed() -> None:
        try:
            while True:
                proc.stdin.write(b"\0" * (1 << 20))
        except (BrokenPipeError, ValueError, OSError):
            pass

    threading.Thread(target=feed, daemon=True).start()
    assert proc.wait(60) == 2
    assert b"characters" in proc.stderr.read() and proc.stdout.read() == b""


# ---- 10. a huge paragraph --------------------------------------------------------------------

def test_a_long_paragraph_under_a_memory_limit_is_a_message_not_a_crash(tmp_path):
    """A 6 M-character paragraph under `ulimit -v` segfaulted (orjson's failed allocation)."""
    page = tmp_path / "long.txt"
    page.write_text("本报讯\n" + "某市民政局救助困难群众100户，发放救助金5万元。" * 16000 + "\n", encoding="utf-8")
    for megabytes in (100, 400):
        limit = megabytes << 20
        result = subprocess.run(SWCLI + ["entities", str(page)], capture_output=True, timeout=300,
                                preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_AS, (limit, limit)))
        assert result.returncode in (0, 2), (megabytes, result.returncode)  # never a signal (139)
        assert result.returncode == 0 or b"out of memory" in result.stderr
        assert b"Traceback" not in result.stderr and result.stderr.count(b"\n") <= 1


def test_entities_of_a_long_paragraph_are_found_along_all_of_it():
    from swcli.entities import extract_entities
    from swcli.textutil import WINDOW_CHARS

    sentence = "某市民政局救助困难群众100户。"
    copies = 3 * WINDOW_CHARS // len(sentence)
    found = extract_entities({"paragraphs": [sentence * copies]})
    money = [e for e in found if e["type"] == "QUANTITY" and e["text"] == "100户"]
    assert len(money) == copies
    assert all(sentence[e["start"] % len(sentence):].startswith("100户") for e in money)


# ---- 15. closed standard streams; usage errors ----------------------------------------------

def test_closed_standard_output_and_input_are_one_line_errors():
    closed_out = subprocess.run(SWCLI + ["split", str(SEED)], stderr=subprocess.PIPE, timeout=120,
                                preexec_fn=lambda: os.close(1))
    assert closed_out.returncode == 2 and b"standard output is closed" in closed_out.stderr
    closed_in = subprocess.run(SWCLI + ["split"], capture_output=False, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               timeout=120, preexec_fn=lambda: os.close(0))
    assert closed_in.returncode == 2 and b"standard input is closed" in closed_in.stderr


@pytest.mark.parametrize("args", [["split", "--bogus"], ["stats", "--top", "0"], ["nosuch"], ["grep"],
                                  ["split", "--format", "xml"]])
def test_usage_errors_are_one_line(args):
    result = run(*args)
    assert result.returncode == 2 and result.stderr.count(b"\n") == 1 and result.stderr.startswith(b"swcli: ")


@ONE_CORE
def test_a_pool_leaves_no_manager_thread_for_the_exit_hook_to_race():
    """Python 3.11's exit hook wakes a process pool's manager thread through a pipe that
    thread closes as it ends: a run that left it alive could print `Bad file descriptor`
    at exit (seen with `--jobs 2`).  Leaving the pool joins it."""
    import threading
    from concurrent.futures.process import _ExecutorManagerThread

    from swcli.parallel import Mapper

    with Mapper(2) as mapper:
        assert list(mapper.map(abs, range(-40, 0))) == list(range(40, 0, -1))
    assert not [t for t in threading.enumerate() if isinstance(t, _ExecutorManagerThread) and t.is_alive()]
