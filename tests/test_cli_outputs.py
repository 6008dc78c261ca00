"""What each output shows: audit CSV columns, near misses and reader warnings in scan (item 13);
tables fitted to the terminal without cutting ids or file names, rank's groups and counts
(item 15); help examples that run, one-line errors for missing files, escaped control
characters, snippets cut between words (item 16)."""

from __future__ import annotations

import csv
import io
import json
import re
import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner

from scanner.cli import cli
from scanner.scan import snippet
from tests.conftest import SAMPLES

POSTING = """Senior Machine Learning Engineer
About the role
We are looking for an engineer to join our team. You will build and ship models on AWS.
Requirements
- 5+ years of Python
- AWS Certified Machine Learning – Specialty or Google Cloud Professional ML Engineer
- Machine Learning Engineering for Production (MLOps) Specialization by DeepLearning.AI
Nice to have
- Deep Learning Specialization (DeepLearning.AI)
Benefits
Competitive salary, apply now.
"""
RESUME = """Jane Doe
jane.doe@example.com | linkedin.com/in/janedoe
Experience
2019 - present  Machine Learning Engineer, Initech
Built and deployed models; led a team of four.
Education
MSc Statistics, 2018
Certifications
Google Cloud Professional ML Engineer, 2024
AWS Certified Machine Learning Engineer – Associate (MLA-C01), 2025
"""
BATCH = ("--no-db", "--workers", "0", "--quiet")


def run(*args: object, env: dict[str, str] | None = None):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False, env=env)


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def write_pdf(path: Path, text: str) -> Path:
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=(612, 792), invariant=1)
    c.setFont("Helvetica", 10)
    for i, line in enumerate(text.splitlines()):
        c.drawString(50, 750 - 14 * i, line)
    c.save()
    return path


# --- item 13: audit CSV, near misses and reader warnings --------------------------------------

def test_audit_csv_puts_each_value_in_its_column(tmp_path):
    resume, posting = write(tmp_path, "cv.txt", RESUME), write(tmp_path, "posting.txt", POSTING)
    rows = list(csv.DictReader(io.StringIO(run("audit", resume, "--against", posting, "--format", "csv").stdout)))
    assert {r["coverage"] for r in rows} == {"0.40"}  # AWS-or-GCP met (2 of 2+2+1)
    have = next(r for r in rows if r["section"] == "demand" and r["state"] == "HAVE")
    assert (have["level"], have["id"], have["your_status"], have["year"]) == ("required", "gcp-pmle", "earned", "2024")
    assert have["alternatives"] == "aws-ml-specialty" and re.fullmatch(r"p1:l\d+", have["where"])
    gap = next(r for r in rows if r["section"] == "demand" and r["id"] == "dlai-mlops-specialization")
    assert gap["state"] == "MISSING" and gap["can_earn"] == "no (no successor named)" and gap["hours"]
    held = next(r for r in rows if r["section"] == "held" and r["id"] == "gcp-pmle")
    assert (held["year"], held["expires"]) == ("2024", "2026") and "lapses in 2026" in held["text"]
    advice = [r for r in rows if r["section"] == "advice"]
    assert advice and all(r["text"] and r["state"] for r in advice)
    statuses = {"earned", "in-progress", "planned", "expired", "mentioned", ""}
    assert {r["your_status"] for r in rows} <= statuses  # no year, advice or expiry under a status
    table = run("audit", resume, "--against", posting, "--format", "table", env={"COLUMNS": "200"}).stdout
    assert "None" not in table and "no (no successor named)" in table


def test_scan_table_and_csv_show_near_misses(tmp_path):
    cv = write(tmp_path, "cv.txt", "Jane Doe\nCertifications\nAWS Certified Machine Learning Engineer – Associate (MLA-C01), 2025\n")
    table = run("scan", cv, "--format", "table", *BATCH, env={"COLUMNS": "200"}).stdout
    assert "near miss: aws-ml-engineer-associate (earned, 2025)" in table
    row = next(csv.DictReader(io.StringIO(run("scan", cv, "--format", "csv", *BATCH).stdout)))
    assert (row["credential"], row["near_miss"], row["status"], row["year"]) == ("aws-ml-engineer-associate", "yes", "earned", "2025")


def test_scan_table_and_csv_carry_the_no_text_layer_warning():
    scanned = SAMPLES / "broken" / "scanned-page2.pdf"
    table = run("scan", scanned, "--format", "table", *BATCH, env={"COLUMNS": "200"}).stdout
    assert re.search(r"WARNING: .*scanned-page2\.pdf: page 2 has no text layer", table)
    rows = list(csv.DictReader(io.StringIO(run("scan", scanned, "--format", "csv", *BATCH).stdout)))
    assert rows and all("page 2 has no text layer" in r["warnings"] for r in rows)


# --- item 15: fitted tables, groups, counts --------------------------------------------------

