"""PDF with pypdfium2, in reading order found from geometry.

pdfium returns text in content-stream order, which interleaves the columns of a two-column
resume whenever the writer drew it row by row across the page (pdfplumber sorts top-to-bottom
and interleaves too). So each page is read from its runs of text (words close together on one
line, with their boxes): a vertical gutter that no run crosses, over most of the page's text height and
with lines of text on both sides, splits the page into columns (recursively, XY-cut style); each
column is then grouped into lines by vertical overlap and read left to right. A page without
such a gutter reads top to bottom, as the content stream of a simple document does.

Where pdfium's text is wrong, the glyphs themselves are asked (:class:`_Glyphs`): spaces it
lost between words drawn as separate objects, spaces it put between the letters of a
letter-spaced heading, ligature glyphs it could not map, icons. Columns tolerate a narrow
gutter (half a line height) and a line that runs on into a gap of the other column; a word
hyphenated at the end of its cell keeps its continuation on the next line (:func:`_hyphen_cells`).

This costs two pdfium calls per word and one per run, not per character (characters are
looked at one by one only where a word is drawn in pieces or a heading is letter-spaced): the
whole read, normalised lines included, costs 1.4-1.9 times (median 1.6) plain
``get_text_range`` on the benchmark corpus (see ``bench/read_speed.py``) and far below
pdfplumber.
"""

from __future__ import annotations

import ctypes
import functools
import itertools
import operator
import re
import struct
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from scanner.documents.errors import (
    CorruptDocumentError,
    EncryptedDocumentError,
    NoTextError,
    TooLargeError,
)
from scanner.documents.limits import Limits
from scanner.documents.model import Document
from scanner.documents.normalize import BULLETS, Row, normalize_line
from scanner.documents.text import join_surrogates, unstyled_row

MAX_WORD_GAP = 0.5  # in line heights: a wider gap between words starts a new run (a gutter)
MIN_COLUMN_LINES = 3  # lines needed on each side of a gutter
MIN_ZONE_SHARE = 0.5  # a gutter must run down this share of the region's text height
MIN_SIDE_SHARE = 0.3  # each column must run down this share of the band
MAX_LINE_GAP = 3.0  # in line heights: a column flows; right-aligned dates do not
MAX_DEPTH = 4
MAX_FLOW = 2.0  # in line heights: lines of a column further apart than this do not flow
CELL_GAP = 1.0  # in line heights: runs of one line this far apart are separate cells
MIN_COLUMN_WIDTH = 2.0  # in line heights: the median line of a column is at least this wide
MIN_GUTTER = 0.5  # in line heights: the narrowest gutter between columns (6 pt at 10-12 pt)

NO_TEXT_HINT = "scanned image? run OCR first"


@dataclass(slots=True)
class Run:
    """A run of text on one line, with its box in PDF units (y grows upwards).

    ``middle`` and ``y_key`` are computed once, as the layout code sorts and compares the same
    runs many times over (every candidate column of a page is grouped into lines).
    """

    left: float
    bottom: float
    right: float
    top: float
    text: str
    middle: float = field(init=False, repr=False)
    y_key: tuple[float, float] = field(init=False, repr=False)  # reading order: down, then right

    def __post_init__(self) -> None:
        self.middle = (self.bottom + self.top) / 2
        self.y_key = (-self.middle, self.left)


_Y_KEY = operator.attrgetter("y_key")
_LEFT = operator.attrgetter("left")


def read_pdf(data: bytes, name: str, limits: Limits) -> Document:
    """Read every page; a page without text becomes a warning, a document without any an error.

    With OCR (``limits.ocr``, see :mod:`scanner.documents.ocr`) a page without a text layer, or
    with only a few words of one over a page-sized image (a scanner app's stamp), is read by OCR
    instead; with ``"always"`` every page is, up to ``limits.ocr_max_pages``.
    """
    rows: list[Row] = []
    warnings: list[str] = []
    engine = limits.ocr_engine if limits.ocr != "never" else ""
    read: dict = {}  # page number -> what OCR made of it
    thin: list[int] = []  # pages OCR'd over a few words of text layer
    unread: list[int] = []  # pages without text left unread past the OCR page cap
    with _open(data, name) as pdf:
        count = len(pdf)
        if count > limits.max_pages:
            raise TooLargeError(name, f"{count} pages, limit {limits.max_pages}")
        for index in range(count):
            every = limits.ocr == "always" and engine and len(read) < limits.ocr_max_pages
            lines = [] if every else _page_lines(pdf, index, name)
            if engine and (every or _scanned(pdf, index, lines)):
                if len(read) < limits.ocr_max_pages:
                    page = _ocr_page(pdf, index, name, limits)
                    read[index + 1] = page
                    if page.rows:
                        rows.extend(page.rows)
                        if lines:
                            thin.append(index + 1)
                        continue
                    if every:  # OCR read nothing: the text layer, if any, after all
                        lines = _page_lines(pdf, index, name)
                elif not lines:
                    unread.append(index + 1)
            if not lines:
                if not engine:
                    warnings.append(f"page {index + 1} has no text layer: {NO_TEXT_HINT}")
                continue
            rows.extend(unstyled_row(index + 1, text) for text in lines)
    if engine:
        from scanner.documents.ocr import ocr_notes

        warnings.extend(ocr_notes(read, unread, limits, thin=thin))
    elif limits.ocr != "never" and len(warnings) and rows:
        warnings.append(_install_hint())
    if not rows:
        if count == 0:
            raise CorruptDocumentError(name, "PDF has no pages")
        if engine:
            from scanner.documents.ocr import failure

            problems = [p.problem for p in read.values() if p.problem]
            why = failure(problems[0]) if problems else "OCR found no text"
            raise NoTextError(name, f"no text layer on any page, and {why}")
        hint = f"; {_install_hint()}" if limits.ocr != "never" else ""
        raise NoTextError(name, f"no text layer on any page: {NO_TEXT_HINT}{hint}")
    return Document.build(name, "pdf", rows, pages=count, warnings=warnings)


