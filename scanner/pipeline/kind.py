"""Is this a resume or a job posting? Weighted evidence, with a confidence.

Headings weigh most (Requirements and Preferred Qualifications only occur in postings,
Experience and Education mostly in resumes); then phrases only one side uses ("you will",
"we are looking for" vs. a "2019 – present" date line or an e-mail address). A kind given by the
caller always wins.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from scanner.lexicon import Lexicon
from scanner.pipeline import _extensions  # noqa: F401
from scanner.pipeline.sections import heading_key
from scanner.pipeline.words import trie_pattern

_POSTING = r"\b(?:" + trie_pattern([
    "you will", "you'll", "we are looking", "we're looking", "we are hiring", "we're hiring", "join our",
    "join us", "the ideal candidate", "about the role", "about the job", "job description", "responsibilities",
    "what we offer", "benefits", "equal opportunity", "apply now", "how to apply", "salary range",
    "compensation", "years of experience", "must have", "nice to have", "preferred qualifications",
    "minimum qualifications", "our team", "our company", "requisitos", "anforderungen", "exigences",
    "wir suchen", "buscamos", "nice-to-have", "we need", "we value", "a plus", "apply by", "apply at",
    "apply via", "to apply", "m/w/d", "m/f/d", "w/m/d", "f/m/d", "all genders",
]) + r")\b|\b\d+\+ years\b"
_RESUME = (
    r"\b(?:" + trie_pattern(["curriculum vitae", "linkedin.com/in", "github.com/", "references available"])
    + r"|(?:19|20)\d\d\s*[-–—]\s*(?:present|current|now|(?:19|20)\d\d)"
    + r"|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+(?:19|20)\d\d|"
    + trie_pattern(["led", "built", "designed", "developed", "managed", "implemented", "reduced", "improved"])
    + r")\b"
)
# case-sensitive over lowercased text: several times faster than re.IGNORECASE over the original
POSTING_RE, RESUME_RE = re.compile(_POSTING), re.compile(_RESUME)
POSTING_RE_I, RESUME_RE_I = re.compile(_POSTING, re.IGNORECASE), re.compile(_RESUME, re.IGNORECASE)
SAMPLE_CHARS = 4000
LABEL_LINES = 80  # lines looked at for "Requirements: ..." labels
MAX_LABEL_CHARS = 40
# labels a resume uses too ("Qualifications: MSc Statistics", "Preferred: remote", "Bonus: ..."):
# inline they count for less than a posting's own labels
SHARED_LABELS = frozenset({
    "qualifications", "plus", "pluses", "bonus", "essential", "preferred", "required", "desirable",
    "you have", "who you are", "extra credit", "even better",
})


@Language.factory("credscan_kind", assigns=["doc._.kind", "doc._.kind_confidence"], default_config={"lexicon_files": []})
def make_kind(nlp: Language, name: str, lexicon_files: list[str]) -> KindClassifier:
    from scanner.pipeline import get_lexicon

    return KindClassifier(get_lexicon(lexicon_files))


class KindClassifier:
    def __init__(self, lexicon: Lexicon) -> None:
        self.posting_sections = {s.name for s in lexicon.sections if s.level}
        self.resume_sections = {s.name for s in lexicon.sections if s.role and s.role != "other"}
        # "Requirements: 3+ years of Python" - a posting's section name used as an inline label
        # (not "Responsibilities:", which resumes use under each job too)
        self.posting_labels = frozenset(
            heading_key(h) for s in lexicon.sections if s.level in ("required", "preferred") for h in s.headings
        )

    def __call__(self, doc: Doc) -> Doc:
        info = doc.user_data["credscan"]
        if info.kind:
            doc._.kind, doc._.kind_confidence = info.kind, 1.0
            return doc
        posting, resume = self.scores(info)
        total = posting + resume
        if total == 0:
            doc._.kind, doc._.kind_confidence = "resume", 0.5
        elif posting > resume:
            doc._.kind, doc._.kind_confidence = "posting", posting / total
        else:
            doc._.kind, doc._.kind_confidence = "resume", resume / total
        return doc

    def scores(self, info) -> tuple[float, float]:
        posting = resume = 0.0
        for line in info.heading_lines:
            name = info.line_section[line]
            if name in self.posting_sections:
                posting += 3.0
            elif name in self.resume_sections:
                resume += 3.0
        for line in info.document.lines[:LABEL_LINES]:
            colon = line.text.find(":", 0, MAX_LABEL_CHARS)
            if colon > 0 and line.index not in info.heading_lines:
                label = heading_key(line.text[:colon])
                if label in self.posting_labels:
                    posting += 0.5 if label in SHARED_LABELS else 2.0
        if info.lower is not None:
            text, posting_re, resume_re = info.lower[:SAMPLE_CHARS], POSTING_RE, RESUME_RE
        else:
            text, posting_re, resume_re = info.document.text[:SAMPLE_CHARS], POSTING_RE_I, RESUME_RE_I
        posting += len(posting_re.findall(text))
        resume += 0.5 * (len(resume_re.findall(text)) + min(text.count("@"), 2))
        return posting, resume
