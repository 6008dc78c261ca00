"""Answers built from scan results: what a posting demands, what a candidate lacks, who fits best.

Pure functions over ``ScanResult`` and the ``Lexicon``: no files, no terminal, so a batch worker,
a web page or a distributed job can call them unchanged. Every report turns into a JSON object
that names its schema.

Counting is honest: only ``earned`` counts as held; in progress and planned are shown but not
held; expired is flagged and not held. A choice ("A or B", "one of A, B, C") is one demand met
by any of its options, in every report. A posting that demands nothing has no coverage (None),
never a silent 100%.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from scanner.lexicon import Credential, Lexicon, NearMiss
from scanner.results import CredentialHit, Mention, ScanResult

DEMANDS_SCHEMA = "credscan.demands/2"
AUDIT_SCHEMA = "credscan.audit/1"
RANK_SCHEMA = "credscan.rank/1"
STATS_SCHEMA = "credscan.stats/1"

LEVELS = ("required", "preferred", "mentioned")
WEIGHT = {"required": 2.0, "preferred": 1.0}
CLOUD_NAMES = {"aws": "AWS", "gcp": "Google Cloud", "azure": "Azure"}
NO_DEMANDS = "this posting demands no credential: coverage does not apply"
# A kind classifier's confidence at or below this is a coin toss (no evidence either way): such a
# document is kept where the caller put it rather than left out.
KIND_UNDECIDED = 0.5


def evidence(path: str, mention: Mention) -> dict[str, Any]:
    """Where a claim stands: the line (``text``, cut to a snippet) and the words that matched
    (``match``, as written; a page can highlight them in ``text``)."""
    return {"file": path, "page": mention.page, "line": mention.line, "text": mention.snippet, "match": mention.text}


def years(n: int) -> str:
    """'1 year', '3 years': the guide's facts read as sentences."""
    return f"{n} year" if n == 1 else f"{n} years"


def _lifecycle(lexicon: Lexicon, entry_id: str) -> dict[str, Any]:
    entry = lexicon.entry(entry_id)
    if isinstance(entry, Credential):
        succ = [lexicon.name_of(s) for s in entry.successors]
        return {
            "status": entry.status.value,
            "status_date": entry.status.date.isoformat() if entry.status.date else None,
            "status_verified": entry.status.verified,
            "successor": "; ".join(succ) or None,
        }
    return {"status": "active", "status_date": None, "status_verified": False,
            "successor": getattr(entry, "successor", None)}


# --- kinds ------------------------------------------------------------------------------------

def kind_mismatch(result: ScanResult, expected: str, *, sure_only: bool = False) -> str | None:
    """Why ``result`` was not read as ``expected`` (resume or posting); None when it was (a kind
    the caller forced always is).

    A document the classifier could not place is read as a resume, so a posting's demands are
    not in it: for stats it is left out all the same, with that reason. ``sure_only`` keeps
    only mismatches with evidence behind them (for warnings, not for leaving files out).
    """
    if not result.ok or not result.kind or result.kind == expected:
        return None
    if result.kind_confidence > KIND_UNDECIDED:
        return f"looks like a {result.kind} (confidence {result.kind_confidence:.2f})"
    if sure_only:
        return None
    return f"could not tell whether it is a {expected}: read as a {result.kind} (confidence {result.kind_confidence:.2f})"


def kind_warnings(resume: ScanResult, posting: ScanResult | None) -> list[str]:
    """Warnings for an audit whose documents look like the other kind (arguments swapped, most
    often): the numbers that follow would be about the wrong documents."""
    r = kind_mismatch(resume, "resume", sure_only=True)
    p = kind_mismatch(posting, "posting", sure_only=True) if posting is not None else None
    if r and p and posting is not None:
        return [f"the resume and the posting look swapped: {resume.path} {r}, {posting.path} {p}"]
    out = []
    if r:
        out.append(f"{resume.path}, read as the resume, {r}")
    if p and posting is not None:
        out.append(f"{posting.path}, read as the posting, {p}")
    return out


# --- demands ----------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Option:
    """One credential a demand accepts, with where the posting names it and whether it can be earned."""

    id: str
    name: str
    evidence: dict[str, Any]
    lifecycle: dict[str, Any]
    near_miss: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "evidence": self.evidence, "near_miss": self.near_miss,
                **self.lifecycle}


@dataclass(frozen=True, slots=True)
class Demand:
    """One thing a posting asks for: a credential, or a choice among several ("one of A, B, C").

    The first option speaks for the demand (``id``, ``name``, ``evidence``); ``alternatives`` are
    the other options, any of which meets it as well.
    """

    level: str
    options: tuple[Option, ...]

    @property
    def id(self) -> str:
        return self.options[0].id

    @property
    def name(self) -> str:
        return self.options[0].name

    @property
    def evidence(self) -> dict[str, Any]:
        return self.options[0].evidence

    @property
    def lifecycle(self) -> dict[str, Any]:
        return self.options[0].lifecycle

    @property
    def near_miss(self) -> bool:
        return self.options[0].near_miss

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(o.id for o in self.options)

    @property
    def alternatives(self) -> tuple[str, ...]:
        return self.ids[1:]

    def to_dict(self) -> dict[str, Any]:
        first = self.options[0].to_dict()
        return {"id": first.pop("id"), "name": first.pop("name"), "level": self.level,
                "alternatives": list(self.alternatives), **first, "options": [o.to_dict() for o in self.options]}


@dataclass(frozen=True, slots=True)
class Demands:
    posting: str
    required: tuple[Demand, ...]
    preferred: tuple[Demand, ...]
    mentioned: tuple[Demand, ...]
    warnings: tuple[str, ...]
    advice: tuple[dict[str, Any], ...] = ()

    @property
    def applicable(self) -> bool:
        """Whether coverage means anything: the posting requires or prefers at least one credential."""
        return bool(self.required or self.preferred)

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": DEMANDS_SCHEMA,
            "posting": self.posting,
            "required": [d.to_dict() for d in self.required],
            "preferred": [d.to_dict() for d in self.preferred],
            "mentioned": [d.to_dict() for d in self.mentioned],
            "warnings": list(self.warnings),
            "advice": list(self.advice),
        }

    def groups(self, level: str) -> list[tuple[str, ...]]:
        """The options of each demand of ``level``: one tuple per demand, "A or B" as one."""
        return [d.ids for d in getattr(self, level)]


