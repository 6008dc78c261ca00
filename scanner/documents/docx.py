"""DOCX: python-docx opens the package; the body XML is walked here, in document order.

python-docx's paragraph and table API misses text boxes (python-docx #416), content controls
and nested tables, which resumes use a lot. Walking the XML keeps them in place:

* paragraphs, with ``w:br`` starting a new line; heading styles (Heading 1-9, Title, or an
  outline level) make headings, numbering or a List style makes items;
* tables: one line per row, cells joined by " | " (layout tables cell by cell, see
  :func:`row_pieces`); nested tables give their own rows;
* content controls (``w:sdt``), block and inline, unless showing placeholder text;
* text boxes once: Word writes each as ``mc:AlternateContent`` with a DrawingML copy in
  ``mc:Choice`` and a VML copy in ``mc:Fallback``; only the choice is read;
* each distinct header part first and each footer part last, once however many sections link
  them. DOCX has no pages until Word lays it out, so every line is on page 1.

The zip is checked before python-docx touches it: member sizes and compression ratios come from
the central directory, so a zip bomb is refused without inflating a byte.
"""

from __future__ import annotations

import io
import re
import zipfile

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.package import OpcPackage
from docx.opc.part import Part
from lxml import etree

from scanner.documents._lines import Piece, Sink, is_heading_style, row_pieces
from scanner.documents.errors import (
    CorruptDocumentError,
    EncryptedDocumentError,
    TooLargeError,
)
from scanner.documents.limits import MB, Limits, size
from scanner.documents.model import Document, LineKind
from scanner.documents.normalize import Row, to_row

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"

_P, _TBL, _SDT, _R, _T = W + "p", W + "tbl", W + "sdt", W + "r", W + "t"
_ALT, _CHOICE, _FALLBACK = MC + "AlternateContent", MC + "Choice", MC + "Fallback"
_TXBX = W + "txbxContent"
_CONTAINERS = frozenset(
    W + t
    for t in (
        "customXml",
        "ins",
        "moveTo",
        "smartTag",
        "hyperlink",
        "fldSimple",
        "dir",
        "bdo",
        "sdtContent",
    )
)
_SAFE_XML = etree.XMLParser(resolve_entities=False, no_network=True, remove_blank_text=False)

MAX_ZIP_MEMBERS = 10_000
RATIO_FLOOR = MB  # small members may compress well without being a bomb


