"""Every custom attribute credscan puts on spaCy objects, registered once, in one namespace."""

from __future__ import annotations

from spacy.tokens import Doc, Span

SPAN_ATTRS: dict[str, object] = {
    "entry_id": None,      # credential or near-miss id
    "is_near_miss": False,
    "method": None,        # exact | alias | code | fuzzy
    "score": 1.0,
    "generic": False,      # matched through an alias too generic to stand alone
    "pattern": None,       # the lexicon text that matched (for --explain)
    "status": None,        # resume: earned | in-progress | planned | expired | mentioned
    "level": None,         # posting: required | preferred | mentioned
    "year": None,
    "cue": None,           # what set status/level: a cue literal, "section:<name>", "date range", ...
    "section": None,
    "alternatives": (),
}
DOC_ATTRS: dict[str, object] = {"kind": None, "kind_confidence": 0.0}


def register() -> None:
    for name, default in SPAN_ATTRS.items():
        if not Span.has_extension(name):
            Span.set_extension(name, default=default)
    for name, default in DOC_ATTRS.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)


register()
