"""run_batch and scan_file on real files: order, completeness, isolation, the store, hostile input."""

from __future__ import annotations

import hashlib
import io
import json
import multiprocessing
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

import pytest

import scanner.batch
import scanner.batch.scanfile
import scanner.documents
from scanner.batch import BatchStats, run_batch, scan_file
from scanner.lexicon import LexiconError
from scanner.store import open_store
from tests.batch.conftest import BAD_CODES, copy_corpus, mark, without_root_powers

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def by_name(results) -> dict[str, object]:
    return {Path(r.path).name: r for r in results}


def comparable(result) -> dict:
    return result.to_dict()


# ------------------------------------------------------------------------------------------
# scan_file
# ------------------------------------------------------------------------------------------


def test_scan_file_good_broken_and_missing(nlp_now, tmp_path, corpus):
    good = next(p for p in corpus if p.name.endswith("aisha-khan.txt"))
    result = scan_file(good, nlp_now)
    assert result.ok and result.path == str(good) and result.credentials
    bomb = next(p for p in corpus if p.name.endswith("zip-bomb.docx"))
    failed = scan_file(bomb, nlp_now)
    assert failed.error_code == "too-large" and failed.error.startswith(str(bomb))
    missing = scan_file(tmp_path / "nope.pdf", nlp_now)
    assert missing.error_code == "unreadable"
    assert missing.error == f"{tmp_path / 'nope.pdf'}: cannot read (No such file or directory)"
    folder = scan_file(tmp_path, nlp_now)
    assert folder.error_code == "unreadable" and "not a regular file" in folder.error
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    assert scan_file(fifo, nlp_now).error == f"{fifo}: cannot read (not a regular file)"


def test_evidence_points_at_the_line_an_editor_shows(nlp_now, tmp_path):
    """Blank lines and a heading before the mention: its line is the file's, not a count of
    non-blank lines."""
    path = tmp_path / "cv.txt"
    path.write_text("Jane Doe\n\nData Scientist\n\n\nCERTIFICATIONS\n\n"
                    "- AWS Certified Machine Learning - Specialty (2023)\n", encoding="utf-8")
    result = scan_file(path, nlp_now)
    (mention,) = result.get("aws-ml-specialty").mentions
    assert (mention.page, mention.line) == (1, 8)
    assert path.read_text(encoding="utf-8").splitlines()[mention.line - 1].startswith("- AWS Certified")


def test_scan_file_permission_denied_is_one_line(nlp_now, corpus, monkeypatch):
    # simulated, so it also runs as root (root ignores file modes)
    target = corpus[0]
    real_open = os.open

    def deny(path, *args, **kwargs):
        if str(path) == str(target):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr("scanner.batch.scanfile.os.open", deny)
    result = scan_file(target, nlp_now)
    assert result.error == f"{target}: cannot read (Permission denied)"
    assert result.error_code == "unreadable"


def test_unreadable_files_and_folders_in_a_batch(tmp_path):
    """Real permissions, through the CLI: an unreadable file and an unlistable folder each get an
    error result naming them; every other file still gets its result; exit code 2."""
    prefix = without_root_powers(tmp_path)
    files = copy_corpus(tmp_path / "in", 4)
    files[1].chmod(0)
    locked = tmp_path / "in" / "locked"
    locked.mkdir()
    shutil.copy(files[0], locked / "hidden-from-us.txt")
    locked.chmod(0)
    try:
        proc = subprocess.run([*prefix, sys.executable, "-m", "scanner", "scan", str(tmp_path / "in"), "--no-db",
                               "--format", "jsonl", "--workers", "0", "--quiet"],
                              capture_output=True, text=True, timeout=120)
    finally:
        locked.chmod(0o755)
        files[1].chmod(0o644)
    assert proc.returncode == 2, proc.stderr
    results = {Path(d["path"]).name: d for d in map(json.loads, proc.stdout.splitlines())}
    assert set(results) == {p.name for p in files} | {"locked"}
    assert "Permission denied" in results[files[1].name]["error"]
    assert results["locked"]["error"].startswith(f"{locked}: cannot list folder")
    assert all(results[p.name]["error"] is None for i, p in enumerate(files) if i != 1)


