"""Command line: thin click verbs over the library rooms (documents, pipeline, scan, report, render, batch).

Exit codes (stable, for scripts):
  0  success
  1  usage or input error (bad option, unreadable posting/resume given by name, bad lexicon)
  2  some files in a batch could not be read (results for the others are still printed)
  3  ``audit --fail-on-gaps`` found missing required credentials
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sys
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import click

from scanner import __version__
from scanner.render import FORMATS, Table, View, emit

EXIT_OK, EXIT_INPUT, EXIT_PARTIAL, EXIT_GAPS = 0, 1, 2, 3
KINDS = ("auto", "resume", "posting")


class CredscanGroup(click.Group):
    """Maps click's usage errors to exit code 1, as documented, and returns command exit codes."""

    def main(self, args: Sequence[str] | None = None, prog_name: str | None = None,
             complete_var: str | None = None, standalone_mode: bool = True, **extra: Any) -> Any:
        try:
            rv = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except click.ClickException as exc:
            exc.show()
            sys.exit(EXIT_INPUT)
        except click.Abort:
            click.echo("Aborted.", err=True)
            sys.exit(130)
        sys.exit(rv if isinstance(rv, int) else EXIT_OK)

    def invoke(self, ctx: click.Context) -> Any:
        """``credscan scan big/ --format csv | head``: the reader leaving is not a failure. Caught
        here, inside click, whose own handler would exit 1."""
        try:
            return super().invoke(ctx)
        except BrokenPipeError:
            with contextlib.suppress(OSError, ValueError):  # no more writes reach the closed pipe
                os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            return EXIT_OK


@click.group(cls=CredscanGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="credscan")
def cli() -> None:
    """Find machine-learning credentials in resumes and job postings.

    \b
    credscan scan resumes/                      what each document mentions
    credscan demands posting.pdf                what a posting requires / prefers
    credscan audit cv.pdf --against posting.txt what a candidate has and lacks
    credscan rank posting.pdf resumes/          resumes ranked by fit
    credscan stats postings/                    how often postings ask for each credential
    """


# --- shared options ---------------------------------------------------------------------------

def format_option(f: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--format", "fmt", type=click.Choice(FORMATS), default=None,
                        help="Output format (default: table on a terminal, json otherwise).")(f)


def lexicon_option(f: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--lexicon", "lexicon_files", multiple=True, type=click.Path(exists=True, dir_okay=False),
                        help="Extra lexicon YAML (same schema as lexicons/); repeatable.")(f)


def kind_option(default: str = "auto") -> Callable[..., Any]:
    return click.option("--kind", type=click.Choice(KINDS), default=default, show_default=True,
                        help="Treat documents as resumes or postings instead of guessing.")


def _finite(ctx: click.Context, param: click.Parameter, value: float) -> float:
    if value != value:  # NaN passes every range check
        raise click.BadParameter("must be a number of seconds")
    return value


def batch_options(f: Callable[..., Any]) -> Callable[..., Any]:
    for opt in reversed([
        click.option("--workers", type=click.IntRange(min=0), default=None,
                     help="Worker processes (default: CPU cores; 0: scan in this process)."),
        click.option("--timeout", type=click.FloatRange(min=0, min_open=True, max=86400), default=30.0,
                     show_default=True, callback=_finite, help="Seconds allowed per file (at most a day)."),
        click.option("--db", type=click.Path(dir_okay=False), default=None,
                     help="Results store (SQLite) where unchanged files are not scanned again "
                          "[default: ~/.cache/credscan/scan.db, or under $XDG_CACHE_HOME]."),
        click.option("--no-db", is_flag=True, help="Keep no results store: scan everything, write nothing."),
        click.option("--follow-symlinks", is_flag=True, help="Follow symbolic links while walking folders."),
        click.option("--quiet", "-q", is_flag=True, help="No progress bar or notes on stderr."),
    ]):
        f = opt(f)
    return f


def _fmt(fmt: str | None) -> str:
    return fmt or ("table" if sys.stdout.isatty() else "json")


def _kind(kind: str) -> str | None:
    return None if kind == "auto" else kind


@lru_cache(maxsize=4)
def _pipeline(lexicon_files: tuple[str, ...]):
    from scanner.lexicon import LexiconError
    from scanner.pipeline import build_pipeline

    try:
        return build_pipeline(lexicon_files)
    except LexiconError as exc:
        raise click.ClickException("lexicon is not valid:\n" + str(exc)) from None


