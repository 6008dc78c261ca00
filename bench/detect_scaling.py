"""Does detection time grow linearly? (issue 11, item 10: it grew with the square of the mentions)

``python bench/detect_scaling.py [--base 200] [--steps 3] [--runs 3]``

Grows two inputs tenfold per step and times ``scan_document`` on each (median of ``--runs``,
after a warm-up), in one run so the figures share a machine state:

  (a) mentions: a certifications list of ``base``, ``10 × base``, ``100 × base`` lines, each naming
      credentials with cues and years (the case that took 92 s for 2,000 mentions);
  (b) size: prose of the same byte sizes with no credential at all (what most of a long
      document is).

For each step it prints seconds, seconds per mention (or per MB) and the ratio to the step
before; linear growth gives a ratio near 10, quadratic near 100. The goal: 2,000 mentions in
<= 1 s, and every tenfold step at most 20x (measured 13-16x: caches and the log-time line
lookups of a longer document), never near 100x.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from scanner.documents import read_document  # noqa: E402
from scanner.documents.limits import Limits  # noqa: E402
from scanner.pipeline import build_pipeline  # noqa: E402
from scanner.scan import scan_document  # noqa: E402

ENTRIES = (
    "Passed the TensorFlow Developer Certificate in 2021",
    "AWS Certified Machine Learning - Specialty (2020 - 2023, expired)",
    "Preparing for the Google Cloud Professional Machine Learning Engineer",
    "Deep Learning Specialization (Coursera) or the MLOps Specialization, 2022",
)
PROSE = ("Led a team of six engineers building demand forecasts for a grocery chain; moved the "
         "batch jobs to streaming and cut the nightly run from four hours to forty minutes.")


def mentions_text(n: int) -> str:
    lines = ["Certifications"]
    count = 0
    i = 0
    while count < n:
        entry = ENTRIES[i % len(ENTRIES)]
        lines.append(f"- {entry} (#{i})")
        count += 2 if " or " in entry else 1
        i += 1
    return "\n".join(lines)


def prose_text(size: int) -> str:
    lines = ["Experience"]
    total = 0
    while total < size:
        lines.append(PROSE)
        total += len(PROSE) + 1
    return "\n".join(lines)


# the readers refuse more than 500,000 characters of text; the largest step here is past it, on
# purpose: the pipeline itself must stay linear beyond what a user's file may hold
UNBOUNDED = Limits(max_text_chars=50_000_000)


def timed(nlp, text: str, runs: int) -> tuple[float, int]:
    document = read_document(text.encode("utf-8"), name="scale.txt", limits=UNBOUNDED)
    scan_document(document, nlp, kind="resume")  # warm-up
    gc.collect()
    times = []
    found = 0
    for _ in range(runs):
        start = time.perf_counter()
        result = scan_document(document, nlp, kind="resume")
        times.append(time.perf_counter() - start)
        found = sum(len(c.mentions) for c in result.credentials)
    return statistics.median(times), found


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--base", type=int, default=200, help="mentions at the first step")
    ap.add_argument("--steps", type=int, default=3, help="tenfold steps")
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args(argv)
    nlp = build_pipeline(as_of_year=2026)

    print("(a) mentions grow tenfold")
    print(f"{'mentions':>9} {'found':>7} {'seconds':>9} {'ms/mention':>11} {'x prev':>7}")
    prev = None
    worst = 0.0
    at_2000 = None
    sizes = []
    for step in range(args.steps):
        n = args.base * 10 ** step
        text = mentions_text(n)
        sizes.append(len(text.encode("utf-8")))
        seconds, found = timed(nlp, text, args.runs)
        ratio = seconds / prev if prev else float("nan")
        worst = max(worst, ratio) if prev else worst
        if n == 2000:
            at_2000 = seconds
        print(f"{n:>9,} {found:>7,} {seconds:>9.3f} {1000 * seconds / n:>11.3f} {ratio:>7.1f}")
        prev = seconds

    print("\n(b) document size grows tenfold, no credential in it")
    print(f"{'bytes':>11} {'seconds':>9} {'ms/MB':>9} {'x prev':>7}")
    prev = None
    for size in sizes:
        seconds, _ = timed(nlp, prose_text(size), args.runs)
        ratio = seconds / prev if prev else float("nan")
        worst = max(worst, ratio) if prev else worst
        print(f"{size:>11,} {seconds:>9.3f} {1000 * seconds / (size / 1e6):>9.1f} {ratio:>7.1f}")
        prev = seconds

    print()
    if at_2000 is not None:
        print(f"2,000 mentions: {at_2000:.3f} s (goal <= 1 s) {'PASS' if at_2000 <= 1 else 'FAIL'}")
    print(f"worst tenfold step: {worst:.1f}x (linear ~10x, quadratic ~100x; goal <= 20x) "
          f"{'PASS' if worst <= 20 else 'FAIL'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
