"""Scan many files: walk folders, run the per-file scan on an engine, report progress, keep results.

One room per job, two engines behind one seam::

    walk.py      walk(paths) -> Path | Skipped: which files, in a fixed order, and what is left out
    scanfile.py  one file: read once, hash, scan (the pure ``read_document`` and ``scan_document``);
                 the error results every engine gives (reader error, unreadable, timeout, crashed);
                 the in-process time limit; what a result was made under (code, lexicon, settings)
    timelimit.py the per-file time limit: a timer signal in the main thread, a watchdog thread
                 in any other (a Dask task)
    local.py     the local engine: forkserver worker processes with a per-file time limit and
                 crash isolation, results streamed in order, the SQLite results store
    cluster.py   the Dask engine's client: partitions cut as the walk goes, a bounded window of
                 tasks, retries, the manifest (``run_dask``; needs the dask extra)
    partition.py one partition where its task runs: the pipeline once per worker process, each
                 file under the time limit, isolation on a retry, its shard written
    shards.py    a shard directory: names, atomic writes, the manifest, reading results back
    progress.py  the progress line on stderr

Both engines scan a file with ``scanfile``'s functions and give its error results, so a shard's
line for a file is what the local ``credscan scan --format jsonl`` prints for it.

The names below are the package's interface; ``from scanner.batch import run_batch, walk,
scan_file, Skipped, BatchStats`` keeps working whichever module holds them.
"""

from __future__ import annotations

from scanner.batch.local import BatchStats, WorkerStartError, run_batch
from scanner.batch.scanfile import _scan_path, scan_file  # noqa: F401
from scanner.batch.walk import Skipped, walk

__all__ = ["BatchStats", "Skipped", "WorkerStartError", "run_batch", "scan_file", "walk"]
# ``_scan_path`` stays importable for bench/scale.py, which times the per-file scan alone.