def _choices(hits: list[CredentialHit]) -> list[list[CredentialHit]]:
    """Hits joined through their alternatives into one choice each, in the order of their first
    member. Linking is transitive: "A or B" on one line and "B or C" on another make one choice."""
    parent = {h.id: h.id for h in hits}

    def root(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for h in hits:
        for alt in h.alternatives:
            if alt in parent:
                parent[root(alt)] = root(h.id)
    groups: dict[str, list[CredentialHit]] = {}
    for h in hits:
        groups.setdefault(root(h.id), []).append(h)
    return list(groups.values())


def demands(posting: ScanResult, lexicon: Lexicon, *, posting_text: str | None = None) -> Demands:
    """What a posting asks for, one demand per credential or choice, grouped by level, with a
    warning for each option no one can earn any more and the guide's advice on the demands
    (``posting_advice``; ``posting_text``, when the caller has it, tells the role and the cloud
    the team uses)."""
    buckets: dict[str, list[Demand]] = {level: [] for level in LEVELS}
    warnings: list[str] = []
    near_ids = {h.id for h in posting.near_misses}
    hits = [*posting.credentials, *posting.near_misses]
    for level in LEVELS:
        for group in _choices([h for h in hits if (h.level or "mentioned") == level]):
            options: dict[str, Option] = {}
            for h in group:
                options[h.id] = Option(h.id, h.name, evidence(posting.path, _best_mention(h, level)),
                                       _lifecycle(lexicon, h.id), h.id in near_ids)
            for h in group:  # an alternative found at another level (or not at all) is still accepted here
                for alt in h.alternatives:
                    if alt not in options:
                        options[alt] = Option(alt, lexicon.name_of(alt), evidence(posting.path, _best_mention(h, level)),
                                              _lifecycle(lexicon, alt), isinstance(lexicon.entry(alt), NearMiss))
            demand = Demand(level, tuple(options.values()))
            buckets[level].append(demand)
            if level != "mentioned":
                warnings.extend(_lifecycle_warnings(demand))
    dem = Demands(posting.path, tuple(buckets["required"]), tuple(buckets["preferred"]),
                  tuple(buckets["mentioned"]), tuple(warnings))
    return replace(dem, advice=posting_advice(dem, lexicon, posting_text))


def _lifecycle_warnings(demand: Demand) -> list[str]:
    out = []
    for o in demand.options:
        life = o.lifecycle
        if life["status"] not in ("retired", "closed"):
            continue
        when = f" on {life['status_date']}" if life["status_date"] else ""
        reported = "" if life["status_verified"] else " (reported)"
        succ = f"; successor: {life['successor']}" if life["successor"] else ""
        others = [x.name for x in demand.options if x.id != o.id]
        also = f"; the posting also accepts {', '.join(others)}" if others else ""
        out.append(f"{o.name} is {demand.level} but was {life['status']}{when}{reported}: "
                   f"new candidates cannot earn it{succ}{also}")
    return out


def _best_mention(hit: CredentialHit, level: str) -> Mention:
    return next((m for m in hit.mentions if m.level == level), hit.mentions[0])


# --- what a resume holds ----------------------------------------------------------------------

MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
               "October", "November", "December")
_MONTH_NUMBER = {**{m.lower(): i for i, m in enumerate(MONTH_NAMES, 1)},
                 **{m[:3].lower(): i for i, m in enumerate(MONTH_NAMES, 1)}, "sept": 9}
_MONTH_WORD = r"(" + "|".join(sorted(_MONTH_NUMBER, key=len, reverse=True)) + r")\.?,?"

Lapse = Literal["valid", "lapses-this-year", "lapsed"]


def month_of(text: str, year: int) -> int | None:
    """The month written next to ``year`` ("March 2023", "03/2023", "2023-03"), when exactly one
    is; None otherwise. The scan keeps years only, so the evidence line is all there is."""
    found = set()
    for m in re.finditer(rf"\b{_MONTH_WORD}\s+(?:\d{{1,2}},?\s+)?{year}\b", text, re.IGNORECASE):
        found.add(_MONTH_NUMBER[m.group(1).lower()])
    for m in re.finditer(rf"(?<![\d/.-])(0?[1-9]|1[0-2])[/.]{year}\b", text):
        found.add(int(m.group(1)))
    for m in re.finditer(rf"\b{year}-(0[1-9]|1[0-2])(?![\d])", text):
        found.add(int(m.group(1)))
    return found.pop() if len(found) == 1 else None


@dataclass(frozen=True, slots=True)
class Held:
    """What the resume says about one credential, and what follows from it.

    ``expires`` is the year the credential's validity runs out, from the year it was earned;
    ``expires_month`` only when the resume gives the month. ``lapse`` is "valid", "lapsed" or,
    when it runs out this year and the month is unknown, "lapses-this-year": we cannot tell.
    """

    id: str
    name: str
    status: str
    year: int | None
    evidence: dict[str, Any]
    expires: int | None = None
    flags: tuple[str, ...] = ()
    expires_month: int | None = None
    lapse: Lapse | None = None
    validity: int | None = None  # years, from the lexicon

    @property
    def held(self) -> bool:
        return self.status == "earned"

    @property
    def current(self) -> bool:
        """Earned and not known to have lapsed (a lapse this year with no month counts as current)."""
        return self.held and self.lapse != "lapsed"

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "status": self.status, "year": self.year,
                "expires": self.expires, "expires_month": self.expires_month, "lapse": self.lapse,
                "validity_years": self.validity,
                "flags": list(self.flags), "evidence": self.evidence}


def _expiry(year: int, month: int | None, valid: int, as_of: dt.date) -> tuple[int, Lapse, str | None]:
    """When a credential earned in ``year`` (``month`` if known) lapses, whether it has, and the
    flag to show. At year precision a lapse this year is undecidable, and said so."""
    ends = year + valid
    if month is not None:
        when = f"{MONTH_NAMES[month - 1]} {ends}"
        since = f"valid {years(valid)} from {MONTH_NAMES[month - 1]} {year}"
        if (as_of.year, as_of.month) > (ends, month):
            return ends, "lapsed", f"expired in {when} ({since}; check renewal)"
        if (ends, month) <= (as_of.year + 1, as_of.month):
            return ends, "valid", f"expires in {when} ({since})"
        return ends, "valid", None
    since = f"valid {years(valid)} from {year}"
    if ends < as_of.year:
        return ends, "lapsed", f"likely expired in {ends} ({since}; check renewal)"
    if ends == as_of.year:
        return ends, "lapses-this-year", (f"lapses in {ends} ({since}; the resume gives no month, "
                                          "so it may have lapsed already: check)")
    if ends == as_of.year + 1:
        return ends, "valid", f"expires in {ends} ({since})"
    return ends, "valid", None


