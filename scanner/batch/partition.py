"""One partition of a distributed job: scan its files where the task runs, write its shard.

``run_partition(job, part)`` is what a Dask task runs (``scanner.batch.cluster``), and what a
PySpark ``mapPartitions`` can run as it is: it imports no Dask unless it runs inside a Dask
worker. Each file is read and scanned by the local batch's own functions
(``scanner.batch.scanfile``), so a shard's line for a file is exactly what ``credscan scan
--format jsonl`` prints for it, error results included.

What a caller can rely on:

- One pipeline per worker process, built on the first task and kept (with the user's lexicon
  files shipped in ``JobSpec`` as bytes, so the workers need no copy of them).
- Every file gets a result. A file past the time limit is stopped by a watchdog
  (``scanner.batch.timelimit``) and gets the same "timeout" result as in a local batch. A file
  stuck in native code cannot be stopped inside its process: inside a Dask worker the file is
  recorded on the scheduler, then the worker process ends itself; the nanny starts a new one,
  Dask runs the partition again, and the retry gives the recorded file its timeout result.
- A file that kills its worker (a crash in a native library) makes Dask retry the partition.
  The retry does not know which file it was, so it goes one file at a time, recording on the
  scheduler which file is in flight before each; when a worker dies twice on the same file
  (the file that keeps failing, not a machine lost once), that file gets a "crashed" result and
  every other file of the partition its own. A retry on another machine finds the same record.
- A partition whose summary is already in the shard directory is not scanned again (a rerun,
  or Dask recomputing a finished task after its worker was lost).
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import importlib
import io
import os
import signal
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from scanner.batch.local import _PRELOAD
from scanner.batch.scanfile import (
    _apply_test_hooks,
    _crashed,
    _made_by,
    _read_url,
    _scan_bytes,
    _scan_path,
    _timed_out,
)
from scanner.batch.shards import SHARD_SCHEMA, Columns, Entry, ShardDir
from scanner.batch.timelimit import _thread_time_limit, _TimeUp
from scanner.batch.walk import is_url
from scanner.documents.limits import Limits
from scanner.results import ScanResult

if TYPE_CHECKING:
    from spacy.language import Language

_GC_EVERY = 32  # files between full garbage collections (see scanner.batch.local._worker_main)
_STRIKES = 2  # deaths of a worker on the same file before the file is blamed
_GRACE = 5.0  # seconds past the time limit before a thread stuck in native code ends its worker


@dataclass(frozen=True, slots=True)
class JobSpec:
    """What every partition of a job shares: sent with each task, so it stays small."""

    out: str  # the shard directory: a local path every worker sees, or an fsspec URL
    lexicons: tuple[tuple[str, bytes], ...]  # the user's extra lexicon files: (name, content)
    kind: str | None
    limits: Limits
    timeout: float
    made_by: str  # the client's code and year (``_made_by``)
    token: str  # this run of the job: its records on the scheduler
    rescan: bool = False  # scan even when the shard is finished
    grace: float = _GRACE
    hooks: tuple[str, str, str] = ("", "", "")  # test-suite only (``_test_hooks``)


@dataclass(frozen=True, slots=True)
class Part:
    """One partition: its shard's name and its files, in input order."""

    name: str
    entries: tuple[Entry, ...]