def _install_hint() -> str:
    from scanner.documents.ocr import INSTALL_HINT

    return INSTALL_HINT


def _scanned(pdf: pdfium.PdfDocument, index: int, lines: list[str]) -> bool:
    """A page to OCR: no text layer, or a thin one over a page-sized image."""
    if not lines:
        return True
    from scanner.documents.ocr import THIN_TEXT_CHARS, mostly_image

    if sum(len(line) for line in lines) >= THIN_TEXT_CHARS:
        return False
    page = pdf[index]
    try:
        return mostly_image(page)
    finally:
        page.close()


def _ocr_page(pdf: pdfium.PdfDocument, index: int, name: str, limits: Limits):
    from scanner.documents.ocr import read_page_image, render_pdf_page

    try:
        page = pdf[index]
    except pdfium.PdfiumError as exc:
        raise CorruptDocumentError(name, f"page {index + 1} could not be read") from exc
    try:
        image, dpi = render_pdf_page(page)
    finally:
        page.close()
    return read_page_image(image, index + 1, limits, dpi)


@contextmanager
def _open(data: bytes, name: str) -> Iterator[pdfium.PdfDocument]:
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        code = getattr(exc, "err_code", None)
        if code == pdfium_c.FPDF_ERR_PASSWORD:
            raise EncryptedDocumentError(name, "encrypted with a password: cannot be read") from exc
        if code == pdfium_c.FPDF_ERR_SECURITY:
            raise EncryptedDocumentError(
                name, "encrypted with an unsupported scheme: cannot be read"
            ) from exc
        raise CorruptDocumentError(name, "not a valid PDF (damaged or truncated)") from exc
    try:
        yield pdf
    finally:
        pdf.close()


def _page_lines(pdf: pdfium.PdfDocument, index: int, name: str) -> list[str]:
    """The page's lines in reading order."""
    try:
        page = pdf[index]
    except pdfium.PdfiumError as exc:
        raise CorruptDocumentError(name, f"page {index + 1} could not be read") from exc
    try:
        textpage = page.get_textpage()
        try:
            runs = _runs(textpage)
        finally:
            textpage.close()
    finally:
        page.close()
    return [_join(line) for line in reading_order(runs)]