def holdings(resume: ScanResult, lexicon: Lexicon, as_of: dt.date) -> list[Held]:
    """Each credential and near miss on the resume, with expiry inferred from its validity."""
    out = []
    have = {h.id for h in (*resume.credentials, *resume.near_misses) if h.status == "earned"}
    for hit in (*resume.credentials, *resume.near_misses):
        status = hit.status or "mentioned"
        mention = next((m for m in hit.mentions if m.status == status and m.year == hit.year),
                       next((m for m in hit.mentions if m.status == status), hit.mentions[0]))
        entry = lexicon.entry(hit.id)
        flags: list[str] = []
        expires = month = lapse = valid = None
        if isinstance(entry, Credential):
            valid = entry.validity.years
            if valid and hit.year and status == "earned":
                month = month_of(mention.snippet, hit.year)
                expires, lapse, flag = _expiry(hit.year, month, valid, as_of)
                if flag:
                    flags.append(flag)
            if entry.status.value != "active":
                when = f" {entry.status.date.isoformat()}" if entry.status.date else ""
                flags.append(f"{entry.status.value}{when}" + _successor_note(entry, lexicon, have))
        if status == "expired":
            flags.append("expired on the resume")
        out.append(Held(hit.id, hit.name, status, hit.year, evidence(resume.path, mention), expires, tuple(flags),
                        month if expires else None, lapse, valid if expires else None))
    return out


def _successor_note(entry: Credential, lexicon: Lexicon, have: set[str]) -> str:
    """'; successor: X' without the successors the candidate already holds (those are said so)."""
    held = [lexicon.name_of(s) for s in entry.successors if s in have]
    rest = [lexicon.name_of(s) for s in entry.successors if s not in have]
    if held:
        return f"; you hold its successor {', '.join(held)}"
    return f"; successor: {', '.join(rest)}" if rest else ""


# --- matching a resume to a posting -----------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Match:
    """A resume's holdings against a posting's demands: what ``audit`` and ``rank`` share.

    ``coverage`` is None when there is nothing to cover (no posting, or one that demands nothing).
    """

    required_matched: tuple[dict[str, Any], ...] = ()
    required_missing: tuple[dict[str, Any], ...] = ()
    preferred_matched: tuple[dict[str, Any], ...] = ()
    preferred_missing: tuple[dict[str, Any], ...] = ()
    gaps: tuple[dict[str, Any], ...] = ()
    demanded: frozenset[str] = frozenset()
    coverage: float | None = None


def match(held: list[Held], dem: Demands, lexicon: Lexicon) -> Match:
    """Each demand met or missing (a choice is met by any option); gaps priced. Required demands
    weigh twice the nice-to-have ones."""
    by_id = {h.id: h for h in held}
    have = {h.id for h in held if h.held}
    found: dict[str, tuple[list[dict[str, Any]], list[dict[str, Any]]]] = {"required": ([], []), "preferred": ([], [])}
    gaps: list[dict[str, Any]] = []
    demanded: set[str] = set()
    score = total = 0.0
    for level, (matched, missing) in found.items():
        for group in dem.groups(level):
            demanded.update(group)
            total += WEIGHT[level]
            met = [i for i in group if i in have]
            if met:
                score += WEIGHT[level]
                h = by_id[met[0]]
                matched.append({"id": h.id, "name": h.name, "status": h.status, "year": h.year,
                                "alternatives": [i for i in group if i != h.id], "flags": list(h.flags),
                                "evidence": h.evidence})
                continue
            pick = _pick(group, lexicon)
            partial = [by_id[i] for i in group if i in by_id]
            missing.append({"id": pick, "name": lexicon.name_of(pick), "level": level,
                            "alternatives": [i for i in group if i != pick],
                            "candidate_status": partial[0].status if partial else None})
            gaps.append(_gap(pick, level, group, lexicon))
    (req_m, req_x), (pref_m, pref_x) = found["required"], found["preferred"]
    return Match(tuple(req_m), tuple(req_x), tuple(pref_m), tuple(pref_x), tuple(gaps), frozenset(demanded),
                 score / total if total else None)


def _pick(group: tuple[str, ...], lexicon: Lexicon) -> str:
    """The one option of a choice worth recommending: one that can still be earned."""
    entries = [e for e in (lexicon.entry(i) for i in group) if isinstance(e, Credential)]
    earnable = [e for e in entries if e.can_earn]
    if earnable:
        return earnable[0].id
    near = [i for i in group if isinstance(lexicon.entry(i), NearMiss)]  # a look-alike is not retired in our data
    return (near or [e.id for e in entries] or list(group))[0]


def _gap(entry_id: str, level: str, group: tuple[str, ...], lexicon: Lexicon) -> dict[str, Any]:
    entry = lexicon.entry(entry_id)
    alternatives = [i for i in group if i != entry_id]
    if not isinstance(entry, Credential):
        return {"id": entry_id, "name": lexicon.name_of(entry_id), "level": level, "hours": None, "cost": None,
                "salary_impact": None, "can_earn": True, "successor": None, "alternatives": alternatives,
                "note": "not in the recruiter's guide: no cost data"}
    return {
        "id": entry.id,
        "name": entry.name,
        "level": level,
        "hours": {"low": entry.study_hours.low, "high": entry.study_hours.high, "text": entry.study_hours.text(),
                  "verified": entry.study_hours.verified},
        "cost": {"usd": entry.cost.usd, "text": entry.cost.text, "verified": entry.cost.verified},
        "salary_impact": {"text": entry.salary_impact.text, "verified": entry.salary_impact.verified},
        "can_earn": entry.can_earn,
        "successor": "; ".join(lexicon.name_of(s) for s in entry.successors) or None,
        "alternatives": alternatives,
    }