def test_size_limit_is_checked_before_reading(nlp_now, corpus):
    from scanner.documents.limits import Limits

    big = next(p for p in corpus if p.suffix == ".docx")
    result = scan_file(big, nlp_now, limits=Limits(max_bytes=1000))
    assert result.error_code == "too-large"
    assert result.error.startswith(f"{big}: ") and "limit 1 KB" in result.error


# ------------------------------------------------------------------------------------------
# run_batch, in process and with workers
# ------------------------------------------------------------------------------------------


def test_in_process_batch_keeps_order_and_reports_every_file(corpus, nlp_now):
    results = list(run_batch(corpus, workers=0))
    assert [r.path for r in results] == [str(p) for p in corpus]
    got = by_name(results)
    for name, code in BAD_CODES.items():
        r = got[f"broken-{name}"]
        assert r.error_code == code and r.error.startswith(str(r.path) + ": ") and "\n" not in r.error
    good = [r for r in results if not Path(r.path).name.startswith("broken-")]
    assert good and all(r.ok for r in good)
    assert comparable(got[Path(corpus[0]).name]) == comparable(scan_file(corpus[0], nlp_now))


def test_workers_give_the_same_results_in_input_order(corpus):
    expected = [comparable(r) for r in run_batch(corpus, workers=0)]
    stats = BatchStats()
    results = list(run_batch(corpus, workers=2, stats=stats))
    assert [comparable(r) for r in results] == expected
    assert stats.workers_started == 2 and stats.scanned == len(corpus)
    unordered = list(run_batch(corpus, workers=2, ordered=False))
    assert sorted(r.path for r in unordered) == sorted(str(p) for p in corpus)
    assert sorted(map(str, map(comparable, unordered))) == sorted(map(str, expected))


def test_nothing_to_scan():
    stats = BatchStats()
    assert list(run_batch([], workers=2, stats=stats)) == []
    assert stats.workers_started == 0


def test_relative_paths_work_from_any_folder(tmp_path, monkeypatch):
    copy_corpus(tmp_path / "in", 3)
    monkeypatch.chdir(tmp_path)
    names = sorted(str(p.relative_to(tmp_path)) for p in (tmp_path / "in").iterdir())
    results = list(run_batch(names, workers=2))
    assert [r.path for r in results] == names and all(r.ok for r in results)


def test_a_hanging_file_is_cut_off_and_the_batch_goes_on(tmp_path, monkeypatch):
    files = copy_corpus(tmp_path / "in", 8)
    hang = mark(files, 2, "hang-me-")
    monkeypatch.setenv("CREDSCAN_TEST_HANG", "hang-me")
    stats = BatchStats()
    results = list(run_batch(files, workers=2, timeout=2, stats=stats))
    assert [r.path for r in results] == [str(p) for p in files]
    assert results[2].error == f"{hang}: timed out after 2 s"
    assert results[2].error_code == "timeout"
    assert all(r.ok for i, r in enumerate(results) if i != 2)
    assert stats.timeouts == 1 and stats.errors == 1


def test_a_crashing_worker_is_replaced(tmp_path, monkeypatch):
    files = copy_corpus(tmp_path / "in", 6)
    crash = mark(files, 1, "crash-me-")
    monkeypatch.setenv("CREDSCAN_TEST_CRASH", "crash-me")
    stats = BatchStats()
    results = list(run_batch(files, workers=2, stats=stats, db=tmp_path / "s.db"))
    assert results[1].error == f"{crash}: worker crashed (signal 11, SIGSEGV) while reading"
    assert results[1].error_code == "crashed"
    assert all(r.ok for i, r in enumerate(results) if i != 1)
    assert stats.crashes == 1
    with open_store(tmp_path / "s.db") as store:
        assert store.count() == 6
    stats = BatchStats()  # the failure is remembered: no worker dies for it twice
    again = list(run_batch(files, workers=2, stats=stats, db=tmp_path / "s.db"))
    assert (stats.scanned, stats.cached) == (0, 6) and again[1].error == results[1].error


