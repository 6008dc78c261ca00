"""Plain text and Markdown: encodings, bullets, headings, and markup stripped with offsets kept."""

from __future__ import annotations

import pytest

from scanner.documents import read_document
from scanner.documents.text import decode_text, join_surrogates, text_encoding
from tests.documents.conftest import follows, read, sample, texts


@pytest.mark.parametrize(
    ("path", "encoding", "line"),
    [
        (
            "broken/resume-cp1252.txt",
            "cp1252",
            "Microsoft Certified - Azure AI Engineer Associate (2024)",
        ),
        ("broken/resume-utf16.txt", "utf-16-le", "Hiroshi Tanaka (田中 浩)"),
        ("broken/resume-utf8-bom.txt", "utf-8", "Olivia Brennan"),
    ],
)
def test_encodings(path: str, encoding: str, line: str) -> None:
    assert text_encoding(sample(path).read_bytes()) == encoding
    doc = read(path)
    assert line in texts(doc)
    assert "\ufeff" not in doc.text and "\ufffd" not in doc.text


def test_cp1252_characters_decode() -> None:
    doc = read("broken/resume-cp1252.txt")
    assert texts(doc)[0] == "José Müller"
    assert "churn and document classification. Managed a €250k yearly cloud budget." in texts(doc)
    item = next(line for line in doc.lines if "Azure AI Engineer" in line.text)
    assert (
        item.kind == "item"
        and item.raw == "• Microsoft Certified – Azure AI Engineer Associate (2024)"
    )


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_found_by_its_nul_bytes(codec: str) -> None:
    data = "Résumé\nTensorFlow Developer Certificate (2021)\n".encode(codec)
    assert text_encoding(data) == codec
    assert texts(read_document(data)) == ["Résumé", "TensorFlow Developer Certificate (2021)"]


def test_decoding_never_fails() -> None:
    assert decode_text(b"caf\xe9 \x81") == "café \x81"  # not cp1252 either: latin-1 takes any byte


def test_plain_text_ligatures_bullets_and_spaces() -> None:
    doc = read("resumes/aisha-khan.txt")
    lines = texts(doc)
    assert "Certifications & Training" in lines  # "Certiﬁcations" with the ligature
    assert follows(lines, "Certifications & Training", "AWS ML Specialty (MLS-C01) - 2023")
    spec = next(line for line in doc.lines if line.text == "AWS ML Specialty (MLS-C01) - 2023")
    assert spec.kind == "item"
    assert spec.raw is not None and "\u00a0" in spec.raw
    assert doc.lines[0].kind == "heading"  # "AISHA KHAN"
    assert "Toronto, ON • aisha.khan@example.com • +1 416 555 0187 • github.com/aishak" in lines


def test_form_feed_starts_a_page() -> None:
    doc = read_document(b"page one\n\x0cpage two\n", name="cv.txt")
    assert [(line.page, line.text) for line in doc.lines] == [(1, "page one"), (2, "page two")]
    assert doc.pages == 2


def test_markdown_resume() -> None:
    doc = read("resumes/tomas-novak.md")
    assert doc.format == "markdown"
    kinds = {line.text: line.kind for line in doc.lines}
    assert kinds["Tomáš Novák"] == "heading"
    assert kinds["Certifications"] == "heading"
    assert kinds["Deep Learning Specialization - DeepLearning.AI (Coursera), 2020"] == "item"
    assert kinds["Preparing for AI-102 - exam booked for February 2026"] == "item"
    lines = texts(doc)
    assert (
        "Machine Learning Engineer · Prague, Czechia · tomas.novak@example.cz · GitHub · LinkedIn"
        in lines
    )
    assert not any(mark in doc.text for mark in ("**", "](", "`", "# "))


def test_markdown_offsets_point_into_the_source_line() -> None:
    source = (
        "- **AWS Certified** [Machine Learning – Specialty](https://aws.amazon.com) `MLS-C01`\n"
    )
    doc = read_document(source.encode(), name="cv.md")
    line = doc.lines[0]
    assert (line.text, line.kind) == ("AWS Certified Machine Learning - Specialty MLS-C01", "item")
    assert line.raw == source.rstrip("\n")
    start = line.text.index("Machine")
    s, e = line.raw_span(start, len(line.text) - len(" MLS-C01"))
    assert line.raw[s:e] == "Machine Learning – Specialty"
    s, e = line.raw_span(line.text.index("MLS"), len(line.text))
    assert line.raw[s:e] == "MLS-C01"