def _lexicon(lexicon_files: tuple[str, ...]):
    """The lexicon, validated; cheap (no spaCy), so a batch parent need not build a pipeline."""
    from scanner.lexicon import LexiconError, cached_lexicon

    try:
        return cached_lexicon(lexicon_files)
    except LexiconError as exc:
        raise click.ClickException("lexicon is not valid:\n" + str(exc)) from None


def _scan_one(path: str, lexicon_files: tuple[str, ...], kind: str | None):
    """Scan one named file in this process; a file the user named that cannot be read is exit 1."""
    from scanner.batch import scan_file

    result = scan_file(Path(path), _pipeline(lexicon_files), kind=kind)
    if not result.ok:
        raise click.ClickException(result.error or f"{path}: cannot be read")
    return result


def _note(msg: str, quiet: bool = False) -> None:
    if not quiet:
        click.echo(msg, err=True)


# --- scan -------------------------------------------------------------------------------------

SCAN_CSV_COLUMNS = ("path", "kind", "credential", "name", "status", "level", "year", "alternatives", "page", "line",
                    "evidence", "error")


def _scan_rows(result) -> list[list[Any]]:
    """CSV: one row per document and credential (a document with none, or an error, gets one row)."""
    if not result.ok:
        return [[result.path, "", "", "", "", "", "", "", "", "", "", result.error]]
    rows = []
    for c in result.credentials:
        m = c.mentions[0]
        rows.append([result.path, result.kind, c.id, c.name, c.status or "", c.level or "", c.year or "",
                     ";".join(c.alternatives), m.page, m.line, m.snippet, ""])
    return rows or [[result.path, result.kind, "", "", "", "", "", "", "", "", "", ""]]


def _summary(result) -> str:
    if not result.ok:
        return f"ERROR: {result.error}"
    parts = []
    for c in result.credentials:
        parts.append(f"{c.id} ({c.status or c.level}{', ' + str(c.year) if c.year else ''})")
    return "; ".join(parts) or "-"


def _explain_lines(result) -> list[str]:
    lines = [f"{result.path}: {result.kind} (confidence {result.kind_confidence:.2f})"]
    for c in (*result.credentials, *result.near_misses):
        tag = "near miss" if c in result.near_misses else "credential"
        lines.append(f"  {c.id} [{tag}] -> {c.status or c.level}")
        for m in c.mentions:
            how = f"{m.method}" + (f" score {m.score:.2f}" if m.method == "fuzzy" else "")
            lines.append(f"    p{m.page}:l{m.line} {m.text!r} matched by {how}; "
                         f"{'status' if c.status else 'level'} {m.status or m.level} from {m.cue or 'no cue (default)'}"
                         f"{'; section ' + m.section if m.section else ''}")
    if not result.credentials and not result.near_misses and result.ok:
        lines.append("  no credential name, alias, exam code or close spelling found")
    return lines


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@format_option
@lexicon_option
@kind_option()
@batch_options
@click.option("--unordered", is_flag=True, help="Print results as they finish instead of in input order.")
@click.option("--rescan", is_flag=True, help="Scan every file again, even those the results store holds unchanged.")
@click.option("--explain", is_flag=True, help="Say why each credential matched (rule, alias, fuzzy score, cue).")
def scan(paths: tuple[str, ...], fmt: str | None, lexicon_files: tuple[str, ...], kind: str, workers: int | None,
         timeout: float, db: str | None, no_db: bool, follow_symlinks: bool, quiet: bool, unordered: bool, rescan: bool,
         explain: bool) -> int:
    """Scan files or folders: the credentials each document mentions.

    Folders are walked recursively; hidden files and unsupported types are skipped with a note.
    Exit code 2 when some files could not be read (their errors are in the output too).

    \b
    credscan scan samples/resumes --format csv > shortlist.csv
    credscan scan cv.pdf --explain
    """
    fmt = _fmt(fmt)
    results = _batch(paths, lexicon_files, _kind(kind), workers, timeout, db, no_db, follow_symlinks, quiet,
                     ordered=not unordered, rescan=rescan)
    errors = 0
    out = sys.stdout
    if fmt in ("jsonl", "csv"):  # stream: a 10,000-file folder never sits in memory
        from scanner.render import csv_writer, write_csv_rows, write_jsonl

        writer = csv_writer(out) if fmt == "csv" else None
        if writer:
            writer.writerow(SCAN_CSV_COLUMNS)
        for result in results:
            errors += not result.ok
            if writer:
                write_csv_rows(writer, _scan_rows(result))
            else:
                write_jsonl(out, [result.to_dict()])
            out.flush()
    else:
        collected = list(results)
        errors = sum(not r.ok for r in collected)
        rows = [[r.path, r.kind or "", _summary(r)] for r in collected]
        table = Table(None, ("document", "kind", "credentials (status or level, year)"), rows)
        csv_rows = [row for r in collected for row in _scan_rows(r)]
        data = {"schema": "credscan.scan-list/1", "results": [r.to_dict() for r in collected]}
        emit(View(data, [table], Table(None, SCAN_CSV_COLUMNS, csv_rows), [r.to_dict() for r in collected]), fmt, out)
        if explain:
            for r in collected:
                click.echo("\n".join(_explain_lines(r)), err=True)
    if errors:
        _note(f"{errors} file(s) could not be read", quiet)
        return EXIT_PARTIAL
    return EXIT_OK


