"""Plain text and Markdown, and the byte decoding every text-based format shares.

Decoding never fails: a resume saved by an old editor in cp1252 must still be read, so the
order is BOM, UTF-16 by its NUL pattern, UTF-8, cp1252, latin-1 (which accepts any byte).
Markdown marks are stripped with a map back to the source line, so evidence points at what the
file says.
"""

from __future__ import annotations

import codecs
import re

from scanner.documents.model import Document, LineKind
from scanner.documents.normalize import Row, to_row

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def bom_encoding(data: bytes) -> tuple[str, int] | None:
    """The encoding a byte-order mark declares, and the mark's length."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding, len(bom)
    return None


def utf16_by_nuls(data: bytes) -> str | None:
    """Recognise BOM-less UTF-16 by where the NUL bytes fall (ASCII text has one in every pair)."""
    sample = data[:4096]
    half = len(sample) // 2
    if half < 2:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    if odd > 0.3 * half and even < 0.05 * half:
        return "utf-16-le"
    if even > 0.3 * half and odd < 0.05 * half:
        return "utf-16-be"
    return None


def text_encoding(data: bytes) -> str | None:
    """The encoding to read ``data`` with, or ``None`` when it is binary (NUL bytes, not UTF-16)."""
    found = bom_encoding(data)
    if found:
        return found[0]
    utf16 = utf16_by_nuls(data)
    if utf16:
        return utf16
    if b"\x00" in data[:8192]:
        return None
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        return "utf-8"
    try:
        data.decode("cp1252")
    except UnicodeDecodeError:
        return "latin-1"
    return "cp1252"


def decode_text(data: bytes, encoding: str | None = None) -> str:
    """Decode ``data`` (without its BOM) as :func:`text_encoding` says; binary decodes as latin-1."""
    found = bom_encoding(data)
    if found:
        encoding, skip = found
        data = data[skip:]
    elif encoding is None:
        encoding = text_encoding(data) or "latin-1"
    return data.decode(encoding, errors="replace")


def sniff_text(data: bytes) -> str | None:
    """``decode_text(data, text_encoding(data))``, or ``None`` for binary data, decoding once:
    ``text_encoding`` alone decodes a UTF-8 file in full to check it, and the decoded text is
    what a caller wants next (twice the file size held for a 19 MB file otherwise)."""
    found = bom_encoding(data)
    encoding = found[0] if found else utf16_by_nuls(data)
    if encoding:
        return decode_text(data, encoding)
    if b"\x00" in data[:8192]:
        return None
    for codec in ("utf-8", "cp1252"):
        try:
            return data.decode(codec)
        except UnicodeDecodeError:
            pass
    return data.decode("latin-1")


_SURROGATE = re.compile(r"[\ud800-\udfff]")


def join_surrogates(text: str) -> str:
    """Pair UTF-16 surrogates left as separate characters (pdfium's text, RTF's ``\\uN``) into
    the character they encode; a lone surrogate becomes U+FFFD."""
    if _SURROGATE.search(text):
        text = text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    return text


_BREAK = re.compile(r"\r\n|[\r\n\f\v\x85\u2028\u2029]")
_EDITOR_BREAKS = frozenset(("\n", "\r\n", "\r"))


def split_lines(text: str) -> list[tuple[int, int, str]]:
    """``(page, number, line)`` triples; a form feed (as pdftotext writes) starts a new page.

    ``number`` is the line's number as a text editor shows it (``Line.number``): it counts
    only LF, CRLF and CR, the breaks editors agree on; a form feed, vertical tab or Unicode
    line separator splits the text into lines as well, but they keep the editor's number.
    """
    out: list[tuple[int, int, str]] = []
    page = 1
    number = 1
    start = 0
    for m in _BREAK.finditer(text):
        out.append((page, number, text[start : m.start()]))
        brk = m.group()
        if brk in _EDITOR_BREAKS:
            number += 1
        elif brk == "\f":
            page += 1
        start = m.end()
    out.append((page, number, text[start:]))
    return out


_RULE = re.compile(r"^ {0,3}([-*_=])(?: *\1){2,} *$")
_SETEXT = re.compile(r"^ {0,3}(=+|-+) *$")


def is_caps_heading(text: str) -> bool:
    """A short ALL-CAPS line ("CERTIFICATIONS", "WORK EXPERIENCE") reads as a heading."""
    if len(text) > 40 or not text[:1].isalpha() or text.endswith((".", ",", ";")):
        return False
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 3 and all(c.isupper() for c in letters)


def unstyled_row(page: int, line: str, number: int = 0) -> Row:
    """The row for a line of a format without styles (plain text, PDF): a bullet makes an
    item (see :func:`to_row`), a short line in capitals a heading."""
    row = to_row(page, line, number=number)
    if row[2] == "text" and is_caps_heading(row[1]):
        return (row[0], row[1], "heading", row[3], row[4], row[5])
    return row


def read_text(text: str, name: str) -> Document:
    """Plain text: one line per line; a line underlined with ===/--- or in short capitals is a
    heading; bullets make items."""
    lines = split_lines(text)
    rows: list[Row] = []
    for i, (page, number, line) in enumerate(lines):
        if _RULE.match(line):
            if (
                rows
                and rows[-1][0] == page
                and i
                and lines[i - 1][2].strip()
                and _SETEXT.match(line)
            ):
                prev = rows[-1]
                rows[-1] = (prev[0], prev[1], "heading", prev[3], prev[4], prev[5])
            continue
        rows.append(unstyled_row(page, line, number))
    return Document.build(name, "text", rows, pages=lines[-1][0])


# Markdown: every transformation below only deletes characters or inserts separators, so each
# output character keeps the index of the source character it came from.

_ATX = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+|$)")
_ATX_CLOSE = re.compile(r"[ \t]+#+[ \t]*$")
_LIST = re.compile(r"^[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+(?:\[[ xX]\][ \t]+)?")
_QUOTE = re.compile(r"^ {0,3}(?:> ?)+")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_REF_DEF = re.compile(r"^ {0,3}\[[^\]]+\]:\s*\S")
_TABLE_SEP = re.compile(r"^ *\|? *:?-+:? *(?:\| *:?-+:? *)*\|? *$")

_INLINE = (
    re.compile(r"!\[([^\]]*)\]\([^)]*\)"),  # image: keep alt text
    re.compile(r"\[([^\]]+)\]\([^)]*\)"),  # link: keep text
    re.compile(r"\[([^\]]+)\]\[[^\]]*\]"),  # reference link
    re.compile(r"<((?:https?|mailto):[^>\s]+|[^@\s<>]+@[^@\s<>]+)>"),  # autolink
    re.compile(r"</?[A-Za-z][^<>]*>()"),  # inline HTML tag: drop
    re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1", re.S),  # strong
    re.compile(r"(?<![\w*])\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?![\w*])"),  # emphasis
    re.compile(r"(?<![\w])_(?=[^\s_])(.+?)(?<=[^\s_])_(?![\w])"),  # emphasis
    re.compile(r"~~(?=\S)(.+?)(?<=\S)~~"),  # strikethrough
)
_ESCAPABLE = "\\`*_{}[]()#+-.!|~<>"
_ESCAPE_BASE = 0xE000  # escaped characters hide in the private use area while marks are stripped

Mapped = tuple[str, list[int]]


def _keep_groups(text: str, where: list[int], pattern: re.Pattern[str]) -> Mapped:
    """Replace each match by its last group, keeping the source index of every character."""
    out: list[str] = []
    idx: list[int] = []
    pos = 0
    for m in pattern.finditer(text):
        out.append(text[pos : m.start()])
        idx.extend(where[pos : m.start()])
        g = m.lastindex or 0
        if g:
            out.append(m.group(g))
            idx.extend(where[m.start(g) : m.end(g)])
        pos = m.end()
    out.append(text[pos:])
    idx.extend(where[pos:])
    return "".join(out), idx


def _inline(text: str, where: list[int]) -> Mapped:
    """Strip inline Markdown from one line; code spans are kept verbatim without backticks."""
    out: list[str] = []
    idx: list[int] = []
    pos = 0
    for m in re.finditer(r"(`+)(.+?)\1", text):
        seg, seg_idx = _marks(text[pos : m.start()], where[pos : m.start()])
        out.append(seg)
        idx.extend(seg_idx)
        out.append(m.group(2))
        idx.extend(where[m.start(2) : m.end(2)])
        pos = m.end()
    seg, seg_idx = _marks(text[pos:], where[pos:])
    out.append(seg)
    idx.extend(seg_idx)
    return "".join(out), idx


def _marks(text: str, where: list[int]) -> Mapped:
    if "\\" in text:
        chars: list[str] = []
        idx: list[int] = []
        i = 0
        while i < len(text):
            if text[i] == "\\" and i + 1 < len(text) and text[i + 1] in _ESCAPABLE:
                chars.append(chr(_ESCAPE_BASE + ord(text[i + 1])))
                idx.append(where[i + 1])
                i += 2
            else:
                chars.append(text[i])
                idx.append(where[i])
                i += 1
        text, where = "".join(chars), idx
    for pattern in _INLINE:
        text, where = _keep_groups(text, where, pattern)
    if any(_ESCAPE_BASE <= ord(c) < _ESCAPE_BASE + 128 for c in text):
        text = "".join(
            chr(ord(c) - _ESCAPE_BASE) if _ESCAPE_BASE <= ord(c) < _ESCAPE_BASE + 128 else c
            for c in text
        )
    return text, where


def _table_row(text: str, where: list[int]) -> Mapped:
    """``| a | b |`` -> ``a | b`` (cells trimmed, escaped pipes kept)."""
    cells: list[Mapped] = []
    start = 0
    bounds = [m.start() for m in re.finditer(r"(?<!\\)\|", text)]
    for b in [*bounds, len(text)]:
        cells.append((text[start:b], where[start:b]))
        start = b + 1
    if bounds and not text[: bounds[0]].strip():
        cells = cells[1:]
    if bounds and not text[bounds[-1] + 1 :].strip():
        cells = cells[:-1]
    out: list[str] = []
    idx: list[int] = []
    for n, (cell, cell_idx) in enumerate(cells):
        lead = len(cell) - len(cell.lstrip())
        cell_text, cell_where = cell.strip(), cell_idx[lead : lead + len(cell.strip())]
        if n:
            pipe = cell_idx[0] - 1 if cell_idx else (idx[-1] if idx else 0)
            out.append(" | ")
            idx.extend([pipe] * 3)
        out.append(cell_text)
        idx.extend(cell_where)
    return "".join(out), idx


def read_markdown(text: str, name: str) -> Document:
    """Markdown: ATX and setext headings, list items, tables and inline marks to plain lines."""
    lines = split_lines(text)
    rows: list[Row] = []
    fence: str | None = None
    in_comment = False
    start = 0
    if lines and lines[0][2].strip() == "---":  # YAML front matter is metadata, not content
        for j in range(1, len(lines)):
            if lines[j][2].strip() in ("---", "..."):
                start = j + 1
                break
    # a comment opened and never closed would hide the rest of the file: an authoring slip (or a
    # cut-off excerpt) hides nothing, its opener is blanked and what follows is read
    last_open = text.rfind("<!--")
    unclosed_line = -1
    if last_open >= 0 and text.find("-->", last_open) < 0:
        unclosed_line = next(k for k in range(len(lines) - 1, -1, -1) if "<!--" in lines[k][2])
    i = start
    while i < len(lines):
        page, number, line = lines[i]
        i += 1
        if i - 1 == unclosed_line:
            at = line.rfind("<!--")
            line = line[:at] + "    " + line[at + 4:]
        if fence is not None:
            if line.strip().startswith(fence):
                fence = None
            else:
                rows.append(to_row(page, line, number=number))
            continue
        if in_comment or "<!--" in line:
            line, in_comment = _blank_comments(line, in_comment)
            if not line.strip():
                continue
        fenced = _FENCE.match(line)
        if fenced:
            fence = fenced.group(1)
            continue
        if _REF_DEF.match(line):
            continue
        if _setext_heading(line, lines[i][2] if i < len(lines) else ""):
            text_, where = _inline(line.strip(), _span(line, line.strip()))
            rows.append(to_row(page, text_, "heading", raw=line, raw_map=where, number=number))
            i += 1
            continue
        if _RULE.match(line) or (_TABLE_SEP.match(line) and "-" in line):
            continue
        rows.append(_markdown_row(page, line, number))
    return Document.build(name, "markdown", rows, pages=lines[-1][0])


def _blank_comments(line: str, in_comment: bool) -> tuple[str, bool]:
    """Replace HTML comment text with spaces (offsets stay valid); say if one stays open."""
    chars = list(line)
    i = 0
    while i < len(line):
        if not in_comment:
            i = line.find("<!--", i)
            if i < 0:
                break
            in_comment = True
        end = line.find("-->", i)
        stop = len(line) if end < 0 else end + 3
        chars[i:stop] = " " * (stop - i)
        in_comment = end < 0
        i = stop
    return "".join(chars), in_comment


def _setext_heading(line: str, underline: str) -> bool:
    if not line.strip() or not _SETEXT.match(underline):
        return False
    return not (_LIST.match(line) or _RULE.match(line) or _ATX.match(line))


def _span(line: str, part: str) -> list[int]:
    start = line.find(part)
    return list(range(start, start + len(part)))


def _markdown_row(page: int, line: str, number: int) -> Row:
    kind: LineKind = "text"
    body_start = 0
    m = _QUOTE.match(line)
    if m:
        body_start = m.end()
    rest = line[body_start:]
    m = _ATX.match(rest)
    if m:
        kind = "heading"
        body_start += m.end()
        rest = _ATX_CLOSE.sub("", line[body_start:])
    else:
        m = _LIST.match(rest)
        if m:
            kind = "item"
            body_start += m.end()
            rest = line[body_start:]
    where = list(range(body_start, body_start + len(rest)))
    if kind == "text" and rest.lstrip().startswith("|") and rest.count("|") >= 2:
        kind = "cell"
        rest, where = _table_row(rest, where)
    text, where = _inline(rest, where)
    return to_row(page, text, kind, raw=line, raw_map=where, number=number)
