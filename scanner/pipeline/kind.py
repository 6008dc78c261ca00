"""Is this a resume or a job posting? A logistic model over kinds of evidence, with a confidence.

The evidence is counted, not weighed by hand: section headings (Requirements and Preferred
Qualifications only occur in postings, Experience and Education mostly in resumes, Skills in
both), headings run into the text ("ResponsibilitiesRequirements", "Job SummaryPerforms ..."),
form fields ("Job Type: Full-time" vs "company - ..."), how duties are written (a posting's
"Analyze ..." / "Analyzes ...", a resume's "Analyzed ..."), who speaks ("you", "we" vs "I"),
what is demanded ("5+ years", "3 to 5 years", "(Preferred)"), an employer's terms, a work
history's date ranges and a contact line at the top. The words behind each kind of evidence
are data (``lexicons/kind.yaml``); the weights are fitted on real postings and resumes by
``scripts/train_kind.py`` and shipped in ``kind_model/weights.json`` with their calibration,
so ``kind_confidence`` is the probability of being right (0.5 to 1). The model has no
intercept: a text without evidence is a resume at 0.5, never a confident guess.

Only the first ``SAMPLE_CHARS`` characters are read in full (and the short lines after them,
for headings), which keeps the cost to a fraction of a millisecond per document. A kind given
by the caller always wins.
"""

from __future__ import annotations

import importlib.resources
import json
import math
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from rapidfuzz import fuzz, process
from spacy.language import Language
from spacy.tokens import Doc

from scanner.lexicon import Lexicon, LexiconError
from scanner.pipeline import _extensions  # noqa: F401
from scanner.pipeline.sections import HEADING_CUTOFF, MIN_FUZZY_HEADING, heading_key
from scanner.pipeline.words import trie_pattern

SAMPLE_CHARS = 3000
KIND_WORDS_VERSION = 1
MODEL_VERSION = 1
MAX_HEADING_WORDS = 5
MAX_HEADING_CHARS = 50
MAX_GLUED_CHARS = 200
MIN_GLUED_HEADING = 6  # shorter headings ("plus", "tools") hide inside longer words

# every feature the model knows, in a stable order, with the kind it may argue for (+1 posting,
# -1 resume: the training script keeps each weight on its side, so a feature the corpora happen
# to skew cannot turn into evidence for the other kind); each is log(1 + count) of its evidence
FEATURES: dict[str, int] = {
    # section headings, by the section sections.yaml gives them (or kind.yaml's own headings)
    "head_demand": +1,        # requirements, preferred qualifications, nice to have
    "head_duties": +1,        # what you'll do, about us, benefits (posting sections that set no level)
    "head_shared": +1,        # headings a resume uses too: Qualifications, Responsibilities, Preferred
    "head_posting": +1,       # kind.yaml's posting headings, or a heading opened by "Job", "Key", ...
    "head_experience": -1,
    "head_education": -1,
    "head_skills": -1,
    "head_profile": -1,       # summary, certifications, training, awards
    "head_personal": -1,      # languages, interests, references
    "head_resume": -1,        # kind.yaml's resume headings, or "Career ...", "Professional ..."
    "field_posting": +1,      # "Job Type:", "Salary -"
    "field_resume": -1,       # "company - ", "Designation:"
    # the first word of a line or sentence
    "verb_base": +1,          # "Analyze the data"
    "verb_s": +1,             # "Analyzes the data"
    "verb_past": -1,          # "Analyzed the data"
    "verb_ing": -1,           # "Analyzing the data"
    # words and phrases
    "posting_phrase": +1,
    "second_person": +1,
    "first_person_plural": +1,
    "modal": +1,
    "demand_phrase": +1,
    "employer_term": +1,
    "demand_marker": +1,      # "(Preferred)"
    "years_demanded": +1,     # "5+ years", "3 to 5 years", "at least two years"
    "pay": +1,                # "$25 per hour", "$120,000 - $150,000"
    "resume_phrase": -1,
    "first_person": -1,
    # a work history, a contact header
    "date_range": -1,
    "month_year": -1,
    "contact": -1,            # an e-mail address or profile link in the first lines
}
CONTACT_LINES = 3

