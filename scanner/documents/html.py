"""HTML job postings and resumes: the text a person sees in a browser, one block per line.

Text a reader would not see must not count as evidence (a posting can hide keyword lists in a
``display:none`` block or a comment), so scripts, styles, templates, the head, comments and
hidden elements (``hidden``, ``aria-hidden="true"``, inline or simple class/id CSS hiding)
are dropped before the walk.
"""

from __future__ import annotations

import codecs
import re

import lxml.html
from lxml import etree

from scanner.documents._lines import Piece, Sink, row_pieces
from scanner.documents.errors import NoTextError
from scanner.documents.model import Document, LineKind
from scanner.documents.normalize import to_row
from scanner.documents.text import bom_encoding, decode_text

_DROP = frozenset(
    [
        "script",
        "style",
        "noscript",
        "template",
        "head",
        "title",
        "meta",
        "link",
        "svg",
        "canvas",
        "iframe",
        "object",
        "embed",
        "audio",
        "video",
        "map",
        "button",
        "select",
        "datalist",
    ]
)
_BLOCK = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
        "center",
        "dd",
        "details",
        "dialog",
        "dir",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "header",
        "hgroup",
        "hr",
        "html",
        "legend",
        "li",
        "main",
        "menu",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "ul",
        "caption",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "tr",
        "option",
    ]
)
_KIND: dict[str, LineKind] = {
    **dict.fromkeys(("h1", "h2", "h3", "h4", "h5", "h6"), "heading"),
    "li": "item",
}
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.I)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>")
_CSS_RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")
_CSS_MEDIA = re.compile(r"@media[^{]*\{(?:[^{}]*\{[^{}]*\})*[^{}]*\}", re.I)
_SIMPLE_SELECTOR = re.compile(r"^[A-Za-z0-9]*([.#])([\w-]+)$")
Hidden = tuple[frozenset[str], frozenset[str]]  # classes and ids that CSS rules hide
# WHATWG: these labels mean windows-1252 in HTML.
_WINDOWS_1252 = frozenset(
    {"iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1", "us-ascii", "ascii"}
)


def decode_html(data: bytes) -> str:
    """Decode by BOM, then the declared ``<meta charset>``, then as any text file."""
    if bom_encoding(data):
        return decode_text(data)
    m = _META_CHARSET.search(data[:4096])
    if m:
        label = m.group(1).decode("ascii").lower()
        encoding = "cp1252" if label in _WINDOWS_1252 else label
        try:
            codecs.lookup(encoding)
        except LookupError:
            return decode_text(data)
        if not encoding.startswith(("utf-16", "utf16")):
            try:
                return data.decode(encoding)
            except (UnicodeDecodeError, LookupError):  # wrong label, or not a text codec
                pass
    return decode_text(data)


def read_html(data: bytes, name: str) -> Document:
    """Blocks and table rows become lines; headings and list items keep their kind."""
    text = _XML_DECL.sub("", decode_html(data), count=1)
    if not text.strip():
        raise NoTextError(name, "no text")
    parser = lxml.html.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True)
    try:
        root = lxml.html.document_fromstring(text.encode("utf-8", "surrogatepass"), parser=parser)
    except etree.ParserError as exc:  # "Document is empty": nothing but comments or markup
        raise NoTextError(name, "no text") from exc
    hidden = _css_hidden(root)
    sink = Sink()
    _walk(root, sink, hidden)
    rows = [to_row(1, text_, kind, number=number) for text_, kind, _, number in sink.take()]
    return Document.build(name, "html", rows)


def _css_hidden(root: etree._Element) -> Hidden:
    """Classes and ids hidden by simple rules in ``<style>`` blocks (``.x{display:none}``)."""
    classes: set[str] = set()
    ids: set[str] = set()
    for style in root.iter("style"):
        css = _CSS_MEDIA.sub("", re.sub(r"/\*.*?\*/", "", style.text or "", flags=re.S))
        for selectors, body in _CSS_RULE.findall(css):
            if not _HIDDEN_STYLE.search(body):
                continue
            for selector in selectors.split(","):
                m = _SIMPLE_SELECTOR.match(selector.strip())
                if m:
                    (classes if m.group(1) == "." else ids).add(m.group(2))
    return frozenset(classes), frozenset(ids)


def _is_hidden(el: etree._Element, hidden: Hidden) -> bool:
    get = el.get
    if get("hidden") is not None or (get("aria-hidden") or "").strip().lower() == "true":
        return True
    if _HIDDEN_STYLE.search(get("style") or ""):
        return True
    classes, ids = hidden
    if classes and not classes.isdisjoint((get("class") or "").split()):
        return True
    return bool(ids) and get("id") in ids


def _walk(el: etree._Element, sink: Sink, hidden: Hidden) -> None:
    """Append ``el``'s visible text to ``sink``; blocks start and end lines."""
    tag = el.tag
    if not isinstance(tag, str) or tag in _DROP or _is_hidden(el, hidden):
        return
    if tag == "br":
        sink.break_line()
        return
    if tag == "table":
        sink.extend(_table(el, hidden))
        return
    if tag == "pre":
        sink.break_line()
        text = "".join(el.itertext())
        first = (el.sourceline or 0) + (not text.startswith("\n"))  # a newline after <pre> is skipped
        for n, line in enumerate(text.splitlines()):
            sink.line(line, number=first + n if el.sourceline else 0)
        return
    block = tag in _BLOCK
    if block:
        sink.open(_KIND.get(tag, "text"))
    _walk_content(el, sink, hidden)
    if block:
        sink.break_line()


def _walk_content(el: etree._Element, sink: Sink, hidden: Hidden) -> None:
    """Append what is inside ``el``: its text, its children and the text after each, with the
    source line each starts on where the line does not have one yet."""
    if el.text:
        sink.add(el.text, el.sourceline or 0)
    for child in el:
        _walk(child, sink, hidden)
        if child.tail:
            sink.add(child.tail, 0 if sink.number else _tail_line(child))


def _tail_line(el: etree._Element) -> int:
    """The source line where the text after ``el`` starts (lxml records where elements start,
    not where they end): the next element's line less the breaks before it, or else ``el``'s own
    line plus the breaks in its text. 0 when unknown."""
    following = el.getnext()
    if following is not None and following.sourceline:
        return max(1, following.sourceline - (el.tail or "").count("\n"))
    if not el.sourceline:
        return 0
    return el.sourceline + sum(part.count("\n") for part in el.itertext())


def _table(table: etree._Element, hidden: Hidden) -> list[Piece]:
    """A table's lines: one per data row (cells joined), or cell by cell for layout tables."""
    out: list[Piece] = []
    for part in _own_rows(table):
        if part.tag == "caption":
            sink = Sink()
            _walk(part, sink, hidden)
            out.extend(sink.take())
            continue
        if _is_hidden(part, hidden):
            continue
        cells: list[list[Piece]] = []
        for cell in part:
            if cell.tag not in ("td", "th") or _is_hidden(cell, hidden):
                continue
            sink = Sink(in_cell=True)
            _walk_content(cell, sink, hidden)
            cells.append(sink.take())
        out.extend(row_pieces(cells))
    return out


def _own_rows(table: etree._Element) -> list[etree._Element]:
    """The table's caption and rows, not those of tables nested in its cells."""
    rows: list[etree._Element] = []
    for child in table:
        if child.tag in ("tr", "caption"):
            rows.append(child)
        elif child.tag in ("thead", "tbody", "tfoot"):
            rows.extend(r for r in child if r.tag == "tr")
    return rows
