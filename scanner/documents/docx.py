"""DOCX: the package and its body XML are read here with zipfile and lxml, in document order.

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

The package is not opened with python-docx either: its loader parses every XML part of the
package, about 5 ms for a file made from its default template, most of it the 349 KB styles part.
Here the zip is opened once; its central directory is checked first (member sizes and
compression ratios, so a zip bomb is refused without inflating a byte), then only the parts the
text needs are inflated, found through the relationships as Word finds them: ``_rels/.rels``
gives the main part, its own rels the styles, header and footer parts. The styles part is
parsed only if a paragraph names a style, and what it says is cached across files (see
:func:`_known_kinds`). Every part goes through one parser that neither expands entities nor
fetches anything.
"""

from __future__ import annotations

import io
import posixpath
import re
import threading
import zipfile

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
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"

# Relationship types (ECMA-376 part 1, 15.2), the same strings as python-docx's
# docx.opc.constants.RELATIONSHIP_TYPE (a test checks); written out so that reading a DOCX
# does not import python-docx.
_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
RT_OFFICE_DOCUMENT = _RT + "officeDocument"
RT_STYLES = _RT + "styles"
RT_HEADER = _RT + "header"
RT_FOOTER = _RT + "footer"
DEFAULT_MAIN_PART = "word/document.xml"

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
# The compression ratio is judged only for members that inflate past this: Word's own XML
# compresses 80-250x (a 56 KB file with a 2.6 MB document part is an ordinary resume), and
# below it the cost of inflating is bounded by the size limits anyway.
RATIO_FLOOR = 10 * MB
MAX_STYLE_DEPTH = 10  # styles looked at along a w:basedOn chain; past that (a cycle) it is text


