"""``credscan`` as one spaCy component for anyone's pipeline: ``nlp.add_pipe("credscan")``.

credscan's own pipeline needs its line tokenizer (it reads lines, sections and clauses, not
spaCy's tokens), so this component does not take over the host pipeline's tokenizer: it reads
``doc.text`` as lines, runs the detection pipeline on them (built once per component, no
download), and maps every mention back onto the host Doc's characters. Each mention becomes a
span in ``doc.spans["credscan"]`` labelled with the credential id, with ``span._.status`` (a
resume) or ``span._.level`` (a posting), ``span._.year`` and ``span._.cue``; ``doc._.kind`` and
``doc._.kind_confidence`` say which the text was read as.

It is registered under the ``spacy_factories`` entry point, so after ``pip install credscan``
``spacy.blank("en").add_pipe("credscan")`` works without importing credscan first.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span

from scanner.documents.model import Document
from scanner.documents.normalize import to_row
from scanner.pipeline import _extensions  # noqa: F401  (registers span._.status, doc._.kind, ...)

SPANS_KEY = "credscan"


@Language.factory(
    "credscan",
    assigns=["doc.spans", "doc._.kind", "doc._.kind_confidence"],
    default_config={"lexicon_files": [], "spans_key": SPANS_KEY, "kind": None},
)
def make_credscan(nlp: Language, name: str, lexicon_files: list[str], spans_key: str, kind: str | None) -> CredscanComponent:
    return CredscanComponent(lexicon_files, spans_key, kind)


class CredscanComponent:
    """Finds credential mentions in any Doc; ``kind`` ("resume"/"posting") skips the classifier."""

    def __init__(self, lexicon_files: Iterable[str] = (), spans_key: str = SPANS_KEY, kind: str | None = None) -> None:
        if kind not in (None, "resume", "posting"):
            raise ValueError(f"credscan: kind must be 'resume', 'posting' or null, got {kind!r}")
        self.lexicon_files = [str(f) for f in lexicon_files]
        self.spans_key = spans_key
        self.kind = kind
        self._inner: Language | None = None

    @property
    def inner(self) -> Language:
        """The detection pipeline, built on first use (a host may add the component and never run it)."""
        if self._inner is None:
            from scanner.pipeline import build_pipeline

            self._inner = build_pipeline(self.lexicon_files)
        return self._inner

    def __call__(self, doc: Doc) -> Doc:
        from scanner.scan import scan_document

        document, starts = lines_of(doc.text)
        result = scan_document(document, self.inner, kind=self.kind)
        by_number = {line.number: line for line in document.lines}
        spans: list[Span] = []
        for hit in result.credentials:
            for m in hit.mentions:
                line = by_number[m.line]
                s, e = line.raw_span(m.start, m.end)
                span = doc.char_span(starts[m.line] + s, starts[m.line] + e, label=hit.id, alignment_mode="expand")
                if span is None:
                    continue
                ext = span._
                ext.entry_id, ext.method, ext.score = hit.id, m.method, m.score
                ext.status, ext.level, ext.year, ext.cue, ext.section = m.status, m.level, m.year, m.cue, m.section
                ext.alternatives = hit.alternatives
                spans.append(span)
        doc.spans[self.spans_key] = sorted(spans, key=lambda sp: sp.start)
        doc._.kind, doc._.kind_confidence = result.kind, result.kind_confidence
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterable[Doc]:
        for doc in docs:
            yield self(doc)

    # state is the configuration only (the lexicon is data shipped with the package): the files
    # keep what a saved pipeline was built with, so a reload can tell a lexicon change
    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        (path / "cfg.json").write_text(json.dumps(self._cfg(), indent=2), encoding="utf-8")

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> CredscanComponent:
        cfg = json.loads((Path(path) / "cfg.json").read_text(encoding="utf-8"))
        self.lexicon_files, self.spans_key, self.kind = cfg["lexicon_files"], cfg["spans_key"], cfg["kind"]
        self._inner = None
        return self

    def to_bytes(self, *, exclude: Iterable[str] = ()) -> bytes:
        return json.dumps(self._cfg()).encode("utf-8")

    def from_bytes(self, data: bytes, *, exclude: Iterable[str] = ()) -> CredscanComponent:
        cfg = json.loads(data)
        self.lexicon_files, self.spans_key, self.kind = cfg["lexicon_files"], cfg["spans_key"], cfg["kind"]
        self._inner = None
        return self

    def _cfg(self) -> dict[str, Any]:
        from scanner.pipeline import get_lexicon

        return {"lexicon_files": self.lexicon_files, "spans_key": self.spans_key, "kind": self.kind,
                "lexicon_version": get_lexicon(self.lexicon_files).version}


def lines_of(text: str) -> tuple[Document, dict[int, int]]:
    """``text`` as a Document of its lines, normalised as every reader does (``to_row``) and
    numbered as an editor shows them, and where each numbered line starts in ``text``."""
    rows = []
    starts: dict[int, int] = {}
    offset = 0
    for number, raw in enumerate(text.splitlines(keepends=True), start=1):
        body = raw.rstrip("\r\n")
        if body.strip():
            starts[number] = offset
            rows.append(to_row(1, body, number=number))
        offset += len(raw)
    return Document.build("<doc>", "text", rows), starts
