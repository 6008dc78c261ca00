"""Measure credscan against the labelled evaluation set, next to the keyword-search baseline.

``python -m tests.eval.run_eval [--cases PATH] [--show-errors] [--json]``

Every case is rendered to a real file of its format (``render.render_case``), read back with
``read_document`` and scanned twice: once with the case's kind forced (the detection figures:
which credentials, status, level, year, alternatives, near misses) and once with ``kind=None``
(the kind classifier's accuracy, and the end-to-end id-level figures). The baseline's Boolean
queries (``baseline.yaml``) run over the same text the reader produced, so both see one input.

Counting: a true positive, false positive or false negative is one (case, credential id) pair.
Status (resumes) and level (postings) are scored over true positives only; year and
alternatives over true positives whose label gives them. ``evaluate()`` returns every figure
as a plain dict (what ``--json`` prints and what ``test_eval_accuracy.py`` asserts on).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .baseline import search
from .render import render_case

CASES_PATH = Path(__file__).with_name("cases.yaml")
EVAL_YEAR = 2026  # the cases judge past date ranges ("2021 – 2024") against this year
EXCERPT_CHARS = 110

GOALS = {"f1": 0.97, "status": 0.90, "level": 0.90}


# --------------------------------------------------------------------------- per-case outcome

@dataclass(slots=True)
class Outcome:
    """What we need of one case: its label, the reader's text and both scans."""

    case: dict[str, Any]
    path: Path | None = None
    document: Any = None  # scanner.documents.model.Document
    read_error: str | None = None
    forced: Any = None  # ScanResult with the case's kind forced
    auto: Any = None  # ScanResult with kind=None
    baseline: frozenset[str] = frozenset()

    @property
    def id(self) -> str:
        return self.case["id"]

    @property
    def text(self) -> str:
        return self.document.text if self.document is not None else ""


def load_cases(path: str | Path | None = None) -> list[dict[str, Any]]:
    data = yaml.safe_load(Path(path or CASES_PATH).read_text(encoding="utf-8"))
    return list(data["cases"])


# --------------------------------------------------------------------------- counting

def prf(tp: int, fp: int, fn: int) -> dict[str, float | int]:
    """Precision, recall and F1 from counts; an empty denominator scores 1.0 (nothing to get wrong)."""
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"tp": tp, "fp": fp, "fn": fn, "support": tp + fn, "precision": p, "recall": r, "f1": f}


def ratio(correct: int, total: int) -> dict[str, float | int | None]:
    return {"correct": correct, "total": total, "accuracy": correct / total if total else None}


def id_scores(pairs: Iterable[tuple[set[str], set[str]]], ids: Iterable[str]) -> dict[str, Any]:
    """Per-id and micro/macro P/R/F1 over (expected ids, predicted ids) pairs, one per case."""
    counts = {i: Counter() for i in ids}
    for expected, predicted in pairs:
        for i in expected | predicted:
            c = counts.setdefault(i, Counter())
            if i in expected and i in predicted:
                c["tp"] += 1
            elif i in predicted:
                c["fp"] += 1
            else:
                c["fn"] += 1
    per_id = {i: prf(c["tp"], c["fp"], c["fn"]) for i, c in counts.items()}
    total = Counter()
    for c in counts.values():
        total.update(c)
    macro = sum(s["f1"] for s in per_id.values()) / len(per_id) if per_id else 0.0
    return {"per_id": per_id, "micro": prf(total["tp"], total["fp"], total["fn"]), "macro_f1": macro}


# --------------------------------------------------------------------------- running

def _run(cases: list[dict[str, Any]], nlp: Any, workdir: Path, timings: dict[str, float]) -> list[Outcome]:
    from scanner.documents import read_document
    from scanner.scan import scan_document

    outcomes = [Outcome(case) for case in cases]
    t = time.perf_counter()
    for o in outcomes:
        o.path = render_case(o.case, workdir)
    timings["render"] = time.perf_counter() - t

    t = time.perf_counter()
    for o in outcomes:
        try:
            o.document = read_document(o.path)
        except Exception as exc:  # a reader failure is a result to report, not a crash
            o.read_error = f"{type(exc).__name__}: {exc}"
    timings["read"] = time.perf_counter() - t

    t = time.perf_counter()
    for o in outcomes:
        if o.document is not None:
            o.forced = scan_document(o.document, nlp, kind=o.case["kind"])
    timings["scan_forced"] = time.perf_counter() - t

    t = time.perf_counter()
    for o in outcomes:
        if o.document is not None:
            o.auto = scan_document(o.document, nlp, kind=None)
    timings["scan_auto"] = time.perf_counter() - t

    t = time.perf_counter()
    for o in outcomes:
        o.baseline = frozenset(search(o.text))
    timings["baseline"] = time.perf_counter() - t
    return outcomes


