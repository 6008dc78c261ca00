"""Credentials found in scans: the same answers as the digital file, each mention marked as OCR'd."""

from __future__ import annotations

import pytest

from scanner.documents import read_document
from scanner.results import Mention, ScanResult
from scanner.scan import scan_document
from tests.conftest import SAMPLES
from tests.ocr import scans as make
from tests.ocr.conftest import EXPECTED, EXPECTED_TWO, NEAR_MISSES


def found(result: ScanResult) -> dict[str, tuple[str | None, int | None]]:
    return {c.id: (c.status, c.year) for c in result.credentials}


@pytest.fixture(scope="module")
def scanned(nlp, tesseract, scans):
    cache: dict[str, ScanResult] = {}

    def get(name: str) -> ScanResult:
        if name not in cache:
            cache[name] = scan_document(read_document(scans.path(name)), nlp)
        return cache[name]

    return get


@pytest.mark.parametrize("name", ["scan.pdf", "scan.png", "scan.jpg"])
def test_a_scanned_resume_gives_the_credentials_statuses_and_years_of_the_digital_one(scanned, nlp, scans, name):
    result = scanned(name)
    digital = scan_document(read_document(scans.digital), nlp)
    assert found(digital) == EXPECTED  # what the text says, read from the text layer
    assert result.kind == "resume"
    assert found(result) == EXPECTED
    assert {c.id for c in result.near_misses} == NEAR_MISSES


@pytest.mark.parametrize("name", ["scan.pdf", "scan.png"])
def test_every_mention_in_a_scan_says_it_was_read_by_ocr_with_its_confidence(scanned, name):
    mentions = [m for c in (*scanned(name).credentials, *scanned(name).near_misses) for m in c.mentions]
    assert mentions and all(m.ocr and 0 < m.ocr_conf <= 100 for m in mentions)
    code = next(m for m in scanned(name).get("aws-ml-specialty").mentions if m.method == "code")
    assert code.text == "MLS-C01"
    record = code.to_dict()
    assert record["ocr"] is True and record["ocr_conf"] == round(code.ocr_conf, 1)
    assert Mention.from_dict(record) == Mention.from_dict(Mention.from_dict(record).to_dict())


def test_mentions_from_a_text_layer_say_ocr_false(nlp, scans):
    result = scan_document(read_document(scans.digital), nlp)
    mentions = [m for c in result.credentials for m in c.mentions]
    assert mentions and all(m.ocr is False and m.ocr_conf is None for m in mentions)
    assert all(m.to_dict()["ocr"] is False and m.to_dict()["ocr_conf"] is None for m in mentions)


def test_a_result_stored_before_ocr_reads_back_as_not_ocr():
    old = {"text": "MLS-C01", "page": 1, "line": 3, "span": [0, 7], "section": None, "method": "code",
           "score": 1.0, "snippet": "MLS-C01", "status": "earned", "level": None, "year": 2023, "cue": None}
    mention = Mention.from_dict(old)
    assert (mention.ocr, mention.ocr_conf) == (False, None)


def test_a_mixed_pdf_marks_only_the_mentions_on_its_scanned_page(nlp, tesseract, scans, tmp_path):
    from tests.ocr.conftest import RESUME

    path = make.image_pdf([scans.page_two], tmp_path / "mixed.pdf", text_pages=[RESUME])
    result = scan_document(read_document(path), nlp)
    assert found(result) == {**EXPECTED, **EXPECTED_TWO}
    for c in result.credentials:
        for m in c.mentions:
            assert m.ocr == (m.page == 2), (c.id, m.page)


def test_the_scanned_samples_are_read(nlp, tesseract):
    """The bundled scans that say "no text layer" without OCR: with it, their credentials."""
    only = scan_document(read_document(SAMPLES / "broken" / "scanned-image-only.pdf"), nlp)
    assert found(only) == {"tensorflow-developer": ("earned", 2022), "azure-ai-engineer": ("earned", 2024)}
    page2 = scan_document(read_document(SAMPLES / "broken" / "scanned-page2.pdf"), nlp)
    assert found(page2) == {"dlai-deep-learning-specialization": ("earned", 2021), "gcp-pmle": ("earned", 2023)}
    assert page2.get("gcp-pmle").mentions[0].ocr and not page2.get("dlai-deep-learning-specialization").mentions[0].ocr
