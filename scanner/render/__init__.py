"""Renderers: one view of a result, printed as a table, JSON, JSON lines, CSV, Markdown or HTML.

A command builds a ``View`` (the JSON document, the tables a person reads, the rows a spreadsheet
gets) and ``emit`` prints it in the format asked for; data goes to stdout, notes to stderr.

What a person reads is fitted to the terminal (``COLUMNS`` first, then the terminal's width, 100
columns when neither is known) without cutting an id or a file name mid-word, and every text a
stranger wrote (file names, evidence lines) has its control characters shown escaped, so a file
named with a terminal escape sequence cannot recolour or rewrite the screen.
"""

from __future__ import annotations

import csv
import json
import os
import re
import sys
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, TextIO

FORMATS = ("table", "json", "jsonl", "csv", "markdown")
REPORT_FORMATS = (*FORMATS, "html")  # demands, audit, rank, stats: one self-contained page
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
DEFAULT_WIDTH = 100
MIN_WIDTH = 40


@dataclass(frozen=True, slots=True)
class Lines:
    """A table cell of several lines (each option of a choice on its own line); CSV and Markdown
    join them with ``sep``."""

    items: tuple[Any, ...]
    sep: str = "; "

    def __init__(self, items: Iterable[Any], sep: str = "; ") -> None:
        object.__setattr__(self, "items", tuple(items))
        object.__setattr__(self, "sep", sep)


@dataclass(slots=True)
class Table:
    title: str | None
    columns: Sequence[str]
    rows: list[Sequence[Any]] = field(default_factory=list)


@dataclass(slots=True)
class View:
    """What one command has to say. ``records`` are the JSON-lines objects (default: ``[data]``)."""

    data: dict[str, Any]
    tables: list[Table]
    csv: Table | None = None
    records: list[dict[str, Any]] | None = None
    notes: list[str] = field(default_factory=list)


def safe_cell(value: Any) -> Any:
    """Neutralise a cell a spreadsheet would run as a formula: resumes are written by strangers."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.2f}"
    if isinstance(value, Lines):
        return value.sep.join(cell_text(v) for v in value.items)
    if isinstance(value, (list, tuple)):
        return ", ".join(cell_text(v) for v in value)
    return str(value)


def _escape_char(ch: str) -> str:
    code = ord(ch)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str) -> str:
    """``text`` with control and format characters (escape sequences, bidi overrides, NUL, line
    breaks) written as ``\\x1b`` / ``\\u202e``: for anything shown on a terminal."""
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() or unicodedata.category(ch) == "Zs" else _escape_char(ch) for ch in text)


def terminal_width(stream: TextIO | None = None) -> int:
    """The width to fit: ``COLUMNS`` when set, else the terminal's, else 100 (a pipe or a file)."""
    env = os.environ.get("COLUMNS", "").strip()
    if env.isdigit() and int(env) > 0:
        return max(MIN_WIDTH, int(env))
    stream = stream or sys.stdout
    try:
        if stream.isatty():
            return max(MIN_WIDTH, os.get_terminal_size(stream.fileno()).columns)
    except (OSError, ValueError, AttributeError):
        pass
    return DEFAULT_WIDTH


def _units(word: str) -> list[str]:
    """Where a word may be broken: only after a "/" of a path, so a file name stays whole."""
    return [u for u in re.split(r"(?<=/)", word) if u]


def _words(text: str) -> list[str]:
    return [w for w in text.split(" ") if w]  # a no-break space (U+00A0) keeps "~120 h" together


def wrap(text: str, width: int) -> list[str]:
    """Lines of at most ``width`` characters, broken at spaces (and, for a path longer than the
    line, after a "/"); a word longer than ``width`` is left whole rather than cut."""
    lines: list[str] = []
    current = ""
    for word in _words(text):
        if current and len(current) + 1 + len(word) <= width:
            current += " " + word
            continue
        if current:
            lines.append(current)
        current = ""
        if len(word) <= width:
            current = word
            continue
        for unit in _units(word):
            if current and len(current) + len(unit) > width:
                lines.append(current)
                current = ""
            current += unit
    if current:
        lines.append(current)
    return lines or [""]


def _longest_unit(text: str) -> int:
    return max((len(u) for word in _words(text) for u in _units(word)), default=0)


def use_color(stream: TextIO) -> bool:
    return stream.isatty() and "NO_COLOR" not in os.environ


