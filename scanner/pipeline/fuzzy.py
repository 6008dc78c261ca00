"""Fuzzy matching with rapidfuzz: typos in words, and names written in another word order.

Two calibrated steps, both strict enough that prose stays prose:
1. Spelling: a word that is not a lexicon word but is within a small edit of one
   ("Develper", "Certifed", "Gogle") takes that word as its NORM; the same patterns are then matched
   on NORM. A match counts only if it has at least two untouched words and one corrected word.
2. Word order: on lines that look like a credential entry (in a certifications or requirements
   section, or with words like "certified" or "specialty"), the whole line is compared with each
   name and alias by ``token_sort_ratio`` ("Machine Learning Specialty – AWS Certified").
"""

from __future__ import annotations

from rapidfuzz import fuzz, process
from spacy.language import Language
from spacy.tokens import Doc
from spacy.vocab import Vocab

from scanner.lexicon import Lexicon
from scanner.pipeline import _extensions  # noqa: F401
from scanner.pipeline.matcher import CANDIDATES, PatternInfo, build_phrase_matcher, make_span
from scanner.pipeline.words import lexicon_words

ENTRY_WORDS = frozenset({"certified", "specialty", "specialization", "professional", "associate"})
FILLER = frozenset({"issued", "by", "credential", "id", "at", "via", "from", "the", "in", "exam", "s"})
ROLE_LINES = frozenset({"credentials", "education"})
LEVEL_LINES = frozenset({"required", "preferred"})


@Language.factory(
    "credscan_fuzzy",
    assigns=["doc.spans", "token.norm"],
    default_config={"lexicon_files": [], "word_cutoff": 88.0, "long_word_cutoff": 85.0, "line_cutoff": 90.0},
)
def make_fuzzy(
    nlp: Language, name: str, lexicon_files: list[str], word_cutoff: float, long_word_cutoff: float, line_cutoff: float
) -> FuzzyMatcher:
    from scanner.pipeline import get_canon, get_lexicon, get_patterns

    lexicon = get_lexicon(lexicon_files)
    vocabulary = lexicon_words(lexicon, get_canon(lexicon_files))
    return FuzzyMatcher(nlp.vocab, get_patterns(lexicon_files), vocabulary, lexicon, word_cutoff, long_word_cutoff, line_cutoff)


class FuzzyMatcher:
    def __init__(self, vocab: Vocab, table: dict[str, tuple[PatternInfo, list[tuple[str, ...]]]],
                 vocabulary: frozenset[str], lexicon: Lexicon, word_cutoff: float, long_word_cutoff: float, line_cutoff: float) -> None:
        self.table = table
        self.strings = vocab.strings
        self.matcher = build_phrase_matcher(vocab, table, "NORM")
        lines: dict[str, str] = {}
        for key, (info, seqs) in table.items():
            for seq in seqs:
                if info.method != "code" and len(seq) >= 3 and not info.generic:
                    lines.setdefault(" ".join(sorted(seq)), key)
        self.vocabulary = vocabulary
        self.choices = sorted(w for w in vocabulary if len(w) >= 4 and w.isalpha())
        self.line_choices = list(lines)
        self.line_keys = [lines[s] for s in self.line_choices]
        self.word_cutoff = word_cutoff
        self.long_word_cutoff = long_word_cutoff
        self.line_cutoff = line_cutoff
        self._seen: dict[str, tuple[str, float] | None] = {}
        self.section_role = {s.name: s.role for s in lexicon.sections}
        self.section_level = {s.name: s.level for s in lexicon.sections}

    def correct(self, word: str) -> tuple[str, float] | None:
        """The lexicon word this one is a typo of, with its similarity (cached across documents)."""
        if word in self._seen:
            return self._seen[word]
        cutoff = self.long_word_cutoff if len(word) >= 8 else self.word_cutoff
        hit = process.extractOne(word, self.choices, scorer=fuzz.ratio, score_cutoff=cutoff)
        result = (hit[0], hit[1] / 100.0) if hit else None
        if len(self._seen) < 100_000:
            self._seen[word] = result
        return result

    def __call__(self, doc: Doc) -> Doc:
        info = doc.user_data["credscan"]
        found = list(doc.spans[CANDIDATES]) if CANDIDATES in doc.spans else []
        corrected: dict[int, float] = {}
        vocabulary = self.vocabulary
        for i, word in enumerate(info.words):
            if word in vocabulary or len(word) < 4 or not word.isalpha():
                continue
            hit = self.correct(word)
            if hit is not None:
                doc[i].norm_ = hit[0]
                corrected[i] = hit[1]
        if corrected:
            for match_id, start, end in self.matcher(doc):
                fixed = [corrected[i] for i in range(start, end) if i in corrected]
                if not fixed or (end - start) - len(fixed) < 2:
                    continue
                key = self.strings[match_id]
                pattern = self.table[key][0]
                score = min(fixed)
                found.append(make_span(doc, start, end, key, pattern, "fuzzy", score))
        found.extend(self._reordered(doc, info, {info.tok_line[s.start] for s in found}))
        doc.spans[CANDIDATES] = found
        return doc

    def _reordered(self, doc: Doc, info, covered: set[int]) -> list:
        """Lines that are a credential name in another word order."""
        out = []
        start = 0
        n = len(doc)
        tok_line = info.tok_line
        while start < n:
            line = tok_line[start]
            end = start
            while end < n and tok_line[end] == line:
                end += 1
            if line not in covered and 3 <= end - start <= 16:
                section = info.line_section[line]
                words = info.words[start:end]
                entryish = (
                    self.section_role.get(section) in ROLE_LINES
                    or self.section_level.get(section) in LEVEL_LINES
                    or any(w in ENTRY_WORDS for w in words)
                )
                kept = [i for i, w in zip(range(start, end), words, strict=True) if not w.isdigit() and w not in FILLER]
                if entryish and len(kept) >= 3:
                    text = " ".join(sorted(info.words[i] for i in kept))
                    hit = process.extractOne(text, self.line_choices, scorer=fuzz.ratio, score_cutoff=self.line_cutoff)
                    if hit is not None:
                        key = self.line_keys[hit[2]]
                        span = make_span(doc, kept[0], kept[-1] + 1, key, self.table[key][0], "fuzzy", hit[1] / 100.0)
                        out.append(span)
            start = end
        return out
