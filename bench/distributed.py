"""Distributed benchmark: the Dask engine against the local batch on the same corpus, in one run.

Run from the repository root (needs the dask extra)::

    .venv/bin/python bench/distributed.py                  # 2,000 files, client memory at 2k and 20k
    .venv/bin/python bench/distributed.py --big 0          # no 20,000-file memory run

The corpus is ``bench/batch.py``'s (seed 7: about 70% PDF, 20% DOCX, 10% TXT resumes), cached
under bench/corpus/. It prints, in one run on that corpus:

1. files/s of the local batch (``run_batch``, 2 worker processes, no store, JSONL written to a
   file) and of the Dask engine (``run_dask``, a 2-process ``LocalCluster``, one thread each,
   shards written) twice: on a running, warmed-up cluster (a team's cluster: the workers have
   built their pipeline on an earlier job) and end to end with the cluster started for the job
   (what ``--local 2`` costs); the ratio Dask / local (goal: at least 0.8 on the running cluster);
2. the scheduler's overhead per partition: the round trip of a task that does nothing through
   the same bounded submission loop, and, from the real run, the time the workers were not
   inside a partition, divided by the partitions;
3. the client's peak RSS at 2,000 and at 20,000 files (goal: flat), the cluster started in
   another process, so the figure is the client's own.

Each measurement runs in a fresh Python process (``--measure``); the timed ones run ``--repeat``
times (default 3), local and Dask back to back each time, and both the best of each and the
median of the back-to-back ratios are shown, as the machine is shared. The scheduler and workers of
"running cluster" measurements live in a helper process started once.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
# run as a script, this folder comes first on sys.path, and this file would shadow Dask's
# ``distributed`` package: take the folder off before anything imports it
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]
GOAL_RATIO = 0.8  # Dask files/s over local files/s, at least, on a running cluster
GOAL_FLAT = 1.25  # client peak RSS at 20k over at 2k, at most


def _bench_batch() -> Any:
    spec = importlib.util.spec_from_file_location("bench_batch", ROOT / "bench" / "batch.py")
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    sys.modules[spec.name] = module  # type: ignore[union-attr]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def _self_rss_kb() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KB on Linux


# ------------------------------------------------------------------------------------------
# measurements (each in its own process)
# ------------------------------------------------------------------------------------------


def measure_local(folder: str, workers: int) -> dict[str, Any]:
    from scanner.batch import BatchStats, run_batch, walk
    from scanner.render import write_jsonl

    started = time.perf_counter()
    files = [p for p in walk([folder]) if isinstance(p, Path)]
    stats = BatchStats()
    n = errors = 0
    with tempfile.TemporaryFile("w", encoding="utf-8") as out:
        for result in run_batch(files, workers=workers, progress=False, stats=stats):
            write_jsonl(out, [result.to_dict()])
            n += 1
            errors += not result.ok
    return {"files": n, "errors": errors, "seconds": time.perf_counter() - started,
            "client_rss_kb": _self_rss_kb()}


def measure_dask(folder: str, scheduler: str | None, workers: int, partition_size: int | None) -> dict[str, Any]:
    """One job into a fresh shard directory: on the cluster at ``scheduler``, or (None) on a
    LocalCluster started and closed inside the timed region."""
    from scanner.batch.cluster import run_dask

    out = tempfile.mkdtemp(prefix="credscan-bench-shards-")
    try:
        started = time.perf_counter()
        report = run_dask([folder], out=out, scheduler=scheduler, local=workers,
                          partition_size=partition_size, progress=False)
        elapsed = time.perf_counter() - started
        sizes = [p.stat().st_size for p in Path(out).glob("part-*.jsonl")]
        parquet = [p.stat().st_size for p in Path(out).glob("part-*.parquet")]
    finally:
        shutil.rmtree(out, ignore_errors=True)
    return {"files": report.files, "errors": report.errors, "seconds": elapsed, "shards": report.shards,
            "task_seconds": report.task_seconds, "workers": report.workers, "client_rss_kb": _self_rss_kb(),
            "jsonl_bytes": sum(sizes), "parquet_bytes": sum(parquet), "retried": report.retried,
            "worker_rss_kb": report.worker_rss_kb}


def measure_overhead(scheduler: str, tasks: int) -> dict[str, Any]:
    """Round trips of do-nothing tasks through a window of 4, as run_dask submits partitions."""
    from distributed import Client, as_completed

    with Client(scheduler) as client:
        client.submit(_noop, -1, pure=False).result()  # connections made, function shipped
        started = time.perf_counter()
        pending = as_completed()
        flying = 0
        submitted = 0
        while submitted < tasks or flying:
            while submitted < tasks and flying < 4:
                pending.add(client.submit(_noop, submitted, pure=False))
                submitted += 1
                flying += 1
            future = next(pending)
            future.result()
            future.release()
            flying -= 1
        elapsed = time.perf_counter() - started
    return {"tasks": tasks, "seconds": elapsed, "ms_per_task": 1000 * elapsed / tasks}


def _noop(i: int) -> dict[str, int]:
    return {"i": i}


def run_measure(what: str, **kwargs: Any) -> dict[str, Any]:
    cmd = [PYTHON, str(Path(__file__).resolve()), "--measure", what, "--args", json.dumps(kwargs)]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True, cwd=ROOT)
    return json.loads(out.stdout.strip().splitlines()[-1])


def best(runs: list[dict[str, Any]]) -> dict[str, Any]:
    top = dict(min(runs, key=lambda r: r["seconds"]))
    top["client_rss_kb"] = max(r["client_rss_kb"] for r in runs)
    top["runs"] = len(runs)
    return top


# ------------------------------------------------------------------------------------------
# a running cluster in a helper process
# ------------------------------------------------------------------------------------------

CLUSTER = """
import logging, sys
from distributed import LocalCluster
cluster = LocalCluster(n_workers=int(sys.argv[1]), threads_per_worker=1, processes=True,
                       dashboard_address=":0", silence_logs=logging.ERROR)
