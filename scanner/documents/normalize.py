"""The one place where extracted text is normalised, with a map back to what the file said.

Every reader passes each extracted line through :func:`to_row`, so matching sees one canonical
form whatever the format, and evidence can still point at the raw characters:

* NFKC (this also expands the ligatures ﬁ ﬂ ﬀ ﬃ ﬄ ﬅ ﬆ and folds full-width forms);
* trademark signs ™ ℠ ® are dropped (NFKC would turn "TensorFlow™" into "TensorFlowTM");
* soft hyphens, zero-width and bidi marks and other format/control characters are dropped;
* every dash variant (‐ ‑ ‒ – — ― − and pdfium's line-end hyphen marker) becomes "-", keeping the
  spaces as written ("Learning – Specialty" -> "Learning - Specialty");
* curly quotes become straight quotes;
* any whitespace (NBSP, thin spaces, tabs) becomes a space; runs collapse; the line is stripped;
* a bullet at the start of a line (• ◦ ▪ ● ■ ‣ ⁃ ∙ · ➢ ► ✓ …, or "-"/"*" followed by a space) is
  removed and the line becomes an ``item`` (:func:`strip_bullet`).

Line breaks are never joined here: a word hyphenated across lines stays as two lines, and
:func:`hyphen_join` lets detection try the joined form too.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Container, Sequence

from scanner.documents.model import LineKind, invisible

Offsets = tuple[int, ...]
Row = tuple[int, str, LineKind, str, Offsets | None]

# Applied before NFKC: characters NFKC would expand into letters.
_PRE: dict[str, str] = {"™": "", "℠": "", "®": ""}

# Applied to NFKC output, one character at a time.
_POST: dict[str, str] = {
    **dict.fromkeys("‐‑‒–—―−﹘﹣－\x02\ufffe", "-"),
    **dict.fromkeys("‘’‚‛′", "'"),
    **dict.fromkeys("“”„‟″", '"'),
    # Symbol/Wingdings bullets that PDFs and Word exports leave in the private use area.
    **dict.fromkeys("\uf0b7\uf0a7\uf076\uf0d8\uf0fc\uf0a8\uf06e\uf0e0", "•"),
}

_BULLETS = frozenset("•◦▪▫●○■□‣⁃∙·➢➤►▶▸▹◆◇❖✓✔✗☐☑→")
_ASCII_BULLETS = frozenset("-*+")


_ORDINARY = re.compile(r"[!-~]+(?: [!-~]+)*")  # ASCII words with single spaces: copied as they are


def normalize_line(raw: str) -> tuple[str, Offsets | None]:
    """Normalise one line; return the text and, per character, its offset in ``raw``.

    The map is ``None`` when the text equals ``raw``. A character produced from several raw
    characters (a base letter and its combining marks) maps to the first of them; characters
    produced by expanding one raw character (a ligature) all map to it; a collapsed run of
    whitespace maps to its first character.
    """
    if raw.isascii() and raw.isprintable() and "  " not in raw:
        text = raw.strip()
        if len(text) == len(raw):
            return raw, None
        lead = len(raw) - len(raw.lstrip())
        return text, tuple(range(lead, lead + len(text)))
    out: list[str] = []
    offs: list[int] = []
    pending = -1  # raw offset of the first whitespace of a run not yet emitted
    pos = 0
    for m in _ORDINARY.finditer(raw):
        if m.start() > pos:
            pending = _special(raw, pos, m.start(), out, offs, pending)
        if pending >= 0 and out:
            out.append(" ")
            offs.append(pending)
        pending = -1
        out.append(m.group())
        offs.extend(range(m.start(), m.end()))
        pos = m.end()
    if pos < len(raw):
        _special(raw, pos, len(raw), out, offs, pending)
    text = "".join(out)
    if text == raw:
        return text, None
    return text, tuple(offs)


def _special(raw: str, i: int, end: int, out: list[str], offs: list[int], pending: int) -> int:
    """Normalise ``raw[i:end]`` (whitespace runs and non-ASCII) onto ``out``; return ``pending``."""
    while i < end:
        start = i
        ch = raw[i]
        i += 1
        if ch == " " or ch == "\t":
            if pending < 0:
                pending = start
            continue
        marks_end = _marks_end(raw, start)
        if marks_end > start and pending < 0 and offs and offs[-1] == start - 1:
            # marks after a letter already copied with its ASCII word: compose them with it
            base = out[-1][-1]
            out[-1] = out[-1][:-1]
            start = offs.pop()
            cluster = base + _visible(raw[start + 1 : marks_end])
            i = marks_end
        else:
            i = _marks_end(raw, i)
            cluster = raw[start:i] if i == start + 1 else _visible(raw[start:i])
        if cluster in _PRE:
            continue
        if not unicodedata.is_normalized("NFKC", cluster):
            cluster = unicodedata.normalize("NFKC", cluster)
        for c in cluster:
            c = _POST.get(c, c)
            if c.isspace():
                if pending < 0:
                    pending = start
                continue
            if (
                c < " "
                or c == "\x7f"
                or (not c.isascii() and unicodedata.category(c) in ("Cc", "Cf"))
            ):
                continue
            if pending >= 0:
                if out:
                    out.append(" ")
                    offs.append(pending)
                pending = -1
            out.append(c)
            offs.append(start)
    return pending


def _marks_end(raw: str, i: int) -> int:
    """End of the combining marks from ``i`` (invisible characters between them too)."""
    n = len(raw)
    while i < n:
        if unicodedata.combining(raw[i]):
            i += 1
            continue
        k = i
        while k < n and invisible(raw[k]):
            k += 1
        if k in (i, n) or not unicodedata.combining(raw[k]):
            break
        i = k + 1
    return i


def _visible(cluster: str) -> str:
    return "".join(c for c in cluster if not invisible(c))


def strip_bullet(text: str, offsets: Sequence[int] | None) -> tuple[str, Offsets | None, bool]:
    """Remove a leading bullet from normalised ``text``; say whether there was one.

    ASCII markers ("-", "*", "+") count only when followed by a space, so "-5%" and "*nix" stay.
    """
    if not text:
        return text, tuple(offsets) if offsets is not None else None, False
    first = text[0]
    if first in _BULLETS:
        cut = 1
    elif first in _ASCII_BULLETS and len(text) > 1 and text[1] == " ":
        cut = 2
    else:
        return text, tuple(offsets) if offsets is not None else None, False
    while cut < len(text) and unicodedata.combining(text[cut]):  # marks on the bullet itself
        cut += 1
    if cut < len(text) and text[cut] == " ":
        cut += 1
    rest = text[cut:]
    base = offsets if offsets is not None else range(len(text))
    return rest, tuple(base[cut:]), True


def to_row(
    page: int,
    text: str,
    kind: LineKind = "text",
    *,
    raw: str | None = None,
    raw_map: Sequence[int] | None = None,
) -> Row:
    """Make a ``Document.build`` row from one extracted line.

    ``text`` is the line as extracted. A reader that strips markup itself (markdown) passes the
    source line as ``raw`` and ``raw_map`` (``text[i]`` came from ``raw[raw_map[i]]``) so offsets
    point into the source (``raw_map`` defaults to identity); otherwise ``raw`` is ``text``.
    A bullet makes the line an ``item``
    (headings and table rows keep their kind).
    """
    norm, offs = normalize_line(text)
    norm, offs, bullet = strip_bullet(norm, offs)
    if bullet and kind == "text":
        kind = "item"
    if raw is None:
        raw = text
    else:
        base = raw_map if raw_map is not None else range(len(text))
        inner = offs if offs is not None else range(len(norm))
        offs = tuple(base[j] for j in inner)
    if norm == raw:
        offs = None
    return (page, norm, kind, raw, offs)


_WORD_TAIL = re.compile(r"([^\W\d_]+)-$")
_WORD_HEAD = re.compile(r"[^\W\d_]+")


def hyphen_join(left: str, right: str, vocabulary: Container[str] | None = None) -> str | None:
    """Decide how a word hyphenated across two lines should read, or ``None`` if it is not one.

    Applies when ``left`` ends with a letter and "-" and ``right`` starts with a lowercase letter
    ("Spe-" / "cialty (2022)"). Returns the word as it should be written: the hyphen is kept when
    ``vocabulary`` (lower-case words) knows the hyphenated form but not the joined one
    ("self-" / "paced" -> "self-paced"), otherwise it is dropped ("Specialty"). Documents keep
    both lines as they are; detection uses this to try the joined form as well.
    """
    tail = _WORD_TAIL.search(left.rstrip())
    if tail is None:
        return None
    head = _WORD_HEAD.match(right.lstrip())
    if head is None or not head.group()[0].islower():
        return None
    first, second = tail.group(1), head.group()
    joined = first + second
    if vocabulary is not None:
        hyphened = f"{first}-{second}"
        if joined.lower() not in vocabulary and hyphened.lower() in vocabulary:
            return hyphened
    return joined