# --- demands ----------------------------------------------------------------------------------

def _demand_rows(dem) -> list[list[Any]]:
    rows = []
    for level in ("required", "preferred", "mentioned"):
        for d in getattr(dem, level):
            life = d.lifecycle["status"] + (f" {d.lifecycle['status_date']}" if d.lifecycle["status_date"] else "")
            rows.append([level, d.id, d.name, " or ".join(d.alternatives), life, d.lifecycle["successor"] or "",
                         f"p{d.evidence['page']}:l{d.evidence['line']}", d.evidence["text"]])
    return rows


@cli.command()
@click.argument("posting", type=click.Path(exists=True, dir_okay=False))
@format_option
@lexicon_option
@kind_option("posting")
def demands(posting: str, fmt: str | None, lexicon_files: tuple[str, ...], kind: str) -> int:
    """What a job posting asks for: required, nice-to-have, only mentioned.

    Warns when a demanded credential is retired or closed, and names its successor.

    \b
    credscan demands samples/postings/globex-data-scientist.txt
    """
    from scanner.report import demands as build_demands

    result = _scan_one(posting, lexicon_files, _kind(kind))
    dem = build_demands(result, _lexicon(lexicon_files))
    columns = ("level", "id", "name", "or", "credential status", "successor", "where", "evidence")
    short = [[r[0], r[1], r[3], r[4], r[6], r[7]] for r in _demand_rows(dem)]
    table = Table(f"Credentials demanded by {posting}", ("level", "id", "or", "status", "where", "evidence"), short)
    notes = [f"WARNING: {w}" for w in dem.warnings]
    records = [{"level": lv, **d.to_dict()} for lv in ("required", "preferred", "mentioned") for d in getattr(dem, lv)]
    emit(View(dem.to_dict(), [table], Table(None, columns, _demand_rows(dem)), records, notes), _fmt(fmt))
    return EXIT_OK


# --- audit ------------------------------------------------------------------------------------

