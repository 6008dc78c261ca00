"""What does one large text file cost a batch worker, in time and peak memory?

``python bench/scale.py [--sizes 0.1 0.45 1 5 19] [--timeout 60]``

For each size (MB) it writes two plain-text files made of the sample resumes: a multi-line one
(the resumes repeated) and a one-line one (the same words, newlines turned into spaces). Each
file is scanned in a fresh process that first does what a batch worker does before its first
file (build the pipeline, freeze it out of the garbage collector), then resets the kernel's
peak-RSS counter (``/proc/self/clear_refs``) and scans the file the way a worker does
(``scanner.batch._scan_path``: read, hash, read_document, scan_document, the store's JSON),
and, in another process, the reader and the scan separately. Each stage's peak is the growth
of VmHWM over the worker's resident size before it, so what the pipeline already held does not
count (the file's bytes do, in the whole path; the stages start from bytes already read).

The baseline, measured in the same run, is one sample resume (a few KB). Printed per file: the
time and peak growth of each stage, and the peak as a multiple of the file size (the goal is
at most 10x) and the time as a multiple of the baseline. No assertions: this is a measurement.
Linux only (it reads /proc).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCES = [ROOT / "samples" / "resumes" / "aisha-khan.txt", ROOT / "samples" / "resumes" / "tomas-novak.md"]
MB = 1024 * 1024


def _status(field: str) -> int:
    text = Path("/proc/self/status").read_text()
    return int(re.search(rf"{field}:\s+(\d+)", text).group(1))  # type: ignore[union-attr]


def _reset_peak() -> int:
    """Reset VmHWM to the current RSS; return that RSS in KB."""
    Path("/proc/self/clear_refs").write_text("5")
    return _status("VmRSS")


def child(path: str, mode: str) -> None:
    """Scan ``path`` as a worker would and print one JSON line of figures.

    ``mode`` "total": the worker's whole path once; "stages": the reader, then the scan of its
    document. Separate processes, so that memory one freed is not reused by the other.
    """
    import gc

    from scanner.batch import _scan_path
    from scanner.documents import DEFAULT_LIMITS, DocumentError, read_document
    from scanner.pipeline import shared_pipeline
    from scanner.scan import scan_document
    from scanner.store import result_json

    nlp = shared_pipeline()
    gc.collect()
    gc.freeze()
    data = Path(path).read_bytes()
    out: dict[str, object] = {"bytes": len(data)}

    if mode == "total":
        del data  # the worker reads the file itself
        base = _reset_peak()
        start = time.perf_counter()
        result = _scan_path(path, path, nlp, None, DEFAULT_LIMITS, want_json=True).result
        assert result is not None
        out["total_s"] = time.perf_counter() - start
        out["total_kb"] = _status("VmHWM") - base
        out["error_code"] = result.error_code
        out["error"] = result.error
        print(json.dumps(out))
        return
    base = _reset_peak()
    start = time.perf_counter()
    try:
        document = read_document(data, name=path, limits=DEFAULT_LIMITS)
    except DocumentError as err:
        document = None
        out["error"] = str(err)
    out["read_s"] = time.perf_counter() - start
    out["read_kb"] = _status("VmHWM") - base
    if document is not None:
        out["lines"] = len(document.lines)
        base = _reset_peak()
        start = time.perf_counter()
        result = scan_document(document, nlp)
        result_json(result)
        out["scan_s"] = time.perf_counter() - start
        out["scan_kb"] = _status("VmHWM") - base
    print(json.dumps(out))


def measure(path: Path, timeout: float) -> dict[str, object]:
    """The figures of both modes, each from its own process; a stage that runs out of time
    leaves its figures out, a whole path that does says so."""
    got: dict[str, object] = {}
    for mode in ("total", "stages"):
        cmd = [sys.executable, __file__, "--child", str(path), "--mode", mode]
        try:
            done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False)
        except subprocess.TimeoutExpired:
            if mode == "total":
                return {"timeout": timeout}
            continue
        if done.returncode != 0:
            return {"failed": (done.stderr.strip().splitlines() or ["?"])[-1]}
        got.update(json.loads(done.stdout.strip().splitlines()[-1]))
    return got


def make_inputs(folder: Path, sizes: list[float]) -> list[tuple[str, Path]]:
    text = "\n\n".join(p.read_text(encoding="utf-8") for p in SOURCES)
    made = [("baseline (one resume)", SOURCES[0])]
    for mb in sizes:
        n = int(mb * MB)
        multi = (text * (n // len(text.encode()) + 1)).encode()[:n]
        one = multi.replace(b"\n", b" ")
        for label, data in (("multi-line", multi), ("one-line", one)):
            path = folder / f"{mb:g}mb-{label}.txt"
            path.write_bytes(data.decode("utf-8", "ignore").encode())
            made.append((f"{mb:g} MB {label}", path))
    return made


def _cell(got: dict[str, object], key: str, scale: float = 1.0, fmt: str = ".2f") -> str:
    value = got.get(key)
    return "-" if value is None else format(float(value) * scale, fmt)  # type: ignore[arg-type]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=float, nargs="+", default=[0.1, 0.45, 1, 5, 19])
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds per file")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--mode", default="total", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.mode)
        return
    with tempfile.TemporaryDirectory() as tmp:
        inputs = make_inputs(Path(tmp), args.sizes)
        print(f"{'input':24} {'read s':>7} {'read MB':>8} {'scan s':>7} {'scan MB':>8} "
              f"{'total s':>8} {'peak MB':>8} {'peak/size':>9} {'time/base':>9}  outcome")
        base_s = None
        for label, path in inputs:
            size = path.stat().st_size
            got = measure(path, args.timeout)
            if "timeout" in got or "failed" in got:
                print(f"{label:24} {'':>7} {'':>8} {'':>7} {'':>8} {'':>8} {'':>8} {'':>9} {'':>9}  "
                      + (f"timed out after {args.timeout:g} s" if "timeout" in got else f"failed: {got['failed']}"))
                continue
            total_s = float(got["total_s"])  # type: ignore[arg-type]
            peak = int(got["total_kb"]) * 1024  # type: ignore[call-overload]
            base_s = base_s or total_s
            outcome = got.get("error") or f"ok, {got.get('lines', 0)} lines"

            print(f"{label:24} {_cell(got, 'read_s'):>7} {_cell(got, 'read_kb', 1 / 1024, '.1f'):>8} "
                  f"{_cell(got, 'scan_s'):>7} {_cell(got, 'scan_kb', 1 / 1024, '.1f'):>8} {total_s:8.2f} "
                  f"{peak / MB:8.1f} {peak / size:9.1f}x {total_s / base_s:8.0f}x  {outcome}")
    print(f"(peak: growth of the worker's peak RSS over its size before the file; python {sys.version.split()[0]}, "
          f"{os.cpu_count()} cores)")


if __name__ == "__main__":
    main()
