"""Scanned resumes for the OCR tests, made once per session (OCR costs about a second a page).

Tests that need Tesseract take ``tesseract`` (or a scan fixture) and skip, with the reason
printed at the end of the run, where it is not installed. Tests of what happens without it
need nothing: they hide it by running with a ``PATH`` that does not hold it.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from PIL import Image

from tests.ocr import scans as make

_SKIPPED: list[str] = []

# A resume of our own: three credentials in three statuses, an exam code, a look-alike.
RESUME = """# NADIA PETROVA
Machine Learning Engineer, Rotterdam
nadia.petrova@example.org
# EXPERIENCE
Machine Learning Engineer, Harbourline Freight, 2021 - present
- Built demand forecasting models serving 40 depots.
- Moved training pipelines from notebooks to SageMaker.
# CERTIFICATIONS
- AWS Certified Machine Learning - Specialty (MLS-C01), 2023
- Google Cloud Professional Machine Learning Engineer - in progress, exam booked for 2027
- Deep Learning Specialization, DeepLearning.AI, 2021
- AWS Certified Solutions Architect - Associate, 2020
# EDUCATION
MSc Computer Science, TU Delft, 2019
"""
EXPECTED = {
    "aws-ml-specialty": ("earned", 2023),
    "gcp-pmle": ("in-progress", 2027),
    "dlai-deep-learning-specialization": ("earned", 2021),
}
NEAR_MISSES = {"aws-solutions-architect-associate"}

# A second page, for documents of two pages
PAGE_TWO = """# PROJECTS
Route planning service for 300 trucks, Python and OR-Tools
# TRAINING
- TensorFlow Developer Certificate, 2020, expired 2023
- Currently preparing for the DeepLearning.AI MLOps Specialization
"""
EXPECTED_TWO = {
    "tensorflow-developer": ("expired", 2020),
    "dlai-mlops-specialization": ("in-progress", None),
}


@pytest.fixture(scope="session")
def tesseract() -> str:
    path = shutil.which("tesseract")
    if not path:
        reason = "OCR tests skipped: Tesseract is not installed (apt-get install tesseract-ocr)"
        _SKIPPED.append(reason)
        pytest.skip(reason)
    return path


def pytest_terminal_summary(terminalreporter):
    for reason in dict.fromkeys(_SKIPPED):
        terminalreporter.write_line(f"NOTE: {reason}")


@dataclass(frozen=True)
class Scans:
    """The same resume as files of every kind credscan reads by OCR."""

    folder: Path
    digital: Path  # the PDF the scans were printed from
    page: Image.Image  # page 1 as scanned (tilted, blurred, noisy, JPEG-compressed)
    page_two: Image.Image

    def path(self, name: str) -> Path:
        return self.folder / name


@pytest.fixture(scope="session")
def scans(tmp_path_factory) -> Scans:
    """Page images only (no OCR yet): cheap, and needed by tests with and without Tesseract."""
    folder = tmp_path_factory.mktemp("scans")
    digital = make.digital_pdf(RESUME, folder / "digital.pdf")
    two = make.digital_pdf(PAGE_TWO, folder / "digital-two.pdf")
    page = make.degrade(make.page_images(digital)[0], seed=7)
    page_two = make.degrade(make.page_images(two)[0], seed=8, angle=-1.5)
    s = Scans(folder, digital, page, page_two)
    make.image_pdf([page], s.path("scan.pdf"))
    make.save(page, s.path("scan.png"))
    make.save(page, s.path("scan.jpg"), quality=70)
    return s
