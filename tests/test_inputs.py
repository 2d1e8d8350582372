"""The I/O contract: decoding order, raw vs JSONL, bad records, empty input."""
from __future__ import annotations

import io

import pytest

from conftest import DATA, SEED, jsonl, run
from swcli.errors import InputError, RecordError
from swcli.inputs import RawPage, SkipCounter, detect_encoding, read_inputs


def test_encodings_give_the_same_records():
    """The same page as UTF-8, GB18030, UTF-16 and CRLF gives the same articles."""
    for plain, variant in (("dev-002.txt", "dev-002-gb18030.txt"), ("dev-004.txt", "dev-004-utf16.txt"),
                           ("dev-006.txt", "dev-006-crlf.txt")):
        a = jsonl(run("split", str(DATA / plain)).stdout)
        b = jsonl(run("split", str(DATA / variant)).stdout)
        for x, y in zip(a, b):
            x.pop("id"), x.pop("doc"), y.pop("id"), y.pop("doc")
        assert a == b and a


@pytest.mark.parametrize("data,encoding", [
    ("社会工作".encode("utf-8"), "utf-8"),
    (b"\xef\xbb\xbf" + "社会工作".encode("utf-8"), "utf-8-sig"),
    ("社会工作".encode("utf-16"), "utf-16"),
    ("社会工作".encode("gb18030"), "gb18030"),
])
def test_detect_encoding(data, encoding):
    assert detect_encoding(io.BytesIO(data), "x") == encoding


def test_undecodable_bytes_name_the_offset(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes("社会".encode("utf-8") + b"\x81\x20\xff\xff")
    with pytest.raises(InputError) as err:
        list(read_inputs([str(bad)]))
    assert "offset 6" in str(err.value) and "bad.txt" in str(err.value)


def test_form_feed_is_next_page(tmp_path):
    page = tmp_path / "two.txt"
    page.write_text("第一页\f第二页\n", encoding="utf-8")
    pages = list(read_inputs([str(page)]))
    assert [(p.page, p.text.strip()) for p in pages] == [(1, "第一页"), (2, "第二页")]


def test_jsonl_is_told_from_raw_text(tmp_path):
    records = tmp_path / "r.jsonl"
    records.write_text('{"a": 1}\n\n{"b": 2}\n', encoding="utf-8")
    assert list(read_inputs([str(records)])) == [{"a": 1}, {"b": 2}]
    assert isinstance(next(read_inputs([str(SEED)])), RawPage)


def test_bad_jsonl_line_is_an_error_with_its_line(tmp_path):
    records = tmp_path / "r.jsonl"
    records.write_text('{"a": 1}\n[1, 2]\n{"b": 2}\n', encoding="utf-8")
    with pytest.raises(RecordError) as err:
        list(read_inputs([str(records)]))
    assert str(err.value).endswith("r.jsonl:2: not a JSON object")
    counter = SkipCounter()
    assert list(read_inputs([str(records)], skip_bad=True, counter=counter)) == [{"a": 1}, {"b": 2}]
    assert counter.skipped == 1


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        list(read_inputs([str(tmp_path / "nope.txt")]))
    with pytest.raises(InputError, match="is a directory"):
        list(read_inputs([str(tmp_path)]))


def test_empty_input_gives_nothing(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    assert list(read_inputs([str(empty)])) == []
    blank = tmp_path / "blank.txt"
    blank.write_text("\n \n", encoding="utf-8")
    assert list(read_inputs([str(blank)])) == []