print(cluster.scheduler_address, flush=True)
sys.stdin.read()  # until the benchmark closes our stdin
cluster.close()
"""


class RunningCluster:
    def __init__(self, workers: int) -> None:
        self.proc = subprocess.Popen([PYTHON, "-c", CLUSTER, str(workers)], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, text=True, cwd=ROOT)
        assert self.proc.stdout is not None
        self.address = self.proc.stdout.readline().strip()

    def close(self) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.close()
        try:
            self.proc.wait(30)
        except subprocess.TimeoutExpired:
            self.proc.kill()


# ------------------------------------------------------------------------------------------


def _rate(r: dict[str, Any]) -> float:
    return r["files"] / r["seconds"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=2000, help="corpus size (default 2000)")
    parser.add_argument("--big", type=int, default=20000, help="size for the client-memory run (0: skip)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--partition-size", type=int, default=None,
                        help="files a partition (default: as the CLI, 1000, and 16 partitions for a job under 16,000)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--measure", help=argparse.SUPPRESS)
    parser.add_argument("--args", help=argparse.SUPPRESS)
    opts = parser.parse_args(argv)
    if opts.measure:
        fn = {"local": measure_local, "dask": measure_dask, "overhead": measure_overhead}[opts.measure]
        print(json.dumps(fn(**json.loads(opts.args))))
        return 0

    batch = _bench_batch()
    print(f"building corpus: seed {opts.seed}, {opts.count} files", file=sys.stderr)
    folder = str(batch.build_corpus(opts.seed, opts.count))
    big_folder = str(batch.build_corpus(opts.seed, opts.big)) if opts.big else None
    w, size = opts.workers, opts.partition_size
    print(f"credscan distributed benchmark: {opts.count} files, {w} workers, partitions of about "
          f"{size or 'the default size'}, "
          f"{os.cpu_count()} cores (shared)")

    cluster = RunningCluster(w)
    try:
        run_measure("dask", folder=folder, scheduler=cluster.address, workers=w, partition_size=size)  # warm-up
        local, warm, cold = [], [], []
        for _ in range(opts.repeat):  # interleaved, so that a busy neighbour hits each alike
            local.append(run_measure("local", folder=folder, workers=w))
            warm.append(run_measure("dask", folder=folder, scheduler=cluster.address, workers=w,
                                    partition_size=size))
            cold.append(run_measure("dask", folder=folder, scheduler=None, workers=w, partition_size=size))
        overhead = run_measure("overhead", scheduler=cluster.address, tasks=200)
        mem_small = run_measure("dask", folder=folder, scheduler=cluster.address, workers=w, partition_size=size)
        mem_big = (run_measure("dask", folder=big_folder, scheduler=cluster.address, workers=w, partition_size=size)
                   if big_folder else None)
    finally:
        cluster.close()
    local_b, warm_b, cold_b = best(local), best(warm), best(cold)

    print(f"\n1. throughput (best of {opts.repeat})")
    print(f"  local batch, {w} workers:             {_rate(local_b):6.0f} files/s  ({local_b['seconds']:.2f} s)")
    print(f"  dask, running {w}-worker cluster:      {_rate(warm_b):6.0f} files/s  ({warm_b['seconds']:.2f} s, "
          f"{warm_b['shards']} shards)   ratio {_rate(warm_b) / _rate(local_b):.2f}  (goal >= {GOAL_RATIO})")
    print(f"  dask, --local {w} (cluster started):   {_rate(cold_b):6.0f} files/s  ({cold_b['seconds']:.2f} s)"
          f"   ratio {_rate(cold_b) / _rate(local_b):.2f}")
    print(f"  all runs (files/s): local {[round(_rate(r)) for r in local]}, dask running "
          f"{[round(_rate(r)) for r in warm]}, dask started {[round(_rate(r)) for r in cold]}")
    pairs = sorted(_rate(d) / _rate(c) for c, d in zip(local, warm, strict=True))
    print(f"  back-to-back ratios, running cluster / local: {[round(x, 2) for x in pairs]}, "
          f"median {pairs[len(pairs) // 2]:.2f}")
    print(f"  shards: {warm_b['jsonl_bytes'] / warm_b['files'] / 1024:.1f} KB JSONL a file"
          + (f", {warm_b['parquet_bytes'] / warm_b['files'] / 1024:.1f} KB Parquet a file" if warm_b['parquet_bytes']
             else " (no pyarrow: no Parquet)"))

    idle = (warm_b["seconds"] * warm_b["workers"] - warm_b["task_seconds"]) / max(1, warm_b["shards"])
    print("\n2. scheduler overhead")
    print(f"  a do-nothing task through the submission window: {overhead['ms_per_task']:.1f} ms a partition "
          f"({overhead['tasks']} tasks)")
    print(f"  workers outside a partition in the real run: {idle:.2f} s a partition "
          f"(wall x workers - task time, over {warm_b['shards']} partitions; includes the last partition's tail)")

    print("\n3. client peak RSS (cluster in another process)")
    print(f"  {mem_small['files']:>6} files: {mem_small['client_rss_kb'] / 1024:6.0f} MB")
    if mem_big:
        growth = mem_big["client_rss_kb"] / mem_small["client_rss_kb"]
        print(f"  {mem_big['files']:>6} files: {mem_big['client_rss_kb'] / 1024:6.0f} MB   x{growth:.2f}  "
              f"(goal <= {GOAL_FLAT}; {_rate(mem_big):.0f} files/s, {mem_big['shards']} shards)")
    print(f"  a worker process's peak RSS: {mem_small['worker_rss_kb'] / 1024:.0f} MB"
          + (f" after {mem_small['files']} files, {mem_big['worker_rss_kb'] / 1024:.0f} MB after "
             f"{mem_big['files']} more" if mem_big else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