_LIST_KEYS = (
    "posting_phrases", "resume_phrases", "second_person", "first_person_plural", "first_person",
    "first_person_subject", "modal_words", "demand_phrases", "employer_terms", "demand_markers",
    "year_words", "at_least_words", "number_words", "month_names", "present_words", "range_words", "pay_periods",
    "posting_fields", "resume_fields", "posting_headings", "resume_headings", "posting_heading_words",
    "resume_heading_words", "shared_labels", "verbs", "noun_like_verbs",
)


@dataclass(frozen=True, slots=True)
class KindWords:
    """The words of ``lexicons/kind.yaml``, checked: each list non-empty, each entry a string."""

    version: int
    posting_phrases: tuple[str, ...]
    resume_phrases: tuple[str, ...]
    second_person: tuple[str, ...]
    first_person_plural: tuple[str, ...]
    first_person: tuple[str, ...]
    first_person_subject: tuple[str, ...]
    modal_words: tuple[str, ...]
    demand_phrases: tuple[str, ...]
    employer_terms: tuple[str, ...]
    demand_markers: tuple[str, ...]
    year_words: tuple[str, ...]
    at_least_words: tuple[str, ...]
    number_words: tuple[str, ...]
    month_names: tuple[str, ...]
    present_words: tuple[str, ...]
    range_words: tuple[str, ...]
    pay_periods: tuple[str, ...]
    posting_fields: tuple[str, ...]
    resume_fields: tuple[str, ...]
    posting_headings: tuple[str, ...]
    resume_headings: tuple[str, ...]
    posting_heading_words: tuple[str, ...]
    resume_heading_words: tuple[str, ...]
    shared_labels: tuple[str, ...]
    verbs: tuple[str, ...]
    noun_like_verbs: tuple[str, ...]
    irregular_past: tuple[tuple[str, str], ...]

    @classmethod
    def from_dict(cls, data: object, source: str = "lexicons/kind.yaml") -> KindWords:
        """Validate ``data`` (the parsed YAML); raise ``LexiconError`` listing every problem."""
        if not isinstance(data, dict):
            raise LexiconError([f"{source}: expected a mapping with 'version' and word lists"])
        problems: list[str] = []
        allowed = {"version", "irregular_past", *_LIST_KEYS}
        for key in data:
            if key not in allowed:
                problems.append(f"{source}: {key}: unknown key (allowed: {', '.join(sorted(allowed))})")
        if data.get("version") != KIND_WORDS_VERSION:
            problems.append(f"{source}: version: expected {KIND_WORDS_VERSION}, got {data.get('version')!r}")
        values: dict[str, Any] = {"version": data.get("version")}
        for key in _LIST_KEYS:
            items = data.get(key)
            if not isinstance(items, list) or not items:
                problems.append(f"{source}: {key}: expected a non-empty list of words or phrases")
                continue
            bad = [i for i in items if not isinstance(i, str) or not i.strip()]
            if bad:
                problems.append(f"{source}: {key}: expected words or phrases, got {bad[0]!r}")
                continue
            values[key] = tuple(" ".join(i.lower().split()) for i in items)
        irregular = data.get("irregular_past", {})
        if not isinstance(irregular, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in irregular.items()
        ):
            problems.append(f"{source}: irregular_past: expected a mapping of verb: past form")
            irregular = {}
        verbs = set(values.get("verbs", ()))
        for verb in irregular:
            if verb.lower() not in verbs:
                problems.append(f"{source}: irregular_past: {verb}: not in verbs")
        for verb in values.get("noun_like_verbs", ()):
            if verb not in verbs:
                problems.append(f"{source}: noun_like_verbs: {verb}: not in verbs")
        if problems:
            raise LexiconError(problems)
        values["irregular_past"] = tuple((k.lower(), v.lower()) for k, v in irregular.items())
        return cls(**values)


