"""The verbs as functions over documents given by name: scan them, then build the report.

The CLI and the web app both call these, so a posting check, an audit or a ranking is built one
way whoever asks. How a document is scanned is the caller's (``Scan``): the CLI scans a named
file in its own process; the web app scans in worker processes under a time limit, as its files
come from strangers. Documents that arrive as bytes (an upload, standard input) are staged in a
private temporary folder while they are scanned, and every result names them as the user knows
them (``Staged``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from scanner.lexicon import Lexicon
from scanner.report import (
    Audit,
    Demands,
    Ranking,
    audit,
    demands,
    kind_mismatch,
    kind_warnings,
    rank,
)
from scanner.results import ScanResult

Scan = Callable[[str, "str | None"], ScanResult]  # (path, kind: "resume"/"posting"/None to detect) -> result
TextOf = Callable[[str], "str | None"]


class Unreadable(Exception):
    """A document the user named could not be read; ``result`` holds the one-line reason."""

    def __init__(self, result: ScanResult) -> None:
        super().__init__(result.error or f"{result.path}: cannot be read")
        self.result = result


def _checked(result: ScanResult) -> ScanResult:
    if not result.ok:
        raise Unreadable(result)
    return result


def document_text(path: str) -> str | None:
    """A document's full text, for what its credentials alone do not say (the cloud a posting's
    team works on, the role); None when it cannot be read."""
    from scanner.documents import DocumentError, read_document

    try:
        return read_document(path).text
    except (DocumentError, OSError):
        return None


def scan_as(scan: Scan, path: str, want: str) -> tuple[ScanResult, ScanResult | None]:
    """Scan a document given as a ``want`` (resume or posting): read as one, whatever it looks like.

    Returns the result and, when on its own the document reads as the other kind, that reading
    too, so the caller can warn (swapped arguments) and explain that the kind was imposed.
    Raises ``Unreadable``.
    """
    detected = _checked(scan(path, None))
    if detected.kind == want:
        return detected, None
    return _checked(scan(path, want)), detected


def check_posting(scan: Scan, path: str, lexicon: Lexicon, *, kind: str | None = "posting",
                  text_of: TextOf = document_text) -> tuple[Demands, ScanResult]:
    """What a posting demands, with the guide's advice on it. Raises ``Unreadable``."""
    result = _checked(scan(path, kind))
    return demands(result, lexicon, posting_text=text_of(path)), result


@dataclass(frozen=True, slots=True)
class AuditAnswer:
    """An audit and the scans it was built from (``*_detected``: the document's own reading
    when it reads as the other kind, else None)."""

    audit: Audit
    resume: ScanResult
    posting: ScanResult | None
    resume_detected: ScanResult | None
    posting_detected: ScanResult | None


def audit_documents(scan: Scan, resume: str, posting: str | None, lexicon: Lexicon, *, cloud: str | None = None,
                    as_of: dt.date | None = None, text_of: TextOf = document_text) -> AuditAnswer:
    """A candidate's resume against a posting (or the guide alone, without one), warning when the
    two look swapped. Raises ``Unreadable``."""
    res, res_detected = scan_as(scan, resume, "resume")
    post, post_detected = scan_as(scan, posting, "posting") if posting else (None, None)
    warnings = kind_warnings(res_detected or res, (post_detected or post) if post else None)
    a = audit(res, post, lexicon, cloud=cloud, as_of=as_of or dt.date.today(),
              posting_text=text_of(posting) if posting else None, warnings=warnings)
    return AuditAnswer(a, res, post, res_detected, post_detected)


def rank_documents(scan: Scan, posting: str, resumes: Callable[[], Iterable[ScanResult]], lexicon: Lexicon, *,
                   as_of: dt.date | None = None,
                   same_file: Callable[[str, str], bool] | None = None) -> tuple[Ranking, str | None]:
    """Resumes ranked against a posting, and a warning when the posting reads like a resume.
    ``resumes`` is called once the posting is read (a batch starts only for a readable posting).
    Raises ``Unreadable`` for the posting; unreadable resumes are the ranking's errors."""
    post, detected = scan_as(scan, posting, "posting")
    swapped = kind_mismatch(detected, "posting", sure_only=True) if detected else None
    warning = f"{post.path}, read as the posting, {swapped}" if swapped else None
    ranking = rank(post, resumes(), lexicon, as_of=as_of or dt.date.today(), same_file=same_file)
    if warning:  # in the answer itself too, so JSON readers see what the terminal shows
        ranking = dataclasses.replace(ranking, warnings=(*ranking.warnings, warning))
    return ranking, warning


# --- documents that arrive as bytes -----------------------------------------------------------

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def safe_name(name: str) -> str:
    """A file name to write under: the last part of ``name`` with only letters, digits, '.', '_'
    and '-' (the extension kept, as it breaks ties between text formats), never hidden, never
    a path."""
    base = re.split(r"[/\\]", name)[-1]
    base = _UNSAFE.sub("_", base).lstrip(".")[-80:]
    return base or "document"


class Staged:
    """Named bytes written to a private temporary folder (mode 0700, removed on ``close``) so that
    batch workers can read them as files; ``named`` gives a result back the user's name for it.

    Files are written under a number and a sanitised name, never under the name given, so a
    name like ``../../.bashrc`` from a zip or a browser cannot place a file anywhere.
    """

    def __init__(self, prefix: str = "credscan-") -> None:
        self.dir = tempfile.mkdtemp(prefix=prefix)
        self.names: dict[str, str] = {}

    def add(self, data: bytes, name: str) -> str:
        path = os.path.join(self.dir, f"{len(self.names):05d}-{safe_name(name)}")
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        self.names[path] = name
        return path

    def named(self, result: ScanResult) -> ScanResult:
        """``result`` with the staged path replaced by the user's name (in its messages too)."""
        name = self.names.get(result.path)
        if name is None:
            return result
        path = result.path
        return dataclasses.replace(
            result, path=name, error=result.error.replace(path, name) if result.error else result.error,
            warnings=tuple(w.replace(path, name) for w in result.warnings))

    def close(self) -> None:
        shutil.rmtree(self.dir, ignore_errors=True)

    def __enter__(self) -> Staged:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()
