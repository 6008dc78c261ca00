"""PDF: reading order from geometry, pages, and every way a PDF can fail."""

from __future__ import annotations

import pdfplumber
import pypdfium2 as pdfium
import pytest

from scanner.documents import (
    CorruptDocumentError,
    EncryptedDocumentError,
    Limits,
    NoTextError,
    TooLargeError,
    read_document,
)
from scanner.documents import pdf as pdf_reader
from scanner.documents.normalize import hyphen_join, to_row
from tests.documents.conftest import follows, read, sample, texts

TWO_COLUMN = "resumes/priya-raman-two-column.pdf"


def stream_order(path: str) -> list[str]:
    """Lines as pypdfium2 gives them in content-stream order (``get_text_range``)."""
    pdf = pdfium.PdfDocument(sample(path))
    try:
        pages = [pdf[i].get_textpage().get_text_range() for i in range(len(pdf))]
    finally:
        pdf.close()
    return "\r\n".join(pages).split("\r\n")


def pdfplumber_order(path: str) -> list[str]:
    with pdfplumber.open(sample(path)) as pdf:
        return "\n".join(page.extract_text() for page in pdf.pages).split("\n")


def test_two_column_resume_reads_column_by_column() -> None:
    doc = read(TWO_COLUMN)
    lines = texts(doc)
    assert doc.format == "pdf" and doc.pages == 1
    assert {line.page for line in doc.lines} == {1}
    # names wrapped over two lines in the narrow left column stay together
    assert follows(lines, "AWS Certified Machine Learning -", "Specialty (2022)")
    assert follows(lines, "Google Cloud Professional Machine", "Learning Engineer - 2023")
    assert follows(lines, "DeepLearning.AI Deep Learning", "Specialization - Coursera, 2020")
    # the whole left column, then the whole right column
    left = [
        "PRIYA RAMAN",
        "SKILLS",
        "CERTIFICATIONS",
        "LANGUAGES",
        "INTERESTS",
        "Trail running, chess",
    ]
    right = ["SUMMARY", "EXPERIENCE", "EDUCATION", "SELECTED TALKS"]
    order = [lines.index(text) for text in left + right]
    assert order == sorted(order)
    assert lines.index("Trail running, chess") + 1 == lines.index("SUMMARY")
    assert not any("Seattle" in line and "Learning" in line and "AWS" in line for line in lines)


def test_stream_order_and_pdfplumber_interleave_the_same_columns() -> None:
    """Both other approaches put the right column's text between the halves of a name."""
    for lines in (stream_order(TWO_COLUMN), pdfplumber_order(TWO_COLUMN)):
        assert "AWS Certified Machine Learning – Seattle, WA · Jun 2018 – Dec 2021" in lines
        assert "Specialty (2022)" not in lines
        assert any(
            line.startswith("Specialty (2022) ") and "Built ML pipelines" in line for line in lines
        )


def test_simple_single_column_pages_read_as_stream_order() -> None:
    """Where the content stream is already in reading order, geometry changes nothing."""
    for path in ("broken/owner-password-only.pdf", "broken/pdf-with-docx-extension.docx"):
        stream = [row[1] for row in (to_row(1, line) for line in stream_order(path)) if row[1]]
        assert texts(read(path)) == stream


def test_ruled_table_rows_read_across() -> None:
    doc = read("resumes/marcus-lee-table.pdf")
    lines = texts(doc)
    start = lines.index("CERTIFICATIONS")
    assert lines[start + 1 : start + 8] == [
        "Certification Issuer Year Status",
        "Microsoft Certified: Azure AI Engineer Associate Microsoft 2024 Active",
        "TensorFlow Developer Certificate Google 2021 Expired 2024",
        "Machine Learning Specialization DeepLearning.AI / Stanford 2023 Completed",
        "AWS Certified Machine Learning Engineer - Associate AWS 2025 Active",
        "(MLA-C01)",
        "Databricks Certified Machine Learning Professional Databricks 2024 Active",
    ]
    assert doc.lines[start].kind == "heading"


