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

The ``files`` table keeps one row per file *and* per way of scanning it, because a result
depends on more than the bytes: ``scan`` (kind detected) and ``scan --kind resume`` give different
results for one file, and neither may replace the other, or switching verbs would rescan the
whole folder every time. The key is (path, made_by, lexicon_version, kind_asked, settings)::

    path TEXT                  absolute path of the file when scanned
    made_by                    the code and day that judged it (credscan version, a digest of its
                               source, the as-of year); rows by other code or an earlier year are
                               never served again, so a put deletes them for its path
    lexicon_version            Lexicon.version the result was computed with
    kind_asked                 "auto" (the kind was detected) or the kind the scan forced
    settings                   every other option that changes a result (the limits)
    size, mtime_ns             the stat taken *before* the bytes were read (cheap change check)
    sha256                     hash of the bytes that were actually scanned (NULL: not read)
    timeout                    for a result that ran out of time: the limit it hit (a rescan
                               under another limit tries again); else NULL
    scanned_at                 ISO 8601 UTC, microseconds: which row of a file is the newest
    kind, format, pages        from the result, for queries
    error, error_code          the one-line reason and its code, or NULL
    credential_ids             JSON array of the credential ids found, for queries such as
                               ``SELECT path FROM files, json_each(files.credential_ids)
                                 WHERE json_each.value = 'gcp-pmle'``
    result                     ScanResult.to_dict() as JSON (the ``credscan.scan/1`` contract)

A store of schema 1 (one row per path) is upgraded in place when opened for writing; its rows
are kept (export still shows them) but, made by older code, are never served to a rescan.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import os
import sqlite3
import time
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from scanner.results import ScanResult

STORE_SCHEMA = "credscan.store/2"
USER_VERSION = 2
_OLD_SCHEMAS = {1: "credscan.store/1"}  # read as they are when read-only, upgraded when written

_FILES_SQL = """
CREATE TABLE files (
    path            TEXT NOT NULL,
    made_by         TEXT NOT NULL,
    lexicon_version TEXT NOT NULL,
    kind_asked      TEXT NOT NULL,
    settings        TEXT NOT NULL,
    size            INTEGER NOT NULL,
    mtime_ns        INTEGER NOT NULL,
    sha256          TEXT,
    timeout         REAL,
    scanned_at      TEXT NOT NULL,
    kind            TEXT,
    format          TEXT,
    pages           INTEGER NOT NULL DEFAULT 0,
    error           TEXT,
    error_code      TEXT,
    credential_ids  TEXT NOT NULL DEFAULT '[]',
    result          TEXT NOT NULL,
    PRIMARY KEY (path, made_by, lexicon_version, kind_asked, settings)
);
CREATE INDEX files_error_code ON files (error_code);
"""

_SCHEMA_SQL = """
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
""" + _FILES_SQL

_UPSERT_SQL = """
INSERT INTO files (path, made_by, lexicon_version, kind_asked, settings, size, mtime_ns, sha256,
                   timeout, scanned_at, kind, format, pages, error, error_code, credential_ids,
                   result)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (path, made_by, lexicon_version, kind_asked, settings) DO UPDATE SET
    size = excluded.size, mtime_ns = excluded.mtime_ns, sha256 = excluded.sha256,
    timeout = excluded.timeout, scanned_at = excluded.scanned_at, kind = excluded.kind,
    format = excluded.format, pages = excluded.pages, error = excluded.error,
    error_code = excluded.error_code, credential_ids = excluded.credential_ids,
    result = excluded.result
"""

# every row, each path's newest first: export picks one per path (see Store.iter_results)
_BY_PATH_SQL = "SELECT path, {kind}, sha256, result FROM files ORDER BY path, scanned_at DESC, rowid DESC"


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
class Key:
    """What a stored result was made under, besides the bytes: a rescan is served a row only
    under the same key, and never overwrites a row of another key."""

    made_by: str  # code and as-of year (see the module docstring)
    lexicon_version: str
    kind_asked: str  # "auto", or the kind the scan forced ("resume", "posting")
    settings: str  # every other option that changes a result


