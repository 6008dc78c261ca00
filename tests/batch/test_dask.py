"""The Dask engine on a real 2-worker LocalCluster of processes: shards equal to the local scan,
a hanging, a spinning and a worker-killing file, a job killed half-way and run again, URLs,
and the verbs that read a shard directory."""

from __future__ import annotations

import json
import logging
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

pytest.importorskip("distributed", reason="the dask extra is not installed: pip install '.[dask]'")

from distributed import Client, LocalCluster

from scanner.batch.cluster import _cut, _sized, run_dask
from scanner.batch.partition import JobSpec, Part, run_partition
from scanner.batch.scanfile import _made_by
from scanner.batch.shards import ShardDir, shard_name
from scanner.batch.walk import walk
from scanner.cli import cli
from scanner.documents.limits import DEFAULT_LIMITS
from tests.batch.conftest import BROKEN, GOOD, copy_corpus, mark
from tests.conftest import assert_schema_valid

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.fixture(scope="module")
def scheduler():
    """A LocalCluster of 2 worker processes with one thread each, as ``--local 2`` starts."""
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0",
                      silence_logs=logging.CRITICAL) as cluster:
        yield cluster.scheduler_address


def shard_lines(out: Path) -> list[str]:
    """Every line of the job's shards, in the manifest's order."""
    manifest = json.loads((out / "manifest.json").read_text())
    lines: list[str] = []
    for shard in manifest["shards"]:
        lines += (out / f"{shard['name']}.jsonl").read_text(encoding="utf-8").splitlines()
    return lines


def local_jsonl(folder: Path) -> list[str]:
    """What the local batch prints: ``credscan scan FOLDER --format jsonl`` with 2 workers."""
    result = CliRunner().invoke(cli, ["scan", str(folder), "--format", "jsonl", "--no-db", "--workers", "2",
                                      "--quiet"], catch_exceptions=False)
    assert result.exit_code in (0, 2), result.output
    return result.stdout.splitlines()


@pytest.fixture(scope="module")
def mixed(tmp_path_factory, scheduler):
    """~250 copies of the samples in every format, good and broken, and their shards."""
    folder = tmp_path_factory.mktemp("mixed")
    files = copy_corpus(folder / "in", 230) + copy_corpus(folder / "in" / "broken", len(BROKEN), BROKEN)
    out = folder / "out"
    report = run_dask([folder / "in"], out=out, scheduler=scheduler, partition_size=40, progress=False)
    return folder / "in", files, out, report


def test_shards_hold_exactly_what_the_local_scan_prints(mixed):
    folder, files, out, report = mixed
    lines = shard_lines(out)
    assert lines == local_jsonl(folder)  # byte for byte, in input order, error results included
    assert len(lines) == len(files) == report.files
    assert Counter(json.loads(line)["path"] for line in lines) == Counter(str(f) for f in files)
    assert report.errors == sum(json.loads(line)["error"] is not None for line in lines) > 0
    manifest = json.loads((out / "manifest.json").read_text())
    assert_schema_valid(manifest)  # credscan.shards/1
    for shard in manifest["shards"]:
        assert_schema_valid(json.loads((out / f"{shard['name']}.json").read_text()))  # credscan.shard/1
    sizes = [s["files"] for s in manifest["shards"]]
    assert all(20 <= n <= 80 for n in sizes[:-1]) and sum(sizes) == len(files)  # about 40 each
    assert manifest["made_by"] == _made_by() and manifest["errors"] == report.errors


def test_stats_rank_and_export_read_a_shard_dir_as_the_documents_would_read(mixed):
    folder, _, out, _ = mixed
    run = CliRunner().invoke
    from_shards = run(cli, ["stats", str(out), "--format", "json"], catch_exceptions=False)
    scanned = run(cli, ["stats", str(folder), "--format", "json", "--no-db", "--workers", "2", "--quiet"],
                  catch_exceptions=False)
    assert from_shards.exit_code == scanned.exit_code == 2  # the broken files are its errors
    assert json.loads(from_shards.stdout) == json.loads(scanned.stdout)
    posting = str(Path(__file__).parents[2] / "samples" / "postings" / "initech-platform.md")
    ranked = run(cli, ["rank", posting, str(out), "--format", "json"], catch_exceptions=False)
    ranked_docs = run(cli, ["rank", posting, str(folder), "--format", "json", "--no-db", "--quiet"],
                      catch_exceptions=False)
    assert json.loads(ranked.stdout) == json.loads(ranked_docs.stdout)
    exported = run(cli, ["export", str(out)], catch_exceptions=False)
    assert exported.exit_code == 0 and exported.stdout.splitlines() == shard_lines(out)


