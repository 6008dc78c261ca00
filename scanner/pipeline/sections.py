"""Section headings (medspaCy's Sectionizer, reduced to what resumes and postings need).

A heading is a line of its own that names a known section ("Licenses & Certifications",
"Nice to have:", "Zertifizierungen"); a section runs to the next heading. Lines the reader marked
as headings, or short "Something:" lines, end a section even when we do not know their name, so a
"Benefits" list is never read as requirements.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Literal

from rapidfuzz import fuzz, process
from spacy.language import Language
from spacy.tokens import Doc

from scanner.documents.model import Line
from scanner.lexicon import Lexicon, Section
from scanner.pipeline import _extensions  # noqa: F401  (registers span attributes)

_LEAD_RE = re.compile(r"^[\s#>*\-–•·▪◦●■\d.)(<\[=~|]*")
_TRAIL_RE = re.compile(r"[\s:：.\-–—>\]=~|]*$")
_SPACED_RE = re.compile(r"^(?:\w\s{1,3}){3,}\w$")  # letter-spaced headings of designed resumes
_UNKNOWN = Section(name="other", headings=(), role="other", level=None)

# "certifications: …", "'certifications': '…'", "const CERTIFICATIONS = [", "certifications_line = (",
# "title: 'Certifications',": a section named as a label, a key or a variable rather than a heading
_LABEL_RE = re.compile(
    r"""^[\s{,]*(?:(?:export|const|let|var|static|final|public|private|val|def)\s+)*["'`]?"""
    r"""(?P<key>[^\W\d][\w .$/&-]{0,38}?)["'`]?\s*(?::(?!:)|=(?!=)|：|(?P<paren>\())\s*(?P<value>.*)$""")
_TITLE_KEYS = frozenset({"title", "name", "heading", "section", "label", "category", "type", "header"})
# a line in capitals with a year is an entry ("TENSORFLOW DEVELOPER (2022)"), not a heading
_DATED_RE = re.compile(r"\b(?:19|20)\d\d\b")
_CAMEL_RE = re.compile(r"(?<=[a-z])(?=[A-Z])")
_OPENERS = "[({"
Scope = Literal["line", "block", "object"]


def label_words(key: str) -> list[str]:
    """``certifications_line`` -> certifications, line; ``requiredCerts`` -> required, certs."""
    return heading_key(_CAMEL_RE.sub(" ", key).replace("_", " ").replace("-", " ")).split()


def heading_key(text: str) -> str:
    """The form both a line and a lexicon heading are reduced to before comparing."""
    text = _TRAIL_RE.sub("", _LEAD_RE.sub("", text)).lower().replace("&", " and ").replace("’", "'")
    if _SPACED_RE.match(text):  # "C E R T I F I C A T I O N S", "D A T A  S C I E N C E"
        text = " ".join(word.replace(" ", "") for word in re.split(r"\s{2,}", text))
    if not text.isascii():  # accents off ("Certificações" -> "certificacoes"); ASCII has none
        text = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(text.split())


@dataclass(frozen=True, slots=True)
class Sectionizer:
    """Recognises heading lines; ``classify`` is called for every line, so it stays cheap."""

    by_key: dict[str, Section]
    max_len: int
    # fuzzy answers, per key: a cache, not part of what the sectionizer is
    misspelt: dict[str, Section | None] = field(default_factory=dict, compare=False, repr=False)

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(self.by_key)

    @classmethod
    def from_lexicon(cls, lexicon: Lexicon) -> Sectionizer:
        by_key: dict[str, Section] = {}
        for section in lexicon.sections:
            for heading in section.headings:
                by_key[heading_key(heading)] = section
        return cls(by_key, max(len(k) for k in by_key) + 8 if by_key else 0)

    def classify(self, line: Line) -> Section | None:
        """The section this line opens, ``other`` for an unknown heading, or ``None``."""
        text = line.text
        if len(text) > self.max_len and line.kind != "heading":
            return None
        key = heading_key(text)
        hit = self.by_key.get(key)
        if hit is not None:
            return hit
        if _looks_like_heading(text, key):
            hit = self._misspelt(key)
            if hit is not None:
                return hit
        if (line.kind == "heading" and not _DATED_RE.search(text)) or (
            text.rstrip().endswith(":") and len(key.split()) <= 4 and not any(ch.isdigit() for ch in key)
        ):
            return _UNKNOWN
        return None

    def label(self, text: str) -> tuple[Section, Scope] | None:
        """The known section a line names as a label, a key or a variable, and how far it reaches.

        ``line``: the value on the same line ("Certifications: AWS ML Specialty, GCP PMLE");
        ``block``: the bracket the line opens ("const CERTIFICATIONS = [" to its "]");
        ``object``: the record the line belongs to ("title: 'Certifications'," then
        "content: '…'" up to the record's closing brace).
        """
        m = _LABEL_RE.match(text)
        if m is None:
            return None
        words = label_words(m["key"])
        value = m["value"].strip()
        if m["paren"]:  # "AWS certifications (Database Specialty, Machine Learning Specialty)"
            found = self._named(words)
            return (found, "line") if found is not None and value else None
        if words and words[-1] in _TITLE_KEYS and len(words) == 1:
            found = self.by_key.get(heading_key(value.strip("\"'`,;")))
            return (found, "object") if found is not None and found.name != "other" else None
        found = self._named(words)
        if found is None:
            return None
        if not value or value.rstrip(",;") in _OPENERS or (value[-1:] in _OPENERS and len(value) <= 3):
            return found, "block"
        return found, "line"

    def _named(self, words: list[str]) -> Section | None:
        """The section named by the whole key or by all but its first or last word
        ("certifications_line", "azure certs"); a longer key is a phrase, not a label."""
        n = len(words)
        for k in range(n, max(0, n - 2), -1):
            for part in (words[:k], words[n - k:]):
                hit = self.by_key.get(" ".join(part))
                if hit is not None and hit.name != "other":
                    return hit
        return None

    def _misspelt(self, key: str) -> Section | None:
        """A known heading one typo away ("Requirments", "Certfications"), or ``None``.

        Only asked for lines that already look like a heading; the answer is kept per key, as the
        same headings come back in document after document.
        """
        if key in self.misspelt:
            return self.misspelt[key]
        hit = None
        if len(key) >= MIN_FUZZY_HEADING:
            best = process.extractOne(key, self.keys, scorer=fuzz.ratio, score_cutoff=HEADING_CUTOFF)
            hit = self.by_key[best[0]] if best is not None else None
        if len(self.misspelt) < 10_000:
            self.misspelt[key] = hit
        return hit


MIN_FUZZY_HEADING = 6  # shorter words are too close to each other for a typo to be told apart
HEADING_CUTOFF = 90.0  # rapidfuzz ratio: one wrong, missing or extra letter in a 10-letter word


def _looks_like_heading(text: str, key: str) -> bool:
    """A line of at most three words, no digits, written as a heading is: capitalised (or in
    capitals) and standing alone, or ending with a colon."""
    words = key.split()
    if not words or len(words) > 3 or any(ch.isdigit() for ch in key):
        return False
    stripped = _LEAD_RE.sub("", text).strip()
    return stripped[:1].isupper() or stripped.endswith(":")


@Language.factory("credscan_sections", assigns=["doc.spans"], default_config={"lexicon_files": []})
def make_sections(nlp: Language, name: str, lexicon_files: list[str]) -> SectionsComponent:
    from scanner.pipeline import get_lexicon

    return SectionsComponent(Sectionizer.from_lexicon(get_lexicon(lexicon_files)))


class SectionsComponent:
    """Marks each section's heading span in ``doc.spans['credscan_sections']``.

    The candidate tokenizer already tracked sections line by line (it needs them to choose
    which lines to analyse); this exposes them on the Doc for the later components.
    """

    def __init__(self, sectionizer: Sectionizer) -> None:
        self.sectionizer = sectionizer

    def __call__(self, doc: Doc) -> Doc:
        info = doc.user_data["credscan"]
        spans = []
        heading_lines = info.heading_lines
        i = 0
        n = len(doc)
        while i < n:
            line = info.tok_line[i]
            j = i
            while j < n and info.tok_line[j] == line:
                j += 1
            if line in heading_lines:
                span = doc[i:j]
                span._.section = info.line_section[line]
                spans.append(span)
            i = j
        doc.spans["credscan_sections"] = spans
        return doc
