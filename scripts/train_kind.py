"""Fit the kind model (resume or posting) on the real corpora, measure it held out, ship it.

``python scripts/train_kind.py [--write] [--misses] [--workers 2] [--l2 1.0]``

The features are ``scanner.pipeline.kind.KindEvidence``'s counts (a few dozen kinds of evidence,
not words: see that module and ``lexicons/kind.yaml``); the model is a logistic regression over
them, fitted by Newton's method with an L2 penalty, each corpus weighted so the two kinds weigh
the same and the two posting corpora the same. The corpora are read at run time from
``../shared/corpora`` (the script stops with a message when they are absent; none of their text
is written anywhere), deduplicated by exact text, each read as a user's ``.txt`` file would be.

It prints, before writing anything:

* **5-fold cross-validation** (each document scored by a model that did not see it): accuracy,
  confusion and reliability per corpus;
* **leave one posting corpus out**: trained on the other posting corpus and half the resumes,
  scored on the left-out corpus and the other half of the resumes, both ways round. This is the
  estimate of how the model does on postings from a source it never saw, such as the held-back
  data-scientist ads;
* the labelled excerpts of ``../shared/real-dev`` (kind only), when present: real files of other
  sources, never trained on.

The calibration (``p = σ(a·z + c)`` over the model's log-odds ``z``) is fitted on the
leave-one-corpus-out predictions, so the confidence is that of a model facing a source it was not
fitted on; it is slightly modest on the corpora themselves. ``--write`` fits on everything and
writes ``scanner/pipeline/kind_model/weights.json``.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import sys
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
CORPORA = SHARED / "corpora"
REAL_DEV = SHARED / "real-dev"
WEIGHTS = ROOT / "scanner" / "pipeline" / "kind_model" / "weights.json"
KINDS = {"postings-da-2020": "posting", "postings-remotewlb": "posting", "resumes-livecareer": "resume"}
POSTING_CORPORA = ("postings-da-2020", "postings-remotewlb")
BINS = (0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 1.0001)
SEED = 20261201
SIDES = np.zeros(0)  # each feature's side, from scanner.pipeline.kind.FEATURES (set in main)
# weights set by hand, not fitted: the corpora cannot speak for them. The resumes were anonymised
# by the site (no e-mail, no profile link), so a contact line at the top, which most real
# resumes open with and postings rarely do, would otherwise learn nothing or the wrong sign.
# Its contribution is -3 in log-odds (a likelihood ratio of about 20 to 1).
FIXED = {"contact": -3.0 / np.log(2)}
FIXED_AT: dict[int, float] = {}  # FIXED by column (set in main)


@dataclass(slots=True)
class Data:
    x: np.ndarray  # documents x features
    y: np.ndarray  # 1 posting, 0 resume
    corpus: np.ndarray
    source: np.ndarray
    window: np.ndarray  # True: an excerpt of a document, not the whole of it
    ids: list[str]


# --------------------------------------------------------------------------- features

_state: dict = {}


def _features(job: tuple[str, str]) -> list[float] | None:
    """The feature vector of one text, read as a user's .txt file (None: the reader refused it)."""
    if not _state:
        import spacy

        from scanner.pipeline import candidates, get_lexicon  # noqa: F401  (registers the tokenizer)
        from scanner.pipeline.kind import KindEvidence, load_kind_words

        nlp = spacy.blank("en", config={"nlp": {"tokenizer": {"@tokenizers": "credscan_candidates.v1",
                                                             "lexicon_files": []}}})
        _state["tokenizer"] = nlp.tokenizer
        _state["evidence"] = KindEvidence(get_lexicon(), load_kind_words())
    from scanner.documents import read_document
    from scanner.documents.errors import DocumentError

    name, text = job
    try:
        document = read_document(text.encode("utf-8"), name=name)
    except DocumentError:
        return None
    doc = _state["tokenizer"].from_document(document)
    return _state["evidence"].count(doc.user_data["credscan"])


def featurise(jobs: list[tuple[str, str]], workers: int) -> list[list[float] | None]:
    if workers <= 1:
        return [_features(j) for j in jobs]
    with ProcessPoolExecutor(workers) as pool:
        return list(pool.map(_features, jobs, chunksize=64))


def excerpt(text: str, rng: np.random.Generator) -> str:
    """A stretch of 300 to 1,500 characters from a random place: whole lines where the text has
    lines, else from a word boundary on."""
    size = int(rng.integers(300, 1500))
    if len(text) <= size:
        return text
    lines = text.splitlines()
    if len(lines) >= 8:
        start = int(rng.integers(0, len(lines)))
        out, n = [], 0
        for line in lines[start:]:
            out.append(line)
            n += len(line) + 1
            if n >= size:
                break
        return "\n".join(out)
    start = int(rng.integers(0, len(text) - size))
    start = text.find(" ", start) + 1
    return text[start:start + size]