def load_kind_words(path: str | Path | None = None) -> KindWords:
    """The shipped ``kind.yaml`` (or the file at ``path``), validated."""
    if path is None:
        text = (importlib.resources.files("scanner.lexicons") / "kind.yaml").read_text(encoding="utf-8")
        source = "lexicons/kind.yaml"
    else:
        text, source = Path(path).read_text(encoding="utf-8"), str(path)
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise LexiconError([f"{source}: not valid YAML: {exc}"]) from exc
    return KindWords.from_dict(data, source)


@dataclass(frozen=True, slots=True)
class KindModel:
    """Logistic weights per feature, no intercept (a document without evidence gets 0.5), and
    the calibration of their sum: ``p(posting) = σ(scale · Σ w·x)``."""

    weights: tuple[float, ...]  # in FEATURES order
    scale: float = 1.0

    def probability(self, x: list[float]) -> float:
        """The probability that the document is a posting."""
        z = self.scale * sum(w * v for w, v in zip(self.weights, x, strict=True) if v)
        return 1.0 / (1.0 + math.exp(-z)) if z > -700 else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {"version": MODEL_VERSION, "weights": dict(zip(FEATURES, self.weights, strict=True)),
                "scale": self.scale}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], source: str = "kind_model/weights.json") -> KindModel:
        if data.get("version") != MODEL_VERSION:
            raise ValueError(f"{source}: version: expected {MODEL_VERSION}, got {data.get('version')!r}")
        weights = data.get("weights", {})
        missing = [f for f in FEATURES if f not in weights]
        unknown = [f for f in weights if f not in FEATURES]
        if missing or unknown:
            raise ValueError(f"{source}: weights do not fit this code's features "
                             f"(missing {missing}, unknown {unknown}): refit with scripts/train_kind.py")
        return cls(tuple(float(weights[f]) for f in FEATURES), float(data.get("scale", 1.0)))


@lru_cache(maxsize=1)
def load_model() -> KindModel:
    """The shipped model (inside the package: nothing is downloaded)."""
    path = importlib.resources.files("scanner.pipeline") / "kind_model" / "weights.json"
    return KindModel.from_dict(json.loads(path.read_text(encoding="utf-8")))


def _forms(verb: str) -> tuple[set[str], set[str], set[str]]:
    """The third-person, past and -ing forms of a regular English verb (a few spare spellings
    that are not words do no harm: they never match)."""
    s, past, ing = {verb + "s"}, set(), set()
    stem = verb[:-1] if verb.endswith("e") else verb
    past.add(stem + "ed")
    ing.add(stem + "ing")
    if verb.endswith(("s", "sh", "ch", "x", "z", "o")):
        s.add(verb + "es")
    if len(verb) > 2 and verb.endswith("y") and verb[-2] not in "aeiou":
        s = {verb[:-1] + "ies"}
        past = {verb[:-1] + "ied"}
    if len(verb) >= 3 and verb[-1] in "bdgmnprt" and verb[-2] in "aeiou" and verb[-3] not in "aeiou":
        past.add(verb + verb[-1] + "ed")
        ing.add(verb + verb[-1] + "ing")
    return s, past, ing


# a segment ends at a line break (also a literal "\n" of a pasted list), between the items of a
# pasted Python list ("', '"), at a colon or a bullet, after a sentence, and where a heading or a
# sentence was glued to the next one ("ResponsibilitiesRequirements", "...reports.Provide").
# Every branch starts with one character class, so ``re`` skips over the text instead of trying
# six branches at every position; a glue match is the capital letter that starts the next segment.
_BREAK_RE = re.compile(
    r"[\n:•▪●■◦'\"\\.!?;A-Z](?:"
    r"(?<=[\n:•▪●■◦])"
    r"|(?<=\\)[nr]"
    r"|(?<=['\"]),\s*['\"]"
    r"|(?<=[.!?;])\s+(?=[A-Z])"
    r"|(?<=[a-z.!?)][A-Z])(?=[a-zA-Z])"
    r")"
)
_LEAD_RE = re.compile(r"^[\s\[\]'\"#>*\-–—•·▪◦●■\d.)(/]*")
_TRAIL = " \t'\"]:-–—"
# "company - Acme", "Python- 24 months": a field, not a compound ("Company-paid", "Client-focused")
_FIELD_RE = re.compile(r"^([A-Za-z][A-Za-z /&]{0,28}?)(?:\s+[-–]\s*|[-–]\s+)(?=\S)")
_FIRST_WORD_RE = re.compile(r"[A-Za-z]+")
_YEAR_RE = re.compile(r"(?:19|20)\d\d")
_CONTACT_RE = re.compile(r"[\w.+-]@[\w-]+\.[a-z]{2,}|linkedin\.com/in/|github\.com/")
CONTACT_CHARS = 400


