"""Scan many files: walk folders, run the per-file scan on an engine, report progress, keep results.

One room per job, two engines behind one seam::

    walk.py      walk(paths) -> Path | Skipped: which files, in a fixed order, and what is left out
    scanfile.py  one file: read once, hash, scan (the pure ``read_document`` and ``scan_document``);
                 the error results every engine gives (reader error, unreadable, timeout, crashed);
                 the in-process time limit; what a result was made under (code, lexicon, settings)
    local.py     the local engine: forkserver worker processes with a per-file time limit and
                 crash isolation, results streamed in order, the SQLite results store
    progress.py  the progress line on stderr

The names below are the package's interface; ``from scanner.batch import run_batch, walk,
scan_file, Skipped, BatchStats`` keeps working whichever module holds them.
"""

from __future__ import annotations

from scanner.batch.local import BatchStats, WorkerStartError, run_batch
from scanner.batch.scanfile import _scan_path, scan_file  # noqa: F401
from scanner.batch.walk import Skipped, walk

__all__ = ["BatchStats", "Skipped", "WorkerStartError", "run_batch", "scan_file", "walk"]
# ``_scan_path`` stays importable for bench/scale.py, which times the per-file scan alone.
