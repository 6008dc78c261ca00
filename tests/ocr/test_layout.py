"""Layout of a scan: tables keep their rows, two columns read column by column, a block Tesseract
drops is read again, and "AI" reads as AI; as in the digital file the scan was printed from."""

from __future__ import annotations

import time

import pytest

from scanner.documents import Limits, read_document
from scanner.documents import ocr as ocr_module
from tests.ocr import scans as make

TABLE = """# ALEX MORGAN
Data Scientist, Leeds
# Certifications
Certification | Issuer | Date | Status
AWS Certified Machine Learning - Specialty | Amazon Web Services | 2021 | Expired
Microsoft Certified: Azure AI Engineer Associate | Microsoft | 2024 | Active
TensorFlow Developer Certificate Program | Google | 2022 | In progress
# Education
BSc Mathematics, University of Leeds, 2018
"""

COLUMNS = """# PRIYA NAIR
|| SKILLS || EXPERIENCE
|| Python, SQL, Spark || Senior ML Engineer, Kestrel Analytics, 2021 - present
|| PyTorch and TensorFlow || Built churn models for a telecom with 9 million subscribers
|| Airflow and dbt || Led a team of four on the recommendation service
|| LANGUAGES || CERTIFICATIONS
|| English, Hindi, German || AWS Certified Machine Learning - Specialty, 2022
|| Tamil (native) || Deep Learning Specialization, DeepLearning.AI, 2020
"""


def scan_of(text: str, folder, name: str, seed: int):
    pdf = make.digital_pdf(text, folder / f"{name}.pdf")
    page = make.degrade(make.page_images(pdf)[0], seed=seed)
    return pdf, make.image_pdf([page], folder / f"{name}-scan.pdf"), page


@pytest.fixture(scope="module")
def table(tmp_path_factory, tesseract):
    return scan_of(TABLE, tmp_path_factory.mktemp("table"), "table", seed=11)


def in_order(got: list[str], want: list[str]) -> bool:
    """Every line of ``want`` is in ``got``, in the same order."""
    return [t for t in got if t in want] == want


def test_a_table_in_a_tilted_scan_reads_as_in_its_digital_original(table):
    """The digital reader takes this table's cells column by column (wrapped cells, a sparse
    status column); the scan, tilted 1-3 degrees, reads the same: Tesseract's words go through
    the same layout once turned back square."""
    digital, scan, _ = table
    want = [line.text for line in read_document(digital).lines]
    got = [line.text for line in read_document(scan).lines]
    assert "2021 Expired" in want and "Microsoft Certified: Azure AI" in want
    assert in_order(got, want)


def test_ai_is_read_as_ai_where_the_font_draws_i_as_l(table):
    """Helvetica's capital I is its lowercase l: Tesseract reads "Azure Al"; the line's raw text
    keeps what OCR read."""
    _, scan, _ = table
    line = next(line for line in read_document(scan).lines if line.text.startswith("Microsoft Certified: Azure"))
    assert line.text == "Microsoft Certified: Azure AI"
    assert (line.raw or line.text) in ("Microsoft Certified: Azure Al", "Microsoft Certified: Azure AI")


def test_two_columns_of_a_scan_read_column_by_column(tmp_path, tesseract):
    digital, scan, _ = scan_of(COLUMNS, tmp_path, "columns", seed=12)
    want = [line.text for line in read_document(digital).lines]
    got = [line.text for line in read_document(scan).lines]
    left = ["SKILLS", "Python, SQL, Spark", "LANGUAGES", "Tamil (native)"]
    right = ["EXPERIENCE", "Senior ML Engineer, Kestrel Analytics, 2021 - present", "CERTIFICATIONS",
             "AWS Certified Machine Learning - Specialty, 2022"]
    for lines in (want, got):  # the digital reader's order: one column, then the other
        assert in_order(lines, left) and in_order(lines, right)
        assert max(map(lines.index, left)) < min(map(lines.index, right))


def test_a_block_tesseract_drops_is_read_again(table):
    """Tesseract's layout now and then leaves out a block of a noisy scan: the band of the page
    with ink and no words is read again. Here its words are taken away by hand."""
    _, _, page = table
    limits = Limits()
    words = ocr_module._words(page, limits, 300, time.monotonic() + 30)
    top, bottom = _row_top(words, "Microsoft"), _row_top(words, "Google")
    kept = [w for w in words if not top - 5 <= w.top <= bottom + 5]  # the rows of two certificates gone
    assert len(kept) < len(words)
    found = ocr_module._missed(page, kept, limits, 300, time.monotonic() + 30)
    assert {"Microsoft", "Google"} <= {w.text for w in found}
    assert all(top - 200 <= w.top <= bottom + 200 for w in found)  # from those rows only
    assert not ocr_module._missed(page, words, limits, 300, time.monotonic() + 30)  # nothing left out


def _row_top(words, text: str) -> int:
    return next(w.top for w in words if w.text == text)