def test_hostile_files_in_a_batch(tmp_path, corpus):
    """A zip bomb, a real 3,000-page PDF and a PDF whose page tree claims 10^6 pages."""
    from reportlab.pdfgen import canvas

    thick = tmp_path / "in" / "thick.pdf"
    c = canvas.Canvas(str(thick))
    for i in range(3000):
        c.drawString(72, 720, f"page {i}")
        c.showPage()
    c.save()
    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    c.drawString(72, 720, "AWS Certified Machine Learning Specialty, 2023")
    c.showPage()
    c.save()
    liar = tmp_path / "in" / "liar.pdf"
    liar.write_bytes(buf.getvalue().replace(b"/Count 1", b"/Count 1000000"))
    files = [*corpus, thick, liar]
    stats = BatchStats()
    results = by_name(run_batch(files, workers=2, timeout=10, stats=stats))
    assert results["thick.pdf"].error == f"{thick}: 3000 pages, limit 50"
    assert results["liar.pdf"].error_code == "too-large"
    assert results["broken-zip-bomb.docx"].error_code == "too-large"
    assert stats.timeouts == stats.crashes == 0
    assert sum(r.ok for r in results.values()) == len(files) - len(BAD_CODES) - 2


def test_a_broken_lexicon_fails_at_the_call(tmp_path, corpus):
    bad = tmp_path / "bad.yaml"
    bad.write_text("version: 1\ncredentials:\n  - id: x\n    nonsense: 1\n")
    with pytest.raises(LexiconError):
        run_batch(corpus, lexicon_files=[bad], workers=2)


def test_closing_early_stops_workers_and_keeps_finished_results(tmp_path):
    files = copy_corpus(tmp_path / "in", 40)
    db = tmp_path / "s.db"
    with closing(run_batch(files, workers=2, db=db)) as results:
        taken = [next(results) for _ in range(10)]
    assert len(taken) == 10
    assert multiprocessing.active_children() == []
    with open_store(db) as store:
        assert store.count() >= 10
    assert sqlite3.connect(db).execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_progress_only_when_asked_or_on_a_terminal(tmp_path, capsys):
    files = copy_corpus(tmp_path / "in", 3)
    list(run_batch(files, workers=0))
    assert capsys.readouterr().err == ""
    list(run_batch(files, workers=0, progress=True))
    err = capsys.readouterr().err
    assert "3/3 files" in err and "files/s" in err and "ETA" in err and "0 errors" in err
    list(run_batch(files, workers=0, progress=False))
    assert capsys.readouterr().err == ""


# ------------------------------------------------------------------------------------------
# the store: rescans
# ------------------------------------------------------------------------------------------


def test_rescan_skips_unchanged_and_rescans_what_changed(tmp_path):
    files = copy_corpus(tmp_path / "in", 10)
    db = tmp_path / "s.db"
    first = list(run_batch(files, workers=0, db=db))

    stats = BatchStats()
    again = list(run_batch(files, workers=0, db=db, stats=stats))
    assert (stats.scanned, stats.cached) == (0, 10)
    assert [comparable(r) for r in again] == [comparable(r) for r in first]

    # new bytes in one file; only a new mtime on another (hash decides: unchanged)
    txt = next(p for p in files if p.suffix == ".txt")
    txt.write_text(txt.read_text(encoding="utf-8") + "\nTensorFlow Developer Certificate, 2024\n",
                   encoding="utf-8")
    touched = next(p for p in files if p.suffix == ".pdf")
    st = touched.stat()
    os.utime(touched, ns=(st.st_atime_ns, st.st_mtime_ns + 10**9))
    stats = BatchStats()
    third = by_name(run_batch(files, workers=0, db=db, stats=stats))
    assert (stats.scanned, stats.cached) == (1, 9)
    assert third[txt.name].get("tensorflow-developer") is not None
    with open_store(db) as store:
        entry = store.get(str(touched))
        assert entry.mtime_ns == st.st_mtime_ns + 10**9  # remembered, so next time is cheap
        assert store.get(str(txt)).sha256 == hashlib.sha256(txt.read_bytes()).hexdigest()

    stats = BatchStats()
    list(run_batch(files, workers=0, db=db, rescan=True, stats=stats))
    assert (stats.scanned, stats.cached) == (10, 0)


