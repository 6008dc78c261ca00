"""The local engine: fan files out to worker processes on this machine, stream results, remember them.

What a caller can rely on:

- ``run_batch`` yields exactly one ``ScanResult`` per input path, in input order (or as they
  finish with ``ordered=False``), holding only a bounded window of files in flight, so memory
  does not grow with the folder.
- A bad file never stops the batch: reader errors, unreadable files, files that hang past the
  time limit and files that crash their worker process all become failed results with a one-line
  reason naming the file (``scanner.batch.scanfile``); the worker is replaced and the batch goes on.
- With a store (``db``), each result is written as it arrives and committed in small
  transactions, so an interrupted batch keeps what it finished; the next run skips files whose
  bytes, lexicon and settings are unchanged and yields their stored result instead. Results
  are kept per settings (the kind forced or detected included): a batch under other settings
  adds its own, it never replaces one, so switching between ``scan``, ``rank`` and ``stats``
  does not make the next one start over.

Workers are ``multiprocessing`` processes from a *forkserver* (spawn where forkserver does not
exist). The server imports spaCy and the readers and builds the default pipeline once
(``scanner.pipeline.preload``, about 0.8 s, most of it importing spaCy); each worker forked from it
starts scanning at once, so replacing a worker after a crash or a timeout is cheap. Plain ``fork`` of
the caller was not used: the caller may hold threads, an open SQLite connection and other
workers' pipe ends, and a forked child that inherits those pipe ends never sees its parent die.
"""

from __future__ import annotations

import contextlib
import dataclasses
import gc
import math
import multiprocessing
import os
import selectors
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from multiprocessing import forkserver, resource_tracker
from multiprocessing.connection import Connection
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scanner.batch.progress import _count, _isatty, _Progress
from scanner.batch.scanfile import (
    _apply_test_hooks,
    _crashed,
    _made_by,
    _Read,
    _scan_path,
    _settings,
    _test_hooks,
    _timed_out,
)
from scanner.batch.timelimit import _time_limit, _TimeUp
from scanner.batch.walk import Skipped
from scanner.documents.limits import DEFAULT_LIMITS, Limits
from scanner.lexicon import cached_lexicon
from scanner.results import ScanResult
from scanner.store import Entry, Key, Store, StoreError, open_store

if TYPE_CHECKING:
    from spacy.language import Language

# Results a rescan trusts. "unreadable" is about the file system (permissions, a vanished file),
# not the bytes, so it is always tried again.
_RETRY_CODES = frozenset({"unreadable"})

_START_METHOD = os.environ.get("CREDSCAN_MP_START") or (
    "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
)
_PRELOAD = ["scanner.batch", "scanner.batch.local", "scanner.pipeline", "scanner.scan", "scanner.documents",
            "scanner.documents.pdf", "scanner.documents.docx", "scanner.documents.html",
            "scanner.pipeline.preload"]
_PREFETCH = 2  # tasks queued per worker, so a worker never waits for the parent between files
_GC_EVERY = 32  # files between full garbage collections in a worker (see _worker_main)
_MAX_START_FAILURES = 3
_WORKERS_PER_CORE = 4  # past this, more workers only add memory and switching, not speed
_LOOKUP_BLOCK = 256  # files whose stored rows a rescan fetches in one query


def _cut_off(task: _Task, error: str, code: str) -> _Read:
    """The result of a task stopped from outside (time limit, crashed worker), kept with the stat
    taken before it was handed out, so that the store does not run into it again."""
    size_, mtime = task.stat or _stat_pair(task.key)
    return _Read(ScanResult.failed(task.name, error, code), None, None, size_, mtime)


def _stat_pair(path: str) -> tuple[int, int]:
    """(size, mtime_ns), or (-1, -1) when the file cannot be stat'ed (never matches a rescan)."""
    try:
        st = os.stat(path)
    except OSError:
        return -1, -1
    return st.st_size, st.st_mtime_ns


# --------------------------------------------------------------------------------------------
# worker process
# --------------------------------------------------------------------------------------------

