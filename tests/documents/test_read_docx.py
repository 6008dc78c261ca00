"""DOCX: the body XML in document order, text boxes once, headers and footers, and the zip checks."""

from __future__ import annotations

import io
import tracemalloc
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml import parse_xml

from scanner.documents import (
    CorruptDocumentError,
    EncryptedDocumentError,
    Limits,
    TooLargeError,
    UnsupportedFormatError,
    read_document,
)
from tests.documents.conftest import follows, read, sample, texts

W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _bytes(document: docx.document.Document) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_resume_reads_header_body_tables_text_box_and_content_control() -> None:
    doc = read("resumes/jordan-smith.docx")
    lines = texts(doc)
    assert doc.format == "docx"
    assert lines[:2] == [
        "Jordan Smith",
        "Machine Learning Engineer · Denver, CO · jordan.smith@example.com · (303) 555-0119 · github.com/jsmith-ml",
    ]
    assert lines[-1] == "References available on request"
    # the text box, split over two runs, stored twice (DrawingML and VML): read once, after the
    # paragraph it is anchored in
    assert lines.count("Certified: TensorFlow Developer Certificate (2020)") == 1
    assert lines[lines.index("Certified: TensorFlow Developer Certificate (2020)") - 2] == "Summary"
    # a table row per line, then the rows of the table nested in a cell
    start = lines.index("Certifications")
    assert lines[start + 1 : start + 7] == [
        "Certification | Issuer | Year",
        "Google Cloud Certified - Professional Machine Learning Engineer | Google Cloud | 2023",
        "Databricks Certified Machine Learning Associate | Databricks | 2022",
        "Coursera programmes: | DeepLearning.AI | -",
        "PyTorch for Deep Learning Professional Certificate | 2025",
        "AI for Everyone | 2019",
    ]
    assert {doc.lines[start + i].kind for i in range(1, 7)} == {"cell"}
    # the block content control after the table
    assert (
        lines[start + 7]
        == "Pursuing: Microsoft Azure AI Engineer Associate (AI-102), exam scheduled March 2026"
    )
    kinds = {line.text: line.kind for line in doc.lines}
    assert kinds["Summary"] == kinds["Certifications"] == "heading"
    assert (
        kinds["Automated training and evaluation with Vertex AI Pipelines and Cloud Composer."]
        == "item"
    )


def test_python_docx_api_alone_misses_the_text_box_and_content_control() -> None:
    """Why the reader walks the XML: python-docx's paragraphs do not hold these."""
    document = docx.Document(str(sample("resumes/jordan-smith.docx")))
    seen = " ".join(p.text for p in document.paragraphs)
    assert "TensorFlow Developer Certificate" not in seen
    assert "AI-102" not in seen
    with zipfile.ZipFile(sample("resumes/jordan-smith.docx")) as archive:
        xml = archive.read("word/document.xml").decode("utf-8")
    assert xml.count("TensorFlow Developer Certificate (2020)") == 2  # DrawingML + VML copies


def test_posting_table_rows() -> None:
    lines = texts(read("postings/contoso-ai-engineer.docx"))
    assert lines[0] == "Contoso Health · Careers"
    assert follows(lines, "Certifications", "Requirement | Level")
    assert "Microsoft Certified: Azure AI Engineer Associate (AI-102) | Required" in lines
    assert lines[-1] == "Contoso Health is an equal opportunity employer."