@dataclass(frozen=True, slots=True)
class Entry:
    """One stored row, without decoding its result until asked (a rescan mostly only compares)."""

    path: str
    made_by: str
    lexicon_version: str
    kind_asked: str
    settings: str
    size: int
    mtime_ns: int
    sha256: str | None
    timeout: float | None
    error_code: str | None
    result_json: str

    def result(self, path: str | None = None) -> ScanResult:
        """The stored ScanResult; ``path`` replaces the recorded one (how the caller names the file)."""
        return _decode(self.result_json, path)


_ENTRY_COLUMNS = ("path, made_by, lexicon_version, kind_asked, settings, size, mtime_ns, sha256, "
                  "timeout, error_code, result")
_MANY = 400  # paths per query in get_many (+ 4 for the key; SQLite allows at least 999 parameters)


class Store:
    """An open store. Not thread-safe; one writer process at a time is the intended use.

    Writes are buffered into the current transaction and committed by ``maybe_commit`` (called by
    ``put``) once ``commit_rows`` rows or ``commit_seconds`` have accumulated, by ``commit``, and by
    ``close``. Whatever was committed survives a crash of this process.

    ``read_only``: opened without write access (a store on a read-only disk, folder or file, or
    asked so); reading works, writing raises ``StoreError``.
    """

    def __init__(self, conn: sqlite3.Connection, path: Path, *, commit_rows: int = 64,
                 commit_seconds: float = 0.5, read_only: bool = False) -> None:
        self.conn = conn
        self.path = path
        self.commit_rows = commit_rows
        self.commit_seconds = commit_seconds
        self.read_only = read_only
        self._pending = 0
        self._since = time.monotonic()

    # -- reading -----------------------------------------------------------------------------

    def get(self, path: str, key: Key | None = None) -> Entry | None:
        """The row for ``path`` (absolute) under ``key``, whatever its size and mtime; without a
        key, the newest row of ``path``."""
        if key is not None:
            return self.get_many([path], key).get(path)
        row = self.conn.execute(
            f"SELECT {_ENTRY_COLUMNS} FROM files WHERE path = ?"
            " ORDER BY scanned_at DESC, rowid DESC LIMIT 1", (path,)).fetchone()
        return Entry(*row) if row else None

    def get_many(self, paths: list[str], key: Key) -> dict[str, Entry]:
        """The rows for ``paths`` (absolute) under ``key`` that exist, by path: one query per 400
        paths, as a rescan of a large folder asks for every file and one query each was a third
        of its time."""
        found: dict[str, Entry] = {}
        for i in range(0, len(paths), _MANY):
            chunk = paths[i:i + _MANY]
            rows = self.conn.execute(
                f"SELECT {_ENTRY_COLUMNS} FROM files WHERE made_by = ? AND lexicon_version = ?"
                f" AND kind_asked = ? AND settings = ? AND path IN ({','.join('?' * len(chunk))})",
                (key.made_by, key.lexicon_version, key.kind_asked, key.settings, *chunk))
            for row in rows:
                found[row[0]] = Entry(*row)
        return found

    def iter_results(self) -> Iterator[ScanResult]:
        """One stored result per file, ordered by path, streamed (memory stays flat for any
        store size).

        A file scanned under several settings (``scan``, then ``rank`` or ``stats`` forcing a
        kind, or ``scan --kind posting``) has a row for each. This yields the one whose kind
        was detected, when there is one for the file's newest bytes (the newest row's hash):
        that says what the document is, whatever a verb later forced on it, so a ``stats`` run
        over a folder of resumes does not make an export call them postings. Otherwise (only
        forced-kind rows, or the kind-detected one is for older bytes) the newest row. Each
        result's ``path`` is the stored absolute path, so an export names files unambiguously
        whichever folder the scans were run from.
        """
        columns = {r[1] for r in self.conn.execute("PRAGMA table_info(files)")}
        kind = "kind_asked" if "kind_asked" in columns else "'auto'"  # schema 1, read-only
        rows = self.conn.execute(_BY_PATH_SQL.format(kind=kind))
        for path, group in itertools.groupby(rows, key=lambda row: row[0]):
            newest = chosen = next(group)
            if newest[1] != "auto":
                chosen = next((r for r in group if r[1] == "auto" and r[2] == newest[2]), newest)
            yield _decode(chosen[3], path)

    def count(self) -> int:
        """How many files the store holds a result for (a file under two settings counts once)."""
        return self.conn.execute("SELECT count(DISTINCT path) FROM files").fetchone()[0]

    # -- writing -----------------------------------------------------------------------------

    def put(self, path: str, key: Key, *, size: int, mtime_ns: int, sha256: str | None,
            result: ScanResult, timeout: float | None = None,
            result_json_text: str | None = None) -> None:
        """Record ``result`` for ``path`` (absolute) under ``key``, replacing the row of that key
        only. Rows of the path made by other code or in an earlier year (``made_by``) are
        deleted: they would never be served again, and would pile up with every upgrade.
        ``timeout``: the limit a "timeout" result ran into."""
        self._writable()
        text = result_json_text if result_json_text is not None else result_json(result)
        ids = json.dumps([c.id for c in result.credentials])
        self._begin()
        self.conn.execute("DELETE FROM files WHERE path = ? AND made_by != ?", (path, key.made_by))
        self.conn.execute(_UPSERT_SQL, (
            path, key.made_by, key.lexicon_version, key.kind_asked, key.settings, size, mtime_ns,
            sha256, timeout,
            dt.datetime.now(dt.UTC).isoformat(timespec="microseconds"), result.kind,
            result.format, result.pages, result.error, result.error_code, ids, text,
        ))
        self._pending += 1
        self.maybe_commit()

    def touch(self, path: str, size: int, mtime_ns: int, sha256: str) -> None:
        """The file's mtime moved but its bytes (``sha256``) did not: remember the new stat in
        every row of those bytes, keeping the results."""
        self._writable()
        self._begin()
        self.conn.execute("UPDATE files SET size = ?, mtime_ns = ? WHERE path = ? AND sha256 = ?",
                          (size, mtime_ns, path, sha256))
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

    def _writable(self) -> None:
        if self.read_only:
            raise StoreError(f"{self.path}: the results store is read-only here")