def _credentials(result: Any) -> dict[str, Any]:
    return {} if result is None else {c.id: c for c in result.credentials}


def _near_misses(result: Any) -> set[str]:
    return set() if result is None else {c.id for c in result.near_misses}


def evaluate(cases_path: str | Path | None = None, *, nlp: Any = None) -> dict[str, Any]:
    """Run the whole evaluation and return its figures (see the module docstring)."""
    from scanner.lexicon import load_lexicon

    timings: dict[str, float] = {}
    start = time.perf_counter()
    cases = load_cases(cases_path)
    if nlp is None:
        from scanner.pipeline import build_pipeline

        t = time.perf_counter()
        nlp = build_pipeline(as_of_year=EVAL_YEAR)
        timings["build_pipeline"] = time.perf_counter() - t
    lexicon = load_lexicon()
    cred_ids = [c.id for c in lexicon.credentials]

    with tempfile.TemporaryDirectory(prefix="credscan-eval-") as tmp:
        outcomes = _run(cases, nlp, Path(tmp), timings)

    errors: list[dict[str, Any]] = []
    finder = _Finder(lexicon)

    def err(o: Outcome, kind: str, cid: str | None, expected: Any, got: Any, excerpt: str) -> None:
        errors.append({
            "case": o.id, "format": o.case["format"], "kind": o.case["kind"], "type": kind,
            "id": cid, "expected": expected, "got": got, "excerpt": excerpt,
        })

    ours_pairs, auto_pairs, base_pairs = [], [], []
    status_ok = status_n = level_ok = level_n = year_ok = year_n = alt_ok = alt_n = 0
    spurious_alts = 0
    nm_tp = nm_fp = nm_fn = 0
    kind_ok = kind_n = 0
    confusions: Counter[str] = Counter()
    traps = [o for o in outcomes if "trap" in o.case["tags"]]
    trap_hits: list[dict[str, Any]] = []
    trap_hits_base: list[dict[str, Any]] = []
    nm_as_cred: list[dict[str, Any]] = []
    nm_as_cred_base: list[dict[str, Any]] = []
    by_format: dict[str, dict[str, list]] = {}

    for o in outcomes:
        case = o.case
        if o.read_error:
            err(o, "read", None, "a Document", o.read_error, _excerpt(case["text"]))
        expected = {e["id"]: e for e in case["expect"]}
        got = _credentials(o.forced)
        exp_ids, got_ids = set(expected), set(got)
        ours_pairs.append((exp_ids, got_ids))
        auto_pairs.append((exp_ids, set(_credentials(o.auto))))
        base_pairs.append((exp_ids, set(o.baseline)))
        fmt = by_format.setdefault(case["format"], {"ours": [], "baseline": []})
        fmt["ours"].append((exp_ids, got_ids))
        fmt["baseline"].append((exp_ids, set(o.baseline)))

        for cid in sorted(got_ids - exp_ids):
            err(o, "FP", cid, "-", _hit_label(got[cid], case["kind"]), _hit_excerpt(got[cid]))
        for cid in sorted(exp_ids - got_ids):
            err(o, "FN", cid, _label(expected[cid], case["kind"]), "-", finder.excerpt(cid, o))

        for cid in sorted(exp_ids & got_ids):
            e, hit = expected[cid], got[cid]
            if case["kind"] == "resume":
                status_n += 1
                if hit.status == e["status"]:
                    status_ok += 1
                else:
                    confusions[f"status {e['status']} -> {hit.status}"] += 1
                    err(o, "status", cid, e["status"], hit.status, _hit_excerpt(hit, hit.status))
                if "year" in e:
                    year_n += 1
                    if hit.year == e["year"]:
                        year_ok += 1
                    else:
                        err(o, "year", cid, e["year"], hit.year, _hit_excerpt(hit))
            else:
                level_n += 1
                if hit.level == e["level"]:
                    level_ok += 1
                else:
                    confusions[f"level {e['level']} -> {hit.level}"] += 1
                    err(o, "level", cid, e["level"], hit.level, _hit_excerpt(hit, hit.level))
                want = sorted(e.get("alternatives", []))
                have = sorted(hit.alternatives)
                if want:
                    alt_n += 1
                    if want == have:
                        alt_ok += 1
                    else:
                        err(o, "alternatives", cid, want, have, _hit_excerpt(hit))
                elif have:
                    spurious_alts += 1
                    err(o, "alternatives", cid, [], have, _hit_excerpt(hit))

        exp_nm, got_nm = set(case["near_misses"]), _near_misses(o.forced)
        nm_tp += len(exp_nm & got_nm)
        nm_fp += len(got_nm - exp_nm)
        nm_fn += len(exp_nm - got_nm)
        for nid in sorted(exp_nm - got_nm):
            err(o, "near-miss FN", nid, nid, "-", finder.excerpt(nid, o))
        for nid in sorted(got_nm - exp_nm):
            hit = next(c for c in o.forced.near_misses if c.id == nid)
            err(o, "near-miss FP", nid, "-", nid, _hit_excerpt(hit))

        if exp_nm and got_ids - exp_ids:
            nm_as_cred.append({"case": o.id, "credentials": sorted(got_ids - exp_ids),
                               "near_misses": sorted(exp_nm), "near_misses_missed": sorted(exp_nm - got_nm)})
        if exp_nm and set(o.baseline) - exp_ids:
            nm_as_cred_base.append({"case": o.id, "credentials": sorted(set(o.baseline) - exp_ids)})
        if "trap" in case["tags"]:
            if got_ids:
                trap_hits.append({"case": o.id, "credentials": sorted(got_ids)})
            if o.baseline:
                trap_hits_base.append({"case": o.id, "credentials": sorted(o.baseline)})

        if o.auto is not None:
            kind_n += 1
            if o.auto.kind == case["kind"]:
                kind_ok += 1
            else:
                err(o, "kind", None, case["kind"], f"{o.auto.kind} ({o.auto.kind_confidence:.2f})",
                    _excerpt(o.text or case["text"]))
        else:
            kind_n += 1

    timings["total"] = time.perf_counter() - start
    return {
        "cases": len(outcomes),
        "cases_by_kind": dict(Counter(c["kind"] for c in cases)),
        "read_errors": {o.id: o.read_error for o in outcomes if o.read_error},
        "ours": id_scores(ours_pairs, cred_ids),
        "ours_auto_kind": id_scores(auto_pairs, cred_ids),
        "baseline": id_scores(base_pairs, cred_ids),
        "status": ratio(status_ok, status_n),
        "level": ratio(level_ok, level_n),
        "status_level": ratio(status_ok + level_ok, status_n + level_n),
        "year": ratio(year_ok, year_n),
        "alternatives": ratio(alt_ok, alt_n),
        "spurious_alternatives": spurious_alts,
        "confusions": dict(confusions.most_common()),
        "near_misses": prf(nm_tp, nm_fp, nm_fn),
        "kind": ratio(kind_ok, kind_n),
        "traps": {"total": len(traps), "reported": trap_hits, "baseline_reported": trap_hits_base},
        "near_miss_as_credential": nm_as_cred,
        "baseline_near_miss_as_credential": nm_as_cred_base,
        "by_format": {
            f: {"cases": len(v["ours"]), "ours": id_scores(v["ours"], ())["micro"],
                "baseline": id_scores(v["baseline"], ())["micro"]}
            for f, v in sorted(by_format.items())
        },
        "goals": GOALS,
        "errors": errors,
        "seconds": timings,
    }


