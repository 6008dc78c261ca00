"""Reading scans: image-only and mixed PDFs, PNG, JPEG and TIFF files, read by Tesseract."""

from __future__ import annotations

import re

import pytest
from PIL import Image

from scanner.documents import Limits, NoTextError, UnsupportedFormatError, read_document
from tests.ocr import scans as make
from tests.ocr.conftest import PAGE_TWO, RESUME

CONFIDENCE = r"\(mean word confidence \d{1,3}%\)"


def text_lines(text: str) -> list[str]:
    """The lines of a resume in the line language as credscan reads the digital PDF."""
    return [line.removeprefix("# ").removeprefix("- ") for line in text.splitlines() if line.strip()]


def share_read(doc, text: str) -> float:
    """The share of the resume's lines OCR read exactly (case, spacing and punctuation too)."""
    got = {line.text for line in doc.lines}
    want = text_lines(text)
    return sum(line in got for line in want) / len(want)


def test_an_image_only_pdf_is_read_by_ocr_and_every_line_says_so(tesseract, scans):
    doc = read_document(scans.path("scan.pdf"))
    assert doc.format == "pdf" and doc.pages == 1
    assert len(doc.warnings) == 1 and re.fullmatch(f"page 1 has no text layer: read by OCR {CONFIDENCE}", doc.warnings[0])
    assert share_read(doc, RESUME) >= 0.8
    assert all(line.ocr is not None and 30 <= line.ocr.confidence <= 100 for line in doc.lines)
    # reading order and kinds as in the digital file: headings, then bullets read as list items
    texts = [line.text for line in doc.lines]
    assert texts.index("CERTIFICATIONS") < texts.index("EDUCATION")
    kinds = {line.text: line.kind for line in doc.lines}
    assert kinds["CERTIFICATIONS"] == "heading"
    assert kinds.get("Built demand forecasting models serving 40 depots.") == "item"


def test_each_word_keeps_its_confidence_and_its_place_in_the_line(tesseract, scans):
    doc = read_document(scans.path("scan.pdf"))
    line = next(line for line in doc.lines if line.text.startswith("Machine Learning Engineer, Harbourline"))
    raw = line.raw or line.text
    assert [raw[s:e] for s, e, _ in line.ocr.words] == raw.split(" ")
    confs = [c for _, _, c in line.ocr.words]
    assert line.ocr.confidence == pytest.approx(sum(confs) / len(confs), abs=0.1)
    at = line.text.index("Harbourline")
    assert line.ocr_confidence(at, at + len("Harbourline")) == next(
        c for s, e, c in line.ocr.words if raw[s:e].startswith("Harbourline"))


@pytest.mark.parametrize(("name", "what"), [("scan.png", "a PNG image"), ("scan.jpg", "a JPEG image")])
def test_png_and_jpeg_files_are_documents_read_by_ocr(tesseract, scans, name, what):
    doc = read_document(scans.path(name))
    assert doc.format == "image" and doc.pages == 1
    assert len(doc.warnings) == 1 and re.fullmatch(f"{what}: read by OCR {CONFIDENCE}", doc.warnings[0])
    assert share_read(doc, RESUME) >= 0.8
    assert all(line.ocr is not None for line in doc.lines)


def test_a_mixed_pdf_reads_its_text_layer_and_ocrs_only_the_scanned_page(tesseract, scans, tmp_path):
    path = make.image_pdf([scans.page_two], tmp_path / "mixed.pdf", text_pages=[RESUME])
    doc = read_document(path)
    assert doc.pages == 2
    first = [line for line in doc.lines if line.page == 1]
    second = [line for line in doc.lines if line.page == 2]
    assert first and all(line.ocr is None for line in first)
    assert second and all(line.ocr is not None for line in second)
    assert "TensorFlow Developer Certificate, 2020, expired 2023" in {line.text for line in second}
    assert len(doc.warnings) == 1 and re.fullmatch(f"page 2 has no text layer: read by OCR {CONFIDENCE}", doc.warnings[0])


def test_an_upside_down_scan_is_turned_and_read(tesseract, scans, tmp_path):
    path = make.save(scans.page.transpose(Image.Transpose.ROTATE_180), tmp_path / "upside-down.png")
    doc = read_document(path)
    assert share_read(doc, RESUME) >= 0.8
    assert re.fullmatch(r"a PNG image: read by OCR \(mean word confidence \d+%; turned 180°\)", doc.warnings[0])


