"""Is detection cheaper than getting the text out of the PDF? (issue 3, "Speed, measured")

``python bench/detect_speed.py [--n 1000] [--seed 7] [--runs 3] [--profile] [--rebuild] [--check]``

Builds ``--n`` realistic two-page resumes from a seed (contact, summary, three or four jobs with
bullets, education, skills, certifications drawn from the lexicon's names and aliases with
varied statuses, near misses, and the prose traps of the issue), writes them as PDFs (reportlab,
Helvetica 10 pt) under ``bench/corpus/detect/`` (gitignored, reused while the seed and the
generator version stay the same), then times in one run, each warmed up and the median of
``--runs``:

  (a) raw pypdfium2 text extraction: open, ``get_text_range`` per page, close;
  (b) the detection stage alone: a ``Document`` (built beforehand from the extracted lines) in,
      a ``ScanResult`` out, with the kind classified (``scan_document(document, nlp)``);
  (c) the bare ``spacy.blank("en")`` tokenizer over the same texts.

The goal is (b) <= (a). It also prints what share of lines the candidate tokenizer hands to
the pipeline, a recall/false-positive sanity check against the credentials planted in the
corpus, and with ``--profile`` a cProfile top 20 of stage (b).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import pstats
import random
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from _pdfium import raw_page_texts

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "bench" / "corpus" / "detect"
GENERATOR_VERSION = 2  # 2: 'Preparing for' is in progress (real-dev's reading), not planned
MIN_CHARS, MAX_CHARS = 6000, 8000
WARMUP_DOCS = 50

# --------------------------------------------------------------------------- corpus vocabulary

FIRST = ["Priya", "Daniel", "Mei", "Lucas", "Amara", "Sofia", "Kenji", "Olivia", "Mateo", "Aisha",
         "Noah", "Elena", "Ravi", "Hannah", "Tomás", "Zoe", "Ibrahim", "Chloe", "Wei", "Fatima",
         "Jonas", "Laura", "Arjun", "Grace", "Diego", "Nadia", "Samuel", "Ingrid", "Yusuf",
         "Camille"]
LAST = ["Raman", "Okafor", "Chen", "Silva", "Mensah", "Rossi", "Tanaka", "Brown", "García", "Khan",
        "Müller", "Novak", "Patel", "Schmidt", "Johansson", "Dubois", "Nguyen", "Haddad",
        "Kowalski", "Ferreira", "Andersson", "Moreau", "Singh", "Kim", "Ortega", "Costa", "Weber"]
CITIES = ["Austin, TX", "Seattle, WA", "Toronto, ON", "London, UK", "Berlin, Germany", "Madrid, Spain",
          "Bangalore, India", "São Paulo, Brazil", "New York, NY", "Dublin, Ireland", "Paris, France",
          "Singapore", "Sydney, Australia", "Chicago, IL", "Lisbon, Portugal", "Zurich, Switzerland"]
COMPANIES = ["Northwind Analytics", "Contoso Retail", "Fabrikam Health", "Globex Logistics", "Initech",
             "Umbrella Insurance", "Acme Payments", "Hooli Search", "Stark Mobility", "Wayne Energy",
             "Tyrell Biotech", "Cyberdyne Robotics", "Vandelay Imports", "Soylent Foods", "Pied Piper",
             "Massive Dynamic", "Oscorp Labs", "Aperture Science", "Blue Sun Media", "Gringotts Bank"]
TITLES = ["Machine Learning Engineer", "Senior Data Scientist", "ML Platform Engineer", "Applied Scientist",
          "Data Scientist", "Staff Machine Learning Engineer", "MLOps Engineer", "Research Engineer",
          "Data Engineer", "AI Engineer", "Lead Data Scientist", "Software Engineer, ML Infrastructure"]
DEGREES = ["M.Sc. Computer Science", "B.Sc. Mathematics", "M.S. Statistics", "B.Eng. Electrical Engineering",
           "Ph.D. Machine Learning", "M.Sc. Data Science", "B.A. Economics", "M.Eng. Software Engineering"]
SCHOOLS = ["University of Texas at Austin", "University of Toronto", "Imperial College London",
           "Technische Universität München", "Universidad Politécnica de Madrid", "IIT Bombay",
           "Universidade de São Paulo", "Georgia Institute of Technology", "University of Washington",
           "ETH Zürich", "University of Melbourne", "Carnegie Mellon University"]
TECH = ["PyTorch", "TensorFlow", "scikit-learn", "XGBoost", "LightGBM", "Spark", "Airflow", "Kubeflow",
        "MLflow", "SageMaker", "Vertex AI", "Azure ML", "BigQuery", "Snowflake", "dbt", "Kafka", "Ray",
        "Docker", "Kubernetes", "Terraform", "FastAPI", "Hugging Face Transformers", "LangChain", "ONNX",
        "Triton", "Redis", "PostgreSQL", "Databricks", "Feast", "Great Expectations", "Prometheus"]
CLOUDS = ["AWS", "GCP", "Azure", "Google Cloud", "Amazon Web Services"]
DOMAINS = ["demand forecasting", "fraud detection", "search ranking", "recommendations", "churn prediction",
           "credit risk", "document understanding", "speech recognition", "computer vision", "pricing",
           "anomaly detection", "customer support automation", "supply chain optimisation", "ad targeting"]
BULLETS = [
    "Built and deployed a {domain} model with {tech} and {tech2}, improving {metric} by {pct}% across {n} markets.",
    "Designed the feature store on {cloud} ({tech}, {tech2}) serving {n}k features per second at p99 under {ms} ms.",
    "Led a team of {k} engineers migrating batch training from cron jobs to {tech} pipelines on {cloud}.",
    "Reduced inference cost by {pct}% by distilling a transformer and serving it with {tech} on {cloud}.",
    "Implemented offline and online evaluation for {domain}, including A/B tests with {n}M weekly users.",
    "Wrote the monitoring for model drift and data quality ({tech}, {tech2}); cut incident time by {pct}%.",
    "Trained gradient-boosted models ({tech}) for {domain}; shipped to production in {k} weeks.",
    "Partnered with product and legal to launch an explainability report for {domain} decisions.",
    "Mentored {k} junior data scientists and ran the weekly paper reading group on {domain}.",
    "Automated retraining and canary releases with {tech} and {tech2}, moving from monthly to daily models.",
    "Developed a retrieval-augmented assistant over {n}k internal documents using {tech} and {cloud}.",
    "Optimised Spark jobs for {domain} features, cutting the nightly run from {k} hours to {m} minutes.",
    "Introduced experiment tracking with {tech}; {n} models now have reproducible lineage end to end.",
    "Collaborated with the {cloud} account team on GPU capacity planning for {domain} training runs.",
    "Rewrote the labelling guidelines for {domain}; inter-annotator agreement rose from 0.{m} to 0.8{k}.",
    "Owned the quarterly roadmap for {domain} with two product managers and a designer.",
    "Cut the median time from idea to online experiment from {k} weeks to {m} hours.",
    "Gave {k} internal talks on evaluation pitfalls and wrote the team's model review checklist.",
    "Interviewed {n} candidates and redesigned the take-home exercise for the data science ladder.",
    "Replaced a rules engine for {domain} with a calibrated classifier; false alarms fell by {pct}%.",
    "Set up on-call, runbooks and SLOs for {k} model endpoints handling {n}M requests a day.",
    "Ran causal analyses of pricing experiments and presented the results to the executive team.",
    "Built dashboards in Looker and Streamlit so analysts could explore {domain} cohorts without SQL.",
    "Negotiated data-sharing agreements with {k} partners and documented the lineage for audits.",
]
METRICS = ["precision", "recall", "AUC", "revenue per session", "forecast accuracy", "conversion", "NDCG@10"]
SUMMARIES = [
    "{title} with {y} years of experience in {domain} and {domain2}, from prototype to production on {cloud}.",
    "I build reliable ML systems: data pipelines, training, serving and monitoring, mostly with {tech} and {tech2}.",
    "Comfortable across the stack, from SQL and {tech} to Kubernetes, and happiest where models meet products.",
    "Recent work focuses on {domain} with large language models, evaluation and cost-aware serving.",
    "Known for clear writing, careful experiments and shipping: {n} models in production across {k} teams.",
]
# prose that names no credential (the traps)
TRAPS = [
    "Senior Machine Learning Engineer at Google, working on {domain}.",
    "TensorFlow developer with {y} years of experience building {domain} models.",
    "Built ML pipelines on AWS; specialty in NLP and {domain}.",
    "Completed a deep learning specialization in computer vision during my master's thesis.",
    "Professional machine learning engineer with a focus on {domain} on Google Cloud.",
    "Azure AI engineer for {k} years, deploying {domain} services with {tech}.",
]
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


@dataclass(frozen=True, slots=True)
class Planted:
    """What the generator put into a resume: credential ids (with statuses) and near-miss ids."""

    credentials: dict[str, str]
    near_misses: tuple[str, ...]
    traps: int


def _fill(rng: random.Random, template: str) -> str:
    tech = rng.sample(TECH, 2)
    domains = rng.sample(DOMAINS, 2)
    return template.format(
        tech=tech[0], tech2=tech[1], domain=domains[0], domain2=domains[1], cloud=rng.choice(CLOUDS),
        metric=rng.choice(METRICS), pct=rng.randint(8, 60), n=rng.randint(3, 900), k=rng.randint(2, 12),
        m=rng.randint(10, 55), ms=rng.randint(8, 90), y=rng.randint(3, 14), title=rng.choice(TITLES),
    )


def _cert_line(rng: random.Random, entry: Any) -> tuple[str, str]:
    """One certifications-section line for ``entry`` and the status it claims."""
    names = [entry.name, *entry.aliases]
    name = rng.choice(names)
    if entry.codes and rng.random() < 0.3:
        name = f"{name} ({rng.choice(entry.codes)})"
    year = rng.randint(2018, 2025)
    status = rng.choices(["earned", "in-progress", "planned", "expired"], weights=[6, 2, 1, 1])[0]
    if status == "earned":
        text = rng.choice([f"{name} ({year})", f"{name}, {entry.issuer}, {year}",
                           f"{name} | issued {rng.choice(MONTHS)} {year}", f"{name} — {year}"])
    elif status == "in-progress":
        text = rng.choice([f"{name} (in progress, expected 2027)",
                           f"{name} — exam scheduled for {rng.choice(MONTHS)} 2027",
                           f"Pursuing the {name}", f"Preparing for the {name}"])
    elif status == "planned":
        text = rng.choice([f"Planning to take the {name} in 2027", f"{name} (planned, 2027)"])
    else:
        text = rng.choice([f"{name} ({year - 3}–{year}, expired)", f"{name}, {year - 3} (lapsed)"])
    return text, status


def make_resume(rng: random.Random, lexicon: Any) -> tuple[list[tuple[str, str]], Planted]:
    """A resume as ``(kind, text)`` blocks (heading / para / bullet) and what was planted in it."""
    first, last = rng.choice(FIRST), rng.choice(LAST)
    blocks: list[tuple[str, str]] = [
        ("name", f"{first} {last}"),
        ("para", f"{rng.choice(TITLES)} · {rng.choice(CITIES)} · {first.lower()}.{last.lower()}@example.com · "
                 f"+1 555 {rng.randint(100, 999)} {rng.randint(1000, 9999)} · "
                 f"linkedin.com/in/{first.lower()}{last.lower()}"),
        ("heading", "Summary"),
    ]
    traps = 0
    summary = " ".join(_fill(rng, s) for s in rng.sample(SUMMARIES, 3))
    if rng.random() < 0.25:
        summary += " " + _fill(rng, rng.choice(TRAPS))
        traps += 1
    blocks.append(("para", summary))

    blocks.append(("heading", "Experience"))
    jobs = []
    year = 2025
    for _ in range(rng.randint(3, 4)):
        start = year - rng.randint(1, 4)
        head = (f"{rng.choice(TITLES)}, {rng.choice(COMPANIES)} — {rng.choice(CITIES)} | "
                f"{rng.choice(MONTHS)} {start} – {'Present' if year == 2025 else f'{rng.choice(MONTHS)} {year}'}")
        bullets = [_fill(rng, b) for b in rng.sample(BULLETS, rng.randint(4, 6))]
        if rng.random() < 0.15:
            bullets.insert(rng.randrange(len(bullets)), _fill(rng, rng.choice(TRAPS)))
            traps += 1
        jobs.append([head, bullets])
        year = start

    blocks_after: list[tuple[str, str]] = [("heading", "Education")]
    for _ in range(rng.randint(1, 2)):
        blocks_after.append(("para", f"{rng.choice(DEGREES)}, {rng.choice(SCHOOLS)}, {rng.randint(2008, 2020)}"))
        blocks_after.append(("bullet", "Coursework: " + ", ".join(rng.sample(DOMAINS + METRICS, 4)) + "."))
    blocks_after.append(("heading", "Skills"))
    extra = rng.sample(["Scala", "Go", "Java", "R", "C++", "Rust", "TypeScript"], 2)
    blocks_after.append(("para", "Languages: Python, SQL, " + ", ".join(extra)))
    blocks_after.append(("para", "ML: " + ", ".join(rng.sample(TECH[:12], 6))))
    blocks_after.append(("para", "Cloud & ops: " + ", ".join(rng.sample(CLOUDS[:3] + TECH[12:], 6))))

    credentials: dict[str, str] = {}
    near: list[str] = []
    cert_lines: list[str] = []
    for entry in rng.sample(list(lexicon.credentials), rng.choice([0, 1, 1, 2, 2, 3, 4])):
        text, status = _cert_line(rng, entry)
        cert_lines.append(text)
        credentials[entry.id] = status
    for entry in rng.sample(list(lexicon.near_misses), rng.choice([0, 0, 1, 1, 2])):
        text, _ = _cert_line(rng, entry)
        cert_lines.append(text)
        near.append(entry.id)
    rng.shuffle(cert_lines)
    if cert_lines:
        blocks_after.append(("heading", rng.choice(["Certifications", "Licenses & Certifications", "Certificates"])))
        blocks_after.extend(("bullet", line) for line in cert_lines)
    blocks_after.append(("heading", "Languages"))
    native = rng.choice(["Spanish", "German", "French", "Portuguese", "Hindi"])
    blocks_after.append(("para", f"English (fluent), {native} (native)"))

    def assemble() -> list[tuple[str, str]]:
        out = list(blocks)
        for head, bullets in jobs:
            out.append(("para", head))
            out.extend(("bullet", b) for b in bullets)
        return out + blocks_after

    def size() -> int:
        return sum(len(t) + 1 for _, t in assemble())

    target = rng.randint(MIN_CHARS + 200, MAX_CHARS - 400)
    while size() < target:
        rng.choice(jobs)[1].append(_fill(rng, rng.choice(BULLETS)))
    while size() > MAX_CHARS:
        job = max(jobs, key=lambda j: len(j[1]))
        job[1].pop()
    return assemble(), Planted(credentials, tuple(near), traps)


# --------------------------------------------------------------------------- PDF

def write_pdf(blocks: list[tuple[str, str]], path: Path) -> None:
    from reportlab.lib.pagesizes import letter
    from reportlab.lib.utils import simpleSplit
    from reportlab.pdfgen import canvas

    width, height = letter
    left, top, bottom, leading = 50, 50, 50, 13
    c = canvas.Canvas(str(path), pagesize=letter, invariant=1)
    y = height - top

    def line(x: float, text: str, font: str = "Helvetica", size: int = 10) -> None:
        nonlocal y
        for part in simpleSplit(text, font, size, width - left - x) or [""]:
            if y < bottom:
                c.showPage()
                y = height - top
            c.setFont(font, size)
            c.drawString(x, y, part)
            y -= leading

    for kind, text in blocks:
        if kind == "name":
            line(left, text, "Helvetica-Bold", 16)
            y -= 4
        elif kind == "heading":
            y -= 5
            line(left, text.upper(), "Helvetica-Bold", 11)
        elif kind == "bullet":
            if y < bottom:
                c.showPage()
                y = height - top
            c.setFont("Helvetica", 10)
            c.drawString(left + 4, y, "\u2022")
            line(left + 14, text)
        else:
            line(left, text)
    c.save()


def build_corpus(n: int, seed: int, rebuild: bool = False) -> tuple[list[Path], list[Planted]]:
    """Generate (or reuse) the corpus for ``seed``; return the PDF paths and what each holds."""
    from scanner.lexicon import load_lexicon

    folder = CORPUS / f"seed{seed}-n{n}-v{GENERATOR_VERSION}"
    manifest = folder / "manifest.json"
    if manifest.exists() and not rebuild:
        data = json.loads(manifest.read_text(encoding="utf-8"))
        return ([folder / p for p in data["files"]],
                [Planted(d["credentials"], tuple(d["near_misses"]), d["traps"]) for d in data["planted"]])
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    lexicon = load_lexicon()
    paths, planted = [], []
    t = time.perf_counter()
    for i in range(n):
        blocks, plant = make_resume(rng, lexicon)
        path = folder / f"resume-{i:04d}.pdf"
        write_pdf(blocks, path)
        paths.append(path)
        planted.append(plant)
    manifest.write_text(json.dumps({
        "seed": seed, "n": n, "generator": GENERATOR_VERSION, "files": [p.name for p in paths],
        "planted": [{"credentials": p.credentials, "near_misses": list(p.near_misses), "traps": p.traps}
                    for p in planted],
    }, indent=1), encoding="utf-8")
    print(f"built {n} PDFs in {time.perf_counter() - t:.1f}s under {folder.relative_to(ROOT)}", file=sys.stderr)
    return paths, planted


# --------------------------------------------------------------------------- stages

def extract(paths: Sequence[Path]) -> list[list[str]]:
    """(a) Raw pypdfium2 extraction: each document's page texts."""
    return [raw_page_texts(path) for path in paths]