# --- the cloud a target employer uses ---------------------------------------------------------

# How postings name each cloud (lower case). Words, not facts about credentials: they could move
# beside cues.yaml when postings in other languages need them.
CLOUD_WORDS: dict[str, tuple[str, ...]] = {
    "aws": ("amazon web services", "aws"),
    "gcp": ("google cloud platform", "google cloud", "gcp"),
    "azure": ("microsoft azure", "azure"),
}
_USES = r"(?:on|use|uses|using|run|runs|running on|built on|build on|deployed on|deploy on|deployed to|hosted on|migrating to|our|all-in on|all in on)"
_STACK = r"(?:shop|stack|house|environment|ecosystem|infrastructure|native|based|first|centric|customer)"
_CLOUD_RE = {
    cloud: re.compile(rf"\b{_USES}\s+(?:the\s+)?(?:{'|'.join(map(re.escape, words))})\b"
                      rf"|\b(?:{'|'.join(map(re.escape, words))})[\s-]+{_STACK}\b", re.IGNORECASE)
    for cloud, words in CLOUD_WORDS.items()
}


def stated_cloud(text: str) -> tuple[str, str] | None:
    """The cloud a posting says its employer works on ("we are an Azure shop", "runs on GCP",
    "our AWS stack"), with the words that say so; None when it says none, or names several
    as often. A cloud named only inside a credential's name does not count."""
    counts = {}
    for cloud, pattern in _CLOUD_RE.items():
        found = [m.group(0) for m in pattern.finditer(text)]
        if found:
            counts[cloud] = found
    if not counts:
        return None
    best = max(len(v) for v in counts.values())
    top = [c for c, v in counts.items() if len(v) == best]
    return (top[0], counts[top[0]][0]) if len(top) == 1 else None


def cloud_of(entry_id: str, lexicon: Lexicon) -> str | None:
    """The cloud of an ML cloud certification: its own, or, for a look-alike that succeeds one
    (AWS ML Engineer – Associate after the Specialty), the one it succeeds."""
    entry = lexicon.entry(entry_id)
    if isinstance(entry, Credential):
        return entry.cloud if entry.category == "cloud-certification" and entry.cloud != "none" else None
    for c in lexicon.credentials:
        if entry_id in c.successors and c.category == "cloud-certification" and c.cloud != "none":
            return c.cloud
    return None


@dataclass(frozen=True, slots=True)
class Target:
    """The cloud the advice aims at and why; ``accepted``: clouds whose certification meets a
    demand of the posting (a candidate holding one of those is covered, whatever else)."""

    clouds: tuple[str, ...]
    source: str
    accepted: tuple[str, ...] = ()

    @property
    def cloud(self) -> str | None:
        return self.clouds[0] if len(self.clouds) == 1 else None


def target_cloud(cloud: str | None, dem: Demands | None, lexicon: Lexicon, posting_text: str | None = None) -> Target | None:
    """The cloud to advise: the one asked for (``--cloud``), else the one the posting says it
    works on, else the clouds of the certifications it demands (required before preferred).
    Without the posting's text, the evidence lines of its mentions are read for the statement."""
    accepted: list[str] = []
    from_demands: tuple[str, tuple[str, ...]] | None = None
    if dem is not None:
        for level, verb in (("required", "requires"), ("preferred", "prefers")):
            clouds = list(dict.fromkeys(c for d in getattr(dem, level) for i in d.ids if (c := cloud_of(i, lexicon))))
            accepted.extend(c for c in clouds if c not in accepted)
            if clouds and from_demands is None:
                named = [CLOUD_NAMES[c] for c in clouds]
                names = named[0] if len(named) == 1 else f"one of {', '.join(named[:-1])} or {named[-1]}"
                from_demands = (f"the posting {verb} {names}", tuple(clouds))
    if cloud:
        return Target((cloud,), f"your target is {CLOUD_NAMES[cloud]}", tuple(accepted))
    if dem is not None:
        text = posting_text
        if text is None:
            text = "\n".join(o.evidence["text"] for level in LEVELS for d in getattr(dem, level) for o in d.options)
        stated = stated_cloud(text)
        if stated:
            return Target((stated[0],), f'the posting says "{stated[1]}"', tuple(accepted))
    if from_demands:
        return Target(from_demands[1], from_demands[0], tuple(accepted))
    return None


def posting_role(text: str | None) -> str | None:
    """The guide's roles for which a second or third cloud pays off, when the posting names one."""
    if not text:
        return None
    low = text.lower()
    for role, words in (("platform engineer", ("platform engineer", "ml platform", "mlops platform")),
                        ("solutions architect", ("solutions architect", "solution architect")),
                        ("consultant", ("consultant", "consulting"))):
        if any(w in low for w in words):
            return role
    return None


# --- the guide applied to a posting -----------------------------------------------------------

def _names(clouds: Iterable[str]) -> str:
    named = [CLOUD_NAMES[c] for c in clouds]
    return named[0] if len(named) == 1 else f"{', '.join(named[:-1])} and {named[-1]}"


def _rigid(dem: Demands, level: str, test: Callable[[str], str | None]) -> list[str]:
    """What ``level`` demands with nothing else accepted instead: for each demand whose options
    all give one value under ``test`` (a cloud, a category), that value; a choice across values
    ("AWS or Google Cloud") is flexible and gives none."""
    out = []
    for d in getattr(dem, level):
        values = {test(i) for i in d.ids}
        if len(values) == 1 and None not in values:
            out.append(values.pop())
    return out


