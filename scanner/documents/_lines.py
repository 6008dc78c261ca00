"""Collecting extracted lines, the one rule for turning a table row into lines, and the one
for which style names make headings.

Shared by the structured readers (DOCX, HTML, RTF) so a table reads the same in every format.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from scanner.documents.model import LineKind

# A line as a structured reader sees it: text, kind, whether it came from a nested table, and
# the source line its text starts on (0: the reader does not know; see ``Line.number``).
Piece = tuple[str, LineKind, bool, int]

CELL_SEPARATOR = " | "
PARAGRAPH_SEPARATOR = "; "
LAYOUT_CELL_LINES = 3
_HEADING_STYLE = re.compile(r"^(heading [1-9]|title)$", re.I)


def is_heading_style(name: str) -> bool:
    """A paragraph style named "Heading 1" to "Heading 9" or "Title" (any case) is a heading."""
    return _HEADING_STYLE.match(name) is not None


@dataclass(slots=True)
class Sink:
    """Lines in reading order, built from text fragments.

    ``add`` appends to the current line; ``break_line`` ends it (blank lines vanish). Tables
    found while ``in_cell`` is set are marked nested. A reader that knows where a fragment
    stands in its source passes its line to ``add``; the line keeps the source line of its
    first visible character.
    """

    pieces: list[Piece] = field(default_factory=list)
    buffer: list[str] = field(default_factory=list)
    kind: LineKind = "text"
    in_cell: bool = False
    number: int = 0  # source line of the current line's first visible character (0: unknown)

    def add(self, text: str, number: int = 0) -> None:
        """Append ``text``; ``number``: the source line ``text`` starts on, if known."""
        if text:
            if number and not self.number:
                lead = len(text) - len(text.lstrip())
                if lead < len(text):  # the line's first visible text: where it stands
                    self.number = number + text.count("\n", 0, lead)
            self.buffer.append(text)

    def break_line(self, next_kind: LineKind = "text") -> None:
        text = "".join(self.buffer).strip()
        if text:
            self.pieces.append((text, self.kind, False, self.number))
        self.buffer.clear()
        self.kind = next_kind
        self.number = 0

    def open(self, kind: LineKind) -> None:
        """Start a block; a plain block directly inside a list item or heading keeps its kind."""
        if kind == "text" and not "".join(self.buffer).strip():
            return
        self.break_line(kind)

    def line(self, text: str, kind: LineKind = "text", number: int = 0) -> None:
        """Add a complete line of its own."""
        self.break_line()
        self.add(text, number)
        self.kind = kind
        self.break_line()

    def extend(self, pieces: list[Piece]) -> None:
        """Add the finished lines of a table."""
        self.break_line()
        nested = self.in_cell
        self.pieces.extend((text, kind, nested or was, n) for text, kind, was, n in pieces)

    def take(self) -> list[Piece]:
        self.break_line()
        return self.pieces


def row_pieces(cells: list[list[Piece]]) -> list[Piece]:
    """Lines for one table row, given the lines of each of its cells.

    A data row (every cell short) becomes one ``cell`` line, cells joined by " | " and a cell's
    own lines by "; ", followed by the rows of any table nested in its cells. A layout row (one
    non-empty cell, or a cell of three lines or more: the two-column resume built as a table)
    keeps every line as it is, in cell order, so a column is never squashed into one line.
    """
    filled = [cell for cell in cells if cell]
    if not filled:
        return []
    layout = len(filled) == 1 or any(
        sum(1 for piece in cell if not piece[2]) >= LAYOUT_CELL_LINES for cell in filled
    )
    if layout:
        return [piece for cell in filled for piece in cell]
    texts = []
    nested_rows: list[Piece] = []
    number = 0  # a row's line starts where its first cell's text does
    for cell in filled:
        own = [piece for piece in cell if not piece[2]]
        nested_rows.extend(piece for piece in cell if piece[2])
        if own:
            texts.append(PARAGRAPH_SEPARATOR.join(piece[0] for piece in own))
            number = number or own[0][3]
    out: list[Piece] = [(CELL_SEPARATOR.join(texts), "cell", False, number)] if texts else []
    return out + nested_rows
