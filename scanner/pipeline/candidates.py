"""The candidate tokenizer: turn a Document into a spaCy Doc of only the lines worth analysing.

Tokenizing every line of every resume costs more than extracting it from the PDF, while the
credentials sit on a handful of lines. So the expensive stages see only: heading lines, lines
that contain an anchor word of the lexicon (an issuer, a distinctive name word, an exam code,
prefix-matched so a typo after the fifth letter still gets in), their neighbours (names wrap
across lines), and every line of a certifications, training, education, requirements or
preferred section (where typos in the anchor itself must still be caught).

The Doc's words are canonical forms (``Canon``); ``DocInfo`` maps each token back to its line
and character span, so evidence always points at the original page and line.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import registry
from spacy.vocab import Vocab

from scanner.documents.model import Document, Line
from scanner.documents.normalize import BULLETS, hyphen_join
from scanner.lexicon import Lexicon, Section
from scanner.pipeline.sections import Sectionizer
from scanner.pipeline.words import (
    WORD_RE,
    Canon,
    confusable_regex,
    fold,
    lexicon_words,
    trie_pattern,
)

# words too common in resumes to pick a line on their own
COMMON_WORDS = frozenset(
    ["a", "an", "and", "the", "of", "for", "in", "on", "at", "by", "to", "with", "from", "or", "ai", "ml", "data", "cloud", "machine", "learning", "deep", "engineer", "engineering", "professional", "developer", "associate", "certified", "program", "practitioner", "specialty", "leader", "practice", "generative", "large", "language", "models", "advanced", "techniques", "deployment", "operations", "university", "online", "processing", "natural", "networks", "adversarial", "everyone", "mathematics", "science", "analytics", "solutions", "architect", "fundamentals", "apps", "agents", "digital",
     "production", "services", "web", "scientist", "engineers", "operations", "platform", "flow", "nlp", "llms", "tf",
     "lifecycle", "course", "courses"]
)
_CLAUSE_BREAK_RE = re.compile(r"[;|•!?]|\.(?:\s|$)")
_MAY_BREAK_RE = re.compile(r"[;|•!?.]")
SELECT_ROLES = frozenset({"credentials", "education"})
SELECT_LEVELS = frozenset({"required", "preferred"})


@dataclass(slots=True)
class DocInfo:
    """Where each token came from, and the per-line facts later components need."""

    document: Document
    tok_line: list[int] = field(default_factory=list)
    tok_start: list[int] = field(default_factory=list)
    tok_end: list[int] = field(default_factory=list)
    tok_clause: list[int] = field(default_factory=list)
    tok_cased: list[bool] = field(default_factory=list)  # written with a capital letter
    tok_continues: dict[int, int] = field(default_factory=dict)  # token -> end on the next line
    line_section: list[str | None] = field(default_factory=list)
    line_level_section: list[str | None] = field(default_factory=list)  # nearest posting section above
    heading_lines: set[int] = field(default_factory=set)
    selected: list[int] = field(default_factory=list)
    words: list[str] = field(default_factory=list)  # the Doc's words, as plain strings
    lower: str | None = None  # the document's text lowercased, offsets kept (see ``lowered``)
    kind: str | None = None  # forced by the caller ("resume"/"posting"), else decided by credscan_kind


def anchor_regex(lexicon: Lexicon, canon: Canon) -> re.Pattern[str]:
    """A regex of the lexicon's distinctive words and exam codes, for lowercased text.

    Words of six letters or more match by their first six (a typo after that still selects the
    line); shorter ones ("aws", "gcp") and codes ("MLS-C01", "AI 102") match as whole words. The
    words are compiled as a trie ("cert(?:if)..."), not a flat list of alternatives: ``re`` tries
    alternatives one by one at every word start, and this regex scans every character of every
    document.
    """
    stems: set[str] = {"certif"}
    words: set[str] = set()
    for entry in (*lexicon.credentials, *lexicon.near_misses):
        for text in (entry.name, *entry.aliases, entry.issuer):
            for variant in canon.variants(text):
                for word in variant:
                    if word in COMMON_WORDS or word.isdigit() or len(word) < 2:
                        continue
                    (stems if len(word) >= STEM else words).add(word[:STEM])
    codes = set()
    for entry in (*lexicon.credentials, *lexicon.near_misses):
        for code in entry.codes:
            parts = [confusable_regex(p) for p in canon.words(code)]  # "mls-co1" as OCR reads it too
            codes.add(r"[\s\-–]?".join(parts))
    stems -= WEAK_ANCHORS
    words -= WEAK_ANCHORS
    whole = "|".join(filter(None, [trie_pattern(words), *sorted(codes, key=len, reverse=True)]))
    return re.compile(r"\b(?:" + trie_pattern(stems) + r"|(?:" + whole + r")\b)")


def lowered(text: str) -> str | None:
    """``text.lower()`` (folded) when it keeps every offset (it does unless text holds a rare
    letter such as "İ" that lowercases to two characters); ``None`` otherwise."""
    low = text.lower()
    return fold(low) if len(low) == len(text) else None


@dataclass(slots=True)
class _LabelScope:
    """A section opened by a label ("certifications: …", "const CERTIFICATIONS = [") rather than
    a heading: the label's line, the bracket it opens, or the record it sits in."""

    section: Section
    reach: str  # "line" | "block" | "object"
    start: int

    def ends_after(self, depth_after: int, index: int) -> bool:
        """``depth_after``: the bracket depth after line ``index``, counted from the label's line."""
        if self.reach == "line" or index - self.start >= MAX_LABEL_SCOPE:
            return True
        if self.reach == "block":
            return depth_after <= 0
        return depth_after < 0