def test_tables_fit_the_terminal_without_cutting_ids_or_file_names(tmp_path):
    resume = write(tmp_path, "jane-doe-machine-learning-engineer-resume-2026.txt", RESUME)
    posting = write(tmp_path, "posting.txt", POSTING)
    ids = ("dlai-deep-learning-specialization", "dlai-mlops-specialization", "aws-ml-engineer-associate")
    fits = run("audit", resume, "--against", posting, "--format", "table", env={"COLUMNS": "96"}).stdout.splitlines()
    assert max(len(line) for line in fits) <= 96
    assert all(any(i in line for line in fits) for i in ids)  # each whole, on one line
    # narrower than the longest id allows: the table runs wider rather than cut an id
    squeezed = run("audit", resume, "--against", posting, "--format", "table", env={"COLUMNS": "50"}).stdout.splitlines()
    assert all(any(i in line for line in squeezed) for i in ids)
    assert not any(re.search(r"\bdlai-\S*$", line) and not line.rstrip().endswith(ids) for line in squeezed)
    ranked = run("rank", posting, resume, "--format", "table", *BATCH, env={"COLUMNS": "70"}).stdout.splitlines()
    assert any(line.endswith("jane-doe-machine-learning-engineer-resume-2026.txt") or
               " jane-doe-machine-learning-engineer-resume-2026.txt " in line for line in ranked)  # broken after a "/" only
    assert not any("jane-doe" in line and "jane-doe-machine-learning-engineer-resume-2026.txt" not in line for line in ranked)
    wide = run("demands", posting, "--format", "table", env={"COLUMNS": "180"}).stdout
    assert 100 < max(len(line) for line in wide.splitlines()) <= 180  # the terminal's width, not 100


def test_warnings_under_a_table_keep_to_the_width(tmp_path):
    posting = write(tmp_path, "posting.txt", POSTING)
    out = run("demands", posting, "--format", "table", env={"COLUMNS": "60"}).stdout
    notes = out[out.index("WARNING"):].splitlines()
    assert len(notes) > 1 and max(len(line) for line in notes) <= 60


def test_rank_shows_a_missing_choice_as_the_group_and_counts_in_csv(tmp_path):
    posting = write(tmp_path, "posting.txt", POSTING)
    nobody = write(tmp_path, "nobody.txt", "John Roe\nExperience\n2020 - present  Analyst, Globex\nBuilt dashboards.\n")
    table = run("rank", posting, nobody, "--format", "table", *BATCH, env={"COLUMNS": "200"}).stdout
    assert "gcp-pmle or aws-ml-specialty" in table
    assert "required demands weigh double" in table
    row = next(csv.DictReader(io.StringIO(run("rank", posting, nobody, "--format", "csv", *BATCH).stdout)))
    assert (row["required_met"], row["required_total"], row["preferred_met"], row["preferred_total"]) == ("0", "2", "0", "1")
    assert row["missing"].startswith("gcp-pmle or aws-ml-specialty; ")


def test_the_coverage_line_says_required_weigh_double(tmp_path):
    resume, posting = write(tmp_path, "cv.txt", RESUME), write(tmp_path, "posting.txt", POSTING)
    out = " ".join(run("audit", resume, "--against", posting, "--format", "table").stdout.split())
    assert "coverage 40% (required demands weigh double)" in out


def test_demands_table_shows_a_choice_as_one_row(tmp_path):
    posting = write(tmp_path, "posting.txt", POSTING)
    out = run("demands", posting, "--format", "table", env={"COLUMNS": "200"}).stdout
    lines = out.splitlines()
    first = next(i for i, line in enumerate(lines) if "aws-ml-specialty" in line)
    assert lines[first].startswith("required") and lines[first + 1].split()[:2] == ["or", "gcp-pmle"]
    assert sum(line.startswith("required") for line in lines) == 2  # the choice and the MLOps specialization
    rows = list(csv.DictReader(io.StringIO(run("demands", posting, "--format", "csv").stdout)))
    assert [(r["level"], r["id"], r["alternatives"]) for r in rows][:2] == [
        ("required", "aws-ml-specialty", "gcp-pmle"), ("required", "dlai-mlops-specialization", "")]


# --- item 16: help, errors, escapes, snippets ------------------------------------------------

COMMANDS = ("scan", "demands", "audit", "rank", "stats", "extract", "export", "lexicon", "lexicon list", "lexicon check",
            "serve", "schema")


def examples(command: str) -> list[str]:
    text = run(*command.split(), "--help").output
    assert "Examples:" in text, command
    return [line.strip() for line in text[text.index("Examples:"):].splitlines() if line.strip().startswith("credscan ")]


def test_every_command_has_examples_without_sample_paths():
    for command in COMMANDS:
        found = examples(command)
        assert found, command
        assert not any("samples/" in e for e in found), command
    top = run("--help").output
    assert "samples/" not in top


def _materialise(args: list[str], here: Path) -> None:
    """Make the files an example names, as a user would have them."""
    for arg in args:
        if arg.endswith("/"):
            folder = here / arg
            write(folder, "jane.txt", RESUME)
            write(folder, "job.txt", POSTING)
        elif arg.endswith(".pdf") and not (here / arg).exists():
            write_pdf(here / arg, POSTING if "posting" in arg else RESUME)
        elif arg.endswith((".txt", ".md")):
            write(here, arg, POSTING if "posting" in arg else RESUME)
        elif arg.endswith(".yaml"):
            write(here, arg, "version: 1\ncredentials:\n  - id: gcp-pmle\n    aliases: [Google ML Pro]\n")


