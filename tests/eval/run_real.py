"""Score credscan on real, labelled text it was not written against: ``../shared/real-dev``.

``python -m tests.eval.run_real [--dir PATH] [--show-errors] [--json]``

The set's own scoring rules (its README): micro precision / recall / F1 over (file, id) pairs;
status (resumes) and level (postings) accuracy over the true positives whose label is not
``unknown``; each file is scanned with its labelled kind forced, so kind detection is measured
separately (``bench/corpora.py``). ``dlai-pytorch`` is not labelled in the set, so it is left out
of both sides. The texts stay where they are: nothing here copies them into the repository, and
``--show-errors`` prints short excerpts on this terminal only.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

from .run_eval import prf, ratio

DEFAULT_DIR = Path(__file__).resolve().parents[2].parent / "shared" / "real-dev"
UNLABELLED = {"dlai-pytorch"}
GOALS = {"f1": 0.97, "status_level": 0.92}


def load_labels(folder: Path) -> list[dict[str, Any]]:
    with open(folder / "labels.jsonl", encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def evaluate(folder: str | Path = DEFAULT_DIR, *, nlp: Any = None) -> dict[str, Any]:
    """Scan every labelled file with its kind forced and return the figures as a plain dict."""
    from scanner.documents import read_document
    from scanner.scan import scan_document

    folder = Path(folder)
    labels = load_labels(folder)
    if nlp is None:
        from scanner.pipeline import build_pipeline

        nlp = build_pipeline()
    tp = fp = fn = 0
    sl_ok = sl_n = 0
    errors: list[dict[str, Any]] = []
    per_id: dict[str, Counter[str]] = {}
    start = time.perf_counter()
    for label in labels:
        path = folder / label["file"]
        kind = label["kind"]
        try:
            result = scan_document(read_document(path), nlp, kind=kind)
        except Exception as exc:  # a reader failure counts as finding nothing, and is listed
            errors.append({"file": label["file"], "type": "read", "got": f"{type(exc).__name__}: {exc}"})
            result = None
        expected = {c["id"]: c for c in label["credentials"] if c["id"] not in UNLABELLED}
        got = {} if result is None else {c.id: c for c in result.credentials if c.id not in UNLABELLED}
        for cid in expected.keys() | got.keys():
            counts = per_id.setdefault(cid, Counter())
            if cid in expected and cid in got:
                tp += 1
                counts["tp"] += 1
                want = expected[cid].get("status" if kind == "resume" else "level")
                have = got[cid].status if kind == "resume" else got[cid].level
                if want and want != "unknown":
                    sl_n += 1
                    if want == have:
                        sl_ok += 1
                    else:
                        errors.append({"file": label["file"], "type": "status" if kind == "resume" else "level",
                                       "id": cid, "expected": want, "got": have,
                                       "cue": _cue(got[cid])})
            elif cid in got:
                fp += 1
                counts["fp"] += 1
                errors.append({"file": label["file"], "type": "fp", "id": cid, "got": _evidence(got[cid])})
            else:
                fn += 1
                counts["fn"] += 1
                errors.append({"file": label["file"], "type": "fn", "id": cid})
    return {
        "files": len(labels),
        "micro": prf(tp, fp, fn),
        "status_level": ratio(sl_ok, sl_n),
        "per_id": {i: prf(c["tp"], c["fp"], c["fn"]) for i, c in sorted(per_id.items())},
        "errors": errors,
        "seconds": round(time.perf_counter() - start, 2),
    }


def _cue(hit: Any) -> str:
    return "; ".join(f"{m.status or m.level}<-{m.cue or m.section or '-'}" for m in hit.mentions)


def _evidence(hit: Any) -> str:
    m = hit.mentions[0]
    return f"p{m.page}:l{m.line} {m.method} {m.text!r}"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dir", default=str(DEFAULT_DIR), help="folder with labels.jsonl and the texts")
    ap.add_argument("--show-errors", action="store_true", help="list every error")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = ap.parse_args(argv)
    folder = Path(args.dir)
    if not (folder / "labels.jsonl").is_file():
        print(f"real-dev set not found at {folder}: nothing to score", file=sys.stderr)
        return 0
    figures = evaluate(folder)
    if args.json:
        print(json.dumps(figures, indent=2))
        return 0
    m, sl = figures["micro"], figures["status_level"]
    print(f"real-dev: {figures['files']} files, {figures['seconds']} s")
    print(f"  micro P {m['precision']:.3f}  R {m['recall']:.3f}  F1 {m['f1']:.3f}  "
          f"(tp {m['tp']}, fp {m['fp']}, fn {m['fn']})   goal F1 >= {GOALS['f1']}")
    acc = sl["accuracy"]
    print(f"  status/level {acc:.3f} ({sl['correct']}/{sl['total']})   goal >= {GOALS['status_level']}"
          if acc is not None else "  status/level: nothing to score")
    for cid, s in figures["per_id"].items():
        print(f"    {cid:36s} P {s['precision']:.2f} R {s['recall']:.2f} F1 {s['f1']:.2f}")
    if args.show_errors:
        for e in figures["errors"]:
            print("  " + "  ".join(f"{k}={v}" for k, v in e.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