MAX_LABEL_SCOPE = 200  # lines: unbalanced brackets in prose must not carry a label on for ever
def _depth_change(text: str) -> int:
    return (text.count("[") + text.count("(") + text.count("{")
            - text.count("]") - text.count(")") - text.count("}"))


STEM = 6
# issuers named in every other ML resume ("deployed on AWS"): they pick a line only together with
# a word that credentials use
WEAK_ANCHORS = frozenset({"aws", "azure", "google", "gcp", "amazon", "micros"})
_WEAK = r"\b(?:a(?:mazon|ws|zure)|g(?:cp|oogle)|microsoft)\b"
_WEAK_RE, _WEAK_RE_I = re.compile(_WEAK), re.compile(_WEAK, re.IGNORECASE)
_COMPANION_RE = re.compile(r"certif|specia|profession|associate|engineer|developer|\bml\b|machine learning|\bexam",
                           re.IGNORECASE)
# a line that ends a thought (closing bracket, full stop, a year): a name does not wrap past it
ENDED_RE = re.compile(r"(?:[).;:|!?]|\b(?:19|20)\d\d)\s*$")


def ends_thought(text: str) -> bool:
    """``ENDED_RE.search(text)``, written out: a ``$``-anchored search tries every position of
    the line, and this is asked for the lines around every anchor hit."""
    t = text.rstrip()
    if not t:
        return False
    if t[-1] in ").;:|!?":
        return True
    if len(t) < 4 or t[-4:-2] not in ("19", "20") or not t[-2:].isdecimal():
        return False
    return len(t) == 4 or not (t[-5].isalnum() or t[-5] == "_")


_GOES_ON_RE = re.compile(r"(?:[,–—-]|\b(?:and|for|in|on|by|from|of|with|since|until|at))\s*$", re.IGNORECASE)


def goes_on(text: str) -> bool:
    """A line ending in a comma, a dash or a joining word: what follows continues it."""
    return _GOES_ON_RE.search(text) is not None


def starts_entry(line: Line) -> bool:
    """A list item, a heading or a bulleted line: it starts an entry of its own, so nothing on
    the line before goes on into it ("• Preparing for the Deep Learning Specialization" /
    "• DeepLearning.AI MLOps, 2021" are two entries)."""
    return line.kind in ("item", "heading") or line.text[:1] in BULLETS


@registry.tokenizers("credscan_candidates.v1")
def create_candidate_tokenizer(lexicon_files: list[str]) -> Callable[[Language], CandidateTokenizer]:
    """The tokenizer as a registered factory, so ``spacy.blank`` builds it in place of the default
    English one (whose 1,300 special cases and affix regexes cost ~0.2 s per pipeline, a
    noticeable part of a batch worker's start, only to be thrown away)."""

    def make(nlp: Language) -> CandidateTokenizer:
        from scanner.pipeline import get_canon, get_lexicon

        lexicon = get_lexicon(lexicon_files)
        return CandidateTokenizer(nlp.vocab, lexicon, get_canon(lexicon_files), Sectionizer.from_lexicon(lexicon))

    return make


