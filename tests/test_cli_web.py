"""The CLI's HTML reports and standard input: one self-contained page per report, and '-' as
the one document of demands, audit, rank and extract."""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner

from scanner.cli import cli
from tests.conftest import SAMPLES

R = SAMPLES / "resumes"
P = SAMPLES / "postings"
B = SAMPLES / "broken"


def run(*args, input=None):
    return CliRunner().invoke(cli, [str(a) for a in args], input=input, catch_exceptions=False)


def self_contained(html: str) -> None:
    """No script, nothing loaded from anywhere: inline styles, inline SVG, a policy that says so."""
    assert html.startswith("<!doctype html>") and html.rstrip().endswith("</html>")
    assert "<script" not in html.lower() and "<link" not in html
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html)
    assert "<style>" in html and "default-src 'none'" in html


@pytest.mark.parametrize(("args", "marker"), [
    (("demands", P / "acme-ml-engineer.html"), 'id="demands-title"'),
    (("audit", R / "priya-raman-two-column.pdf", "--against", P / "acme-ml-engineer.html"), 'id="coverage">100%'),
    (("audit", R / "aisha-khan.txt", "--cloud", "gcp"), "against the recruiter's guide"),
    (("rank", P / "acme-ml-engineer.html", R, "--no-db", "--quiet", "--workers", "0"), 'id="rank-title"'),
    (("stats", P, "--no-db", "--quiet", "--workers", "0"), "5 postings: share"),
])
def test_html_reports_are_self_contained(args, marker):
    result = run(*args, "--format", "html")
    assert result.exit_code == 0, result.output
    self_contained(result.stdout)
    assert marker in result.stdout


def test_html_report_of_demands_highlights_evidence_and_gives_advice():
    html = run("demands", P / "globex-data-scientist.txt", "--format", "html").stdout
    assert "Must hold the <mark>AWS Certified Machine Learning - Specialty</mark> (MLS-C01)." in html
    assert 'data-id="aws-ml-specialty"' in html and "retired 2026-03-31" in html
    html = run("demands", "-", "--format", "html",
               input="Requirements\n- AWS Certified Machine Learning Engineer - Associate\n"
                     "- Google Cloud Professional Machine Learning Engineer\n").stdout
    assert "pays off only for platform-engineer or solutions-architect roles" in html


def test_html_report_of_stats_draws_bars():
    html = run("stats", P, "--no-db", "--quiet", "--workers", "0", "--format", "html").stdout
    bars = re.findall(r'<rect class="fill-req" x="0" y="2" width="([\d.]+)%"', html)
    assert bars[:3] == ["60.0", "60.0", "40.0"]


def test_html_escapes_document_text():
    posting = "Requirements\n- AWS Certified Machine Learning – Specialty <script>alert(1)</script>\n"
    html = run("demands", "-", "--format", "html", input=posting).stdout
    assert "<script>alert" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_html_is_for_the_four_reports_only():
    result = run("scan", R / "aisha-khan.txt", "--format", "html")
    assert result.exit_code == 1 and "'html' is not one of" in result.output


def test_demands_reads_stdin():
    text = (P / "globex-data-scientist.txt").read_text()
    piped = json.loads(run("demands", "-", "--format", "json", input=text).stdout)
    named = json.loads(run("demands", P / "globex-data-scientist.txt", "--format", "json").stdout)
    assert piped["posting"] == "<stdin>" and piped["required"][0]["evidence"]["file"] == "<stdin>"
    assert [d["id"] for d in piped["required"]] == [d["id"] for d in named["required"]]


def test_a_pdf_can_come_through_stdin():
    data = (P / "northwind-mlops.pdf").read_bytes()
    result = CliRunner().invoke(cli, ["demands", "-", "--format", "json"], input=data, catch_exceptions=False)
    assert result.exit_code == 0 and json.loads(result.stdout)["required"]


def test_audit_reads_either_document_from_stdin_but_not_both():
    cv = (R / "aisha-khan.txt").read_text()
    a = json.loads(run("audit", "-", "--against", P / "northwind-mlops.pdf", "--format", "json", input=cv).stdout)
    assert a["resume"] == "<stdin>" and a["coverage"] == 0.25
    posting = (P / "initech-platform.md").read_text()
    b = json.loads(run("audit", R / "aisha-khan.txt", "--against", "-", "--format", "json", input=posting).stdout)
    assert b["posting"] == "<stdin>" and b["required"]["matched"]
    both = run("audit", "-", "--against", "-", input=cv)
    assert both.exit_code == 1 and "only one document can be read from standard input" in both.output


def test_rank_reads_the_posting_from_stdin():
    posting = (P / "initech-platform.md").read_text()
    data = json.loads(run("rank", "-", R, "--no-db", "--quiet", "--workers", "0", "--format", "json",
                          input=posting).stdout)
    assert data["posting"] == "<stdin>" and data["results"][0]["path"].endswith("aisha-khan.txt")


def test_extract_reads_stdin_and_errors_name_it():
    result = run("extract", "-", input="Jane Doe\nTensorFlow Developer Certificate\n")
    assert result.stdout.splitlines() == ["1:1\tJane Doe", "1:2\tTensorFlow Developer Certificate"]
    empty = run("demands", "-", input="")
    assert empty.exit_code == 1 and "<stdin>: empty" in empty.output
    broken = CliRunner().invoke(cli, ["demands", "-"], input=(B / "truncated.pdf").read_bytes())
    assert broken.exit_code == 1 and "<stdin>" in broken.output and "not a valid PDF" in broken.output


def test_serve_has_help_and_warns_off_loopback():
    result = run("serve", "--help")
    assert result.exit_code == 0 and "--host" in result.output and "credscan serve --open" in result.output
    is_loopback = pytest.importorskip("scanner.web.app", reason="the web extra is not installed").is_loopback

    assert is_loopback("127.0.0.1") and is_loopback("localhost") and is_loopback("::1")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.5")