# --------------------------------------------------------------------------- excerpts

def _excerpt(text: str, width: int = EXCERPT_CHARS) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def _label(entry: dict[str, Any], kind: str) -> str:
    return str(entry.get("status") if kind == "resume" else entry.get("level"))


def _hit_label(hit: Any, kind: str) -> str:
    return str(hit.status if kind == "resume" else hit.level)


def _hit_excerpt(hit: Any, value: str | None = None) -> str:
    """The snippet of the mention that decided ``value`` (else the first), with page:line and cue."""
    mentions = list(hit.mentions)
    chosen = next((m for m in mentions if value is not None and value in (m.status, m.level)), mentions[0])
    cue = f" [cue: {chosen.cue}]" if chosen.cue else ""
    extra = f" (+{len(mentions) - 1} more)" if len(mentions) > 1 else ""
    return (f"p{chosen.page}:l{chosen.line} {chosen.method} {chosen.score:.2f} "
            f"\u00ab{chosen.text}\u00bb in: {_excerpt(chosen.snippet)}{cue}{extra}")


class _Finder:
    """Point a missed id at the line that most resembles one of its names (for --show-errors)."""

    def __init__(self, lexicon: Any) -> None:
        self.names: dict[str, list[str]] = {}
        for e in (*lexicon.credentials, *lexicon.near_misses):
            self.names[e.id] = [e.name, *e.aliases, *e.codes]

    def excerpt(self, cid: str, o: Outcome) -> str:
        from rapidfuzz import fuzz

        lines = [ln for ln in (o.text or o.case["text"]).splitlines() if ln.strip()]
        if not lines:
            return "(no text read)"
        names = [n.casefold() for n in self.names.get(cid, [cid])]
        best = max(lines, key=lambda ln: max(fuzz.partial_ratio(n, ln.casefold()) for n in names))
        return _excerpt(best)


