"""The Python API: what the command line answers, as functions returning the objects it renders.

``scan``, ``demands``, ``audit``, ``rank`` and ``stats`` return ``ScanResult``, ``Demands``,
``Audit``, ``Ranking`` and ``Stats``; ``to_dict()`` on each is exactly the JSON the CLI prints
(``credscan.scan/1``, ``demands/2``, ``audit/1``, ``rank/1``, ``stats/1``; the schemas ship in
``scanner.schemas``). The answers are built by ``scanner.service``, as the CLI's are, so a
function and its verb cannot drift apart.

What a caller can rely on:

- Inputs are explicit. A ``str`` or ``os.PathLike`` is always a path, never text, so a string
  from a user cannot make credscan open a file by looking like a name; text is passed as
  ``scan(text=...)``, and bytes as ``scan(data, name=...)``. ``demands``, ``audit``, ``rank``
  and ``stats`` take paths or ``ScanResult`` objects (scan bytes or text first).
- A document that cannot be read raises ``DocumentError`` (one line: ``"<name>: <reason>"``;
  its subclass and ``code`` say why), except among the many documents of ``rank`` and ``stats``,
  where it becomes an entry of ``errors``, as in the CLI. A bad lexicon file raises
  ``LexiconError``; a wrong argument ``TypeError`` or ``ValueError``.
- One detection pipeline per process and set of lexicon files, built on first use (~1 s,
  most of it importing spaCy) and shared; calls from several threads take turns on it.
- Documents are scanned in this process, one at a time, with no time limit and no results
  store: for folders of files from strangers, the CLI's ``scan``/``rank``/``stats`` add worker
  processes, a per-file time limit and the store.
"""

from __future__ import annotations

import datetime as dt
import os
import threading
import warnings
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Literal, TypeAlias

from scanner.documents.errors import (
    CorruptDocumentError,
    DocumentError,
    EncryptedDocumentError,
    NoTextError,
    TooLargeError,
    UnsupportedFormatError,
)
from scanner.report import Audit, Demands, Ranking, Stats
from scanner.results import ScanResult

__all__ = ["Cloud", "KindWarning", "Lexicons", "PathLike", "Versions", "audit", "demands", "rank", "scan", "stats", "versions"]

PathLike: TypeAlias = "str | os.PathLike[str]"
Lexicons: TypeAlias = "PathLike | Sequence[PathLike]"
Cloud = Literal["aws", "gcp", "azure"]


class KindWarning(UserWarning):
    """A document given as a posting reads like a resume, or the reverse (arguments swapped?).

    ``audit`` puts these in its result's ``warnings``, as the CLI does; ``rank`` has no such
    field for the posting, so it says it with ``warnings.warn`` (the CLI prints it on stderr).
    """


# --- one pipeline per process -----------------------------------------------------------------

_lock = threading.RLock()


def _files(lexicons: Lexicons) -> tuple[str, ...]:
    """Lexicon files as a tuple of str; a single path is one file, not a sequence of characters."""
    if isinstance(lexicons, str | os.PathLike):
        return (os.fspath(lexicons),)
    return tuple(os.fspath(f) for f in lexicons)


def _lexicon(files: tuple[str, ...]):
    from scanner.lexicon import cached_lexicon

    return cached_lexicon(files)


def _scan_document(document, kind: str | None, files: tuple[str, ...]) -> ScanResult:
    from scanner.pipeline import shared_pipeline
    from scanner.scan import scan_document

    with _lock:  # a spaCy pipeline makes no promise about threads
        return scan_document(document, shared_pipeline(files), kind)


def _scan_file(path: str, kind: str | None, files: tuple[str, ...]) -> ScanResult:
    """A path scanned as the CLI's batch scans it: an unreadable file is a failed result."""
    from scanner.batch import scan_file
    from scanner.pipeline import shared_pipeline

    with _lock:
        return scan_file(path, shared_pipeline(files), kind=kind)


def _check_kind(kind: str | None, allowed: tuple[str | None, ...]) -> str | None:
    if kind not in allowed:
        raise ValueError(f"kind must be one of {', '.join(map(repr, allowed))}, got {kind!r}")
    return kind


# --- scan -------------------------------------------------------------------------------------