def test_multipage_resume_keeps_pages_and_hyphenated_lines() -> None:
    doc = read("resumes/elena-garcia-multipage.pdf")
    assert doc.pages == 3
    by_page = {page: [line.text for line in doc.lines if line.page == page] for page in (1, 2, 3)}
    for page in (1, 2, 3):
        assert by_page[page][-1] == f"Elena García - page {page} of 3"
    for page in (2, 3):
        assert by_page[page][0] == "Elena García · Senior Data Scientist / ML Engineer"
    assert by_page[3][1] == "CERTIFICATIONS"
    # the hyphenated name stays as printed; detection can join it
    lines = by_page[3]
    assert follows(lines, "AWS Certified Machine Learning - Spe-", "cialty, 2021-2024 (expired)")
    assert (
        hyphen_join("AWS Certified Machine Learning - Spe-", "cialty, 2021-2024 (expired)")
        == "Specialty"
    )
    line = next(line for line in doc.lines if line.text.endswith("Spe-"))
    assert (line.page, line.number, line.kind) == (3, 3, "item")
    # pypdfium2 joins the lines itself and leaves U+FFFE; pdfplumber keeps the hyphen
    assert (
        "• AWS Certified Machine Learning – Spe\ufffecialty, 2021–2024 (expired)"
        in stream_order("resumes/elena-garcia-multipage.pdf")
    )
    plumber = pdfplumber_order("resumes/elena-garcia-multipage.pdf")
    assert follows(
        plumber, "(cid:127) AWS Certified Machine Learning – Spe-", "cialty, 2021–2024 (expired)"
    )


def test_posting_header_first_and_continued_section_on_page_2() -> None:
    doc = read("postings/northwind-mlops.pdf")
    assert doc.pages == 2
    pages = [[line for line in doc.lines if line.page == p] for p in (1, 2)]
    assert (
        pages[0][0].text == pages[1][0].text == "Northwind Analytics - Careers Job ID NW-2026-118"
    )
    assert (
        pages[1][1].text == "MINIMUM QUALIFICATIONS (CONTINUED)" and pages[1][1].kind == "heading"
    )
    assert pages[0][-1].text.endswith("page 1 of 2")


# Generated layouts --------------------------------------------------------------------------

LEFT = [
    "SKILLS",
    "Python, SQL",
    "PyTorch",
    "CERTIFICATIONS",
    "AWS Certified Machine",
    "Learning - Specialty",
    "Google Cloud Professional",
    "ML Engineer (2023)",
]
RIGHT = [
    "EXPERIENCE",
    "Senior ML Engineer, Acme",
    "Built ranking models for",
    "forty million users and",
    "ran the model review.",
    "ML Engineer, Initech",
    "Fraud models on AWS.",
    "EDUCATION",
    "M.S. Statistics",
]


def _columns(row_by_row: bool) -> list[tuple[float, float, str]]:
    header = [
        (72, 740, "Jordan Example"),
        (72, 726, "jordan@example.com | +1 555 0100 | Denver, CO | github.com/jx"),
    ]
    left = [(72, 690 - 14 * i, text) for i, text in enumerate(LEFT)]
    right = [(260, 690 - 14 * i, text) for i, text in enumerate(RIGHT)]
    if row_by_row:
        body = [item for pair in zip(left, right, strict=False) for item in pair] + right[
            len(left) :
        ]
    else:
        body = left + right
    return (
        header
        + body
        + [(72, 520, "References available on request; this footer runs the full page width.")]
    )


@pytest.mark.parametrize("row_by_row", [True, False], ids=["row-by-row", "column-after-column"])
def test_columns_read_the_same_however_they_were_drawn(make_pdf, row_by_row: bool) -> None:
    lines = texts(read_document(make_pdf(_columns(row_by_row))))
    assert lines == [
        "Jordan Example",
        "jordan@example.com | +1 555 0100 | Denver, CO | github.com/jx",
        *LEFT,
        *RIGHT,
        "References available on request; this footer runs the full page width.",
    ]


