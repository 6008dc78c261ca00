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

import itertools
import re
import unicodedata
from array import array
from collections.abc import Container, Sequence

from scanner.documents.model import LineKind, invisible

Offsets = Sequence[int]
"""Per character of a normalised line, its offset in the raw line: a ``range`` when the line
was only trimmed (most lines: leading spaces, a bullet), else an ``array("i")``. Both take a few
bytes per character at most; a tuple took 8, and 32 more for each offset past 256."""
Row = tuple[int, str, LineKind, str, Offsets | None, int]
"""``Document.build``'s row: page, text, kind, raw, raw offsets, and the line number in the
source (0: counted by ``Document.build``)."""

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

BULLETS = frozenset("•◦▪▫●○■□‣⁃∙·➢➤►▶▸▹◆◇❖✓✔✗☐☑→")
_ASCII_BULLETS = frozenset("-*+")


_ORDINARY = re.compile(r"[!-~]+(?: [!-~]+)*")  # ASCII words with single spaces: copied as they are


def _one_to_one(c: str) -> str | None:
    """What :func:`_normalize_full` turns the non-ASCII ``c`` into, if always one character.

    That holds for a character that is no whitespace, no combining mark, not invisible and not
    dropped, and whose NFKC form (after ``_POST``) is one character that is neither whitespace
    nor dropped: in a line without combining marks such a character is a cluster of its own, so
    it becomes that one character at its own offset whatever surrounds it.
    """
    if c.isascii() or c.isspace() or c in _PRE or unicodedata.combining(c) or invisible(c):
        return None
    nfkc = unicodedata.normalize("NFKC", c)
    if len(nfkc) != 1:
        return None
    out = _POST.get(nfkc, nfkc)
    if out.isspace() or unicodedata.category(out) in ("Cc", "Cf"):
        return None
    return out


def _simple_characters() -> dict[str, str]:
    """The non-ASCII characters resumes are made of (accented Latin, Greek and Cyrillic letters,
    dashes and quotes, arrows, maths signs, bullets and other shapes, dingbats) that
    :func:`_one_to_one` allows, and what each becomes."""
    common = itertools.chain(
        range(0x00A0, 0x0250),
        range(0x0370, 0x0500),
        range(0x2010, 0x2060),
        range(0x2190, 0x2300),
        range(0x25A0, 0x27C0),
        map(ord, _POST),
        map(ord, BULLETS),
    )
    simple: dict[str, str] = {}
    for c in map(chr, common):
        out = _one_to_one(c)
        if out is not None:
            simple[c] = out
    return simple


_SIMPLE = _simple_characters()
_SWAP = {c: out for c, out in _SIMPLE.items() if out != c}
# Characters that are neither printable ASCII nor in ``_SIMPLE`` as themselves (all non-ASCII,
# so none needs escaping in the character class).
_CHANGED = re.compile("[^ -~" + "".join(c for c, out in _SIMPLE.items() if out == c) + "]")


def normalize_line(raw: str) -> tuple[str, Offsets | None]:
    """Normalise one line; return the text and, per character, its offset in ``raw``.

    The map is ``None`` when the text equals ``raw``. A character produced from several raw
    characters (a base letter and its combining marks) maps to the first of them; characters
    produced by expanding one raw character (a ligature) all map to it; a collapsed run of
    whitespace maps to its first character.

    Most lines hold only printable ASCII and ``_SIMPLE`` characters (bullets, dashes, accented
    letters) with single spaces. Each of their characters becomes one character at its own
    offset and only leading and trailing spaces go, so they are mapped here with a few string
    methods (to the result :func:`_normalize_full` gives, as the tests check); other lines take
    the full path.
    """
    if "  " in raw:
        return _normalize_full(raw)
    text = raw
    if raw.isascii():
        if not raw.isprintable():
            return _normalize_full(raw)
    else:
        for c in set(_CHANGED.findall(raw)):
            out = _SWAP.get(c)
            if out is None:
                return _normalize_full(raw)
            text = text.replace(c, out)
    lead = 0
    if text[:1] == " " or text[-1:] == " ":
        lead = len(text) - len(text.lstrip(" "))
        text = text.strip(" ")
    if text == raw:
        return raw, None
    return text, _counting(lead, lead + len(text))


def _counting(start: int, stop: int) -> Offsets:
    """The offsets ``start`` to ``stop``: a ``range``, the same size however long the line."""
    return range(start, stop)


def _normalize_full(raw: str) -> tuple[str, Offsets | None]:
    """:func:`normalize_line` for any line: ASCII words are copied, the rest goes through
    :func:`_special`."""
    out: list[str] = []
    offs = array("i")
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
    return text, _compact(offs)


def _compact(offs: array[int]) -> Offsets:
    """``offs`` as a ``range`` when it is one (a line only trimmed: most lines), else as it is."""
    if offs and offs[-1] - offs[0] == len(offs) - 1:
        run = range(offs[0], offs[-1] + 1)
        if offs == array("i", run):
            return run
    return offs


def _special(raw: str, i: int, end: int, out: list[str], offs: array[int], pending: int) -> int:
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
        return text, offsets, False
    first = text[0]
    if first in BULLETS:
        cut = 1
    elif first in _ASCII_BULLETS and len(text) > 1 and text[1] == " ":
        cut = 2
    else:
        return text, offsets, False
    while cut < len(text) and unicodedata.combining(text[cut]):  # marks on the bullet itself
        cut += 1
    if cut < len(text) and text[cut] == " ":
        cut += 1
    rest = text[cut:]
    if offsets is None:
        return rest, _counting(cut, len(text)), True
    return rest, offsets[cut:], True


def to_row(
    page: int,
    text: str,
    kind: LineKind = "text",
    *,
    raw: str | None = None,
    raw_map: Sequence[int] | None = None,
    number: int = 0,
) -> Row:
    """Make a ``Document.build`` row from one extracted line.

    ``text`` is the line as extracted. A reader that strips markup itself (markdown) passes the
    source line as ``raw`` and ``raw_map`` (``text[i]`` came from ``raw[raw_map[i]]``) so offsets
    point into the source (``raw_map`` defaults to identity); otherwise ``raw`` is ``text``.
    A bullet makes the line an ``item``
    (headings and table rows keep their kind). ``number``: the line's number in the source
    file, where the reader knows it (see ``Line.number``).
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
        offs = _compact(array("i", map(base.__getitem__, inner)))
    if norm == raw:
        offs = None
    return (page, norm, kind, raw, offs, number)


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
    left = left.rstrip()
    if not left.endswith("-"):  # the common case, without the regex's search along the line
        return None
    tail = _WORD_TAIL.search(left)
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
