"""Read resumes and job postings into :class:`Document`: lines in reading order with pages.

``read_document`` decides the format from the content, not the name (a PDF saved as ``.docx``
is still a PDF); the extension only breaks ties between text formats. Whatever goes wrong comes
out as a :class:`DocumentError` whose message names the file and the reason on one line; an
engine's own exception never escapes. Each format's module (and its engine: pypdfium2, lxml
or Pillow) is imported the first time a document of that format is read, so importing
this package for its errors and limits stays cheap.

PNG, JPEG and TIFF files are documents too when OCR is on and Tesseract is installed
(``Limits.ocr``, :mod:`scanner.documents.ocr`): a scanned resume or a phone photo of one.
Otherwise they are refused with the reason and how to install Tesseract.
"""

from __future__ import annotations

import importlib
import io
import json
import os
import re
import stat
import zipfile
from collections.abc import Callable
from pathlib import PurePath

from scanner.documents.errors import (
    CorruptDocumentError,
    DocumentError,
    EncryptedDocumentError,
    NoTextError,
    TooLargeError,
    UnsupportedFormatError,
)
from scanner.documents.json_resume import looks_like_json_resume
from scanner.documents.limits import DEFAULT_LIMITS, Limits, size
from scanner.documents.model import Document, Format, Line
from scanner.documents.text import sniff_text

__all__ = [
    "DEFAULT_LIMITS",
    "CorruptDocumentError",
    "Document",
    "DocumentError",
    "EncryptedDocumentError",
    "Format",
    "Limits",
    "Line",
    "NoTextError",
    "TooLargeError",
    "UnsupportedFormatError",
    "read_document",
    "sniff_format",
]

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_MAGIC: tuple[tuple[bytes, int, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", 0, "a PNG image"),
    (b"\xff\xd8\xff", 0, "a JPEG image"),
    (b"GIF87a", 0, "a GIF image"),
    (b"GIF89a", 0, "a GIF image"),
    (b"II*\x00", 0, "a TIFF image"),
    (b"MM\x00*", 0, "a TIFF image"),
    (b"WEBP", 8, "a WebP image"),
    (b"ftypheic", 4, "a HEIC image"),
    (b"ftypmif1", 4, "a HEIC image"),
    (b"\x1f\x8b", 0, "a gzip archive"),
    (b"7z\xbc\xaf\x27\x1c", 0, "a 7-Zip archive"),
    (b"Rar!\x1a\x07", 0, "a RAR archive"),
    (b"\x7fELF", 0, "an executable"),
)
_IMAGE_HINT = "scanned resume? run OCR first"
_OCR_IMAGES = frozenset({"a PNG image", "a JPEG image", "a TIFF image"})  # what OCR reads
_ZIP_KINDS = (
    ("xl/workbook.xml", "an Excel workbook (.xlsx)"),
    ("ppt/presentation.xml", "a PowerPoint presentation (.pptx)"),
    ("content.xml", "an OpenDocument file (.odt): convert to DOCX or PDF"),
    ("META-INF/container.xml", "an EPUB book"),
)
_BINARY_EXTENSIONS = {".pdf": "PDF", ".docx": "DOCX", ".docm": "DOCX", ".dotx": "DOCX"}
_MARKDOWN_EXTENSIONS = frozenset({".md", ".markdown", ".mdown", ".mkd"})
_HTML_EXTENSIONS = frozenset({".html", ".htm", ".xhtml"})
_HTML_START = re.compile(
    r"\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)[\s>]", re.I | re.S
)
_HTML_TAG = re.compile(
    r"<(?:p|div|span|br|li|ul|ol|h[1-6]|table|tr|td|strong|em|b|i|a|body|section)[\s>/]", re.I
)
_LATEX = re.compile(r"\\documentclass|\\begin\{document\}|^\s*\\section\*?\{", re.M)
_LATEX_WEAK = re.compile(r"\\(?:section|subsection|item|textbf|begin|emph|href)\b")
_MD_HEADING = re.compile(r"^ {0,3}#{1,6} \S", re.M)
_MD_OTHER = re.compile(
    r"\[[^\]\n]+\]\([^)\n]+\)|\*\*[^*\n]+\*\*|^ {0,3}(?:[-*+]|\d+\.) \S|^ {0,3}(?:=+|-+) *$|^ *\|.*\| *$",
    re.M,
)


def read_document(
    source: str | os.PathLike[str] | bytes,
    name: str | None = None,
    *,
    limits: Limits = DEFAULT_LIMITS,
) -> Document:
    """Read a file path or the bytes of a file into a :class:`Document`.

    ``name`` labels the document in messages and results (default: the path as given, or
    ``"<bytes>"``). The size limit is checked before the file is read.

    Raises :class:`DocumentError` (one of its subclasses) and nothing else for a bad document.
    """
    data, name = _load(source, name, limits)
    if not data:
        raise NoTextError(name, "empty file")
    label = "document"
    try:
        fmt, payload = sniff_format(data, name, limits)
        label = _LABEL[fmt]
        document = _READERS[fmt](data, payload, name, limits)
    except (DocumentError, MemoryError, ImportError):  # an import error is ours, not the file's
        raise
    except RecursionError as exc:
        raise CorruptDocumentError(name, f"{label} is nested too deeply to read") from exc
    except Exception as exc:  # an engine's own exception must not reach the caller
        raise CorruptDocumentError(
            name, f"{label} could not be parsed: {type(exc).__name__}"
        ) from exc
    if not document.lines:
        raise NoTextError(name, "no text")
    _check_text_size(len(document.text), name, limits)
    return document


def _check_text_size(chars: int, name: str, limits: Limits) -> None:
    if chars > limits.max_text_chars:
        raise TooLargeError(
            name, f"{chars:,} characters of text, limit {limits.max_text_chars:,}"
        )


def _load(
    source: str | os.PathLike[str] | bytes, name: str | None, limits: Limits
) -> tuple[bytes, str]:
    if isinstance(source, bytes | bytearray | memoryview):
        data = bytes(source)
        name = name or "<bytes>"
        if len(data) > limits.max_bytes:
            raise TooLargeError(name, f"{size(len(data))}, limit {size(limits.max_bytes)}")
        return data, name
    path = os.fsdecode(os.fspath(source))
    name = name or path
    try:
        # refuse what is no regular file before opening it: opening a FIFO waits for a writer,
        # and /dev/zero or /dev/urandom never end (their size says 0)
        kind = _special_file(os.stat(path).st_mode)
        if kind:
            raise DocumentError(name, f"cannot be read: {kind}, not a regular file")
        fd = os.open(path, _OPEN_FLAGS)  # no waiting, should a FIFO replace it since the stat
        with open(fd, "rb") as handle:
            st = os.fstat(fd)
            kind = _special_file(st.st_mode)
            if kind:
                raise DocumentError(name, f"cannot be read: {kind}, not a regular file")
            if st.st_size > limits.max_bytes:
                raise TooLargeError(name, f"{size(st.st_size)}, limit {size(limits.max_bytes)}")
            # as much as the stat says (a read of the size limit would reserve 20 MB at once),
            # then whatever it grew by since, up to the limit
            data = handle.read(st.st_size + 1)
            if len(data) > st.st_size:
                data += handle.read(limits.max_bytes + 1 - len(data))
    except OSError as exc:
        raise DocumentError(
            name, f"cannot be opened: {exc.strerror or type(exc).__name__}"
        ) from exc
    if len(data) > limits.max_bytes:  # grew since stat
        raise TooLargeError(name, f"over {size(limits.max_bytes)}, limit {size(limits.max_bytes)}")
    return data, name


# O_NONBLOCK: opening a FIFO must not wait for a writer (it is refused after fstat)
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)