def _runs(textpage: pdfium.PdfTextPage) -> list[Run]:
    """The page's runs: words of the character stream, merged while they sit close on one line.

    The text comes from the characters themselves, never from an area of the page: asking
    pdfium for the text inside a rectangle also returns any glyph of the next line whose box
    overlaps it (accents, descenders, tight leading). Boxes are fetched for each word's first
    and last character only, which keeps this cheaper than pypdfium2's per-rectangle text.
    The loop runs once per word, so it is written for speed: ``min`` and ``max`` as
    conditionals, boxes through :data:`_LOOSE_BOX` (no ctypes argument conversion) and read
    with one ``struct`` unpack instead of four ctypes field reads.

    Words are mended from geometry where pdfium's text is wrong (see :class:`_Glyphs`): a word
    drawn as several text objects is looked at character by character for the gap of a lost
    space, a letter-spaced heading loses the spaces pdfium put between its letters, an
    unmapped ligature glyph becomes its letters and icons become spaces.
    """
    handle = textpage.raw
    count = pdfium_c.FPDFText_CountChars(handle)
    if count <= 0:
        return []
    glyphs = _Glyphs(handle, _page_text(textpage, count))
    text = glyphs.text
    edits = glyphs.edits
    rect = pdfium_c.FS_RECTF()
    rect_ref = ctypes.byref(rect)
    loose_box = _LOOSE_BOX
    count_rects = _COUNT_RECTS
    unpack = _RECT.unpack_from
    find = text.find
    # Without pdfium's hyphen marks, words are just what ``\S+`` finds (faster than ``_WORD``);
    # without surrogates on the page, no run needs them joined (``str`` keeps a text as it is).
    words = _WORD if "\ufffe" in text or "\x02" in text else _NON_SPACE
    join = join_surrogates if join_surrogates(text) is not text else str

    def cut(start: int, end: int) -> str:
        """The run's text; a run drawn in several text objects is checked for lost spaces
        word by word (``CountRects`` counts the objects a stretch of characters spans)."""
        if end - start > 1 and count_rects(handle, start, end - start) > 1:
            for ws, we in map(_SPAN, words.finditer(text, start, end)):
                if we - ws > 1 and count_rects(handle, ws, we - ws) > 1:
                    glyphs.lost_spaces(ws, we)
        if edits and any(start <= i < end for i in edits):
            return join("".join([edits.get(i, text[i]) for i in range(start, end)]))
        return join(text[start:end])

    runs: list[Run] = []
    start = end = -1
    left = bottom = right = top = 0.0
    for ws, we in map(_SPAN, words.finditer(text)):
        if not loose_box(handle, ws, rect_ref):
            continue
        wl, wt, wr, wb = unpack(rect)
        if we - ws > 1:
            if not loose_box(handle, we - 1, rect_ref):
                continue
            ll, lt, lr, lb = unpack(rect)
            if ll == wl and lr == wr and glyphs.icon(ws, we):  # one glyph: an icon font's ligature?
                continue
            if lr > wr:
                wr = lr
            # Usually the last character spans the first one's height: then (unless the box is
            # upside down) the checks below can neither split the word nor grow its box.
            if lt != wt or lb != wb or wt < wb:
                overlap = (lt if lt < wt else wt) - (lb if lb > wb else wb)
                shorter = lt - lb if lt - lb < wt - wb else wt - wb
                if overlap < 0.5 * shorter:  # pdfium joined lines
                    if start >= 0:
                        runs.append(Run(left, bottom, right, top, cut(start, end)))
                    runs.extend(_split_word(textpage, text, ws, we))
                    start = -1
                    continue
                if lb < wb:
                    wb = lb
                if lt > wt:
                    wt = lt
        elif wr - wl > 0 and text[ws] not in _COMMON and glyphs.icon(ws, we):
            continue
        if start >= 0:
            height = top - bottom
            overlap = (wt if wt < top else top) - (wb if wb > bottom else bottom)
            if (
                overlap >= 0.5 * (wt - wb if wt - wb < height else height)
                and -0.5 * height <= wl - right <= MAX_WORD_GAP * height
                and (
                    (ws == end + 1 and text[end] == " ")  # the usual gap: no line break
                    or (find("\n", end, ws) < 0 and find("\r", end, ws) < 0)
                )
                and text[end - 1] not in _HYPHENS
            ):
                end = we
                if wr > right:
                    right = wr
                if wb < bottom:
                    bottom = wb
                if wt > top:
                    top = wt
                continue
            runs.append(Run(left, bottom, right, top, cut(start, end)))
        start, end, left, bottom, right, top = ws, we, wl, wb, wr, wt
    if start >= 0:
        runs.append(Run(left, bottom, right, top, cut(start, end)))
    return runs


# pypdfium2 declares ``argtypes`` for every function, so each call converts its arguments through
# ``from_param``: half the cost of a call, and ``_runs`` makes two per word. The same C function
# through a prototype without ``argtypes`` takes the arguments as given, so callers must pass
# exactly a textpage handle, an ``int`` index and ``ctypes.byref`` of an ``FS_RECTF``.
_LOOSE_BOX = ctypes.CFUNCTYPE(ctypes.c_int)(
    ctypes.cast(pdfium_c.FPDFText_GetLooseCharBox, ctypes.c_void_p).value
)
_RECT = struct.Struct("4f")  # FS_RECTF's fields in order: left, top, right, bottom

_WORD = re.compile(r"[^\s\ufffe\x02]+[\ufffe\x02]?|[\ufffe\x02]")
_NON_SPACE = re.compile(r"\S+")
_SPAN = re.Match.span
_START = re.Match.start
_HYPHENS = "\ufffe\x02"  # pdfium's marks for a hyphen at the end of a line

_COUNT_RECTS = ctypes.CFUNCTYPE(ctypes.c_int)(
    ctypes.cast(pdfium_c.FPDFText_CountRects, ctypes.c_void_p).value
)

SPACE_GAP = 0.1  # in font sizes: a wider gap between glyphs is a space (pdftotext's rule)
TRACKING_SLACK = 0.15  # in font sizes: how far a letter-spaced heading's gaps may vary