def test_a_hanging_a_spinning_and_a_worker_killing_file_each_get_one_error_result(tmp_path, scheduler, monkeypatch):
    """A hang no thread can interrupt (its worker ends itself and the partition is retried), a hang
    in Python code (stopped in its task) and a crash (the worker dies, the retry isolates it):
    each file gets one error result, every other file its own result."""
    files = copy_corpus(tmp_path / "in", 40, [p for p in GOOD if p.suffix in (".txt", ".md", ".html")])
    # 18 files apart in the walk's order, partitions of 12 at most: each in a partition of its own
    hang, spin, crash = (marked(files, 2, "hang-me-"), marked(files, 20, "spin-me-"),
                         marked(files, 38, "crash-me-"))
    monkeypatch.setenv("CREDSCAN_TEST_HANG", "hang-me")
    monkeypatch.setenv("CREDSCAN_TEST_SPIN", "spin-me")
    monkeypatch.setenv("CREDSCAN_TEST_CRASH", "crash-me")
    out = tmp_path / "out"
    report = run_dask([tmp_path / "in"], out=out, scheduler=scheduler, partition_size=6, timeout=2, grace=1,
                      progress=False)
    results = {Path(r["path"]).name: r for r in map(json.loads, shard_lines(out))}
    assert sorted(results) == sorted(f.name for f in files)
    assert results[hang.name]["error"] == f"{hang}: timed out after 2 s"
    assert results[spin.name]["error"] == f"{spin}: timed out after 2 s"
    assert results[crash.name]["error_code"] == "crashed"
    assert results[crash.name]["error"] == f"{crash}: worker crashed (its worker died on it 2 times) while reading"
    assert [name for name, r in results.items() if r["error"]] == sorted([hang.name, spin.name, crash.name],
                                                                         key=list(results).index)
    assert (report.errors, report.timeouts, report.crashes) == (3, 2, 1)
    summaries = {}
    for shard in json.loads((out / "manifest.json").read_text())["shards"]:
        summary = json.loads((out / f"{shard['name']}.json").read_text())
        lines = (out / f"{shard['name']}.jsonl").read_text().splitlines()
        for name in (hang.name, spin.name, crash.name):
            if any(name in line for line in lines):
                summaries[name] = summary
    assert summaries[spin.name]["attempt"] == 1  # stopped inside its task: no worker lost
    assert summaries[hang.name]["attempt"] == 2 and not summaries[hang.name]["isolated"]  # the file was known
    assert summaries[crash.name]["attempt"] >= 3 and summaries[crash.name]["isolated"]


def marked(files: list[Path], index: int, mark: str) -> Path:
    """``files[index]`` renamed to carry ``mark`` after its number, so it keeps its place in the walk."""
    path = files[index]
    files[index] = path.rename(path.with_name(f"{path.name[:5]}{mark}{path.name[5:]}"))
    return files[index]