# --------------------------------------------------------------------------- printing

def table(headers: list[str], rows: list[list[Any]], right: Iterable[int] = ()) -> str:
    """Aligned plain-text table; columns listed in ``right`` are right-aligned."""
    right = set(right)
    cells = [[str(c) for c in headers], *[[_cell(c) for c in r] for r in rows]]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]

    def fmt(row: list[str]) -> str:
        padded = (c.rjust(w) if i in right else c.ljust(w)
                  for i, (c, w) in enumerate(zip(row, widths, strict=True)))
        return "  ".join(padded).rstrip()

    return "\n".join([fmt(cells[0]), "  ".join("-" * w for w in widths), *(fmt(r) for r in cells[1:])])


def _cell(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.3f}"
    return "-" if value is None else str(value)


def _acc(r: dict[str, Any]) -> str:
    return "n/a" if r["accuracy"] is None else f"{r['accuracy']:.3f} ({r['correct']}/{r['total']})"


def report(m: dict[str, Any]) -> str:
    out: list[str] = []
    ours, base = m["ours"], m["baseline"]
    kinds = ", ".join(f"{n} {k}s" for k, n in sorted(m["cases_by_kind"].items()))
    out.append(f"credscan evaluation: {m['cases']} cases ({kinds}); kind forced from the label\n")

    rows = []
    for cid in ours["per_id"]:
        o, b = ours["per_id"][cid], base["per_id"].get(cid, prf(0, 0, 0))
        rows.append([cid, o["support"], o["tp"], o["fp"], o["fn"], o["precision"], o["recall"], o["f1"],
                     b["fp"], b["fn"], b["precision"], b["recall"], b["f1"]])
    for label, o, b in (("micro (all ids)", ours["micro"], base["micro"]),):
        rows.append([label, o["support"], o["tp"], o["fp"], o["fn"], o["precision"], o["recall"], o["f1"],
                     b["fp"], b["fn"], b["precision"], b["recall"], b["f1"]])
    rows.append(["macro F1", "", "", "", "", "", "", ours["macro_f1"], "", "", "", "", base["macro_f1"]])
    out.append(table(
        ["credential", "n", "TP", "FP", "FN", "P", "R", "F1", "base FP", "base FN", "base P", "base R", "base F1"],
        rows, right=range(1, 13)))
    auto = m["ours_auto_kind"]["micro"]
    out.append(f"end to end with kind=auto: P {auto['precision']:.3f}  R {auto['recall']:.3f}  F1 {auto['f1']:.3f}\n")

    out.append(table(["context", "ours", "goal"], [
        ["status accuracy (resumes, over TPs)", _acc(m["status"]), f"\u2265 {GOALS['status']:.2f}"],
        ["level accuracy (postings, over TPs)", _acc(m["level"]), f"\u2265 {GOALS['level']:.2f}"],
        ["status + level pooled", _acc(m["status_level"]), ""],
        ["year accuracy (where labelled)", _acc(m["year"]), ""],
        ["alternatives accuracy (where labelled)", _acc(m["alternatives"]), ""],
        ["alternatives where none labelled", m["spurious_alternatives"], "0"],
        ["kind classification (kind=auto)", _acc(m["kind"]), ""],
    ]))
    if m["confusions"]:
        out.append("  mismatches: " + "; ".join(f"{k} \u00d7{n}" for k, n in m["confusions"].items()))
    out.append("")

    nm, traps = m["near_misses"], m["traps"]
    out.append(table(["near misses and traps", "ours", "baseline", "goal"], [
        ["near-miss recall", f"{nm['recall']:.3f} ({nm['tp']}/{nm['tp'] + nm['fn']})", "-", ""],
        ["near-miss precision", f"{nm['precision']:.3f} ({nm['tp']}/{nm['tp'] + nm['fp']})", "-", ""],
        [f"traps reported as a credential (of {traps['total']})", len(traps["reported"]),
         len(traps["baseline_reported"]), "0"],
        ["near miss reported as a credential (cases)", len(m["near_miss_as_credential"]),
         len(m["baseline_near_miss_as_credential"]), "0"],
    ], right=(1, 2)))
    out.append("")

    rows = [[f, v["cases"], v["ours"]["precision"], v["ours"]["recall"], v["ours"]["f1"],
             v["baseline"]["precision"], v["baseline"]["recall"], v["baseline"]["f1"]]
            for f, v in m["by_format"].items()]
    out.append(table(["format", "cases", "P", "R", "F1", "base P", "base R", "base F1"], rows, right=range(1, 8)))
    out.append("")

    if m["read_errors"]:
        out.append(f"READ ERRORS ({len(m['read_errors'])}): these cases count as all missed")
        for cid, msg in m["read_errors"].items():
            out.append(f"  {cid}: {_excerpt(msg, 150)}")
        out.append("")

    f1 = ours["micro"]["f1"]
    checks = [
        (f"F1 {f1:.3f} \u2265 {GOALS['f1']}", f1 >= GOALS["f1"]),
        (f"status accuracy {_acc(m['status'])} \u2265 {GOALS['status']}",
         (m["status"]["accuracy"] or 0) >= GOALS["status"]),
        (f"level accuracy {_acc(m['level'])} \u2265 {GOALS['level']}",
         (m["level"]["accuracy"] or 0) >= GOALS["level"]),
        (f"traps reported as a credential: {len(traps['reported'])}", not traps["reported"]),
        (f"near misses reported as a credential: {len(m['near_miss_as_credential'])}",
         not m["near_miss_as_credential"]),
    ]
    out.append("goals: " + "  ".join(f"[{'PASS' if ok else 'FAIL'}] {text}" for text, ok in checks))
    s = m["seconds"]
    out.append("time: " + ", ".join(f"{k} {v:.2f}s" for k, v in s.items()))
    return "\n".join(out)