def test_a_phone_photo_taken_sideways_is_read_upright_from_its_exif_orientation(tesseract, scans, tmp_path):
    """The pixels lie on their side and EXIF says how to show them: no orientation guessing."""
    sideways = scans.page.transpose(Image.Transpose.ROTATE_90)
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: turn 90 degrees clockwise to show
    path = tmp_path / "photo.jpg"
    sideways.save(path, "JPEG", quality=80, exif=exif.tobytes())
    doc = read_document(path)
    assert share_read(doc, RESUME) >= 0.8
    assert "turned" not in doc.warnings[0]


def test_a_multi_page_tiff_is_one_document_of_two_pages(tesseract, scans, tmp_path):
    path = make.tiff([scans.page, scans.page_two], tmp_path / "fax.tif")
    doc = read_document(path)
    assert doc.format == "image" and doc.pages == 2
    assert {line.page for line in doc.lines} == {1, 2}
    assert share_read(doc, RESUME + PAGE_TWO) >= 0.8
    assert re.fullmatch(f"pages 1-2 of a TIFF image: read by OCR {CONFIDENCE}", doc.warnings[0])


def test_pages_past_the_ocr_page_cap_are_named_not_read(tesseract, scans, tmp_path):
    path = make.image_pdf([scans.page, scans.page_two], tmp_path / "two-scans.pdf")
    doc = read_document(path, limits=Limits(ocr_max_pages=1))
    assert {line.page for line in doc.lines} == {1}
    assert doc.warnings[1] == "page 2 has no text layer: not read, OCR stops after 1 page a document"


def test_a_page_over_its_time_limit_is_given_up(tesseract, scans, tmp_path):
    path = make.save(scans.page_two, tmp_path / "slow.png")
    with pytest.raises(NoTextError) as err:
        read_document(path, limits=Limits(ocr_page_seconds=0.001))
    assert str(err.value) == f"{path}: a PNG image: OCR gave up after 0.001 s"


def test_a_scan_with_a_few_words_of_text_layer_is_still_read_by_ocr(tesseract, scans, tmp_path):
    """Scanner apps print their name on the page as text: the page is still a scan."""
    path = make.image_pdf([scans.page], tmp_path / "stamped.pdf", stamp="Scanned with PocketScan")
    doc = read_document(path)
    assert share_read(doc, RESUME) >= 0.8
    assert re.fullmatch(f"page 1 is a scan with a few words of text layer: read by OCR {CONFIDENCE}", doc.warnings[0])


def test_ocr_always_reads_every_page_by_ocr_even_with_a_text_layer(tesseract, scans):
    doc = read_document(scans.digital, limits=Limits(ocr="always"))
    assert all(line.ocr is not None for line in doc.lines)
    assert share_read(doc, RESUME) >= 0.8
    assert re.fullmatch(f"page 1 read by OCR {CONFIDENCE} in place of any text layer", doc.warnings[0])
    assert all(line.ocr is None for line in read_document(scans.digital).lines)  # auto: the text layer


def test_ocr_never_keeps_the_text_layer_only(tesseract, scans):
    never = Limits(ocr="never")
    with pytest.raises(NoTextError) as err:
        read_document(scans.path("scan.pdf"), limits=never)
    assert str(err.value).endswith(": no text layer on any page: scanned image? run OCR first")
    with pytest.raises(UnsupportedFormatError) as err:
        read_document(scans.path("scan.png"), limits=never)
    assert str(err.value).endswith(": looks like a PNG image, not a document: scanned resume? OCR is turned off")


def test_a_language_that_is_not_installed_is_named(tesseract, scans):
    with pytest.raises(NoTextError) as err:
        read_document(scans.path("scan.png"), limits=Limits(ocr_languages="zzz"))
    assert "OCR failed (Tesseract failed: " in str(err.value) and "'zzz'" in str(err.value)
    assert "apt-get install tesseract-ocr-" in str(err.value)


def test_an_image_without_text_is_no_document(tesseract, tmp_path):
    path = make.save(Image.new("L", (1200, 1600), 235), tmp_path / "blank.png")
    with pytest.raises(NoTextError) as err:
        read_document(path)
    assert str(err.value) == f"{path}: a PNG image in which OCR found no text"


def test_a_truncated_image_is_corrupt(tesseract, scans):
    from scanner.documents import CorruptDocumentError

    data = scans.path("scan.png").read_bytes()
    with pytest.raises(CorruptDocumentError) as err:
        read_document(data[: len(data) // 3], name="cut.png")
    assert str(err.value).startswith("cut.png: not a valid PNG image (damaged or truncated")
