"""The one shape every reader produces: lines that remember where they came from.

Every later stage points its evidence at ``(page, line)``, so a reader's only job is to produce
lines in reading order with their page; offsets into ``Document.text`` come for free.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

Format = Literal["pdf", "docx", "text", "markdown", "html", "latex", "json-resume", "rtf", "image"]
LineKind = Literal["text", "heading", "item", "cell"]


def invisible(c: str) -> bool:
    """A character normalisation drops: format and control characters other than whitespace."""
    return unicodedata.category(c) in ("Cf", "Cc") and not c.isspace()


@dataclass(frozen=True, slots=True)
class OcrText:
    """How OCR read a line: Tesseract's confidence (0-100) in the line's words.

    ``words`` holds each word as ``(start, end, confidence)``, offsets in the line's raw text
    (``Line.raw``, or ``Line.text`` when that is None); ``confidence`` is their mean.
    """

    confidence: float
    words: tuple[tuple[int, int, float], ...] = ()

    def span_confidence(self, start: int, end: int) -> float:
        """The mean confidence of the words overlapping the raw span ``[start, end)`` (the
        line's when none does)."""
        confs = [c for s, e, c in self.words if s < end and e > start]
        return sum(confs) / len(confs) if confs else self.confidence


@dataclass(frozen=True, slots=True)
class Line:
    """One line of normalised text.

    ``number`` is the line a person finds it at, 1-based: in a plain-text or Markdown file the
    line of the file as a text editor numbers it (blank lines, stripped markup and front matter
    included: line breaks are LF, CRLF and CR; a form feed or another Unicode break splits the
    text without starting an editor's line, so two lines can share a number); in HTML and
    LaTeX the source line where the line's first text starts (for text a LaTeX macro produces:
    where it is called; for HTML as far as the parser tells); in a PDF the line on its page as
    read, top to bottom (text lines only: blank space is not counted); in formats whose source
    lines mean nothing to a reader (DOCX, RTF, JSON Resume) the position among the document's
    non-empty lines as credscan reads them (``credscan extract`` prints them), which for DOCX is
    about one per paragraph, table row or text-box line. ``index`` is the 0-based
    position in ``Document.lines``. ``start``/``end`` are offsets in ``Document.text``.
    ``raw`` is the text before normalisation and ``raw_offsets`` maps each normalised character
    to its offset in ``raw`` (``None`` when normalisation changed nothing). ``ocr`` is set on
    a line read by OCR from a page image (``None`` for a text layer or a text format).
    """

    text: str
    page: int
    number: int
    index: int
    start: int
    end: int
    kind: LineKind = "text"
    raw: str | None = None
    # derived from raw and text; out of equality and hashing (an array is not hashable)
    raw_offsets: Sequence[int] | None = field(default=None, compare=False)
    ocr: OcrText | None = None

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """Map a ``[start, end)`` span of ``text`` back to ``raw``.

        The end extends over combining marks that normalisation composed into the last character
        (and invisible format or control characters among them).
        """
        if self.raw_offsets is None:
            return start, end
        offs = self.raw_offsets
        raw = self.raw or ""
        s = offs[start] if start < len(offs) else len(raw)
        e = offs[end - 1] + 1 if 0 < end <= len(offs) else s
        while e < len(raw) and (unicodedata.combining(raw[e]) or invisible(raw[e])):
            e += 1
        return s, e

    def ocr_confidence(self, start: int, end: int) -> float | None:
        """OCR's confidence (0-100) in the words of the ``[start, end)`` span of ``text``, or
        ``None`` when the line was not read by OCR."""
        if self.ocr is None:
            return None
        return self.ocr.span_confidence(*self.raw_span(start, end))


@dataclass(frozen=True, slots=True)
class Document:
    """A read document: its lines in reading order, page count, format and reader warnings."""

    name: str
    format: Format
    lines: tuple[Line, ...]
    pages: int = 1
    warnings: tuple[str, ...] = ()
    text: str = field(default="", repr=False)

    @classmethod
    def build(
        cls,
        name: str,
        format: Format,
        rows: Iterable[
            tuple[int, str, LineKind]
            | tuple[int, str, LineKind, str | None, Sequence[int] | None]
            | tuple[int, str, LineKind, str | None, Sequence[int] | None, int]
            | tuple[int, str, LineKind, str | None, Sequence[int] | None, int, OcrText | None]
        ],
        pages: int = 1,
        warnings: Iterable[str] = (),
    ) -> Document:
        """Assemble a document from ``(page, text, kind[, raw, raw_offsets[, number[, ocr]]])``
        rows.

        Empty rows are dropped. A row's ``number`` (> 0) is its line number as the reader knows
        it from the source; rows without one are numbered by counting, restarting on each page.
        ``ocr`` marks a line read by OCR (:class:`OcrText`).
        """
        lines: list[Line] = []
        texts: list[str] = []
        offset = 0
        number = 0
        current_page = 0
        for row in rows:
            page, text, kind = row[0], row[1], row[2]
            if not text:
                continue
            if page != current_page:
                current_page, number = page, 0
            number += 1
            size = len(row)
            source_number = row[5] if size > 5 else 0  # type: ignore[misc]
            end = offset + len(text)
            raw = row[3] if size > 3 else None
            if raw == text:
                raw = raw_offsets = None
            else:
                raw_offsets = row[4] if size > 4 else None
            # positional arguments: a frozen dataclass takes them faster than keywords
            lines.append(Line(text, page, source_number or number, len(lines), offset, end, kind,
                              raw, raw_offsets, row[6] if size > 6 else None))  # type: ignore[misc]
            texts.append(text)
            offset = end + 1
        return cls(
            name=name,
            format=format,
            lines=tuple(lines),
            pages=pages,
            warnings=tuple(warnings),
            text="\n".join(texts),
        )