def check_zip(data: bytes, name: str, limits: Limits) -> None:
    """Refuse a DOCX that is not a zip, is encrypted, or would inflate past the limits."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        damaged = data.startswith(b"PK")
        reason = "damaged zip archive" if damaged else "not a zip archive"
        raise CorruptDocumentError(name, f"not a valid DOCX ({reason})") from exc
    with archive:
        infos = archive.infolist()
    if len(infos) > MAX_ZIP_MEMBERS:
        raise TooLargeError(name, f"zip bomb? {len(infos)} members, limit {MAX_ZIP_MEMBERS}")
    total = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise EncryptedDocumentError(name, "encrypted with a password: cannot be read")
        total += info.file_size
        if info.file_size > limits.max_unzipped_bytes:
            raise TooLargeError(
                name,
                f"zip bomb? {info.filename} expands to {size(info.file_size)}, "
                f"limit {size(limits.max_unzipped_bytes)}",
            )
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > RATIO_FLOOR and ratio > limits.max_zip_ratio:
            raise TooLargeError(
                name,
                f"zip bomb? {info.filename} expands {ratio:.0f}x to {size(info.file_size)}, "
                f"limit {limits.max_zip_ratio:g}x",
            )
    if total > limits.max_unzipped_bytes:
        raise TooLargeError(
            name,
            f"zip bomb? contents expand to {size(total)}, limit {size(limits.max_unzipped_bytes)}",
        )


def read_docx(data: bytes, name: str, limits: Limits) -> Document:
    """Header lines, then the body, then footer lines; all on page 1."""
    check_zip(data, name, limits)
    try:
        package = OpcPackage.open(io.BytesIO(data))
        main = package.main_document_part
    except KeyError as exc:
        raise CorruptDocumentError(name, "not a valid DOCX (no main document part)") from exc
    root = _xml(main)
    body = root.find(W + "body")
    if body is None:
        raise CorruptDocumentError(name, "not a valid DOCX (document has no body)")
    walker = _Walker(_Styles(main))
    headers, footers = _header_footer_parts(main, body)
    sink = Sink()
    walker.block(body, sink)
    rows = [
        *_distinct_rows(walker, headers),
        *(to_row(1, text, kind) for text, kind, _ in sink.take()),
        *_distinct_rows(walker, footers),
    ]
    return Document.build(name, "docx", rows)


def _header_footer_parts(main: Part, body: etree._Element) -> tuple[list[Part], list[Part]]:
    """The distinct header parts and footer parts the sections use, in order of first use."""
    found: dict[str, list[Part]] = {W + "headerReference": [], W + "footerReference": []}
    for sect in body.iter(W + "sectPr"):
        if sect.getparent().tag == W + "sectPrChange":
            continue
        for ref in sect:
            parts = found.get(ref.tag)
            part = main.related_parts.get(ref.get(R_ID)) if parts is not None else None
            if part is not None and all(part is not p for p in parts):
                parts.append(part)
    return found[W + "headerReference"], found[W + "footerReference"]


def _distinct_rows(walker: _Walker, parts: list[Part]) -> list[Row]:
    """The lines of header or footer parts, each text once (a first-page header and the
    default one often say the same)."""
    sink = Sink()
    for part in parts:
        walker.block(_xml(part), sink)
    seen: set[str] = set()
    rows: list[Row] = []
    for text, kind, _ in sink.take():
        if text not in seen:
            seen.add(text)
            rows.append(to_row(1, text, kind))
    return rows


def _xml(part: Part) -> etree._Element:
    element = getattr(part, "element", None)
    if element is not None:
        return element
    return etree.fromstring(part.blob, parser=_SAFE_XML)


class _Styles:
    """Paragraph style id -> heading/item, resolved on demand along ``w:basedOn`` chains.

    Only the few styles a document uses are looked at: a styles part can hold hundreds.
    """

    def __init__(self, main: Part) -> None:
        styles_part = next((p for r, p in _rels(main) if r == RT.STYLES), None)
        self.elements: dict[str, etree._Element] = {}
        if styles_part is not None:
            for style in _xml(styles_part).iterchildren(W + "style"):
                sid = style.get(W + "styleId")
                if sid is not None:
                    self.elements.setdefault(sid, style)
        self.kinds: dict[str, LineKind] = {}

    def kind(self, sid: str, depth: int = 0) -> LineKind:
        if sid in self.kinds:
            return self.kinds[sid]
        style = self.elements.get(sid)
        kind: LineKind = "text"
        if style is not None and depth < 10:
            name_el = style.find(W + "name")
            name = (name_el.get(W + "val") or "") if name_el is not None else ""
            ppr = style.find(W + "pPr")
            if is_heading_style(name) or (ppr is not None and _outline(ppr)):
                kind = "heading"
            elif name.lower().startswith("list") or (ppr is not None and _numbered(ppr)):
                kind = "item"
            else:
                parent = style.find(W + "basedOn")
                if parent is not None and parent.get(W + "val"):
                    kind = self.kind(parent.get(W + "val") or "", depth + 1)
        self.kinds[sid] = kind
        return kind


def _rels(part: Part) -> list[tuple[str, Part]]:
    return [(rel.reltype, rel.target_part) for rel in part.rels.values() if not rel.is_external]


def _outline(ppr: etree._Element) -> bool:
    level = ppr.find(W + "outlineLvl")
    return (
        level is not None
        and (level.get(W + "val") or "9").isdigit()
        and int(level.get(W + "val") or 9) < 9
    )


def _numbered(ppr: etree._Element) -> bool:
    num = ppr.find(W + "numPr")
    if num is None:
        return False
    num_id = num.find(W + "numId")
    return num_id is not None and num_id.get(W + "val") not in (None, "0")


def _inner(el: etree._Element) -> etree._Element | None:
    """What to read inside a wrapper, at block or inline level: a content control's content
    (none while it shows placeholder text), the DrawingML choice of alternate content, or a
    container's children; ``None`` for anything else."""
    tag = el.tag
    if tag == _SDT:
        pr = el.find(W + "sdtPr")
        if pr is not None and pr.find(W + "showingPlcHdr") is not None:
            return None
        return el.find(W + "sdtContent")
    if tag == _ALT:
        return el.find(_CHOICE)
    return el if tag in _CONTAINERS else None