# Characters pdfium gives for a glyph it cannot map to Unicode: U+FFFE or NUL (code 0 or a
# ToUnicode entry of 0), or the character code itself (a control character for the small
# codes a subset font gives its extra glyphs); private-use characters (icons, BMP and the
# supplementary planes as surrogates); a non-ASCII character inside a word (a large character
# code standing for itself). Everything else on a page is taken as it is.
_SUSPECT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\ue000-\uf8ff\udb80-\udbff]")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_ASCII_LETTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
# A run of one- and two-letter tokens with single spaces between them: a letter-spaced
# heading as pdfium reads it ("D A T A  S C I E N C E", "C E R T IF I C A T I O N S").
_SPACED = re.compile(r"(?<!\S)[^\W\d_]{1,2}(?: {1,3}[^\W\d_]{1,2}(?!\S)){3,}")
_MAYBE_SPACED = re.compile(r" [^\W\d_] [^\W\d_]{1,2} ")  # a quick look before ``_SPACED``
_ICON_FONT = re.compile(
    r"awesome|icomoon|material.?(?:icons|symbols)|glyphicons|ionicons|feather|octicons|"
    r"academicons|entypo|fontello|typicons|linearicons|simple.?line.?icons|remixicon|"
    r"bootstrap.?icons|boxicons|lineicons|tabler.?icons|phosphor|icofont|themify|dashicons|"
    r"wingdings|webdings|^fa-|\bfa[0-9]?-(?:solid|regular|brands)",
    re.IGNORECASE,
)
_COMMON = frozenset("-|&/+,.:;•·–—()[]*'\"0123456789")  # one-character words never icons
_DEFAULT_WIDTHS = (0.3, 0.25, 0.25)  # f, i, l in font sizes, for a font that cannot tell
# U+FB00-FB04: normalisation expands them into their letters, and the raw line keeps one
# character for the one glyph, so offsets stay right.
_LIGATURES = {"ff": "\ufb00", "fi": "\ufb01", "fl": "\ufb02", "ffi": "\ufb03", "ffl": "\ufb04"}


def _mapped(handle: object, c: str, index: int) -> bool:
    """Whether pdfium's ``c`` at ``index`` is what the file says: its own line-end hyphen mark,
    or a non-ASCII character the font maps (pdfium does not flag the others as unmapped)."""
    if c in _HYPHENS:
        return bool(pdfium_c.FPDFText_IsHyphen(handle, index))
    return c > "\x9f" and c != "\ufffe" and not pdfium_c.FPDFText_HasUnicodeMapError(handle, index)


@functools.cache
def _is_bullet(c: str) -> bool:
    """A private-use character that normalisation reads as a bullet (Symbol, Wingdings)."""
    return normalize_line(c)[0] in BULLETS


