"""JSON Resume (jsonresume.org schema) as headed sections of lines.

The structure already says what each string is, so each section gets a heading line and each
entry one line with its parts in a fixed order; a certificate reads "NAME — ISSUER — DATE" so its
issuer and date sit on the credential's line. Unknown keys are ignored and odd values (numbers,
nulls, wrong types) are tolerated: a hand-edited file should still read.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from scanner.documents.model import Document, LineKind
from scanner.documents.normalize import Row, to_row

RESUME_KEYS = frozenset(
    {"basics", "work", "certificates", "education", "skills", "awards", "projects", "volunteer"}
)
SEP = " — "

Entry = tuple[str, LineKind]


def looks_like_json_resume(obj: object) -> bool:
    """A JSON object with at least one of the schema's top-level sections."""
    return isinstance(obj, dict) and not RESUME_KEYS.isdisjoint(obj)


def read_json_resume(obj: dict[str, Any], name: str) -> Document:
    """Sections in the schema's order, each under its heading line."""
    rows: list[Row] = [to_row(1, text, kind) for text, kind in _lines(obj)]
    return Document.build(name, "json-resume", rows)


def _s(value: object) -> str:
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool) or value is None:
        return ""
    if isinstance(value, int | float):
        return str(value)
    return ""


def _list(value: object) -> list[Any]:
    return value if isinstance(value, list) else []


def _dict(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _join(*parts: object, sep: str = SEP) -> str:
    return sep.join(p for p in map(_s, parts) if p)


def _dates(entry: dict[str, Any], start: str = "startDate", end: str = "endDate") -> str:
    """ "2019-03 – 2022-01"; an open end stays open (the schema does not say "present")."""
    return _join(entry.get(start), entry.get(end), sep=" – ")


def _strings(values: object) -> Iterator[str]:
    return (s for s in map(_s, _list(values)) if s)


def _lines(obj: dict[str, Any]) -> Iterator[Entry]:
    basics = _dict(obj.get("basics"))
    if basics:
        if _s(basics.get("name")):
            yield _s(basics.get("name")), "heading"
        for key in ("label", "email", "phone", "url"):
            if _s(basics.get(key)):
                yield _s(basics[key]), "text"
        location = _dict(basics.get("location"))
        place = _join(
            location.get("city"), location.get("region"), location.get("countryCode"), sep=", "
        )
        if place:
            yield place, "text"
        for profile in map(_dict, _list(basics.get("profiles"))):
            line = _join(
                profile.get("network"), profile.get("username") or profile.get("url"), sep=": "
            )
            if line:
                yield line, "text"
        if _s(basics.get("summary")):
            yield from _paragraphs(basics["summary"])
    yield from _section(obj, "work", "Work", _work)
    yield from _section(obj, "volunteer", "Volunteer", _work)
    yield from _section(obj, "education", "Education", _education)
    yield from _section(obj, "certificates", "Certificates", _certificate)
    yield from _section(obj, "awards", "Awards", _award)
    yield from _section(obj, "publications", "Publications", _publication)
    yield from _section(obj, "skills", "Skills", _keywords)
    yield from _section(obj, "languages", "Languages", _language)
    yield from _section(obj, "interests", "Interests", _keywords)
    yield from _section(obj, "projects", "Projects", _project)
    yield from _section(obj, "references", "References", _reference)


def _section(
    obj: dict[str, Any], key: str, title: str, render: Callable[[dict[str, Any]], Iterator[Entry]]
) -> Iterator[Entry]:
    entries = [e for e in map(_dict, _list(obj.get(key))) if e]
    lines = [line for entry in entries for line in render(entry)]
    if lines:
        yield title, "heading"
        yield from lines


def _paragraphs(text: object) -> Iterator[Entry]:
    for line in _s(text).splitlines():
        if line.strip():
            yield line, "text"


def _work(e: dict[str, Any]) -> Iterator[Entry]:
    head = _join(e.get("position"), e.get("name") or e.get("organization"), _dates(e))
    if head:
        yield head, "text"
    yield from _paragraphs(e.get("summary"))
    yield from ((h, "item") for h in _strings(e.get("highlights")))


def _education(e: dict[str, Any]) -> Iterator[Entry]:
    degree = _join(e.get("studyType"), e.get("area"), sep=", ")
    head = _join(degree, e.get("institution"), _dates(e))
    if head:
        yield head, "text"
    if _s(e.get("score")):
        yield f"Score: {_s(e['score'])}", "text"
    yield from ((c, "item") for c in _strings(e.get("courses")))


def _certificate(e: dict[str, Any]) -> Iterator[Entry]:
    line = _join(e.get("name"), e.get("issuer"), e.get("date"))
    if line:
        yield line, "item"
    if _s(e.get("url")):
        yield _s(e["url"]), "text"


def _award(e: dict[str, Any]) -> Iterator[Entry]:
    line = _join(e.get("title"), e.get("awarder"), e.get("date"))
    if line:
        yield line, "item"
    yield from _paragraphs(e.get("summary"))


def _publication(e: dict[str, Any]) -> Iterator[Entry]:
    line = _join(e.get("name"), e.get("publisher"), e.get("releaseDate"))
    if line:
        yield line, "item"
    yield from _paragraphs(e.get("summary"))


def _keywords(e: dict[str, Any]) -> Iterator[Entry]:
    keywords = ", ".join(_strings(e.get("keywords")))
    name, level = _s(e.get("name")), _s(e.get("level"))
    label = f"{name} ({level})" if name and level else name or level
    line = f"{label}: {keywords}" if label and keywords else label or keywords
    if line:
        yield line, "item"


def _language(e: dict[str, Any]) -> Iterator[Entry]:
    line = _join(e.get("language"), e.get("fluency"), sep=": ")
    if line:
        yield line, "item"


def _project(e: dict[str, Any]) -> Iterator[Entry]:
    head = _join(e.get("name"), e.get("entity"), _dates(e))
    if head:
        yield head, "text"
    yield from _paragraphs(e.get("description"))
    yield from ((h, "item") for h in _strings(e.get("highlights")))
    keywords = ", ".join(_strings(e.get("keywords")))
    if keywords:
        yield keywords, "text"


def _reference(e: dict[str, Any]) -> Iterator[Entry]:
    line = _join(e.get("name"), e.get("reference"), sep=": ")
    if line:
        yield line, "text"
