"""The CLI with documents of both kinds mixed (item 3), swapped arguments and a posting that
demands nothing (item 6): texts we wrote, read by the real pipeline through the real verbs."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from scanner.cli import cli

POSTING = """Senior Machine Learning Engineer
About the role
We are looking for an engineer to join our team. You will build and ship models.
Requirements
- 5+ years of Python
- AWS Certified Machine Learning – Specialty or Google Cloud Professional ML Engineer
Nice to have
- Deep Learning Specialization (DeepLearning.AI)
Benefits
Competitive salary, apply now.
"""
OTHER_POSTING = """Data Scientist
About the job
We are hiring! You will analyse data with our team.
Requirements
- 3+ years of experience
- Google Cloud Professional ML Engineer
Nice to have
- Machine Learning Specialization (Coursera)
How to apply
Apply now via our site.
"""
NOTHING_DEMANDED = """Data Engineer
About the role
We are looking for a data engineer to join our team. You will build pipelines.
Requirements
- 5+ years of Python and SQL
Benefits
Competitive salary, apply now.
"""
STRONG = """Jane Doe
jane.doe@example.com | linkedin.com/in/janedoe
Experience
2019 - present  Machine Learning Engineer, Initech
Built and deployed models; led a team of four.
Education
MSc Statistics, 2018
Certifications
Google Cloud Professional ML Engineer, 2025
Deep Learning Specialization (Coursera), 2022
"""
WEAK = """John Roe
john.roe@example.com
Experience
2020 - present  Data Analyst, Globex
Built dashboards; improved reporting.
Education
BSc Mathematics, 2019
"""


def run(*args: object, **kw: object):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False, **kw)


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def mixed(tmp_path: Path) -> Path:
    """A folder as a sourcer has it: resumes, another posting, and the posting being ranked against."""
    folder = tmp_path / "inbox"
    write(folder, "jane.txt", STRONG)
    write(folder, "john.txt", WEAK)
    write(folder, "other-posting.txt", OTHER_POSTING)
    write(folder, "posting.txt", POSTING)
    return folder


BATCH = ("--no-db", "--workers", "0", "--quiet")


def test_the_documents_read_as_we_wrote_them(mixed):
    """The classifier reads our texts as what they are (else the tests below would test nothing)."""
    out = run("scan", mixed, "--format", "jsonl", *BATCH).stdout.splitlines()
    kinds = {Path(json.loads(x)["path"]).name: json.loads(x)["kind"] for x in out}
    assert kinds == {"jane.txt": "resume", "john.txt": "resume", "other-posting.txt": "posting", "posting.txt": "posting"}


def test_rank_leaves_out_postings_and_the_posting_itself(mixed):
    result = run("rank", mixed / "posting.txt", mixed, "--format", "json", *BATCH)
    data = json.loads(result.stdout)
    assert [Path(r["path"]).name for r in data["results"]] == ["jane.txt", "john.txt"]
    assert data["results"][0]["rank"] == 1 and data["results"][0]["score"] == 1.0
    skipped = {Path(s["path"]).name: s["reason"] for s in data["skipped"]}
    assert skipped["posting.txt"] == "the posting itself"
    assert skipped["other-posting.txt"].startswith("looks like a posting (confidence ")
    assert result.exit_code == 0


def test_rank_table_lists_what_was_left_out_and_how_to_include_it(mixed):
    out = run("rank", mixed / "posting.txt", mixed, "--format", "table", *BATCH, env={"COLUMNS": "200"}).stdout
    left_out = out[out.index("Left out"):]
    assert "other-posting.txt" in left_out and "; --kind resume to include it" in left_out
    assert "the posting itself" in left_out


def test_rank_kind_resume_includes_the_other_posting_but_never_the_posting_itself(mixed):
    data = json.loads(run("rank", mixed / "posting.txt", mixed, "--kind", "resume", "--format", "json", *BATCH).stdout)
    assert sorted(Path(r["path"]).name for r in data["results"]) == ["jane.txt", "john.txt", "other-posting.txt"]
    assert [Path(s["path"]).name for s in data["skipped"]] == ["posting.txt"]


def test_stats_over_a_mixed_folder_counts_postings_only(mixed):
    data = json.loads(run("stats", mixed, "--format", "json", *BATCH).stdout)
    assert data["postings"] == 2
    by = {c["id"]: c for c in data["credentials"]}
    assert (by["gcp-pmle"]["required"], by["gcp-pmle"]["required_alone"], by["gcp-pmle"]["required_one_of"]) == (2, 1, 1)
    assert by["aws-ml-specialty"]["share_required"] == 0.5
    assert by["dlai-deep-learning-specialization"]["preferred"] == 1  # the resume's earned one is not counted
    assert sorted(Path(s["path"]).name for s in data["skipped"]) == ["jane.txt", "john.txt"]
    forced = json.loads(run("stats", mixed, "--kind", "posting", "--format", "json", *BATCH).stdout)
    assert forced["postings"] == 4 and forced["skipped"] == []


def test_explain_does_not_claim_a_confidence_for_a_forced_kind(mixed):
    forced = run("scan", mixed / "posting.txt", "--kind", "resume", "--explain", "--format", "json", *BATCH).stderr
    assert "posting.txt: read as a resume (--kind resume)" in forced and "confidence" not in forced
    guessed = run("scan", mixed / "jane.txt", "--explain", "--format", "json", *BATCH).stderr
    assert "jane.txt: resume (confidence " in guessed


def test_audit_with_swapped_arguments_warns(mixed):
    result = run("audit", mixed / "posting.txt", "--against", mixed / "jane.txt", "--format", "json", "--explain")
    data = json.loads(result.stdout)
    assert data["warnings"][0].startswith("the resume and the posting look swapped:")
    assert "warning: the resume and the posting look swapped" in result.stderr
    assert "posting.txt: read as a resume (the RESUME argument; on its own it reads as a posting, confidence" in result.stderr
    right = run("audit", mixed / "jane.txt", "--against", mixed / "posting.txt", "--format", "json")
    assert json.loads(right.stdout)["warnings"] == [] and "warning" not in right.stderr


def test_rank_warns_when_the_posting_reads_like_a_resume(mixed):
    result = run("rank", mixed / "jane.txt", mixed / "john.txt", "--format", "json", *BATCH)
    assert result.stderr.startswith(f"warning: {mixed / 'jane.txt'}, read as the posting, looks like a resume (confidence ")
    assert any("read as the posting, looks like a resume" in w for w in json.loads(result.stdout)["warnings"])
    quiet = run("rank", mixed / "posting.txt", mixed / "john.txt", "--format", "json", *BATCH)
    assert quiet.stderr == ""


def test_a_posting_that_demands_nothing_gives_no_coverage(tmp_path, mixed):
    nothing = write(tmp_path, "data-engineer.txt", NOTHING_DEMANDED)
    data = json.loads(run("audit", mixed / "jane.txt", "--against", nothing, "--format", "json").stdout)
    assert data["coverage"] is None and "this posting demands no credential" in data["warnings"][0]
    table = " ".join(run("audit", mixed / "jane.txt", "--against", nothing, "--format", "table").stdout.split())
    assert "coverage n/a (this posting demands no credential)" in table and "100%" not in table
    ranked = run("rank", nothing, mixed / "jane.txt", mixed / "john.txt", "--format", "json", *BATCH).stdout
    assert [r["score"] for r in json.loads(ranked)["results"]] == [None, None]
    table = " ".join(run("rank", nothing, mixed / "jane.txt", "--format", "table", *BATCH).stdout.split())
    assert "this posting demands no credential" in table and "1.00" not in table and "n/a" in table
    rows = list(csv.DictReader(io.StringIO(run("rank", nothing, mixed / "jane.txt", "--format", "csv", *BATCH).stdout)))
    assert rows[0]["score"] == "n/a"
