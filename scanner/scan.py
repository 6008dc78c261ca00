"""``scan_document``: a Document and a pipeline in, a ScanResult out. Pure: no files, no terminal."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span

from scanner.documents.model import Document
from scanner.lexicon import Lexicon
from scanner.pipeline.resolve import MENTIONS, REJECTED
from scanner.results import LEVEL_RANK, STATUS_RANK, CredentialHit, Mention, Rejection, ScanResult

SNIPPET_CHARS = 160


def scan_document(document: Document, nlp: Language, kind: str | None = None) -> ScanResult:
    """Detect credentials in ``document``. ``kind`` ("resume"/"posting") overrides the classifier."""
    doc = nlp.tokenizer.from_document(document, kind=kind if kind in ("resume", "posting") else None)
    for _, proc in nlp.pipeline:
        doc = proc(doc)
    return collect(doc, nlp.tokenizer.lexicon)


def collect(doc: Doc, lexicon: Lexicon) -> ScanResult:
    """Turn the annotated Doc into plain, picklable records grouped by credential."""
    info = doc.user_data["credscan"]
    document: Document = info.document
    kind = doc._.kind
    groups: dict[str, list[tuple[Span, Mention]]] = {}
    for span in doc.spans.get(MENTIONS, ()):
        groups.setdefault(span._.entry_id, []).append((span, _mention(span, info)))
    credentials: list[CredentialHit] = []
    near_misses: list[CredentialHit] = []
    for entry_id, items in groups.items():
        entry = lexicon.entry(entry_id)
        name = entry.name if entry else entry_id
        mentions = tuple(m for _, m in items)
        is_near = items[0][0]._.is_near_miss
        alternatives = tuple(dict.fromkeys(a for s, _ in items for a in s._.alternatives))
        if kind == "posting":
            best = max(mentions, key=lambda m: LEVEL_RANK.get(m.level or "", -1))
            hit = CredentialHit(entry_id, name, None, best.level, None, alternatives, mentions)
        else:
            best = max(mentions, key=lambda m: (STATUS_RANK.get(m.status or "", -1), m.year or 0))
            hit = CredentialHit(entry_id, name, best.status, None, best.year, (), mentions)
        (near_misses if is_near else credentials).append(hit)
    order = {c.id: i for i, c in enumerate(lexicon.credentials)}
    credentials.sort(key=lambda c: order.get(c.id, len(order)))
    rejected = _rejections(doc.spans.get(REJECTED, ()), info)
    return ScanResult(
        path=document.name,
        kind=kind,
        kind_confidence=doc._.kind_confidence,
        credentials=tuple(credentials),
        near_misses=tuple(near_misses),
        warnings=document.warnings,
        format=document.format,
        pages=document.pages,
        rejected=rejected,
    )


def _rejections(spans, info) -> tuple[Rejection, ...]:
    """One per credential and line (the longest candidate), in the words of the document."""
    best: dict[tuple[str, int], Span] = {}
    for span in spans:
        key = (span._.entry_id, info.tok_line[span.start])
        if key not in best or len(span) > len(best[key]):
            best[key] = span
    out = []
    lines = info.document.lines
    for (entry_id, index), span in sorted(best.items(), key=lambda kv: kv[0][1]):
        line = lines[index]
        last = span.end - 1
        end = info.tok_end[last] if info.tok_line[last] == index else len(line.text)
        out.append(Rejection(entry_id, line.text[info.tok_start[span.start]:end], line.page, line.number, span._.cue))
    return tuple(out)


def _mention(span: Span, info) -> Mention:
    lines = info.document.lines
    first = lines[info.tok_line[span.start]]
    last_tok = span.end - 1
    last_line = info.tok_line[last_tok]
    start = info.tok_start[span.start]
    if last_line == first.index:
        end = info.tok_end[last_tok]
        text = first.text[start:end]
    else:  # wrapped over lines: join the pieces as a reader would
        pieces = [first.text[start:], *(lines[i].text for i in range(first.index + 1, last_line))]
        pieces.append(lines[last_line].text[: info.tok_end[last_tok]])
        text = " ".join(p.strip() for p in pieces)
        end = len(first.text)
    cont = info.tok_continues.get(last_tok)
    if cont is not None:  # "Spe-" / "cialty": the last word goes on on the next line
        text = text.rstrip("-") + lines[last_line + 1].text[:cont]
        end = len(first.text)
    ext = span._
    ocr_conf = _ocr_confidence(lines, first.index, start, last_line, info.tok_end[last_tok])
    return Mention(
        text=text,
        page=first.page,
        line=first.number,
        start=start,
        end=end,
        section=ext.section,
        method=ext.method,
        score=float(ext.score),
        snippet=snippet(first.text, start, end),
        status=ext.status,
        level=ext.level,
        year=ext.year,
        cue=ext.cue,
        ocr=ocr_conf is not None,
        ocr_conf=ocr_conf,
    )


def _ocr_confidence(lines, first: int, start: int, last: int, end: int) -> float | None:
    """OCR's confidence in a match's words, the lowest over the lines it spans; None when its
    first line was not read by OCR (the common case: one attribute read)."""
    if lines[first].ocr is None:
        return None
    if last == first:
        conf = lines[first].ocr_confidence(start, end)
        return None if conf is None else round(conf, 1)
    confs = [lines[first].ocr_confidence(start, len(lines[first].text)),
             *(lines[i].ocr_confidence(0, len(lines[i].text)) for i in range(first + 1, last)),
             lines[last].ocr_confidence(0, end)]
    known = [c for c in confs if c is not None]
    return round(min(known), 1) if known else None


def snippet(text: str, start: int, end: int, width: int = SNIPPET_CHARS) -> str:
    """The line around a match, cut to ``width`` characters so no output carries a whole document.

    Cuts fall between words (a reader should not see "…ertified" or "Speci…"), never inside the
    match; a single word longer than the room left is the one case cut mid-word.
    """
    if len(text) <= width:
        return text
    room = max(0, width - (end - start))
    lo = max(0, start - room // 2)
    hi = min(len(text), lo + width)
    lo = max(0, hi - width)
    if lo > 0 and not text[lo - 1].isspace():  # inside a word: start after it
        space = text.find(" ", lo, start)
        lo = space + 1 if space >= 0 else lo
    if hi < len(text) and not text[hi].isspace():  # inside a word: end before it
        space = text.rfind(" ", end, hi)
        hi = space if space >= 0 else hi
    return ("…" if lo > 0 else "") + text[lo:hi].strip() + ("…" if hi < len(text) else "")