class _Glyphs:
    """A page's text mended from its glyphs, where pdfium's text is wrong.

    * **Unmapped ligatures.** A ligature glyph without a ToUnicode entry comes out of pdfium as
      U+FFFE/NUL or as its character code (a control character the normaliser drops:
      "Microsoft Oce"). pypdfium2 exposes neither the glyph's name nor its code's glyph, so
      the ligature is told from its advance width against the font's own "f", "i" and "l"
      (three letters or two) and from the letter after it ("fi" before most consonants, "fl"
      before a vowel, "ffl" before a vowel other than "i"; width decides "ff" where it is
      clear). Where the letters could be either ("fi"/"fl" have the same width in most fonts,
      "fled" reads "fied") the guess can be wrong; a glyph whose character code is a printable
      ASCII letter (a small subset font's code standing for itself) is not noticed at all.
    * **Icons.** Private-use characters (U+E000-U+F8FF and planes 15-16) become spaces, except
      the Symbol/Wingdings bullets the normaliser knows; so do glyphs of an icon font
      (FontAwesome, icomoon, Material Icons, ... by the font's name), checked for one-glyph
      words only, which is what icons are.
    * **Lost spaces.** pdfium puts a space between two text objects only past a gap of about
      0.14-0.21 em; a word drawn in several objects is looked at glyph by glyph and a gap wider
      than ``SPACE_GAP`` of the font size beyond the word's usual gap becomes a space, as
      pdftotext does. A gap inside one ``TJ`` array narrower than half the font's space width
      (pdfium's rule there) is not seen: that would cost a box per character on every page.
    * **Letter-spaced headings.** Where pdfium put spaces of its own between the letters of a
      heading set with wide tracking, the spaces whose gap is the heading's letter gap go and
      the wider ones (between words) stay. Spaces written in the file are never removed.

    ``text`` is the page's text with the same length (ligatures become U+FB00-FB04, icons
    spaces); ``edits`` maps a character index to the text read in its place.
    """

    def __init__(self, handle: object, text: str) -> None:
        self.handle = handle
        self.edits: dict[int, str] = {}
        self._fonts: dict[bytes, bool] = {}
        self._widths: dict[int, tuple[float, float, float]] = {}
        self._rect = pdfium_c.FS_RECTF()
        self._rect_ref = ctypes.byref(self._rect)
        self._name = ctypes.create_string_buffer(128)
        suspects = [m.start() for m in _SUSPECT.finditer(text)]
        if not text.isascii():  # a large character code standing for itself, inside a word
            last = len(text) - 1
            suspects.extend(
                i
                for i in map(_START, _NON_ASCII.finditer(text))
                if 0 < i < last
                and text[i - 1] in _ASCII_LETTERS
                and text[i + 1] in _ASCII_LETTERS
                and text[i + 1].islower()
                and not _SUSPECT.match(text[i])
            )
        if suspects:
            text = self._mend(text, sorted(suspects))
        self.text = text
        if _MAYBE_SPACED.search(text):
            for m in _SPACED.finditer(text):
                self._letter_spacing(m.start(), m.end())

    def _box(self, index: int) -> tuple[float, float, float, float] | None:
        """The character's loose box: left, top, right, bottom."""
        if not _LOOSE_BOX(self.handle, index, self._rect_ref):
            return None
        return _RECT.unpack_from(self._rect)

    def _mend(self, text: str, suspects: list[int]) -> str:
        chars: list[str] | None = None
        handle = self.handle
        for i in suspects:
            c = text[i]
            if "\udb80" <= c <= "\udbff":  # planes 15-16: private use, as a surrogate pair
                if i + 1 < len(text) and "\udc00" <= text[i + 1] <= "\udfff":
                    chars = chars or list(text)
                    chars[i] = chars[i + 1] = " "
                continue
            if "\ue000" <= c <= "\uf8ff":
                if _is_bullet(c):
                    continue
                inside = 0 < i < len(text) - 1 and text[i - 1].isalpha() and text[i + 1].isalpha()
                replace = (self._ligature(text, i) if inside else None) or " "
            elif _mapped(handle, c, i):
                continue
            else:
                replace = self._ligature(text, i)
                if replace is None:
                    continue
            chars = chars or list(text)
            chars[i] = replace
        return "".join(chars) if chars else text

    def _ligature(self, text: str, i: int) -> str | None:
        """The ligature the glyph at ``i`` most likely is, or ``None`` if it is none."""
        before = text[i - 1] if i else " "
        after = text[i + 1] if i + 1 < len(text) else " "
        if not (before.isalpha() or after.isalpha()) or (after.isupper() and after.isalpha()):
            return None
        box = self._box(i)
        if box is None:
            return None
        left, top, right, bottom = box
        size = top - bottom
        if size <= 0 or right <= left:
            return None
        width = (right - left) / size
        f, i_width, l_width = self._font_widths(i)
        if not 0.7 * (f + min(i_width, l_width)) <= width <= 1.4 * (2 * f + l_width):
            return None
        next_letter = after.lower() if after.isalpha() else ""
        if width > 1.5 * f + i_width:
            return _LIGATURES["ffl" if next_letter and next_letter in "aeouy" else "ffi"]
        second = text[i + 2].lower() if i + 2 < len(text) else ""
        if next_letter and next_letter in "bcdghjkmnpqrtvwxzl":
            return _LIGATURES["fi"]
        if next_letter in ("i", "o", "a", "u", "y") or (next_letter == "e" and second in "xcew"):
            other = "fl"
        else:
            other = "fi"  # before "e" (field, certified), "s", or at the end of a word
        x_width = l_width if other == "fl" else i_width
        to_ff, to_other = abs(width - 2 * f), abs(width - f - x_width)
        if not next_letter:  # off, staff
            return _LIGATURES["fi" if to_other + 0.02 < to_ff else "ff"]
        return _LIGATURES["ff" if to_ff + 0.02 < to_other else other]

    def _font_widths(self, index: int) -> tuple[float, float, float]:
        """Advance widths of "f", "i" and "l" in the font of character ``index``, in font sizes."""
        obj = pdfium_c.FPDFText_GetTextObject(self.handle, index)
        font = pdfium_c.FPDFTextObj_GetFont(obj) if obj else None
        key = ctypes.cast(font, ctypes.c_void_p).value if font else None
        if key is None:
            return _DEFAULT_WIDTHS
        widths = self._widths.get(key)
        if widths is None:
            width = ctypes.c_float()
            found = []
            for letter, default in zip("fil", _DEFAULT_WIDTHS, strict=True):
                ok = pdfium_c.FPDFFont_GetGlyphWidth(font, ord(letter), 1.0, ctypes.byref(width))
                found.append(width.value if ok and width.value > 0 else default)
            widths = self._widths[key] = (found[0], found[1], found[2])
        return widths

    def icon(self, start: int, end: int) -> bool:
        """Whether the word at ``start:end`` is drawn in an icon font; if so it reads as spaces."""
        buffer = self._name
        size = len(buffer)
        length = pdfium_c.FPDFText_GetFontInfo(self.handle, start, buffer, size, None)
        name = buffer.raw[: max(0, min(length, size) - 1)]
        found = self._fonts.get(name)
        if found is None:
            found = self._fonts[name] = bool(
                _ICON_FONT.search(name.decode("latin-1").split("+")[-1])
            )
        if found:
            for i in range(start, end):
                self.edits[i] = " "
        return found

    def lost_spaces(self, start: int, end: int) -> None:
        """Spaces for the gaps of a word drawn in several pieces (see the class docstring)."""
        gaps: list[tuple[float, int, float]] = []
        reach: float | None = None
        for i in range(start, end):
            box = self._box(i)
            if box is None:
                continue
            left, top, right, bottom = box
            if right <= left:  # a mark without advance
                continue
            if reach is not None:
                gaps.append((left - reach, i, top - bottom))
            reach = right if reach is None or right > reach else reach
        if not gaps:
            return
        usual = max(0.0, _median([gap for gap, _, _ in gaps]))
        text = self.text
        for gap, i, size in gaps:
            if gap - usual > SPACE_GAP * size and not text[i - 1].isspace():
                self.edits[i] = " " + text[i]

    def _letter_spacing(self, start: int, end: int) -> None:
        """Drop the spaces pdfium put between the letters of a letter-spaced heading."""
        text = self.text
        tokens = text[start:end].split()
        if sum(len(token) == 1 for token in tokens) * 2 < len(tokens):
            return
        letters: list[tuple[int, float, float, float]] = []  # index, left, right, size
        line_top = line_bottom = 0.0
        for i in range(start, end):
            if text[i].isspace():
                continue
            box = self._box(i)
            if box is None:
                return
            left, top, right, bottom = box
            if letters and _overlap(line_bottom, line_top, bottom, top) < 0.5:
                return  # not one line
            line_top, line_bottom = top, bottom
            letters.append((i, left, right, top - bottom))
        inner: list[float] = []
        between: list[tuple[float, range]] = []
        size = _median([letter[3] for letter in letters])
        if size <= 0:
            return
        for (a, _, a_right, _), (b, b_left, _, _) in itertools.pairwise(letters):
            gap = (b_left - a_right) / size
            if b == a + 1:
                inner.append(gap)
            elif all(pdfium_c.FPDFText_IsGenerated(self.handle, k) for k in range(a + 1, b)):
                between.append((gap, range(a + 1, b)))
        if not between:
            return
        tracking = min(gap for gap, _ in between)
        if not 0.05 <= tracking <= 0.8:
            return
        if any(abs(gap - tracking) > TRACKING_SLACK for gap in inner):
            return  # letters set close together: words, not a letter-spaced heading
        for gap, spaces in between:
            if gap <= tracking + TRACKING_SLACK:
                for k in spaces:
                    self.edits[k] = ""