def load_corpora(workers: int) -> Data:
    rows, corpus, source, ids, labels, window = [], [], [], [], [], []
    rng = np.random.default_rng(SEED)
    for name, kind in KINDS.items():
        path = CORPORA / f"{name}.jsonl.gz"
        with gzip.open(path, "rt", encoding="utf-8") as f:
            records = [json.loads(line) for line in f]
        seen: set[bytes] = set()
        kept = []
        for r in records:
            key = hashlib.sha1(r["text"].encode("utf-8")).digest()
            if key not in seen:
                seen.add(key)
                kept.append(r)
        texts = [r["text"] for r in kept] + [excerpt(r["text"], rng) for r in kept]
        vectors = featurise([("x.txt", t) for t in texts], workers)
        for i, v in enumerate(vectors):
            if v is None:
                continue
            r = kept[i % len(kept)]
            rows.append(v)
            corpus.append(name)
            source.append(r.get("source") or r.get("category") or "")
            ids.append(str(r["id"]) + ("" if i < len(kept) else " (excerpt)"))
            labels.append(1.0 if kind == "posting" else 0.0)
            window.append(i >= len(kept))
        print(f"{name}: {len(records)} records, {len(kept)} after removing exact duplicates", file=sys.stderr)
    return Data(np.array(rows), np.array(labels), np.array(corpus), np.array(source), np.array(window), ids)


def load_real_dev(workers: int) -> tuple[np.ndarray, np.ndarray, list[str]] | None:
    labels = REAL_DEV / "labels.jsonl"
    if not labels.is_file():
        return None
    entries = [json.loads(line) for line in labels.read_text(encoding="utf-8").splitlines() if line.strip()]
    jobs = [(e["file"], (REAL_DEV / e["file"]).read_text(encoding="utf-8", errors="replace")) for e in entries]
    vectors = featurise(jobs, workers)
    keep = [i for i, v in enumerate(vectors) if v is not None]
    x = np.array([vectors[i] for i in keep])
    y = np.array([1.0 if entries[i]["kind"] == "posting" else 0.0 for i in keep])
    return x, y, [entries[i]["file"] for i in keep]


# --------------------------------------------------------------------------- the model

def weights_for(data: Data, rows: np.ndarray | None = None) -> np.ndarray:
    """Each kind weighs half; within postings each corpus weighs the same; excerpts weigh half
    as much as whole documents. Mean weight 1."""
    rows = np.ones(len(data.y), dtype=bool) if rows is None else rows
    corpus, window = data.corpus[rows], data.window[rows]
    w = np.zeros(len(corpus))
    kinds = {k: [c for c in np.unique(corpus) if KINDS[c] == k] for k in ("posting", "resume")}
    for names in kinds.values():
        for name in names:
            for part, share in ((False, 2 / 3), (True, 1 / 3)):
                mask = (corpus == name) & (window == part)
                if mask.any():
                    w[mask] = share / (2 * len(names) * mask.sum())
    return w * len(corpus)


def fit_signed(x: np.ndarray, y: np.ndarray, w: np.ndarray, l2: float) -> np.ndarray:
    """``fit`` with each weight kept on its side (``SIDES``) and the ``FIXED`` ones as set: a
    weight that comes out on the wrong side is held at zero and the rest refitted, until none is."""
    coef = np.zeros(len(SIDES))
    fixed = np.zeros(len(SIDES), dtype=bool)
    for i, value in FIXED_AT.items():
        coef[i], fixed[i] = value, True
    offset = x[:, fixed] @ coef[fixed]
    free = ~fixed
    for _ in range(len(SIDES) + 1):
        coef[~fixed] = 0.0
        coef[free] = fit(x[:, free], y, w, l2, offset)
        wrong = free & (SIDES * coef < 0)
        if not wrong.any():
            break
        free &= ~wrong
    return coef


