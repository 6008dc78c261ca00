"""Resource limits for reading one document, checked before the expensive work starts."""

from __future__ import annotations

from dataclasses import dataclass

MB = 1024 * 1024


@dataclass(frozen=True, slots=True)
class Limits:
    """How much a single document may cost.

    ``max_bytes`` is checked before anything is read or parsed, ``max_pages`` before a PDF's text
    is extracted, and the zip limits against a DOCX's declared member sizes before anything is
    inflated (``zipfile`` never yields more than a member declares); ``max_zip_ratio`` only for
    members over 10 MB inflated (``docx.RATIO_FLOOR``), as ordinary Word XML compresses well.

    ``max_text_chars`` bounds the text a document may hold. A long resume is 20,000 characters
    and 50 dense PDF pages 300,000; past that a file is no resume or posting (a log, a book, a
    data dump), and analysing it costs memory and time in proportion (the pipeline holds about
    25 bytes per character it analyses, its tokenizer's work grows faster than the length of
    one line). A text file is checked as soon as it is decoded, before it is split into lines;
    other formats once read.
    """

    max_bytes: int = 20 * MB
    max_pages: int = 50
    max_unzipped_bytes: int = 50 * MB
    max_zip_ratio: float = 100.0
    max_text_chars: int = 500_000


DEFAULT_LIMITS = Limits()


def size(n: int) -> str:
    """A byte count for messages: "312 KB", "25.3 MB"."""
    if n >= MB:
        return f"{n / MB:.1f} MB".replace(".0 MB", " MB")
    return f"{max(1, round(n / 1024))} KB"