def _page_text(textpage: pdfium.PdfTextPage, count: int) -> str:
    """The page's characters, one per character index (pdfium's text can skip or add some)."""
    text = textpage.get_text_range()
    handle = textpage.raw
    if (
        len(text) == count
        and pdfium_c.FPDFText_GetTextIndexFromCharIndex(handle, count - 1) == count - 1
    ):
        return text
    unicode = pdfium_c.FPDFText_GetUnicode
    return "".join(chr(min(unicode(handle, i), 0x10FFFF)) for i in range(count))


def _split_word(textpage: pdfium.PdfTextPage, text: str, start: int, end: int) -> list[Run]:
    """Per-character runs for a word that spans lines (rare: pdfium joined them itself); the
    word's characters are read as pdfium gives them, without :class:`_Glyphs`' edits."""
    rect = pdfium_c.FS_RECTF()
    runs: list[Run] = []
    for i in range(start, end):
        if not pdfium_c.FPDFText_GetLooseCharBox(textpage.raw, i, rect):
            continue
        if runs and _overlap(runs[-1].bottom, runs[-1].top, rect.bottom, rect.top) >= 0.5:
            last = runs[-1]
            runs[-1] = Run(last.left, min(last.bottom, rect.bottom), max(last.right, rect.right),
                           max(last.top, rect.top), last.text + text[i])  # fmt: skip
        else:
            runs.append(Run(rect.left, rect.bottom, rect.right, rect.top, text[i]))
    return [Run(r.left, r.bottom, r.right, r.top, join_surrogates(r.text)) for r in runs]


def _overlap(bottom: float, top: float, other_bottom: float, other_top: float) -> float:
    """Vertical overlap as a share of the lower of the two heights."""
    height = min(top - bottom, other_top - other_bottom)
    if height <= 0:
        return 1.0 if bottom <= other_bottom <= top or other_bottom <= bottom <= other_top else 0.0
    return (min(top, other_top) - max(bottom, other_bottom)) / height


def reading_order(runs: list[Run]) -> list[list[Run]]:
    """Runs grouped into lines in reading order, columns found from geometry: what a page's
    runs become here, and what OCR's words become (:mod:`scanner.documents.ocr`), so a scan
    reads in the order its digital original does."""
    return _hyphen_cells(_order(runs, 0))


def lines_of(runs: list[Run]) -> list[list[Run]]:
    """Runs grouped into lines by vertical overlap, top to bottom, each left to right (no
    columns: see :func:`reading_order`)."""
    return _lines(runs)