def test_a_lexicon_change_rescans_everything(tmp_path):
    files = copy_corpus(tmp_path / "in", 5)
    db = tmp_path / "s.db"
    list(run_batch(files, workers=0, db=db))
    extra = tmp_path / "mine.yaml"
    extra.write_text("version: 1\ncredentials: []\n")
    stats = BatchStats()
    list(run_batch(files, workers=0, db=db, lexicon_files=[extra], stats=stats))
    assert stats.scanned == 5
    stats = BatchStats()
    list(run_batch(files, workers=0, db=db, lexicon_files=[extra], stats=stats))
    assert (stats.scanned, stats.cached) == (0, 5)
    extra.write_text("version: 1\ncredentials: []\n# edited\n")
    stats = BatchStats()
    list(run_batch(files, workers=0, db=db, lexicon_files=[extra], stats=stats))
    assert stats.scanned == 5


def test_switching_verbs_keeps_each_settings_result(tmp_path):
    """``scan dir`` (kind detected), then ``stats dir`` as it forced kind posting, then ``scan``
    or ``rank`` (kind detected) again: each finds its own results; none replaces another, and
    export still shows each file as what it was detected to be."""
    files = copy_corpus(tmp_path / "in", 6)
    db = tmp_path / "s.db"
    first = list(run_batch(files, workers=0, db=db))
    stats = BatchStats()
    forced = list(run_batch(files, workers=0, db=db, kind="posting", stats=stats))
    assert stats.scanned == 6 and {r.kind for r in forced} == {"posting"}
    stats = BatchStats()
    again = list(run_batch(files, workers=0, db=db, stats=stats))
    assert (stats.scanned, stats.cached) == (0, 6)
    assert [comparable(r) for r in again] == [comparable(r) for r in first]
    stats = BatchStats()
    assert [comparable(r) for r in run_batch(files, workers=0, db=db, kind="posting", stats=stats)] == [
        comparable(r) for r in forced]
    assert (stats.scanned, stats.cached) == (0, 6)
    with open_store(db) as store:
        exported = {r.path: r.kind for r in store.iter_results()}
    assert exported == {str(p): r.kind for p, r in zip(files, first, strict=True)}
    assert "resume" in exported.values()


def test_rescan_with_workers_and_failed_files(tmp_path, corpus):
    db = tmp_path / "s.db"
    first = list(run_batch(corpus, workers=2, db=db))
    stats = BatchStats()
    again = list(run_batch(corpus, workers=2, db=db, stats=stats))
    assert (stats.scanned, stats.cached, stats.workers_started) == (0, len(corpus), 0)
    assert [comparable(r) for r in again] == [comparable(r) for r in first]


def test_a_file_changing_while_scanned_stores_the_hash_of_the_bytes_scanned(tmp_path, monkeypatch):
    files = copy_corpus(tmp_path / "in", 3)
    target = next(p for p in files if p.suffix == ".txt") if any(
        p.suffix == ".txt" for p in files) else files[0]
    original = target.read_bytes()
    real_read = scanner.documents.read_document

    def read_then_edit(data, *args, **kwargs):
        if kwargs.get("name") == str(target) or (args and args[0] == str(target)):
            target.write_bytes(b"Nothing to see here.\n" * 3)  # the file changes mid-scan
        return real_read(data, *args, **kwargs)

    monkeypatch.setattr(scanner.documents, "read_document", read_then_edit)
    db = tmp_path / "s.db"
    before = by_name(run_batch(files, workers=0, db=db))
    assert before[target.name].ok
    with open_store(db) as store:
        assert store.get(str(target)).sha256 == hashlib.sha256(original).hexdigest()
    monkeypatch.setattr(scanner.documents, "read_document", real_read)
    stats = BatchStats()
    after = by_name(run_batch(files, workers=0, db=db, stats=stats))
    assert stats.scanned == 1  # the next run sees the change
    assert after[target.name].credentials == ()
    with open_store(db) as store:
        assert store.get(str(target)).sha256 == hashlib.sha256(target.read_bytes()).hexdigest()


