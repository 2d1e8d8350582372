"""Issue 15's acceptance: every command, driven with random bytes, random JSON (nested, of wrong
types) and random options, exits 0, 1, 2 or 130 with no traceback, writes valid JSON Lines or
nothing, and leaves an `-o` target either as it was or holding the whole new output."""
from __future__ import annotations

import tempfile
from pathlib import Path

import orjson
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from swcli.cli import app

NEWSPAPER = list("社会工作者民政局救助帮扶人户名元万亿余多约，。、；：“”（）《》据来源本报讯记者通讯员 \n\n\f0123456789.图为摄第版年月日-·一二三十百千")
FIELDS = ["id", "doc", "page", "seq", "title", "kicker", "subtitle", "byline", "source", "date", "section",
          "paragraphs", "blocks", "entities", "text", "kind", "type", "value", "aid", "category"]

json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-2**63, 2**63 - 1) | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(alphabet=st.sampled_from(NEWSPAPER + list("abc{}[]\"\\\x00\x1b")), max_size=30),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.sampled_from(FIELDS), inner, max_size=5),
    max_leaves=12)
records = st.dictionaries(st.sampled_from(FIELDS), json_values, max_size=8)
json_lines = st.lists(st.one_of(records.map(orjson.dumps), json_values.map(orjson.dumps), st.just(b"{bad")),
                      min_size=1, max_size=5).map(b"\n".join)
page_text = st.text(alphabet=st.sampled_from(NEWSPAPER), max_size=400).map(str.encode)
inputs = st.one_of(st.binary(max_size=300), page_text, json_lines)

COMMAND_OPTIONS = {
    "clean": [[], ["--format", "text"], ["--skip-bad"], ["--format", "table"]],
    "split": [[], ["--verbose"], ["--skip-bad"], ["--format", "text"], ["--jobs", "1"]],
    "entities": [[], ["--skip-bad"], ["--format", "table"]],
    "stats": [[], ["--json"], ["--by", "date"], ["--by", "source", "--top", "2"], ["--skip-bad"]],
    "grep": [["社"], ["-F", "("], ["-c", "-e", "工作"], ["-l", "--entity", "PERSON"], ["-v", "-i", "x"],
             ["--min-aid", "1", "--skip-bad"], ["-q", "--field", "title", "救助"], ["("]],
}
commands = st.sampled_from(sorted(COMMAND_OPTIONS)).flatmap(
    lambda c: st.tuples(st.just(c), st.sampled_from(COMMAND_OPTIONS[c]), st.booleans()))

runner = CliRunner()
OLD = b"old bytes\n"


def _is_jsonl(data: bytes) -> bool:
    try:
        return all(isinstance(orjson.loads(line), dict) for line in data.splitlines() if line.strip())
    except orjson.JSONDecodeError:
        return False


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(commands, inputs)
def test_any_command_on_any_input_fails_cleanly_or_writes_records(command, data):
    name, options, to_file = command
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "out.jsonl"
        target.write_bytes(OLD)
        source = Path(folder) / "in.txt"
        source.write_bytes(data)
        args = [name, *options, str(source)] + (["-o", str(target)] if to_file else [])
        result = runner.invoke(app, args, catch_exceptions=True)
        assert result.exit_code in (0, 1, 2, 130), (args, result.exit_code, result.stderr)
        assert result.exception is None or isinstance(result.exception, SystemExit), (args, repr(result.exception))
        assert "Traceback" not in result.output and "internal error" not in result.stderr, (args, result.stderr)
        written = target.read_bytes() if to_file else result.stdout_bytes
        plain_records = not (set(options) & {"--format", "-c", "-l", "-q"}) and name != "stats"
        if result.exit_code == 2:
            assert not to_file or written == OLD
        elif plain_records or (name == "stats" and "--json" in options):
            assert written == OLD and result.exit_code == 1 or _is_jsonl(written), (args, written[:200])
