"""read_document as a whole: format sniffing, the error family, limits and what every document
guarantees (offsets, page numbers), checked against the samples' manifest."""

from __future__ import annotations

import os
import pickle
import re
import subprocess
import sys
import threading
import tracemalloc
from pathlib import Path

import pytest
import yaml

from scanner.documents import (
    CorruptDocumentError,
    DocumentError,
    EncryptedDocumentError,
    Limits,
    NoTextError,
    TooLargeError,
    UnsupportedFormatError,
    read_document,
    sniff_format,
)
from scanner.documents.normalize import normalize_line
from tests.documents.conftest import SAMPLES, sample, texts

MANIFEST = yaml.safe_load((SAMPLES / "manifest.yaml").read_text(encoding="utf-8"))
READABLE = MANIFEST["samples"] + [b for b in MANIFEST["broken"] if b.get("expect_ok")]
FAILING = [b for b in MANIFEST["broken"] if b.get("expect_error")]
# The manifest records what the readers make of the samples without OCR (the scanned sample is
# "no text layer" there); tests/ocr reads the scans with Tesseract.
NO_OCR = Limits(ocr="never")
ERRORS = {
    "encrypted": EncryptedDocumentError,
    "corrupt": CorruptDocumentError,
    "unsupported": UnsupportedFormatError,
    "no-text": NoTextError,
    "too-large": TooLargeError,
}


@pytest.mark.parametrize("entry", FAILING, ids=[e["path"] for e in FAILING])
def test_broken_file_fails_with_its_class_and_a_one_line_message(entry: dict) -> None:
    path = str(sample(entry["path"]))
    with pytest.raises(DocumentError) as err:
        read_document(path, limits=NO_OCR)
    assert type(err.value) is ERRORS[entry["expect_error"]]
    assert err.value.code == entry["expect_error"]
    message = str(err.value)
    assert message.startswith(f"{path}: ") and len(message) > len(path) + 5
    assert "\n" not in message and "Traceback" not in message
    copy = pickle.loads(pickle.dumps(err.value))
    assert type(copy) is type(err.value) and str(copy) == message


@pytest.mark.parametrize("entry", READABLE, ids=[e["path"] for e in READABLE])
def test_readable_sample_format_pages_and_hidden_text(entry: dict) -> None:
    doc = read_document(sample(entry["path"]))
    assert doc.format == entry["format"]
    if "pages" in entry:
        assert doc.pages == entry["pages"]
    for hidden in entry.get("hidden_text", []):
        assert hidden not in doc.text
    assert doc.lines


@pytest.mark.parametrize("entry", READABLE, ids=[e["path"] for e in READABLE])
def test_line_offsets_and_numbers(entry: dict) -> None:
    doc = read_document(sample(entry["path"]))
    number = {}
    file_lines = _source_lines(sample(entry["path"]))
    for i, line in enumerate(doc.lines):
        assert line.index == i
        assert doc.text[line.start : line.end] == line.text
        assert line.text == line.text.strip() and "\n" not in line.text
        if doc.format in ("text", "markdown"):  # the file's line, as an editor numbers it
            assert (line.raw if line.raw is not None else line.text) in file_lines[line.number - 1]
            assert line.number >= number.get(line.page, 0)
        elif doc.format in ("html", "latex"):  # the source line where the line's text starts
            first = re.search(r"\w+", line.text)
            assert first is None or first.group() in file_lines[line.number - 1], (line, file_lines[line.number - 1])
        else:  # lines counted as read, page by page
            assert line.number == number.get(line.page, 0) + 1
        number[line.page] = line.number
        assert 1 <= line.page <= doc.pages
        if line.raw is None:
            continue
        start = 0
        for word in line.text.split(" "):  # each occurrence, not only a repeated word's first
            start = line.text.index(word, start)
            s, e = line.raw_span(start, start + len(word))
            start += len(word)
            source = normalize_line(line.raw[s:e])[0]
            if doc.format == "markdown":  # the span includes the marks stripped inside the word
                assert _subsequence(word, source), (line.raw, word)
            else:
                assert source == word, (line.raw, word)


def _source_lines(path) -> list[str]:
    """The file's lines as a text editor shows them (LF, CRLF and CR end a line)."""
    from scanner.documents.text import decode_text

    return re.split(r"\r\n|\r|\n", decode_text(path.read_bytes()))


