"""Turn an evaluation case into a real file of its format.

Text formats (text, markdown, html, latex, json-resume) are written verbatim as UTF-8.
For ``docx`` and ``pdf`` the case text is a small line language (see cases.yaml):

    "# Heading"          heading          (docx: "Heading 1" style; pdf: Helvetica-Bold)
    "- item"             bullet           (docx: "List Bullet" style; pdf: "•" and an indent)
    "a | b | c"          table row        (consecutive rows form one table)
    "|| left || right"   two-column row   (pdf: left at x=40 then right at x=300 on the same
                                           baseline, row by row, as some resume builders draw
                                           them; docx: a row of a borderless 2-cell table)
    "<<<page>>>"         page break
    anything else        a paragraph (docx) / a line (pdf); blank lines are skipped in docx
                         and leave a gap in pdf
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

EXTENSIONS: dict[str, str] = {
    "text": ".txt",
    "markdown": ".md",
    "html": ".html",
    "latex": ".tex",
    "json-resume": ".json",
    "docx": ".docx",
    "pdf": ".pdf",
}
TEXT_FORMATS = frozenset({"text", "markdown", "html", "latex", "json-resume"})

PAGE_BREAK = "<<<page>>>"


@dataclass(frozen=True)
class Block:
    """One element of a docx/pdf case: heading, bullet, para, blank, page, table or columns."""

    kind: str
    text: str = ""
    rows: tuple[tuple[str, ...], ...] = field(default=())


def _split_columns(line: str) -> tuple[str, str]:
    rest = line[2:]
    left, sep, right = rest.partition("||")
    if not sep:
        return rest.strip(), ""
    return left.strip(), right.strip()


def parse_blocks(text: str) -> list[Block]:
    """Parse the docx/pdf line language into blocks (tables and column runs grouped)."""
    blocks: list[Block] = []
    for raw in text.splitlines():
        line = raw.rstrip()
        stripped = line.strip()
        if stripped == PAGE_BREAK:
            blocks.append(Block("page"))
        elif not stripped:
            blocks.append(Block("blank"))
        elif line.startswith("# "):
            blocks.append(Block("heading", line[2:].strip()))
        elif line.startswith("- "):
            blocks.append(Block("bullet", line[2:].strip()))
        elif line.startswith("||"):
            row = _split_columns(line)
            if blocks and blocks[-1].kind == "columns":
                blocks[-1] = Block("columns", rows=(*blocks[-1].rows, row))
            else:
                blocks.append(Block("columns", rows=(row,)))
        elif " | " in line:
            row = tuple(cell.strip() for cell in line.split(" | "))
            if blocks and blocks[-1].kind == "table":
                blocks[-1] = Block("table", rows=(*blocks[-1].rows, row))
            else:
                blocks.append(Block("table", rows=(row,)))
        else:
            blocks.append(Block("para", stripped))
    return blocks


def render_case(case: dict[str, Any], directory: Path) -> Path:
    """Write ``case`` to ``directory/<id><ext>`` in its format and return the path."""
    fmt = case["format"]
    if fmt not in EXTENSIONS:
        raise ValueError(f"unknown format {fmt!r} in case {case.get('id')!r}")
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{case['id']}{EXTENSIONS[fmt]}"
    if fmt in TEXT_FORMATS:
        path.write_text(case["text"], encoding="utf-8")
    elif fmt == "docx":
        _render_docx(parse_blocks(case["text"]), path)
    else:
        _render_pdf(parse_blocks(case["text"]), path)
    return path


# --------------------------------------------------------------------------- docx

def _render_docx(blocks: list[Block], path: Path) -> None:
    from docx import Document

    doc = Document()
    for block in blocks:
        if block.kind == "heading":
            doc.add_heading(block.text, level=1)
        elif block.kind == "bullet":
            doc.add_paragraph(block.text, style="List Bullet")
        elif block.kind == "para":
            doc.add_paragraph(block.text)
        elif block.kind == "page":
            doc.add_page_break()
        elif block.kind in {"table", "columns"}:
            ncols = max(len(row) for row in block.rows)
            table = doc.add_table(rows=len(block.rows), cols=ncols)
            if block.kind == "table":
                table.style = "Table Grid"
            for r, row in enumerate(block.rows):
                for c, cell in enumerate(row):
                    table.cell(r, c).text = cell
    doc.save(str(path))


# --------------------------------------------------------------------------- pdf

PDF_FONT = "Helvetica"
PDF_BOLD = "Helvetica-Bold"
PDF_SIZE = 10
PDF_HEADING_SIZE = 11
PDF_LEADING = 14
PDF_LEFT = 40
PDF_RIGHT_COLUMN = 300
PDF_BULLET_INDENT = 12
PDF_TOP_MARGIN = 50
PDF_BOTTOM_MARGIN = 50


class _PdfWriter:
    def __init__(self, path: Path) -> None:
        from reportlab.lib.pagesizes import letter
        from reportlab.pdfgen import canvas

        self.width, self.height = letter
        self.canvas = canvas.Canvas(str(path), pagesize=letter, invariant=1)
        self.y = self.height - PDF_TOP_MARGIN

    def wrap(self, text: str, width: float, font: str = PDF_FONT, size: int = PDF_SIZE) -> list[str]:
        from reportlab.lib.utils import simpleSplit

        return simpleSplit(text, font, size, width) or [""]

    def ensure_room(self) -> None:
        if self.y < PDF_BOTTOM_MARGIN:
            self.new_page()

    def new_page(self) -> None:
        self.canvas.showPage()
        self.y = self.height - PDF_TOP_MARGIN

    def draw(self, x: float, text: str, font: str = PDF_FONT, size: int = PDF_SIZE) -> None:
        self.canvas.setFont(font, size)
        self.canvas.drawString(x, self.y, text)

    def line(self, x: float, text: str, font: str = PDF_FONT, size: int = PDF_SIZE) -> None:
        for part in self.wrap(text, self.width - PDF_LEFT - x, font, size):
            self.ensure_room()
            self.draw(x, part, font, size)
            self.y -= PDF_LEADING

    def row(self, cells: list[tuple[float, float, str]]) -> None:
        """Draw cells (x, width, text) row by row: at each baseline, every cell left to right."""
        wrapped = [(x, self.wrap(text, width)) for x, width, text in cells]
        for i in range(max(len(lines) for _, lines in wrapped)):
            self.ensure_room()
            for x, lines in wrapped:
                if i < len(lines) and lines[i]:
                    self.draw(x, lines[i])
            self.y -= PDF_LEADING

    def save(self) -> None:
        self.canvas.save()


def _render_pdf(blocks: list[Block], path: Path) -> None:
    pdf = _PdfWriter(path)
    usable = pdf.width - 2 * PDF_LEFT
    for block in blocks:
        if block.kind == "heading":
            pdf.y -= PDF_LEADING / 3
            pdf.line(PDF_LEFT, block.text, PDF_BOLD, PDF_HEADING_SIZE)
        elif block.kind == "bullet":
            pdf.ensure_room()
            pdf.draw(PDF_LEFT, "\u2022")
            pdf.line(PDF_LEFT + PDF_BULLET_INDENT, block.text)
        elif block.kind == "para":
            pdf.line(PDF_LEFT, block.text)
        elif block.kind == "blank":
            pdf.y -= PDF_LEADING
        elif block.kind == "page":
            pdf.new_page()
        elif block.kind == "columns":
            left_width = PDF_RIGHT_COLUMN - PDF_LEFT - 10
            right_width = pdf.width - PDF_LEFT - PDF_RIGHT_COLUMN
            for left, right in block.rows:
                pdf.row([(PDF_LEFT, left_width, left), (PDF_RIGHT_COLUMN, right_width, right)])
        elif block.kind == "table":
            ncols = max(len(row) for row in block.rows)
            col_width = usable / ncols
            for row in block.rows:
                pdf.row([
                    (PDF_LEFT + c * col_width, col_width - 8, cell) for c, cell in enumerate(row)
                ])
    pdf.save()
