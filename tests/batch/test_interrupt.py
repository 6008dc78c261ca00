"""Interrupted scans: kill -9 and Ctrl-C halfway, then scan again. Nothing lost, nothing twice."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from scanner.batch import BatchStats, run_batch
from scanner.store import open_store
from tests.batch.conftest import copy_corpus, mark

CHILD = """
import sys
from pathlib import Path
from scanner.batch import run_batch

files = [Path(p) for p in Path(sys.argv[1]).read_text().split("\\n") if p]
try:
    for result in run_batch(files, workers=2, db=sys.argv[2], timeout=60):
        print(result.path, flush=True)
except KeyboardInterrupt:
    print("interrupted", flush=True)
    sys.exit(130)
"""


def start_child(tmp_path: Path, files: list[Path], db: Path, hang: str = "") -> subprocess.Popen:
    listing = tmp_path / "files.txt"
    listing.write_text("\n".join(map(str, files)))
    env = {**os.environ, "CREDSCAN_TEST_HANG": hang}
    return subprocess.Popen([sys.executable, "-c", CHILD, str(listing), str(db)], env=env,
                            stdout=subprocess.PIPE, text=True, start_new_session=True)


def read_lines(proc: subprocess.Popen, n: int, timeout: float = 60) -> list[str]:
    lines: list[str] = []
    deadline = time.monotonic() + timeout
    while len(lines) < n:
        assert time.monotonic() < deadline, f"only {len(lines)} results before the deadline"
        line = proc.stdout.readline()
        assert line, f"child ended after {len(lines)} results"
        lines.append(line.strip())
    return lines


def rows(db: Path) -> int:
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return conn.execute("SELECT count(*) FROM files").fetchone()[0]
    finally:
        conn.close()


def kill_group(proc: subprocess.Popen, sig: int) -> None:
    os.killpg(proc.pid, sig)
    proc.wait(30)


def finish_and_check(files: list[Path], db: Path, committed: int) -> None:
    stats = BatchStats()
    results = list(run_batch(files, workers=2, db=db, stats=stats))
    assert [r.path for r in results] == [str(p) for p in files]  # every file exactly once
    assert all(r.ok for r in results)
    assert stats.scanned == len(files) - committed  # finished files were not scanned again
    assert stats.cached == committed
    assert rows(db) == len(files)
    with open_store(db) as store:
        assert sorted(r.path for r in store.iter_results()) == sorted(str(p) for p in files)


def test_kill_9_mid_scan_then_rescan(tmp_path):
    files = copy_corpus(tmp_path / "in", 120)
    db = tmp_path / "scan.db"
    proc = start_child(tmp_path, files, db)
    try:
        read_lines(proc, 40)
    finally:
        kill_group(proc, signal.SIGKILL)  # the parent, its forkserver and its workers
    committed = rows(db)
    assert committed < len(files)
    finish_and_check(files, db, committed)


def test_kill_9_while_a_file_hangs_keeps_everything_before_it(tmp_path):
    files = copy_corpus(tmp_path / "in", 30)
    mark(files, 20, "hang-")
    db = tmp_path / "scan.db"
    proc = start_child(tmp_path, files, db, hang="hang-")
    try:
        read_lines(proc, 20)
        deadline = time.monotonic() + 20
        while rows(db) < 20 and time.monotonic() < deadline:  # commits trail by under a second
            time.sleep(0.2)
    finally:
        kill_group(proc, signal.SIGKILL)
    committed = rows(db)
    assert 20 <= committed < len(files)
    finish_and_check(files, db, committed)


def test_ctrl_c_commits_what_finished(tmp_path):
    files = copy_corpus(tmp_path / "in", 30)
    mark(files, 10, "hang-")
    db = tmp_path / "scan.db"
    proc = start_child(tmp_path, files, db, hang="hang-")
    read_lines(proc, 10)
    time.sleep(0.5)  # let the workers finish what lies beyond the hanging file
    os.killpg(proc.pid, signal.SIGINT)  # as a terminal does: the whole process group
    out, _ = proc.communicate(timeout=30)
    assert proc.returncode == 130 and out.strip().endswith("interrupted")
    committed = rows(db)
    assert committed >= 10  # at least everything that was printed
    finish_and_check(files, db, committed)


@pytest.mark.parametrize("workers", [0, 2])
def test_consumer_interrupt_leaves_a_usable_store(tmp_path, workers):
    files = copy_corpus(tmp_path / "in", 12)
    db = tmp_path / "scan.db"
    results = run_batch(files, workers=workers, db=db)
    for i, _ in enumerate(results):
        if i == 4:
            break
    results.close()  # what a KeyboardInterrupt in the consumer leads to
    committed = rows(db)
    assert committed >= 5
    finish_and_check(files, db, committed)