def test_a_file_growing_during_the_read_is_flagged_and_scanned_again(tmp_path, monkeypatch):
    target = copy_corpus(tmp_path / "in", 1)[0]
    size = target.stat().st_size
    real_read_fd = scanner.batch.scanfile._read_fd

    def read_then_append(fd, expected, limit):
        data = real_read_fd(fd, expected, limit)
        with open(target, "ab") as f:  # another program writes while we read
            f.write(b"\nTensorFlow Developer Certificate, 2024\n")
        return data

    monkeypatch.setattr(scanner.batch.scanfile, "_read_fd", read_then_append)
    db = tmp_path / "s.db"
    [result] = run_batch([target], workers=0, db=db)
    assert result.warnings[-1] == (
        f"{target}: changed while being read; the result is for the bytes read")
    assert result.get("tensorflow-developer") is None  # the appended line was not read
    with open_store(db) as store:
        assert store.get(str(target)).size == size  # the stat taken before the read
    monkeypatch.setattr(scanner.batch.scanfile, "_read_fd", real_read_fd)
    stats = BatchStats()
    [again] = run_batch([target], workers=0, db=db, stats=stats)
    assert stats.scanned == 1 and again.get("tensorflow-developer") is not None
    assert not any("changed while being read" in w for w in again.warnings)


def test_unreadable_files_are_retried_on_the_next_run(tmp_path):
    files = copy_corpus(tmp_path / "in", 3)
    moved = files[1].with_suffix(".away")
    files[1].rename(moved)
    db = tmp_path / "s.db"
    assert [r.ok for r in run_batch(files, workers=0, db=db)] == [True, False, True]
    shutil.move(moved, files[1])
    stats = BatchStats()
    assert all(r.ok for r in run_batch(files, workers=0, db=db, stats=stats))
    assert (stats.scanned, stats.cached) == (1, 2)


def test_a_timeout_is_kept_for_its_limit_and_tried_again_under_another(tmp_path, monkeypatch):
    files = copy_corpus(tmp_path / "in", 4)
    mark(files, 1, "hang-me-")
    monkeypatch.setenv("CREDSCAN_TEST_HANG", "hang-me")
    db = tmp_path / "s.db"
    assert [r.error_code for r in run_batch(files, workers=2, timeout=1, db=db)] == [None, "timeout", None, None]
    stats = BatchStats()
    assert [r.error_code for r in run_batch(files, workers=2, timeout=1, db=db, stats=stats)][1] == "timeout"
    assert (stats.scanned, stats.cached) == (0, 4)  # the same limit: not another second lost on it
    monkeypatch.delenv("CREDSCAN_TEST_HANG")
    stats = BatchStats()
    assert all(r.ok for r in run_batch(files, workers=2, timeout=5, db=db, stats=stats))
    assert (stats.scanned, stats.cached) == (1, 3)


def test_the_time_limit_holds_in_process_too(tmp_path, monkeypatch):
    """One file is scanned in this process (no worker to start); a slow read is still cut off."""
    files = copy_corpus(tmp_path / "in", 1)
    scan_bytes = scanner.batch.scanfile._scan_bytes

    def slow(data, name, *args):
        if "slow-" in name:
            time.sleep(30)
        return scan_bytes(data, name, *args)

    monkeypatch.setattr(scanner.batch.scanfile, "_scan_bytes", slow)
    slow_file = mark(files, 0, "slow-")
    started = time.monotonic()
    (result,) = run_batch([slow_file], timeout=0.5)
    assert result.error == f"{slow_file}: timed out after 0.5 s" and result.error_code == "timeout"
    assert time.monotonic() - started < 10
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)  # no timer left running
    db = tmp_path / "s.db"  # kept like a worker's timeout: the same limit does not wait again
    (first,) = run_batch([slow_file], timeout=0.5, db=db)
    stats = BatchStats()
    (again,) = run_batch([slow_file], timeout=0.5, db=db, stats=stats)
    assert first.error_code == again.error_code == "timeout"
    assert (stats.scanned, stats.cached) == (0, 1)