def run_partition(job: JobSpec, part: Part, *, record: Record | None = None) -> dict[str, Any]:
    """Scan ``part``'s files and write its shard into ``job.out``; return the shard's summary
    (small: the client gathers nothing else). Never raises for a bad file; raises when the shard
    cannot be written (Dask then retries the task)."""
    started = time.monotonic()
    out = ShardDir(job.out)
    if not job.rescan:
        done = out.summary(part.name)
        if done is not None:
            return {**done, "reused": True}
    nlp = _worker_pipeline(job.lexicons)
    record = record or _record_for(job.token, part)
    state = record.begin()
    lines: list[str] = []  # strings only: the garbage collector need not walk a thousand records
    columns = Columns()
    counts = {"errors": 0, "timeouts": 0, "crashes": 0}
    for i, (open_path, name, lost) in enumerate(part.entries):
        if lost is not None:
            result = ScanResult.failed(name, f"{name}: {lost}", "unreadable")
        elif str(i) in state.bad:
            code, error = state.bad[str(i)]
            result = ScanResult.failed(name, error, code)
        else:
            if state.isolate:
                record.at(i)
            result = _scan_one(open_path, name, nlp, job, record.on_stuck(i, name, job.timeout))
        data = result.to_dict()
        buf = io.StringIO()
        _write_jsonl(buf, [data])
        lines.append(buf.getvalue())
        columns.add(data, lines[-1])
        if not result.ok:
            counts["errors"] += 1
            counts["timeouts"] += result.error_code == "timeout"
            counts["crashes"] += result.error_code == "crashed"
        if (i + 1) % _GC_EVERY == 0:
            gc.collect()
    summary = out.write_shard(part.name, lines, columns, {
        "schema": SHARD_SCHEMA, "shard": part.name, "files": len(part.entries), **counts,
        "first": part.entries[0][1] if part.entries else None,
        "last": part.entries[-1][1] if part.entries else None,
        "made_by": _made_by(), "attempt": state.attempt, "isolated": state.isolate,
        "seconds": round(time.monotonic() - started, 3), "worker_rss_kb": _peak_rss_kb(),
    })
    record.finish()
    del lines, columns
    gc.collect()
    gc.freeze()  # what this partition imported or cached for good stays out of the next one's collections
    return summary


def _peak_rss_kb() -> int | None:
    """This worker process's peak resident memory (KB), where the OS says (not on Windows)."""
    try:
        import resource
    except ImportError:
        return None
    return int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


def _write_jsonl(out: io.StringIO, records: list[dict[str, Any]]) -> None:
    from scanner.render import write_jsonl  # what `credscan scan --format jsonl` prints with

    write_jsonl(out, records)


_scan_lock = threading.Lock()  # a worker with several threads: they take turns on the pipeline


def _scan_one(open_path: str, name: str, nlp: Language, job: JobSpec,
              on_stuck: Any) -> ScanResult:
    """One file under the time limit, with the local batch's functions and error results."""
    try:
        with _thread_time_limit(job.timeout, job.grace, on_stuck):
            _apply_test_hooks(name, job.hooks)
            if is_url(open_path):  # an object store: the read waits on the network, outside the lock
                data = _read_url(open_path, job.limits)
                if isinstance(data, ScanResult):
                    return data
                with _scan_lock:
                    return _scan_bytes(data, open_path, nlp, job.kind, job.limits)
            with _scan_lock:
                read = _scan_path(open_path, name, nlp, job.kind, job.limits)
            assert read.result is not None
            return read.result
    except _TimeUp:
        return ScanResult.failed(name, _timed_out(name, job.timeout), "timeout")


# --- the pipeline, once per worker process ---------------------------------------------------

_pipelines: dict[str, Language] = {}
_pipeline_lock = threading.Lock()


def _worker_pipeline(lexicons: tuple[tuple[str, bytes], ...]) -> Language:
    """The pipeline for these lexicon files, built on the first task of this process and kept.

    Frozen out of the garbage collector once built, with the readers and the shard writer
    imported first, as a local worker's forkserver does: the collections every few files would
    otherwise walk spaCy's heap and every module imported since (12 ms each, a tenth of the
    scanning time)."""
    key = hashlib.sha256(repr([(n, hashlib.sha256(d).hexdigest()) for n, d in lexicons]).encode()).hexdigest()
    with _pipeline_lock:
        nlp = _pipelines.get(key)
        if nlp is None:
            from scanner.pipeline import shared_pipeline

            nlp = shared_pipeline(_lexicon_files(key, lexicons))
            _pipelines.clear()
            _pipelines[key] = nlp
            for module in (*_PRELOAD, "scanner.render", "pyarrow.parquet"):
                with contextlib.suppress(ImportError):
                    importlib.import_module(module)
            gc.collect()
            gc.freeze()
    return nlp


