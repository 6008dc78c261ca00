"""RTF: a small hand-written reader (no extra dependency) for the text Word would show.

Groups carry state (ignored destination, ``\\ucN``); font, colour and style tables, document
info, pictures, objects' data, field instructions and every ``{\\*\\...}`` destination are
skipped. ``\\par``/``\\line`` end lines, ``\\cell``/``\\row`` build table rows (the same rule as
DOCX and HTML), ``\\'hh`` decodes in the declared ANSI code page (``\\ansicpg``), ``\\uN`` is
Unicode with its fallback characters skipped. Heading styles (by name in the stylesheet) and
outline levels give headings; list text (``\\listtext``, ``\\pntext``) or ``\\ls`` give items.
Per-font charsets (``\\fcharset``) are not followed: Word writes non-ANSI text as ``\\uN``.
"""

from __future__ import annotations

import codecs
import contextlib
import re
from dataclasses import dataclass

from scanner.documents._lines import Piece, Sink, is_heading_style, row_pieces
from scanner.documents.model import Document, LineKind
from scanner.documents.normalize import to_row
from scanner.documents.text import join_surrogates

_TOKEN = re.compile(
    rb"\\([a-zA-Z]{1,32})(-?\d{1,10})? ?|\\'([0-9a-fA-F]{2})|\\([^a-zA-Z])|([{}])|([^\\{}\r\n]+)|[\r\n]+"
)
_SKIP = frozenset(
    b"fonttbl colortbl info pict object objdata listtable listoverridetable revtbl rsidtbl "
    b"filetbl xmlnstbl themedata colorschememapping datastore latentstyles pgdsctbl generator "
    b"fldinst nonshppict shprslt sp header_placeholder bkmkstart bkmkend".split()
)
_TEXT = {
    b"emdash": "—",
    b"endash": "–",
    b"bullet": "•",
    b"lquote": "‘",
    b"rquote": "’",
    b"ldblquote": "“",
    b"rdblquote": "”",
    b"emspace": " ",
    b"enspace": " ",
    b"qmspace": " ",
    b"tab": "\t",
    b"zwj": "",
    b"zwnj": "",
}
_SYMBOL = {b"~": "\u00a0", b"-": "\u00ad", b"_": "\u2011", b"{": "{", b"}": "}", b"\\": "\\"}
_CODEPAGES = {b"ansi": "cp1252", b"mac": "mac_roman", b"pc": "cp437", b"pca": "cp850"}


@dataclass(slots=True)
class _Group:
    skip: bool = False
    uc: int = 1
    stylesheet: bool = False
    style_def: bool = False


