"""A shard directory: where a distributed scan writes its results, and where other verbs read them.

A job's files are cut into partitions; each partition writes, into one directory (a local
folder or an fsspec URL such as ``s3://bucket/scan/``)::

    part-<digest>.jsonl    one ``credscan.scan/1`` record a line, in the partition's input
                           order, each line exactly what ``credscan scan --format jsonl`` prints
    part-<digest>.parquet  the same records as a table (path, kind, format, pages, error,
                           error_code, credential_ids, near_miss_ids, result), where pyarrow
                           is installed
    part-<digest>.json     the partition's summary (files, errors, ...), written last: a shard
                           without it is unfinished and is scanned again
    manifest.json          written by the client when every partition is done: the job's
                           settings and its shards in input order (``credscan.shards/1``)

``<digest>`` covers the partition's file names, the code that scans them (``_made_by``), the
lexicon, the kind asked and the settings: rerunning a job finds its finished shards under the
same names and skips them, and a shard never holds results of other code or settings. Each
file is written whole (a temporary name then a rename on a local disk, one upload on an object
store), so a job killed at any moment leaves finished shards and nothing half-written under a
shard's name. Readers go through the manifest only, so shards of an older job in the same
directory are never read twice.

Nothing here imports Dask: ``credscan stats``, ``rank`` and ``export`` read a shard directory
with only fsspec (and the local disk needs nothing at all).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import io
import json
import os
import uuid
from collections.abc import Iterator, Sequence
from typing import Any, Literal

from scanner.batch.walk import is_url
from scanner.results import ScanResult

MANIFEST = "manifest.json"
SHARDS_SCHEMA = "credscan.shards/1"
SHARD_SCHEMA = "credscan.shard/1"

Entry = tuple[str, str, "str | None"]  # (path to open, name in results, why it could not be looked at)


class ShardError(Exception):
    """A shard directory that cannot be read (no manifest, an unfinished job, a missing shard). One line."""


def shard_name(identity: Sequence[str], entries: Sequence[Entry]) -> str:
    """The name of the shard of ``entries`` scanned under ``identity`` (code, lexicon, kind,
    settings): the same files under the same settings always get the same name."""
    digest = hashlib.sha256(json.dumps([list(identity), [[n, lost] for _, n, lost in entries]],
                                       ensure_ascii=False).encode())
    return f"part-{digest.hexdigest()[:24]}"


class ShardDir:
    """A shard directory on the local disk or behind an fsspec URL."""

    def __init__(self, location: str | os.PathLike[str]) -> None:
        self.location = str(location)
        if is_url(self.location):
            import fsspec

            self.fs, root = fsspec.core.url_to_fs(self.location)
            self.root = root.rstrip("/")
        else:
            self.fs = None
            self.root = os.path.abspath(self.location)

    # --- paths and small files -----------------------------------------------------------

    def _path(self, name: str) -> str:
        return f"{self.root}/{name}" if self.fs is not None else os.path.join(self.root, name)

    def show(self, name: str) -> str:
        """``name`` inside the directory, as the user spelled the directory (for messages)."""
        return f"{self.location.rstrip('/')}/{name}"

    def makedirs(self) -> None:
        if self.fs is not None:
            self.fs.makedirs(self.root, exist_ok=True)
        else:
            os.makedirs(self.root, exist_ok=True)

    def _read(self, name: str) -> bytes | None:
        try:
            if self.fs is not None:
                return self.fs.cat_file(self._path(name))
            with open(self._path(name), "rb") as f:
                return f.read()
        except FileNotFoundError:
            return None

    def _put(self, name: str, data: bytes) -> None:
        """Write a whole file at once: readers see the old one or the new one, never a part."""
        if self.fs is not None:
            self.fs.pipe_file(self._path(name), data)  # one upload: an object appears whole
            return
        tmp = self._path(f".{name}.{uuid.uuid4().hex[:8]}.tmp")
        try:
            with open(tmp, "wb") as f:
                f.write(data)
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, self._path(name))
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise

    def finished(self) -> set[str]:
        """The shards whose summary is written (one listing of the directory)."""
        try:
            if self.fs is not None:
                names = [p.rsplit("/", 1)[-1] for p in self.fs.ls(self.root, detail=False)]
            else:
                names = os.listdir(self.root)
        except FileNotFoundError:
            return set()
        return {n[:-5] for n in names if n.startswith("part-") and n.endswith(".json")}

    def summary(self, shard: str) -> dict[str, Any] | None:
        data = self._read(f"{shard}.json")
        return json.loads(data) if data is not None else None

    # --- writing ------------------------------------------------------------------------------

    def write_shard(self, shard: str, lines: Sequence[str], columns: Columns,
                    summary: dict[str, Any]) -> dict[str, Any]:
        """The shard's JSONL (and Parquet where pyarrow is installed), then its summary."""
        data = "".join(lines).encode("utf-8")
        self.makedirs()  # a task run without the client (a Spark job) may be the first to write
        self._put(f"{shard}.jsonl", data)
        parquet = columns.parquet()
        if parquet is not None:
            self._put(f"{shard}.parquet", parquet)
        summary = {**summary, "bytes": len(data), "parquet": parquet is not None}
        self._put(f"{shard}.json", json.dumps(summary, ensure_ascii=False).encode("utf-8"))
        return summary

    def write_manifest(self, manifest: dict[str, Any]) -> None:
        manifest = {"schema": SHARDS_SCHEMA, **manifest,
                    "written_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds")}
        self._put(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1).encode("utf-8"))

    # --- reading ------------------------------------------------------------------------------

    def manifest(self) -> dict[str, Any]:
        data = self._read(MANIFEST)
        if data is None:
            raise ShardError(f"{self.location}: no {MANIFEST}: not a finished shard directory "
                             "(scan --engine dask writes it when every partition is done; rerun "
                             "the same scan to finish it)")
        try:
            manifest = json.loads(data)
        except ValueError as exc:
            raise ShardError(f"{self.show(MANIFEST)}: not JSON ({exc})") from None
        if not isinstance(manifest, dict) or manifest.get("schema") != SHARDS_SCHEMA:
            raise ShardError(f"{self.show(MANIFEST)}: not a credscan shard manifest "
                             f"(expected schema {SHARDS_SCHEMA})")
        return manifest

    def results(self) -> Iterator[ScanResult]:
        """Every result of the job, in its input order, one shard in memory at a time."""
        for shard in self.manifest()["shards"]:
            data = self._read(f"{shard['name']}.jsonl")
            if data is None:
                raise ShardError(f"{self.show(shard['name'] + '.jsonl')}: listed in the manifest "
                                 "but missing")
            for line in io.StringIO(data.decode("utf-8")):
                if line.strip():
                    yield ScanResult.from_dict(json.loads(line))