def _lexicon_files(key: str, lexicons: tuple[tuple[str, bytes], ...]) -> list[str]:
    """The shipped lexicon files written under this machine's temporary folder, once."""
    if not lexicons:
        return []
    folder = Path(tempfile.gettempdir()) / f"credscan-lexicons-{os.getuid()}" / key[:16]
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    paths = []
    for i, (name, data) in enumerate(lexicons):
        path = folder / f"{i:02d}-{Path(name).name}"
        if not path.is_file() or path.read_bytes() != data:
            tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")  # other workers may race
            tmp.write_bytes(data)
            os.replace(tmp, path)
        paths.append(str(path))
    return paths


# --- what survives a worker's death: records on the scheduler ----------------------------------


@dataclass(slots=True)
class AttemptState:
    attempt: int = 1
    isolate: bool = False  # one file at a time, each recorded before it is read
    bad: dict[str, tuple[str, str]] = field(default_factory=dict)  # index -> (code, error)


class Record(Protocol):
    """Where a partition notes what a later attempt must know if this one dies."""

    def begin(self) -> AttemptState: ...
    def at(self, index: int) -> None: ...
    def on_stuck(self, index: int, name: str, timeout: float) -> Any: ...
    def finish(self) -> None: ...


class NoRecord:
    """Outside a Dask worker (a test, a Spark task): nothing survives; a stuck file blocks its task
    until the engine's own limits end it."""

    def begin(self) -> AttemptState:
        return AttemptState()

    def at(self, index: int) -> None:
        pass

    def on_stuck(self, index: int, name: str, timeout: float) -> Any:
        return None

    def finish(self) -> None:
        pass


class SchedulerRecord:
    """Records on the Dask scheduler (``Client.set_metadata``), which outlive any worker.

    Under ``("credscan", token, shard)``: the attempt number, whether to isolate, the file in
    flight (isolating only: one round trip a file), each file's strikes (worker deaths while it
    was in flight) and the files given up on with their error. A first attempt costs two round
    trips for the whole partition.
    """

    def __init__(self, token: str, part: Part) -> None:
        from distributed import get_client

        self.client = get_client()
        self.key = ["credscan", token, part.name]
        self.part = part

    def begin(self) -> AttemptState:
        m = self.client.get_metadata(self.key, default=None) or {}
        attempt = int(m.get("attempt", 0)) + 1
        bad = {k: (v[0], v[1]) for k, v in (m.get("bad") or {}).items()}
        strikes = dict(m.get("strikes") or {})
        isolate = bool(m.get("isolate"))
        if attempt > 1 and not m.get("explained"):  # the last attempt died, and no one said why
            at = m.get("at")
            if at is None:
                isolate = True  # find the file: one at a time from now on
            elif str(at) not in bad:
                strikes[str(at)] = strikes.get(str(at), 0) + 1
                if strikes[str(at)] >= _STRIKES:
                    name = self.part.entries[at][1]
                    bad[str(at)] = ("crashed", _crashed(name, f"its worker died on it {strikes[str(at)]} times"))
        self.client.set_metadata(self.key, {
            "attempt": attempt, "isolate": isolate, "at": None, "explained": False,
            "strikes": strikes, "bad": {k: list(v) for k, v in bad.items()}})
        return AttemptState(attempt, isolate, bad)

    def at(self, index: int) -> None:
        self.client.set_metadata([*self.key, "at"], index)

    def on_stuck(self, index: int, name: str, timeout: float) -> Any:
        def stuck() -> None:
            """A thread stuck in native code past the time limit: record the file, end the process."""
            def note() -> None:
                self.client.set_metadata([*self.key, "bad", str(index)], ["timeout", _timed_out(name, timeout)])
                self.client.set_metadata([*self.key, "explained"], True)

            writer = threading.Thread(target=note, daemon=True)
            writer.start()
            writer.join(10)  # a scheduler that does not answer must not keep a stuck worker alive
            os.kill(os.getpid(), signal.SIGKILL)

        return stuck

    def finish(self) -> None:
        with contextlib.suppress(Exception):  # the shard is written: a lost note costs nothing
            self.client.set_metadata(self.key, None)


def _record_for(token: str, part: Part) -> Record:
    """A scheduler record inside a Dask worker, else none."""
    try:
        from distributed import get_worker

        get_worker()
    except (ImportError, ValueError):
        return NoRecord()
    return SchedulerRecord(token, part)
