"""`--dask`: the same records and stats from a LocalCluster of two worker processes on loopback."""
from __future__ import annotations

import json

import pytest

from conftest import ALL_PAGES, DATA, SEED, jsonl, run

pytest.importorskip("distributed")

PAGES = [str(p) for p in ALL_PAGES]


def test_entities_on_the_cluster_print_exactly_the_plain_run():
    plain = run("entities", *PAGES)
    on_cluster = run("entities", "--dask", "local", *PAGES)
    assert on_cluster.returncode == 0, on_cluster.stderr
    assert on_cluster.stdout == plain.stdout and len(jsonl(plain.stdout)) > 20


def test_pdfs_on_the_cluster_as_files_and_on_standard_input_print_the_plain_run():
    pdfs = [str(DATA / "gen" / "gen-007.pdf"), str(DATA / "gen" / "gen-008.pdf")]
    plain = run("split", *pdfs)
    assert plain.stdout and run("split", "--dask", "local", *pdfs).stdout == plain.stdout
    piped = (DATA / "gen" / "gen-007.pdf").read_bytes()
    on_cluster = run("split", "--dask", "local", input=piped)
    assert on_cluster.returncode == 0 and on_cluster.stdout == run("split", input=piped).stdout, on_cluster.stderr


def test_stats_combine_partials_like_one_pass():
    plain = run("stats", "--json", *PAGES)
    on_cluster = run("stats", "--json", "--dask", "local", *PAGES)
    assert on_cluster.returncode == 0 and json.loads(on_cluster.stdout) == json.loads(plain.stdout)


def test_one_shard_per_input(tmp_path):
    folder = tmp_path / "shards"
    result = run("split", "--dask", "local", "-o", str(folder) + "/", str(SEED), PAGES[1])
    assert result.returncode == 0
    assert sorted(p.name for p in folder.iterdir()) == sorted([SEED.stem + ".jsonl", PAGES[1].rsplit("/", 1)[1][:-4] + ".jsonl"])
    assert (folder / "page-001.jsonl").read_bytes() == run("split", str(SEED)).stdout


def test_worker_error_is_a_message_and_exit_2(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x81\x20\xff")
    result = run("entities", "--dask", "local", str(SEED), str(bad))
    assert result.returncode == 2
    assert b"bad.txt: cannot decode" in result.stderr and b"Traceback" not in result.stderr


def test_without_dask_the_error_says_how_to_install(monkeypatch):
    import sys

    from swcli import cluster
    from swcli.errors import UsageError

    monkeypatch.setitem(sys.modules, "distributed", None)
    with pytest.raises(UsageError, match=r"pip install 'swcli\[dask\]'"):
        with cluster.client("local"):
            pass
