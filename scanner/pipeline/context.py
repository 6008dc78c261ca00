"""Context (medspaCy's ConText, for credentials): status on resumes, level on postings.

A cue's scope is the clause it stands in (a line, cut at ``;``, ``|``, ``•`` and sentence ends);
a name wrapped over two lines has both lines' clauses. Among the cues that reach a mention the
nearest wins, except that on resumes any qualifying cue (in progress, planned, expired, only
named) beats a plain claim ("certified", "earned"). Without a cue, the section decides
(Certifications -> earned, Requirements -> required, Nice to have -> preferred), then dates: a
past range ("2019–2022") is expired, "2023–present" earned. A posting's "A or B" lists become
alternatives.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.vocab import Vocab

from scanner.lexicon import PREP_ID, Lexicon
from scanner.pipeline import _extensions  # noqa: F401
from scanner.pipeline.candidates import goes_on, starts_entry
from scanner.pipeline.resolve import MENTIONS
from scanner.pipeline.sections import label_words
from scanner.pipeline.words import Canon
from scanner.results import STATUS_RANK

OPEN_ENDED = frozenset({"present", "current", "now", "today", "actual", "heute", "atual", "hoy", "oggi"})
_OR_RE = re.compile(r"\b(?:or|ou|o|oder|either)\b|/", re.IGNORECASE)
_LIST_GAP_RE = re.compile(r"^[\s,;]*(?:and\s+)?$", re.IGNORECASE)
_RANGE_GAP_RE = re.compile(r"^\s*(?:[-–—]|to|until|bis|a|à)\s*$")
_MAX_INTRO_WORDS = 3  # words between a cue and the colon of the list it introduces
_ONE_OF = (("one", "of"), ("any", "of"), ("either",), ("uno", "de"), ("eine", "der"), ("un", "des"))
# openers of a list whose items may be separated by ";" ("either A or B; C" ends at the ";")
_LIST_OF = tuple(p for p in _ONE_OF if p != ("either",))
QUALIFIERS = frozenset({"in-progress", "planned", "expired", "mentioned"})
PREP_REACH = 2  # words between a name and "prep course" / "practice exams" that still make it its material
TABLE_REACH = 60  # rows a table cell looks up for its header
_TASK_RE = re.compile(r"^\s*(?:[-*+]\s*)?\[([ xX✓✔])\]")
_NEGATION_RE = re.compile(r"\b(?:not|no|n't)\b")
_MD_HEADING_RE = re.compile(r"#{1,6}\s+(?![-*+•]\s)")  # "### Name", not "#  - item" (a commented list)
_LISTED_RE = re.compile(r"\s*#+\s+[-*+•]\s")
RECORD_REACH = 12  # lines a record's fields are looked for above and below a mention
_FIELD_RE = re.compile(r"""^[{\s]*["'`]?(?P<key>[A-Za-z_][\w -]{0,30}?)["'`]?\s*[:=]\s*(?P<value>[^{\[(]*)$""")
_YEAR_RE = re.compile(r"\b(?:19|20)\d\d\b")
ROLE_EARNED = frozenset({"credentials", "education", "skills"})


@dataclass(frozen=True, slots=True)
class CueHit:
    start: int
    end: int
    category: str
    direction: str
    literal: str
    until: bool = False  # an earned cue whose year is when the credential lapses


@Language.factory("credscan_context", assigns=["doc.spans"], default_config={"lexicon_files": [], "as_of_year": 0})
def make_context(nlp: Language, name: str, lexicon_files: list[str], as_of_year: int) -> ContextComponent:
    from scanner.pipeline import get_canon, get_lexicon

    return ContextComponent(nlp.vocab, get_lexicon(lexicon_files), get_canon(lexicon_files), as_of_year or dt.date.today().year)


class ContextComponent:
    def __init__(self, vocab: Vocab, lexicon: Lexicon, canon: Canon, as_of_year: int) -> None:
        self.as_of_year = as_of_year
        self.matchers: dict[str, PhraseMatcher] = {}
        self.cues: dict[str, dict[str, tuple[str, str, str, bool]]] = {}
        for kind in ("resume", "posting"):
            matcher = PhraseMatcher(vocab, attr="ORTH")
            table: dict[str, tuple[str, str, str, bool]] = {}
            for cue in lexicon.cues:
                if cue.applies_to != kind:
                    continue
                key = f"{kind}|{cue.category}|{cue.direction}|{cue.literal}"
                words = canon.words(cue.literal)
                if words and key not in table:
                    table[key] = (cue.category, cue.direction, cue.literal, cue.until)
                    matcher.add(key, [Doc(vocab, words=list(words))])
            self.matchers[kind] = matcher
            self.cues[kind] = table
        self.strings = vocab.strings
        self.canon = canon
        # a cue standing as a whole cell or field: a table column's head ("Required", "Obbligatoria"),
        # a record's key ("issuer", "target_month") or value ("expired")
        self.word_cues: dict[str, dict[tuple[str, ...], str]] = {"resume": {}, "posting": {}}
        for cue in lexicon.cues:
            if cue.category != "prep":
                self.word_cues[cue.applies_to].setdefault(canon.words(cue.literal), cue.category)
        self.date_fields = frozenset(w for f in lexicon.date_fields for w in canon.words(f))
        self.affirmative = frozenset(w.lower() for w in lexicon.affirmative_words)
        self.negative = frozenset(w.lower() for w in lexicon.negative_words)
        self.role = {s.name: s.role for s in lexicon.sections}
        self.level = {s.name: s.level for s in lexicon.sections}

    def __call__(self, doc: Doc) -> Doc:
        info = doc.user_data["credscan"]
        kind = doc._.kind or "resume"
        mentions = list(doc.spans[MENTIONS]) if MENTIONS in doc.spans else []
        if not mentions:
            return doc
        inside = bytearray(len(doc))
        for span in mentions:
            inside[span.start:span.end] = b"\1" * (span.end - span.start)
        table = self.cues[kind]
        by_clause: dict[int, list[CueHit]] = {}
        for match_id, start, end in self.matchers[kind](doc):
            if any(inside[start:end]):
                continue
            cue = CueHit(start, end, *table[self.strings[match_id]])
            by_clause.setdefault(info.tok_clause[start], []).append(cue)
            if cue.direction != "backward":
                for clause in self._listed_after(info, cue, inside):
                    by_clause.setdefault(clause, []).append(cue)
        per_line: dict[int, set[str]] = {}
        for span in mentions:
            per_line.setdefault(info.tok_line[span.start], set()).add(span._.entry_id)
        for span in mentions:
            clauses = {info.tok_clause[i] for i in range(span.start, span.end)}
            if len(per_line[info.tok_line[span.start]]) == 1:
                # alone on its line (a table row "Name | Issuer | 2023 | Expired"): the line is the scope
                clauses |= self._line_clauses(info, span)
            clauses |= self._continued(info, span, per_line)
            cues = [c for cl in clauses for c in by_clause.get(cl, ())]
            cue = self._nearest(span, cues, kind)
            ext = span._
            if cue is not None and cue.category == "prep":
                # "AWS ML Specialty practice exams": material about the exam, a near miss
                ext.entry_id, ext.is_near_miss, ext.cue = PREP_ID, True, cue.literal
                ext.status = ext.level = None
                continue
            if kind == "posting" and cue is not None and cue.category == "mentioned" and _NEGATION_RE.search(cue.literal):
                # "preferred, but not required", "nice to have, not a must": a negated demand
                # beside a preferred cue is preferred
                cue = next((c for c in cues if c.category == "preferred"), cue)
            year, dated = self._dates(doc, span, clauses, info)
            section = ext.section
            marked = self._line_mark(info, span, kind)
            if marked is None and (cue is None or (kind == "resume" and cue.category == "earned")):
                marked = self._record(info, span, kind)
            if marked is not None and (cue is None or cue.category == "earned" or (kind == "posting" and cue.category != "mentioned")):
                # a task list's box or a table's cue column says it outright
                if kind == "resume":
                    ext.status, ext.cue, ext.year = marked[0], marked[1], year
                else:
                    ext.level, ext.cue = marked
                continue
            if kind == "resume":
                # a date outranks an "earned" cue ("passed 2019-2022": expired; "completed the
                # coursework, exam in 2027": in progress), except that a validity cue's future year
                # is when it lapses ("valid through 2027", "expires 2027": held now)
                if cue is not None and cue.until and dated is not None and dated[1] == "future date":
                    ext.status, ext.cue = "earned", cue.literal
                    year = None  # the year it lapses, not the year it was earned
                elif cue is not None and (cue.category != "earned" or dated is None):
                    ext.status, ext.cue = cue.category, cue.literal
                elif dated is not None:
                    ext.status, ext.cue = dated
                elif self.role.get(section) in ROLE_EARNED:
                    ext.status, ext.cue = "earned", f"section:{section}"
                elif self._stands_alone(span, info, inside):
                    ext.status, ext.cue = "earned", "listed on its own line"
                else:
                    ext.status, ext.cue = "mentioned", None
                ext.year = year
            else:
                if cue is not None:
                    ext.level, ext.cue = cue.category, cue.literal
                elif self.level.get(section):
                    ext.level, ext.cue = self.level[section], f"section:{section}"
                elif info.line_level_section[info.tok_line[span.start]]:  # "Certifications" under "Requirements"
                    outer = info.line_level_section[info.tok_line[span.start]]
                    ext.level, ext.cue = self.level[outer], f"section:{outer}"
                else:
                    ext.level, ext.cue = "mentioned", None
        if kind == "posting":
            self._alternatives(doc, mentions, info)
        return doc

    def _line_mark(self, info, span: Span, kind: str) -> tuple[str, str] | None:
        """What the mention's line says by its form rather than its words: a task list's box
        ("- [ ] …" planned, "- [x] …" earned), or a table row's cell under a column headed by a
        cue ("Required" / "Obbligatoria": "Yes" required, "No" only named)."""
        index = info.tok_line[span.start]
        line = info.document.lines[index]
        box = (line.raw is not None and _TASK_RE.match(line.raw)) or _TASK_RE.match(line.text)
        if box is not None and kind == "resume":
            return ("planned", "task list: open") if box[1] == " " else ("earned", "task list: done")
        if "|" not in line.text:
            return None
        return self._table_cell(info, index, info.tok_start[span.start], kind)

    def _record(self, info, span: Span, kind: str) -> tuple[str, str] | None:
        """What the other fields of a record say (``{ title: '…', issuer: '…', date: '2023' }``
        written over several lines): a status or level field, a key that is a cue ("issuer",
        "examDate", "target_month"), or a date field with a past year (resumes: earned).
        Qualifiers win over a plain claim."""
        lines = info.document.lines
        index = info.tok_line[span.start]
        own = _FIELD_RE.match(lines[index].text)
        if own is None:
            return None
        fields = [own]
        for step in (-1, 1):
            i = index + step
            while 0 <= i < len(lines) and abs(i - index) <= RECORD_REACH:
                m = _FIELD_RE.match(lines[i].text)
                if m is None:
                    break
                fields.append(m)
                i += step
        cues = self.word_cues[kind]
        found: list[tuple[str, str]] = []
        for m in fields:
            key, value = label_words(m["key"]), m["value"].strip().strip("'\"`,")
            category = cues.get(tuple(key)) or cues.get(self.canon.words(value))
            if category is None and kind == "resume" and key and key[-1] in self.date_fields:
                years = [int(y) for y in _YEAR_RE.findall(value)]
                if years and max(years) <= self.as_of_year:
                    category = "earned"
            if category is not None and category != "prep":
                found.append((category, f"field: {m['key'].strip()}"))
        if not found:
            return None
        return min(found, key=lambda f: (f[0] not in QUALIFIERS, f[0] == "mentioned"))

    def _table_cell(self, info, index: int, at: int, kind: str) -> tuple[str, str] | None:
        lines = info.document.lines
        top = index
        while top > 0 and lines[top - 1].text.count("|") >= 1 and index - top < TABLE_REACH:
            top -= 1
        if top == index:
            return None
        header = [c.strip() for c in lines[top].text.split("|")]
        cells = [c.strip() for c in lines[index].text.split("|")]
        column = lines[index].text.count("|", 0, at)
        if len(header) != len(cells):
            return None
        for k, (head, cell) in enumerate(zip(header, cells, strict=True)):
            if k == column or not head:
                continue
            category = self.word_cues[kind].get(self.canon.words(head))
            if category is None:
                continue
            word = cell.lower()
            if word in self.affirmative:
                return category, f"column: {head}"
            if word in self.negative and kind == "posting":
                return "mentioned", f"column: {head}"
        return None

    @staticmethod
    def _line_clauses(info, span: Span) -> set[int]:
        """Every clause of the span's line(s). Tokens are in line order and clause numbers only
        grow, so the line's first and last token bound them (found by bisection: walking the
        line per mention was quadratic on a long line)."""
        lo = bisect_left(info.tok_line, info.tok_line[span.start], 0, span.start + 1)
        hi = bisect_right(info.tok_line, info.tok_line[span.end - 1], span.end - 1) - 1
        return set(range(info.tok_clause[lo], info.tok_clause[hi] + 1))

    @staticmethod
    def _listed_after(info, cue: CueHit, inside: bytearray) -> list[int]:
        """The clauses of a list the cue introduces with a colon, to the end of its line.

        "Nice to have: AWS ML Specialty | GCP PMLE | AI-102", "Certifications we value: …":
        ``|``, ``;`` and bullets cut clauses, but a cue standing before the colon (a few words
        at most, no credential among them) heads every item after it.
        """
        line = info.tok_line[cue.start]
        text = info.document.lines[line].text
        colon = text.find(":", info.tok_end[cue.end - 1])
        if colon < 0:
            return []
        n = len(info.tok_line)
        i = cue.end
        own = info.tok_clause[cue.start]
        while i < n and info.tok_line[i] == line and info.tok_start[i] < colon:
            if inside[i] or i - cue.end >= _MAX_INTRO_WORDS or info.tok_clause[i] != own:
                return []
            i += 1
        clauses: list[int] = []
        while i < n and info.tok_line[i] == line:
            if not clauses or clauses[-1] != info.tok_clause[i]:
                clauses.append(info.tok_clause[i])
            i += 1
        return clauses

    @staticmethod
    def _continued(info, span: Span, per_line: dict[int, set[str]]) -> set[int]:
        """The first clause of the next line, when the entry plainly goes on there.

        "…(MLOps) Specialization," / "DeepLearning.AI — 2021", "…exam scheduled for" /
        "February 2027", "Learning – Specialty" / "(2020–2023, expired)": the mention's line
        ends with a comma, a dash or a joining word, or the next line opens a bracket, and the
        next line is no new item and names no credential of its own (its cues are its own then).
        """
        last = info.tok_line[span.end - 1]
        if last + 1 in per_line:
            return set()
        n = len(info.tok_line)
        i = bisect_right(info.tok_line, last, span.end)  # tokens are in line order
        if i >= n or info.tok_line[i] != last + 1:
            return set()  # the next line is not among the analysed ones
        lines = info.document.lines
        if starts_entry(lines[last + 1]) or not (
                goes_on(lines[last].text) or lines[last + 1].text.startswith("(")):
            return set()
        return {info.tok_clause[i]}

    def _nearest(self, span: Span, cues: list[CueHit], kind: str) -> CueHit | None:
        best = None
        best_key = None
        for c in cues:
            if c.end <= span.start:
                if c.direction == "backward":
                    continue
                distance = span.start - c.end
            elif c.start >= span.end:
                if c.direction == "forward":
                    continue
                distance = c.start - span.end
            else:
                continue
            if c.category == "prep" and distance > PREP_REACH:
                continue  # "passed the … after a prep course": the course is another thing
            rank = 0 if (kind == "resume" and c.category in QUALIFIERS) or c.category == "prep" else 1
            # at one distance the longer cue wins: "not mandatory" over "mandatory"
            key = (rank, distance, -(c.end - c.start), -STATUS_RANK.get(c.category, 0))
            if best_key is None or key < best_key:
                best, best_key = c, key
        return best

    def _dates(self, doc: Doc, span: Span, clauses: set[int], info) -> tuple[int | None, tuple[str, str] | None]:
        """The year nearest the mention in its clause, and a status a date range implies."""
        best: tuple[int, int, tuple[str, str] | None] | None = None  # (distance, year, status)
        lo = span.start
        while lo > 0 and info.tok_clause[lo - 1] in clauses:
            lo -= 1
        hi = span.end
        n = len(doc)
        while hi < n and info.tok_clause[hi] in clauses:
            hi += 1
        i = lo
        while i < hi:
            if span.start <= i < span.end or not _is_year(doc[i].orth_):
                i += 1
                continue
            year = int(doc[i].orth_)
            distance = span.start - i if i < span.start else i - span.end
            status = None
            nxt = i + 1
            if nxt < hi and self._range_gap(info, i, nxt):
                end_word = doc[nxt].orth_
                if _is_year(end_word):
                    status = ("expired", "past date range") if int(end_word) < self.as_of_year else ("earned", "date range")
                    nxt += 1
                elif end_word in OPEN_ENDED:
                    status = ("earned", "date range")
                    nxt += 1
            elif year > self.as_of_year:
                status = ("in-progress", "future date")
            if best is None or distance < best[0]:
                best = (distance, year, status)
            i = nxt
        if best is None:
            return None, None
        return best[1], best[2]

    @staticmethod
    def _range_gap(info, a: int, b: int) -> bool:
        if info.tok_line[a] != info.tok_line[b]:
            return False
        text = info.document.lines[info.tok_line[a]].text
        return bool(_RANGE_GAP_RE.match(text[info.tok_end[a]:info.tok_start[b]]))

    @staticmethod
    def _stands_alone(span: Span, info, inside: bytearray) -> bool:
        """A resume line that is little more than the name, or than a list of credentials with
        their years ("Azure: AZ-900, AI-102 (2023)"), is a listed (held) credential."""
        line = info.tok_line[span.start]
        text_line = info.document.lines[line]
        raw = text_line.raw if text_line.raw is not None else text_line.text
        # a Markdown heading (a reader's guess that a line in capitals is one is too weak:
        # "AWS CERTIFIED MACHINE LEARNING –" / "SPECIALTY, 2022" is an entry)
        if (_MD_HEADING_RE.match(raw.lstrip()) or _MD_HEADING_RE.match(text_line.text)) and not _LISTED_RE.match(raw):
            return False  # a heading named after a credential ("### Deep Learning Specialization") claims nothing
        lo, hi = max(0, span.start - 12), min(len(info.tok_line), span.end + 12)
        near = [i for i in range(lo, hi) if info.tok_line[i] == line]
        if (span.end - span.start) * 2 >= len(near):
            return True
        rest = [i for i in near if not inside[i] and not _is_year(info.words[i])]
        return len(rest) <= 1 and len(near) - len(rest) > span.end - span.start

    def _alternatives(self, doc: Doc, mentions: list[Span], info) -> None:
        lines = info.document.lines
        chain: list[Span] = []
        for span in [*mentions, None]:
            if span is not None and chain:
                prev = chain[-1]
                same_line = info.tok_line[prev.end - 1] == info.tok_line[span.start]
                gap = lines[info.tok_line[span.start]].text[info.tok_end[prev.end - 1]:info.tok_start[span.start]] if same_line else ""
                # "A or B; C is a plus": a semicolon ends the choice, unless "one of" opened a list
                if same_line and (_OR_RE.search(gap) or _LIST_GAP_RE.match(gap)) and (
                        ";" not in gap or _one_of_before(doc, chain[0], info, _LIST_OF)):
                    chain.append(span)
                    continue
            if len(chain) > 1:
                self._group(doc, chain, info)
            chain = [span] if span is not None else []

    def _group(self, doc: Doc, chain: list[Span], info) -> None:
        text = info.document.lines[info.tok_line[chain[0].start]].text
        gaps = [text[info.tok_end[a.end - 1]:info.tok_start[b.start]] for a, b in itertools.pairwise(chain)]
        if not (any(_OR_RE.search(g) for g in gaps) or _one_of_before(doc, chain[0], info)):
            return
        ids = [s._.entry_id for s in chain]
        for span in chain:
            span._.alternatives = tuple(i for i in dict.fromkeys(ids) if i != span._.entry_id)
        levels = [s._.level for s in chain if s._.cue and not s._.cue.startswith("section:")]
        if levels:  # "A or B required": the cue after B covers A too
            for span in chain:
                if not span._.cue or span._.cue.startswith("section:"):
                    span._.level = levels[-1]


def _one_of_before(doc: Doc, span: Span, info, openers: tuple[tuple[str, ...], ...] = _ONE_OF) -> bool:
    """ "One of", "any of", "either" (``openers``) earlier on the span's line: a choice follows."""
    line = info.tok_line[span.start]
    first = span.start
    while first > 0 and info.tok_line[first - 1] == line:
        first -= 1
    words = [doc[i].orth_ for i in range(first, span.start)]
    return any(tuple(words[j:j + len(p)]) == p for p in openers for j in range(len(words)))


def _is_year(word: str) -> bool:
    return len(word) == 4 and word.isdigit() and 1980 <= int(word) <= 2049