def _key(segment: str) -> str:
    """``heading_key`` for a segment already stripped of its leading and trailing marks."""
    key = segment.lower()
    if "&" in key or "’" in key:
        key = key.replace("&", " and ").replace("’", "'")
    if not key.isascii():
        return heading_key(key)
    return " ".join(key.split()) if "  " in key or "\t" in key or "\xa0" in key else key


def _words_re(words) -> re.Pattern[str]:
    """Whole words or phrases, for lowercased text. ASCII word boundaries are twice as fast as
    Unicode ones; the caller checks the character before a match (``_starts_word``), so a
    letter such as "é" before a word still stops it."""
    return re.compile(r"\b(?:" + trie_pattern(words) + r")(?!\w)", re.ASCII)


def _starts_word(text: str, start: int) -> bool:
    """A word starts here, and not inside a link or a name ("en-us", "/apply", "our_team")."""
    return start == 0 or not (text[start - 1].isalnum() or text[start - 1] in "-/_.@=#")


def _opens_clause(text: str, start: int) -> bool:
    """The word at ``start`` begins the text, a line, a sentence or a clause (after "and")."""
    before = text[max(0, start - 6):start].rstrip(" \t")
    return not before or before[-1] in "\n.!?;:,•·(" or before.endswith((" and", "\nand"))