def shard_dir_state(location: str | os.PathLike[str]) -> Literal["finished", "unfinished"] | None:
    """"finished" for a directory a distributed scan completed (it holds a manifest),
    "unfinished" for one holding shards but no manifest yet (a job stopped half-way), else None."""
    location = str(location)
    try:
        if not is_url(location) and not os.path.isdir(location):
            return None
        shard_dir = ShardDir(location)
        if shard_dir._read(MANIFEST) is not None:
            return "finished"
        return "unfinished" if shard_dir.finished() else None
    except Exception:  # a bad URL, a store we cannot reach, a folder we may not list
        return None


def is_shard_dir(location: str | os.PathLike[str]) -> bool:
    """Whether ``location`` is a directory a distributed scan completed (it holds a manifest)."""
    return shard_dir_state(location) == "finished"


class Columns:
    """A shard's records as the columns of its Parquet table, kept as they are scanned: flat
    strings, numbers and tuples of strings, which the garbage collector does not walk."""

    def __init__(self) -> None:
        self.path: list[str] = []
        self.kind: list[str | None] = []
        self.format: list[str | None] = []
        self.pages: list[int] = []
        self.error: list[str | None] = []
        self.error_code: list[str | None] = []
        self.credential_ids: list[tuple[str, ...]] = []
        self.near_miss_ids: list[tuple[str, ...]] = []
        self.result: list[str] = []

    def add(self, record: dict[str, Any], line: str) -> None:
        """One ``credscan.scan/1`` record and its JSONL line."""
        self.path.append(record["path"])
        self.kind.append(record["kind"])
        self.format.append(record["format"])
        self.pages.append(record["pages"])
        self.error.append(record["error"])
        self.error_code.append(record["error_code"])
        self.credential_ids.append(tuple(c["id"] for c in record["credentials"]))
        self.near_miss_ids.append(tuple(c["id"] for c in record["near_misses"]))
        self.result.append(line.rstrip("\n"))

    def parquet(self) -> bytes | None:
        """The table as Parquet (columns: path, kind, format, pages, error, error_code,
        credential_ids, near_miss_ids, result), or None without pyarrow (an optional extra)."""
        try:
            import pyarrow as pa
            import pyarrow.parquet as pq
        except ImportError:
            return None
        ids = pa.list_(pa.string())
        table = pa.table({
            "path": self.path, "kind": self.kind, "format": self.format,
            "pages": pa.array(self.pages, pa.int32()), "error": self.error, "error_code": self.error_code,
            "credential_ids": pa.array([list(i) for i in self.credential_ids], ids),
            "near_miss_ids": pa.array([list(i) for i in self.near_miss_ids], ids),
            "result": self.result,
        })
        out = io.BytesIO()
        pq.write_table(table, out)
        return out.getvalue()
