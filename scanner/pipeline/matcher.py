"""Exact matching of names, aliases and exam codes (a PhraseMatcher over canonical words)."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.vocab import Vocab

from scanner.lexicon import Credential, Lexicon, NearMiss
from scanner.pipeline import _extensions  # noqa: F401
from scanner.pipeline.words import Canon, issuer_names

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
            for code in entry.codes:  # as written, and as OCR may misread it ("MLS-CO1")
                add(entry, near, "code", code, canon.code_variants(code) | canon.ocr_code_variants(code))
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
    from scanner.pipeline import get_canon, get_lexicon, get_patterns

    return LexiconMatcher(nlp.vocab, get_patterns(lexicon_files), get_lexicon(lexicon_files), get_canon(lexicon_files))


# what a list's head calls its items: "AWS certifications (…)", "DeepLearning.AI specializations: …"
LIST_KINDS = frozenset({"certified", "specialization", "specialty", "exam", "exams", "program", "programs"})
_ITEM_BREAKS = frozenset({"and", "or", "und", "et", "y", "e"})


class LexiconMatcher:
    """Adds every exact name/alias/code match to ``doc.spans['credscan_candidates']``, and the
    items of a list headed by an issuer ("AWS certifications (Database Specialty, Machine
    Learning Specialty)", "DeepLearning.AI specializations: Deep Learning, MLOps") matched with
    the head's words carried over.

    Overlaps are kept; ``credscan_resolve`` decides between them.
    """

    def __init__(self, vocab: Vocab, table: dict[str, tuple[PatternInfo, list[tuple[str, ...]]]],
                 lexicon: Lexicon, canon: Canon) -> None:
        self.table = table
        self.matcher = build_phrase_matcher(vocab, table, "ORTH")
        self.strings = vocab.strings
        self.by_words: dict[tuple[str, ...], str] = {}
        for key, (_, seqs) in table.items():
            for seq in seqs:
                self.by_words.setdefault(seq, key)
        self.issuers = frozenset().union(*issuer_names(lexicon, canon).values())

    def __call__(self, doc: Doc) -> Doc:
        spans = []
        for match_id, start, end in self.matcher(doc):
            key = self.strings[match_id]
            info = self.table[key][0]
            spans.append(make_span(doc, start, end, key, info, info.method, 1.0))
        seen = {(s.start, s.end) for s in spans}
        for start, end, key in self._list_items(doc):
            if (start, end) not in seen:
                info = self.table[key][0]
                spans.append(make_span(doc, start, end, key, info, "alias", 1.0))
        doc.spans[CANDIDATES] = spans
        return doc

    def _list_items(self, doc: Doc) -> list[tuple[int, int, str]]:
        info = doc.user_data["credscan"]
        words, tok_line = info.words, info.tok_line
        lines = info.document.lines
        found: list[tuple[int, int, str]] = []
        n = len(words)
        k = 0
        while k < n:
            if words[k] not in LIST_KINDS:
                k += 1
                continue
            line = tok_line[k]
            text = lines[line].text
            opener = text[info.tok_end[k]:info.tok_end[k] + 3].lstrip()[:1]
            first = k
            while first > 0 and k - first < 3 and tok_line[first - 1] == line and words[first - 1] in self.issuers:
                first -= 1
            if not opener or opener not in "(:" or first == k:
                k += 1
                continue
            head, kind = tuple(words[first:k]), words[k]
            item: list[int] = []
            i = k + 1
            while True:
                ends = i >= n or tok_line[i] != line
                if not ends and item:
                    gap = text[info.tok_end[i - 1]:info.tok_start[i]]
                    breaks = any(c in gap for c in ",;/|)") or words[i] in _ITEM_BREAKS
                else:
                    breaks = ends
                if breaks and item:
                    own = tuple(words[item[0]:item[-1] + 1])
                    for seq in ((*head, *own, kind), (*own, kind), head + own):
                        key = self.by_words.get(seq)
                        if key is not None:
                            found.append((item[0], item[-1] + 1, key))
                            break
                    item = []
                if ends:
                    break
                if words[i] not in _ITEM_BREAKS:
                    item.append(i)
                i += 1
            k = i
        return found