class KindEvidence:
    """Counts each kind of evidence in a document: ``count(info)`` -> one number per feature."""

    def __init__(self, lexicon: Lexicon, words: KindWords) -> None:
        self.index = {name: i for i, name in enumerate(FEATURES)}
        heads: dict[str, str] = {}
        for section in lexicon.sections:
            feature = _section_feature(section.name, section.role, section.level)
            if feature:
                for heading in section.headings:
                    heads[heading_key(heading)] = feature
        # kind.yaml's headings say whose they are outright: they win over the section a heading
        # also opens ("Education Details" is an education section and a resume export's heading)
        for heading in words.posting_headings:
            heads[heading_key(heading)] = "head_posting"
        for heading in words.resume_headings:
            heads[heading_key(heading)] = "head_resume"
        for label in words.shared_labels:
            heads[heading_key(label)] = "head_shared"
        self.heads = heads
        self.head_keys = tuple(k for k in heads if " " not in k)
        self.misspelt: dict[str, str | None] = {}  # fuzzy answers per one-word key: a cache
        self.glued_re = re.compile(trie_pattern(k for k in heads if len(k) >= MIN_GLUED_HEADING))
        self.posting_heading_words = frozenset(words.posting_heading_words)
        self.resume_heading_words = frozenset(words.resume_heading_words)
        fields_: dict[str, str] = {}
        for field in words.posting_fields:
            fields_[field] = "field_posting"
        for field in words.resume_fields:
            fields_[field] = "field_resume"
        self.fields = fields_
        verbs: dict[str, str] = {}
        noun_like = set(words.noun_like_verbs)
        irregular = dict(words.irregular_past)
        for verb in words.verbs:
            s, past, ing = _forms(verb)
            if verb in irregular:
                past = {irregular[verb]}
            for form in ing:
                verbs.setdefault(form, "verb_ing")
            for form in past:
                verbs.setdefault(form, "verb_past")
            if verb not in noun_like:
                for form in s:
                    verbs.setdefault(form, "verb_s")
        for verb in words.verbs:  # a form that is also a base ("set") counts as a base
            if verb not in noun_like:
                verbs[verb] = "verb_base"
            elif verbs.get(verb) != "verb_base":
                verbs.pop(verb, None)
        self.verbs = verbs

        persons: dict[str, str] = {}
        for key in ("second_person", "first_person_plural", "first_person"):
            for word in getattr(words, key):
                persons[word] = key
        # phrases and pronouns in one pass (one scan of the text costs what two do): a phrase
        # counts the pronouns in it too ("you will" is a posting phrase and a "you")
        phrases: dict[str, tuple[str, ...]] = {word: (feature,) for word, feature in persons.items()}
        for key, feature in (
            ("employer_terms", "employer_term"), ("demand_phrases", "demand_phrase"),
            ("modal_words", "modal"), ("resume_phrases", "resume_phrase"),
            ("posting_phrases", "posting_phrase"),
        ):
            for phrase in getattr(words, key):
                phrases[phrase] = (feature, *(persons[w] for w in phrase.split() if w in persons))
        self.phrases = phrases
        self.phrase_re = _words_re(phrases)
        # "I" as a subject ("I led", "... and I built"), not a roman numeral ("Analyst I in the
        # team"): in the cased text, at the start of a clause
        self.subject_re = re.compile(
            r"(?:" + "|".join(re.escape(w.upper() if len(w) == 1 else w.capitalize())
                              for w in words.first_person_subject) + r")\s+[a-z]")

        num = r"(?:\d{1,2}|" + trie_pattern(words.number_words) + r")"
        least = r"(?:" + trie_pattern(words.at_least_words) + r")\.?"
        # a year word, then what goes before it: "5+", "3 to 5", "at least two (2)"
        self.year_word_re = _words_re(words.year_words)
        self.years_before_re = re.compile(
            rf"(?:\b{num}\s*\+|\b{num}\s*(?:-|–|to)\s*{num}\s*\+?|\b{least}\s+{num}\s*(?:\(\d{{1,2}}\)\s*)?\+?)"
            r"\s*$"
        )
        self.marker_re = re.compile(r"\(\s*(?:" + trie_pattern(words.demand_markers) + r")\s*\)")
        month = r"(?:" + trie_pattern(words.month_names) + r")\.?"
        date = rf"(?:(?:{month}\s*|\d{{1,2}}\s*/\s*)?(?:19|20)\d\d)"
        present = r"(?:" + trie_pattern(words.present_words) + r")"
        joiner = r"(?:\s*[-–—]\s*|\s+(?:" + trie_pattern(words.range_words) + r")\s+)"
        # around a year: a month or "03/" before it, a range's second end after it
        self.month_before_re = re.compile(rf"(?:\b{month}\s*|\b\d{{1,2}}\s*/\s*)$")
        self.range_after_re = re.compile(rf"{joiner}(?:{date}|{present})\b")
        period = r"(?:" + trie_pattern(words.pay_periods) + r")\b"
        amount = r"\$\s?\d[\d,.]*\s?k?"
        self.pay_re = re.compile(rf"{amount}\s*(?:[-–]|to)\s*\$\s?\d|{amount}\s*(?:/\s*|per\s+|an?\s+){period}")

    def count(self, info) -> list[float]:
        """``log(1 + n)`` of each feature's evidence in the document's first ``SAMPLE_CHARS``."""
        counts = [0] * len(FEATURES)
        ix = self.index
        text = info.document.text[:SAMPLE_CHARS]
        low = info.lower[:SAMPLE_CHARS] if info.lower is not None else text.lower()
        self._segment_features(text, counts)
        for feature in self._later_headings(info.document.lines):
            counts[ix[feature]] += 1
        phrases = self.phrases
        for m in self.phrase_re.finditer(low):
            if _starts_word(low, m.start()):
                for feature in phrases[m.group()]:
                    counts[ix[feature]] += 1
        if "I" in text:
            counts[ix["first_person"]] += sum(_opens_clause(text, m.start()) for m in self.subject_re.finditer(text))
        years_before = self.years_before_re.search
        for m in self.year_word_re.finditer(low):
            start = m.start()
            if _starts_word(low, start) and years_before(low, max(0, start - 40), start):
                counts[ix["years_demanded"]] += 1
        if "(" in low:
            counts[ix["demand_marker"]] = len(self.marker_re.findall(low))
        if "$" in low:
            counts[ix["pay"]] = len(self.pay_re.findall(low))
        month_before, range_after = self.month_before_re.search, self.range_after_re.match
        n = len(low)
        for m in _YEAR_RE.finditer(low):
            start, end = m.span()
            if (start and low[start - 1].isalnum()) or (end < n and low[end].isalnum()):
                continue
            if month_before(low, max(0, start - 12), start):
                counts[ix["month_year"]] += 1
            if range_after(low, end):
                counts[ix["date_range"]] += 1
        top = low[:CONTACT_CHARS]
        cut = -1
        for _ in range(CONTACT_LINES):
            cut = top.find("\n", cut + 1)
            if cut < 0:
                break
        if _CONTACT_RE.search(top if cut < 0 else top[:cut]):
            counts[ix["contact"]] = 1
        return [math.log1p(c) if c else 0.0 for c in counts]

    def _segment_features(self, text: str, counts: list[int]) -> None:
        """Count the heading, field and verb evidence of each segment (see ``_BREAK_RE``)."""
        heads, fields_, verbs, ix = self.heads, self.fields, self.verbs, self.index
        last = 0
        for m in (*_BREAK_RE.finditer(text), None):
            if m is None:
                segment, colon = text[last:], False
            else:
                start = m.start()
                c = text[start]
                colon = c == ":"
                if c in ".!?;":  # a sentence ends: keep its stop, which says it is no heading
                    segment, last = text[last:start + 1], m.end()
                elif c.isupper():  # glued: the capital starts the next segment
                    segment, last = text[last:start], start
                else:
                    segment, last = text[last:start], m.end()
            if not segment:
                continue
            if not segment[0].isalpha():
                segment = segment[_LEAD_RE.match(segment).end():]
            segment = segment.rstrip(_TRAIL)
            sentence = segment.endswith((".", ",", ";"))
            if sentence:
                segment = segment.rstrip(".,;")
            if not segment:
                continue
            word = _FIRST_WORD_RE.match(segment)
            verb = verbs.get(word.group().lower()) if word is not None else None
            short = not sentence and len(segment) <= MAX_HEADING_CHARS and segment.count(" ") < MAX_HEADING_WORDS
            if short:
                key = _key(segment)
                feature = heads.get(key) or (fields_.get(key) if colon else None)
                if feature is not None:
                    counts[ix[feature]] += 1
                    continue
            if segment.isupper() and len(segment) <= MAX_GLUED_CHARS:
                glued = self._glued_headings(segment.lower())
                if glued:
                    for feature in glued:
                        counts[ix[feature]] += 1
                    continue
            if short and verb is None and segment[0].isupper():
                feature = self._modified_heading(key)
                if feature is not None:
                    counts[ix[feature]] += 1
                    continue
            head = segment[:32]
            if "-" in head or "–" in head:
                field = _FIELD_RE.match(segment)
                if field is not None:
                    feature = fields_.get(field.group(1).lower().strip())
                    if feature is not None:
                        counts[ix[feature]] += 1
                        continue
            if verb is not None:
                counts[ix[verb]] += 1

    def _later_headings(self, lines) -> Iterator[str]:
        """Known headings on lines of their own after the sample: a resume's Education may come
        on its second page. Exact names only: a few lines, looked up in a dict."""
        heads = self.heads
        for line in lines:
            if line.start < SAMPLE_CHARS or len(line.text) > MAX_HEADING_CHARS:
                continue
            text = line.text
            if not text[0].isalpha():
                text = text[_LEAD_RE.match(text).end():]
            feature = heads.get(_key(text.rstrip(_TRAIL)))
            if feature is not None:
                yield feature

    def _modified_heading(self, key: str) -> str | None:
        """A heading not known as it stands: "Job Requirements", "Career Highlights" (a known
        heading after a word that tells whose it is), "Certification requirements" (one that
        ends in a known posting heading), "Requirments" (one typo away from a known one)."""
        first, _, rest = key.partition(" ")
        if rest and (rest in self.heads or rest + "s" in self.heads):
            if first in self.posting_heading_words:
                return "head_posting"
            if first in self.resume_heading_words:
                return "head_resume"
        if rest:
            # a posting qualifies its headings freely ("Certification requirements", "Essential
            # Duties"); a resume's are few and known ("Years of Experience" is a posting's)
            words = key.split()
            for i in range(1, len(words)):
                feature = self.heads.get(" ".join(words[i:]))
                if feature is not None:
                    return feature if FEATURES[feature] > 0 else None
            return None
        return self._misspelt(key)

    def _glued_headings(self, low: str) -> list[str]:
        """Headings in capitals run together ("RESPONSIBILITIESQUALIFICATIONS"), when at least
        one of them is glued to a neighbour: a title in capitals is not read as headings."""
        found, glued = [], False
        for m in self.glued_re.finditer(low):
            found.append(self.heads[m.group()])
            start, end = m.span()
            glued = glued or (start > 0 and low[start - 1].isalpha()) or (end < len(low) and low[end].isalpha())
        return found if glued else []

    def _misspelt(self, key: str) -> str | None:
        if key in self.misspelt:
            return self.misspelt[key]
        feature = None
        if len(key) >= MIN_FUZZY_HEADING and key.isalpha():
            best = process.extractOne(key, self.head_keys, scorer=fuzz.ratio, score_cutoff=HEADING_CUTOFF)
            feature = self.heads[best[0]] if best is not None else None
        if len(self.misspelt) < 10_000:
            self.misspelt[key] = feature
        return feature