def fit(x: np.ndarray, y: np.ndarray, w: np.ndarray, l2: float, offset: np.ndarray | float = 0.0) -> np.ndarray:
    """Weighted logistic regression, L2 on the weights, by Newton's method.

    No intercept: a document without any evidence gets p = 0.5. With one, the model learns what
    the corpora lack (every resume in them has a work history) and reads a short excerpt of a
    resume, which has none of it, as a posting."""
    k = x.shape[1]
    beta = np.zeros(k)
    for _ in range(50):
        p = 1 / (1 + np.exp(-np.clip(x @ beta + offset, -30, 30)))
        grad = x.T @ (w * (p - y)) + l2 * beta
        hess = (x * (w * p * (1 - p))[:, None]).T @ x + (l2 + 1e-9) * np.eye(k)
        step = np.linalg.solve(hess, grad)
        beta -= step
        if np.abs(step).max() < 1e-8:
            break
    return beta


def platt(z: np.ndarray, y: np.ndarray, w: np.ndarray) -> float:
    """The scale of the log-odds that fits held-out predictions best (no offset: no evidence
    stays p = 0.5)."""
    return float(fit(z[:, None], y, w, 0.0)[0])


def sigmoid(z: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-np.clip(z, -30, 30)))


# --------------------------------------------------------------------------- protocols

def folds(data: Data, k: int) -> np.ndarray:
    """A fold per document, drawn per corpus; a document's excerpt shares its fold."""
    rng = np.random.default_rng(SEED)
    fold = np.zeros(len(data.y), dtype=int)
    for name in np.unique(data.corpus):
        whole = np.flatnonzero((data.corpus == name) & ~data.window)
        fold[whole] = rng.permutation(len(whole)) % k
        of = {data.ids[i]: fold[i] for i in whole}
        for i in np.flatnonzero((data.corpus == name) & data.window):
            fold[i] = of.get(data.ids[i].removesuffix(" (excerpt)"), 0)
    return fold


def cross_validate(data: Data, l2: float, k: int = 5) -> np.ndarray:
    """Out-of-fold log-odds of every document."""
    fold = folds(data, k)
    z = np.zeros(len(data.y))
    for f in range(k):
        train = fold != f
        coef = fit_signed(data.x[train], data.y[train], weights_for(data, train), l2)
        z[~train] = data.x[~train] @ coef
    return z


def leave_one_corpus_out(data: Data, l2: float) -> np.ndarray:
    """Log-odds of each posting from a model that never saw its corpus (resumes: never saw it)."""
    half = folds(data, 2)
    resume = data.corpus == "resumes-livecareer"
    z = np.full(len(data.y), np.nan)
    for held in POSTING_CORPORA:
        for h in (0, 1):
            train = ((data.corpus != held) & ~resume) | (resume & (half == h))
            test = (data.corpus == held) | (resume & (half != h))
            coef = fit_signed(data.x[train], data.y[train], weights_for(data, train), l2)
            zt = data.x[test] @ coef
            if h == 0:  # postings: the first of the two fits (both never saw them)
                z[test & ~resume] = zt[~resume[test]]
            # resumes: each half from the fit that did not see it, once per left-out corpus
            r = test & resume
            prev = np.nan_to_num(z[r])
            z[r] = prev + zt[resume[test]] / len(POSTING_CORPORA)
    return z


# --------------------------------------------------------------------------- reports

def reliability(p: np.ndarray, y: np.ndarray) -> list[str]:
    conf = np.maximum(p, 1 - p)
    right = (p > 0.5) == (y == 1)
    out = ["    confidence      n  mean conf  accuracy"]
    ece = 0.0
    for lo, hi in pairwise(BINS):
        m = (conf >= lo) & (conf < hi)
        if m.any():
            out.append(f"    [{lo:.2f}, {min(hi, 1):.2f}]  {m.sum():>5}  {conf[m].mean():>9.3f}  {right[m].mean():>8.3f}")
            ece += abs(conf[m].mean() - right[m].mean()) * m.sum() / len(p)
    out.append(f"    expected calibration error {ece:.3f}")
    return out


def report(title: str, data: Data, p: np.ndarray, misses: bool = False) -> None:
    for part in (False, True):
        print(f"== {title}: {'excerpts of 300-1,500 characters' if part else 'whole documents'}")
        report_part(data, p, data.window == part, misses and not part)


def report_part(data: Data, p: np.ndarray, rows: np.ndarray, misses: bool) -> None:
    for name in KINDS:
        m = (data.corpus == name) & ~np.isnan(p) & rows
        if not m.any():
            continue
        right = (p[m] > 0.5) == (data.y[m] == 1)
        as_posting = int((p[m] > 0.5).sum())
        print(f"  {name:<20} n {m.sum():>5}  accuracy {right.mean():.4f}  "
              f"read as posting {as_posting}, as resume {m.sum() - as_posting}")
        if name == "postings-da-2020":
            for src in np.unique(data.source[m]):
                s = m & (data.source == src)
                print(f"      {src:<10} {((p[s] > 0.5) == (data.y[s] == 1)).mean():.4f} ({s.sum()})")
        if misses:
            for i in np.flatnonzero(m)[~right]:
                print(f"      miss {data.ids[i]} p(posting)={p[i]:.2f}")
    ok = ~np.isnan(p) & rows
    print("  reliability, all corpora pooled")
    print("\n".join(reliability(p[ok], data.y[ok])))
    print()


