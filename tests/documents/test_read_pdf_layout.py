"""PDF: what real resumes do to pdfium's text, each reproduced by a fixture in fixtures/pdf/.

The fixtures are written by ``fixtures/pdf/make_fixtures.py`` (reportlab, drawing the way the
builders of those resumes draw) and committed; each test first shows what pdfium alone reads,
then what the reader makes of it.
"""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest

from scanner.documents import Document, read_document
from scanner.documents.normalize import hyphen_join
from tests.documents.conftest import follows, texts

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "pdf"


def read(name: str) -> Document:
    return read_document(FIXTURES / name)


def pdfium_text(name: str) -> str:
    pdf = pdfium.PdfDocument(FIXTURES / name)
    try:
        return "\r\n".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    finally:
        pdf.close()


def test_spaces_lost_between_positioned_words_come_back_from_the_gaps() -> None:
    name = "spaces-positioned-words.pdf"
    raw = pdfium_text(name)
    assert "IhelpedintheAIresearchteam" in raw
    assert "AWSCertifiedMachineLearning-Specialty(2022)" in raw
    assert texts(read(name)) == [
        "EXPERIENCE",
        "I helped in the AI research team to ship ranking models",
        "AWS Certified Machine Learning - Specialty (2022)",
        "Built an AI research platform used by forty teams",
        "Google Cloud Professional Machine Learning Engineer",
        "A line written with space glyphs stays as it is.",
    ]


def test_letter_spaced_headings_read_as_their_words() -> None:
    name = "letter-spaced-headings.pdf"
    raw = pdfium_text(name)
    assert "D A T A S C I E N C E" in raw and "S K I L L S" in raw
    doc = read(name)
    assert texts(doc) == [
        "DATA SCIENCE",
        "Forecasting and ranking models in production.",
        "CERTIFICATIONS",
        "AWS Certified Machine Learning - Specialty (2022)",
        "SKILLS",
        "Python, SQL, PyTorch",
        "Grades: A B A A",  # spaces written in the file stay
    ]
    assert [line.kind for line in doc.lines if line.text.isupper()] == ["heading"] * 3


def test_unmapped_ligature_glyphs_become_their_letters() -> None:
    name = "ligatures-unmapped.pdf"
    raw = pdfium_text(name)
    assert "Microsoft Oce, ecient workow" in raw  # no ToUnicode entry: a control character
    assert "Microsoft O\ufffece" in raw  # mapped to U+0000: U+FFFE
    lines = [
        "AWS Certified Machine Learning - Specialty (2022)",
        "Microsoft Office, efficient workflow, field, offer, baffle",
        "TensorFlow Developer Certificate, staff, flexible, affordable",
    ]
    doc = read(name)
    assert texts(doc) == lines + lines
    first = doc.lines[0]
    assert first.raw is not None and "Certi\ufb01ed" in first.raw  # one glyph, one raw character
    start = first.text.index("Certified")
    assert first.raw_span(start, start + len("Certified")) == (4, 12)


def test_icons_are_dropped_and_symbol_bullets_kept() -> None:
    name = "icons-private-use.pdf"
    raw = pdfium_text(name)
    assert raw.startswith("phone +1 555 0100\r\n\uf0e0 jordan@example.com\r\n\uf08c linkedin")
    assert "a Denver" in raw and "\U000f0001 github" in raw and "\uf0b7 AWS" in raw
    doc = read(name)
    assert texts(doc) == [
        "+1 555 0100",  # the phone icon, whose text is "phone", is gone
        "jordan@example.com",
        "linkedin.com/in/jordan",
        "Denver, CO",  # the "a" drawn in the icon font is gone
        "github.com/jordan",  # U+F0001 (plane 15) is gone
        "AWS Certified Machine Learning - Specialty",
    ]
    assert doc.lines[-1].kind == "item"  # U+F0B7, Symbol's bullet, still marks an item


def test_columns_with_a_narrow_gutter_stay_apart() -> None:
    from tests.documents.fixtures.pdf.make_fixtures import MAIN, SIDEBAR

    lines = texts(read("columns-narrow-gutter.pdf"))
    assert lines == ["Jordan Example", *SIDEBAR, *MAIN]


def test_a_line_running_into_the_sidebar_stays_in_its_column() -> None:
    lines = texts(read("columns-line-into-sidebar.pdf"))
    long_line = (
        "Led the migration of the feature store to a streaming platform on AWS, Kafka and Flink."
    )
    assert lines[:12] == [
        "Jordan Example",
        "EXPERIENCE",
        "Senior ML Engineer, Acme Analytics",
        "Built ranking models for forty million users",
        "and ran the model review board each quarter.",
        long_line,
        "ML Engineer, Initech",
        "Fraud models on AWS and GCP, batch and online.",
        "Mentored four engineers.",
        "EDUCATION",
        "M.S. Statistics, 2016",
        "CERTIFICATIONS",
    ]
    assert follows(lines, "AWS Certified Machine", "Learning - Specialty")
    assert follows(lines, "Learning - Specialty", "Google Cloud Professional")


def test_a_hyphenated_cell_with_a_date_keeps_its_continuation_next() -> None:
    name = "hyphen-date-on-line.pdf"
    assert "Spe- 2021 - 2024\r\ncialty" in pdfium_text(name)
    lines = texts(read(name))
    assert lines == [
        "CERTIFICATIONS",
        "AWS Certified Machine Learning - Spe-",
        "cialty, renewed once 2021 - 2024",
        "TensorFlow Developer Certificate 2020",
    ]
    assert hyphen_join(lines[1], lines[2]) == "Specialty"


@pytest.mark.parametrize("name", sorted(p.name for p in FIXTURES.glob("*.pdf")))
def test_every_fixture_is_made_by_the_script(name: str) -> None:
    from tests.documents.fixtures.pdf.make_fixtures import FIXTURES as MADE

    assert name in MADE