def scan(source: PathLike | bytes | None = None, *, text: str | None = None, name: str | None = None,
         kind: Literal["resume", "posting"] | None = None, lexicons: Lexicons = ()) -> ScanResult:
    """The credentials one document mentions: ``credscan scan FILE``, one ``credscan.scan/1`` result.

    Give exactly one of:

    - ``source`` as a ``str`` or ``os.PathLike``: the path of a file (PDF, DOCX, TXT, Markdown,
      HTML, LaTeX, JSON Resume, RTF; the type is read from the content). A ``str`` is always
      a path: pass text as ``text=``.
    - ``source`` as ``bytes``: a file's content; ``name`` is then required. It labels the
      result (``path``) and its extension breaks ties between text formats.
    - ``text``: plain text, read as a UTF-8 text file would be (``name`` defaults to
      ``"<text>"``; ``name="posting.md"`` reads it as Markdown).

    ``kind`` ("resume" or "posting") imposes how the document is read; None lets credscan tell
    (``result.kind``, ``result.kind_confidence``). ``lexicons``: your lexicon files, on top of
    the shipped one.

    Raises ``DocumentError`` when the document cannot be read, ``LexiconError`` for a bad
    lexicon file.
    """
    from scanner.documents import read_document

    _check_kind(kind, (None, "resume", "posting"))
    files = _files(lexicons)
    if (source is None) == (text is None):
        raise TypeError("scan() takes a path or bytes, or text=..., and only one of them")
    if text is not None:
        if not isinstance(text, str):
            raise TypeError(f"text must be a str, got {type(text).__name__}")
        document = read_document(text.encode("utf-8"), name=name or "<text>")
    elif isinstance(source, bytes | bytearray | memoryview):
        if not name:
            raise TypeError("scan(data) needs name=...: it labels the result and breaks ties between text formats")
        document = read_document(bytes(source), name=name)
    elif isinstance(source, str | os.PathLike):
        path = os.fspath(source)
        if isinstance(path, str) and "\n" in path and not os.path.lexists(path):
            raise TypeError("a str is a path, and this one is not a file: to scan text, pass it as scan(text=...)")
        document = read_document(path, name=name)
    else:
        raise TypeError(f"scan() takes a path, bytes or text=..., got {type(source).__name__}")
    return _scan_document(document, kind, files)


# --- demands, audit, rank, stats ---------------------------------------------------------------

Document: TypeAlias = "PathLike | ScanResult"

_ERRORS: dict[str, type[DocumentError]] = {cls.code: cls for cls in (
    DocumentError, UnsupportedFormatError, EncryptedDocumentError, CorruptDocumentError, NoTextError, TooLargeError)}


def _unreadable(result: ScanResult) -> DocumentError:
    """The ``DocumentError`` a failed result stands for (its class from ``error_code``)."""
    cls = _ERRORS.get(result.error_code or "", DocumentError)
    reason = (result.error or "cannot be read").removeprefix(f"{result.path}: ")
    return cls(result.path, reason)


class _Given:
    """Documents as ``scanner.service`` takes them (names it scans through a callable): a path
    is scanned as a file; a ScanResult the caller made is answered as it is, under a key no
    file name can have, and its text is the one the caller gave, if any."""

    def __init__(self, files: tuple[str, ...]) -> None:
        self.files = files
        self.results: dict[str, ScanResult] = {}
        self.texts: dict[str, str | None] = {}

    def key(self, doc: Document, text: str | None = None) -> str:
        if isinstance(doc, ScanResult):
            if not doc.ok:
                raise _unreadable(doc)
            key = f"\0{len(self.results)}"
            self.results[key] = doc
            self.texts[key] = text
            return key
        if isinstance(doc, str | os.PathLike):
            return os.fspath(doc)
        raise TypeError(f"expected a path or a ScanResult, got {type(doc).__name__} (scan bytes or text first)")

    def scan(self, key: str, kind: str | None) -> ScanResult:
        """Scan a named document, raising ``DocumentError`` when it cannot be read."""
        given = self.results.get(key)
        if given is not None:
            return given
        result = _scan_file(key, kind, self.files)
        if not result.ok:
            raise _unreadable(result)
        return result

    def text_of(self, key: str) -> str | None:
        if key in self.texts:
            return self.texts[key]
        from scanner.service import document_text

        return document_text(key)


def demands(posting: Document, *, kind: Literal["resume", "posting"] | None = "posting",
            lexicons: Lexicons = ()) -> Demands:
    """What a job posting asks for: ``credscan demands POSTING``, ``credscan.demands/2``.

    ``posting`` is a path (read as a posting, as the CLI does; ``kind=None`` lets credscan tell)
    or a ``ScanResult`` (taken as it is: scan it with ``kind="posting"``). Raises
    ``DocumentError`` when it cannot be read.
    """
    from scanner.service import check_posting

    _check_kind(kind, (None, "resume", "posting"))
    files = _files(lexicons)
    given = _Given(files)
    dem, _ = check_posting(given.scan, given.key(posting), _lexicon(files), kind=kind, text_of=given.text_of)
    return dem