def _section_feature(name: str, role: str | None, level: str | None) -> str | None:
    if level in ("required", "preferred"):
        return "head_demand"
    if level:
        return "head_duties"
    return {"experience": "head_experience", "education": "head_education", "skills": "head_skills",
            "summary": "head_profile", "credentials": "head_profile"}.get(role or "", "head_personal")


@Language.factory("credscan_kind", assigns=["doc._.kind", "doc._.kind_confidence"], default_config={"lexicon_files": []})
def make_kind(nlp: Language, name: str, lexicon_files: list[str]) -> KindClassifier:
    from scanner.pipeline import get_lexicon

    return KindClassifier(get_lexicon(lexicon_files))


class KindClassifier:
    """Sets ``doc._.kind`` ("resume"/"posting") and ``doc._.kind_confidence`` (0.5 to 1: the
    calibrated probability that the kind is right; 1.0 when the caller gave the kind)."""

    def __init__(self, lexicon: Lexicon, words: KindWords | None = None, model: KindModel | None = None) -> None:
        self.evidence = KindEvidence(lexicon, words or _shipped_words())
        self.model = model or load_model()

    def __call__(self, doc: Doc) -> Doc:
        info = doc.user_data["credscan"]
        if info.kind:
            doc._.kind, doc._.kind_confidence = info.kind, 1.0
            return doc
        p = self.posting_probability(info)
        doc._.kind, doc._.kind_confidence = ("posting", p) if p > 0.5 else ("resume", 1.0 - p)
        return doc

    def posting_probability(self, info) -> float:
        return self.model.probability(self.evidence.count(info))

    def explain(self, info) -> dict[str, float]:
        """Each feature's contribution to the (uncalibrated) log-odds of a posting, non-zero only."""
        x = self.evidence.count(info)
        return {f: w * v for f, w, v in zip(FEATURES, self.model.weights, x, strict=True) if v}


@lru_cache(maxsize=1)
def _shipped_words() -> KindWords:
    return load_kind_words()


__all__ = ["FEATURES", "KindClassifier", "KindEvidence", "KindModel", "KindWords", "load_kind_words", "load_model"]
