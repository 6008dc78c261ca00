"""Imported by the batch's forkserver before it forks any worker (``multiprocessing``'s preload).

Building the default pipeline here, once, means every worker forked afterwards inherits it ready,
instead of each paying for the lexicon, spaCy's language data and the matchers on its own.
Nothing may escape: a preload that raises would take the forkserver down with it, and the
workers then build their own pipeline and report the problem themselves.
"""

from __future__ import annotations

import contextlib
import gc

with contextlib.suppress(Exception):
    from scanner.pipeline import shared_pipeline

    shared_pipeline()
    gc.collect()
    gc.freeze()  # what workers inherit stays out of their collections (see batch.local._worker_main)
