"""The SQLite results store: schema, round trip, refusal of foreign files."""

from __future__ import annotations

import sqlite3

import pytest

from scanner.results import ScanResult
from scanner.store import STORE_SCHEMA, Key, StoreError, default_db_path, open_store

KEY = Key("credscan test (abc); as_of=2026", "L", "auto", "S")


def ok_result(path: str, kind: str = "resume") -> ScanResult:
    return ScanResult(path=path, kind=kind, kind_confidence=0.9, format="pdf", pages=1)


def test_new_store_schema_and_pragmas(tmp_path):
    db = tmp_path / "deep" / "scan.db"
    with open_store(db) as store:
        assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert store.conn.execute("PRAGMA synchronous").fetchone()[0] == 1  # NORMAL
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 2
    assert conn.execute("SELECT value FROM meta WHERE key='schema'").fetchone()[0] == STORE_SCHEMA
    cols = [r[1] for r in conn.execute("PRAGMA table_info(files)")]
    assert {"path", "made_by", "lexicon_version", "kind_asked", "settings", "size", "mtime_ns",
            "sha256", "timeout", "scanned_at", "error", "error_code", "result", "kind",
            "credential_ids"} <= set(cols)


def test_put_get_many_iter_roundtrip(tmp_path):
    db = tmp_path / "s.db"
    failed = ScanResult.failed("b.pdf", "b.pdf: not a valid PDF", "corrupt")
    with open_store(db) as store:
        store.put("/x/a.pdf", KEY, size=10, mtime_ns=5, sha256="aa", result=ok_result("a.pdf"))
        store.put("/x/b.pdf", KEY, size=3, mtime_ns=6, sha256="bb", result=failed)
        store.put("/x/a.pdf", KEY, size=11, mtime_ns=7, sha256="cc",
                  result=ok_result("a.pdf"))  # the same key: replaces, never duplicates
    with open_store(db) as store:
        assert store.count() == 2
        many = store.get_many(["/x/a.pdf", "/x/missing.pdf", "/x/b.pdf"], KEY)
        assert sorted(many) == ["/x/a.pdf", "/x/b.pdf"]
        entry = many["/x/a.pdf"]
        assert (entry.size, entry.sha256, entry.mtime_ns) == (11, "cc", 7)
        assert entry.result("here/a.pdf").path == "here/a.pdf"
        results = list(store.iter_results())
        assert [r.path for r in results] == ["/x/a.pdf", "/x/b.pdf"]
        assert results[1].error_code == "corrupt" and results[1].error == failed.error
        store.touch("/x/a.pdf", 11, 8, "cc")
    with open_store(db) as store:
        assert store.get("/x/a.pdf").mtime_ns == 8
        row = store.conn.execute("SELECT error_code, kind FROM files WHERE path='/x/b.pdf'").fetchone()
        assert row == ("corrupt", None)


def test_small_transactions_commit_as_they_go(tmp_path):
    db = tmp_path / "s.db"
    store = open_store(db, commit_rows=3, commit_seconds=60)
    for i in range(7):
        store.put(f"/f{i}", KEY, size=1, mtime_ns=1, sha256="x", result=ok_result(f"f{i}"))
    other = sqlite3.connect(db)  # a second reader sees only committed rows
    assert other.execute("SELECT count(*) FROM files").fetchone()[0] == 6
    store.close()
    assert other.execute("SELECT count(*) FROM files").fetchone()[0] == 7


def test_foreign_and_newer_databases_are_refused(tmp_path):
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("CREATE TABLE t (x)")
    with pytest.raises(StoreError, match="not a credscan results store"):
        open_store(other)
    newer = tmp_path / "newer.db"
    open_store(newer).close()
    conn = sqlite3.connect(newer)
    conn.execute("PRAGMA user_version = 7")
    conn.commit()
    with pytest.raises(StoreError, match="newer than this credscan"):
        open_store(newer)
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not sqlite at all" * 100)
    with pytest.raises(StoreError) as err:
        open_store(junk)
    assert "\n" not in str(err.value) and str(junk) in str(err.value)