def _audit_tables(a) -> tuple[list[Table], Table]:
    tables = []
    flat: list[list[Any]] = []
    if a.posting:
        rows = []
        for level, matched, missing in (("required", a.required_matched, a.required_missing),
                                        ("preferred", a.preferred_matched, a.preferred_missing)):
            for m in matched:
                rows.append([level, "HAVE", m["id"], m.get("status") or "", " or ".join(m["alternatives"]),
                             f"p{m['evidence']['page']}:l{m['evidence']['line']}"])
            for m in missing:
                rows.append([level, "MISSING", m["id"], m.get("candidate_status") or "", " or ".join(m["alternatives"]), ""])
        for e in a.extra:
            rows.append(["extra", "HAVE", e["id"], e["status"], "", ""])
        tables.append(Table(f"{a.resume} against {a.posting}: coverage {a.coverage:.0%}",
                            ("demand", "state", "id", "your status", "or", "where"), rows))
        flat.extend(rows)
        gap_rows = [[g["id"], g["level"], (g["hours"] or {}).get("text", ""), (g["cost"] or {}).get("text", ""),
                     (g["salary_impact"] or {}).get("text", ""), "yes" if g["can_earn"] else f"no -> {g['successor']}"]
                    for g in a.gaps]
        tables.append(Table("What closing each gap costs", ("gap", "level", "study", "cost", "salary impact", "can earn"), gap_rows))
    else:
        rows = [[h.id, h.status, h.year or "", h.expires or "", "; ".join(h.flags)] for h in a.held]
        tables.append(Table(f"Credentials on {a.resume}", ("id", "status", "year", "expires", "notes"), rows))
        flat.extend([["held", h.status, h.id, h.year or "", h.expires or "", "; ".join(h.flags)] for h in a.held])
    tables.append(Table("Next steps (recruiter's guide: one foundational specialization + one cloud certification"
                        + (f", {a.cloud}" if a.cloud else "") + ")", ("advice",), [[x["text"]] for x in a.advice]))
    flat.extend([["advice", x["kind"], x.get("id") or "", x["text"], "", ""] for x in a.advice])
    return tables, Table(None, ("section", "state", "id", "status", "detail", "where"), flat)


@cli.command()
@click.argument("resume", type=click.Path(exists=True, dir_okay=False))
@click.option("--against", "posting", type=click.Path(exists=True, dir_okay=False), default=None,
              help="The job posting to audit against (omit for a self-audit against the recruiter's guide).")
@click.option("--cloud", type=click.Choice(("aws", "gcp", "azure")), default=None,
              help="The cloud your target employers use (default: the posting's).")
@click.option("--fail-on-gaps", is_flag=True, help="Exit 3 when a required credential is missing.")
@click.option("--explain", is_flag=True, help="Say why each credential matched or not.")
@format_option
@lexicon_option
def audit(resume: str, posting: str | None, cloud: str | None, fail_on_gaps: bool, explain: bool,
          fmt: str | None, lexicon_files: tuple[str, ...]) -> int:
    """A candidate's credentials against a posting: matches, gaps, what each gap costs, what to do next.

    \b
    credscan audit my-cv.pdf --against posting.txt
    credscan audit my-cv.pdf --cloud gcp
    """
    from scanner.report import audit as build_audit

    lexicon = _lexicon(lexicon_files)
    res = _scan_one(resume, lexicon_files, "resume")
    post = _scan_one(posting, lexicon_files, "posting") if posting else None
    a = build_audit(res, post, lexicon, cloud=cloud, as_of=dt.date.today())
    tables, flat = _audit_tables(a)
    emit(View(a.to_dict(), tables, flat), _fmt(fmt))
    if explain:
        click.echo("\n".join(_explain_lines(res) + (_explain_lines(post) if post else [])), err=True)
    if fail_on_gaps and a.required_missing:
        return EXIT_GAPS
    return EXIT_OK


# --- rank and stats ---------------------------------------------------------------------------

def _batch(paths: Iterable[str], lexicon_files: tuple[str, ...], kind: str | None, workers: int | None, timeout: float,
           db: str | None, no_db: bool, follow_symlinks: bool, quiet: bool, *, ordered: bool = True,
           rescan: bool = False):
    """Walk ``paths`` (noting what is skipped) and stream one ScanResult per file from the workers.

    The results store is ``db``; none with ``no_db``; else the default one, or none (with a
    note) when that cannot be opened.
    """
    from scanner.batch import Skipped, run_batch, walk
    from scanner.store import StoreError, default_db_path

    if no_db and db:
        raise click.UsageError("--db and --no-db exclude each other")

    _lexicon(lexicon_files)  # a bad lexicon is exit 1 before any file is touched
    files: list[Path | Skipped] = []
    for item in walk(paths, follow_symlinks=follow_symlinks):
        if isinstance(item, Skipped):
            if item.lost:
                files.append(item)  # comes back as an error result: nothing under it goes missing unseen
            else:
                _note(f"skipped {item.path}: {item.reason}", quiet)
        else:
            files.append(item)

    def run(store: str | None):
        return run_batch(files, lexicon_files=lexicon_files, kind=kind, workers=workers, timeout=timeout,
                         db=Path(store) if store else None, ordered=ordered, progress=False if quiet else None,
                         rescan=rescan)

    if no_db or db:
        try:
            return run(db)
        except StoreError as exc:
            raise click.ClickException(str(exc)) from None
    try:
        return run(str(default_db_path()))
    except StoreError as exc:  # the default store is a convenience: a read-only home must not stop a scan
        _note(f"note: scanning without a results store ({exc})", quiet)
        return run(None)


