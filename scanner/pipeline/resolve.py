"""Disambiguation: from overlapping candidates to the mentions a careful reader would see.

- A generic alias ("Deep Learning Specialization") stands only where it reads as a proper name:
  written with capitals, next to its issuer, or in a certifications/education section. "a deep
  learning specialization in computer vision" is prose.
- A redirect in the lexicon turns a match into its look-alike when the line says so (Google's
  TensorFlow exam vs. the Coursera "TensorFlow Developer Professional Certificate").
- Overlaps resolve to the longest, most specific entry; a near miss that contains a credential's
  name wins ("AWS Certified Machine Learning Engineer – Associate" is not the Specialty).
- A name does not run across a sentence end or wrap into the next list item, and a name made
  only of job-title words ("Microsoft — Azure AI Engineer II") outside a list of credentials or
  a posting's requirements needs a credential word in its clause.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc, Span

from scanner.lexicon import Lexicon
from scanner.pipeline import _extensions  # noqa: F401
from scanner.pipeline.candidates import ends_thought, goes_on, starts_entry
from scanner.pipeline.matcher import CANDIDATES
from scanner.pipeline.words import MINOR_WORDS, Canon, issuer_names, lexicon_words, words_of

MENTIONS = "credscan_mentions"
REJECTED = "credscan_rejected"  # candidates set aside, each with the rule that did it (for --explain)
METHOD_ORDER = {"exact": 0, "alias": 1, "code": 2, "fuzzy": 3}
GENERIC_ROLES = frozenset({"credentials", "education"})
LISTING_ROLES = frozenset({"credentials", "education", "skills"})  # a name listed there is a claim
LISTING_LEVELS = frozenset({"required", "preferred"})
ARTICLES = frozenset({"a", "an", "my", "our", "this", "one", "any"})
_SENTENCE_END_RE = re.compile(r"[.!?](?:\s|$)")
_RANGE_RE = re.compile(r"(?:19|20)\d\d\s*(?:[-–—]|to)\s*(?:(?:19|20)\d\d|present|now|current|today)", re.IGNORECASE)
# a redirect's words count this close to the name: "TensorFlow Developer Certificate
# (DeepLearning.AI on Coursera)" is the Coursera programme, "TensorFlow Developer Certificate -
# took the Coursera prep course first" is Google's exam
REDIRECT_REACH = 2
OTHER_ISSUER_REACH = 4  # words from a generic name within which another school makes it theirs


@Language.factory("credscan_resolve", assigns=["doc.spans"], default_config={"lexicon_files": []})
def make_resolve(nlp: Language, name: str, lexicon_files: list[str]) -> Resolver:
    from scanner.pipeline import get_canon, get_lexicon

    return Resolver(get_lexicon(lexicon_files), get_canon(lexicon_files))


class Resolver:
    def __init__(self, lexicon: Lexicon, canon: Canon) -> None:
        self.redirects = {}
        for cred in lexicon.credentials:
            if cred.redirect:
                self.redirects[cred.id] = ([canon.words(w) for w in cred.redirect.when_line_has], cred.redirect.to)
        self.issuer_words: dict[str, frozenset[str]] = {}
        hints = words_of(lexicon.issuer_hints, canon)
        self.abbreviations = frozenset(w.lower() for w in lexicon.abbreviations)
        self.reach_filler = words_of(lexicon.reach_filler, canon)
        self.job_nouns = words_of(lexicon.job_nouns, canon)
        for entry in (*lexicon.credentials, *lexicon.near_misses):
            self.issuer_words[entry.id] = frozenset(canon.words(entry.issuer)) | hints
        self.role = {s.name: s.role for s in lexicon.sections}
        self.level = {s.name: s.level for s in lexicon.sections}
        title_words = frozenset(w for t in lexicon.title_words for w in canon.words(t))
        # the lexicon's words a job title does not use ("pmle", "specialty", "102", ...)
        self.distinctive = lexicon_words(lexicon, canon) - title_words - MINOR_WORDS
        self.credential_words = frozenset(w for t in lexicon.credential_words for w in canon.words(t))
        self.vocabulary = lexicon_words(lexicon, canon)
        self.near_ids = {n.id for n in lexicon.near_misses}
        self.job_words = frozenset(w for t in lexicon.job_words for w in canon.words(t))
        self.other_issuers = frozenset(w for t in lexicon.other_issuers for w in canon.words(t))
        self.issuer_names = issuer_names(lexicon, canon)

    def __call__(self, doc: Doc) -> Doc:
        info = doc.user_data["credscan"]
        candidates = doc.spans.get(CANDIDATES, [])
        clause_tokens: dict[int, list[int]] = {}
        for i, clause in enumerate(info.tok_clause):
            clause_tokens.setdefault(clause, []).append(i)
        codes = {i for c in candidates if c._.method == "code" for i in range(c.start, c.end)}
        # the candidates over each token, as (start, end): a redirect asks which words of its
        # clause belong to another name, and asking every candidate each time was quadratic
        covering: dict[int, list[tuple[int, int]]] = {}
        for c in candidates:
            bounds = (c.start, c.end)
            for i in range(c.start, c.end):
                covering.setdefault(i, []).append(bounds)
        kept: list[Span] = []
        rejected: dict[tuple[int, int, str], tuple[Span, str]] = {}

        def reject(span: Span, reason: str) -> None:
            rejected.setdefault((span.start, span.end, span._.entry_id), (span, reason))

        for span in candidates:
            if not self._reads_as_one_name(span, info):
                reject(span, "runs across a sentence end or into the next entry")
                continue
            clauses = sorted({info.tok_clause[span.start], info.tok_clause[span.end - 1]})
            tokens = [i for c in clauses for i in clause_tokens[c]]
            # both must pass; the job title goes first as the plainer reason to give
            if self._job_title(span, info, tokens, codes):
                reject(span, "reads as a job title (job words, 'as a …', or no credential word nearby)")
                continue
            if span._.generic and not self._proper(span, info, tokens, codes):
                reject(span, "generic name not written as one here (no issuer, capitals or credentials list; "
                             "part of another name; or another school's)")
                continue
            redirect = self.redirects.get(span._.entry_id)
            if redirect:
                own = self._own_words(span, info, covering, _near(span, info, tokens, self.reach_filler))
                if any(_contains(own, w) for w in redirect[0]):
                    span._.entry_id = redirect[1]
                    span._.is_near_miss = redirect[1] in self.near_ids
                    span._.cue = "redirect"
            kept.append(span)
        kept.sort(key=_specific_first)
        taken: list[Span | None] = [None] * len(doc)
        chosen = []
        for span in kept:
            winner = next((t for t in taken[span.start:span.end] if t is not None), None)
            if winner is not None:
                if winner._.entry_id != span._.entry_id:
                    reject(span, f"inside the longer name of {winner._.entry_id}")
                continue
            taken[span.start:span.end] = [span] * (span.end - span.start)
            span._.section = info.line_section[info.tok_line[span.start]]
            chosen.append(span)
        chosen.sort(key=lambda s: s.start)
        doc.spans[MENTIONS] = chosen
        chosen_at = {(s.start, s.end, s._.entry_id) for s in chosen}
        doc.spans[REJECTED] = [_with_reason(doc, span, reason) for key, (span, reason) in sorted(rejected.items())
                               if key not in chosen_at]
        return doc

    @staticmethod
    def _own_words(span: Span, info, covering: dict[int, list[tuple[int, int]]], tokens: list[int]) -> list[str]:
        """The words of the span's clauses, with other credentials' names blanked out.

        "Hold either the TensorFlow Developer Certificate or the PyTorch for Deep Learning
        Professional Certificate": "professional certificate" belongs to the PyTorch programme
        and says nothing about which TensorFlow certificate is meant. Blanked, not removed, so
        that the words on either side of another name never join into a phrase.
        """
        start, end = span.start, span.end
        return ["" if any(e <= start or s >= end for s, e in covering.get(i, ())) else info.words[i]
                for i in tokens]

    def _reads_as_one_name(self, span: Span, info) -> bool:
        """A name may wrap onto the next line, but not across a line that ended a thought or into
        one that starts an entry, and never across a sentence end within a line (a "|" may be
        part of a name or a table row's cells: "Professional ML Engineer | Google Cloud").

        "...Certificate (DeepLearning.AI)" / "TensorFlow Developer Certificate" are two entries;
        "shipped models to production on GCP. Professional machine learning engineer with ..."
        names no credential.
        """
        lines = info.document.lines
        tok_line = info.tok_line
        commas = 0
        for k in range(span.start, span.end - 1):
            a = tok_line[k]
            if a == tok_line[k + 1]:
                gap = lines[a].text[info.tok_end[k]:info.tok_start[k + 1]]
                if gap == " ":
                    continue
                if ";" in gap or "•" in gap:
                    return False  # "… on AWS; Machine Learning Specialty Pharmacy": two clauses
                if (_SENTENCE_END_RE.search(gap) and not self._listed(span, info)
                        and _ends_sentence(lines[a].text, info, k, self.abbreviations)):
                    return False
                commas += "," in gap
            elif k not in info.tok_continues:
                text = lines[a].text
                # "AWS CERTIFIED MACHINE LEARNING –" / "SPECIALTY, 2022": a capitals line after a
                # dash is the rest of the name, not a heading
                if ends_thought(text) or (starts_entry(lines[a + 1]) and not goes_on(text)):
                    return False
        if commas:
            # "AWS, Machine Learning, Specialty chemicals" is a list, not a name: a generic name
            # never holds a comma, another one only once and on a line that is no comma list
            line = lines[tok_line[span.start]].text
            inside = line.count(",", info.tok_start[span.start], info.tok_end[span.end - 1]) \
                if tok_line[span.end - 1] == tok_line[span.start] else commas
            return not span._.generic and commas == 1 and line.count(",") == inside
        return True

    def _listed(self, span: Span, info) -> bool:
        """In a list of credentials (resume) or of requirements (posting): entries, not prose."""
        section = info.line_section[info.tok_line[span.start]]
        return self.role.get(section) in LISTING_ROLES or self.level.get(section) in LISTING_LEVELS

    def _job_title(self, span: Span, info, tokens: list[int], codes: set[int]) -> bool:
        """A name made only of words job titles use, outside a list of credentials or a
        posting's requirements, with no word in its clause that speaks of a credential.

        "Microsoft - Azure AI Engineer II, 2021-2024" and "Google Cloud - Professional Services,
        Machine Learning Engineer" are jobs; "Earned the Google Cloud Professional Machine
        Learning Engineer in 2023" is not.
        """
        if span._.method == "exact" and _written_as_name(span, info):
            return False  # the official name in full, written as a name, is the credential's
        if self._distinctive(span, info):
            return False
        if _held_as_job(span, info, self.job_nouns):
            return True  # "3+ years as an AWS Machine Learning Specialist", even in a requirements list
        if self._listed(span, info) or self._alone_with_issuer(span, info):
            return False
        return not self._speaks_of_credential(span, info, tokens, codes)

    def _part_of_another_name(self, span: Span, info) -> bool:
        """A generic name run on into another capitalised word or a group's noun is part of some
        other name: "Machine Learning Specialty Pharmacy", "our Machine Learning Engineering for
        Production team"."""
        nxt = span.end
        if nxt >= len(info.words) or info.tok_clause[nxt] != info.tok_clause[span.end - 1]:
            return False
        line = info.tok_line[nxt]
        if line != info.tok_line[span.end - 1]:
            return False
        if info.document.lines[line].text[info.tok_end[span.end - 1]:info.tok_start[nxt]] != " ":
            return False
        word = info.words[nxt]
        if word in self.job_nouns:
            return True
        return (info.tok_cased[nxt] and word not in self.vocabulary and word not in self.credential_words
                and not word.isdigit())

    def _alone_with_issuer(self, span: Span, info) -> bool:
        """A line that is the name with its issuer, and at most a year or a bracket more:
        "Google Professional Machine Learning Engineer", "GCP Professional ML Engineer (2022)".
        A job's line says more: "Senior …", "… II", "… at Acme", "2019 – 2022"."""
        line = info.tok_line[span.start]
        if line != info.tok_line[span.end - 1]:
            return False
        issuer = self.issuer_names.get(span._.entry_id, frozenset())
        if not any(info.words[i] in issuer for i in range(span.start, span.end)):
            return False
        text = info.document.lines[line].text
        if _RANGE_RE.search(text):
            return False
        others = [info.words[i] for i in range(len(info.words)) if info.tok_line[i] == line
                  and not span.start <= i < span.end]
        if any(w in self.job_words for w in others):
            return False
        return sum(1 for w in others if not w.isdigit()) <= 2

    def _distinctive(self, span: Span, info) -> bool:
        """A word of the name that job titles do not use ("specialty", "pmle", "102")."""
        return any(info.words[i] in self.distinctive for i in range(span.start, span.end))

    def _speaks_of_credential(self, span: Span, info, tokens: list[int], codes: set[int]) -> bool:
        """A credential word or an exam code in the clause, outside the name itself:
        "… Azure AI Engineer certification is required", "Azure AI Engineer (AI-102), 2024"."""
        words = info.words
        if any(words[i] in self.credential_words for i in tokens if not span.start <= i < span.end):
            return True
        return any(i in codes for i in tokens)

    def _proper(self, span: Span, info, tokens: list[int], codes: set[int]) -> bool:
        """Whether a generic alias reads as the credential's name here: its issuer in the clause,
        written in capitals, or listed under certifications. After "a", "my", ... more is asked:
        capitals and a credential's own word (in the name or its clause), or the issuer.

        "a deep learning specialization in computer vision" and "3+ years as a Professional
        Machine Learning Engineer on Google Cloud" are prose; "completed a Deep Learning
        Specialization on Coursera" and "an Azure AI Engineer certification" are not.
        """
        if self._part_of_another_name(span, info):
            return False
        hints = self.issuer_words.get(span._.entry_id, ())
        hinted = any(info.words[i] in hints for i in tokens)
        own = self.issuer_names.get(span._.entry_id, frozenset())
        if not any(info.words[i] in own for i in tokens if not span.start <= i < span.end) and any(
                info.words[i] in self.other_issuers for i in tokens
                if 0 < span.start - i <= OTHER_ISSUER_REACH or 0 <= i - span.end < OTHER_ISSUER_REACH):
            return False  # "Deep Learning Specialization, University of Somewhere": theirs
        if span.start > 0 and info.words[span.start - 1] in ARTICLES:
            # written as a name, and the clause or the name itself says it is a credential: "An
            # Azure AI Engineer certification is required", "Finished my Machine Learning
            # Specialization"; in lower case only with its issuer ("a deep learning
            # specialization from DeepLearning.AI"), and never a bare job title
            if _written_as_name(span, info):
                return self._distinctive(span, info) or self._speaks_of_credential(span, info, tokens, codes)
            return hinted and self._distinctive(span, info)
        if hinted or _written_as_name(span, info):
            return True
        return self.role.get(info.line_section[info.tok_line[span.start]]) in GENERIC_ROLES


def _near(span: Span, info, tokens: list[int], filler: frozenset[str]) -> list[int]:
    """The clause tokens within ``REDIRECT_REACH`` words of the span, not counting words such as
    "issued by", "via", "on" ("… Certificate, issued by DeepLearning.AI via Coursera")."""
    clause = set(tokens)
    near = [i for i in tokens if span.start <= i < span.end]
    for step, edge in ((-1, span.start - 1), (1, span.end)):
        counted = 0
        i = edge
        while counted < REDIRECT_REACH and i in clause:
            near.append(i)
            counted += info.words[i] not in filler
            i += step
    return sorted(near)


def _with_reason(doc: Doc, span: Span, reason: str) -> Span:
    out = doc[span.start:span.end]
    ext = out._
    ext.entry_id, ext.is_near_miss, ext.method, ext.cue = span._.entry_id, span._.is_near_miss, span._.method, reason
    return out


def _held_as_job(span: Span, info, job_nouns: frozenset[str]) -> bool:
    """Words that make a title-like name a job held: "as a(n) …" before it, "role" or "position"
    right after it ("… Specialist or in a similar role")."""
    words = info.words
    clause = info.tok_clause[span.start]
    before = [words[i] for i in range(max(0, span.start - 2), span.start) if info.tok_clause[i] == clause]
    if before[-1:] == ["as"] or before[-2:] in (["as", "a"], ["as", "an"]):
        return True
    after = [words[i] for i in range(span.end, min(len(words), span.end + 5)) if info.tok_clause[i] == clause]
    return any(w in job_nouns for w in after)


def _written_as_name(span: Span, info) -> bool:
    """Every word capitalised, but for "for", "of", "the" and the like."""
    return all(info.tok_cased[i] or info.words[i] in MINOR_WORDS for i in range(span.start, span.end))


def _ends_sentence(text: str, info, k: int, abbreviations: frozenset[str]) -> bool:
    """Whether the full stop after token ``k`` ends a sentence, not an abbreviation or initials
    ("Cert.", "Prof.", "A.W.S.") and not followed by a word in lower case."""
    word = text[info.tok_start[k]:info.tok_end[k]]
    following = text[info.tok_start[k + 1]:info.tok_start[k + 1] + 1]
    return not (len(word) == 1 or "." in word or word.lower() in abbreviations or following.islower())


def _specific_first(span: Span) -> tuple[int, int, float, bool, int]:
    """Longest first, then exact before alias, code and fuzzy, higher scores, near misses."""
    ext = span._
    return (-(span.end - span.start), METHOD_ORDER[ext.method], -ext.score, not ext.is_near_miss, span.start)


def _contains(words: list[str], seq: tuple[str, ...]) -> bool:
    n = len(seq)
    return any(tuple(words[i:i + n]) == seq for i in range(len(words) - n + 1))
