"""Where Tesseract is not installed: today's messages, plus how to install it; never empty text.

These run everywhere: Tesseract is hidden by a ``PATH`` that holds no ``tesseract``, and the
limits are made under it (they look Tesseract up when made).
"""

from __future__ import annotations

import pytest

from scanner.documents import Limits, NoTextError, UnsupportedFormatError, read_document
from scanner.documents.ocr import INSTALL_HINT
from tests.conftest import SAMPLES
from tests.ocr import scans as make
from tests.ocr.conftest import RESUME


@pytest.fixture
def no_tesseract(monkeypatch, tmp_path) -> Limits:
    empty = tmp_path / "bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    limits = Limits()
    assert limits.ocr_engine == ""
    return limits


def test_the_limits_name_the_tesseract_they_found_or_none(no_tesseract, monkeypatch, tmp_path):
    """The engine is part of the store's settings key: a result read without Tesseract is not
    served once it is installed."""
    fake = tmp_path / "bin" / "tesseract"
    fake.write_text("#!/bin/sh\n")
    fake.chmod(0o755)
    assert Limits().ocr_engine == str(fake)
    assert Limits(ocr="never").ocr_engine == ""
    assert Limits() != no_tesseract


def test_an_image_only_pdf_says_no_text_layer_and_how_to_install_tesseract(no_tesseract, scans):
    with pytest.raises(NoTextError) as err:
        read_document(scans.path("scan.pdf"), limits=no_tesseract)
    assert err.value.reason == f"no text layer on any page: scanned image? run OCR first; {INSTALL_HINT}"
    assert "\n" not in str(err.value)


def test_a_mixed_pdf_warns_per_page_and_once_how_to_install(no_tesseract, scans, tmp_path):
    path = make.image_pdf([scans.page, scans.page_two], tmp_path / "mixed.pdf", text_pages=[RESUME])
    doc = read_document(path, limits=no_tesseract)
    assert {line.page for line in doc.lines} == {1}
    assert doc.warnings == ("page 2 has no text layer: scanned image? run OCR first",
                            "page 3 has no text layer: scanned image? run OCR first", INSTALL_HINT)


def test_an_image_file_is_refused_with_how_to_install_tesseract(no_tesseract, scans):
    with pytest.raises(UnsupportedFormatError) as err:
        read_document(scans.path("scan.png"), limits=no_tesseract)
    assert err.value.reason == f"looks like a PNG image, not a document: scanned resume? {INSTALL_HINT}"


def test_never_keeps_todays_message(no_tesseract):
    with pytest.raises(NoTextError) as err:
        read_document(SAMPLES / "broken" / "scanned-image-only.pdf", limits=Limits(ocr="never"))
    assert err.value.reason == "no text layer on any page: scanned image? run OCR first"


def test_the_limits_refuse_what_tesseract_cannot_be_told():
    with pytest.raises(ValueError, match="ocr must be one of auto, always, never"):
        Limits(ocr="sometimes")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="ocr_languages"):
        Limits(ocr_languages="eng; rm -rf /")
    with pytest.raises(ValueError, match="ocr_page_seconds"):
        Limits(ocr_page_seconds=0)