def test_the_in_process_time_limit_gives_a_callers_timer_back(tmp_path):
    files = copy_corpus(tmp_path / "in", 1)
    fired = []

    def theirs(*_):
        fired.append(True)

    previous = signal.signal(signal.SIGALRM, theirs)
    try:
        signal.setitimer(signal.ITIMER_REAL, 5.0)
        assert all(r.ok for r in run_batch(files, timeout=2))
        remaining, _ = signal.getitimer(signal.ITIMER_REAL)
        assert 0 < remaining <= 5.0  # still armed, less the time the scan took
        assert signal.getsignal(signal.SIGALRM) is theirs and not fired
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def test_a_path_that_cannot_be_looked_at_is_an_error_result(tmp_path):
    """A link loop met while following links cannot be stat'ed: it gets an error result in its
    place instead of a note on stderr that --quiet would hide."""
    files = copy_corpus(tmp_path / "in", 2)
    (tmp_path / "in" / "loop.pdf").symlink_to("loop.pdf")
    walked = list(scanner.batch.walk([tmp_path / "in"], follow_symlinks=True))
    lost = [w for w in walked if isinstance(w, scanner.batch.Skipped)]
    assert len(lost) == 1 and lost[0].lost
    results = list(run_batch(walked, workers=0))
    assert len(results) == 3
    (bad,) = [r for r in results if not r.ok]
    assert bad.path.endswith("loop.pdf") and "cannot inspect" in bad.error and bad.error_code == "unreadable"
    assert {Path(r.path).name for r in results if r.ok} == {p.name for p in files}


def test_a_folder_walk_reads_files_by_content_and_reports_the_rest(tmp_path):
    """No extension, an unknown one, a photo, a broken link followed: each file gets a result,
    the readable ones read by their content."""
    folder = tmp_path / "in"
    [pdf, docx] = [p for p in copy_corpus(folder, 12) if p.suffix in (".pdf", ".docx")][:2]
    pdf.rename(folder / "resume-no-extension")
    docx.rename(folder / "resume.pages")
    (folder / "photo.jpg").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    (folder / "gone.pdf").symlink_to(folder / "nowhere.pdf")
    walked = list(scanner.batch.walk([folder], follow_symlinks=True))
    results = by_name(run_batch(walked, workers=0))
    assert results["resume-no-extension"].ok and results["resume-no-extension"].format == "pdf"
    assert results["resume.pages"].ok and results["resume.pages"].format == "docx"
    photo = results["photo.jpg"]  # a PNG by its bytes, and no image past its header
    if scanner.documents.DEFAULT_LIMITS.ocr_engine:  # an image is a document to OCR: a broken one
        assert (photo.error_code, photo.error) == (
            "corrupt", f"{folder / 'photo.jpg'}: not a valid PNG image (damaged or truncated)")
    else:
        assert photo.error_code == "unsupported"
        assert photo.error.startswith(f"{folder / 'photo.jpg'}: looks like a PNG image, not a document: "
                                      "scanned resume? to read scans, install Tesseract 5")
    assert results["gone.pdf"].error_code == "unreadable"
    assert results["gone.pdf"].error == f"{folder / 'gone.pdf'}: broken symbolic link (to {folder / 'nowhere.pdf'})"


def test_workers_are_capped_at_a_few_per_core(tmp_path, capsys):
    """``--workers 200`` on 2 cores started ~192 processes; now at most 4 per core, with a note."""
    cores = len(os.sched_getaffinity(0))
    files = copy_corpus(tmp_path / "in", 4 * cores + 3)
    stats = BatchStats()
    results = list(run_batch(files, workers=200, stats=stats, progress=None))
    assert all(r.ok for r in results) and len(results) == len(files)
    assert stats.workers_started == 4 * cores
    note = f"note: 200 workers asked for, using {4 * cores} (at most 4 per core, {cores} core"
    assert capsys.readouterr().err.startswith(note)
    list(run_batch(files[:1], workers=200, progress=False))  # --quiet: no note
    assert capsys.readouterr().err == ""
