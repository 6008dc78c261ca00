"""DOCX: the body XML in document order, text boxes once, headers and footers, and the zip checks."""

from __future__ import annotations

import io
import tracemalloc
import zipfile
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from docx.oxml import parse_xml
from lxml import etree

import scanner.documents.docx as docx_reader
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
    data = _with_member(_bytes(document), "word/media/padding.bin", bytes(12 * 1024 * 1024))
    with pytest.raises(TooLargeError) as err:
        read_document(data, name="padded.docx")
    assert err.value.reason.startswith("zip bomb? word/media/padding.bin expands ")
    assert texts(read_document(data, limits=Limits(max_zip_ratio=1e6))) == ["Hello"]


def test_an_ordinary_word_file_that_compresses_well_is_read() -> None:
    """A ~45 KB DOCX whose document part inflates to over 1 MB, more than 100x: repeated
    paragraphs and an empty table grid compress that well. It is a resume, not a zip bomb."""
    document = docx.Document()
    document.add_heading("Certifications", level=1)
    for _ in range(8000):
        document.add_paragraph(style="List Bullet").add_run("AWS Certified Machine Learning Specialty 2023").bold = True
    document.add_table(rows=300, cols=8, style="Table Grid")
    data = _bytes(document)
    info = zipfile.ZipFile(io.BytesIO(data)).getinfo("word/document.xml")
    assert len(data) < 100_000 and info.file_size > 1024 * 1024
    assert info.file_size / info.compress_size > 100
    doc = read_document(data, name="cv.docx")
    assert texts(doc)[:2] == ["Certifications", "AWS Certified Machine Learning Specialty 2023"]


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


# The package: parts found through relationships, styles read lazily and cached ---------------

RT_URI = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"