def open_store(path: str | Path, *, read_only: bool = False, commit_rows: int = 64,
               commit_seconds: float = 0.5) -> Store:
    """Open (creating if needed, parent folders too) the store at ``path``.

    ``read_only``: only read an existing store (``credscan export``): nothing is created,
    upgraded or written, so a store on a read-only disk, in a read-only folder or in a file one
    may only read opens all the same. Without it, a store that exists but cannot be written is
    opened read-only too (``Store.read_only`` says so), so that a caller that only reads needs
    no option; one that writes should check it (``run_batch`` refuses it with a ``StoreError``).

    Raises ``StoreError`` with a one-line reason when the file is not a credscan store, was written
    by a newer credscan, or cannot be opened.
    """
    path = Path(path)
    if read_only:
        return _open_read_only(path, commit_rows, commit_seconds)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # autocommit mode: transactions are begun and committed explicitly by Store
        conn = sqlite3.connect(path, isolation_level=None, timeout=30.0)
    except (OSError, sqlite3.Error) as exc:
        if path.is_file():
            return _open_read_only(path, commit_rows, commit_seconds, exc)
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
    except sqlite3.OperationalError as exc:  # e.g. "attempt to write a readonly database"
        conn.close()
        if path.is_file() and _cannot_write(exc):
            return _open_read_only(path, commit_rows, commit_seconds, exc)
        raise StoreError(f"{path}: not a usable credscan results store ({_reason(exc)})") from exc
    except sqlite3.Error as exc:
        conn.close()
        raise StoreError(f"{path}: not a usable credscan results store ({_reason(exc)})") from exc
    return Store(conn, path, commit_rows=commit_rows, commit_seconds=commit_seconds)


def _cannot_write(exc: sqlite3.Error) -> bool:
    """An error that says the file or its folder cannot be written (not that it is no store)."""
    text = str(exc).lower()
    return any(s in text for s in ("readonly", "read-only", "unable to open", "disk i/o",
                                   "permission"))