def test_a_job_killed_half_way_and_run_again_has_every_file_exactly_once(tmp_path, scheduler):
    files = copy_corpus(tmp_path / "in", 300, [p for p in GOOD if p.suffix != ".pdf"])
    out = tmp_path / "out"
    proc = subprocess.Popen(
        [sys.executable, "-m", "scanner", "scan", str(tmp_path / "in"), "--engine", "dask", "--local", "2",
         "--out", str(out), "--partition-size", "10", "--quiet"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    try:
        deadline = time.monotonic() + 120
        while len(list(out.glob("part-*.json"))) < 3:
            assert proc.poll() is None, proc.communicate()
            assert time.monotonic() < deadline, "no shard was finished in two minutes"
            time.sleep(0.05)
    finally:
        os.killpg(proc.pid, signal.SIGKILL)  # the client, its cluster and its workers, mid-job
        proc.wait()
    summaries = [json.loads(p.read_text()) for p in out.glob("part-*.json")]
    finished = len(summaries)
    assert not (out / "manifest.json").exists()
    if any(s["made_by"] != _made_by() for s in summaries):  # shards are named by the code's digest
        pytest.skip("credscan's source changed while this test ran (another edit): its shards are not this code's")
    unfinished = CliRunner().invoke(cli, ["stats", str(out)])
    assert unfinished.exit_code == 1 and "no manifest.json" in unfinished.stderr
    report = run_dask([tmp_path / "in"], out=out, scheduler=scheduler, partition_size=10, progress=False)
    assert report.reused >= finished >= 3 and report.shards > report.reused and report.files == len(files)
    paths = [json.loads(line)["path"] for line in shard_lines(out)]
    assert paths == [str(f) for f in files]  # each once, in input order
    again = run_dask([tmp_path / "in"], out=out, scheduler=scheduler, partition_size=10, progress=False)
    assert again.reused == again.shards == report.shards  # nothing left to scan


def test_partitions_are_cut_by_name_so_an_added_file_moves_one_boundary():
    names = [f"resumes/{i:05d}.pdf" for i in range(5000)]
    entries = [(n, n, None) for n in names]
    before = [tuple(e[1] for e in p) for p in _cut(entries, 100)]
    assert sum(map(len, before)) == 5000 and all(50 <= len(p) <= 200 for p in before[:-1])
    assert 30 <= len(before) <= 70  # about 100 files a partition
    added = sorted([*names, "resumes/02500-late.pdf"])
    after = [tuple(e[1] for e in p) for p in _cut([(n, n, None) for n in added], 100)]
    assert len(set(after) - set(before)) <= 2  # the partition it joined (and perhaps the next)
    small, size = _sized(iter(entries[:2000]), None)  # a small job: 16 partitions, not 2
    assert size == 125 and len(list(small)) == 2000
    big = [(f"{i}", f"{i}", None) for i in range(16_001)]
    rest, size = _sized(iter(big), None)
    assert size == 1000 and list(rest) == big
    assert _sized(iter(entries[:10]), None)[1] == 50 and _sized(iter(entries), 7)[1] == 7
    identity = ("made-by", "lexicon", "auto", "settings", "timeout=30")
    assert shard_name(identity, entries[:3]) == shard_name(identity, list(entries[:3]))
    assert shard_name(identity, entries[:3]) != shard_name((*identity[:3], "other", identity[4]), entries[:3])


def test_urls_in_and_out_through_fsspec(tmp_path):
    """Input files and the shard directory in fsspec's in-memory file system, on a cluster of
    threads (the memory file system is per process); the results equal the local files'."""
    import fsspec

    fs = fsspec.filesystem("memory")
    sources = [*GOOD[:6], BROKEN[0]]
    local = copy_corpus(tmp_path / "cvs" / "sub", len(sources), sources)
    for path in local:
        fs.pipe(f"memory://cvs/sub/{path.name}", path.read_bytes())
    fs.pipe("memory://cvs/.hidden.txt", b"not scanned")
    first = f"memory://cvs/sub/{local[0].name}"
    walked = list(walk(["memory://cvs", first, "memory://cvs/.hidden.txt"]))  # a file named twice: once
    assert walked == [f"memory://cvs/sub/{p.name}" for p in local] + ["memory://cvs/.hidden.txt"]
    assert list(walk([first, "memory://cvs/sub/"]))[:2] == [first, f"memory://cvs/sub/{local[1].name}"]
    with Client(processes=False, n_workers=1, threads_per_worker=2, dashboard_address=":0") as client:
        report = run_dask(["memory://cvs", "memory://cvs/missing.pdf"], out="memory://scan-out",
                          client=client, partition_size=3, progress=False)
    assert report.files == len(sources) + 1
    got = list(ShardDir("memory://scan-out").results())
    expected = local_jsonl(tmp_path / "cvs")
    assert [r.path for r in got[:-1]] == [f"memory://cvs/sub/{p.name}" for p in local]
    for result, line in zip(got, expected, strict=False):
        want = json.loads(line)
        want["path"] = result.path
        if want["error"]:
            want["error"] = want["error"].replace(str(tmp_path / "cvs" / "sub" / Path(result.path).name), result.path)
        assert result.to_dict() == want
    assert got[-1].to_dict()["error"] == "memory://cvs/missing.pdf: cannot read (No such file or directory)"
    stats = CliRunner().invoke(cli, ["stats", "memory://scan-out", "--format", "json"], catch_exceptions=False)
    assert json.loads(stats.stdout)["postings"] == sum(r.kind == "posting" for r in got)


def test_a_partition_outside_dask_writes_jsonl_parquet_and_a_summary(tmp_path):
    """``run_partition`` as a Spark task would run it: no Dask, a hang in Python code cut off."""
    pa = pytest.importorskip("pyarrow.parquet", reason="pyarrow is not installed: no Parquet shards")
    files = copy_corpus(tmp_path / "in", 4)
    spin = mark(files, 1, "spin-me-")
    job = JobSpec(out=str(tmp_path / "out"), lexicons=(), kind=None, limits=DEFAULT_LIMITS, timeout=1,
                  made_by=_made_by(), token="t", hooks=("", "", "spin-me"))
    entries = tuple((str(f), str(f), None) for f in files)
    summary = run_partition(job, Part("part-x", entries))
    assert (summary["files"], summary["errors"], summary["timeouts"], summary["parquet"]) == (4, 1, 1, True)
    table = pa.read_table(tmp_path / "out" / "part-x.parquet")
    assert table.column("path").to_pylist() == [str(f) for f in files]
    assert table.column("error").to_pylist()[1] == f"{spin}: timed out after 1 s"
    lines = (tmp_path / "out" / "part-x.jsonl").read_text().splitlines()
    assert [json.loads(x) for x in table.column("result").to_pylist()] == [json.loads(x) for x in lines]
    assert run_partition(job, Part("part-x", entries))["reused"]  # finished: not scanned again


def test_engine_options_are_checked():
    run = CliRunner().invoke
    no_out = run(cli, ["scan", "samples/resumes", "--engine", "dask"])
    assert no_out.exit_code == 1 and "--out DIR" in no_out.stderr
    mixed = run(cli, ["scan", "samples/resumes", "--engine", "dask", "--out", "x", "--workers", "2", "--no-db"])
    assert mixed.exit_code == 1 and "--workers, --no-db: not with --engine dask" in mixed.stderr
    local = run(cli, ["scan", "samples/resumes", "--out", "x"])
    assert local.exit_code == 1 and "go with --engine dask" in local.stderr
    url = run(cli, ["scan", "s3://bucket/cvs/", "--no-db"])
    assert url.exit_code == 1 and "URLs are read by the Dask engine" in url.stderr