def test_help_examples_run_as_written(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write_pdf(tmp_path / "cv.pdf", RESUME)
    assert run("scan", "cv.pdf", "--db", "scan.db", "--workers", "0", "--quiet").exit_code == 0  # for export --db
    assert run("scan", "cv.pdf", "--workers", "0", "--quiet").exit_code == 0  # the default store, for export
    seen = set()
    for command in COMMANDS:
        if command == "serve":  # runs until stopped: tests/web/ start it
            continue
        for example in examples(command):
            if example in seen:
                continue
            seen.add(example)
            line = re.split(r" [>|] ", example)[0]
            args = shlex.split(line)[1:]
            _materialise(args, tmp_path)
            result = CliRunner().invoke(cli, args, catch_exceptions=False)
            assert result.exit_code in (0, 3), (example, result.output, result.stderr)
            assert "Error" not in result.stderr, example


def test_every_verb_takes_format_and_those_that_read_the_lexicon_take_lexicon():
    def params(group, path=()):
        for name, cmd in group.commands.items():
            if hasattr(cmd, "commands"):
                yield from params(cmd, (*path, name))
            else:
                yield " ".join((*path, name)), {p.name for p in cmd.params}

    found = dict(params(cli))
    assert set(found) == {c for c in COMMANDS if c != "lexicon"}
    for name, names in found.items():
        if name == "schema":  # prints a published schema, as it is
            continue
        if name == "serve":  # prints no answer: it serves pages
            assert "lexicon_files" in names
            continue
        assert "fmt" in names, name
        if name not in ("extract", "export", "lexicon check"):  # these read no lexicon (check reads the files given)
            assert "lexicon_files" in names, name


@pytest.mark.parametrize("args", [
    ("demands", "nope.txt"), ("audit", "nope.txt"), ("rank", "nope.txt", "cvs/"), ("extract", "nope.txt"),
    ("lexicon", "check", "nope.txt"), ("lexicon", "list", "--lexicon", "nope.txt"),
])
def test_a_missing_file_is_one_line(tmp_path, monkeypatch, args):
    monkeypatch.chdir(tmp_path)
    result = run(*args)
    assert result.exit_code == 1
    assert result.stderr == "Error: nope.txt: no such file\n"


def test_a_missing_posting_for_audit_is_one_line(tmp_path):
    cv = write(tmp_path, "cv.txt", RESUME)
    result = run("audit", cv, "--against", tmp_path / "gone.txt")
    assert result.exit_code == 1 and result.stderr == f"Error: {tmp_path / 'gone.txt'}: no such file\n"


def test_escape_sequences_in_file_names_are_shown_escaped(tmp_path):
    evil = write(tmp_path, "evil\x1b[2J\x1b[31mred\u202e.txt", RESUME)
    table = run("scan", evil, "--format", "table", "--explain", *BATCH, env={"COLUMNS": "200"})
    assert "\x1b" not in table.stdout and "\u202e" not in table.stdout
    assert "evil\\x1b[2J\\x1b[31mred\\u202e.txt" in table.stdout
    assert "\x1b" not in table.stderr and "evil\\x1b[2J" in table.stderr
    missing = run("demands", tmp_path / "gone\x1b]0;owned\x07.txt")
    assert "\x1b" not in missing.stderr and "\x07" not in missing.stderr and "gone\\x1b]0;owned\\x07.txt" in missing.stderr
    extracted = run("extract", write(tmp_path, "cv.txt", "Jane\x1b[31m Doe\nGCP PMLE, 2024\n")).stdout
    assert "\x1b" not in extracted


def test_snippets_are_cut_between_words():
    words = [f"word{i}" for i in range(60)]
    line = " ".join([*words[:30], "AWS Certified Machine Learning Specialty", *words[30:]])
    start = line.index("AWS")
    end = start + len("AWS Certified Machine Learning Specialty")
    cut = snippet(line, start, end)
    assert cut.startswith("…") and cut.endswith("…") and "AWS Certified Machine Learning Specialty" in cut
    inner = cut.strip("…").split()
    assert set(inner) - {"AWS", "Certified", "Machine", "Learning", "Specialty"} <= set(words)  # no half word
    assert len(cut) <= 162


def test_scan_output_snippets_are_whole_words(tmp_path):
    filler = " ".join(f"alpha{i}" for i in range(40))
    cv = write(tmp_path, "cv.txt", f"Jane Doe\nCertifications\n{filler} Google Cloud Professional ML Engineer 2024 {filler}\n")
    data = json.loads(run("scan", cv, "--format", "jsonl", *BATCH).stdout)
    text = data["credentials"][0]["mentions"][0]["snippet"]
    assert set(text.strip("…").split()) <= set(filler.split()) | {"Google", "Cloud", "Professional", "ML", "Engineer", "2024"}