def _order(runs: list[Run], depth: int) -> list[list[Run]]:
    """Runs grouped into lines in reading order: columns first, then top to bottom."""
    if depth < MAX_DEPTH and len(runs) >= 2 * MIN_COLUMN_LINES:
        split = _split_columns(runs)
        if split is not None:
            return [line for part in split for line in _order(part, depth + 1)]
    return _lines(runs)


def _lines(runs: list[Run]) -> list[list[Run]]:
    """Group runs into lines by vertical overlap, top to bottom, each read left to right.

    ``min`` and ``max`` are written out as the conditionals they are (ties and NaN included):
    this runs for the whole page and again for both sides of every candidate gutter.
    """
    lines: list[list[Run]] = []
    line: list[Run] = []
    bottom = top = 0.0
    for run in sorted(runs, key=_Y_KEY):
        run_bottom, run_top = run.bottom, run.top
        if line:
            overlap = (run_top if run_top < top else top) - (
                run_bottom if run_bottom > bottom else bottom
            )
            height, run_height = top - bottom, run_top - run_bottom
            if overlap >= 0.5 * (run_height if run_height < height else height):
                line.append(run)
                if run_bottom < bottom:
                    bottom = run_bottom
                if run_top > top:
                    top = run_top
                continue
        line = [run]
        lines.append(line)
        bottom, top = run_bottom, run_top
    for line in lines:
        if len(line) > 1:
            line.sort(key=_LEFT)
    return lines


def _hyphen_cells(lines: list[list[Run]]) -> list[list[Run]]:
    """Keep a word hyphenated at the end of its cell next to its continuation.

    A line-end hyphen is left as printed ("Spe-" / "cialty"): detection joins the two lines
    (``hyphen_join``). That needs the hyphen at the end of its line, which it is not when the
    hyphenated cell has a date or place set apart on its right ("…Learning - Spe-  2021 -
    2024"). Then the cells on the right move to the end of the continuation line (the next
    line, starting in lower case under the hyphenated cell), so both halves of the word are
    adjacent lines and the date stays on the line where the name ends.
    """
    out: list[list[Run]] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if len(line) > 1 and i + 1 < len(lines):
            nxt = lines[i + 1]
            for j, run in enumerate(line[:-1]):
                text = run.text.rstrip()
                height = run.top - run.bottom
                if (
                    len(text) > 1
                    and text[-1] in _LINE_END_HYPHENS
                    and text[-2].isalpha()
                    and line[j + 1].left - run.right > CELL_GAP * height
                    and nxt[0].text[:1].islower()
                    and line[0].left - height <= nxt[0].left < run.right
                ):
                    out.append(line[: j + 1])
                    out.append(nxt + line[j + 1 :])
                    i += 2
                    break
            else:
                out.append(line)
                i += 1
            continue
        out.append(line)
        i += 1
    return out


_LINE_END_HYPHENS = "-\u00ad\u2010\u2011\ufffe\x02"


def _join(line: list[Run]) -> str:
    parts = [line[0].text]
    for prev, run in itertools.pairwise(line):
        gap = run.left - prev.right
        if (
            gap > 0.1 * (run.top - run.bottom)
            and not parts[-1].endswith(" ")
            and not run.text.startswith(" ")
        ):
            parts.append(" ")
        parts.append(run.text)
    return "".join(parts)


def _split_columns(runs: list[Run]) -> list[list[Run]] | None:
    """Split at the best vertical gutter: ``[above, left, right, below]``, or ``None``.

    Candidate gutters are the x-stretches covered by fewest runs (ideally none; a header or
    footer line may cross). A candidate holds where the runs not crossing it form one unbroken
    band, top to bottom, that covers at least half the region's text height and has at least
    three lines on each side, each side running down at least 30% of the band and flowing like a
    column (no gaps of more than three line heights between most lines), not sparse labels such
    as right-aligned dates or the last column of a small table. Those runs go to
    the left and right columns; runs above and below the band keep their own order.

    A run that crosses the gutter inside the band does not break it when it is a line of one
    column running on into a gap of the other (see :func:`_runs_on`): it stays in its column.
    """
    line_height = _median([r.top - r.bottom for r in runs])
    region_height = max([r.top for r in runs]) - min([r.bottom for r in runs])
    if region_height <= 0:
        return None
    gutters = _gutters(runs, max(4.0, MIN_GUTTER * line_height))
    if not gutters:
        return None
    best: tuple[float, list[list[Run]]] | None = None
    by_y = sorted(runs, key=_Y_KEY)
    for x in gutters:
        zones: list[tuple[int, int]] = []
        start = None
        home: dict[int, bool] = {}  # index of a crossing run that stays -> in the left column
        for i, run in enumerate(by_y):
            crossing = run.left < x < run.right
            if crossing:
                on_left = _runs_on(by_y, i, x, line_height)
                if on_left is not None:
                    home[i] = on_left
                    crossing = False
            if not crossing and start is None:
                start = i
            elif crossing and start is not None:
                zones.append((start, i))
                start = None
        if start is not None:
            zones.append((start, len(by_y)))
        for lo, hi in zones:
            zone = by_y[lo:hi]
            height = max([r.top for r in zone]) - min([r.bottom for r in zone])
            if height < MIN_ZONE_SHARE * region_height or (best and height <= best[0]):
                continue
            left = [r for r in zone if r.right <= x]
            right = [r for r in zone if r.left >= x]
            for i in home:
                if lo <= i < hi:
                    (left if home[i] else right).append(by_y[i])
            if _column(left, height, line_height) and _column(right, height, line_height):
                best = (height, [by_y[:lo], left, right, by_y[hi:]])
    return [part for part in best[1] if part] if best else None


