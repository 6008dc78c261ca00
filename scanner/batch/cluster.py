"""The Dask engine: scan millions of files on a cluster, each partition writing one shard.

``run_dask`` is the client side. It walks the paths (local folders every worker mounts at the
same place, or fsspec URLs), cuts the files into partitions of about ``partition_size`` as it
walks, and submits one task per partition (``scanner.batch.partition.run_partition``), never
more than a small window at a time: the client holds a few partitions' file names and one
short summary per shard, never a result, so its memory stays flat whatever the number of files.

What a caller can rely on:

- Partitions are cut where a file's name says so (a digest of the name, between half and twice
  ``partition_size`` files), not every N files: the same paths give the same partitions, and a
  file added to or removed from a folder changes only the partition it falls in, so a rerun
  finds every other shard finished and skips it. A job killed half-way is rerun by running it
  again: each file ends up in exactly one shard of the manifest.
- Every file gets one result, with the local batch's error results. A task that fails (the
  shard cannot be written) is retried by Dask (``retries``); a task whose workers keep dying is
  submitted again (``_RESUBMITS``), carrying on from what the scheduler recorded (see
  ``scanner.batch.partition``). A partition that still fails stops the job with an error naming
  it; the finished shards stay, and no manifest is written until every partition is done.
- Workers should be processes with one thread each (``dask worker --nworkers N --nthreads 1``,
  or ``LocalCluster`` as made here): scanning is CPU-bound Python, and a worker that ends itself
  over a file stuck in native code takes only its own task down. Each worker builds the pipeline
  once, on its first task.

Dask is an optional extra (``pip install 'credscan[dask]'``); nothing imports this module but
``credscan scan --engine dask`` and the tests.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import itertools
import logging
import math
import os
import sys
import time
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scanner.batch.local import _cores
from scanner.batch.partition import _GRACE, JobSpec, Part, run_partition
from scanner.batch.progress import _isatty, _Progress
from scanner.batch.scanfile import _made_by, _settings, _test_hooks
from scanner.batch.shards import Entry, ShardDir, shard_name
from scanner.batch.walk import Skipped, walk
from scanner.documents.limits import DEFAULT_LIMITS, Limits
from scanner.lexicon import cached_lexicon

PARTITION_SIZE = 1000  # files a task, about: millions of one-file tasks would swamp a scheduler
_SMALL_JOB_PARTS = 16  # a job of fewer than 16 x 1000 files gets 16 smaller partitions (at least 50 files)
_MIN_PARTITION = 50
_RESUBMITS = 3  # new tasks for a partition whose workers kept dying (Dask's allowed-failures each)


class JobError(RuntimeError):
    """The job stopped: a partition failed for good, or the cluster could not be reached. One line."""


@dataclass(slots=True)
class JobReport:
    """What a job did, for the summary line, the benchmark and the tests."""

    out: str
    files: int = 0
    errors: int = 0
    timeouts: int = 0
    crashes: int = 0
    shards: int = 0
    reused: int = 0  # shards found finished, not scanned again
    retried: int = 0  # partitions that needed more than one attempt
    seconds: float = 0.0
    task_seconds: float = 0.0  # time the tasks spent inside run_partition, summed
    workers: int = 0  # worker threads when the job started
    worker_rss_kb: int = 0  # the largest peak RSS a worker process reported
    dashboard: str | None = None
    other_code: set[str] = field(default_factory=set)  # workers' ``_made_by`` unlike the client's


def run_dask(
    paths: Sequence[str | Path],
    *,
    out: str | Path,
    scheduler: str | None = None,
    client: Any = None,
    local: int | None = None,
    lexicon_files: Sequence[str | Path] = (),
    kind: str | None = None,
    timeout: float = 30.0,
    limits: Limits | None = None,
    partition_size: int | None = None,
    follow_symlinks: bool = False,
    rescan: bool = False,
    retries: int = 2,
    grace: float = _GRACE,
    progress: bool | None = None,
    on_skipped: Callable[[Skipped], None] | None = None,
    on_ready: Callable[[JobReport], None] | None = None,
) -> JobReport:
    """Scan ``paths`` on a Dask cluster into shards under ``out``; return what it did.

    The cluster: ``client`` (a ``distributed.Client``), else ``scheduler`` (an address such as
    ``tcp://host:8786``), else a ``LocalCluster`` of ``local`` worker processes (default: the
    cores this process may use) started for the job and closed after it. ``on_ready`` is called
    once connected (the report holds the dashboard's address then).

    ``partition_size``: files a partition, about (None: 1000, and for a job of fewer than 16,000
    files the size that gives it 16 partitions, at least 50 files each, so that a small job is not
    two partitions of which the second keeps one worker busy while the others wait; the size then
    depends on the number of files alone, so a rerun of the same files finds the same shards).

    Raises ``LexiconError`` for a bad lexicon, ``JobError`` when the job cannot finish; every
    problem with a single file is that file's result.
    """
    started = time.monotonic()
    limits = limits or DEFAULT_LIMITS
    lexicon = cached_lexicon(lexicon_files)  # validates it here, not on every worker
    job = JobSpec(
        out=str(out), lexicons=tuple((str(f), Path(f).read_bytes()) for f in lexicon_files),
        kind=kind, limits=limits, timeout=timeout, made_by=_made_by(), token=uuid.uuid4().hex,
        rescan=rescan, grace=grace, hooks=_test_hooks())
    identity = (job.made_by, lexicon.version, kind or "auto", _settings(limits), f"timeout={timeout:g}")
    shards = ShardDir(out)
    shards.makedirs()
    finished = set() if rescan else shards.finished()
    report = JobReport(str(out))
    bar = _Progress(0) if (progress if progress is not None else _isatty(sys.stderr)) else None
    if bar is not None:
        bar.more = True

    own = client is None  # a client made here is closed here, with its cluster if it started one
    cluster = None
    if own:
        client, cluster = _connect(scheduler, local)
    try:
        report.dashboard = _dashboard(client)
        report.workers = _threads(client)
        if on_ready is not None:
            on_ready(report)
        order: list[tuple[str, int, int] | None] = []  # (shard, files, errors) in input order
        parts = _cut(*_sized(_entries(paths, follow_symlinks, on_skipped), partition_size))
        _Submitter(client, job, report, bar, order, retries, shards, finished).run(
            (shard_name(identity, entries), entries) for entries in parts)
        with contextlib.suppress(Exception):  # the partitions' records on the scheduler: done with
            client.set_metadata(["credscan", job.token], None)
        shards.write_manifest({
            "made_by": job.made_by, "lexicon_version": lexicon.version, "kind": kind or "auto",
            "settings": _settings(limits), "timeout": timeout,
            "paths": [str(p) for p in paths], "files": report.files, "errors": report.errors,
            "shards": [{"name": s, "files": n, "errors": e} for s, n, e in order if s],
        })
    finally:
        if bar is not None:
            bar.close()
        if own:
            _close(client, cluster)
    report.seconds = time.monotonic() - started
    return report


@dataclass(slots=True)
class _InFlight:
    index: int  # the partition's place in the job (the manifest keeps input order)
    part: Part
    attempt: int = 1  # tasks submitted for it so far


class _Submitter:
    """Submits partitions as they are cut, at most ``window`` in flight, and collects summaries."""

    def __init__(self, client: Any, job: JobSpec, report: JobReport, bar: _Progress | None,
                 order: list[tuple[str, int, int] | None], retries: int, shards: ShardDir,
                 finished: set[str]) -> None:
        from distributed import as_completed

        self.client, self.job, self.report, self.bar, self.order = client, job, report, bar, order
        self.retries = retries
        self.shards, self.finished = shards, finished
        self.pending = as_completed()
        self.flying: dict[Any, _InFlight] = {}

    def run(self, parts: Iterable[tuple[str, tuple[Entry, ...]]]) -> None:
        try:
            for name, entries in parts:
                index = len(self.order)
                self.order.append(None)
                if self.bar is not None:
                    self.bar.total += len(entries)
                if name in self.finished:
                    summary = self.shards.summary(name)
                    if summary is not None and summary.get("files") == len(entries):
                        self._done(index, {**summary, "reused": True})
                        continue
                self._submit(_InFlight(index, Part(name, entries)))
                while len(self.flying) >= self._window():
                    self._collect()
            if self.bar is not None:
                self.bar.more = False
            while self.flying:
                self._collect()
        except BaseException:  # Ctrl-C, a failed partition: leave nothing running for this job
            if self.flying:
                self.client.cancel(list(self.flying))
            raise

    def _window(self) -> int:
        """Partitions in flight: two per worker thread keeps every worker fed while one's
        result travels back, and bounds what the client and the scheduler hold."""
        return max(4, 2 * _threads(self.client))

    def _submit(self, task: _InFlight) -> None:
        key = f"credscan-{self.job.token[:8]}-{task.part.name}-{task.attempt}"
        future = self.client.submit(run_partition, self.job, task.part, key=key,
                                    retries=self.retries, pure=False)
        self.flying[future] = task
        self.pending.add(future)

    def _collect(self) -> None:
        from distributed import KilledWorker

        future = next(self.pending)
        task = self.flying.pop(future)
        if future.status == "finished":
            summary = future.result()
            future.release()
            self._done(task.index, summary)
            return
        exc = future.exception()
        future.release()
        first, last = task.part.entries[0][1], task.part.entries[-1][1]
        if isinstance(exc, KilledWorker) and task.attempt <= _RESUBMITS:
            self._submit(dataclasses.replace(task, attempt=task.attempt + 1))
            return
        raise JobError(f"the partition {first} .. {last} ({len(task.part.entries)} files) failed: "
                       f"{type(exc).__name__}: {' '.join(str(exc).split())[:300]}; the finished "
                       f"shards are kept in {self.job.out}: run the same scan again to go on")

    def _done(self, index: int, summary: dict[str, Any]) -> None:
        r = self.report
        self.order[index] = (summary["shard"], summary["files"], summary["errors"])
        r.shards += 1
        r.files += summary["files"]
        r.errors += summary["errors"]
        r.timeouts += summary.get("timeouts", 0)
        r.crashes += summary.get("crashes", 0)
        if summary.get("reused"):
            r.reused += 1
        else:
            r.task_seconds += summary.get("seconds", 0.0)
            r.retried += summary.get("attempt", 1) > 1
        r.worker_rss_kb = max(r.worker_rss_kb, summary.get("worker_rss_kb") or 0)
        if summary.get("made_by") and summary["made_by"] != self.job.made_by:
            r.other_code.add(summary["made_by"])
        if self.bar is not None:
            self.bar.done += summary["files"]
            self.bar.errors += summary["errors"]
            self.bar.draw()


# --- walking and cutting ---------------------------------------------------------------------


def _entries(paths: Sequence[str | Path], follow_symlinks: bool,
             on_skipped: Callable[[Skipped], None] | None) -> Iterator[Entry]:
    """(path to open, name in results, why it could not be looked at) for each file, as walked.

    Local files are opened by absolute path (a worker's working folder is not the client's) and
    named as given, as in a local batch."""
    cwd = os.getcwd()
    for item in walk(paths, follow_symlinks=follow_symlinks):
        if isinstance(item, Skipped):
            if item.lost:
                yield str(item.path), str(item.path), item.reason
            elif on_skipped is not None:
                on_skipped(item)
        elif isinstance(item, str):  # a URL
            yield item, item, None
        else:
            name = str(item)
            yield os.path.normpath(os.path.join(cwd, name)), name, None


def _sized(entries: Iterator[Entry], size: int | None) -> tuple[Iterator[Entry], int]:
    """The partition size for ``entries`` (see ``run_dask``), looking ahead at most 16,000 files."""
    if size is not None:
        return entries, size
    ahead = list(itertools.islice(entries, _SMALL_JOB_PARTS * PARTITION_SIZE))
    if len(ahead) < _SMALL_JOB_PARTS * PARTITION_SIZE:  # the walk ended: a small job
        return iter(ahead), max(_MIN_PARTITION, math.ceil(len(ahead) / _SMALL_JOB_PARTS))
    return itertools.chain(ahead, entries), PARTITION_SIZE


def _cut(entries: Iterable[Entry], size: int) -> Iterator[tuple[Entry, ...]]:
    """Partitions of about ``size`` files (between half and twice that), each ending at a file
    whose name's digest says so: a content-defined cut, so that adding a file moves no other
    partition's boundaries."""
    low, high = max(1, size // 2), max(1, 2 * size)
    span = max(1, size - low)
    part: list[Entry] = []
    for entry in entries:
        part.append(entry)
        if len(part) >= high or (len(part) >= low and _mark(entry[1]) % span == 0):
            yield tuple(part)
            part = []
    if part:
        yield tuple(part)


def _mark(name: str) -> int:
    return int.from_bytes(hashlib.blake2b(name.encode("utf-8", "surrogateescape"), digest_size=8).digest(), "big")


# --- the cluster -----------------------------------------------------------------------------


def _connect(scheduler: str | None, local: int | None) -> tuple[Any, Any]:
    """A client of the scheduler at ``scheduler``, or of a new local cluster (returned too)."""
    try:
        from distributed import Client, LocalCluster
    except ImportError as exc:
        raise JobError(f"the Dask engine needs the dask extra: pip install 'credscan[dask]' "
                       f"({exc.name} is not installed)") from None
    if scheduler:
        try:
            return Client(scheduler, timeout="20s"), None
        except (OSError, TimeoutError) as exc:
            raise JobError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from None
    cluster = LocalCluster(n_workers=local or _cores(), threads_per_worker=1, processes=True,
                           silence_logs=logging.ERROR, dashboard_address=":8787")
    return Client(cluster), cluster


def _close(client: Any, cluster: Any) -> None:
    try:
        client.close()
    finally:
        if cluster is not None:
            cluster.close()


def _threads(client: Any) -> int:
    workers = client.scheduler_info().get("workers", {})
    return sum(int(w.get("nthreads", 1)) for w in workers.values())


def _dashboard(client: Any) -> str | None:
    try:
        return str(client.dashboard_link)
    except Exception:  # no dashboard on this scheduler
        return None
