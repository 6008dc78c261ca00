"""Web benchmark: answers of a warm ``credscan serve``, timed as a browser or script waits for them.

Run from the repository root::

    .venv/bin/python bench/web.py            # 20 audits, 3 rankings of 200 resumes
    .venv/bin/python bench/web.py --audits 50 --ranks 5

It starts ``python -m scanner serve`` on a free loopback port (as a user would), waits until it
is ready (its workers' server has built the pipeline), and measures over HTTP:

1. a CV audit of a two-page PDF resume against an HTML posting (``POST /api/audit``): the goal is
   300 ms or less on a warm server;
2. a shortlist of a 200-resume zip (PDF, DOCX, TXT from ``bench/batch.py``'s corpus, seed 7)
   against the same posting (``POST /api/rank``): the goal is 2 s or less on 2 cores.

Medians and the slowest run are printed with their ratio to the goal; the start-up time is
printed too (it is paid once per server, not per request).
"""

from __future__ import annotations

import argparse
import importlib.util
import io
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
POSTING = ROOT / "samples" / "postings" / "acme-ml-engineer.html"
AUDIT_GOAL_S = 0.300
RANK_GOAL_S = 2.0


def _batch_bench():
    spec = importlib.util.spec_from_file_location("bench_batch", ROOT / "bench" / "batch.py")
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def corpus(count: int) -> list[Path]:
    batch = _batch_bench()
    folder = batch.build_corpus(7, count)
    return batch.corpus_files(folder)[:count]


def two_page_pdf(files: list[Path]) -> Path:
    import pypdfium2

    for f in files:
        if f.suffix == ".pdf" and "plain2" in f.name and len(pypdfium2.PdfDocument(str(f))) == 2:
            return f
    raise SystemExit("no two-page PDF in the corpus")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(port: int, log: Path) -> tuple[subprocess.Popen, float]:
    started = time.perf_counter()
    with open(log, "wb") as out:
        proc = subprocess.Popen([sys.executable, "-m", "scanner", "serve", "--port", str(port)], cwd=ROOT,
                                stdout=out, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 120
    while "serving on" not in log.read_text(errors="replace"):
        if proc.poll() is not None or time.monotonic() > deadline:
            raise SystemExit(f"the server did not start:\n{log.read_text(errors='replace')}")
        time.sleep(0.05)
    return proc, time.perf_counter() - started


def timed(fn, runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t)
    return out


def line(what: str, times: list[float], goal: float) -> str:
    med = statistics.median(times)
    return (f"{what:<44} median {med * 1000:7.0f} ms  slowest {max(times) * 1000:7.0f} ms  "
            f"goal {goal * 1000:.0f} ms  median/goal {med / goal:.2f}  {'ok' if med <= goal else 'OVER'}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--audits", type=int, default=20)
    ap.add_argument("--ranks", type=int, default=3)
    ap.add_argument("--resumes", type=int, default=200)
    args = ap.parse_args(argv)

    import httpx

    files = corpus(args.resumes)
    cv = two_page_pdf(files)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for f in files:
            z.write(f, f"resumes/{f.name}")
    archive = buf.getvalue()
    posting = POSTING.read_bytes()
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    print(f"credscan serve on {cores} cores; {len(files)} resumes zipped ({len(archive) / 1e6:.1f} MB), "
          f"audit CV {cv.name} (2 pages)")

    port = free_port()
    with tempfile.TemporaryDirectory() as tmp:
        proc, startup = start_server(port, Path(tmp) / "serve.log")
        try:
            print(f"{'server start until ready (once)':<44} {startup * 1000:7.0f} ms")
            with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=120) as http:
                def audit() -> None:
                    r = http.post("/api/audit", files={"resume": (cv.name, cv.read_bytes()),
                                                       "posting": (POSTING.name, posting)})
                    r.raise_for_status()
                    assert r.json()["schema"] == "credscan.audit/1"

                def ranking() -> None:
                    r = http.post("/api/rank", files=[("resumes", ("resumes.zip", archive)),
                                                      ("posting", (POSTING.name, posting))])
                    r.raise_for_status()
                    data = r.json()
                    assert len(data["results"]) + len(data["errors"]) + len(data["skipped"]) == len(files), data

                audit()  # the first request of a kind imports what it needs (a reader, a template)
                print(line("CV audit, 2-page PDF against a posting", timed(audit, args.audits), AUDIT_GOAL_S))
                ranking()
                print(line(f"shortlist of a {len(files)}-resume zip", timed(ranking, args.ranks), RANK_GOAL_S))
        finally:
            proc.terminate()
            proc.wait(10)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