def audit(resume: Document, posting: Document | None = None, cloud: Cloud | None = None, *,
          as_of: dt.date | None = None, posting_text: str | None = None, lexicons: Lexicons = ()) -> Audit:
    """A candidate against a posting, or against the recruiter's guide alone without one:
    ``credscan audit RESUME [--against POSTING] [--cloud CLOUD]``, ``credscan.audit/1``.

    Each document is a path (read as a resume / a posting whatever it looks like; when it looks
    like the other kind, ``warnings`` says so) or a ``ScanResult``. ``cloud`` is the target
    employers' cloud (default: the one the posting says it uses, else the clouds it demands).
    ``as_of`` is the day expiry is judged on (default: today). ``posting_text``, the posting's
    full text, helps find the cloud the team uses when ``posting`` is a ``ScanResult`` (a path
    is read for it). Raises ``DocumentError`` when a document cannot be read.
    """
    from scanner.service import audit_documents

    if cloud not in (None, "aws", "gcp", "azure"):
        raise ValueError(f"cloud must be 'aws', 'gcp', 'azure' or None, got {cloud!r}")
    files = _files(lexicons)
    given = _Given(files)
    res = given.key(resume)
    post = given.key(posting, posting_text) if posting is not None else None
    answer = audit_documents(given.scan, res, post, _lexicon(files), cloud=cloud, as_of=as_of or dt.date.today(),
                             text_of=given.text_of)
    return answer.audit


def _same_file(a: str, b: str) -> bool:
    """Whether two names are one existing file: the posting inside a folder being ranked. Names
    that are not files (a ScanResult's "<text>") are never the same file."""
    try:
        return os.path.samefile(a, b)
    except (OSError, ValueError):
        return False


def _many(docs: Document | Iterable[Document], kind: str | None, files: tuple[str, ...]) -> Iterator[ScanResult]:
    """Each document's result, folders walked as the CLI walks them (recursively, hidden files
    skipped, each file once); what cannot be read is a failed result, not an exception."""
    from scanner.batch import Skipped, walk

    items: Iterable[Document] = [docs] if isinstance(docs, str | os.PathLike | ScanResult) else docs
    paths: list[str] = []

    def flush() -> Iterator[ScanResult]:
        for item in walk(paths):
            if isinstance(item, Skipped):
                if item.lost:
                    yield ScanResult.failed(str(item.path), f"{item.path}: {item.reason}", "unreadable")
                continue
            yield _scan_file(str(item), kind, files)
        paths.clear()

    for doc in items:
        if isinstance(doc, ScanResult):
            yield from flush()
            yield doc
        elif isinstance(doc, str | os.PathLike):
            paths.append(os.fspath(doc))
        else:
            raise TypeError(f"expected paths or ScanResults, got {type(doc).__name__}")
    yield from flush()


def rank(posting: Document, resumes: Document | Iterable[Document], *, kind: Literal["resume"] | None = None,
         as_of: dt.date | None = None, lexicons: Lexicons = ()) -> Ranking:
    """Resumes ranked by how well they cover a posting's demands: ``credscan rank POSTING
    RESUMES...``, ``credscan.rank/1``.

    ``resumes``: a path (a file or a folder, walked recursively) or an iterable of paths and
    ``ScanResult`` objects. Files that read as postings (and the posting itself) are left out
    and listed in ``skipped``, unless ``kind="resume"`` reads every file as a resume; files that
    cannot be read are listed in ``errors``. Raises ``DocumentError`` when the posting cannot
    be read; warns (``KindWarning``) when it reads like a resume.
    """
    from scanner.service import rank_documents

    _check_kind(kind, (None, "resume"))
    files = _files(lexicons)
    given = _Given(files)
    ranking, swapped = rank_documents(given.scan, given.key(posting), lambda: _many(resumes, kind, files),
                                      _lexicon(files), as_of=as_of or dt.date.today(), same_file=_same_file)
    if swapped:
        warnings.warn(swapped, KindWarning, stacklevel=2)
    return ranking


def stats(postings: Document | Iterable[Document], *, kind: Literal["posting"] | None = None,
          lexicons: Lexicons = ()) -> Stats:
    """Per credential, how many postings require, prefer or mention it: ``credscan stats
    POSTINGS...``, ``credscan.stats/1``.

    ``postings``: a path (a file or a folder, walked recursively) or an iterable of paths and
    ``ScanResult`` objects. Files that read as resumes are left out and listed in ``skipped``,
    unless ``kind="posting"``; files that cannot be read are listed in ``errors``.
    """
    from scanner.report import stats as build_stats

    _check_kind(kind, (None, "posting"))
    files = _files(lexicons)
    return build_stats(_many(postings, kind, files), _lexicon(files))


# --- versions ---------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Versions:
    """What made a result, for whoever stores results: credscan's version, the lexicon's content
    version (a digest of the lexicon files: a changed alias changes it) and the JSON contracts."""

    credscan: str
    lexicon: str
    contracts: tuple[str, ...]


def versions(lexicons: Lexicons = ()) -> Versions:
    """The versions in force, with ``lexicons`` on top of the shipped lexicon.

    Raises ``LexiconError`` for a bad lexicon file.
    """
    from scanner import __version__, schemas

    return Versions(__version__, _lexicon(_files(lexicons)).version, tuple(schemas.names()))


def version_text() -> str:
    """What ``credscan --version`` prints: credscan's version, the lexicon's, the contracts'."""
    v = versions()
    return f"credscan, version {v.credscan}\nlexicon {v.lexicon}\ncontracts {', '.join(v.contracts)}"