def test_default_db_path(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert default_db_path() == tmp_path / "credscan" / "scan.db"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/ignored")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert default_db_path() == tmp_path / "home" / ".cache" / "credscan" / "scan.db"


def test_get_many_answers_more_paths_than_one_query_takes(tmp_path):
    with open_store(tmp_path / "s.db") as store:
        for i in range(1203):
            store.put(f"/f{i:04d}", KEY, size=i, mtime_ns=1, sha256="x", result=ok_result(f"f{i}"))
        store.commit()
        # as old SQLite builds allow: one query for all 1,300 paths would fail
        store.conn.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, 500)
        asked = [f"/f{i:04d}" for i in range(0, 1300, 1)]
        found = store.get_many(asked, KEY)
    assert sorted(found) == asked[:1203]
    assert all(found[p].size == int(p[2:]) for p in found)


def test_results_under_other_settings_are_kept_side_by_side(tmp_path):
    """``scan`` (kind detected) then ``stats`` (kind posting) on one file: two rows, each served
    to its own settings; export shows the detected one; other code's rows go on a put."""
    forced = Key(KEY.made_by, "L", "posting", "S")
    with open_store(tmp_path / "s.db") as store:
        store.put("/x/cv.pdf", KEY, size=1, mtime_ns=1, sha256="aa", result=ok_result("cv.pdf"))
        store.put("/x/cv.pdf", forced, size=1, mtime_ns=1, sha256="aa",
                  result=ok_result("cv.pdf", "posting"))
        store.put("/x/cv.pdf", Key(KEY.made_by, "L", "auto", "other limits"), size=1, mtime_ns=1,
                  sha256="aa", result=ok_result("cv.pdf"))
        assert store.count() == 1
        assert store.get_many(["/x/cv.pdf"], KEY)["/x/cv.pdf"].result().kind == "resume"
        assert store.get_many(["/x/cv.pdf"], forced)["/x/cv.pdf"].result().kind == "posting"
        assert store.get("/x/cv.pdf").kind_asked == "auto"  # the newest row
        assert [r.kind for r in store.iter_results()] == ["resume"]
        # only forced rows for the newest bytes: export shows the newest of them
        store.put("/x/cv.pdf", forced, size=2, mtime_ns=2, sha256="bb",
                  result=ok_result("cv.pdf", "posting"))
        assert [r.kind for r in store.iter_results()] == ["posting"]
        # a put by newer code drops the rows older code made for that path, no other
        newer = Key("credscan test (def); as_of=2026", "L", "auto", "S")
        store.put("/x/other.pdf", KEY, size=1, mtime_ns=1, sha256="cc", result=ok_result("o.pdf"))
        store.put("/x/cv.pdf", newer, size=2, mtime_ns=2, sha256="bb", result=ok_result("cv.pdf"))
        made = store.conn.execute("SELECT path, made_by FROM files ORDER BY path").fetchall()
    assert made == [("/x/cv.pdf", newer.made_by), ("/x/other.pdf", KEY.made_by)]


V1_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE files (
    path TEXT PRIMARY KEY, size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL, sha256 TEXT,
    lexicon_version TEXT NOT NULL, settings TEXT NOT NULL, scanned_at TEXT NOT NULL, kind TEXT,
    format TEXT, pages INTEGER NOT NULL DEFAULT 0, error TEXT, error_code TEXT,
    credential_ids TEXT NOT NULL DEFAULT '[]', result TEXT NOT NULL);
