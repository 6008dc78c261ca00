"""Exact matching of names, aliases and exam codes (a PhraseMatcher over canonical words)."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.vocab import Vocab

from scanner.lexicon import Credential, Lexicon, NearMiss
from scanner.pipeline import _extensions  # noqa: F401
from scanner.pipeline.words import Canon

CANDIDATES = "credscan_candidates"


@dataclass(frozen=True, slots=True)
class PatternInfo:
    entry_id: str
    is_near_miss: bool
    method: str
    generic: bool
    pattern: str


def pattern_table(lexicon: Lexicon, canon: Canon) -> dict[str, tuple[PatternInfo, list[tuple[str, ...]]]]:
    """Matcher key -> (what it means, the word sequences that express it)."""
    table: dict[str, tuple[PatternInfo, list[tuple[str, ...]]]] = {}

    def add(entry: Credential | NearMiss, near: bool, method: str, text: str, seqs: set[tuple[str, ...]]) -> None:
        generic = text in entry.generic
        key = f"{'N' if near else 'C'}|{entry.id}|{method}|{int(generic)}|{text}"
        table[key] = (PatternInfo(entry.id, near, method, generic, text), sorted(seqs))

    for near, entries in ((False, lexicon.credentials), (True, lexicon.near_misses)):
        for entry in entries:
            name_words = canon.words(entry.name)
            add(entry, near, "exact", entry.name, {name_words})
            add(entry, near, "alias", entry.name, canon.variants(entry.name) - {name_words})
            for alias in entry.aliases:
                add(entry, near, "alias", alias, canon.variants(alias))
            for code in entry.codes:
                add(entry, near, "code", code, canon.code_variants(code))
    return {k: v for k, v in table.items() if v[1]}


def build_phrase_matcher(vocab: Vocab, table: dict[str, tuple[PatternInfo, list[tuple[str, ...]]]], attr: str) -> PhraseMatcher:
    matcher = PhraseMatcher(vocab, attr=attr)
    for key, (_, seqs) in table.items():
        matcher.add(key, [Doc(vocab, words=list(seq)) for seq in seqs])
    return matcher


def make_span(doc: Doc, start: int, end: int, key: str, info: PatternInfo, method: str, score: float) -> Span:
    span = Span(doc, start, end, label=key)
    ext = span._  # each ``span._`` builds a new accessor object: take it once
    ext.entry_id = info.entry_id
    ext.is_near_miss = info.is_near_miss
    ext.method = method
    ext.score = score
    ext.generic = info.generic
    ext.pattern = info.pattern
    return span


@Language.factory("credscan_matcher", assigns=["doc.spans"], default_config={"lexicon_files": []})
def make_matcher(nlp: Language, name: str, lexicon_files: list[str]) -> LexiconMatcher:
    from scanner.pipeline import get_patterns

    return LexiconMatcher(nlp.vocab, get_patterns(lexicon_files))


class LexiconMatcher:
    """Adds every exact name/alias/code match to ``doc.spans['credscan_candidates']``.

    Overlaps are kept; ``credscan_resolve`` decides between them.
    """

    def __init__(self, vocab: Vocab, table: dict[str, tuple[PatternInfo, list[tuple[str, ...]]]]) -> None:
        self.table = table
        self.matcher = build_phrase_matcher(vocab, table, "ORTH")
        self.strings = vocab.strings

    def __call__(self, doc: Doc) -> Doc:
        spans = []
        for match_id, start, end in self.matcher(doc):
            key = self.strings[match_id]
            info = self.table[key][0]
            spans.append(make_span(doc, start, end, key, info, info.method, 1.0))
        doc.spans[CANDIDATES] = spans
        return doc