def test_right_aligned_dates_stay_on_their_lines(make_pdf) -> None:
    """A sparse column of dates is not a text column: each date stays with its title."""
    page = []
    y = 700.0
    for title, date in [
        ("Senior ML Engineer, Acme", "2021 - 2024"),
        ("ML Engineer, Initech", "2018 - 2021"),
        ("Data Analyst, Globex", "2015 - 2018"),
    ]:
        page.append((72, y, title))
        page.append((480, y, date))
        for bullet in (
            "- Built and shipped models that served millions of requests a day",
            "- Mentored two",
        ):
            y -= 14
            page.append((84, y, bullet))
        y -= 22
    lines = texts(read_document(make_pdf(page)))
    assert lines[0] == "Senior ML Engineer, Acme 2021 - 2024"
    assert "ML Engineer, Initech 2018 - 2021" in lines
    assert "Data Analyst, Globex 2015 - 2018" in lines


def test_a_small_table_among_short_lines_reads_row_by_row(make_pdf) -> None:
    """Short lines of prose leave the table's gutter open down the page; the years beside the
    names are still not a column of their own."""
    wide = "Machine learning engineer with eight years of experience in ranking, forecasting and search."
    short = "Ranking and forecasting work."
    page = [(72, 720, wide)] + [(72, 706 - 14 * i, short) for i in range(8)]
    rows = [
        ("AWS Certified Machine Learning - Specialty", "2022"),
        ("Google Cloud Professional ML Engineer", "2023"),
        ("TensorFlow Developer Certificate", "2021"),
        ("Azure AI Engineer Associate", "2024"),
    ]
    for i, (name, year) in enumerate(rows):
        page += [(72, 580 - 14 * i, name), (400, 580 - 14 * i, year)]
    page += [(72, 510 - 14 * i, short) for i in range(8)] + [(72, 380, wide)]
    lines = texts(read_document(make_pdf(page)))
    assert lines[9:13] == [f"{name} {year}" for name, year in rows]


def test_tight_leading_does_not_leak_glyphs_between_lines(make_pdf) -> None:
    """Accents and descenders of neighbouring lines overlap at 8 pt leading; pdfium's
    "text inside this rectangle" would pick them up, the character stream does not."""
    lines = ["Typography jumps quickly", "gyp jq Specialty (2022)", "Ä Éclair ÅÇ", "AWS Certified"]
    doc = read_document(make_pdf([(72, 700 - 8 * i, text) for i, text in enumerate(lines)]))
    assert texts(doc) == lines


def test_a_word_pdfium_ran_across_lines_is_split_by_position() -> None:
    path = sample("broken/owner-password-only.pdf")
    pdf = pdfium.PdfDocument(path)
    try:
        textpage = pdf[0].get_textpage()
        text = textpage.get_text_range()
        end_of_line = text.index("\r\n")
        runs = pdf_reader._split_word(textpage, text, end_of_line - 3, end_of_line + 5)
        assert [run.text.strip() for run in runs] == [
            text[end_of_line - 3 : end_of_line],
            text[end_of_line + 2 : end_of_line + 5],
        ]
        assert runs[0].bottom > runs[1].top
    finally:
        pdf.close()


