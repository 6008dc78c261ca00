"""Resource limits for reading one document, checked before the expensive work starts."""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass, field
from typing import Literal

MB = 1024 * 1024
OcrMode = Literal["auto", "always", "never"]
OCR_MODES: tuple[OcrMode, ...] = ("auto", "always", "never")


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

    OCR (Tesseract, see ``scanner.documents.ocr``): ``ocr`` is ``"auto"`` (read the text layer,
    OCR the pages without one and image files), ``"always"`` (OCR every page, text layer or
    not: for a text layer that is garbage) or ``"never"``. A page may take ``ocr_page_seconds``
    (rendering, orientation and recognition); a document has at most ``ocr_max_pages`` pages
    OCR'd, the rest are named in a warning. ``ocr_languages`` is Tesseract's ``-l``
    (``"eng+deu"``: each must be installed).

    ``ocr_engine`` is not set by the caller: it is the Tesseract found on ``PATH`` when the
    limits are made (empty when none, or when ``ocr`` is ``"never"``). Being a field, it is part
    of the results store's settings key and travels to batch workers with the limits, so a
    result read without Tesseract is read again once it is installed.
    """

    max_bytes: int = 20 * MB
    max_pages: int = 50
    max_unzipped_bytes: int = 50 * MB
    max_zip_ratio: float = 100.0
    max_text_chars: int = 500_000
    ocr: OcrMode = "auto"
    ocr_page_seconds: float = 15.0
    ocr_max_pages: int = 10
    ocr_languages: str = "eng"
    ocr_engine: str = field(default="", init=False)

    def __post_init__(self) -> None:
        if self.ocr not in OCR_MODES:
            raise ValueError(f"ocr must be one of {', '.join(OCR_MODES)}, not {self.ocr!r}")
        if not self.ocr_page_seconds > 0:
            raise ValueError(f"ocr_page_seconds must be above 0, not {self.ocr_page_seconds!r}")
        if self.ocr_max_pages < 0:
            raise ValueError(f"ocr_max_pages must be 0 or more, not {self.ocr_max_pages!r}")
        if not _LANGUAGES.fullmatch(self.ocr_languages):
            raise ValueError(f"ocr_languages must be Tesseract language names joined by '+' "
                             f"(eng, eng+deu), not {self.ocr_languages!r}")
        engine = "" if self.ocr == "never" else shutil.which("tesseract") or ""
        object.__setattr__(self, "ocr_engine", engine)


_LANGUAGES = re.compile(r"[A-Za-z0-9_]+(?:\+[A-Za-z0-9_]+)*")

DEFAULT_LIMITS = Limits()


def size(n: int) -> str:
    """A byte count for messages: "312 KB", "25.3 MB"."""
    if n >= MB:
        return f"{n / MB:.1f} MB".replace(".0 MB", " MB")
    return f"{max(1, round(n / 1024))} KB"