def write_json(out: TextIO, data: Any) -> None:
    out.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def write_jsonl(out: TextIO, records: Iterable[dict[str, Any]]) -> None:
    for record in records:
        out.write(json.dumps(record, ensure_ascii=False) + "\n")


def csv_writer(out: TextIO) -> Any:
    return csv.writer(out, lineterminator="\n")


def write_csv_rows(writer: Any, rows: Iterable[Sequence[Any]]) -> None:
    for row in rows:
        writer.writerow([safe_cell(cell_text(v)) for v in row])


def _cell_lines(value: Any) -> list[str]:
    items = list(value.items) if isinstance(value, Lines) else [value]
    return [printable(cell_text(v)) for v in items] or [""]


def text_table(table: Table, width: int = DEFAULT_WIDTH, color: bool = False) -> str:
    """An aligned table that fits ``width`` columns where it can: the widest columns are wrapped
    first, never below their longest word, so ids and file names stay whole (a table that cannot
    fit then runs wider rather than cut one)."""
    cols = [printable(c) for c in table.columns]
    rows = [[_cell_lines(v) for v in row] for row in table.rows]
    natural = [max([len(c), *(len(line) for r in rows for line in r[i])]) for i, c in enumerate(cols)]
    least = [max([_longest_unit(c), *(_longest_unit(line) for r in rows for line in r[i])]) for i, c in enumerate(cols)]
    widths = list(natural)
    gap = 2
    while sum(widths) + gap * (len(widths) - 1) > width:
        slack = [w - m for w, m in zip(widths, least, strict=True)]
        if max(slack) <= 0:
            break
        widest = max((i for i, s in enumerate(slack) if s > 0), key=lambda i: widths[i])
        widths[widest] -= 1
    lines = []
    if table.title:
        lines.extend(_bold(t, color) for t in wrap(printable(table.title), width))
    heads = [wrap(c, w) for c, w in zip(cols, widths, strict=True)]  # "your status" may take two lines
    for k in range(max(len(h) for h in heads)):
        header = "  ".join((h[k] if k < len(h) else "").ljust(w) for h, w in zip(heads, widths, strict=True)).rstrip()
        lines.append(_bold(header, color))
    lines.append("  ".join("-" * w for w in widths))
    for row in rows:
        wrapped = [[piece for line in cell for piece in wrap(line, w)] for cell, w in zip(row, widths, strict=True)]
        for k in range(max(len(c) for c in wrapped)):
            parts = [(c[k] if k < len(c) else "").ljust(w) for c, w in zip(wrapped, widths, strict=True)]
            lines.append("  ".join(parts).rstrip())
    if not rows:
        lines.append("(none)")
    return "\n".join(lines)


def note_text(note: str, width: int) -> str:
    """A note (a warning under a table) wrapped to ``width``, with its control characters shown."""
    return "\n".join(wrap(printable(note), width))


def _bold(text: str, color: bool) -> str:
    return f"\x1b[1m{text}\x1b[0m" if color else text


def markdown_table(table: Table) -> str:
    def esc(v: Any) -> str:
        return printable(cell_text(v)).replace("|", "\\|")

    lines = [f"### {printable(table.title)}", ""] if table.title else []
    lines.append("| " + " | ".join(table.columns) + " |")
    lines.append("|" + "|".join(" --- " for _ in table.columns) + "|")
    for row in table.rows:
        lines.append("| " + " | ".join(esc(v) for v in row) + " |")
    return "\n".join(lines)


def emit(view: View, fmt: str, out: TextIO | None = None, err: TextIO | None = None, width: int | None = None) -> None:
    out = out or sys.stdout
    err = err or sys.stderr
    if fmt == "html":
        from scanner.render.html import html_report

        out.write(html_report(view.data))
    elif fmt == "json":
        write_json(out, view.data)
    elif fmt == "jsonl":
        write_jsonl(out, view.records if view.records is not None else [view.data])
    elif fmt == "csv":
        table = view.csv or view.tables[0]
        writer = csv_writer(out)
        writer.writerow(table.columns)
        write_csv_rows(writer, table.rows)
    elif fmt == "markdown":
        out.write("\n\n".join(markdown_table(t) for t in view.tables) + "\n")
        for note in view.notes:
            out.write(f"\n> {printable(note)}\n")
    else:
        color = use_color(out)
        width = width or terminal_width(out)
        out.write("\n\n".join(text_table(t, width, color=color) for t in view.tables) + "\n")
        for note in view.notes:
            out.write(f"\n{note_text(note, width)}\n")