class CandidateTokenizer:
    """``nlp.tokenizer``: accepts text (split into lines) or, through ``from_document``, a Document."""

    def __init__(self, vocab: Vocab, lexicon: Lexicon, canon: Canon, sectionizer: Sectionizer) -> None:
        self.vocab = vocab
        self.lexicon = lexicon
        self.canon = canon
        self.sectionizer = sectionizer
        self.anchors = anchor_regex(lexicon, canon)
        self._anchors_i: re.Pattern[str] | None = None  # compiled when first needed: rarely
        self.vocabulary = lexicon_words(lexicon, canon)

    def __call__(self, text: str) -> Doc:
        rows = [(1, line.strip(), "text") for line in text.splitlines()]
        return self.from_document(Document.build("<text>", "text", rows))

    def pipe(self, texts: Iterable[str], batch_size: int = 1000) -> Iterable[Doc]:
        for text in texts:
            yield self(text)

    def select(self, document: Document, info: DocInfo) -> list[int]:
        """Track sections line by line and return the indices of the lines to analyse."""
        lines = document.lines
        n = len(lines)
        keep = bytearray(n)
        starts = [line.start for line in lines]
        low = info.lower
        if low is not None:
            anchors, weak = self.anchors, _WEAK_RE
        else:
            if self._anchors_i is None:
                self._anchors_i = re.compile(self.anchors.pattern, re.IGNORECASE)
            anchors, weak = self._anchors_i, _WEAK_RE_I
        text = low if low is not None else document.text
        hits = {bisect_right(starts, m.start()) - 1 for m in anchors.finditer(text)}
        for m in weak.finditer(text):
            i = bisect_right(starts, m.start()) - 1
            if i not in hits and _COMPANION_RE.search(lines[i].text):
                hits.add(i)
        for i in sorted(hits):
            keep[i] = 1
            # a name may wrap: take a neighbour only where the break does not end a thought
            if i > 0 and not ends_thought(lines[i - 1].text):
                keep[i - 1] = 1
            if i + 1 < n and not ends_thought(lines[i].text):
                keep[i + 1] = 1
        section_of: list[str | None] = [None] * n
        level_of: list[str | None] = [None] * n
        current = None
        level_section = None
        classify, label = self.sectionizer.classify, self.sectionizer.label
        scope: _LabelScope | None = None
        depth = 0
        for line in lines:
            text = line.text
            found = classify(line)
            if found is not None and scope is not None and scope.reach != "line" and found.name == "other":
                found = None  # "content:", "date:" inside a record are its fields, not headings
            if found is not None:
                current = found
                scope = None
                if found.level is not None:
                    level_section = found.name
                info.heading_lines.add(line.index)
                keep[line.index] = 1
            elif current is not None and (current.role in SELECT_ROLES or current.level in SELECT_LEVELS):
                keep[line.index] = 1
            section_of[line.index] = current.name if current is not None else None
            level_of[line.index] = level_section
            if found is None and ("=" in text or ":" in text or "(" in text or "：" in text):
                named = label(text)
                if named is not None:
                    # depth counts from the label's line: only a scope needs it, and a record's
                    # scope ends where its closing brace takes the depth below the label's
                    scope, depth = _LabelScope(named[0], named[1], line.index), 0
            delta = _depth_change(text) if scope is not None else 0
            if scope is not None:
                section = scope.section
                section_of[line.index] = section.name
                if section.level is not None:
                    level_of[line.index] = section.name
                if section.role in SELECT_ROLES or section.level in SELECT_LEVELS:
                    keep[line.index] = 1
                if scope.ends_after(depth + delta, line.index):
                    scope = None
            depth += delta
        info.line_section = section_of
        info.line_level_section = level_of
        return [i for i in range(n) if keep[i]]

    def from_document(self, document: Document, kind: str | None = None) -> Doc:
        info = DocInfo(document=document, kind=kind, lower=lowered(document.text))
        selected = self.select(document, info)
        info.selected = selected
        words: list[str] = []
        word = self.canon.word
        lines = document.lines
        clause = 0
        prev_line = -2
        vocabulary = self.vocabulary
        tok_line, tok_start, tok_end = info.tok_line, info.tok_start, info.tok_end
        tok_clause, tok_cased = info.tok_clause, info.tok_cased
        breaks = _CLAUSE_BREAK_RE.search
        for i in selected:
            text = lines[i].text
            clause += 1
            last = 0
            matches = list(WORD_RE.finditer(text))
            first = 0
            if matches and prev_line == i - 1 and tok_line and tok_line[-1] == i - 1:
                # "Spe-" / "cialty": join a word split across lines when the whole is a lexicon word
                prev_text = lines[i - 1].text
                joined = hyphen_join(prev_text, text)
                if joined is not None and word(joined) in vocabulary:
                    words[-1] = word(joined)
                    tok_end[-1] = len(prev_text)
                    info.tok_continues[len(words) - 1] = matches[0].end()
                    tok_clause[-1] = clause
                    first = 1
                    last = matches[0].end()
            may_break = _MAY_BREAK_RE.search(text) is not None
            for m in matches[first:]:
                start, end = m.span()
                # most lines hold no break character, and most gaps are one space
                if may_break and start > last and text[last:start] != " " and breaks(text, last, start):
                    clause += 1
                raw = m.group()
                words.append(word(raw))
                tok_line.append(i)
                tok_start.append(start)
                tok_end.append(end)
                tok_clause.append(clause)
                tok_cased.append(raw[0].isupper())
                last = end
            prev_line = i
        info.words = words
        doc = Doc(self.vocab, words=words, spaces=[True] * len(words))
        doc.user_data["credscan"] = info
        return doc
