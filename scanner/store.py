"""The results store: one SQLite file remembering what each scanned file said, and about which bytes.

A batch writes every result as it arrives, so an interrupted scan (Ctrl-C, kill -9, a laptop that
sleeps) keeps what it finished, and the next scan skips files whose bytes and lexicon are unchanged.
Why SQLite and these settings:

- WAL journal with ``synchronous=NORMAL``: a committed transaction survives the process dying at
  any point (kill -9 included) and the file is never left corrupt; only a power cut can lose the
  last few commits, never more. Readers (``credscan export``) do not block the writer.
- Results are committed in small transactions (every ``commit_rows`` rows or ``commit_seconds``),
  because one transaction per file costs far more than scanning it, and one per batch would lose
  everything on a crash.
- The schema is versioned twice: ``PRAGMA user_version`` for SQLite tools and a ``meta`` row
  ``schema = credscan.store/1`` so a file that is some other program's database is refused
  instead of written into.

The ``files`` table keeps one row per absolute path::

    path TEXT PRIMARY KEY      absolute path of the file when scanned
    size, mtime_ns             the stat taken *before* the bytes were read (cheap change check)
    sha256                     hash of the bytes that were actually scanned (NULL: not read)
    lexicon_version            Lexicon.version the result was computed with
    settings                   everything else a result depends on (credscan version, kind
                               override, as-of year, limits); a mismatch means "scan again"
    scanned_at                 ISO 8601 UTC
    kind, format, pages        from the result, for queries
    error, error_code          the one-line reason and its code, or NULL
    credential_ids             JSON array of the credential ids found, for queries such as
                               ``SELECT path FROM files, json_each(files.credential_ids)
                                 WHERE json_each.value = 'gcp-pmle'``
    result                     ScanResult.to_dict() as JSON (the ``credscan.scan/1`` contract)
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from scanner.results import ScanResult

STORE_SCHEMA = "credscan.store/1"
USER_VERSION = 1

_SCHEMA_SQL = """
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE files (
    path            TEXT PRIMARY KEY,
    size            INTEGER NOT NULL,
    mtime_ns        INTEGER NOT NULL,
    sha256          TEXT,
    lexicon_version TEXT NOT NULL,
    settings        TEXT NOT NULL,
    scanned_at      TEXT NOT NULL,
    kind            TEXT,
    format          TEXT,
    pages           INTEGER NOT NULL DEFAULT 0,
    error           TEXT,
    error_code      TEXT,
    credential_ids  TEXT NOT NULL DEFAULT '[]',
    result          TEXT NOT NULL
);
CREATE INDEX files_error_code ON files (error_code);
"""

_UPSERT_SQL = """
INSERT INTO files (path, size, mtime_ns, sha256, lexicon_version, settings, scanned_at, kind,
                   format, pages, error, error_code, credential_ids, result)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (path) DO UPDATE SET
    size = excluded.size, mtime_ns = excluded.mtime_ns, sha256 = excluded.sha256,
    lexicon_version = excluded.lexicon_version, settings = excluded.settings,
    scanned_at = excluded.scanned_at, kind = excluded.kind, format = excluded.format,
    pages = excluded.pages, error = excluded.error, error_code = excluded.error_code,
    credential_ids = excluded.credential_ids, result = excluded.result