def posting_advice(dem: Demands, lexicon: Lexicon, posting_text: str | None = None) -> tuple[dict[str, Any], ...]:
    """The recruiter's guide applied to a posting's demands, for the hiring manager who wrote it.

    The guide's stack is one foundational specialization plus one cloud certification matching
    the cloud the team uses. Each piece of advice is ``{"rule", "text"}``: demanding certifications
    of three clouds (overkill for all but consultants), of two (only platform-engineer and
    solutions-architect roles gain), two or more foundational specializations at once, or a
    cloud certification other than the cloud the posting says the team works on. A retired or
    closed credential demanded is a warning of ``demands`` already, not repeated here.
    """
    text = posting_text
    if text is None:
        text = "\n".join(o.evidence["text"] for level in LEVELS for d in getattr(dem, level) for o in d.options)
    role = posting_role(text)
    out: list[dict[str, Any]] = []
    clouds = sorted(set(_rigid(dem, "required", lambda i: cloud_of(i, lexicon))))
    stated = stated_cloud(text)
    team = f" ({CLOUD_NAMES[stated[0]]}: the posting says \"{stated[1]}\")" if stated else ""
    if len(clouds) >= 3:
        tail = (" The guide makes an exception for consultants only." if role == "consultant" else
                " For almost any role it shrinks the pool to the few who hold all three.")
        out.append({"rule": "three-clouds", "text": (
            f"Requiring certifications of three clouds ({_names(clouds)}) is overkill.{tail} The guide's stack is "
            f"one foundational specialization plus the cloud the team uses{team}: require that one, or accept any "
            "one of them (\"AWS or Google Cloud or Azure\"), and make the others nice-to-have.")})
    elif len(clouds) == 2 and role not in ("platform engineer", "solutions architect"):
        out.append({"rule": "two-clouds", "text": (
            f"Requiring certifications of two clouds ({_names(clouds)}) pays off only for platform-engineer or "
            f"solutions-architect roles, says the guide: require the cloud the team uses{team} and make the other "
            "nice-to-have, or accept either.")})

    def category(i: str) -> str | None:
        e = lexicon.entry(i)
        return e.category if isinstance(e, Credential) else None

    foundations = [c for c in _rigid(dem, "required", category) if c == "foundational-specialization"]
    if len(foundations) >= 2:
        out.append({"rule": "two-foundations", "text": (
            f"Requiring {len(foundations)} foundational specializations adds little: the guide's stack needs one. "
            "Require one and accept the others instead of it (\"one of ...\").")})
    if stated:
        demanded = {c for level in ("required", "preferred") for d in getattr(dem, level) for i in d.ids
                    if (c := cloud_of(i, lexicon))}
        if demanded and stated[0] not in demanded:
            out.append({"rule": "cloud-mismatch", "text": (
                f"The posting says \"{stated[1]}\" but demands a certification on {_names(sorted(demanded))} only: "
                f"the guide's cloud certification is the one matching the team's cloud, "
                f"{CLOUD_NAMES[stated[0]]}; accept it too.")})
    return tuple(out)


# --- the guide's decision table ---------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Situation:
    """The facts the guide's rules read: what the resume holds and what the target asks for."""

    held: tuple[Held, ...]
    lexicon: Lexicon
    target: Target | None
    demanded: frozenset[str]
    role: str | None = None

    def entry(self, entry_id: str) -> Credential | None:
        e = self.lexicon.entry(entry_id)
        return e if isinstance(e, Credential) else None

    def foundations(self, *statuses: str) -> list[tuple[Held, Credential]]:
        out = []
        for h in self.held:
            e = self.entry(h.id)
            if e and e.category == "foundational-specialization" and h.status in statuses:
                out.append((h, e))
        return out

    @property
    def matching(self) -> tuple[str, ...] | None:
        """The clouds a held certification counts for: the target's and those the posting accepts
        (None: no target, any cloud counts)."""
        if self.target is None:
            return None
        return tuple(dict.fromkeys((*self.target.clouds, *self.target.accepted)))

    def clouds(self, test: Callable[[Held], bool], matching_only: bool = True) -> list[tuple[Held, str]]:
        out = []
        for h in self.held:
            c = cloud_of(h.id, self.lexicon)
            if c and test(h) and (not matching_only or self.matching is None or c in self.matching):
                out.append((h, c))
        return out

    @property
    def held_ids(self) -> set[str]:
        return {h.id for h in self.held if h.held}

    def successors(self, entry: Credential) -> tuple[list[str], list[str]]:
        """(names of successors the candidate holds, names of the others)."""
        have = self.held_ids
        return ([self.lexicon.name_of(s) for s in entry.successors if s in have],
                [self.lexicon.name_of(s) for s in entry.successors if s not in have])


Topic = Literal["foundation", "cloud", "overlap", "warning"]


@dataclass(frozen=True, slots=True)
class Rule:
    """One row of the guide's decision table. In the topics "foundation" and "cloud" the first
    row that applies gives the one piece of advice; "overlap" and "warning" rows all apply.

    ``subjects`` returns what the row applies to (empty: it does not apply); ``advise`` writes
    the advice for one subject.
    """

    name: str
    topic: Topic
    when: str
    subjects: Callable[[Situation], list[Any]]
    advise: Callable[[Situation, Any], dict[str, Any]]


def _costed(e: Credential) -> str:
    return f"{e.study_hours.text()}, {e.cost.text}"


def _retired_text(e: Credential) -> str:
    return f"{e.status.value}{' on ' + e.status.date.isoformat() if e.status.date else ''}"


def _lapse(h: Held) -> str:
    """'likely expired in 2024 (valid 3 years from 2021)': when and why a holding lapsed or lapses."""
    if h.expires is None or h.year is None or h.validity is None:
        return "is marked expired on the resume" if h.status == "expired" else "may have lapsed"
    month = f"{MONTH_NAMES[h.expires_month - 1]} " if h.expires_month else ""
    since = f"(valid {years(h.validity)} from {month}{h.year})"
    if h.lapse == "lapsed":
        return f"{'expired' if month else 'likely expired'} in {month}{h.expires} {since}"
    if h.lapse == "lapses-this-year":
        return f"lapses in {h.expires} {since}, and the resume gives no month"
    return f"expires in {month}{h.expires} {since}"


def _why(s: Situation, cloud: str) -> str:
    """Why a certification on ``cloud`` is the one that counts, as a parenthesis ('' without a target)."""
    t = s.target
    if t is None:
        return ""
    return f" ({t.source})" if cloud in t.clouds else " (the posting accepts it)"


def _cloud_met(s: Situation, subject: tuple[Held, str]) -> dict[str, Any]:
    h, cloud = subject
    text = f"Cloud covered: you hold {h.name}{_why(s, cloud)}."
    e = s.entry(h.id)
    if e and not e.can_earn:
        held_succ, rest = s.successors(e)
        until = f" until about {h.expires}" if h.expires else " until its validity runs out"
        then = f"; then {' or '.join(rest)} (it cannot be renewed)" if rest and not held_succ else ""
        text += f" It was {_retired_text(e)} but stays valid{until}{then}."
    return {"id": h.id, "text": text}


