"""How well is the kind (resume or posting) read on real text? (issue 10)

``python bench/corpora.py [--corpus NAME ...] [--limit N] [--workers 2] [--credentials] [--misses]``

Reads the unlabelled real corpora of ``../shared/corpora`` at run time (nothing of them is copied
into the repository; the script says so and stops when the folder is absent). Each text is read
the way a user's file would be: its UTF-8 bytes through ``read_document`` (LinkedIn's list
literals as they are, which is what a user pasting them would have), then scanned with the kind
left to the classifier. Per corpus it prints the number of documents, the kind accuracy (each
corpus holds one kind, so the label is the corpus's), a confusion table, a reliability table
(confidence bins against the accuracy within them: a calibrated confidence of 0.8 is right about
80% of the time) and documents per second. Documents the reader refuses (empty, too short) are
counted apart, not scored.

``--credentials`` also lists every credential reported (corpus, document id, credential id,
status or level, the mention's text, method), for checking by hand; ``--misses`` the ids of the
documents whose kind was wrong, with the confidence. Both go to the terminal only.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPORA = ROOT.parent / "shared" / "corpora"
# file stem -> the kind every document of it has
KINDS = {
    "postings-da-2020": "posting",
    "postings-remotewlb": "posting",
    "resumes-livecareer": "resume",
}
BINS = (0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 1.0001)


@dataclass(frozen=True, slots=True)
class Outcome:
    corpus: str
    id: str
    source: str
    kind: str | None  # None: the reader refused the text
    confidence: float
    error: str | None
    credentials: tuple[tuple[str, str, str, str], ...]  # (id, status or level, text, method)


def load(name: str, limit: int = 0) -> list[dict]:
    """The records of one corpus (``limit`` > 0: an evenly spread sample of that many)."""
    with gzip.open(CORPORA / f"{name}.jsonl.gz", "rt", encoding="utf-8") as f:
        records = [json.loads(line) for line in f]
    if 0 < limit < len(records):
        step = len(records) / limit
        records = [records[int(i * step)] for i in range(limit)]
    return records


_nlp = None


def _scan(job: tuple[str, str, str, str]) -> Outcome:
    global _nlp
    from scanner.documents import read_document
    from scanner.documents.errors import DocumentError
    from scanner.scan import scan_document

    if _nlp is None:
        from scanner.pipeline import build_pipeline

        _nlp = build_pipeline()
    corpus, rid, source, text = job
    try:
        document = read_document(text.encode("utf-8"), name="x.txt")
    except DocumentError as exc:
        return Outcome(corpus, rid, source, None, 0.0, str(exc), ())
    result = scan_document(document, _nlp)
    creds = tuple(
        (c.id, (c.level if result.kind == "posting" else c.status) or "-", m.text, m.method)
        for c in result.credentials
        for m in c.mentions
    )
    return Outcome(corpus, rid, source, result.kind, result.kind_confidence, None, creds)


def run(name: str, records: list[dict], workers: int) -> tuple[list[Outcome], float]:
    jobs = [(name, str(r["id"]), r.get("source") or r.get("category") or "", r["text"]) for r in records]
    start = time.perf_counter()
    if workers <= 1:
        outcomes = [_scan(j) for j in jobs]
    else:
        with ProcessPoolExecutor(workers) as pool:
            outcomes = list(pool.map(_scan, jobs, chunksize=64))
    return outcomes, time.perf_counter() - start


def confusion(outcomes: list[Outcome], truth: str) -> list[str]:
    counts = Counter(o.kind for o in outcomes if o.kind)
    return [
        "  truth \\ read   resume  posting",
        f"  {truth:<14} {counts['resume']:>6}  {counts['posting']:>7}",
    ]


def reliability(pairs: list[tuple[float, bool]]) -> list[str]:
    """Confidence bins against accuracy: calibrated when each bin's accuracy sits within it."""
    out = ["  confidence      n   mean conf  accuracy"]
    for lo, hi in pairwise(BINS):
        inside = [(c, ok) for c, ok in pairs if lo <= c < hi]
        if not inside:
            continue
        mean = sum(c for c, _ in inside) / len(inside)
        acc = sum(ok for _, ok in inside) / len(inside)
        out.append(f"  [{lo:.2f}, {min(hi, 1.0):.2f}]  {len(inside):>5}  {mean:>9.3f}  {acc:>8.3f}")
    if pairs:
        ece = 0.0
        for lo, hi in pairwise(BINS):
            inside = [(c, ok) for c, ok in pairs if lo <= c < hi]
            if inside:
                gap = sum(c for c, _ in inside) / len(inside) - sum(ok for _, ok in inside) / len(inside)
                ece += abs(gap) * len(inside) / len(pairs)
        out.append(f"  expected calibration error {ece:.3f}")
    return out


def report(name: str, outcomes: list[Outcome], seconds: float, misses: bool) -> tuple[int, int]:
    truth = KINDS[name]
    read = [o for o in outcomes if o.kind]
    right = sum(o.kind == truth for o in read)
    refused = len(outcomes) - len(read)
    print(f"== {name}: n {len(outcomes)} (read {len(read)}, refused by the reader {refused}), "
          f"{len(outcomes) / seconds:.0f} docs/s")
    print(f"  kind accuracy {right / max(len(read), 1):.4f} ({right}/{len(read)})")
    by_source = Counter(o.source for o in read)
    if len(by_source) > 1 and len(by_source) <= 5:
        for source, n in sorted(by_source.items()):
            ok = sum(o.kind == truth for o in read if o.source == source)
            print(f"    {source:<10} {ok / n:.4f} ({ok}/{n})")
    print("\n".join(confusion(read, truth)))
    print("\n".join(reliability([(o.confidence, o.kind == truth) for o in read])))
    if misses:
        for o in read:
            if o.kind != truth:
                print(f"  miss {o.id} -> {o.kind} ({o.confidence:.2f})")
    print()
    return right, len(read)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", action="append", choices=sorted(KINDS), help="only this corpus (repeatable)")
    parser.add_argument("--limit", type=int, default=0, help="an evenly spread sample of N per corpus")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--credentials", action="store_true", help="list every credential reported")
    parser.add_argument("--misses", action="store_true", help="list the ids read as the wrong kind")
    args = parser.parse_args(argv)
    if not CORPORA.is_dir():
        print(f"corpora not found at {CORPORA}: nothing to measure (skipped)")
        return 0
    names = args.corpus or list(KINDS)
    pooled: list[tuple[float, bool]] = []
    found: list[Outcome] = []
    for name in names:
        if not (CORPORA / f"{name}.jsonl.gz").is_file():
            print(f"{name}: not found in {CORPORA} (skipped)\n")
            continue
        outcomes, seconds = run(name, load(name, args.limit), args.workers)
        report(name, outcomes, seconds, args.misses)
        pooled += [(o.confidence, o.kind == KINDS[name]) for o in outcomes if o.kind]
        found += [o for o in outcomes if o.credentials]
    if len(names) > 1 and pooled:
        print("== all corpora pooled")
        print("\n".join(reliability(pooled)))
        print()
    if args.credentials:
        print("corpus\tid\tcredential\tstatus/level\tmention\tmethod")
        per_id: Counter[str] = Counter()
        for o in found:
            for cid, state, text, method in o.credentials:
                per_id[cid] += 1
                print(f"{o.corpus}\t{o.id}\t{cid}\t{state}\t{text}\t{method}")
        print()
        for cid, n in per_id.most_common():
            print(f"  {cid:<36} {n:>4} mentions")
    return 0


if __name__ == "__main__":
    sys.exit(main())