def _runs_on(by_y: list[Run], index: int, x: float, line_height: float) -> bool | None:
    """Whether the run at ``index``, which crosses the gutter at ``x``, is a line of the left
    (``True``) or right (``False``) column that runs on into a gap of the other, or ``None``.

    It is one when its column flows through it (a line of that column, wholly on its side, at
    most ``MAX_FLOW`` line heights above it and another below), the other column has text
    above it and below it, and nothing there shares its height: a long line of the main column
    running into a gap of the sidebar. A header, a footer, a paragraph across the page or a
    line below the end of the other column is none.
    """
    run = by_y[index]
    on_left = x - run.left >= run.right - x
    reach = MAX_FLOW * line_height
    for step in (-1, 1):  # above, then below
        flows = other_side = False
        i = index + step
        while 0 <= i < len(by_y) and not (flows and other_side):
            other = by_y[i]
            i += step
            if other.left < x < other.right:
                continue
            beside = _overlap(other.bottom, other.top, run.bottom, run.top)
            if (other.left >= x) == on_left:  # on the other side
                if beside > 0:
                    return None
                other_side = True
            elif beside <= 0.5 and abs(other.middle - run.middle) <= reach:
                flows = True
        if not (flows and other_side):
            return None
    return on_left


def _gutters(runs: list[Run], min_width: float) -> list[float]:
    """x positions in the middle of the least-covered stretches between text.

    One sweep over the runs' edges cuts the x axis into segments, each covered by some number of
    runs; consecutive segments covered by at most ``limit`` runs form a stretch, and each
    stretch offers the middle of its widest series of least-covered segments.
    """
    events = sorted([(r.left, 1) for r in runs] + [(r.right, -1) for r in runs])
    limit = max(2, len(runs) // 20)
    xs: list[float] = []
    stretch: list[tuple[float, float, int]] = []
    count = 0
    for (x, step), (nxt, _) in itertools.pairwise(events):
        count += step
        if nxt > x:
            if count <= limit:
                stretch.append((x, nxt, count))
            elif stretch:
                _widest_gap(stretch, min_width, xs)
                stretch = []
    if stretch:
        _widest_gap(stretch, min_width, xs)
    return xs


def _widest_gap(stretch: list[tuple[float, float, int]], min_width: float, xs: list[float]) -> None:
    """Append the middle of the stretch's widest series of least-covered segments (the first of
    equally wide ones) to ``xs`` if it is at least ``min_width`` wide."""
    least = min([c for _, _, c in stretch])
    best_width, best_x = 0.0, 0.0
    start = end = 0.0
    in_series = False
    for x, nxt, c in stretch:
        if c == least:
            if not in_series:
                start, in_series = x, True
            end = nxt
        elif in_series:
            if end - start > best_width:
                best_width, best_x = end - start, (start + end) / 2
            in_series = False
    if in_series and end - start > best_width:
        best_width, best_x = end - start, (start + end) / 2
    if best_width >= min_width:
        xs.append(best_x)


def _column(side: list[Run], zone_height: float, line_height: float) -> bool:
    """At least three lines, close enough together and running down enough of the band to be a
    column of text (not a small table's second column beside short lines of prose), and wide
    enough to hold words (not the bullets or numbers of a list beside its items)."""
    if len(side) < MIN_COLUMN_LINES:
        return False
    if max([r.top for r in side]) - min([r.bottom for r in side]) < MIN_SIDE_SHARE * zone_height:
        return False
    lines = _lines(side)
    if len(lines) < MIN_COLUMN_LINES:
        return False
    widths = [line[-1].right - line[0].left for line in lines]
    if _median(widths) < MIN_COLUMN_WIDTH * line_height:
        return False
    gaps = [a[0].middle - b[0].middle for a, b in itertools.pairwise(lines)]
    return _median(gaps) <= MAX_LINE_GAP * line_height


def _median(values: list[float]) -> float:
    """What ``statistics.median`` returns (the middle value, or the mean of the two middle
    values), without its overhead: it is called for every candidate column."""
    values = sorted(values)
    half = len(values) // 2
    if len(values) % 2:
        return values[half]
    return (values[half - 1] + values[half]) / 2