def _repack(data: bytes, edit: Callable[[str, bytes], tuple[str, bytes] | None]) -> bytes:
    """A copy of a DOCX whose members go through ``edit``: kept, renamed, changed or dropped
    (``None``)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            kept = edit(info.filename, src.read(info))
            if kept is not None:
                dst.writestr(kept[0], kept[1])
    return out.getvalue()


def _add_rels(rels: bytes, *entries: str) -> bytes:
    return rels.replace(b"</Relationships>", "".join(entries).encode() + b"</Relationships>")


def _resume(*, header: str | None = None, footer: str | None = None) -> docx.document.Document:
    document = docx.Document()
    if header is not None:
        document.sections[0].header.paragraphs[0].text = header
    if footer is not None:
        document.sections[0].footer.paragraphs[0].text = footer
    document.add_heading("Certifications", level=1)
    document.add_paragraph("AWS Certified Machine Learning Engineer", style="List Bullet")
    document.add_paragraph("Valid until 2027")
    return document


@pytest.fixture
def style_parses(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """An empty styles cache, and the number of styles of every styles part parsed while the
    test runs."""
    monkeypatch.setattr(docx_reader, "_STYLE_CACHE", {})
    parsed: list[int] = []
    parse = docx_reader._style_elements

    def counting(xml: bytes, name: str) -> dict[str, etree._Element]:
        elements = parse(xml, name)
        parsed.append(len(elements))
        return elements

    monkeypatch.setattr(docx_reader, "_style_elements", counting)
    return parsed


def test_relationship_types_are_python_docx_ones() -> None:
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    assert docx_reader.RT_OFFICE_DOCUMENT == RT.OFFICE_DOCUMENT
    assert docx_reader.RT_STYLES == RT.STYLES
    assert docx_reader.RT_HEADER == RT.HEADER
    assert docx_reader.RT_FOOTER == RT.FOOTER


def test_main_part_elsewhere_is_found_through_package_rels() -> None:
    """``_rels/.rels`` names the main part; its rels reach styles with ``../`` and the header
    with an absolute target. A decoy at word/document.xml must not be read."""

    def move(member: str, blob: bytes) -> tuple[str, bytes]:
        if member == "_rels/.rels":
            return member, blob.replace(b'Target="word/document.xml"', b'Target="cv/main.xml"')
        if member == "word/document.xml":
            return "cv/main.xml", blob
        if member == "word/_rels/document.xml.rels":
            blob = blob.replace(b'Target="styles.xml"', b'Target="../word/styles.xml"')
            blob = blob.replace(b'Target="header1.xml"', b'Target="/word/header1.xml"')
            return "cv/_rels/main.xml.rels", blob
        return member, blob

    data = _repack(_bytes(_resume(header="Jordan Example")), move)
    decoy = docx.Document()
    decoy.add_paragraph("Decoy text")
    with zipfile.ZipFile(io.BytesIO(_bytes(decoy))) as archive:
        data = _with_member(data, "word/document.xml", archive.read("word/document.xml"))
    doc = read_document(data, name="moved.docx")
    assert [(line.text, line.kind) for line in doc.lines] == [
        ("Jordan Example", "text"),
        ("Certifications", "heading"),
        ("AWS Certified Machine Learning Engineer", "item"),
        ("Valid until 2027", "text"),
    ]


def test_header_and_footer_targets_relative_absolute_external_and_missing() -> None:
    """A header moved to another folder (``../parts/top.xml``), a footer by absolute target;
    an external header relationship and one to a missing member are skipped."""

    def move(member: str, blob: bytes) -> tuple[str, bytes]:
        if member == "word/header1.xml":
            return "parts/top.xml", blob
        if member == "word/_rels/document.xml.rels":
            blob = blob.replace(b'Target="header1.xml"', b'Target="../parts/top.xml"')
            blob = blob.replace(b'Target="footer1.xml"', b'Target="/word/footer1.xml"')
            blob = _add_rels(
                blob,
                f'<Relationship Id="rIdX" Type="{RT_URI}header" Target="outside.xml" '
                'TargetMode="External"/>',
                f'<Relationship Id="rIdM" Type="{RT_URI}header" Target="gone.xml"/>',
            )
        if member == "word/document.xml":
            blob = blob.replace(
                b'<w:headerReference w:type="default" r:id="rId9"/>',
                b'<w:headerReference w:type="default" r:id="rId9"/>'
                b'<w:headerReference w:type="first" r:id="rIdX"/>'
                b'<w:headerReference w:type="even" r:id="rIdM"/>',
            )
        return member, blob

    document = _resume(header="Jordan Example · Resume", footer="Page footer")
    data = _repack(_bytes(document), move)
    # were the external target resolved like an internal one, this header would be read
    outside = docx.Document()
    outside.sections[0].header.paragraphs[0].text = "Outside header"
    with zipfile.ZipFile(io.BytesIO(_bytes(outside))) as archive:
        data = _with_member(data, "word/outside.xml", archive.read("word/header1.xml"))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert b'r:id="rIdX"' in archive.read("word/document.xml")
        assert "word/header1.xml" not in archive.namelist()
    assert texts(read_document(data, name="moved.docx")) == [
        "Jordan Example · Resume",
        "Certifications",
        "AWS Certified Machine Learning Engineer",
        "Valid until 2027",
        "Page footer",
    ]


def test_document_without_styles_part_keeps_direct_formatting_only() -> None:
    """No styles part: a named style says nothing, direct numbering and outline levels still do.
    The same with the relationship left dangling."""
    document = _resume()
    numbered = document.add_paragraph("Numbered directly")
    numbered._p.get_or_add_pPr().append(
        parse_xml(f'<w:numPr {W_NS}><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr>')
    )
    outlined = document.add_paragraph("Outline level directly")
    outlined._p.get_or_add_pPr().append(parse_xml(f'<w:outlineLvl {W_NS} w:val="1"/>'))
    data = _bytes(document)
    expected = [
        ("Certifications", "text"),
        ("AWS Certified Machine Learning Engineer", "text"),
        ("Valid until 2027", "text"),
        ("Numbered directly", "item"),
        ("Outline level directly", "heading"),
    ]

    def no_styles(member: str, blob: bytes) -> tuple[str, bytes] | None:
        if member == "word/_rels/document.xml.rels":
            blob = blob.replace(f'Type="{RT_URI}styles"'.encode(), b'Type="unrelated"')
        return None if member == "word/styles.xml" else (member, blob)

    def dangling(member: str, blob: bytes) -> tuple[str, bytes] | None:
        return None if member == "word/styles.xml" else (member, blob)

    for edit in (no_styles, dangling):
        doc = read_document(_repack(data, edit), name="plain.docx")
        assert [(line.text, line.kind) for line in doc.lines] == expected, edit.__name__


def test_styles_part_is_parsed_once_per_distinct_part(style_parses: list[int]) -> None:
    """Two resumes from one template share the styles' kinds; a third whose styles part makes
    Heading1 a list style gets its own kinds, and the first template still reads right after.
    A style no earlier document named is looked up in a new parse, then remembered too."""
    first = _bytes(_resume())
    second_doc = _resume()
    second_doc.add_paragraph("Second resume")
    second = _bytes(second_doc)
    with zipfile.ZipFile(io.BytesIO(first)) as a, zipfile.ZipFile(io.BytesIO(second)) as b:
        assert a.read("word/styles.xml") == b.read("word/styles.xml")

    def heading_as_list(member: str, blob: bytes) -> tuple[str, bytes]:
        if member == "word/styles.xml":
            blob = blob.replace(b'<w:name w:val="heading 1"/>', b'<w:name w:val="List Number"/>')
            blob = blob.replace(b'<w:outlineLvl w:val="0"/>', b"", 1)
        return member, blob

    other = _repack(first, heading_as_list)

    def kinds(data: bytes) -> list[str]:
        return [line.kind for line in read_document(data, name="cv.docx").lines]

    assert kinds(first) == ["heading", "item", "text"]
    assert kinds(second) == ["heading", "item", "text", "text"]
    assert len(style_parses) == 1
    assert kinds(other) == ["item", "item", "text"]
    assert len(style_parses) == 2
    assert kinds(first) == ["heading", "item", "text"]
    assert len(style_parses) == 2

    titled = docx.Document()  # the first template, with Title and the footer's Footer style
    titled.add_paragraph("Jordan Example", style="Title")
    titled.add_heading("Certifications", level=1)
    titled.sections[0].footer.paragraphs[0].text = "Page footer"
    assert kinds(_bytes(titled)) == ["heading", "heading", "text"]
    assert len(style_parses) == 3
    assert kinds(_bytes(titled)) == ["heading", "heading", "text"]
    assert kinds(other) == ["item", "item", "text"]
    assert len(style_parses) == 3


def test_styles_cache_is_bounded(style_parses: list[int], monkeypatch: pytest.MonkeyPatch) -> None:
    """At most ``STYLE_CACHE_ENTRIES`` parts, least recently used out first; a styles part over
    ``STYLE_CACHE_MAX_PART`` is parsed every time rather than kept."""
    base = _bytes(_resume())

    def variant(n: int) -> bytes:
        def edit(member: str, blob: bytes) -> tuple[str, bytes]:
            if member == "word/styles.xml":
                blob = blob.replace(b"</w:styles>", f"<!-- {n} --></w:styles>".encode())
            return member, blob

        return _repack(base, edit)

    variants = [variant(n) for n in range(docx_reader.STYLE_CACHE_ENTRIES + 2)]
    for data in variants:
        read_document(data, name="cv.docx")
    assert len(docx_reader._STYLE_CACHE) == docx_reader.STYLE_CACHE_ENTRIES
    assert len(style_parses) == len(variants)
    read_document(variants[-1], name="cv.docx")  # still cached
    assert len(style_parses) == len(variants)
    read_document(variants[0], name="cv.docx")  # evicted
    assert len(style_parses) == len(variants) + 1

    monkeypatch.setattr(docx_reader, "STYLE_CACHE_MAX_PART", 1000)
    docx_reader._STYLE_CACHE.clear()
    for _ in range(2):
        read_document(base, name="cv.docx")
    assert len(style_parses) == len(variants) + 3
    assert docx_reader._STYLE_CACHE == {}


def test_styles_part_is_read_only_when_a_paragraph_names_a_style(
    style_parses: list[int],
) -> None:
    """Without a ``w:pStyle`` the styles part is never parsed, so even a broken one is harmless;
    with one, a broken styles part is a corrupt document."""
    document = docx.Document()
    document.add_paragraph("Jordan Example")
    document.add_paragraph("TensorFlow Developer Certificate")

    def break_styles(member: str, blob: bytes) -> tuple[str, bytes]:
        return member, b"<w:styles><w:style" if member == "word/styles.xml" else blob

    data = _repack(_bytes(document), break_styles)
    assert texts(read_document(data, name="plain.docx")) == [
        "Jordan Example",
        "TensorFlow Developer Certificate",
    ]
    assert style_parses == []
    styled = _repack(_bytes(_resume()), break_styles)
    with pytest.raises(CorruptDocumentError) as err:
        read_document(styled, name="styled.docx")
    assert str(err.value) == "styled.docx: DOCX could not be parsed: XMLSyntaxError"


def test_only_the_needed_parts_are_inflated_from_one_zip_opening(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    data = _bytes(_resume(header="Jordan Example"))
    opened: list[object] = []
    inflated: list[str] = []
    real_init, real_read = zipfile.ZipFile.__init__, zipfile.ZipFile.read

    def init(self: zipfile.ZipFile, *args: object, **kwargs: object) -> None:
        opened.append(args[0])
        real_init(self, *args, **kwargs)

    def read(
        self: zipfile.ZipFile, member: str | zipfile.ZipInfo, pwd: bytes | None = None
    ) -> bytes:
        inflated.append(member if isinstance(member, str) else member.filename)
        return real_read(self, member, pwd)

    monkeypatch.setattr(zipfile.ZipFile, "__init__", init)
    monkeypatch.setattr(zipfile.ZipFile, "read", read)
    doc = docx_reader.read_docx(data, "cv.docx", Limits())
    assert texts(doc)[:2] == ["Jordan Example", "Certifications"]
    assert len(opened) == 1
    assert sorted(inflated) == [
        "_rels/.rels",
        "word/_rels/document.xml.rels",
        "word/document.xml",
        "word/header1.xml",
        "word/styles.xml",
    ]


def test_package_rels_missing_main_part_missing_and_no_body() -> None:
    data = _bytes(_resume())
    without_rels = _repack(data, lambda m, b: None if m == "_rels/.rels" else (m, b))
    assert texts(read_document(without_rels, name="cv.docx"))[0] == "Certifications"
    odd_rels = _repack(data, lambda m, b: (m, b"<Relationships" if m == "_rels/.rels" else b))
    assert texts(read_document(odd_rels, name="cv.docx"))[0] == "Certifications"

    def elsewhere(member: str, blob: bytes) -> tuple[str, bytes]:
        return ("cv/main.xml" if member == "word/document.xml" else member), blob

    # sniff_format only hands read_docx a zip with word/document.xml: call the reader directly
    with pytest.raises(CorruptDocumentError) as err:
        docx_reader.read_docx(_repack(data, elsewhere), "cv.docx", Limits())
    assert str(err.value) == "cv.docx: not a valid DOCX (no main document part)"

    def no_body(member: str, blob: bytes) -> tuple[str, bytes]:
        return member, (f"<w:document {W_NS}/>".encode() if member == "word/document.xml" else blob)

    with pytest.raises(CorruptDocumentError) as err:
        read_document(_repack(data, no_body), name="cv.docx")
    assert str(err.value) == "cv.docx: not a valid DOCX (document has no body)"


def test_malformed_header_is_a_one_line_corrupt_error_from_the_reader_itself() -> None:
    data = _bytes(_resume(header="Jordan Example"))
    broken = _repack(data, lambda m, b: (m, b"<w:hdr><w:p>" if m == "word/header1.xml" else b))
    with pytest.raises(CorruptDocumentError) as err:
        docx_reader.read_docx(broken, "cv.docx", Limits())
    assert str(err.value) == "cv.docx: DOCX could not be parsed: XMLSyntaxError"


def _with_doctype(doctype: str, text: str) -> bytes:
    document = docx.Document()
    for line in ("Before", "PLACEHOLDER", "After"):
        document.add_paragraph(line)

    def edit(member: str, blob: bytes) -> tuple[str, bytes]:
        if member == "word/document.xml":
            blob = blob.replace(b"?>", b"?>" + doctype.encode(), 1)
            blob = blob.replace(b"PLACEHOLDER", text.encode())
        return member, blob

    return _repack(_bytes(document), edit)


def test_dtd_entities_are_not_expanded_or_fetched() -> None:
    internal = _with_doctype('<!DOCTYPE w:document [<!ENTITY co "Contoso">]>', "A &co; B")
    assert texts(read_document(internal, name="cv.docx")) == ["Before", "A", "After"]
    external = _with_doctype(
        '<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/hostname">]>', "A &xxe; B"
    )
    assert texts(read_document(external, name="cv.docx")) == ["Before", "A", "After"]


def test_billion_laughs_does_not_expand() -> None:
    entities = '<!ENTITY lol0 "lol">' + "".join(
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)
    )
    data = _with_doctype(f"<!DOCTYPE w:document [{entities}]>", "A &lol9; B")
    try:  # libxml2 2.11+ refuses the amplification outright; older ones leave it unexpanded
        lines = texts(read_document(data, name="laughs.docx"))
    except CorruptDocumentError as err:
        assert str(err) == "laughs.docx: DOCX could not be parsed: XMLSyntaxError"
    else:
        assert lines == ["Before", "A", "After"]