def _pdf_with_to_unicode(lines: list[tuple[int, int, bytes]], unicode: dict[int, str]) -> bytes:
    """A one-page Helvetica PDF whose ToUnicode map gives each byte code the UTF-16BE text in
    ``unicode`` (hex), so its text layer can hold what reportlab's fonts cannot write."""
    shows = b" ".join(b"1 0 0 1 %d %d Tm (%s) Tj" % line for line in lines)
    content = b"BT /F1 10 Tf " + shows + b" ET"
    chars = b"".join(b"<%02X> <%s>\n" % (code, text.encode()) for code, text in unicode.items())
    cmap = (
        b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
        b"/CMapName /X def /CMapType 2 def\n1 begincodespacerange <00> <FF> endcodespacerange\n"
        + b"%d beginbfchar\n" % len(unicode)
        + chars
        + b"endbfchar\nendcmap CMapName currentdict /CMap defineresource pop end end"
    )
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode 6 0 R >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(cmap), cmap),
    ]
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def test_a_character_beyond_the_bmp_reads_as_one_character() -> None:
    """pdfium gives U+1D400 as two surrogates, one per character index; runs join them."""
    unicode = {code: f"{code:04X}" for code in range(0x20, 0x7F)}
    unicode[ord("#")] = "D835DC00"  # MATHEMATICAL BOLD CAPITAL A
    data = _pdf_with_to_unicode(
        [(72, 700, b"Score #1 on the #B test"), (72, 686, b"plain")], unicode
    )
    doc = read_document(data, name="math.pdf")
    assert [(line.text, line.raw) for line in doc.lines] == [
        ("Score A1 on the AB test", "Score \U0001d4001 on the \U0001d400B test"),
        ("plain", None),
    ]


def test_pages_are_numbered_from_one(make_pdf) -> None:
    doc = read_document(make_pdf([(72, 700, "First page")], [(72, 700, "Second page")]))
    assert [(line.page, line.number, line.text) for line in doc.lines] == [
        (1, 1, "First page"),
        (2, 1, "Second page"),
    ]
    assert doc.pages == 2


# Failures ------------------------------------------------------------------------------------


def test_user_password_is_refused_and_owner_password_only_opens() -> None:
    with pytest.raises(EncryptedDocumentError) as err:
        read("broken/encrypted-user-password.pdf")
    assert str(err.value).endswith(
        "encrypted-user-password.pdf: encrypted with a password: cannot be read"
    )
    doc = read("broken/owner-password-only.pdf")
    assert "TensorFlow Developer Certificate (2021)" in texts(doc)


def test_truncated_pdf_is_corrupt_without_engine_text() -> None:
    with pytest.raises(CorruptDocumentError) as err:
        read("broken/truncated.pdf")
    assert err.value.reason == "not a valid PDF (damaged or truncated)"
    assert "PDFium" not in str(err.value)


def test_scanned_pdf_has_no_text_layer_without_ocr() -> None:
    """With OCR (tests/ocr) the scans are read; without it they are named, never empty text."""
    with pytest.raises(NoTextError) as err:
        read_document(sample("broken/scanned-image-only.pdf"), limits=Limits(ocr="never"))
    assert err.value.reason == "no text layer on any page: scanned image? run OCR first"


def test_scanned_second_page_is_a_warning_without_ocr() -> None:
    doc = read_document(sample("broken/scanned-page2.pdf"), limits=Limits(ocr="never"))
    assert doc.pages == 2
    assert doc.warnings == ("page 2 has no text layer: scanned image? run OCR first",)
    assert {line.page for line in doc.lines} == {1}
    assert "Deep Learning Specialization, DeepLearning.AI, 2021" in texts(doc)


def test_page_limit_is_checked_before_extraction() -> None:
    with pytest.raises(TooLargeError) as err:
        read("broken/many-pages.pdf")
    assert err.value.reason == "120 pages, limit 50"
    doc = read_document(sample("broken/many-pages.pdf"), limits=Limits(max_pages=120))
    assert doc.pages == 120


def test_garbage_after_the_header_is_corrupt() -> None:
    with pytest.raises(CorruptDocumentError) as err:
        read_document(b"%PDF-1.7\n" + bytes(range(256)) * 8, name="garbage.pdf")
    assert str(err.value) == "garbage.pdf: not a valid PDF (damaged or truncated)"