class _Walker:
    """Walks WordprocessingML block content into a :class:`Sink`."""

    def __init__(self, styles: _Styles) -> None:
        self.styles = styles

    def block(self, parent: etree._Element, sink: Sink) -> None:
        for child in parent:
            tag = child.tag
            if tag == _P:
                self.paragraph(child, sink)
            elif tag == _TBL:
                sink.extend(self.table(child))
            else:
                inner = _inner(child)
                if inner is not None:
                    self.block(inner, sink)

    def paragraph_kind(self, p: etree._Element) -> LineKind:
        """Heading by style or outline level; item by numbering (direct or from the style).

        Direct numbering with id 0 switches a list style's numbering off.
        """
        ppr = p.find(W + "pPr")
        if ppr is None:
            return "text"
        style = ppr.find(W + "pStyle")
        kind = self.styles.kind(style.get(W + "val") or "") if style is not None else "text"
        if kind == "heading" or _outline(ppr):
            return "heading"
        if ppr.find(W + "numPr") is not None:
            return "item" if _numbered(ppr) else "text"
        return kind

    def paragraph(self, p: etree._Element, sink: Sink) -> None:
        kind = self.paragraph_kind(p)
        sink.break_line(kind)
        boxes: list[etree._Element] = []
        self.inline(p, sink, boxes)
        sink.break_line()
        for box in boxes:
            self.block(box, sink)

    def inline(self, parent: etree._Element, sink: Sink, boxes: list[etree._Element]) -> None:
        for child in parent:
            tag = child.tag
            if tag == _R:
                self.run(child, sink, boxes)
            else:
                inner = _inner(child)
                if inner is not None:
                    self.inline(inner, sink, boxes)

    def run(self, r: etree._Element, sink: Sink, boxes: list[etree._Element]) -> None:
        for child in r:
            tag = child.tag
            if tag == _T:
                sink.add(child.text or "")
            elif tag in (W + "tab", W + "ptab"):
                sink.add("\t")
            elif tag in (W + "br", W + "cr"):
                sink.break_line()
            elif tag == W + "noBreakHyphen":
                sink.add("-")
            elif tag == W + "softHyphen":
                sink.add("\u00ad")
            elif tag == W + "sym":
                code = child.get(W + "char") or ""
                if re.fullmatch(r"[0-9A-Fa-f]{1,6}", code):
                    sink.add(chr(int(code, 16)))
            elif isinstance(tag, str) and tag != W + "rPr":
                boxes.extend(_text_boxes(child))

    def table(self, tbl: etree._Element) -> list[Piece]:
        """One or more lines per row (see :func:`row_pieces`), nested tables in their cells."""
        out: list[Piece] = []
        for tr in _children(tbl, W + "tr"):
            cells = []
            for tc in _children(tr, W + "tc"):
                sink = Sink(in_cell=True)
                self.block(tc, sink)
                cells.append(sink.take())
            out.extend(row_pieces(cells))
        return out


def _children(parent: etree._Element, tag: str) -> list[etree._Element]:
    """``tag`` children, looking through content controls and custom XML wrappers."""
    out: list[etree._Element] = []
    for child in parent:
        if child.tag == tag:
            out.append(child)
        elif child.tag in (_SDT, W + "customXml"):
            inner = child.find(W + "sdtContent") if child.tag == _SDT else child
            if inner is not None:
                out.extend(_children(inner, tag))
    return out


def _text_boxes(el: etree._Element) -> list[etree._Element]:
    """Text box contents under a run child, skipping the VML copy in ``mc:Fallback``."""
    if el.tag == _TXBX:
        return [el]
    found: list[etree._Element] = []
    for child in el:
        if child.tag != _FALLBACK and isinstance(child.tag, str):
            found.extend(_text_boxes(child))
    return found