CREATE INDEX files_error_code ON files (error_code);
INSERT INTO meta VALUES ('schema', 'credscan.store/1');
PRAGMA user_version = 1;
"""


def _v1_store(db) -> None:
    from scanner.store import result_json

    conn = sqlite3.connect(db)
    conn.executescript(V1_SCHEMA)
    conn.execute("INSERT INTO files (path, size, mtime_ns, sha256, lexicon_version, settings,"
                 " scanned_at, kind, result) VALUES ('/x/a.pdf', 1, 1, 'aa', 'L', 'old', "
                 "'2026-01-01T00:00:00+00:00', 'resume', ?)", (result_json(ok_result("a.pdf")),))
    conn.commit()
    conn.close()


def test_a_schema_1_store_is_read_as_it_is_and_upgraded_when_written(tmp_path):
    db = tmp_path / "old.db"
    _v1_store(db)
    with open_store(db, read_only=True) as store:
        assert [r.path for r in store.iter_results()] == ["/x/a.pdf"]
    assert sqlite3.connect(db).execute("PRAGMA user_version").fetchone()[0] == 1  # untouched
    with open_store(db) as store:
        assert [r.path for r in store.iter_results()] == ["/x/a.pdf"]  # kept for export
        assert store.get_many(["/x/a.pdf"], KEY) == {}  # but never served to a rescan
        store.put("/x/a.pdf", KEY, size=1, mtime_ns=1, sha256="aa", result=ok_result("a.pdf"))
        assert store.conn.execute("SELECT count(*) FROM files").fetchone()[0] == 1
    assert sqlite3.connect(db).execute("PRAGMA user_version").fetchone()[0] == 2


def test_a_read_only_store_reads_and_refuses_writes(tmp_path):
    db = tmp_path / "s.db"
    with open_store(db) as store:
        store.put("/x/a.pdf", KEY, size=1, mtime_ns=1, sha256="aa", result=ok_result("a.pdf"))
    with open_store(db, read_only=True) as store:
        assert store.read_only and [r.path for r in store.iter_results()] == ["/x/a.pdf"]
        with pytest.raises(StoreError, match="read-only"):
            store.put("/x/b.pdf", KEY, size=1, mtime_ns=1, sha256="b", result=ok_result("b"))
    with pytest.raises(StoreError, match="no results store there"):
        open_store(tmp_path / "missing.db", read_only=True)
    assert not (tmp_path / "missing.db").exists()


@pytest.mark.parametrize("locked", ["file", "folder", "both"])
def test_export_reads_a_store_it_may_not_write(tmp_path, locked):
    """Real permissions, through the CLI: ``export`` of a store in a read-only folder or file
    (a shared or archived store) writes its results; a batch refuses the store in one line."""
    import json
    import subprocess
    import sys

    from scanner.batch import run_batch
    from tests.batch.conftest import copy_corpus, without_root_powers

    prefix = without_root_powers(tmp_path)
    folder = tmp_path / "shared"
    db = folder / "scan.db"
    files = copy_corpus(tmp_path / "in", 3)
    list(run_batch(files, workers=0, db=db))
    if locked in ("file", "both"):
        db.chmod(0o444)
    if locked in ("folder", "both"):
        folder.chmod(0o555)
    try:
        export = subprocess.run([*prefix, sys.executable, "-m", "scanner", "export", "--db", str(db),
                                 "--format", "jsonl"], capture_output=True, text=True, timeout=120)
        scan = subprocess.run([*prefix, sys.executable, "-c",
                               "import sys; from scanner.batch import run_batch; "
                               "list(run_batch(sys.argv[2:], workers=0, db=sys.argv[1]))",
                               str(db), *map(str, files)], capture_output=True, text=True, timeout=120)
    finally:
        folder.chmod(0o755)
        db.chmod(0o644)
    assert export.returncode == 0, export.stderr
    assert [json.loads(line)["path"] for line in export.stdout.splitlines()] == sorted(map(str, files))
    assert scan.returncode != 0
    assert scan.stderr.strip().splitlines()[-1] == (
        f"scanner.store.StoreError: {db}: cannot write to the results store (read-only here)")