def _cloud_check(s: Situation, subject: tuple[Held, str]) -> dict[str, Any]:
    h, _ = subject
    e = s.entry(h.id)
    text = f"Check that {h.name} is still current: it {_lapse(h)}."
    if e and e.can_earn:
        text += " Renew it if it has lapsed."
    elif e:
        _, rest = s.successors(e)
        text += f" It was {_retired_text(e)}, so it cannot be renewed" + (f": then aim for {' or '.join(rest)}." if rest else ".")
    return {"id": h.id, "text": text}


def _cloud_renew(s: Situation, subject: tuple[Held, str]) -> dict[str, Any]:
    h, _ = subject
    e = s.entry(h.id)
    if e is None or e.can_earn:
        return {"id": h.id, "text": f"Renew {h.name}: it {_lapse(h)}; until renewed it does not count as current."}
    _, rest = s.successors(e)
    aim = f"aim for its successor {' or '.join(rest)} (no cost figures in the guide)" if rest else "no successor is named"
    return {"id": h.id, "text": f"{h.name} {_lapse(h)} and was {_retired_text(e)}, so it cannot be renewed: {aim}."}


def _cloud_finish(s: Situation, subject: tuple[Held, str]) -> dict[str, Any]:
    h, cloud = subject
    e = s.entry(h.id)
    verb, state = ("Finish", "in progress") if h.status == "in-progress" else ("Go ahead with", "planned")
    cost = f"; {_costed(e)}" if e else ""
    return {"id": h.id, "text": f"{verb} {h.name} ({state}{cost}): it is the cloud certification the guide asks for"
                                f"{_why(s, cloud)}."}


def _cloud_cert(s: Situation, cloud: str) -> tuple[Credential | None, list[str]]:
    """The certification to take for ``cloud``: an earnable one, else a retired one's successors."""
    certs = [c for c in s.lexicon.credentials if c.cloud == cloud and c.category == "cloud-certification"]
    earnable = [c for c in certs if c.can_earn]
    if earnable:
        return earnable[0], []
    for c in certs:
        _, rest = s.successors(c)
        if rest:
            return c, rest
    return (certs[0] if certs else None), []


def _cloud_add(s: Situation, _: Any) -> dict[str, Any]:
    assert s.target is not None
    options = [(c, *_cloud_cert(s, c)) for c in s.target.clouds]
    options.sort(key=lambda o: not (o[1] is not None and o[1].can_earn))  # stable: an earnable one first
    cloud, cert, successors = options[0]
    others = [CLOUD_NAMES[o[0]] for o in options[1:]]
    lead = (f"Add the {CLOUD_NAMES[cloud]} certification" if len(options) == 1 else "Add one cloud certification")
    lead += f" ({s.target.source})"
    if cert is None:
        return {"id": None, "text": f"{lead}: the lexicon has no {CLOUD_NAMES[cloud]} certification."}
    if cert.can_earn:
        text = (f"{lead}: {cert.name} ({_costed(cert)}; typical salary impact {cert.salary_impact.text})"
                + (f"; or the {', '.join(others)} one" if others else "") + ".")
        out = {"id": cert.id, "hours": cert.study_hours.text(), "cost": cert.cost.text}
    else:
        succ = " or ".join(successors) or "no successor named"
        text = (f"{lead}: {cert.name} was {_retired_text(cert)}: aim for its successor instead ({succ}); "
                "the guide has no cost figures for it.")
        out = {"id": cert.id}
    held_other = sorted({CLOUD_NAMES[c] for _, c in s.clouds(lambda h: h.current, matching_only=False)})
    if held_other:
        text += (f" You hold {', '.join(held_other)}: for this target the {CLOUD_NAMES[cloud]} one is what "
                 "matches; a second cloud otherwise pays off only for platform-engineer or solutions-architect roles.")
    return {**out, "text": text}


def _distinct_clouds(s: Situation) -> list[str]:
    return sorted({c for _, c in s.clouds(lambda h: h.current, matching_only=False)})


def _two_clouds(s: Situation, _: Any) -> dict[str, Any]:
    if s.role in ("platform engineer", "solutions architect"):
        return {"id": None, "text": f"Two clouds suit a {s.role} role, as the guide says; skip a third."}
    return {"id": None, "text": "Two clouds pay off only for platform-engineer or solutions-architect roles; skip a third."}


def _switch(s: Situation, h: Held) -> dict[str, Any]:
    e = s.entry(h.id)
    assert e is not None
    held_succ, rest = s.successors(e)
    if held_succ:
        tail = f", and you already hold its successor {', '.join(held_succ)}: drop it."
    else:
        tail = f": switch to {' or '.join(rest)}." if rest else ", and no successor is named: drop it."
    doing = "You are working on" if h.status == "in-progress" else "You plan to take"
    return {"id": h.id, "text": f"{doing} {e.name}, but it was {_retired_text(e)}{tail}"}


def _foundation_choice(s: Situation) -> Credential | None:
    foundations = [c for c in s.lexicon.credentials if c.category == "foundational-specialization" and c.can_earn]
    return next((c for c in foundations if c.id in s.demanded), None) or (foundations[0] if foundations else None)