"""


class StoreError(Exception):
    """The store file cannot be used (not a credscan store, newer schema, unreadable). One line."""


def default_db_path() -> Path:
    """``$XDG_CACHE_HOME/credscan/scan.db``, else ``~/.cache/credscan/scan.db``.

    A cache directory because the store only saves time: deleting it loses nothing that a rescan
    cannot rebuild.
    """
    base = os.environ.get("XDG_CACHE_HOME") or ""
    root = Path(base) if base and Path(base).is_absolute() else Path.home() / ".cache"
    return root / "credscan" / "scan.db"


def result_json(result: ScanResult) -> str:
    """The compact JSON the store keeps for a result (computed in workers, so parents only copy it)."""
    return json.dumps(result.to_dict(), ensure_ascii=False, separators=(",", ":"))


def _decode(text: str, path: str | None) -> ScanResult:
    """A stored result, named ``path`` (None: as recorded)."""
    data = json.loads(text)
    if path is not None:
        data["path"] = path  # before building it: dataclasses.replace afterwards costs as much again
    return ScanResult.from_dict(data)


@dataclass(frozen=True, slots=True)
class Entry:
    """One stored row, without decoding its result until asked (a rescan mostly only compares)."""

    path: str
    size: int
    mtime_ns: int
    sha256: str | None
    lexicon_version: str
    settings: str
    error_code: str | None
    result_json: str

    def result(self, path: str | None = None) -> ScanResult:
        """The stored ScanResult; ``path`` replaces the recorded one (how the caller names the file)."""
        return _decode(self.result_json, path)


_MANY = 500  # paths per query in get_many (SQLite allows at least 999 parameters)


class Store:
    """An open store. Not thread-safe; one writer process at a time is the intended use.

    Writes are buffered into the current transaction and committed by ``maybe_commit`` (called by
    ``put``) once ``commit_rows`` rows or ``commit_seconds`` have accumulated, by ``commit``, and by
    ``close``. Whatever was committed survives a crash of this process.
    """

    def __init__(self, conn: sqlite3.Connection, path: Path, *, commit_rows: int = 64,
                 commit_seconds: float = 0.5) -> None:
        self.conn = conn
        self.path = path
        self.commit_rows = commit_rows
        self.commit_seconds = commit_seconds
        self._pending = 0
        self._since = time.monotonic()

    # -- reading -----------------------------------------------------------------------------

    def get(self, path: str) -> Entry | None:
        """The row for ``path`` (absolute), whatever its size and mtime."""
        return self.get_many([path]).get(path)

    def get_many(self, paths: list[str]) -> dict[str, Entry]:
        """The rows for ``paths`` (absolute) that exist, by path: one query per 500 paths, as a
        rescan of a large folder asks for every file and one query each was a third of its time."""
        found: dict[str, Entry] = {}
        for i in range(0, len(paths), _MANY):
            chunk = paths[i:i + _MANY]
            rows = self.conn.execute(
                "SELECT path, size, mtime_ns, sha256, lexicon_version, settings, error_code, result"
                f" FROM files WHERE path IN ({','.join('?' * len(chunk))})", chunk)
            for row in rows:
                found[row[0]] = Entry(*row)
        return found

    def iter_results(self) -> Iterator[ScanResult]:
        """Every stored result, ordered by path, streamed (memory stays flat for any store size).

        Each result's ``path`` is the stored absolute path, so an export names files unambiguously
        whichever folder the scans were run from.
        """
        cursor = self.conn.execute("SELECT path, result FROM files ORDER BY path")
        for path, text in cursor:
            yield _decode(text, path)

    def count(self) -> int:
        return self.conn.execute("SELECT count(*) FROM files").fetchone()[0]

    # -- writing -----------------------------------------------------------------------------

    def put(self, path: str, *, size: int, mtime_ns: int, sha256: str | None,
            lexicon_version: str, settings: str, result: ScanResult,
            result_json_text: str | None = None) -> None:
        """Record ``result`` for ``path`` (absolute), replacing any earlier row."""
        text = result_json_text if result_json_text is not None else result_json(result)
        ids = json.dumps([c.id for c in result.credentials])
        self._begin()
        self.conn.execute(_UPSERT_SQL, (
            path, size, mtime_ns, sha256, lexicon_version, settings,
            dt.datetime.now(dt.UTC).isoformat(timespec="seconds"), result.kind, result.format,
            result.pages, result.error, result.error_code, ids, text,
        ))
        self._pending += 1
        self.maybe_commit()

    def touch(self, path: str, size: int, mtime_ns: int) -> None:
        """The file's mtime moved but its bytes did not: remember the new stat, keep the result."""
        self._begin()
        self.conn.execute("UPDATE files SET size = ?, mtime_ns = ? WHERE path = ?",
                          (size, mtime_ns, path))
        self._pending += 1
        self.maybe_commit()

    def maybe_commit(self) -> None:
        """Commit if enough rows or time have piled up since the last commit."""
        if self._pending and (self._pending >= self.commit_rows
                              or time.monotonic() - self._since >= self.commit_seconds):
            self.commit()

    def commit(self) -> None:
        if self.conn.in_transaction:
            self.conn.execute("COMMIT")
        self._pending = 0
        self._since = time.monotonic()

    def close(self) -> None:
        """Commit what is pending and close. Safe to call twice."""
        try:
            self.commit()
        finally:
            self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _begin(self) -> None:
        if not self.conn.in_transaction:
            self.conn.execute("BEGIN")
            self._since = time.monotonic()


def open_store(path: str | Path, *, commit_rows: int = 64, commit_seconds: float = 0.5) -> Store:
    """Open (creating if needed, parent folders too) the store at ``path``.

    Raises ``StoreError`` with a one-line reason when the file is not a credscan store, was written
    by a newer credscan, or cannot be opened.
    """
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # autocommit mode: transactions are begun and committed explicitly by Store
        conn = sqlite3.connect(path, isolation_level=None, timeout=30.0)
    except (OSError, sqlite3.Error) as exc:
        raise StoreError(f"{path}: cannot open the results store ({_reason(exc)})") from exc
    try:
        conn.execute("PRAGMA busy_timeout = 30000")
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if str(mode).lower() != "wal":
            raise StoreError(f"{path}: cannot switch the results store to WAL mode (got {mode})")
        conn.execute("PRAGMA synchronous = NORMAL")
        _ensure_schema(conn, path)
    except StoreError:
        conn.close()
        raise
    except sqlite3.Error as exc:
        conn.close()
        raise StoreError(f"{path}: not a usable credscan results store ({_reason(exc)})") from exc
    return Store(conn, path, commit_rows=commit_rows, commit_seconds=commit_seconds)


def _ensure_schema(conn: sqlite3.Connection, path: Path) -> None:
    conn.execute("BEGIN IMMEDIATE")  # two processes opening a new store at once create it once
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if version == 0 and not tables:
            for statement in filter(str.strip, _SCHEMA_SQL.split(";")):
                conn.execute(statement)
            conn.execute("INSERT INTO meta (key, value) VALUES ('schema', ?)", (STORE_SCHEMA,))
            conn.execute(f"PRAGMA user_version = {USER_VERSION}")
        elif version == USER_VERSION and "meta" in tables:
            row = conn.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
            if not row or row[0] != STORE_SCHEMA:
                found = row[0] if row else "missing"
                raise StoreError(f"{path}: not a credscan results store (schema {found})")
        elif version > USER_VERSION and "meta" in tables:
            raise StoreError(f"{path}: results store schema {version} is newer than this credscan "
                             f"understands ({USER_VERSION}); upgrade credscan or use another --db")
        else:
            raise StoreError(f"{path}: not a credscan results store (an unrelated SQLite database)")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


def _reason(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__