ERROR_ORDER = ("read", "FP", "FN", "status", "level", "year", "alternatives",
               "near-miss FP", "near-miss FN", "kind")


def error_report(m: dict[str, Any]) -> str:
    out: list[str] = []
    for kind in ERROR_ORDER:
        errs = [e for e in m["errors"] if e["type"] == kind]
        if not errs:
            continue
        out.append(f"\n== {kind} ({len(errs)})")
        for e in sorted(errs, key=lambda e: (e["case"], e["id"] or "")):
            what = f"{e['id']}: " if e["id"] else ""
            out.append(f"  {e['case']} [{e['format']}] {what}expected {e['expected']}, got {e['got']}")
            out.append(f"      {e['excerpt']}")
    if m["near_miss_as_credential"]:
        out.append(f"\n== near miss reported as a credential ({len(m['near_miss_as_credential'])})")
        for e in m["near_miss_as_credential"]:
            out.append(f"  {e['case']}: reported {', '.join(e['credentials'])}; labelled near misses "
                       f"{', '.join(e['near_misses'])} (missed: {', '.join(e['near_misses_missed']) or 'none'})")
    if m["traps"]["reported"]:
        out.append(f"\n== traps reported as a credential ({len(m['traps']['reported'])})")
        for e in m["traps"]["reported"]:
            out.append(f"  {e['case']}: {', '.join(e['credentials'])}")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.eval.run_eval", description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=Path, default=CASES_PATH, help="cases YAML (default: %(default)s)")
    parser.add_argument("--show-errors", action="store_true", help="list every mismatch with an excerpt")
    parser.add_argument("--json", action="store_true", help="print the metrics as JSON instead of tables")
    args = parser.parse_args(argv)
    metrics = evaluate(args.cases)
    if args.json:
        json.dump(metrics, sys.stdout, indent=2, default=str)
        sys.stdout.write("\n")
        return 0
    print(report(metrics))
    if args.show_errors:
        print(error_report(metrics))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