def test_markdown_constructs() -> None:
    source = "\n".join(
        [
            "---",
            "title: front matter is metadata",
            "---",
            "Certifications",
            "==============",
            "1. TensorFlow Developer Certificate",
            "* [x] Azure AI Engineer Associate",
            "> quoted snake_case_name and 2*3*4",
            "",
            "| Credential | Year |",
            "|---|---:|",
            "| AWS ML Specialty | 2022 |",
            "<!-- a hidden",
            "comment --> after <!-- inline: AWS Certified Machine Learning -->the comment",
            "```",
            "**kept as written**",
            "```",
            "***",
            "[ref]: https://example.com",
        ]
    )
    doc = read_document(source.encode(), name="cv.md")
    assert [(line.text, line.kind) for line in doc.lines] == [
        ("Certifications", "heading"),
        ("TensorFlow Developer Certificate", "item"),
        ("Azure AI Engineer Associate", "item"),
        ("quoted snake_case_name and 2*3*4", "text"),
        ("Credential | Year", "cell"),
        ("AWS ML Specialty | 2022", "cell"),
        ("after the comment", "text"),
        ("**kept as written**", "text"),
    ]


def test_surrogate_pairs_join_and_a_lone_one_is_replaced() -> None:
    assert join_surrogates("a\ud83d\ude00b\ud800") == "a\U0001f600b\ufffd"
    plain = "no surrogates"
    assert join_surrogates(plain) is plain


# Line numbers: the line a person finds in their editor ----------------------------------------

TEXT_WITH_BLANKS = """JANE DOE
Data Scientist


SUMMARY

Eight years of applied machine learning.



CERTIFICATIONS
=============

  • AWS Certified Machine Learning – Specialty (2023)
"""


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_text_line_numbers_are_the_files_lines(tmp_path, newline: str) -> None:
    path = tmp_path / "cv.txt"
    path.write_bytes(TEXT_WITH_BLANKS.replace("\n", newline).encode("utf-8"))
    doc = read_document(path)
    numbers = {line.text: line.number for line in doc.lines}
    assert numbers["SUMMARY"] == 5
    assert numbers["CERTIFICATIONS"] == 11
    assert numbers["AWS Certified Machine Learning - Specialty (2023)"] == 14
    assert TEXT_WITH_BLANKS.splitlines()[14 - 1].strip().startswith("• AWS Certified")


def test_markdown_line_numbers_count_front_matter_blank_lines_and_markup(tmp_path) -> None:
    source = (
        "---\ntitle: CV\n---\n\n# Jane Doe\n\n<!-- a comment\nover lines -->\n\n"
        "Certifications\n--------------\n\n```\nfenced\n```\n\n"
        "- **TensorFlow Developer Certificate** (2022)\n"
    )
    path = tmp_path / "cv.md"
    path.write_text(source, encoding="utf-8")
    doc = read_document(path)
    numbers = {line.text: line.number for line in doc.lines}
    assert numbers == {"Jane Doe": 5, "Certifications": 10, "fenced": 14,
                       "TensorFlow Developer Certificate (2022)": 17}
    assert source.splitlines()[17 - 1].startswith("- **TensorFlow")


def test_a_form_feed_starts_a_page_but_not_an_editor_line(tmp_path) -> None:
    path = tmp_path / "cv.txt"
    path.write_bytes(b"Page one\n\n\x0cPage two\nGoogle Cloud PMLE\n")
    doc = read_document(path)
    assert [(line.page, line.number, line.text) for line in doc.lines] == [
        (1, 1, "Page one"), (2, 3, "Page two"), (2, 4, "Google Cloud PMLE")]


def test_sniff_text_decodes_as_text_encoding_says_in_one_pass() -> None:
    from scanner.documents.text import sniff_text

    cases = [sample(p).read_bytes() for p in ("broken/resume-cp1252.txt", "broken/resume-utf16.txt",
                                                 "broken/resume-utf8-bom.txt", "resumes/aisha-khan.txt")]
    cases += [b"caf\xe9 \x81\x8d", "Zoë".encode("utf-16-be"), b"\x00\x01binary", b""]
    for data in cases:
        encoding = text_encoding(data)
        assert sniff_text(data) == (None if encoding is None else decode_text(data, encoding)), data[:20]