def _open_read_only(path: Path, commit_rows: int, commit_seconds: float,
                    cause: BaseException | None = None) -> Store:
    """Open ``path`` for reading only: ``mode=ro``, and where even that fails (a WAL store in a
    folder where its shared-memory file cannot be created) ``immutable=1``, which reads the file
    as it is, without locks: right for a store nobody can be writing to."""
    if not path.is_file():
        raise StoreError(f"{path}: no results store there")
    uri = "file:" + urllib.parse.quote(str(path.resolve())) + "?mode=ro"
    last: BaseException | None = cause
    for suffix in ("", "&immutable=1"):
        try:
            conn = sqlite3.connect(uri + suffix, uri=True, isolation_level=None, timeout=30.0)
        except sqlite3.Error as exc:
            last = exc
            continue
        try:
            conn.execute("PRAGMA busy_timeout = 30000")
            if _check_schema(conn, path) == 0:
                raise StoreError(f"{path}: no results store there (an empty database)")
        except StoreError:
            conn.close()
            raise
        except sqlite3.Error as exc:
            conn.close()
            last = exc
            continue
        return Store(conn, path, commit_rows=commit_rows, commit_seconds=commit_seconds,
                     read_only=True)
    reason = _reason(last) if last is not None else "unknown reason"
    raise StoreError(f"{path}: cannot open the results store ({reason})")


def _check_schema(conn: sqlite3.Connection, path: Path) -> int:
    """The store's schema version, refusing what is no credscan store or a newer one.

    Schema 1 is accepted (a read-only store is read as it is; ``_ensure_schema`` upgrades it).
    """
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if version == 0 and not tables:
        return 0
    if "meta" not in tables or "files" not in tables:
        raise StoreError(f"{path}: not a credscan results store (an unrelated SQLite database)")
    if version > USER_VERSION:
        raise StoreError(f"{path}: results store schema {version} is newer than this credscan "
                         f"understands ({USER_VERSION}); upgrade credscan or use another --db")
    expected = STORE_SCHEMA if version == USER_VERSION else _OLD_SCHEMAS.get(version)
    row = conn.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
    if expected is None or not row or row[0] != expected:
        found = row[0] if row else "missing"
        raise StoreError(f"{path}: not a credscan results store (schema {found})")
    return version


def _ensure_schema(conn: sqlite3.Connection, path: Path) -> None:
    conn.execute("BEGIN IMMEDIATE")  # two processes opening a new store at once create it once
    try:
        version = _check_schema(conn, path)
        if version == 0:
            for statement in filter(str.strip, _SCHEMA_SQL.split(";")):
                conn.execute(statement)
            conn.execute("INSERT INTO meta (key, value) VALUES ('schema', ?)", (STORE_SCHEMA,))
            conn.execute(f"PRAGMA user_version = {USER_VERSION}")
        elif version == 1:
            _upgrade_from_1(conn)
        else:  # a file opened read-only says so only at the first write: find out now
            conn.execute("UPDATE meta SET value = value WHERE key = 'schema'")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


def _upgrade_from_1(conn: sqlite3.Connection) -> None:
    """One row per path becomes one row per path and key. The old rows are kept, marked as made
    by schema 1 (so export shows them and no rescan trusts them); a timeout's limit, which
    schema 1 kept inside its settings, is left NULL (its row is scanned again anyway)."""
    conn.execute("DROP INDEX IF EXISTS files_error_code")
    conn.execute("ALTER TABLE files RENAME TO files_v1")
    for statement in filter(str.strip, _FILES_SQL.split(";")):
        conn.execute(statement)
    conn.execute(
        "INSERT INTO files (path, made_by, lexicon_version, kind_asked, settings, size, mtime_ns,"
        " sha256, timeout, scanned_at, kind, format, pages, error, error_code, credential_ids,"
        " result) SELECT path, ?, lexicon_version, 'auto', settings, size, mtime_ns, sha256, NULL,"
        " scanned_at, kind, format, pages, error, error_code, credential_ids, result FROM files_v1",
        (_OLD_SCHEMAS[1],))
    conn.execute("DROP TABLE files_v1")
    conn.execute("UPDATE meta SET value = ? WHERE key = 'schema'", (STORE_SCHEMA,))
    conn.execute(f"PRAGMA user_version = {USER_VERSION}")


def _reason(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__
