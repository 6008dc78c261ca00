"""Each report as a ``View``: the tables a person reads, the CSV a spreadsheet gets, the JSON.

The CLI prints these views and the web app offers them as downloads, so a ranking's CSV is the
same file whichever way it was asked for. Pure: reports in, views out.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from scanner.render import Lines, Table, View
from scanner.report import NO_DEMANDS, Audit, Demands, Ranking, Stats

AUDIT_CSV_COLUMNS = ("section", "level", "state", "id", "name", "your_status", "year", "expires", "alternatives",
                     "where", "hours", "cost", "salary_impact", "can_earn", "successor", "text", "coverage")
RANK_CSV_COLUMNS = ("rank", "score", "path", "required_met", "required_total", "preferred_met", "preferred_total",
                    "matched", "missing", "left_out", "error")
STATS_CSV_COLUMNS = ("id", "name", "required", "required_alone", "required_one_of", "preferred", "preferred_alone",
                     "preferred_one_of", "mentioned", "share_required", "share_preferred", "share_mentioned")


def where(ev: dict[str, Any] | None) -> str:
    return f"p{ev['page']}:l{ev['line']}" if ev else ""


def coverage_text(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.0%}"


def _life(option) -> str:
    life = option.lifecycle
    return life["status"] + (f" {life['status_date']}" if life["status_date"] else "")


def _choice(ids: Sequence[str]) -> Lines:
    """A choice as cell lines: "aws-ml-specialty", "or gcp-pmle", ..."""
    return Lines([ids[0], *(f"or {i}" for i in ids[1:])], sep=" ")


def can_earn_text(gap: dict[str, Any]) -> str:
    if gap["can_earn"]:
        return "yes"
    return f"no -> {gap['successor']}" if gap["successor"] else "no (no successor named)"


def left_out(skipped: Sequence[dict[str, Any]], kind: str) -> Table:
    """Files left out of a ranking or stats, each with the reason and how to bring it back."""
    rows = []
    for s in skipped:
        hint = "" if s["reason"] == "the posting itself" else f"; --kind {kind} to include it"
        rows.append([s["path"], s["reason"] + hint])
    return Table("Left out", ("file", "reason"), rows)


def demands_view(dem: Demands, posting: str) -> View:
    rows, flat, records = [], [], []
    for level in ("required", "preferred", "mentioned"):
        for d in getattr(dem, level):
            rows.append([level, _choice(d.ids), Lines(_life(o) for o in d.options), where(d.evidence), d.evidence["text"]])
            flat.append([level, d.id, d.name, ";".join(d.alternatives), "; ".join(_life(o) for o in d.options),
                         "; ".join(o.lifecycle["successor"] or "" for o in d.options).strip("; "),
                         where(d.evidence), d.evidence["text"]])
            records.append(d.to_dict())
    table = Table(f"Credentials demanded by {posting}", ("level", "credential", "status", "where", "evidence"), rows)
    columns = ("level", "id", "name", "alternatives", "credential status", "successor", "where", "evidence")
    notes = [f"WARNING: {w}" for w in dem.warnings]
    notes += [f"ADVICE (recruiter's guide): {a['text']}" for a in dem.advice]
    return View(dem.to_dict(), [table], Table(None, columns, flat), records, notes)


def audit_view(a: Audit) -> View:
    """The tables a person reads, and one CSV with a row per demand, extra, holding, advice and
    warning; each CSV column holds one kind of value, and coverage is on every row."""
    tables = []
    cov = "n/a" if a.coverage is None else round(a.coverage, 3)
    flat: list[list[Any]] = []

    def row(section: str, **cells: Any) -> None:
        flat.append([section, *(cells.get(c, "") for c in AUDIT_CSV_COLUMNS[1:-1]), cov])

    if a.posting:
        rows = []
        gaps = {(g["level"], g["id"]): g for g in a.gaps}
        for level, matched, missing in (("required", a.required_matched, a.required_missing),
                                        ("preferred", a.preferred_matched, a.preferred_missing)):
            for m in matched:
                rows.append([level, "HAVE", m["id"], m.get("status") or "", " or ".join(m["alternatives"]),
                             where(m["evidence"])])
                row("demand", level=level, state="HAVE", id=m["id"], name=m["name"], your_status=m["status"],
                    year=m["year"] or "", alternatives=";".join(m["alternatives"]), where=where(m["evidence"]),
                    text="; ".join(m["flags"]))
            for m in missing:
                rows.append([level, "MISSING", m["id"], m.get("candidate_status") or "", " or ".join(m["alternatives"]), ""])
                g = gaps.get((level, m["id"]), {})
                row("demand", level=level, state="MISSING", id=m["id"], name=m["name"],
                    your_status=m.get("candidate_status") or "", alternatives=";".join(m["alternatives"]),
                    hours=(g.get("hours") or {}).get("text", ""), cost=(g.get("cost") or {}).get("text", ""),
                    salary_impact=(g.get("salary_impact") or {}).get("text", ""),
                    can_earn=can_earn_text(g) if g else "", successor=g.get("successor") or "")
        for e in a.extra:
            rows.append(["extra", "HAVE", e["id"], e["status"], "", ""])
            row("extra", state="HAVE", id=e["id"], name=e["name"], your_status=e["status"], year=e["year"] or "")
        if a.coverage is None:
            title = f"{a.resume} against {a.posting}: coverage n/a ({NO_DEMANDS.split(':')[0]})"
        else:
            title = f"{a.resume} against {a.posting}: coverage {coverage_text(a.coverage)} (required demands weigh double)"
        tables.append(Table(title, ("demand", "state", "id", "your status", "or", "where"), rows))
        gap_rows = [[g["id"], g["level"], (g["hours"] or {}).get("text", "").replace(" h", "\u00a0h"),
                     (g["cost"] or {}).get("text", ""),
                     (g["salary_impact"] or {}).get("text", ""), can_earn_text(g)] for g in a.gaps]
        tables.append(Table("What closing each gap costs", ("gap", "level", "study", "cost", "salary impact", "can earn"), gap_rows))
    else:
        rows = [[h.id, h.status, h.year or "", h.expires or "", "; ".join(h.flags)] for h in a.held]
        tables.append(Table(f"Credentials on {a.resume}", ("id", "status", "year", "expires", "notes"), rows))
    for h in a.held:
        row("held", id=h.id, name=h.name, your_status=h.status, year=h.year or "", expires=h.expires or "",
            where=where(h.evidence), text="; ".join(h.flags))
    clouds = " or ".join(a.target.clouds) if a.target else ""
    tables.append(Table("Next steps (recruiter's guide: one foundational specialization + one cloud certification"
                        + (f"; cloud: {clouds}" if clouds else "") + ")", ("advice",), [[x["text"]] for x in a.advice]))
    for x in a.advice:
        row("advice", level=x["kind"], state=x.get("rule", ""), id=x.get("id") or "", text=x["text"])
    for w in a.warnings:
        row("warning", text=w)
    return View(a.to_dict(), tables, Table(None, AUDIT_CSV_COLUMNS, flat))


def rank_view(ranking: Ranking, posting: str) -> View:
    rows = [[r["rank"], "n/a" if r["score"] is None else f"{r['score']:.2f}", f"{r['required_met']}/{r['required_total']}",
             f"{r['preferred_met']}/{r['preferred_total']}", r["path"],
             Lines((" or ".join(g) for g in r["missing_groups"]), sep="; ")]
            for r in ranking.results]
    if ranking.applicable:
        title = f"Resumes ranked against {posting} (score: coverage; required demands weigh double)"
    else:
        title = f"Resumes against {posting}: this posting demands no credential, so none ranks above another (score n/a)"
    tables = [Table(title, ("rank", "score", "required", "preferred", "resume", "missing"), rows)]
    if ranking.skipped:
        tables.append(left_out(ranking.skipped, "resume"))
    if ranking.errors:
        tables.append(Table("Could not be read", ("resume", "reason"), [[e["path"], e["error"]] for e in ranking.errors]))
    csv_rows = [[r["rank"], "n/a" if r["score"] is None else r["score"], r["path"], r["required_met"], r["required_total"],
                 r["preferred_met"], r["preferred_total"], " ".join(r["matched"]),
                 "; ".join(" or ".join(g) for g in r["missing_groups"]), "", ""] for r in ranking.results]
    csv_rows += [["", "", s["path"], "", "", "", "", "", "", s["reason"], ""] for s in ranking.skipped]
    csv_rows += [["", "", e["path"], "", "", "", "", "", "", "", e["error"]] for e in ranking.errors]
    records = [*ranking.results, *({"skipped": s} for s in ranking.skipped), *({"error": e} for e in ranking.errors)]
    return View(ranking.to_dict(), tables, Table(None, RANK_CSV_COLUMNS, csv_rows), records)


def stats_view(st: Stats) -> View:
    rows = [[c["id"], c["required"], c["required_alone"], c["required_one_of"], f"{c['share_required']:.0%}",
             c["preferred"], f"{c['share_preferred']:.0%}", c["mentioned"]] for c in st.credentials]
    title = (f"{st.postings} postings: how many require, prefer or only mention each credential "
             "(required alone, or as one of several options)")
    tables = [Table(title, ("credential", "required", "alone", "one of", "share", "preferred", "share", "mentioned"), rows)]
    if st.skipped:
        tables.append(left_out(st.skipped, "posting"))
    if st.errors:
        tables.append(Table("Could not be read", ("posting", "reason"), [[e["path"], e["error"]] for e in st.errors]))
    csv_table = Table(None, STATS_CSV_COLUMNS, [[c[k] for k in STATS_CSV_COLUMNS] for c in st.credentials])
    return View(st.to_dict(), tables, csv_table, list(st.credentials))