@cli.command()
@click.argument("posting", type=click.Path(exists=True, dir_okay=False))
@click.argument("resumes", nargs=-1, required=True, type=click.Path())
@format_option
@lexicon_option
@batch_options
def rank(posting: str, resumes: tuple[str, ...], fmt: str | None, lexicon_files: tuple[str, ...], workers: int | None,
         timeout: float, db: str | None, no_db: bool, follow_symlinks: bool, quiet: bool) -> int:
    """Rank resumes (files or folders) by how well they cover a posting's demands.

    Required credentials weigh twice the nice-to-have ones; "A or B" is met by either.
    Unreadable files are listed at the end with their reason.

    \b
    credscan rank samples/postings/acme-ml-engineer.html samples/resumes
    """
    from scanner.report import rank as build_rank

    lexicon = _lexicon(lexicon_files)
    post = _scan_one(posting, lexicon_files, "posting")
    ranking = build_rank(post, _batch(resumes, lexicon_files, "resume", workers, timeout, db, no_db, follow_symlinks, quiet),
                         lexicon, as_of=dt.date.today())
    rows = [[r["rank"], f"{r['score']:.2f}", f"{r['required_met']}/{r['required_total']}",
             f"{r['preferred_met']}/{r['preferred_total']}", r["path"], " ".join(r["missing"])] for r in ranking.results]
    tables = [Table(f"Resumes ranked against {posting}", ("rank", "score", "required", "preferred", "resume", "missing"), rows)]
    if ranking.errors:
        tables.append(Table("Could not be read", ("resume", "reason"), [[e["path"], e["error"]] for e in ranking.errors]))
    csv_rows = [[r["rank"], r["score"], r["path"], " ".join(r["matched"]), " ".join(r["missing"]), ""] for r in ranking.results]
    csv_rows += [["", "", e["path"], "", "", e["error"]] for e in ranking.errors]
    emit(View(ranking.to_dict(), tables, Table(None, ("rank", "score", "path", "matched", "missing", "error"), csv_rows),
              [*ranking.results, *({"error": e} for e in ranking.errors)]), _fmt(fmt))
    return EXIT_PARTIAL if ranking.errors else EXIT_OK


@cli.command()
@click.argument("postings", nargs=-1, required=True, type=click.Path())
@format_option
@lexicon_option
@batch_options
def stats(postings: tuple[str, ...], fmt: str | None, lexicon_files: tuple[str, ...], workers: int | None,
          timeout: float, db: str | None, no_db: bool, follow_symlinks: bool, quiet: bool) -> int:
    """The market view: per credential, the share of postings that require, prefer or mention it.

    \b
    credscan stats samples/postings
    """
    from scanner.report import stats as build_stats

    lexicon = _lexicon(lexicon_files)
    st = build_stats(_batch(postings, lexicon_files, "posting", workers, timeout, db, no_db, follow_symlinks, quiet), lexicon)
    rows = [[c["id"], c["required"], f"{c['share_required']:.0%}", c["preferred"], f"{c['share_preferred']:.0%}",
             c["mentioned"]] for c in st.credentials]
    tables = [Table(f"{st.postings} postings", ("credential", "required", "share", "preferred", "share", "mentioned"), rows)]
    if st.errors:
        tables.append(Table("Could not be read", ("posting", "reason"), [[e["path"], e["error"]] for e in st.errors]))
    cols = ("id", "name", "required", "preferred", "mentioned", "share_required", "share_preferred")
    csv_table = Table(None, cols, [[c[k] for k in cols] for c in st.credentials])
    emit(View(st.to_dict(), tables, csv_table, list(st.credentials)), _fmt(fmt))
    return EXIT_PARTIAL if st.errors else EXIT_OK


# --- lexicon, extract, export -----------------------------------------------------------------

@cli.group()
def lexicon() -> None:
    """Show the loaded credentials, or check a lexicon file of your own."""


