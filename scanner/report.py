"""Answers built from scan results: what a posting demands, what a candidate lacks, who fits best.

Pure functions over ``ScanResult`` and the ``Lexicon``: no files, no terminal, so a batch worker,
a web page or a distributed job can call them unchanged. Every report turns into a JSON object
that names its schema.

Counting is honest: only ``earned`` counts as held; in progress and planned are shown but not
held; expired is flagged and not held. An "A or B" demand is one requirement met by either.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from scanner.lexicon import Credential, Lexicon
from scanner.results import CredentialHit, Mention, ScanResult

DEMANDS_SCHEMA = "credscan.demands/1"
AUDIT_SCHEMA = "credscan.audit/1"
RANK_SCHEMA = "credscan.rank/1"
STATS_SCHEMA = "credscan.stats/1"

WEIGHT = {"required": 2.0, "preferred": 1.0}
CLOUD_NAMES = {"aws": "AWS", "gcp": "Google Cloud", "azure": "Azure"}


def evidence(path: str, mention: Mention) -> dict[str, Any]:
    return {"file": path, "page": mention.page, "line": mention.line, "text": mention.snippet}


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


# --- demands ----------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Demand:
    id: str
    name: str
    level: str
    alternatives: tuple[str, ...]
    evidence: dict[str, Any]
    lifecycle: dict[str, Any]
    near_miss: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "level": self.level, "alternatives": list(self.alternatives),
                "evidence": self.evidence, "near_miss": self.near_miss, **self.lifecycle}


@dataclass(frozen=True, slots=True)
class Demands:
    posting: str
    required: tuple[Demand, ...]
    preferred: tuple[Demand, ...]
    mentioned: tuple[Demand, ...]
    warnings: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": DEMANDS_SCHEMA,
            "posting": self.posting,
            "required": [d.to_dict() for d in self.required],
            "preferred": [d.to_dict() for d in self.preferred],
            "mentioned": [d.to_dict() for d in self.mentioned],
            "warnings": list(self.warnings),
        }

    def groups(self, level: str) -> list[tuple[str, ...]]:
        """Each demand of ``level`` with its alternatives, one group per "A or B" list."""
        seen: list[tuple[str, ...]] = []
        for d in getattr(self, level):
            group = tuple(sorted({d.id, *d.alternatives}))
            if group not in seen:
                seen.append(group)
        return seen


def demands(posting: ScanResult, lexicon: Lexicon) -> Demands:
    """What a posting asks for, grouped by level, with a warning for credentials no one can earn."""
    buckets: dict[str, list[Demand]] = {"required": [], "preferred": [], "mentioned": []}
    warnings: list[str] = []
    hits = [*posting.credentials, *posting.near_misses]
    near_ids = {h.id for h in posting.near_misses}
    for hit in hits:
        level = hit.level or "mentioned"
        mention = _best_mention(hit, level)
        life = _lifecycle(lexicon, hit.id)
        d = Demand(hit.id, hit.name, level, hit.alternatives, evidence(posting.path, mention), life, hit.id in near_ids)
        buckets[level].append(d)
        if level != "mentioned" and life["status"] in ("retired", "closed"):
            when = f" on {life['status_date']}" if life["status_date"] else ""
            reported = "" if life["status_verified"] else " (reported)"
            succ = f"; successor: {life['successor']}" if life["successor"] else ""
            alt = [lexicon.name_of(a) for a in hit.alternatives]
            also = f"; the posting also accepts {', '.join(alt)}" if alt else ""
            warnings.append(f"{hit.name} is {level} but was {life['status']}{when}{reported}: "
                            f"new candidates cannot earn it{succ}{also}")
    return Demands(posting.path, tuple(buckets["required"]), tuple(buckets["preferred"]), tuple(buckets["mentioned"]), tuple(warnings))


def _best_mention(hit: CredentialHit, level: str) -> Mention:
    return next((m for m in hit.mentions if m.level == level), hit.mentions[0])


# --- audit ------------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Held:
    """What the resume says about one credential, and what follows from it."""

    id: str
    name: str
    status: str
    year: int | None
    evidence: dict[str, Any]
    expires: int | None = None
    flags: tuple[str, ...] = ()

    @property
    def held(self) -> bool:
        return self.status == "earned"

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "status": self.status, "year": self.year,
                "expires": self.expires, "flags": list(self.flags), "evidence": self.evidence}


@dataclass(frozen=True, slots=True)
class Audit:
    resume: str
    posting: str | None
    required_matched: tuple[dict[str, Any], ...]
    required_missing: tuple[dict[str, Any], ...]
    preferred_matched: tuple[dict[str, Any], ...]
    preferred_missing: tuple[dict[str, Any], ...]
    extra: tuple[dict[str, Any], ...]
    coverage: float
    gaps: tuple[dict[str, Any], ...]
    advice: tuple[dict[str, Any], ...]
    held: tuple[Held, ...] = field(default=())
    cloud: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": AUDIT_SCHEMA,
            "resume": self.resume,
            "posting": self.posting,
            "required": {"matched": list(self.required_matched), "missing": list(self.required_missing)},
            "preferred": {"matched": list(self.preferred_matched), "missing": list(self.preferred_missing)},
            "extra": list(self.extra),
            "coverage": round(self.coverage, 3),
            "gaps": list(self.gaps),
            "advice": list(self.advice),
            "held": [h.to_dict() for h in self.held],
            "cloud": self.cloud,
        }


def holdings(resume: ScanResult, lexicon: Lexicon, as_of: dt.date) -> list[Held]:
    """Each credential and near miss on the resume, with expiry inferred from its validity."""
    out = []
    for hit in (*resume.credentials, *resume.near_misses):
        status = hit.status or "mentioned"
        mention = next((m for m in hit.mentions if m.status == status), hit.mentions[0])
        entry = lexicon.entry(hit.id)
        flags: list[str] = []
        expires = None
        if isinstance(entry, Credential):
            years = entry.validity.years
            if years and hit.year and status == "earned":
                expires = hit.year + years
                if expires < as_of.year:
                    flags.append(f"likely expired in {expires} (valid {years} years from {hit.year}; check renewal)")
                elif expires <= as_of.year + 1:
                    flags.append(f"expires around {expires} (valid {years} years)")
            if entry.status.value != "active":
                when = f" {entry.status.date.isoformat()}" if entry.status.date else ""
                succ = ", ".join(lexicon.name_of(s) for s in entry.successors)
                flags.append(f"{entry.status.value}{when}" + (f"; successor: {succ}" if succ else ""))
        if status == "expired":
            flags.append("expired on the resume")
        out.append(Held(hit.id, hit.name, status, hit.year, evidence(resume.path, mention), expires, tuple(flags)))
    return out


@dataclass(frozen=True, slots=True)
class Match:
    """A resume's holdings against a posting's demands: what ``audit`` and ``rank`` share."""

    required_matched: tuple[dict[str, Any], ...] = ()
    required_missing: tuple[dict[str, Any], ...] = ()
    preferred_matched: tuple[dict[str, Any], ...] = ()
    preferred_missing: tuple[dict[str, Any], ...] = ()
    gaps: tuple[dict[str, Any], ...] = ()
    demanded: frozenset[str] = frozenset()
    coverage: float = 1.0


def match(held: list[Held], dem: Demands, lexicon: Lexicon) -> Match:
    """Each demand group met or missing (an "A or B" group is met by either); gaps priced."""
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
                 score / total if total else 1.0)


def audit(resume: ScanResult, posting: ScanResult | None, lexicon: Lexicon, *,
          cloud: str | None = None, as_of: dt.date | None = None) -> Audit:
    """A candidate against a posting (or, without one, against the recruiter's guide)."""
    as_of = as_of or dt.date.today()
    held = holdings(resume, lexicon, as_of)
    dem = demands(posting, lexicon) if posting is not None else None
    m = match(held, dem, lexicon) if dem is not None else Match()
    extra = tuple({"id": h.id, "name": h.name, "status": h.status, "year": h.year}
                  for h in held if h.held and h.id not in m.demanded)
    target = cloud or (_posting_cloud(dem, lexicon) if dem else None)
    advice = tuple(_advice(held, lexicon, target, dem, as_of))
    return Audit(resume.path, posting.path if posting else None, m.required_matched, m.required_missing,
                 m.preferred_matched, m.preferred_missing, extra, m.coverage, m.gaps, advice, tuple(held), target)


def _pick(group: tuple[str, ...], lexicon: Lexicon) -> str:
    """The one credential of an "A or B" group worth recommending: one that can still be earned."""
    entries = [e for e in (lexicon.entry(i) for i in group) if isinstance(e, Credential)]
    earnable = [e for e in entries if e.can_earn]
    return (earnable or entries)[0].id if entries else group[0]


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


def _posting_cloud(dem: Demands, lexicon: Lexicon) -> str | None:
    for d in (*dem.required, *dem.preferred):
        entry = lexicon.entry(d.id)
        if isinstance(entry, Credential) and entry.cloud != "none":
            return entry.cloud
    return None


def _advice(held: list[Held], lexicon: Lexicon, cloud: str | None, dem: Demands | None, as_of: dt.date) -> list[dict[str, Any]]:
    """The recruiter's guide applied: one foundational specialization + one matching cloud cert."""
    out: list[dict[str, Any]] = []
    have = {h.id for h in held if h.held}
    creds = {c.id: c for c in lexicon.credentials}
    foundations = [c for c in lexicon.credentials if c.category == "foundational-specialization"]
    held_foundation = [creds[i] for i in have if i in creds and creds[i].category == "foundational-specialization"]
    held_clouds = sorted({creds[i].cloud for i in have if i in creds and creds[i].category == "cloud-certification"})
    demanded = {d.id for d in (*dem.required, *dem.preferred)} if dem else set()

    if held_foundation:
        out.append({"kind": "foundation", "id": held_foundation[0].id,
                    "text": f"Foundation covered: {held_foundation[0].name}."})
    else:
        choice = next((c for c in foundations if c.id in demanded and c.can_earn), None) or next(
            (c for c in foundations if c.can_earn), None)
        if choice:
            out.append({"kind": "foundation", "id": choice.id, "hours": choice.study_hours.text(), "cost": choice.cost.text,
                        "text": f"Add one foundational specialization: {choice.name} ({choice.study_hours.text()}, "
                                f"{choice.cost.text})."})
    if cloud:
        cloud_creds = [c for c in lexicon.credentials if c.cloud == cloud and c.category == "cloud-certification"]
        if cloud in held_clouds:
            out.append({"kind": "cloud", "id": None, "text": f"Cloud covered: you hold the {CLOUD_NAMES[cloud]} certification."})
        for c in cloud_creds:
            if cloud in held_clouds:
                break
            if c.can_earn:
                out.append({"kind": "cloud", "id": c.id, "hours": c.study_hours.text(), "cost": c.cost.text,
                            "text": f"Add the {CLOUD_NAMES[cloud]} certification: {c.name} ({c.study_hours.text()}, "
                                    f"{c.cost.text}; typical salary impact {c.salary_impact.text})."})
            else:
                succ = ", ".join(lexicon.name_of(s) for s in c.successors) or "none named"
                out.append({"kind": "cloud", "id": c.id, "text": f"{c.name} was {c.status.value}"
                            f"{' on ' + c.status.date.isoformat() if c.status.date else ''}: aim for its successor "
                            f"instead ({succ}); the guide has no cost figures for it."})
        others = [CLOUD_NAMES[c] for c in held_clouds if c != cloud]
        if others and cloud not in held_clouds:
            out.append({"kind": "overlap", "id": None,
                        "text": f"You already hold {', '.join(others)}; adding {CLOUD_NAMES[cloud]} stacks a second cloud, "
                                "which the guide rates worthwhile only for platform-engineer or solutions-architect roles."})
    else:
        out.append({"kind": "cloud", "id": None,
                    "text": "Add one cloud certification matching the cloud your target employers use "
                            "(pass --cloud aws|gcp|azure for a specific step)."})
    if len(held_clouds) >= 3:
        out.append({"kind": "overlap", "id": None,
                    "text": "Three cloud certifications is overkill except for consultants: skip further cloud exams."})
    elif len(held_clouds) == 2:
        out.append({"kind": "overlap", "id": None,
                    "text": "Two clouds pay off only for platform-engineer or solutions-architect roles; skip a third."})
    if len(held_foundation) >= 2:
        out.append({"kind": "overlap", "id": None,
                    "text": "More than one foundational specialization adds little: one is enough for the guide's stack."})
    for h in held:
        entry = lexicon.entry(h.id)
        if not isinstance(entry, Credential):
            continue
        if h.status in ("in-progress", "planned") and not entry.can_earn:
            succ = ", ".join(lexicon.name_of(s) for s in entry.successors) or "no successor named"
            out.append({"kind": "warning", "id": h.id, "text": f"You are {h.status} on {entry.name}, but it was "
                        f"{entry.status.value}{' on ' + entry.status.date.isoformat() if entry.status.date else ''}: "
                        f"switch to {succ}."})
        elif h.held and h.flags:
            out.append({"kind": "warning", "id": h.id, "text": f"{entry.name}: {'; '.join(h.flags)}."})
    return out


# --- rank and stats ---------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Ranking:
    posting: str
    results: tuple[dict[str, Any], ...]
    errors: tuple[dict[str, Any], ...]

    def to_dict(self) -> dict[str, Any]:
        return {"schema": RANK_SCHEMA, "posting": self.posting, "results": list(self.results), "errors": list(self.errors)}


def rank(posting: ScanResult, resumes: Iterable[ScanResult], lexicon: Lexicon, as_of: dt.date | None = None) -> Ranking:
    """Resumes by coverage of the posting's demands (required first, then nice-to-have)."""
    as_of = as_of or dt.date.today()
    dem = demands(posting, lexicon)  # once, not once per resume
    rows = []
    errors = []
    for resume in resumes:
        if not resume.ok:
            errors.append({"path": resume.path, "error": resume.error, "code": resume.error_code})
            continue
        a = match(holdings(resume, lexicon, as_of), dem, lexicon)
        rows.append({
            "path": resume.path,
            "score": round(a.coverage, 3),
            "required_met": len(a.required_matched),
            "required_total": len(a.required_matched) + len(a.required_missing),
            "preferred_met": len(a.preferred_matched),
            "preferred_total": len(a.preferred_matched) + len(a.preferred_missing),
            "matched": [m["id"] for m in (*a.required_matched, *a.preferred_matched)],
            "missing": [m["id"] for m in (*a.required_missing, *a.preferred_missing)],
        })
    rows.sort(key=lambda r: (-r["score"], -r["required_met"], -r["preferred_met"], r["path"]))
    results = tuple({"rank": i, **r} for i, r in enumerate(rows, 1))
    return Ranking(posting.path, results, tuple(errors))


@dataclass(frozen=True, slots=True)
class Stats:
    postings: int
    credentials: tuple[dict[str, Any], ...]
    errors: tuple[dict[str, Any], ...]

    def to_dict(self) -> dict[str, Any]:
        return {"schema": STATS_SCHEMA, "postings": self.postings, "credentials": list(self.credentials), "errors": list(self.errors)}


def stats(postings: Iterable[ScanResult], lexicon: Lexicon) -> Stats:
    """Per credential, how many postings require it, prefer it, or only mention it."""
    counts = {c.id: {"required": 0, "preferred": 0, "mentioned": 0} for c in lexicon.credentials}
    n = 0
    errors = []
    for posting in postings:
        if not posting.ok:
            errors.append({"path": posting.path, "error": posting.error, "code": posting.error_code})
            continue
        n += 1
        for hit in posting.credentials:
            counts.setdefault(hit.id, {"required": 0, "preferred": 0, "mentioned": 0})[hit.level or "mentioned"] += 1
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
    return Stats(n, tuple(rows), tuple(errors))
