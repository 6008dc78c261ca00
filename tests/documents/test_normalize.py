"""normalize_line: the one canonical form, and the offsets that lead back to the raw text."""

from __future__ import annotations

import random

import pytest

from scanner.documents import normalize
from scanner.documents.model import Document
from scanner.documents.normalize import (
    _SIMPLE,
    _normalize_full,
    hyphen_join,
    normalize_line,
    strip_bullet,
    to_row,
)


@pytest.mark.parametrize(
    ("raw", "text"),
    [
        (
            "AWS Certified Machine Learning – Specialty",
            "AWS Certified Machine Learning - Specialty",
        ),
        ("Learning — Specialty ‐ x ‑ y ‒ z ― w − v", "Learning - Specialty - x - y - z - w - v"),
        ("Certiﬁcations & Training", "Certifications & Training"),
        ("ﬂ ﬀ ﬃ ﬄ ﬅ ﬆ", "fl ff ffi ffl st st"),
        ("AWS\u00a0ML\u2009Specialty\u202f(MLS-C01)", "AWS ML Specialty (MLS-C01)"),
        ("Spe\u00adcialty", "Specialty"),
        ("zero\u200bwidth\u200c\u200d\u2060\ufeff joiners", "zerowidth joiners"),
        ("TensorFlow™ Developer Certificate®", "TensorFlow Developer Certificate"),
        ("“Developer’s” ‘cert’", "\"Developer's\" 'cert'"),
        ("ＡＷＳ　Ｃｅｒｔｉｆｉｅｄ", "AWS Certified"),
        ("  tabs\tand   runs  ", "tabs and runs"),
        ("Spe\x02", "Spe-"),  # pdfium marks a line-end hyphen with U+0002
        ("Spe\ufffecialty", "Spe-cialty"),  # and a joined one with U+FFFE
        ("Jose\u0301", "José"),  # decomposed accents compose
        ("\x00bell\x07", "bell"),
        ("", ""),
    ],
)
def test_normalize_line(raw: str, text: str) -> None:
    assert normalize_line(raw)[0] == text


def test_plain_ascii_line_is_returned_unchanged_without_a_map() -> None:
    raw = "Google Cloud Professional Machine Learning Engineer (2023)"
    text, offsets = normalize_line(raw)
    assert text is raw and offsets is None


def test_offsets_point_at_the_raw_characters() -> None:
    raw = "  •\u00a0Certiﬁed   TensorFlow™ Developer "
    text, offsets = normalize_line(raw)
    assert text == "• Certified TensorFlow Developer"
    assert offsets is not None and len(offsets) == len(text)
    assert [raw[o] for o in offsets[:4]] == ["•", "\u00a0", "C", "e"]
    assert raw[offsets[text.index("fi")]] == "ﬁ" == raw[offsets[text.index("fi") + 1]]


@pytest.mark.parametrize(
    ("text", "rest", "bullet"),
    [
        ("• AWS ML Specialty", "AWS ML Specialty", True),
        ("▪ item", "item", True),
        ("·Python", "Python", True),
        ("- item", "item", True),
        ("* item", "item", True),
        ("-5% churn", "-5% churn", False),
        ("*nix admin", "*nix admin", False),
        ("2019 - 2022", "2019 - 2022", False),
    ],
)
def test_strip_bullet(text: str, rest: str, bullet: bool) -> None:
    got, offsets, was = strip_bullet(text, None)
    assert (got, was) == (rest, bullet)
    if was:
        assert offsets is not None and text[offsets[0]] == rest[0]


def test_a_bullet_makes_an_item_but_keeps_a_heading() -> None:
    assert to_row(1, "• AWS")[1:3] == ("AWS", "item")
    assert to_row(1, "• Skills", "heading")[1:3] == ("Skills", "heading")


@pytest.mark.parametrize(
    ("left", "right", "vocabulary", "joined"),
    [
        ("AWS Certified Machine Learning – Spe-", "cialty, 2021–2024", None, "Specialty"),
        ("a self-", "paced course", {"self-paced"}, "self-paced"),
        ("a self-", "paced course", {"selfpaced"}, "selfpaced"),
        ("Machine Learning Engi-", "neer", {"engineer"}, "Engineer"),
        ("Google -", "cloud", None, None),  # no letter before the hyphen
        ("Spe-", "Cialty", None, None),  # continuation must be lower case
        ("2019-", "present", None, None),
        ("no hyphen", "here", None, None),
    ],
)
def test_hyphen_join(
    left: str, right: str, vocabulary: set[str] | None, joined: str | None
) -> None:
    assert hyphen_join(left, right, vocabulary) == joined


# Characters that normalisation treats specially, plus ordinary ones to hold them together.
ODD = (
    "abcXYZ019 .,()-"
    "–—‐‑−\u00a0\u2009\u202f\u3000\t\u2028"
    "\u200b\u200c\u200d\u2060\ufeff\u00ad\u200e\x00\x07\x02\ufffe"
    "ﬁﬂﬀﬃﬄﬅﬆĳǅ™®℠½²"
    "é\u0301\u0308\u0327ÅÅＡＷＳ１"
    "·•▪\uf0b7“”‘’"
    "ß日本語한국\U0001f600\U0001d400"
)


def _random_lines(count: int) -> list[str]:
    rng = random.Random(20260101)
    return ["".join(rng.choice(ODD) for _ in range(rng.randint(0, 30))) for _ in range(count)]


