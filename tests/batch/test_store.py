"""The SQLite results store: schema, round trip, refusal of foreign files."""

from __future__ import annotations

import sqlite3

import pytest

from scanner.results import ScanResult
from scanner.store import STORE_SCHEMA, StoreError, default_db_path, open_store


def ok_result(path: str) -> ScanResult:
    return ScanResult(path=path, kind="resume", kind_confidence=0.9, format="pdf", pages=1)


def test_new_store_schema_and_pragmas(tmp_path):
    db = tmp_path / "deep" / "scan.db"
    with open_store(db) as store:
        assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert store.conn.execute("PRAGMA synchronous").fetchone()[0] == 1  # NORMAL
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
    assert conn.execute("SELECT value FROM meta WHERE key='schema'").fetchone()[0] == STORE_SCHEMA
    cols = [r[1] for r in conn.execute("PRAGMA table_info(files)")]
    assert {"path", "size", "mtime_ns", "sha256", "lexicon_version", "scanned_at", "error",
            "error_code", "result", "kind", "credential_ids"} <= set(cols)


def test_put_get_many_iter_roundtrip(tmp_path):
    db = tmp_path / "s.db"
    failed = ScanResult.failed("b.pdf", "b.pdf: not a valid PDF", "corrupt")
    with open_store(db) as store:
        store.put("/x/a.pdf", size=10, mtime_ns=5, sha256="aa", lexicon_version="L",
                  settings="S", result=ok_result("a.pdf"))
        store.put("/x/b.pdf", size=3, mtime_ns=6, sha256="bb", lexicon_version="L",
                  settings="S", result=failed)
        store.put("/x/a.pdf", size=11, mtime_ns=7, sha256="cc", lexicon_version="L",
                  settings="S", result=ok_result("a.pdf"))  # replaces, never duplicates
    with open_store(db) as store:
        assert store.count() == 2
        many = store.get_many(["/x/a.pdf", "/x/missing.pdf", "/x/b.pdf"])
        assert sorted(many) == ["/x/a.pdf", "/x/b.pdf"]
        entry = many["/x/a.pdf"]
        assert (entry.size, entry.sha256, entry.mtime_ns) == (11, "cc", 7)
        assert entry.result("here/a.pdf").path == "here/a.pdf"
        results = list(store.iter_results())
        assert [r.path for r in results] == ["/x/a.pdf", "/x/b.pdf"]
        assert results[1].error_code == "corrupt" and results[1].error == failed.error
        store.touch("/x/a.pdf", 11, 8)
    with open_store(db) as store:
        assert store.get("/x/a.pdf").mtime_ns == 8
        row = store.conn.execute("SELECT error_code, kind FROM files WHERE path='/x/b.pdf'").fetchone()
        assert row == ("corrupt", None)


def test_small_transactions_commit_as_they_go(tmp_path):
    db = tmp_path / "s.db"
    store = open_store(db, commit_rows=3, commit_seconds=60)
    for i in range(7):
        store.put(f"/f{i}", size=1, mtime_ns=1, sha256="x", lexicon_version="L", settings="S",
                  result=ok_result(f"f{i}"))
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
            store.put(f"/f{i:04d}", size=i, mtime_ns=1, sha256="x", lexicon_version="L", settings="S",
                      result=ok_result(f"f{i}"))
        store.commit()
        # as old SQLite builds allow: one query for all 1,300 paths would fail
        store.conn.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, 500)
        asked = [f"/f{i:04d}" for i in range(0, 1300, 1)]
        found = store.get_many(asked)
    assert sorted(found) == asked[:1203]
    assert all(found[p].size == int(p[2:]) for p in found)