def _subsequence(short: str, long: str) -> bool:
    chars = iter(long)
    return all(c in chars for c in short)


def test_bytes_and_names() -> None:
    data = sample("resumes/aisha-khan.txt").read_bytes()
    assert read_document(data).name == "<bytes>"
    assert read_document(bytearray(data), name="aisha.txt").name == "aisha.txt"
    assert texts(read_document(memoryview(data))) == texts(
        read_document(sample("resumes/aisha-khan.txt"))
    )
    assert read_document(Path(sample("resumes/aisha-khan.txt"))).name.endswith("aisha-khan.txt")


def test_content_decides_the_format_not_the_name() -> None:
    assert read_document(sample("broken/pdf-with-docx-extension.docx")).format == "pdf"
    html = b"<!DOCTYPE html><html><body><p>TensorFlow Developer Certificate</p></body></html>"
    assert sniff_format(html, "posting.txt")[0] == "html"
    assert (
        sniff_format(rb"\documentclass{article}\begin{document}x\end{document}", "cv.txt")[0]
        == "latex"
    )
    assert sniff_format(b"{\\rtf1 x}", "cv.txt")[0] == "rtf"
    assert sniff_format(b'{"basics": {"name": "Ada"}}', "cv.txt")[0] == "json-resume"


def test_the_extension_breaks_ties_between_text_formats() -> None:
    text = b"Certifications\n- TensorFlow Developer Certificate\n"
    assert sniff_format(text, "cv.md")[0] == "markdown"
    assert sniff_format(text, "cv.txt")[0] == "text"
    strong = b"# Jane\n\n## Certifications\n\n- **TensorFlow** [cert](https://x)\n"
    assert sniff_format(strong, "cv.txt")[0] == "markdown"
    assert sniff_format(b"<p>one tag</p> and prose", "cv.html")[0] == "html"
    assert sniff_format(b"plain words", "cv.htm")[0] == "html"
    assert sniff_format(b"<p>one tag</p> and prose", "cv.txt")[0] == "text"
    assert sniff_format(rb"\section{Skills} Python", "cv.tex")[0] == "latex"


@pytest.mark.parametrize(
    ("data", "name", "error", "reason"),
    [
        (b"\x89PNG\r\n\x1a\n" + bytes(64), "scan.png", UnsupportedFormatError,
         "looks like a PNG image, not a document: scanned resume? OCR is turned off"),
        (b"\xff\xd8\xff\xe0" + bytes(64), "scan.pdf", UnsupportedFormatError,
         "looks like a JPEG image, not a document: scanned resume? OCR is turned off"),
        (b"GIF89a" + bytes(64), "scan.gif", UnsupportedFormatError,
         "looks like a GIF image, not a document: scanned resume? run OCR first"),
        (b"\x00\x01\x02binary" * 10, "blob.bin", UnsupportedFormatError,
         "looks like binary data, not a text document"),
        (b'{"name": "not a resume"}', "x.json", UnsupportedFormatError,
         "JSON but not a JSON Resume (no basics, work, education or certificates)"),
        (b'{"basics": ', "cv.json", CorruptDocumentError, "not valid JSON (Expecting value)"),
        (b"just words", "cv.pdf", CorruptDocumentError, "not a valid PDF (no %PDF header)"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "EncryptedPackage".encode("utf-16-le"), "cv.docx",
         EncryptedDocumentError, "encrypted with a password: cannot be read"),
        (b"[" * 100_000 + b"]" * 100_000, "deep.json", CorruptDocumentError, "JSON is nested too deeply to read"),
        (b" \n\t \n", "blank.txt", NoTextError, "no text"),
        (b"<html><body><script>x()</script></body></html>", "blank.html", NoTextError, "no text"),
        (b"<!-- nothing but a comment -->", "comment.html", NoTextError, "no text"),
    ],
)  # fmt: skip
def test_what_cannot_be_read(
    data: bytes, name: str, error: type[DocumentError], reason: str
) -> None:
    with pytest.raises(error) as err:
        read_document(data, name=name, limits=NO_OCR)  # images with OCR: tests/ocr
    assert str(err.value) == f"{name}: {reason}"


