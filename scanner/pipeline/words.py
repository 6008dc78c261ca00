"""Canonical words: the one tokenisation used for lexicon patterns and for documents alike.

Matching ignores case, punctuation and line breaks, and folds the spellings the lexicon lists
("Speciality" -> "specialty", "DeepLearning.AI" -> "deeplearningai"), so patterns and documents
are both reduced to sequences of canonical words here and compared exactly afterwards.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Mapping

from scanner.lexicon import Lexicon

WORD_RE = re.compile(r"[^\W_]+(?:['’.][^\W_]+)*")
_STRIP_RE = re.compile(r"['’.]")
# letters that lowercase to themselves but are typed for "i"/"s" (a Turkish keyboard's dotless ı,
# the long s of old fonts): folded so that "Certıfıed" is "certified"; one for one, offsets keep
FOLD = str.maketrans({"ı": "i", "ſ": "s"})


# Characters OCR takes for one another in an exam code ("MLS-CO1" for MLS-C01, "Al-102" for
# AI-102): classes of glyphs alike in most fonts. Applied to code patterns only, never to words.
OCR_CONFUSABLE = ("0o", "1il", "5s", "8b")
_CONFUSION = {c: cls for cls in OCR_CONFUSABLE for c in cls}
_MAX_CONFUSIONS = 256  # spellings of one code word at most (a code word has a handful)


def confusable(word: str) -> list[str]:
    """Every spelling of a canonical code word that OCR's confusions can give, ``word`` first."""
    options = [_CONFUSION.get(c, c) for c in word]
    out = [word]
    for spelled in itertools.islice(itertools.product(*options), _MAX_CONFUSIONS):
        text = "".join(spelled)
        if text != word:
            out.append(text)
    return out


def confusable_regex(word: str) -> str:
    """A regex for ``word`` with its digits as OCR may read them (``c01`` -> ``c[0o][1il]``), for
    lowercased text. Letters read as digits ("ML5") are matched by the code patterns, but not
    here: this regex picks lines to analyse, scans every document, and a class per letter made it
    a tenth slower (the digits, OCR's usual confusion, cost 2%)."""
    return "".join(f"[{_CONFUSION[c]}]" if c.isdigit() and c in _CONFUSION else re.escape(c) for c in word)


def fold(low: str) -> str:
    """Fold a lowercased text; a no-op (and no copy) for the text that has none of those letters."""
    return low.translate(FOLD) if "ı" in low or "ſ" in low else low


class Canon:
    """Turns text into canonical words, and lexicon entries into every phrase variant."""

    def __init__(self, spellings: Mapping[str, Iterable[str]], phrases: Mapping[str, Iterable[str]]) -> None:
        self.spelling: dict[str, str] = {}
        self._cache: dict[str, str] = {}
        for canonical, variants in spellings.items():
            key = self._plain(canonical)
            for v in variants:
                self.spelling[self._plain(v)] = key
        # phrase groups are symmetric: any member stands for all the others
        groups: list[set[tuple[str, ...]]] = []
        for canonical, variants in phrases.items():
            members = {self.words(canonical), *(self.words(v) for v in variants)}
            for g in groups:
                if g & members:
                    g |= members
                    break
            else:
                groups.append(members)
        self.groups = [sorted(g, key=len, reverse=True) for g in groups]

    @staticmethod
    def _plain(word: str) -> str:
        return _STRIP_RE.sub("", fold(word.lower()))

    def word(self, raw: str) -> str:
        """Canonical form of one word token."""
        hit = self._cache.get(raw)
        if hit is None:
            plain = self._plain(raw)
            hit = self.spelling.get(plain, plain)
            if len(self._cache) < 200_000:
                self._cache[raw] = hit
        return hit

    def words(self, text: str) -> tuple[str, ...]:
        return tuple(self.word(m.group()) for m in WORD_RE.finditer(text))

    def variants(self, text: str) -> set[tuple[str, ...]]:
        """All phrase variants of ``text`` (``machine learning`` <-> ``ml`` and so on)."""
        out = {self.words(text)}
        for group in self.groups:
            for seq in list(out):
                for member in group:
                    at = _find(seq, member)
                    if at < 0:
                        continue
                    for other in group:
                        if other != member:
                            out.add(seq[:at] + other + seq[at + len(member):])
                    break
        return {v for v in out if v}

    def code_variants(self, code: str) -> set[tuple[str, ...]]:
        """``MLS-C01`` is written ``MLS C01`` and ``MLSC01`` too."""
        parts = self.words(code)
        return {parts, ("".join(parts),)}

    def ocr_code_variants(self, code: str) -> set[tuple[str, ...]]:
        """``code_variants`` as OCR may spell them: "MLS-CO1", "MLS C0l", "MLSCO1" for MLS-C01
        (see ``OCR_CONFUSABLE``)."""
        out: set[tuple[str, ...]] = set()
        for seq in itertools.product(*(confusable(p) for p in self.words(code))):
            out.add(seq)
            out.add(("".join(seq),))
        return out


def _find(seq: tuple[str, ...], sub: tuple[str, ...]) -> int:
    n = len(sub)
    for i in range(len(seq) - n + 1):
        if seq[i:i + n] == sub:
            return i
    return -1


def lexicon_words(lexicon: Lexicon, canon: Canon) -> frozenset[str]:
    """Every canonical word of every name, alias and exam code: the words a typo is corrected to."""
    words: set[str] = set()
    for entry in (*lexicon.credentials, *lexicon.near_misses):
        for text in (entry.name, *entry.aliases):
            for variant in canon.variants(text):
                words.update(variant)
        for code in entry.codes:
            for variant in canon.code_variants(code):
                words.update(variant)
    return frozenset(words)


MINOR_WORDS = frozenset({"for", "of", "and", "the", "in", "with", "to", "on"})


def issuer_names(lexicon: Lexicon, canon: Canon) -> dict[str, frozenset[str]]:
    """Each entry's issuer as written in names ("Google Cloud", "GCP", "AWS", "Amazon"), minor
    words left out; a bracket holds the platform ("DeepLearning.AI (Coursera)"), which other
    schools share, so it is left out too."""
    return {e.id: frozenset(w for v in canon.variants(e.issuer.split("(")[0]) for w in v) - MINOR_WORDS
            for e in (*lexicon.credentials, *lexicon.near_misses) if e.issuer}


def words_of(texts: Iterable[str], canon: Canon) -> frozenset[str]:
    """The canonical words of a lexicon word list."""
    return frozenset(w for t in texts for w in canon.words(t))


def build_canon(lexicon: Lexicon) -> Canon:
    return Canon(lexicon.spellings, lexicon.phrases)


def trie_pattern(words: Iterable[str]) -> str:
    """An alternation of literal ``words`` that shares their prefixes: ``ab(?:c|d)`` for abc|abd.

    A word that is a prefix of another stays optional (``ab(?:c)?``), and longer alternatives
    come first, so a regex that needs a boundary after the word can still backtrack to it.
    """
    trie: dict[str, dict] = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict[str, dict]) -> str:
        alts = [re.escape(ch) + emit(child) for ch, child in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        if "" in node:
            return ("(?:" + body + ")" if len(alts) == 1 and len(body) > 1 else body) + "?"
        return body

    return emit(trie)