def test_styles_lists_and_line_breaks(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("Jordan Example", style="Title")
    document.add_heading("Certifications", level=1)
    document.add_paragraph("AWS Certified Machine Learning – Specialty", style="List Bullet")
    run = document.add_paragraph().add_run("Google Cloud Professional")
    run.add_break()
    run.add_text("Machine Learning Engineer")
    path = tmp_path / "styles.docx"
    document.save(path)
    doc = read_document(path)
    assert [(line.text, line.kind) for line in doc.lines] == [
        ("Jordan Example", "heading"),
        ("Certifications", "heading"),
        ("AWS Certified Machine Learning - Specialty", "item"),
        ("Google Cloud Professional", "text"),
        ("Machine Learning Engineer", "text"),
    ]


def test_linked_headers_are_read_once_and_distinct_ones_each(tmp_path: Path) -> None:
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "Jordan Example · Resume"
    document.sections[0].footer.paragraphs[0].text = "Page footer"
    document.add_paragraph("Section one")
    document.add_section()  # linked to the previous header and footer
    document.add_paragraph("Section two")
    third = document.add_section()
    third.header.is_linked_to_previous = False
    third.header.paragraphs[0].text = "Second header"
    document.add_paragraph("Section three")
    assert texts(read_document(_bytes(document))) == [
        "Jordan Example · Resume",
        "Second header",
        "Section one",
        "Section two",
        "Section three",
        "Page footer",
    ]


def test_layout_table_reads_cell_by_cell() -> None:
    """A resume laid out as a two-cell table: each column's lines stay lines."""
    document = docx.Document()
    table = document.add_table(rows=1, cols=2)
    left, right = table.rows[0].cells
    left.paragraphs[0].text = "SKILLS"
    for text in ("Python", "PyTorch", "CERTIFICATIONS", "TensorFlow Developer Certificate"):
        left.add_paragraph(text)
    right.paragraphs[0].text = "EXPERIENCE"
    for text in ("Senior ML Engineer", "Built ranking models."):
        right.add_paragraph(text)
    assert texts(read_document(_bytes(document))) == [
        "SKILLS", "Python", "PyTorch", "CERTIFICATIONS", "TensorFlow Developer Certificate",
        "EXPERIENCE", "Senior ML Engineer", "Built ranking models.",
    ]  # fmt: skip


def test_content_control_placeholder_is_not_text() -> None:
    document = docx.Document()
    document.add_paragraph("Before")
    body = document.element.body
    sdt = parse_xml(
        f"<w:sdt {W_NS}><w:sdtPr><w:showingPlcHdr/></w:sdtPr><w:sdtContent><w:p><w:r>"
        "<w:t>Click here to enter a certification.</w:t></w:r></w:p></w:sdtContent></w:sdt>"
    )
    filled = parse_xml(
        f"<w:sdt {W_NS}><w:sdtPr/><w:sdtContent><w:p><w:r><w:t>Azure AI Engineer Associate</w:t>"
        "</w:r></w:p></w:sdtContent></w:sdt>"
    )
    body.insert(1, sdt)
    body.insert(2, filled)
    assert texts(read_document(_bytes(document))) == ["Before", "Azure AI Engineer Associate"]


# The zip checks ------------------------------------------------------------------------------


def test_zip_bomb_is_refused_from_its_declared_size_without_inflating() -> None:
    tracemalloc.start()
    try:
        with pytest.raises(TooLargeError) as err:
            read("broken/zip-bomb.docx")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert err.value.reason == "zip bomb? word/document.xml expands to 300 MB, limit 50 MB"
    assert peak < 50 * 1024 * 1024


def _with_member(data: bytes, name: str, content: bytes) -> bytes:
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            dst.writestr(info, src.read(info))
        dst.writestr(name, content)
    return out.getvalue()


def _mark_encrypted(data: bytes, name: str) -> bytes:
    """Set the "encrypted" flag of ``name`` in the central directory (zipfile cannot write one)."""
    buf = bytearray(data)
    entry = bytes(buf).find(b"PK\x01\x02")
    while entry >= 0:
        length = int.from_bytes(buf[entry + 28 : entry + 30], "little")
        if buf[entry + 46 : entry + 46 + length] == name.encode():
            buf[entry + 8] |= 0x1
        entry = bytes(buf).find(b"PK\x01\x02", entry + 46)
    return bytes(buf)


def test_compression_ratio_limit() -> None:
    document = docx.Document()
    document.add_paragraph("Hello")
    data = _with_member(_bytes(document), "word/media/padding.bin", bytes(4 * 1024 * 1024))
    with pytest.raises(TooLargeError) as err:
        read_document(data, name="padded.docx")
    assert err.value.reason.startswith("zip bomb? word/media/padding.bin expands ")
    assert texts(read_document(data, limits=Limits(max_zip_ratio=1e6))) == ["Hello"]


def test_encrypted_zip_member() -> None:
    document = docx.Document()
    data = _mark_encrypted(
        _with_member(_bytes(document), "word/extra.xml", b"<x/>"), "word/extra.xml"
    )
    with pytest.raises(EncryptedDocumentError):
        read_document(data, name="locked.docx")


def test_zip_without_word_document() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("notes.txt", "AWS Certified Machine Learning – Specialty")
    with pytest.raises(CorruptDocumentError, match=r"no word/document\.xml"):
        read_document(out.getvalue(), name="resume.docx")
    with pytest.raises(UnsupportedFormatError, match="zip archive"):
        read_document(out.getvalue(), name="resume.zip")


def test_not_a_zip_and_damaged_zip() -> None:
    with pytest.raises(CorruptDocumentError) as err:
        read("broken/not-a-zip.docx")
    assert err.value.reason == "not a valid DOCX (not a zip archive)"
    data = sample("resumes/jordan-smith.docx").read_bytes()
    with pytest.raises(CorruptDocumentError, match="damaged zip archive"):
        read_document(data[: len(data) // 2], name="cut.docx")


def test_malformed_xml_is_corrupt_not_a_raw_exception() -> None:
    document = docx.Document()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(_bytes(document))) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            body = (
                b"<w:document><w:body><w:p>"
                if info.filename == "word/document.xml"
                else src.read(info)
            )
            dst.writestr(info, body)
    with pytest.raises(CorruptDocumentError) as err:
        read_document(out.getvalue(), name="bad.docx")
    assert str(err.value) == "bad.docx: DOCX could not be parsed: XMLSyntaxError"


def test_macro_enabled_document_reads_like_a_docx() -> None:
    """python-docx's ``Document()`` refuses a .docm; opening the package itself does not."""
    document = docx.Document()
    document.add_heading("Certifications", level=1)
    document.add_paragraph("TensorFlow Developer Certificate", style="List Bullet")
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(_bytes(document))) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "[Content_Types].xml":
                data = data.replace(
                    b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
                    b"application/vnd.ms-word.document.macroEnabled.main+xml",
                )
            dst.writestr(info, data)
    doc = read_document(out.getvalue(), name="cv.docm")
    assert [(line.text, line.kind) for line in doc.lines] == [
        ("Certifications", "heading"),
        ("TensorFlow Developer Certificate", "item"),
    ]
    with pytest.raises(ValueError):
        docx.Document(io.BytesIO(out.getvalue()))