def _worker_main(conn: Connection, lexicon_files: list[str], kind: str | None, limits: Limits,
                 want_json: bool, timeout: float, hooks: tuple[str, str, str]) -> None:
    """Build the pipeline once, then scan the paths the parent sends until it sends None or dies.

    Ctrl-C is ignored here: the terminal sends it to the whole process group, and the parent
    decides what stops (it commits the store, then ends the workers). Each file runs under an
    alarm set past the parent's own time limit: SIGALRM's default action ends the process even
    inside native code, so a worker stuck in a PDF library does not outlive a parent that was
    killed (an idle worker sees its pipe close instead).

    Memory: the pipeline is frozen out of the garbage collector once built (in the forkserver,
    see ``scanner.pipeline.preload``, or here), and garbage is collected every few files. With
    spaCy's large heap, full collections are otherwise rare, and reference cycles left by a
    reader (python-docx's, when it read DOCX, grew a worker by ~100 MB over a thousand files; a
    few objects per file now) would wait for one; with it, a worker stays flat.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        from scanner.pipeline import shared_pipeline

        nlp = shared_pipeline(lexicon_files)
    except BaseException as exc:
        with contextlib.suppress(OSError):  # a parent gone meanwhile needs no reason
            conn.send(("init-error", f"{type(exc).__name__}: {' '.join(str(exc).split())}"))
        return
    gc.collect()
    gc.freeze()
    try:
        conn.send(("ready", os.getpid()))
    except OSError:  # the parent stopped (Ctrl-C) while this worker was being started
        return
    alarm = max(1, math.ceil(timeout) + 10) if hasattr(signal, "alarm") else 0  # POSIX only
    done = 0
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):  # the parent is gone
            return
        if task is None:
            return
        index, open_path, name, known_sha = task
        if alarm:
            signal.alarm(alarm)
        _apply_test_hooks(name, hooks)
        out = _scan_path(open_path, name, nlp, kind, limits, known_sha, want_json)
        if alarm:
            signal.alarm(0)
        try:
            conn.send((index, out))
        except (BrokenPipeError, OSError):
            return
        done += 1
        if done % _GC_EVERY == 0:
            gc.collect()


@dataclass(slots=True)
class _Task:
    index: int
    name: str  # the path as the caller gave it: results and messages use it
    key: str  # absolute path: the store's key
    entry: Entry | None = None  # stored row whose hash decides whether to scan again
    stat: tuple[int, int] | None = None  # (size, mtime_ns) seen before the file was handed out


@dataclass(slots=True)
class _Worker:
    proc: Any
    conn: Connection
    ready: bool = False
    tasks: deque[_Task] = dataclasses.field(default_factory=deque)
    started: float = 0.0  # when the task at the head of ``tasks`` started (about)


class _Pool:
    """Worker processes fed one task (plus ``_PREFETCH - 1`` queued) at a time, with a time limit.

    Not ``multiprocessing.Pool`` or ``ProcessPoolExecutor``: neither can cut off one task that
    hangs, and the executor gives up entirely when a worker dies.
    """

    def __init__(self, size: int, args: tuple[Any, ...], timeout: float) -> None:
        self.args = args
        self.timeout = timeout
        self.workers: list[_Worker] = []
        self.failed_starts = 0
        self.peak_rss_kb = 0
        # one selector for the pool's life, not one per wake-up as multiprocessing's wait()
        # builds: the parent wakes once per file, and shares the machine with the workers
        self.selector = selectors.DefaultSelector()
        self.ctx = multiprocessing.get_context(_START_METHOD)
        try:
            if _START_METHOD != "fork":
                # before any SIGINT is held: starting the tracker unblocks SIGINT (CPython's
                # resource_tracker.ensure_running), which would let a Ctrl-C be lost
                resource_tracker.ensure_running()
            if _START_METHOD == "forkserver":
                self.ctx.set_forkserver_preload(_PRELOAD)
                with _sigint_held():  # the server, and every worker forked from it, ignore it
                    forkserver.ensure_running()
            for _ in range(size):
                self._start()
        except BaseException:  # Ctrl-C while starting: no worker outlives the batch
            self.close(kill=True)
            raise

    def _start(self) -> None:
        parent, child = self.ctx.Pipe(duplex=True)
        proc = self.ctx.Process(target=_worker_main, args=(child, *self.args), daemon=True,
                                name="credscan-worker")
        if _START_METHOD == "forkserver":
            proc.start()  # may wait for the server's preload: a Ctrl-C now stops the batch
        else:
            with _sigint_held():
                proc.start()
        child.close()
        self.workers.append(_Worker(proc, parent))
        self.selector.register(parent, selectors.EVENT_READ)
        self.selector.register(proc.sentinel, selectors.EVENT_READ)

    def busy(self) -> int:
        return sum(len(w.tasks) for w in self.workers)

    def submit(self, pending: deque[_Task]) -> None:
        """Hand queued tasks to ready workers, least loaded first."""
        now = time.monotonic()
        for load in range(_PREFETCH):
            for w in self.workers:
                if not pending:
                    return
                if w.ready and len(w.tasks) == load:
                    task = pending.popleft()
                    if not w.tasks:
                        w.started = now
                    w.tasks.append(task)
                    # the absolute path to open: a worker's working folder is not the caller's
                    w.conn.send((task.index, task.key, task.name,
                                 task.entry.sha256 if task.entry else None))

    def poll(self, wait_s: float, requeue: deque[_Task]) -> list[tuple[_Task, _Read]]:
        """Collect finished tasks; cut off and replace workers that hang or died.

        Tasks a lost worker had queued but not started go back to the front of ``requeue``.
        """
        deadline_wait = wait_s
        now = time.monotonic()
        for w in self.workers:
            if w.tasks:
                deadline_wait = min(deadline_wait, max(0.0, w.started + self.timeout - now))
        ready = {key.fileobj for key, _ in self.selector.select(deadline_wait)}
        done: list[tuple[_Task, _Read]] = []
        for w in list(self.workers):
            dead = w.proc.sentinel in ready
            if w.conn in ready and not dead:
                try:  # one message per wake-up: wait() is cheaper than polling the pipe again
                    self._handle(w, w.conn.recv(), done)
                except (EOFError, OSError):
                    dead = True
            if dead:
                try:  # what it sent before it died still counts
                    while w.conn.poll():
                        self._handle(w, w.conn.recv(), done)
                except (EOFError, OSError):
                    pass
                self._lost(w, done, requeue, reason=None)
        now = time.monotonic()
        for w in list(self.workers):
            if w.tasks and now - w.started > self.timeout:
                self._lost(w, done, requeue, reason="timeout")
        return done

    def _handle(self, w: _Worker, msg: Any, done: list[tuple[_Task, _Read]]) -> None:
        if msg[0] == "ready":
            w.ready = True
            self.failed_starts = 0
        elif msg[0] == "init-error":
            self.close(kill=True)
            raise WorkerStartError(f"a scan worker could not build the pipeline: {msg[1]}")
        else:
            index, out = msg
            task = w.tasks.popleft()
            assert task.index == index, (task.index, index)
            w.started = time.monotonic()
            done.append((task, out))

    def _lost(self, w: _Worker, done: list[tuple[_Task, _Read]], requeue: deque[_Task],
              reason: str | None) -> None:
        self._note_rss(w)
        if w.proc.is_alive():
            w.proc.kill()
        w.proc.join(5)
        self._forget(w)
        self.workers.remove(w)
        if not w.ready:
            self.failed_starts += 1
            if self.failed_starts >= _MAX_START_FAILURES:
                self.close(kill=True)
                raise WorkerStartError(
                    f"scan workers keep dying on start (exit code {w.proc.exitcode})")
        if w.tasks:
            task = w.tasks.popleft()
            if reason == "timeout":
                error, code = _timed_out(task.name, self.timeout), "timeout"
            else:
                code_ = w.proc.exitcode
                if code_ is not None and code_ < 0:
                    try:
                        sig = f"signal {-code_}, {signal.Signals(-code_).name}"
                    except ValueError:
                        sig = f"signal {-code_}"
                else:
                    sig = f"exit code {code_}"
                error, code = _crashed(task.name, sig), "crashed"
            done.append((task, _cut_off(task, error, code)))
            requeue.extendleft(reversed(w.tasks))
        self._start()

    def _note_rss(self, w: _Worker) -> None:
        self.peak_rss_kb = max(self.peak_rss_kb, _vm_hwm_kb(w.proc.pid) or 0)

    def close(self, kill: bool = False) -> None:
        """Stop every worker: politely when the batch finished, at once when it was interrupted."""
        for w in self.workers:
            self._note_rss(w)
            if not kill:
                with contextlib.suppress(OSError):
                    w.conn.send(None)
        for w in self.workers:
            if kill:
                w.proc.kill()
            w.proc.join(2)
            if w.proc.is_alive():
                w.proc.kill()
                w.proc.join(2)
            self._forget(w)
        self.workers = []
        self.selector.close()

    def _forget(self, w: _Worker) -> None:
        """Stop watching a worker that is gone, then close its end of the pipe."""
        for handle in (w.conn, w.proc.sentinel):
            with contextlib.suppress(KeyError, ValueError):
                self.selector.unregister(handle)
        w.conn.close()


@contextlib.contextmanager
def _sigint_held() -> Iterator[None]:
    """Start processes immune to Ctrl-C, holding a Ctrl-C meant for this one until they are.

    Ctrl-C goes to the terminal's whole process group. A process started while SIGINT is
    ignored keeps it ignored, through exec, and Python then installs no KeyboardInterrupt
    handler: so the forkserver (which spends its first second importing spaCy, where Ctrl-C
    printed a 20-line traceback under the batch's "Aborted.") and every worker forked from it
    (the server hands its own disposition down) never see Ctrl-C. That is what they need: the
    parent alone decides what stops (see ``_worker_main``). SIGINT is blocked meanwhile (Linux
    keeps a blocked signal pending even while it is ignored), so a Ctrl-C in that moment
    reaches this process right after, not never. Only the start itself is held, a few
    milliseconds, not the wait for the server's preload.
    """
    if (not hasattr(signal, "pthread_sigmask")
            or threading.current_thread() is not threading.main_thread()):
        yield
        return
    blocked = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        handler = signal.signal(signal.SIGINT, signal.SIG_IGN)
        try:
            yield
        finally:
            signal.signal(signal.SIGINT, handler)
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, blocked)


class WorkerStartError(RuntimeError):
    """Workers could not start (e.g. the pipeline cannot be built there): nothing can be scanned."""


def _vm_hwm_kb(pid: int | None) -> int | None:
    """Peak resident set size of a live process in KB (Linux /proc), else None."""
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return None


# --------------------------------------------------------------------------------------------
# the batch
# --------------------------------------------------------------------------------------------


@dataclass(slots=True)
class BatchStats:
    """Counters a caller (a summary line, the benchmark, the tests) can read afterwards."""

    scanned: int = 0  # read and scanned in this run
    cached: int = 0  # answered from the store without scanning
    errors: int = 0
    timeouts: int = 0
    crashes: int = 0
    workers_started: int = 0
    worker_peak_rss_kb: int = 0


def run_batch(
    paths: Sequence[str | Path | Skipped],
    *,
    lexicon_files: Sequence[str | Path] = (),
    kind: str | None = None,
    workers: int | None = None,
    timeout: float = 30.0,
    db: str | Path | None = None,
    ordered: bool = True,
    progress: bool | None = None,
    rescan: bool = False,
    limits: Limits | None = None,
    stats: BatchStats | None = None,
) -> Iterator[ScanResult]:
    """Scan ``paths`` and yield one ScanResult each (``Skipped`` entries are ignored, except
    ``lost`` ones, which come back as "unreadable" error results in their place).

    ``workers``: processes to use (None: the cores this process may run on), at most
    ``_WORKERS_PER_CORE`` per core (more is noted on stderr, unless ``progress`` is False, and
    capped: scanning is CPU-bound, and 200 processes on 2 cores only cost memory and switching).
    ``workers=0``, or a single path
    with ``workers`` None or 1, scans in this process: it starts fastest, but a native crash
    takes the caller down, and the time limit is kept by a timer signal (main thread on Unix
    only) that cannot interrupt a call stuck inside a native library. ``timeout`` is per file,
    in seconds.

    ``db``: a results store (see ``scanner.store``) to skip unchanged files and to keep results
    across interruptions; ``rescan`` ignores what it holds (and overwrites the results of these
    settings). A store that cannot be written raises ``StoreError`` here. A stored failure
    counts as a result (a file that timed out is not given another 30 s on every run), except
    "unreadable", which is about permissions or a vanished file rather than the bytes, and is
    always tried again, and "timeout", tried again when the time limit is not the one it hit.

    ``progress``: a progress line on stderr (None: only when stderr is a terminal). ``stats`` is
    filled in as the batch runs.

    The lexicon is loaded here, so a broken lexicon raises ``LexiconError`` at the call, and a
    bad ``db`` raises ``StoreError``; everything about individual files comes back as results.
    Workers and the store are closed when the iterator is exhausted or closed (a consumer that
    stops early should close it, e.g. with ``contextlib.closing``). A script that calls this
    needs the usual ``if __name__ == "__main__":`` guard: workers re-import the main module,
    as with any ``multiprocessing`` code that does not fork.
    """
    limits = limits or DEFAULT_LIMITS
    files: list[str] = []
    lost: dict[int, str] = {}  # index in files -> why the path could not be looked at
    for p in paths:
        if isinstance(p, Skipped):
            if not p.lost:
                continue
            lost[len(files)] = p.reason
            p = p.path
        files.append(str(p))
    key = Key(_made_by(), cached_lexicon(lexicon_files).version,  # validates it, without spaCy
              kind or "auto", _settings(limits))
    store = open_store(db) if db is not None else None
    if store is not None and store.read_only:
        store.close()
        raise StoreError(f"{store.path}: cannot write to the results store (read-only here)")
    stats = stats if stats is not None else BatchStats()
    cores = _cores()
    n_workers = cores if workers is None else max(0, workers)
    if n_workers > _WORKERS_PER_CORE * cores:
        if progress is not False:
            print(f"note: {n_workers} workers asked for, using {_WORKERS_PER_CORE * cores} "
                  f"(at most {_WORKERS_PER_CORE} per core, {cores} core{'s' * (cores != 1)})",
                  file=sys.stderr)
        n_workers = _WORKERS_PER_CORE * cores
    in_process = n_workers == 0 or (len(files) == 1 and workers in (None, 1))
    if progress is None:
        progress = _isatty(sys.stderr)
    return _run(files, lost, [str(f) for f in lexicon_files], kind, n_workers, in_process, timeout,
                store, ordered, _Progress(len(files)) if progress else None, rescan, limits,
                stats, key)


def _run(files: list[str], lost: dict[int, str], lexicon_files: list[str], kind: str | None,
         n_workers: int, in_process: bool, timeout: float, store: Store | None, ordered: bool,
         bar: _Progress | None, rescan: bool, limits: Limits, stats: BatchStats,
         key: Key) -> Iterator[ScanResult]:
    want_json = store is not None
    # files planned beyond the oldest one not yet yielded: bounds memory however large the input,
    # and is wide enough that a file hanging at the head does not idle the other workers for long
    window = 256 + 32 * max(1, n_workers)
    pending: deque[_Task] = deque()  # tasks planned, not yet handed to a worker
    ready: dict[int, ScanResult] = {}
    pool: _Pool | None = None
    nlp: Language | None = None
    next_in = 0  # next index of ``files`` to plan
    next_out = 0  # next index to yield (ordered mode)

    def finish(task: _Task, out: _Read) -> ScanResult:
        if out.result is None:  # same bytes as stored: the mtime moved, nothing else
            assert task.entry is not None
            stats.cached += 1
            if store is not None and out.sha256 is not None:
                store.touch(task.key, out.size, out.mtime_ns, out.sha256)
            return task.entry.result(task.name)
        result = out.result
        stats.scanned += 1
        if not result.ok:
            stats.errors += 1
            stats.timeouts += result.error_code == "timeout"
            stats.crashes += result.error_code == "crashed"
        if store is not None:
            # a timeout is stored with the limit it hit, so that another limit tries it again
            store.put(task.key, key, size=out.size, mtime_ns=out.mtime_ns, sha256=out.sha256,
                      result=result, result_json_text=out.json_text,
                      timeout=timeout if result.error_code == "timeout" else None)
        return result

    cwd = os.getcwd()  # once: os.path.abspath asks the OS again for every file (nothing here chdirs)
    stored: dict[str, Entry] = {}  # rows of the files planned next, fetched a block at a time
    keys: list[str] = []  # the absolute paths of that block
    stored_from = stored_upto = 0

    def absolute(name: str) -> str:
        return os.path.normpath(os.path.join(cwd, name))

    def plan(index: int) -> ScanResult | _Task:
        nonlocal stored, keys, stored_from, stored_upto
        name = files[index]
        if index in lost:
            stats.errors += 1
            return ScanResult.failed(name, f"{name}: {lost[index]}", "unreadable")
        if store is None or rescan:
            return _Task(index, name, absolute(name))
        if index >= stored_upto:
            stored_from, stored_upto = index, min(len(files), index + _LOOKUP_BLOCK)
            keys = [absolute(n) for n in files[stored_from:stored_upto]]
            stored = store.get_many(keys, key)
        path = keys[index - stored_from]
        try:
            st = os.stat(name)
        except OSError:
            return _Task(index, name, path)
        pair = (st.st_size, st.st_mtime_ns)
        entry = stored.get(path)  # not pop: a path given twice is looked up twice
        if entry is not None and entry.size != st.st_size:
            entry = None  # other bytes: scan again
        if (entry is None or entry.error_code in _RETRY_CODES
                or (entry.error_code == "timeout" and entry.timeout != timeout)):
            return _Task(index, name, path, stat=pair)
        if entry.mtime_ns == st.st_mtime_ns:
            stats.cached += 1
            return entry.result(name)
        return _Task(index, name, path, entry, pair)

    try:
        while True:
            # plan new files while the window has room
            in_flight = len(pending) + (pool.busy() if pool is not None else 0)  # unordered window
            while next_in < len(files) and (next_in - next_out if ordered else in_flight) < window:
                planned = plan(next_in)
                if isinstance(planned, ScanResult):
                    ready[next_in] = planned
                else:
                    pending.append(planned)
                    in_flight += 1
                next_in += 1
                if not ordered and ready:
                    break  # yield cached results as soon as they are known
            # run what is planned
            if pending and in_process:
                if nlp is None:
                    from scanner.pipeline import build_pipeline

                    nlp = build_pipeline(lexicon_files)
                task = pending.popleft()
                try:
                    with _time_limit(timeout):
                        out = _scan_path(task.key, task.name, nlp, kind, limits,
                                         task.entry.sha256 if task.entry else None, want_json)
                except _TimeUp:
                    out = _cut_off(task, _timed_out(task.name, timeout), "timeout")
                ready[task.index] = finish(task, out)
            elif pending or (pool is not None and pool.busy()):
                if pool is None:
                    size_ = max(1, min(n_workers, len(files) - next_out))
                    pool = _Pool(size_, (lexicon_files, kind, limits, want_json, timeout,
                                         _test_hooks()), timeout)
                    stats.workers_started = size_
                pool.submit(pending)
                for task, out in pool.poll(0.1 if bar else 1.0, pending):
                    ready[task.index] = finish(task, out)
            # hand results out
            if ordered:
                while next_out in ready:
                    result = ready.pop(next_out)
                    next_out += 1
                    _count(bar, result)
                    yield result
            else:
                for index in list(ready):
                    result = ready.pop(index)
                    next_out += 1
                    _count(bar, result)
                    yield result
            if store is not None:
                store.maybe_commit()
            if bar is not None:
                bar.draw()
            if next_out >= len(files) and next_in >= len(files):
                break
    finally:
        if pool is not None:
            finished = next_out >= len(files)
            pool.close(kill=not finished)
            stats.worker_peak_rss_kb = max(stats.worker_peak_rss_kb, pool.peak_rss_kb)
        if store is not None:
            store.close()
        if bar is not None:
            bar.close()


def _cores() -> int:
    """The cores this process may run on (a container's or ``taskset``'s share, not the host's)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