def to_document(name: str, pages: list[str]) -> Any:
    from scanner.documents.model import Document

    rows = [(p, line.strip(), "text") for p, text in enumerate(pages, 1) for line in text.splitlines()]
    return Document.build(name, "pdf", rows, pages=len(pages))


def timed(fn: Callable[[], Any], runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return times


# --------------------------------------------------------------------------- main

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000, help="resumes (default %(default)s)")
    parser.add_argument("--seed", type=int, default=7, help="corpus seed (default %(default)s)")
    parser.add_argument("--runs", type=int, default=3, help="timed runs per stage; the median is reported")
    parser.add_argument("--profile", action="store_true", help="print a cProfile top 20 of the detection stage")
    parser.add_argument("--rebuild", action="store_true", help="regenerate the PDFs even if cached")
    parser.add_argument("--check", action="store_true", help="exit 1 when the goal is missed")
    args = parser.parse_args(argv)

    import spacy

    from scanner.pipeline import build_pipeline
    from scanner.scan import scan_document

    paths, planted = build_corpus(args.n, args.seed, args.rebuild)
    extracted = extract(paths)
    documents = [to_document(p.name, pages) for p, pages in zip(paths, extracted, strict=True)]
    texts = [d.text for d in documents]
    nlp = build_pipeline()
    blank = spacy.blank("en").tokenizer

    def stage_extract() -> None:
        extract(paths)

    def stage_detect() -> list[Any]:
        return [scan_document(d, nlp) for d in documents]

    def stage_tokenize() -> None:
        for text in texts:
            blank(text)

    # warm-up: caches, lazy imports, the OS file cache
    extract(paths[:WARMUP_DOCS])
    for d in documents[:WARMUP_DOCS]:
        scan_document(d, nlp)
    for text in texts[:WARMUP_DOCS]:
        blank(text)

    results: dict[str, list[float]] = {}
    results["extract"] = timed(stage_extract, args.runs)
    results["detect"] = timed(stage_detect, args.runs)
    results["tokenize"] = timed(stage_tokenize, args.runs)
    med = {k: statistics.median(v) for k, v in results.items()}
    n = len(documents)

    chars = [len(t) for t in texts]
    pages = [d.pages for d in documents]
    print(f"corpus: {n} resumes (seed {args.seed}), {statistics.mean(chars):,.0f} chars on average "
          f"({min(chars):,}-{max(chars):,}), {statistics.mean(pages):.2f} pages on average "
          f"({min(pages)}-{max(pages)}), {statistics.mean(len(d.lines) for d in documents):.0f} lines")
    print(f"timing: median of {args.runs} runs after a warm-up of {WARMUP_DOCS} documents\n")
    rows = [
        ("(a) raw pypdfium2 extraction", "extract"),
        ("(b) detection: Document -> ScanResult", "detect"),
        ('(c) bare spacy.blank("en") tokenizer', "tokenize"),
    ]
    width = max(len(label) for label, _ in rows)
    print(f"{'stage':<{width}}  {'total s':>8}  {'ms/doc':>7}  {'x raw':>6}  runs (s)")
    print(f"{'-' * width}  {'-' * 8}  {'-' * 7}  {'-' * 6}  --------")
    for label, key in rows:
        runs = ", ".join(f"{t:.3f}" for t in results[key])
        print(f"{label:<{width}}  {med[key]:>8.3f}  {1000 * med[key] / n:>7.3f}  "
              f"{med[key] / med['extract']:>6.2f}  {runs}")
    ok = med["detect"] <= med["extract"]
    print(f"\nratios: detection/raw {med['detect'] / med['extract']:.2f}, "
          f"tokenizer/raw {med['tokenize'] / med['extract']:.2f}, detection/tokenizer "
          f"{med['detect'] / med['tokenize']:.2f}")
    print(f"goal detection <= raw extraction: {'PASS' if ok else 'FAIL'}")

    # what the candidate tokenizer keeps
    total_lines = sel_lines = total_chars = sel_chars = tokens = 0
    shares = []
    for d in documents:
        info = nlp.tokenizer.from_document(d).user_data["credscan"]
        total_lines += len(d.lines)
        sel_lines += len(info.selected)
        total_chars += sum(len(line.text) for line in d.lines)
        sel_chars += sum(len(d.lines[i].text) for i in info.selected)
        tokens += len(info.tok_line)
        shares.append(len(info.selected) / max(1, len(d.lines)))
    print(f"\ncandidate lines: {sel_lines}/{total_lines} = {sel_lines / total_lines:.1%} of lines "
          f"({sel_chars / total_chars:.1%} of characters; per document median {statistics.median(shares):.1%}, "
          f"max {max(shares):.1%}); {tokens / n:.0f} tokens per document")

    anchors = getattr(nlp.tokenizer, "anchors", None)
    if anchors is not None:
        stems: dict[str, int] = {}
        for d in documents:
            for line in d.lines:
                for stem in {m.group() for m in anchors.finditer(line.text.lower())}:
                    stems[stem] = stems.get(stem, 0) + 1
        top = sorted(stems.items(), key=lambda kv: -kv[1])[:12]
        print("anchor words picking the most lines (share of all lines): "
              + ", ".join(f"{k} {v / total_lines:.0%}" for k, v in top))

    # sanity: the planted credentials are found and nothing else
    scans = stage_detect()
    planted_n = found = fps = status_ok = 0
    fp_ids: dict[str, int] = {}
    for result, plant in zip(scans, planted, strict=True):
        got = {c.id: c for c in result.credentials}
        planted_n += len(plant.credentials)
        for cid, status in plant.credentials.items():
            if cid in got:
                found += 1
                status_ok += got[cid].status == status
        for cid in set(got) - set(plant.credentials):
            fps += 1
            fp_ids[cid] = fp_ids.get(cid, 0) + 1
    kinds = sum(r.kind == "resume" for r in scans)
    print(f"sanity: found {found}/{planted_n} planted credentials, status right on {status_ok}/{found}, "
          f"{fps} credentials not planted {dict(sorted(fp_ids.items())) or ''}; "
          f"{kinds}/{n} classified as resumes; {sum(p.traps for p in planted)} trap sentences planted")

    if args.profile:
        profiler = cProfile.Profile()
        profiler.enable()
        stage_detect()
        profiler.disable()
        for order in ("cumulative", "tottime"):
            buf = io.StringIO()
            pstats.Stats(profiler, stream=buf).sort_stats(order).print_stats(20)
            print(f"\ncProfile of the detection stage, top 20 by {order}:")
            print("\n".join(buf.getvalue().strip().splitlines()[3:]))
    return 1 if args.check and not ok else 0


if __name__ == "__main__":
    raise SystemExit(main())
