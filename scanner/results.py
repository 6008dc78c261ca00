"""Result records of a scan: small, frozen, picklable, and the JSON contract ``credscan.scan/1``.

These are the only things that cross a process boundary in a batch, so they hold plain values
(no spaCy objects) and turn into JSON with ``to_dict`` / back with ``from_dict``.
"""

from __future__ import annotations

from dataclasses import dataclass
from operator import attrgetter
from typing import Any, Literal, TypeVar

SCAN_SCHEMA = "credscan.scan/1"

Kind = Literal["resume", "posting"]
Status = Literal["earned", "in-progress", "planned", "expired", "mentioned"]
Level = Literal["required", "preferred", "mentioned"]
Method = Literal["exact", "alias", "code", "fuzzy"]

STATUS_RANK: dict[str, int] = {"earned": 4, "in-progress": 3, "planned": 2, "expired": 1, "mentioned": 0}
LEVEL_RANK: dict[str, int] = {"required": 2, "preferred": 1, "mentioned": 0}


_T = TypeVar("_T")


def positional_pickle(cls: type[_T]) -> type[_T]:
    """Pickle as ``cls(*fields)``. A frozen slots dataclass otherwise pickles through
    ``dataclasses.fields()`` and a ``setattr`` per field for every object, which was the
    largest cost of a batch's parent process: it unpickles every result a worker sends."""
    values = attrgetter(*cls.__match_args__)  # type: ignore[attr-defined]

    def __reduce__(self: _T) -> tuple[type[_T], tuple[Any, ...]]:
        return cls, values(self)

    cls.__reduce__ = __reduce__  # type: ignore[method-assign,assignment]
    return cls


@positional_pickle
@dataclass(frozen=True, slots=True)
class Mention:
    """One place a credential is named. ``start``/``end`` index ``Line.text`` of (page, line).

    ``ocr``: the line was read by OCR from a page image, and ``ocr_conf`` is OCR's confidence
    (0-100) in the words of the match (None for text read from a text layer or a text format).
    """

    text: str
    page: int
    line: int
    start: int
    end: int
    section: str | None
    method: Method
    score: float
    snippet: str
    status: Status | None = None
    level: Level | None = None
    year: int | None = None
    cue: str | None = None
    ocr: bool = False
    ocr_conf: float | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "page": self.page,
            "line": self.line,
            "span": [self.start, self.end],
            "section": self.section,
            "method": self.method,
            "score": round(self.score, 3),
            "snippet": self.snippet,
            "status": self.status,
            "level": self.level,
            "year": self.year,
            "cue": self.cue,
            "ocr": self.ocr,
            "ocr_conf": None if self.ocr_conf is None else round(self.ocr_conf, 1),
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Mention:
        start, end = d["span"]
        get = d.get
        # positional: a rescan rebuilds every stored result, and keywords cost a third more
        return cls(d["text"], d["page"], d["line"], start, end, get("section"), d["method"], d["score"],
                   d["snippet"], get("status"), get("level"), get("year"), get("cue"), get("ocr", False),
                   get("ocr_conf"))


@positional_pickle
@dataclass(frozen=True, slots=True)
class CredentialHit:
    """A credential found in a document, with the strongest status/level over its mentions."""

    id: str
    name: str
    status: Status | None
    level: Level | None
    year: int | None
    alternatives: tuple[str, ...]
    mentions: tuple[Mention, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "status": self.status,
            "level": self.level,
            "year": self.year,
            "alternatives": list(self.alternatives),
            "mentions": [m.to_dict() for m in self.mentions],
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> CredentialHit:
        mention = Mention.from_dict
        return cls(d["id"], d["name"], d.get("status"), d.get("level"), d.get("year"),
                   tuple(d.get("alternatives", ())), tuple([mention(m) for m in d.get("mentions", ())]))


@positional_pickle
@dataclass(frozen=True, slots=True)
class Rejection:
    """A candidate name set aside, and the rule that did it: what ``--explain`` owes a reader who
    sees a credential's words in the text and none in the answer."""

    id: str
    text: str
    page: int
    line: int
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "text": self.text, "page": self.page, "line": self.line, "reason": self.reason}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Rejection:
        return cls(d["id"], d["text"], d["page"], d["line"], d["reason"])


@positional_pickle
@dataclass(frozen=True, slots=True)
class ScanResult:
    """Everything credscan says about one document, or the one-line reason it could not."""

    path: str
    kind: Kind | None
    kind_confidence: float
    credentials: tuple[CredentialHit, ...] = ()
    near_misses: tuple[CredentialHit, ...] = ()
    warnings: tuple[str, ...] = ()
    error: str | None = None
    error_code: str | None = None
    format: str | None = None
    pages: int = 0
    rejected: tuple[Rejection, ...] = ()

    @property
    def ok(self) -> bool:
        return self.error is None

    def get(self, credential_id: str) -> CredentialHit | None:
        return next((c for c in self.credentials if c.id == credential_id), None)

    @classmethod
    def failed(cls, path: str, error: str, code: str = "unreadable") -> ScanResult:
        return cls(path=path, kind=None, kind_confidence=0.0, error=error, error_code=code)

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": SCAN_SCHEMA,
            "path": self.path,
            "kind": self.kind,
            "kind_confidence": round(self.kind_confidence, 3),
            "format": self.format,
            "pages": self.pages,
            "credentials": [c.to_dict() for c in self.credentials],
            "near_misses": [c.to_dict() for c in self.near_misses],
            "warnings": list(self.warnings),
            "error": self.error,
            "error_code": self.error_code,
            "rejected": [r.to_dict() for r in self.rejected],
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> ScanResult:
        hit = CredentialHit.from_dict
        return cls(d["path"], d.get("kind"), d.get("kind_confidence", 0.0),
                   tuple([hit(c) for c in d.get("credentials", ())]),
                   tuple([hit(c) for c in d.get("near_misses", ())]),
                   tuple(d.get("warnings", ())), d.get("error"), d.get("error_code"), d.get("format"),
                   d.get("pages", 0), tuple([Rejection.from_dict(r) for r in d.get("rejected", ())]))