@lexicon.command("list")
@format_option
@lexicon_option
def lexicon_list(fmt: str | None, lexicon_files: tuple[str, ...]) -> int:
    """The credentials credscan knows, with status, study hours, cost and salary impact."""
    lx = _lexicon(lexicon_files)
    cols = ("id", "name", "cloud", "status", "hours", "cost", "salary impact", "aliases")
    rows = []
    records = []
    for c in lx.credentials:
        status = c.status.value + (f" {c.status.date.isoformat()}" if c.status.date else "")
        rows.append([c.id, c.name, c.cloud, status, c.study_hours.text(), c.cost.text, c.salary_impact.text, len(c.aliases)])
        records.append({"id": c.id, "name": c.name, "issuer": c.issuer, "category": c.category, "cloud": c.cloud,
                        "status": c.status.value, "status_date": c.status.date.isoformat() if c.status.date else None,
                        "hours": [c.study_hours.low, c.study_hours.high], "cost": c.cost.text,
                        "salary_impact": c.salary_impact.text, "aliases": list(c.aliases), "codes": list(c.codes),
                        "successors": list(c.successors)})
    table = Table(f"{len(lx.credentials)} credentials, {len(lx.near_misses)} near misses (lexicon {lx.version})",
                  ("id", "cloud", "status", "hours", "cost", "salary impact"), [[r[0], r[2], r[3], r[4], r[5], r[6]] for r in rows])
    data = {"schema": "credscan.lexicon/1", "version": lx.version, "files": list(lx.files), "credentials": records,
            "near_misses": [{"id": n.id, "name": n.name, "looks_like": n.looks_like} for n in lx.near_misses]}
    emit(View(data, [table], Table(None, cols, rows), records), _fmt(fmt))
    return EXIT_OK


@lexicon.command("check")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
def lexicon_check(files: tuple[str, ...]) -> int:
    """Validate lexicon files (on top of the shipped one); every problem is listed with file, entry and field."""
    from scanner.lexicon import LexiconError, load_lexicon

    try:
        lx = load_lexicon(files)
    except LexiconError as exc:
        for problem in exc.problems:
            click.echo(f"Error: {problem}", err=True)
        return EXIT_INPUT
    click.echo(f"ok: {len(lx.credentials)} credentials, {len(lx.near_misses)} near misses, {len(lx.cues)} cues "
               f"(lexicon {lx.version})")
    return EXIT_OK


@cli.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
def extract(file: str) -> int:
    """Print a document's normalised text as page:line, the way credscan reads it (for checking a reader)."""
    from scanner.documents import DocumentError, read_document

    try:
        document = read_document(file)
    except DocumentError as exc:
        raise click.ClickException(str(exc)) from None
    for w in document.warnings:
        _note(f"warning: {document.name}: {w}")
    for line in document.lines:
        click.echo(f"{line.page}:{line.number}\t{line.text}")
    return EXIT_OK


@cli.command()
@click.option("--db", type=click.Path(dir_okay=False), default=None,
              help="The results store [default: the one scan uses, ~/.cache/credscan/scan.db].")
@format_option
def export(db: str | None, fmt: str | None) -> int:
    """Write what a results store holds (one row per document and credential in CSV)."""
    from scanner.render import csv_writer, write_csv_rows, write_jsonl
    from scanner.store import StoreError, default_db_path, open_store

    db = db or str(default_db_path())
    if not Path(db).is_file():
        raise click.ClickException(f"{db}: no results store there (scan with --db to make one)")

    fmt = fmt or "jsonl"
    if fmt not in ("csv", "jsonl", "json"):
        raise click.UsageError("export writes csv, jsonl or json")
    out = sys.stdout
    try:
        store = open_store(Path(db))
    except StoreError as exc:
        raise click.ClickException(str(exc)) from None
    try:
        if fmt == "csv":
            writer = csv_writer(out)
            writer.writerow(SCAN_CSV_COLUMNS)
            for result in store.iter_results():
                write_csv_rows(writer, _scan_rows(result))
        elif fmt == "jsonl":
            for result in store.iter_results():
                write_jsonl(out, [result.to_dict()])
        else:
            from scanner.render import write_json

            write_json(out, {"schema": "credscan.scan-list/1", "results": [r.to_dict() for r in store.iter_results()]})
    finally:
        store.close()
    return EXIT_OK


def main() -> None:
    cli()
