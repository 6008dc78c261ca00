"""Fixtures for the document readers: the sample files, and small documents written on the fly
with real writers (reportlab, python-docx) for cases the samples do not cover."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

from scanner.documents import Document, read_document

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


def sample(path: str) -> Path:
    return SAMPLES / path


def read(path: str) -> Document:
    return read_document(sample(path))


def texts(doc: Document) -> list[str]:
    return [line.text for line in doc.lines]


def follows(lines: Sequence[str], first: str, second: str) -> bool:
    """``second`` is the line right after ``first``."""
    i = lines.index(first)
    return i + 1 < len(lines) and lines[i + 1] == second


# A PDF page as (x, y, text) triples drawn in the given order, 10pt Helvetica, US Letter.
Page = list[tuple[float, float, str]]


@pytest.fixture
def make_pdf(tmp_path: Path) -> Callable[..., Path]:
    from reportlab.pdfgen import canvas

    def make(*pages: Page, name: str = "fixture.pdf", font_size: float = 10) -> Path:
        path = tmp_path / name
        c = canvas.Canvas(str(path), pagesize=(612, 792), invariant=1)
        for page in pages:
            c.setFont("Helvetica", font_size)
            for x, y, text in page:
                c.drawString(x, y, text)
            c.showPage()
        c.save()
        return path

    return make