RULES: tuple[Rule, ...] = (
    # foundation: the first row that applies
    Rule("foundation-held", "foundation", "a foundational specialization is earned",
         lambda s: s.foundations("earned")[:1],
         lambda s, x: {"id": x[1].id, "text": f"Foundation covered: {x[1].name}."}),
    Rule("foundation-finish", "foundation", "a foundational specialization is in progress (and still offered)",
         lambda s: [x for x in s.foundations("in-progress") if x[1].can_earn][:1],
         lambda s, x: {"id": x[1].id, "text": f"Finish {x[1].name} (in progress): one foundational specialization is "
                                             "all the guide asks for, so start no other."}),
    Rule("foundation-start", "foundation", "a foundational specialization is planned (and still offered)",
         lambda s: [x for x in s.foundations("planned") if x[1].can_earn][:1],
         lambda s, x: {"id": x[1].id, "hours": x[1].study_hours.text(), "cost": x[1].cost.text,
                       "text": f"Go ahead with {x[1].name} as planned ({_costed(x[1])})."}),
    Rule("foundation-add", "foundation", "no foundational specialization: add one (the posting's, if it names one)",
         lambda s: [c] if (c := _foundation_choice(s)) else [],
         lambda s, c: {"id": c.id, "hours": c.study_hours.text(), "cost": c.cost.text,
                       "text": f"Add one foundational specialization: {c.name} ({_costed(c)})."}),
    # cloud: the first row that applies; "matching" = the target's cloud, or one the posting accepts
    Rule("cloud-met", "cloud", "a current certification on a matching cloud (or any cloud, without a target)",
         lambda s: sorted(s.clouds(lambda h: h.held and h.lapse in (None, "valid")),
                          key=lambda x: not ((e := s.entry(x[0].id)) is None or e.can_earn))[:1], _cloud_met),
    Rule("cloud-check", "cloud", "a matching certification that lapses this year, month unknown",
         lambda s: s.clouds(lambda h: h.held and h.lapse == "lapses-this-year")[:1], _cloud_check),
    Rule("cloud-renew", "cloud", "a matching certification that has lapsed or is expired",
         lambda s: s.clouds(lambda h: (h.held and h.lapse == "lapsed") or h.status == "expired")[:1], _cloud_renew),
    Rule("cloud-finish", "cloud", "a matching certification in progress or planned (and still offered)",
         lambda s: [x for x in s.clouds(lambda h: h.status in ("in-progress", "planned"))
                    if (e := s.entry(x[0].id)) is None or e.can_earn][:1], _cloud_finish),
    Rule("cloud-add", "cloud", "a target cloud (--cloud, stated in the posting, or demanded) and none of the above",
         lambda s: ["add"] if s.target else [], _cloud_add),
    Rule("cloud-any", "cloud", "no target cloud and no cloud certification",
         lambda s: ["any"],
         lambda s, _: {"id": None, "text": "Add one cloud certification matching the cloud your target employers use "
                                           "(pass --cloud aws|gcp|azure for a specific step)."}),
    # overlap: every row that applies
    Rule("three-clouds", "overlap", "current certifications on three or more clouds",
         lambda s: ["3"] if len(_distinct_clouds(s)) >= 3 else [],
         lambda s, _: {"id": None, "text": "Three cloud certifications is overkill except for consultants: "
                                           "skip further cloud exams."}),
    Rule("two-clouds", "overlap", "current certifications on two clouds",
         lambda s: ["2"] if len(_distinct_clouds(s)) == 2 else [], _two_clouds),
    Rule("two-foundations", "overlap", "two or more foundational specializations earned",
         lambda s: ["2"] if len(s.foundations("earned")) >= 2 else [],
         lambda s, _: {"id": None, "text": "More than one foundational specialization adds little: one is enough "
                                           "for the guide's stack."}),
    # warning: every row that applies, once per credential
    Rule("switch-to-successor", "warning", "in progress or planned on a credential that can no longer be earned",
         lambda s: [h for h in s.held if h.status in ("in-progress", "planned") and (e := s.entry(h.id)) and not e.can_earn],
         _switch),
    Rule("held-flags", "warning", "an earned credential that is retired, closed or (about to be) expired",
         lambda s: [h for h in s.held if h.held and h.flags and s.entry(h.id)],
         lambda s, h: {"id": h.id, "text": f"{h.name}: {'; '.join(h.flags)}."}),
)


def advise(situation: Situation) -> list[dict[str, Any]]:
    """The guide applied through ``RULES``: one foundational specialization plus one cloud
    certification matching the target's cloud; overlaps and lifecycle warnings after."""
    out: list[dict[str, Any]] = []
    for topic in ("foundation", "cloud"):
        for rule in (r for r in RULES if r.topic == topic):
            subjects = rule.subjects(situation)
            if subjects:
                out.append({"kind": topic, "rule": rule.name, "id": None, **rule.advise(situation, subjects[0])})
                break
    covered = {x["id"] for x in out if x["kind"] == "cloud" and x.get("id")}
    for rule in (r for r in RULES if r.topic in ("overlap", "warning")):
        for subject in rule.subjects(situation):
            if rule.name == "held-flags" and subject.id in covered:
                continue  # the cloud advice has said it
            out.append({"kind": rule.topic, "rule": rule.name, "id": None, **rule.advise(situation, subject)})
    return out


# --- audit ------------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Audit:
    resume: str
    posting: str | None
    required_matched: tuple[dict[str, Any], ...]
    required_missing: tuple[dict[str, Any], ...]
    preferred_matched: tuple[dict[str, Any], ...]
    preferred_missing: tuple[dict[str, Any], ...]
    extra: tuple[dict[str, Any], ...]
    coverage: float | None
    gaps: tuple[dict[str, Any], ...]
    advice: tuple[dict[str, Any], ...]
    held: tuple[Held, ...] = field(default=())
    target: Target | None = None
    warnings: tuple[str, ...] = ()

    @property
    def cloud(self) -> str | None:
        return self.target.cloud if self.target else None

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": AUDIT_SCHEMA,
            "resume": self.resume,
            "posting": self.posting,
            "required": {"matched": list(self.required_matched), "missing": list(self.required_missing)},
            "preferred": {"matched": list(self.preferred_matched), "missing": list(self.preferred_missing)},
            "extra": list(self.extra),
            "coverage": None if self.coverage is None else round(self.coverage, 3),
            "gaps": list(self.gaps),
            "advice": list(self.advice),
            "held": [h.to_dict() for h in self.held],
            "cloud": self.cloud,
            "clouds": list(self.target.clouds) if self.target else [],
            "cloud_source": self.target.source if self.target else None,
            "warnings": list(self.warnings),
        }