def open_checked_zip(data: bytes, name: str, limits: Limits) -> zipfile.ZipFile:
    """The open archive, once it is known not to be encrypted or to inflate past the limits.

    Only the central directory is looked at, so nothing is inflated to refuse a zip bomb. The
    archive is returned open so that the reader does not parse the directory a second time.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        damaged = data.startswith(b"PK")
        reason = "damaged zip archive" if damaged else "not a zip archive"
        raise CorruptDocumentError(name, f"not a valid DOCX ({reason})") from exc
    try:
        _check_members(archive.infolist(), name, limits)
    except BaseException:
        archive.close()
        raise
    return archive


def _check_members(infos: list[zipfile.ZipInfo], name: str, limits: Limits) -> None:
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
    with open_checked_zip(data, name, limits) as archive:
        package = _Package(archive, name)
        main = package.main_part()
        if main is None:
            raise CorruptDocumentError(name, "not a valid DOCX (no main document part)")
        body = parse_part(archive.read(main), name).find(W + "body")
        if body is None:
            raise CorruptDocumentError(name, "not a valid DOCX (document has no body)")
        rels = package.rels(main)
        styles = next((target for rtype, target in rels.values() if rtype == RT_STYLES), None)
        walker = _Walker(_Styles(package, styles))
        headers, footers = _header_footer_parts(rels, body)
        sink = Sink()
        walker.block(body, sink)
        rows = [
            *_distinct_rows(walker, package, headers),
            *(to_row(1, text, kind) for text, kind, _, _ in sink.take()),
            *_distinct_rows(walker, package, footers),
        ]
    return Document.build(name, "docx", rows)


# A part's internal relationships: id -> (type, target member name).
Rels = dict[str, tuple[str, str]]


class _Package:
    """The parts of an open DOCX zip, read on demand and addressed by zip member name.

    Members named by a relationship but missing from the zip are treated as absent: a resume
    with a dangling link to a header or an image still has its text.
    """

    def __init__(self, archive: zipfile.ZipFile, name: str) -> None:
        self.archive = archive
        self.name = name

    def blob(self, member: str) -> bytes | None:
        try:
            info = self.archive.getinfo(member)
        except KeyError:
            return None
        return self.archive.read(info)

    def exists(self, member: str) -> bool:
        try:
            self.archive.getinfo(member)
        except KeyError:
            return False
        return True

    def main_part(self) -> str | None:
        """The officeDocument target of ``_rels/.rels``, or ``word/document.xml`` when the
        package rels are missing, malformed or point nowhere; ``None`` if neither exists."""
        blob = self.blob("_rels/.rels")
        if blob is not None:
            try:
                rels = _parse_rels(etree.fromstring(blob, parser=_SAFE_XML), "")
            except etree.XMLSyntaxError:
                rels = {}
            for rtype, target in rels.values():
                if rtype == RT_OFFICE_DOCUMENT and self.exists(target):
                    return target
        return DEFAULT_MAIN_PART if self.exists(DEFAULT_MAIN_PART) else None

    def rels(self, member: str) -> Rels:
        """The internal relationships of ``member`` (from ``<dir>/_rels/<file>.rels``)."""
        folder, file = posixpath.split(member)
        blob = self.blob(posixpath.join(folder, "_rels", file + ".rels"))
        if blob is None:
            return {}
        return _parse_rels(parse_part(blob, self.name), folder)


def parse_part(blob: bytes, name: str) -> etree._Element:
    """Parse one XML part without expanding entities (no billion laughs) or using the network."""
    try:
        return etree.fromstring(blob, parser=_SAFE_XML)
    except etree.XMLSyntaxError as exc:
        # the message read_document gives any engine error, kept word for word
        raise CorruptDocumentError(name, f"DOCX could not be parsed: {type(exc).__name__}") from exc


def _parse_rels(root: etree._Element, folder: str) -> Rels:
    """Relationship id -> (type, member), targets resolved against the source part's folder
    (``../`` and absolute ``/word/...`` targets included); external targets are left out."""
    rels: Rels = {}
    for rel in root.iterchildren(_PKG_REL):
        rid, rtype, target = rel.get("Id"), rel.get("Type"), rel.get("Target")
        if rid is None or rtype is None or not target or rel.get("TargetMode") == "External":
            continue
        member = posixpath.normpath(posixpath.join("/", folder, target)).lstrip("/")
        rels[rid] = (rtype, member)
    return rels


def _header_footer_parts(rels: Rels, body: etree._Element) -> tuple[list[str], list[str]]:
    """The distinct header parts and footer parts the sections use, in order of first use."""
    found: dict[str, tuple[str, list[str]]] = {
        W + "headerReference": (RT_HEADER, []),
        W + "footerReference": (RT_FOOTER, []),
    }
    for sect in body.iter(W + "sectPr"):
        if sect.getparent().tag == W + "sectPrChange":
            continue
        for ref in sect:
            wanted = found.get(ref.tag)
            if wanted is None:
                continue
            rtype, parts = wanted
            rel = rels.get(ref.get(R_ID) or "")
            if rel is not None and rel[0] == rtype and rel[1] not in parts:
                parts.append(rel[1])
    return found[W + "headerReference"][1], found[W + "footerReference"][1]


def _distinct_rows(walker: _Walker, package: _Package, parts: list[str]) -> list[Row]:
    """The lines of header or footer parts, each text once (a first-page header and the
    default one often say the same). A part missing from the zip is skipped."""
    sink = Sink()
    for part in parts:
        blob = package.blob(part)
        if blob is not None:
            walker.block(parse_part(blob, package.name), sink)
    seen: set[str] = set()
    rows: list[Row] = []
    for text, kind, _, _ in sink.take():
        if text not in seen:
            seen.add(text)
            rows.append(to_row(1, text, kind))
    return rows


class _Styles:
    """Paragraph style id -> heading/item, for one document, resolved on demand along
    ``w:basedOn`` chains.

    Nothing is read until a paragraph names a style: many resumes use direct formatting only,
    and then the styles part (often the largest in the package) is never inflated or parsed.
    Only the few styles a document uses are looked at, and the answers go into the styles
    part's shared entry in the cache (see :func:`_known_kinds`); the part is parsed only for
    a style id that no earlier document with the same part asked about.
    """

    def __init__(self, package: _Package, member: str | None) -> None:
        self.package = package
        self.member = member
        self.xml: bytes | None = None
        self.known: dict[str, LineKind] | None = None
        self.elements: dict[str, etree._Element] | None = None

    def kind(self, sid: str) -> LineKind:
        if self.known is None:
            self.xml = self.package.blob(self.member) if self.member is not None else None
            self.known = _known_kinds(self.xml) if self.xml is not None else {}
        kind = self.known.get(sid)
        if kind is None:
            kind = self._resolve(sid)
            if len(self.known) < MAX_KNOWN_STYLES:
                self.known[sid] = kind
        return kind

    def _resolve(self, sid: str) -> LineKind:
        """The first style along the ``w:basedOn`` chain that says heading or item, looking at
        most ``MAX_STYLE_DEPTH`` styles (so a cycle ends); ``text`` if none does."""
        if self.elements is None:
            xml, name = self.xml, self.package.name
            self.elements = _style_elements(xml, name) if xml is not None else {}
        step: str | None = sid
        for _ in range(MAX_STYLE_DEPTH):
            style = self.elements.get(step) if step is not None else None
            if style is None:
                break
            name_el = style.find(W + "name")
            name = (name_el.get(W + "val") or "") if name_el is not None else ""
            ppr = style.find(W + "pPr")
            if is_heading_style(name) or (ppr is not None and _outline(ppr)):
                return "heading"
            if name.lower().startswith("list") or (ppr is not None and _numbered(ppr)):
                return "item"
            parent = style.find(W + "basedOn")
            step = (parent.get(W + "val") or None) if parent is not None else None
        return "text"


def _style_elements(xml: bytes, name: str) -> dict[str, etree._Element]:
    """Style id -> its ``w:style`` element (the first, if an id is defined twice)."""
    elements: dict[str, etree._Element] = {}
    for style in parse_part(xml, name).iterchildren(W + "style"):
        sid = style.get(W + "styleId")
        if sid is not None:
            elements.setdefault(sid, style)
    return elements


_STYLE_CACHE: dict[bytes, dict[str, LineKind]] = {}
_STYLE_CACHE_LOCK = threading.Lock()
STYLE_CACHE_ENTRIES = 8
STYLE_CACHE_MAX_PART = 2 * MB  # larger styles parts are not kept: at most 16 MB of keys
MAX_KNOWN_STYLES = 4096  # ids remembered per styles part (a document may name any it likes)


def _known_kinds(xml: bytes) -> dict[str, LineKind]:
    """The kinds already worked out for the style ids of this styles part, shared by every
    document that carries a byte-identical one; an empty entry the first time.

    Parsing a styles part is most of the cost of reading a DOCX (python-docx's default
    template carries 349 KB of styles, 3-4 ms to parse), and the resumes in one folder are
    often made from one template, so they carry byte-identical styles parts and name the same
    few styles: after the first, they need no parse at all. The cache is keyed by the bytes
    themselves, not a digest: a hit is a hash and a memcmp, and two different parts can never
    share an entry. It is a small LRU (``STYLE_CACHE_ENTRIES`` parts of at most
    ``STYLE_CACHE_MAX_PART`` each, at most ``MAX_KNOWN_STYLES`` ids per part) so a batch
    worker's memory stays bounded. An entry only ever gains ids, each with the kind the
    styles part gives it, so readers in several threads may share it.
    """
    with _STYLE_CACHE_LOCK:
        known = _STYLE_CACHE.pop(xml, None)
        if known is None:
            known = {}
        if len(xml) <= STYLE_CACHE_MAX_PART:
            _STYLE_CACHE[xml] = known  # most recently used last
            while len(_STYLE_CACHE) > STYLE_CACHE_ENTRIES:
                del _STYLE_CACHE[next(iter(_STYLE_CACHE))]
    return known


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
