"""Renderers: one view of a result, printed as a table, JSON, JSON lines, CSV or Markdown.

A command builds a ``View`` (the JSON document, the tables a person reads, the rows a spreadsheet
gets) and ``emit`` prints it in the format asked for; data goes to stdout, notes to stderr.
"""

from __future__ import annotations

import csv
import json
import os
import sys
import textwrap
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, TextIO

FORMATS = ("table", "json", "jsonl", "csv", "markdown")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


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
    if isinstance(value, (list, tuple)):
        return ", ".join(cell_text(v) for v in value)
    return str(value)


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


def text_table(table: Table, width: int = 100, color: bool = False) -> str:
    """An aligned table that fits ``width`` columns, wrapping the widest cells."""
    cols = list(table.columns)
    rows = [[cell_text(v) for v in row] for row in table.rows]
    widths = [max([len(c), *(len(line) for r in rows for line in (r[i].splitlines() or [""]))]) for i, c in enumerate(cols)]
    gap = 2
    while sum(widths) + gap * (len(widths) - 1) > width and max(widths) > 12:
        widest = widths.index(max(widths))
        widths[widest] -= 1
    lines = []
    if table.title:
        lines.extend(_bold(t, color) for t in textwrap.wrap(table.title, width))
    header = "  ".join(c.ljust(w) for c, w in zip(cols, widths, strict=True)).rstrip()
    lines.append(_bold(header, color))
    lines.append("  ".join("-" * w for w in widths))
    for row in rows:
        wrapped = [textwrap.wrap(v, w, break_long_words=True, break_on_hyphens=False) or [""] for v, w in zip(row, widths, strict=True)]
        for k in range(max(len(c) for c in wrapped)):
            parts = [(c[k] if k < len(c) else "").ljust(w) for c, w in zip(wrapped, widths, strict=True)]
            lines.append("  ".join(parts).rstrip())
    if not rows:
        lines.append("(none)")
    return "\n".join(lines)


def _bold(text: str, color: bool) -> str:
    return f"\x1b[1m{text}\x1b[0m" if color else text


def markdown_table(table: Table) -> str:
    def esc(v: Any) -> str:
        return cell_text(v).replace("|", "\\|").replace("\n", " ")

    lines = [f"### {table.title}", ""] if table.title else []
    lines.append("| " + " | ".join(table.columns) + " |")
    lines.append("|" + "|".join(" --- " for _ in table.columns) + "|")
    for row in table.rows:
        lines.append("| " + " | ".join(esc(v) for v in row) + " |")
    return "\n".join(lines)


def emit(view: View, fmt: str, out: TextIO | None = None, err: TextIO | None = None) -> None:
    out = out or sys.stdout
    err = err or sys.stderr
    if fmt == "json":
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
            out.write(f"\n> {note}\n")
    else:
        color = use_color(out)
        out.write("\n\n".join(text_table(t, color=color) for t in view.tables) + "\n")
        for note in view.notes:
            out.write(f"\n{note}\n")