def _special_file(mode: int) -> str | None:
    """What a file that is not a regular one is, for the message; None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a special file"


def sniff_format(
    data: bytes, name: str = "<bytes>", limits: Limits = DEFAULT_LIMITS
) -> tuple[Format, object]:
    """The format of ``data`` and what its reader needs (decoded text or parsed JSON, if any).

    Raises :class:`UnsupportedFormatError` for what is not a readable document, saying what it
    looks like, and :class:`CorruptDocumentError` when the name promises PDF or DOCX but the
    content is neither; :class:`TooLargeError` for a text format (plain, Markdown, LaTeX,
    JSON) longer than ``limits.max_text_chars``, before anything is parsed.
    """
    ext = PurePath(name).suffix.lower()
    if b"%PDF" in data[:1024]:
        return "pdf", None
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return _sniff_zip(data, name, ext), None
    if data.startswith(_OLE2):
        if "EncryptedPackage".encode("utf-16-le") in data:  # a password-protected DOCX
            raise EncryptedDocumentError(name, "encrypted with a password: cannot be read")
        raise UnsupportedFormatError(name, "legacy Word .doc: convert to DOCX or PDF")
    if data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{\\rtf"):
        return "rtf", None
    for magic, offset, what in _MAGIC:
        if data[offset : offset + len(magic)] == magic:
            hint = f": {_IMAGE_HINT}" if "image" in what else ""
            if what in _OCR_IMAGES:
                if limits.ocr == "never":
                    hint = ": scanned resume? OCR is turned off"
                elif limits.ocr_engine:
                    return "image", what
                else:
                    from scanner.documents.ocr import INSTALL_HINT

                    hint = f": scanned resume? {INSTALL_HINT}"
            raise UnsupportedFormatError(name, f"looks like {what}, not a document{hint}")
    if ext in _BINARY_EXTENSIONS:
        kind = _BINARY_EXTENSIONS[ext]
        reason = "no %PDF header" if kind == "PDF" else "not a zip archive"
        raise CorruptDocumentError(name, f"not a valid {kind} ({reason})")
    text = sniff_text(data)
    if text is None:
        raise UnsupportedFormatError(name, "looks like binary data, not a text document")
    head = text.lstrip("\ufeff \t\r\n")
    if head.startswith("{\\rtf"):
        return "rtf", None
    if head[:1] in ("{", "["):
        _check_text_size(len(text), name, limits)  # json.loads takes ~10x the text in objects
        try:
            obj = json.loads(text.lstrip("\ufeff"))
        except RecursionError as exc:
            raise CorruptDocumentError(name, "JSON is nested too deeply to read") from exc
        except ValueError as exc:
            if ext == ".json":
                raise CorruptDocumentError(
                    name, f"not valid JSON ({str(exc).split(':')[0]})"
                ) from exc
        else:
            if looks_like_json_resume(obj):
                return "json-resume", obj
            raise UnsupportedFormatError(
                name, "JSON but not a JSON Resume (no basics, work, education or certificates)"
            )
    sample = text[:65536]
    if _HTML_START.match(sample):
        return "html", None  # markup is not text: HTML is checked once read
    latex = _LATEX.search(sample) or (ext in (".tex", ".latex") and _LATEX_WEAK.search(sample))
    tags = len(_HTML_TAG.findall(sample))
    if not latex and ext not in _MARKDOWN_EXTENSIONS and (ext in _HTML_EXTENSIONS or tags >= 5):
        return "html", None
    _check_text_size(len(text), name, limits)
    if latex:
        return "latex", text
    if ext in _MARKDOWN_EXTENSIONS:
        return "markdown", text
    headings = len(_MD_HEADING.findall(sample))
    if headings >= 2 and headings + len(_MD_OTHER.findall(sample)) >= 4:
        return "markdown", text
    return "text", text


def _sniff_zip(data: bytes, name: str, ext: str) -> Format:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        if ext in _BINARY_EXTENSIONS:
            raise CorruptDocumentError(name, "not a valid DOCX (damaged zip archive)") from exc
        raise CorruptDocumentError(name, "damaged zip archive") from exc
    if "word/document.xml" in names:
        return "docx"
    for member, what in _ZIP_KINDS:
        if member in names:
            raise UnsupportedFormatError(name, f"looks like {what}, not a resume format we read")
    if _BINARY_EXTENSIONS.get(ext) == "DOCX":
        raise CorruptDocumentError(name, "not a valid DOCX (no word/document.xml)")
    raise UnsupportedFormatError(name, "looks like a zip archive, not a document")


def _reader(module: str, function: str) -> Callable[..., Document]:
    """A reader function, its module imported on first use."""
    return getattr(importlib.import_module(f"scanner.documents.{module}"), function)


_READERS: dict[Format, Callable[[bytes, object, str, Limits], Document]] = {
    "pdf": lambda data, _, name, limits: _reader("pdf", "read_pdf")(data, name, limits),
    "docx": lambda data, _, name, limits: _reader("docx", "read_docx")(data, name, limits),
    "text": lambda _, text, name, __: _reader("text", "read_text")(str(text), name),
    "markdown": lambda _, text, name, __: _reader("text", "read_markdown")(str(text), name),
    "html": lambda data, _, name, __: _reader("html", "read_html")(data, name),
    "latex": lambda _, text, name, __: _reader("latex", "read_latex")(str(text), name),
    "json-resume": lambda _, obj, name, __: _reader("json_resume", "read_json_resume")(obj, name),
    "rtf": lambda data, _, name, __: _reader("rtf", "read_rtf")(data, name),
    "image": lambda data, what, name, limits: _reader("ocr", "read_image")(data, name, limits, str(what)),
}
_LABEL: dict[Format, str] = {
    "pdf": "PDF",
    "docx": "DOCX",
    "text": "text",
    "markdown": "Markdown",
    "html": "HTML",
    "latex": "LaTeX",
    "json-resume": "JSON Resume",
    "rtf": "RTF",
    "image": "image",
}
