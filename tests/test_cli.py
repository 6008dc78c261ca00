"""Every verb through click's CliRunner on the real sample files: exact answers and each format's shape."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from scanner import __version__
from scanner.cli import cli
from tests.conftest import SAMPLES

R = SAMPLES / "resumes"
P = SAMPLES / "postings"
B = SAMPLES / "broken"


def run(*args: str):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def test_every_command_has_help_and_version():
    first, lexicon, contracts = run("--version").output.strip().splitlines()
    assert first == f"credscan, version {__version__}"
    assert lexicon.startswith("lexicon ") and "credscan.scan/1" in contracts
    for cmd in ("scan", "demands", "audit", "rank", "stats", "extract", "export", "lexicon", "lexicon list", "lexicon check"):
        result = run(*cmd.split(), "--help")
        assert result.exit_code == 0 and "Usage: " in result.output, cmd


def test_demands_json_contract_and_retired_warning():
    result = run("demands", P / "globex-data-scientist.txt", "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert data["schema"] == "credscan.demands/2"
    assert [c["id"] for c in data["required"]] == ["aws-ml-specialty"]
    assert [(c["id"], c["near_miss"]) for c in data["preferred"]] == [
        ("tensorflow-developer", False), ("dlai-pytorch", False), ("aws-data-engineer-associate", True)]
    req = data["required"][0]
    assert req["status"] == "retired" and req["evidence"]["file"].endswith("globex-data-scientist.txt")
    assert "Must hold" in req["evidence"]["text"] and req["evidence"]["line"] > 0
    assert any("retired" in w and "new candidates cannot earn it" in w for w in data["warnings"])


def test_demands_alternatives_from_html():
    data = json.loads(run("demands", P / "acme-ml-engineer.html", "--format", "json").output)
    req = {c["id"]: c["alternatives"] for c in data["required"]}
    assert req == {"aws-ml-specialty": ["gcp-pmle"]}  # one demand with an alternative
    assert [c["id"] for c in data["preferred"]] == ["dlai-deep-learning-specialization"]


def test_audit_against_posting_json():
    result = run("audit", R / "priya-raman-two-column.pdf", "--against", P / "acme-ml-engineer.html", "--format", "json")
    data = json.loads(result.output)
    assert data["schema"] == "credscan.audit/1"
    assert [m["id"] for m in data["required"]["matched"]] == ["aws-ml-specialty"]
    assert data["required"]["missing"] == []
    assert [m["id"] for m in data["preferred"]["matched"]] == ["dlai-deep-learning-specialization"]
    assert data["coverage"] == 1.0 and data["gaps"] == []


def test_audit_gaps_and_fail_on_gaps_exit_code():
    args = ("audit", R / "tomas-novak.md", "--against", P / "northwind-mlops.pdf")
    data = json.loads(run(*args, "--format", "json").output)
    assert [m["id"] for m in data["required"]["missing"]] == ["gcp-pmle"]
    gap = data["gaps"][0]
    assert (gap["id"], gap["hours"]["low"], gap["hours"]["high"], gap["cost"]["usd"]) == ("gcp-pmle", 80, 100, 200)
    assert gap["salary_impact"]["text"] == "$10-15K" and gap["can_earn"] is True
    assert run(*args, "--fail-on-gaps", "--format", "json").exit_code == 3


def test_audit_table_is_readable_in_100_columns():
    result = run("audit", R / "aisha-khan.txt", "--against", P / "initech-platform.md", "--format", "table")
    assert result.exit_code == 0
    assert "coverage" in result.output and "Next steps" in result.output
    assert max(len(line) for line in result.output.splitlines()) <= 100
    assert "\x1b[" not in result.output  # no colour when not a terminal


def test_self_audit_with_cloud():
    data = json.loads(run("audit", R / "wei-zhang.tex", "--cloud", "aws", "--format", "json").output)
    assert data["posting"] is None
    held = {h["id"]: h["status"] for h in data["held"]}
    assert held["gcp-pmle"] == "earned" and held["tensorflow-developer"] == "earned"
    add = next(a for a in data["advice"] if a["rule"] == "cloud-add")
    assert add["id"] is None or add["id"] == "aws-ml-specialty"  # retired: its successor is named instead
    assert "You hold Google Cloud" in add["text"] and "second cloud otherwise pays off only" in add["text"]


def test_rank_json_and_errors_listed(tmp_path):
    folder = tmp_path / "cvs"
    folder.mkdir()
    for name in ("priya-raman-two-column.pdf", "aisha-khan.txt", "tomas-novak.md"):
        (folder / name).write_bytes((R / name).read_bytes())
    (folder / "locked.pdf").write_bytes((B / "encrypted-user-password.pdf").read_bytes())
    result = run("rank", P / "acme-ml-engineer.html", folder, "--format", "json", "--quiet", "--workers", "1")
    assert result.exit_code == 2
    data = json.loads(result.output)
    assert data["schema"] == "credscan.rank/1"
    order = [r["path"].rsplit("/", 1)[-1] for r in data["results"]]
    assert order == ["priya-raman-two-column.pdf", "aisha-khan.txt", "tomas-novak.md"]
    assert [r["rank"] for r in data["results"]] == [1, 2, 3]
    assert data["results"][0]["score"] == 1.0 and data["results"][2]["missing"] == ["gcp-pmle"]  # "AWS or GCP": one gap, the one still earnable
    assert len(data["errors"]) == 1 and data["errors"][0]["path"].endswith("locked.pdf")
    assert "password" in data["errors"][0]["error"]


def test_stats_shares_over_the_sample_postings():
    result = run("stats", P, "--kind", "posting", "--format", "json", "--quiet", "--workers", "1")
    data = json.loads(result.output)
    assert data["schema"] == "credscan.stats/1" and data["postings"] == 5
    by = {c["id"]: c for c in data["credentials"]}
    assert (by["gcp-pmle"]["required"], by["gcp-pmle"]["share_required"]) == (3, 0.6)
    assert (by["aws-ml-specialty"]["required"], by["aws-ml-specialty"]["mentioned"]) == (3, 1)
    assert by["dlai-deep-learning-specialization"]["preferred"] == 2


@pytest.mark.parametrize("fmt", ["json", "jsonl", "csv", "markdown", "table"])
def test_scan_every_format_and_partial_exit_code(fmt):
    result = run("scan", R / "marcus-lee-table.pdf", B / "truncated.pdf", "--format", fmt, "--quiet", "--workers", "1")
    assert result.exit_code == 2
    out = result.output
    if fmt == "json":
        data = json.loads(out)
        assert [r["schema"] for r in data["results"]] == ["credscan.scan/1"] * 2
    elif fmt == "jsonl":
        rows = [json.loads(line) for line in out.splitlines()]
        assert [r["error"] is None for r in rows] == [True, False]
        assert {c["id"]: c["status"] for c in rows[0]["credentials"]}["tensorflow-developer"] == "expired"
        assert "truncated.pdf" in rows[1]["error"] and rows[1]["credentials"] == []
    elif fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(out)))
        assert {r["credential"] for r in rows if r["path"].endswith("marcus-lee-table.pdf") and not r["near_miss"]} == {
            "azure-ai-engineer", "tensorflow-developer", "dlai-ml-specialization"}
        assert rows[-1]["error"].startswith(str(B / "truncated.pdf"))
    elif fmt == "markdown":
        lines = out.splitlines()
        assert (lines[0].startswith("| document |") and lines[1].startswith("|---")) or lines[1].startswith("| ---")
    else:
        assert "azure-ai-engineer (earned, 2024)" in out and "ERROR:" in out


def test_scan_explain_says_why(tmp_path):
    result = CliRunner().invoke(cli, ["scan", str(R / "elena-garcia-multipage.pdf"), "--explain", "--format", "json",
                                      "--quiet", "--workers", "1"], catch_exceptions=False)
    assert "aws-ml-specialty [credential] -> expired" in result.stderr
    assert "from expired" in result.stderr or "from past date range" in result.stderr


def test_explain_names_each_candidate_set_aside_and_its_rule(tmp_path):
    """Issue 11.8: not "no credential found" when candidates were found and set aside."""
    cv = tmp_path / "jobs.txt"
    cv.write_text("Jane Doe\nExperience\nMicrosoft - Azure AI Engineer II, 2021-2024\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["scan", str(cv), "--explain", "--kind", "resume", "--format", "json",
                                      "--quiet", "--no-db"], catch_exceptions=False)
    assert "no credential name" not in result.stderr
    assert "azure-ai-engineer [set aside] p1:l3 'Microsoft - Azure AI Engineer': reads as a job title" in result.stderr


def test_csv_cells_that_would_run_as_formulas_are_neutralised(tmp_path):
    cv = tmp_path / "evil.txt"
    cv.write_text("Jane Doe\nCertifications\n=HYPERLINK(\"http://x\") AWS ML Specialty (2022)\n", encoding="utf-8")
    out = run("scan", cv, "--format", "csv", "--quiet", "--workers", "1").output
    row = next(csv.DictReader(io.StringIO(out)))
    assert row["evidence"].startswith("'=HYPERLINK")


def test_lexicon_list_and_check(tmp_path):
    data = json.loads(run("lexicon", "list", "--format", "json").output)
    assert [c["id"] for c in data["credentials"]][:2] == ["aws-ml-specialty", "gcp-pmle"]
    good = tmp_path / "ok.yaml"
    good.write_text("version: 1\ncredentials:\n  - id: gcp-pmle\n    aliases: [Google ML Pro]\n", encoding="utf-8")
    assert run("lexicon", "check", good).output.startswith("ok: 8 credentials")
    bad = tmp_path / "bad.yaml"
    bad.write_text("version: 1\ncredentials:\n  - id: x\n    name: X\n", encoding="utf-8")
    result = run("lexicon", "check", bad)
    assert result.exit_code == 1 and "missing field 'issuer'" in result.stderr


def test_input_errors_exit_1_with_one_line():
    result = run("demands", B / "encrypted-user-password.pdf")
    assert result.exit_code == 1
    assert result.stderr.strip().count("\n") == 0 and "encrypted-user-password.pdf" in result.stderr
    assert run("audit", R / "aisha-khan.txt", "--cloud", "oracle").exit_code == 1
    assert run("scan", R / "aisha-khan.txt", "--timeout", "0").exit_code == 1


def test_a_missing_path_in_a_batch_is_an_error_result_and_the_others_print():
    result = run("scan", "does/not/exist.pdf", R / "aisha-khan.txt", "--format", "jsonl", "--workers", "0")
    assert result.exit_code == 2
    missing, found = (json.loads(line) for line in result.stdout.splitlines())
    assert missing["path"] == "does/not/exist.pdf" and "does/not/exist.pdf: cannot read" in missing["error"]
    assert found["error"] is None and found["credentials"]


def test_extract_prints_page_and_line():
    out = run("extract", R / "elena-garcia-multipage.pdf").output.splitlines()
    assert out[0].startswith("1:1\t")
    assert any(line.startswith("3:") and "Spe" in line for line in out)


def test_a_file_that_is_not_a_store_is_an_input_error(tmp_path):
    fake = tmp_path / "notes.db"
    fake.write_text("not a database\n", encoding="utf-8")
    for args in (("export", "--db", fake), ("scan", R / "aisha-khan.txt", "--db", fake, "--quiet")):
        result = run(*args)
        assert result.exit_code == 1
        assert result.stderr.strip() == f"Error: {fake}: not a usable credscan results store (file is not a database)"


def test_batch_verbs_keep_a_store_in_the_cache_folder_unless_told_not_to(tmp_path):
    cache = Path(os.environ["XDG_CACHE_HOME"])  # private to this test (conftest)
    first = run("scan", R, "--format", "jsonl", "--workers", "0", "--quiet")
    assert first.exit_code == 0 and (cache / "credscan" / "scan.db").is_file()
    exported = run("export", "--format", "jsonl").stdout.splitlines()
    assert sorted(json.loads(x)["path"] for x in exported) == sorted(
        str(p.resolve()) for p in R.iterdir() if not p.name.startswith("."))
    other = tmp_path / "elsewhere"
    assert run("scan", R, "--no-db", "--format", "jsonl", "--workers", "0", "--quiet").exit_code == 0
    assert run("scan", R, "--db", other / "s.db", "--no-db").exit_code == 1
    assert not other.exists()


def test_a_reader_leaving_the_pipe_early_is_not_a_failure(tmp_path):
    """`credscan scan folder --format csv | head -1` exits 0 and prints no traceback."""
    proc = subprocess.Popen([sys.executable, "-m", "scanner", "scan", str(R), "--format", "csv", "--no-db",
                             "--workers", "0", "--quiet"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout.readline().startswith(b"path,kind,credential")
    proc.stdout.close()
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    assert b"Traceback" not in err and b"Exception ignored" not in err


def test_an_unusable_default_store_does_not_stop_a_scan(tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))  # the store's folder cannot be made
    result = run("scan", R / "aisha-khan.txt", "--format", "jsonl")
    assert result.exit_code == 0 and json.loads(result.stdout)["credentials"]
    assert "scanning without a results store" in result.stderr
    assert run("scan", R / "aisha-khan.txt", "--db", blocker / "s.db").exit_code == 1  # asked for: an error


def test_schema_prints_a_published_contract_and_refuses_an_unknown_one():
    names = run("schema").output.split()
    assert "credscan.scan/1" in names and "credscan.demands/2" in names
    doc = json.loads(run("schema", "audit").output)
    assert doc["$schema"].startswith("https://json-schema.org/draft/2020-12") and "audit" in doc["$id"]
    bad = CliRunner().invoke(cli, ["schema", "nonsense"])
    assert bad.exit_code == 1 and bad.stderr.startswith("Error:")