def test_size_limit_is_checked_first(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes(b"x" * 5000)
    with pytest.raises(TooLargeError) as err:
        read_document(path, limits=Limits(max_bytes=2048))
    assert err.value.reason == "5 KB, limit 2 KB"
    with pytest.raises(TooLargeError):
        read_document(b"x" * 5000, limits=Limits(max_bytes=2048))


def test_missing_file_is_a_document_error(tmp_path: Path) -> None:
    with pytest.raises(DocumentError) as err:
        read_document(tmp_path / "nope.pdf")
    assert str(err.value) == f"{tmp_path / 'nope.pdf'}: cannot be opened: No such file or directory"


def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path: Path) -> None:
    """``credscan extract pipe`` used to hang in open() until something wrote to the pipe."""
    fifo = tmp_path / "cv.txt"
    os.mkfifo(fifo)
    outcome: list[BaseException | object] = []

    def read() -> None:
        try:
            outcome.append(read_document(fifo))
        except BaseException as exc:
            outcome.append(exc)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    reader.join(20)  # a guard against a hang, not a speed goal
    if reader.is_alive():  # release the stuck open() so the thread can end, then fail
        os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
        reader.join(5)
        pytest.fail("read_document waited on a FIFO")
    (err,) = outcome
    assert isinstance(err, DocumentError)
    assert str(err) == f"{fifo}: cannot be read: a named pipe (FIFO), not a regular file"


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")
def test_a_device_is_refused_before_a_byte_is_read() -> None:
    """/dev/zero says its size is 0: it was read up to the size limit (20 MB) and then refused."""
    tracemalloc.start()
    try:
        with pytest.raises(DocumentError) as err:
            read_document("/dev/zero")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert str(err.value) == "/dev/zero: cannot be read: a character device, not a regular file"
    assert peak < 1024 * 1024


def test_a_folder_is_refused_in_one_line(tmp_path: Path) -> None:
    with pytest.raises(DocumentError) as err:
        read_document(tmp_path)
    assert str(err.value) == f"{tmp_path}: cannot be read: a folder, not a regular file"


def test_importing_the_package_loads_no_engine() -> None:
    """A batch parent imports this package for its errors and limits: the engines wait for a
    document of their format."""
    code = (
        "import sys, scanner.documents\n"
        "print(sorted(m for m in ('pypdfium2', 'docx', 'lxml') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_a_text_past_the_text_limit_is_refused_before_it_is_split(tmp_path: Path) -> None:
    """A 1 MB text (one line or many) is no resume: one line naming the file and the limit, and
    refused from its length, before lines, normalisation or JSON parsing cost memory."""
    one_line = tmp_path / "dump.txt"
    one_line.write_bytes(b"AWS Certified Machine Learning Specialty " * 25_000)
    tracemalloc.start()
    try:
        with pytest.raises(TooLargeError) as err:
            read_document(one_line)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert str(err.value) == f"{one_line}: 1,025,000 characters of text, limit 500,000"
    assert peak < 4 * one_line.stat().st_size
    small = Limits(max_text_chars=1000)
    for name, data in [("cv.md", b"# CV\n\n" + b"- item\n" * 200), ("cv.tex", b"\\section{A}\n" + b"x" * 2000),
                       ("cv.json", b'{"basics": {"name": "' + b"x" * 2000 + b'"}}')]:
        with pytest.raises(TooLargeError, match=r"characters of text, limit 1,000$"):
            read_document(data, name=name, limits=small)
    assert read_document(b"x" * 1000, name="cv.txt", limits=small).text == "x" * 1000


def test_html_is_held_to_the_text_limit_by_its_text_not_its_markup() -> None:
    small = Limits(max_text_chars=1000)
    markup = b"<html><body><p style='" + b"color:red;" * 500 + b"'>AWS ML Specialty</p></body></html>"
    assert read_document(markup, name="p.html", limits=small).text == "AWS ML Specialty"
    wordy = b"<html><body>" + b"<p>AWS ML Specialty</p>" * 100 + b"</body></html>"
    with pytest.raises(TooLargeError, match=r"^p.html: 1,\d{3} characters of text, limit 1,000$"):
        read_document(wordy, name="p.html", limits=small)