def audit(resume: ScanResult, posting: ScanResult | None, lexicon: Lexicon, *,
          cloud: str | None = None, as_of: dt.date | None = None, posting_text: str | None = None,
          warnings: Iterable[str] = ()) -> Audit:
    """A candidate against a posting (or, without one, against the recruiter's guide alone).

    ``posting_text``, the posting's full text when the caller has it, lets the advice find the
    cloud the employer says it uses; without it the evidence lines are read. ``warnings`` (e.g.
    from ``kind_warnings``) are carried into the result.
    """
    as_of = as_of or dt.date.today()
    held = holdings(resume, lexicon, as_of)
    dem = demands(posting, lexicon) if posting is not None else None
    m = match(held, dem, lexicon) if dem is not None else Match()
    extra = tuple({"id": h.id, "name": h.name, "status": h.status, "year": h.year}
                  for h in held if h.held and h.id not in m.demanded)
    target = target_cloud(cloud, dem, lexicon, posting_text)
    demanded = frozenset(i for d in ((*dem.required, *dem.preferred) if dem else ()) for i in d.ids)
    advice = tuple(advise(Situation(tuple(held), lexicon, target, demanded, posting_role(posting_text))))
    notes = list(warnings)
    if dem is not None and not dem.applicable:
        notes.append(NO_DEMANDS)
    return Audit(resume.path, posting.path if posting else None, m.required_matched, m.required_missing,
                 m.preferred_matched, m.preferred_missing, extra, m.coverage, m.gaps, advice, tuple(held), target,
                 tuple(notes))


# --- rank and stats ---------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Ranking:
    posting: str
    results: tuple[dict[str, Any], ...]
    errors: tuple[dict[str, Any], ...]
    skipped: tuple[dict[str, Any], ...] = ()
    warnings: tuple[str, ...] = ()

    @property
    def applicable(self) -> bool:
        return NO_DEMANDS not in self.warnings

    def to_dict(self) -> dict[str, Any]:
        return {"schema": RANK_SCHEMA, "posting": self.posting, "results": list(self.results),
                "errors": list(self.errors), "skipped": list(self.skipped), "warnings": list(self.warnings)}


def _skip(result: ScanResult, reason: str) -> dict[str, Any]:
    return {"path": result.path, "kind": result.kind, "kind_confidence": round(result.kind_confidence, 3),
            "reason": reason}


def rank(posting: ScanResult, resumes: Iterable[ScanResult], lexicon: Lexicon, as_of: dt.date | None = None, *,
         same_file: Callable[[str, str], bool] | None = None) -> Ranking:
    """Resumes by coverage of the posting's demands (required weigh double).

    Documents that look like postings are left out and listed with the reason (a caller that
    forces the kind gets every document read as a resume, so none is left out); so is the
    posting itself, when ``same_file(resume path, posting path)`` says so (the caller knows
    whether names are files; none is left out for it without one).
    """
    as_of = as_of or dt.date.today()
    dem = demands(posting, lexicon)  # once, not once per resume
    rows = []
    errors = []
    skipped = []
    for resume in resumes:
        if not resume.ok:
            errors.append({"path": resume.path, "error": resume.error, "code": resume.error_code})
            continue
        if same_file is not None and same_file(resume.path, posting.path):
            skipped.append(_skip(resume, "the posting itself"))
            continue
        why = kind_mismatch(resume, "resume")
        if why:
            skipped.append(_skip(resume, why))
            continue
        a = match(holdings(resume, lexicon, as_of), dem, lexicon)
        missing = (*a.required_missing, *a.preferred_missing)
        rows.append({
            "path": resume.path,
            "score": None if a.coverage is None else round(a.coverage, 3),
            "required_met": len(a.required_matched),
            "required_total": len(a.required_matched) + len(a.required_missing),
            "preferred_met": len(a.preferred_matched),
            "preferred_total": len(a.preferred_matched) + len(a.preferred_missing),
            "matched": [m["id"] for m in (*a.required_matched, *a.preferred_matched)],
            "missing": [m["id"] for m in missing],
            "missing_groups": [[m["id"], *m["alternatives"]] for m in missing],
        })
    rows.sort(key=lambda r: (-(r["score"] or 0.0), -r["required_met"], -r["preferred_met"], r["path"]))
    results = tuple({"rank": i, **r} for i, r in enumerate(rows, 1))
    return Ranking(posting.path, results, tuple(errors), tuple(skipped), () if dem.applicable else (NO_DEMANDS,))


@dataclass(frozen=True, slots=True)
class Stats:
    postings: int
    credentials: tuple[dict[str, Any], ...]
    errors: tuple[dict[str, Any], ...]
    skipped: tuple[dict[str, Any], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"schema": STATS_SCHEMA, "postings": self.postings, "credentials": list(self.credentials),
                "errors": list(self.errors), "skipped": list(self.skipped)}


def _counts() -> dict[str, int]:
    return {"required": 0, "required_alone": 0, "required_one_of": 0,
            "preferred": 0, "preferred_alone": 0, "preferred_one_of": 0, "mentioned": 0}


def stats(postings: Iterable[ScanResult], lexicon: Lexicon) -> Stats:
    """Per credential, how many postings require it, prefer it, or only mention it.

    A posting counts once per credential, at its strongest level; a choice ("one of A, B, C")
    counts for each option, and ``required_one_of`` says how many postings required it only as
    one of several (``required_alone`` the others). Documents that look like resumes are left
    out and listed, unless the caller forced the kind.
    """
    counts = {c.id: _counts() for c in lexicon.credentials}
    credential_ids = set(counts)
    n = 0
    errors = []
    skipped = []
    for posting in postings:
        if not posting.ok:
            errors.append({"path": posting.path, "error": posting.error, "code": posting.error_code})
            continue
        why = kind_mismatch(posting, "posting")
        if why:
            skipped.append(_skip(posting, why))
            continue
        n += 1
        dem = demands(posting, lexicon)
        seen: set[str] = set()
        for level in LEVELS:  # strongest first: a credential counts once per posting
            for d in getattr(dem, level):
                for cred_id in d.ids:
                    if cred_id in seen or cred_id not in credential_ids:  # look-alikes are not counted
                        continue
                    seen.add(cred_id)
                    c = counts.setdefault(cred_id, _counts())
                    c[level] += 1
                    if level != "mentioned":
                        c[f"{level}_alone" if len(d.ids) == 1 else f"{level}_one_of"] += 1
    rows = []
    for cred_id, c in counts.items():
        rows.append({
            "id": cred_id,
            "name": lexicon.name_of(cred_id),
            **c,
            "share_required": round(c["required"] / n, 3) if n else 0.0,
            "share_preferred": round(c["preferred"] / n, 3) if n else 0.0,
            "share_mentioned": round(c["mentioned"] / n, 3) if n else 0.0,
        })
    rows.sort(key=lambda r: (-(r["required"] + r["preferred"] + r["mentioned"]), -r["required"], r["id"]))
    return Stats(n, tuple(rows), tuple(errors), tuple(skipped))