def test_offsets_hold_on_odd_unicode() -> None:
    """For random lines of odd characters: the map has one offset per character, in order,
    inside ``raw``; each word maps back to raw text that normalises to that word; normalising
    is idempotent; and document offsets slice out each line."""
    rows = []
    for raw in _random_lines(3000):
        text, offsets = normalize_line(raw)
        assert normalize_line(text)[0] == text, repr(raw)
        assert text == text.strip() and "  " not in text
        if offsets is None:
            assert text == raw
            continue
        assert len(offsets) == len(text)
        assert list(offsets) == sorted(offsets)
        assert all(0 <= o < len(raw) for o in offsets)
        rows.append(to_row(1, raw))
    doc = Document.build("odd", "text", rows)
    for line in doc.lines:
        assert doc.text[line.start : line.end] == line.text
        assert line.raw is not None
        pos = 0
        for word in line.text.split(" "):
            start = line.text.index(word, pos)
            end = start + len(word)
            pos = end
            s, e = line.raw_span(start, end)
            assert normalize_line(line.raw[s:e])[0] == word, (line.raw, word)


# The fast path of normalize_line must give exactly what the full per-character path gives.
TRICKY = [
    "",
    " ",
    "   ",
    "Machine Learning Engineer",
    "  leading and trailing  ",
    " x ",
    "double  space",
    "tab\tseparated",
    "line with CRLF\r\n",
    "• AWS Certified Machine Learning – Specialty (2022)",
    "  ▪ Google Cloud — Professional ML Engineer · 2023 ",
    "“Developer’s” ‘cert’ ′ ″ ‚ „",
    "\uf0b7 Symbol-font bullet \uf0a7 \uf076 \uf0d8 \uf0fc",
    "José García Łukasz Dvořák Ærø ß",
    "Jose\u0301 Garci\u0301a",  # decomposed accents
    "•\u0301 a mark on the bullet",
    "–\u0301 – \u0301",
    "x\u200b\u0301y",
    "Certiﬁed TensorFlow™ Developer Certificate®",
    "Spe\u00adcialty zero\u200bwidth\u200d\ufeff",
    "AWS\u00a0ML\u2009Specialty\u202f(MLS-C01)\u3000x",
    "Spe\x02",
    "Spe\ufffecialty",
    "ＡＷＳ Ｃｅｒｔｉｆｉｅｄ － ２０２３",
    "ª º ² ³ ¹ µ ſ ½ ´ ¨",
    "Ελληνικά Русский язык",
    "日本語 한국어 \U0001f600 \U0001d400",
    "\ud835\udc00 lone \ud800 surrogates",
    "\x00bell\x07 \x7f del \x85 nel",
    "→ ✓ ✔ ✗ ☐ ☑ ► ▶ ❖ ◆ ∙ ⁃ ‣",
    "- dash item",
    "* star item",
    "a" * 1500,
    " " + "é" * 1100 + " ",
    "–" * 1200,
]


def _agreement_lines() -> list[str]:
    simple = "".join(sorted(_SIMPLE))
    lines = list(TRICKY)
    for c in simple:  # every character the fast path maps, alone and among others
        lines += [c, f" {c} ", f"a{c}b", f" a{c}b–", f"{c}  {c}", f"• {c}\u0301", f"{c}\t{c}"]
    rng = random.Random(7)
    common = "abcXYZ019 .,()-*+ •–—·“”‘’\uf0b7éñÅªµ" + "".join(rng.sample(simple, 40))
    odd = common + "\u00a0\t\u0301\u200b™ﬁ\x02\ufffe"
    for _ in range(5000):
        n = rng.randint(0, 40)
        lines.append("".join(rng.choice(common) for _ in range(n)))  # mostly the fast path
        lines.append("".join(rng.choice(odd) for _ in range(n)))
    return lines


def test_fast_path_agrees_with_the_full_normalisation() -> None:
    for raw in _agreement_lines():
        assert _plain(normalize_line(raw)) == _plain(_normalize_full(raw)), repr(raw)


def test_common_lines_take_the_fast_path(monkeypatch: pytest.MonkeyPatch) -> None:
    """The agreement test above is only worth something if such lines do skip the full path."""

    def full(raw: str) -> tuple[str, tuple[int, ...] | None]:
        raise AssertionError(f"full path for {raw!r}")

    monkeypatch.setattr(normalize, "_normalize_full", full)
    text, offsets = normalize_line(" • AWS Certified ML – Specialty ")
    assert text == "• AWS Certified ML - Specialty" and offsets == range(1, len(text) + 1)
    text, offsets = normalize_line("José “García” — ok")
    assert text == 'José "García" - ok' and offsets == range(len(text))
    assert normalize_line("Plain line") == ("Plain line", None)
    with pytest.raises(AssertionError):
        normalize_line("two  spaces")


def _plain(normalised: tuple[str, object]) -> tuple[str, tuple[int, ...] | None]:
    """(text, offsets) with the offsets as a tuple, whichever compact form they come in."""
    text, offsets = normalised
    return text, None if offsets is None else tuple(offsets)  # type: ignore[arg-type]


def test_offsets_stay_compact_on_long_lines() -> None:
    """A long line's map back to the raw text costs a few bytes a character, not the 40 of a
    tuple of ints (a 500,000-character line made a 20 MB tuple)."""
    import sys

    trimmed = normalize_line("   " + "word " * 100_000)[1]
    assert isinstance(trimmed, range)
    spaced = normalize_line("two  spaces " * 40_000)[1]  # a double space: the full path
    assert spaced is not None and len(spaced) > 400_000
    assert sys.getsizeof(spaced) < 5 * len(spaced)
    assert to_row(1, "• " + "word " * 1000)[4] == range(2, 2 + len("word " * 1000) - 1)