class _Reader:
    def __init__(self) -> None:
        self.codec = "cp1252"
        self.sink = Sink()
        self.out: list[Piece] = []  # finished lines outside tables
        self.cells: list[list[Piece]] = []
        self.in_table = False
        self.style = 0
        self.outline: int | None = None
        self.listed = False
        self.styles: dict[int, str] = {}
        self.style_id = 0
        self.style_name: list[str] = []

    # -- paragraph and table structure ---------------------------------------------------
    def kind(self) -> LineKind:
        if self.outline is not None or is_heading_style(self.styles.get(self.style, "")):
            return "heading"
        return "item" if self.listed else "text"

    def end_paragraph(self) -> None:
        """End a line; inside a table it stays in the current cell."""
        self.sink.kind = self.kind()
        self.sink.break_line()
        if not self.in_table:
            if self.cells:  # a table ended without \row
                self.out.extend(row_pieces(self.cells))
                self.cells = []
            self.out.extend(self.sink.take())
            self.sink = Sink()

    def end_cell(self) -> None:
        self.sink.kind = self.kind()
        self.cells.append(self.sink.take())
        self.sink = Sink()

    def end_row(self) -> None:
        if self.sink.buffer:
            self.end_cell()
        self.out.extend(row_pieces(self.cells))
        self.cells = []
        self.sink = Sink()

    def reset_paragraph(self) -> None:
        self.style = 0
        self.outline = None
        self.listed = False
        self.in_table = False

    # -- reading --------------------------------------------------------------------------
    def read(self, data: bytes) -> list[Piece]:
        stack = [_Group()]
        group = stack[0]
        pending = bytearray()  # \'hh bytes, decoded together (double-byte code pages)
        to_skip = 0  # fallback characters after \uN
        new_group = False
        pos, n = 0, len(data)
        text_parts: list[str] = []

        def text(s: str) -> None:
            if pending:
                text_parts.append(pending.decode(self.codec, errors="replace"))
                pending.clear()
            if s:
                text_parts.append(s)

        def flush_text() -> None:
            text("")
            if not text_parts:
                return
            joined = "".join(text_parts)
            text_parts.clear()
            joined = join_surrogates(joined)
            if group.style_def:
                self.style_name.append(joined)
            elif not group.skip:
                self.sink.add(joined)

        while pos < n:
            m = _TOKEN.match(data, pos)
            if m is None:
                pos += 1
                continue
            pos = m.end()
            if m.lastindex is None:  # line breaks in RTF source mean nothing
                continue
            word, arg, hexbyte, symbol, brace, plain = m.groups()
            starts_group = new_group
            new_group = False
            if to_skip and (hexbyte or plain):
                if hexbyte:
                    to_skip -= 1
                    continue
                cut = min(to_skip, len(plain))
                to_skip -= cut
                plain = plain[cut:]
                if not plain:
                    continue
            elif to_skip and not (word or symbol):
                to_skip = 0
            if brace == b"{":
                flush_text()
                stack.append(_Group(group.skip, group.uc, False, group.stylesheet))
                group = stack[-1]
                new_group = True
                if group.style_def:
                    self.style_id = -1
            elif brace == b"}":
                flush_text()
                if group.style_def and len(stack) > 1 and not stack[-2].style_def:
                    if self.style_id >= 0:
                        self.styles[self.style_id] = "".join(self.style_name).strip(" ;")
                    self.style_name = []
                if len(stack) > 1:
                    stack.pop()
                group = stack[-1]
            elif plain is not None:
                if not group.skip or group.style_def:
                    text(plain.decode(self.codec, errors="replace"))
            elif hexbyte is not None:
                if not group.skip or group.style_def:
                    pending.append(int(hexbyte, 16))
            elif symbol is not None:
                if symbol == b"*":
                    if starts_group or new_group:
                        group.skip = True
                    new_group = False
                elif symbol in (b"\n", b"\r"):
                    flush_text()
                    if not group.skip:
                        self.end_paragraph()
                elif not group.skip and symbol in _SYMBOL:
                    text(_SYMBOL[symbol])
            else:
                num = int(arg) if arg is not None else None
                if word == b"bin" and num:
                    pos += max(0, num)
                    continue
                if starts_group and word in _SKIP:
                    group.skip = True
                    continue
                if word == b"stylesheet":
                    group.stylesheet = True
                    group.skip = True
                    continue
                if group.style_def or group.stylesheet:
                    if word == b"s" and num is not None and group.style_def:
                        self.style_id = num
                    continue
                to_skip = self.control(word, num, group, text, flush_text)
        flush_text()
        self.end_paragraph()
        if self.cells:
            self.end_row()
        return self.out

    def control(self, word: bytes, num: int | None, group: _Group, text, flush_text) -> int:
        """Handle one control word; return how many fallback characters to skip."""
        if word == b"u" and num is not None:
            if not group.skip:
                text(chr(num + 65536 if num < 0 else num))
            return group.uc
        if word == b"uc" and num is not None:
            group.uc = max(0, num)
        elif word == b"ansicpg" and num:
            with contextlib.suppress(LookupError):
                self.codec = codecs.lookup(f"cp{num}").name
        elif word in _CODEPAGES:
            self.codec = _CODEPAGES[word]
        elif group.skip:
            return 0
        elif word in (b"par", b"sect", b"page", b"line"):
            flush_text()
            self.end_paragraph()
        elif word in (b"cell", b"nestcell"):
            flush_text()
            self.end_cell()
        elif word in (b"row", b"nestrow"):
            flush_text()
            self.end_row()
        elif word == b"pard":
            flush_text()
            self.reset_paragraph()
        elif word == b"intbl":
            self.in_table = True
        elif word == b"s" and num is not None:
            self.style = num
        elif word == b"outlinelevel" and num is not None:
            self.outline = num if 0 <= num < 9 else None
        elif word in (b"ls", b"ilvl", b"listtext", b"pntext", b"pnlvlblt"):
            self.listed = True
        elif word in _TEXT:
            text(_TEXT[word])
        return 0


def read_rtf(data: bytes, name: str) -> Document:
    """Paragraphs and table rows become lines, on page 1."""
    reader = _Reader()
    pieces = reader.read(data)
    rows = [to_row(1, text, kind) for text, kind, _, _ in pieces]
    return Document.build(name, "rtf", rows)
