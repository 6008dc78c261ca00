"""``--ocr auto|always|never`` on every verb that reads documents."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from scanner.cli import cli
from scanner.documents.ocr import INSTALL_HINT
from tests.conftest import SAMPLES
from tests.ocr.conftest import EXPECTED

READERS = ("scan", "demands", "audit", "rank", "stats", "extract")


def run(*args, env=None):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False, env=env)


@pytest.mark.parametrize("verb", READERS)
def test_every_verb_that_reads_documents_takes_ocr(verb):
    out = run(verb, "--help").output
    assert "--ocr [auto|always|never]" in out


def test_scan_reads_a_png_by_ocr_and_says_so_in_the_evidence(tesseract, scans):
    result = run("scan", scans.path("scan.png"), "--no-db", "--format", "json")
    assert result.exit_code == 0
    (doc,) = json.loads(result.stdout)["results"]
    assert doc["format"] == "image"
    assert {c["id"]: (c["status"], c["year"]) for c in doc["credentials"]} == EXPECTED
    assert all(m["ocr"] is True and 0 < m["ocr_conf"] <= 100 for c in doc["credentials"] for m in c["mentions"])


def test_ocr_never_gives_todays_answer(scans):
    result = run("scan", scans.path("scan.png"), scans.path("scan.pdf"), "--no-db", "--format", "json", "--ocr", "never")
    assert result.exit_code == 2
    png, pdf = json.loads(result.stdout)["results"]
    assert png["error"].endswith("looks like a PNG image, not a document: scanned resume? OCR is turned off")
    assert pdf["error"].endswith("no text layer on any page: scanned image? run OCR first")


def test_extract_prints_the_ocr_text_and_the_note(tesseract, scans):
    result = run("extract", scans.path("scan.pdf"))
    assert result.exit_code == 0
    assert "1:9\tAWS Certified Machine Learning - Specialty (MLS-C01), 2023" in result.stdout
    assert "page 1 has no text layer: read by OCR (mean word confidence" in result.stderr


def test_audit_of_a_scanned_resume_against_a_posting(tesseract, scans):
    result = run("audit", scans.path("scan.jpg"), "--against", SAMPLES / "postings" / "globex-data-scientist.txt",
                 "--format", "json")
    assert result.exit_code == 0
    audit = json.loads(result.stdout)
    assert audit["resume"] == str(scans.path("scan.jpg"))


def test_ocr_always_without_tesseract_is_an_error_and_auto_says_how_to_install(scans, tmp_path):
    empty = tmp_path / "bin"
    empty.mkdir()
    result = run("extract", scans.digital, "--ocr", "always", env={"PATH": str(empty)})
    assert result.exit_code == 1
    assert result.stderr.strip() == f"Error: --ocr always needs Tesseract: {INSTALL_HINT}"
    result = run("extract", scans.path("scan.pdf"), env={"PATH": str(empty)})
    assert result.exit_code == 1
    assert f"no text layer on any page: scanned image? run OCR first; {INSTALL_HINT}" in result.stderr


def test_extract_json_of_an_image_names_its_format(tesseract, scans):
    result = run("extract", scans.path("scan.png"), "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["format"] == "image" and data["pages"] == 1
    assert data["warnings"][0].startswith("a PNG image: read by OCR")