def choose_l2(data: Data, grid: tuple[float, ...]) -> float:
    """The penalty whose leave-one-corpus-out log loss is lowest: the one that carries best to a
    source the model did not see (cross-validation within the corpora favours the weakest)."""
    best, best_loss = grid[0], np.inf
    w = weights_for(data)
    for l2 in grid:
        p = np.clip(sigmoid(leave_one_corpus_out(data, l2)), 1e-9, 1 - 1e-9)
        loss = -np.mean(w * (data.y * np.log(p) + (1 - data.y) * np.log(1 - p)))
        print(f"  l2 {l2:<6} leave-one-corpus-out log loss {loss:.4f}", file=sys.stderr)
        if loss < best_loss:
            best, best_loss = l2, loss
    return best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="fit on everything and write the weights")
    parser.add_argument("--misses", action="store_true", help="list the documents read wrong held out")
    parser.add_argument("--describe", action="store_true", help="share of documents with each feature, per corpus")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--l2", type=float, default=0.0, help="L2 penalty (0: chosen by cross-validation)")
    args = parser.parse_args(argv)
    if not all((CORPORA / f"{name}.jsonl.gz").is_file() for name in KINDS):
        print(f"the corpora are not at {CORPORA}: nothing to train on (skipped)")
        return 0
    sys.path.insert(0, str(ROOT))
    from scanner.pipeline.kind import FEATURES, KindModel

    global SIDES
    SIDES = np.array(list(FEATURES.values()), dtype=float)
    FIXED_AT.update({list(FEATURES).index(name): value for name, value in FIXED.items()})

    data = load_corpora(args.workers)
    if args.describe:
        names = list(KINDS)
        print(f"{'feature':<22}" + "".join(f"{n[:18]:>20}" for n in names))
        for j, feature in enumerate(FEATURES):
            shares = [(data.x[data.corpus == n, j] > 0).mean() for n in names]
            print(f"{feature:<22}" + "".join(f"{s:>20.3f}" for s in shares))
        print()
    l2 = args.l2 or choose_l2(data, (0.1, 0.3, 1.0, 3.0, 10.0))
    w = weights_for(data)

    z_loco = leave_one_corpus_out(data, l2)
    scale = platt(z_loco, data.y, w)
    print(f"l2 {l2}; calibration fitted on the leave-one-corpus-out log-odds: scale {scale:.3f}\n")
    report("leave one posting corpus out, raw", data, sigmoid(z_loco))
    report("leave one posting corpus out, calibrated", data, sigmoid(scale * z_loco), args.misses)
    z_cv = cross_validate(data, l2)
    report("5-fold cross-validation, calibrated", data, sigmoid(scale * z_cv), args.misses)

    coef = fit_signed(data.x, data.y, w, l2)
    model = KindModel(tuple(round(float(c), 4) for c in coef), round(scale, 4))
    print("weights (log-odds of a posting per unit of log(1 + count))")
    for name, c in sorted(zip(FEATURES, coef, strict=True), key=lambda t: -abs(t[1])):
        print(f"  {name:<22} {c:+.3f}")
    print()

    dev = load_real_dev(args.workers)
    if dev is not None:
        x, y, files = dev
        p = sigmoid(scale * (x @ coef))
        right = (p > 0.5) == (y == 1)
        print(f"== ../shared/real-dev (never trained on): kind accuracy {right.mean():.4f} ({right.sum()}/{len(y)}), "
              f"{int(y.sum())} postings, {int(len(y) - y.sum())} resumes")
        for f, pp, yy, ok in zip(files, p, y, right, strict=True):
            if not ok:
                print(f"    miss {f} ({'posting' if yy else 'resume'}) p(posting)={pp:.2f}")
        print()

    if args.write:
        out = model.to_dict()
        out["trained"] = {
            "by": "scripts/train_kind.py",
            "documents": {name: int(((data.corpus == name) & ~data.window).sum()) for name in KINDS},
            "excerpts": {name: int(((data.corpus == name) & data.window).sum()) for name in KINDS},
            "l2": l2,
            "calibration": "Platt, on leave-one-posting-corpus-out log-odds",
        }
        WEIGHTS.write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {WEIGHTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
