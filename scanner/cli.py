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
from scanner.render import FORMATS, Lines, Table, View, emit, printable

EXIT_OK, EXIT_INPUT, EXIT_PARTIAL, EXIT_GAPS = 0, 1, 2, 3
KINDS = ("auto", "resume", "posting")


class CredscanGroup(click.Group):
    """Maps click's usage errors to exit code 1, as documented, and returns command exit codes.

    Messages are printed with control characters escaped: they name files, and a file name can
    carry a terminal escape sequence.
    """

    def main(self, args: Sequence[str] | None = None, prog_name: str | None = None,
             complete_var: str | None = None, standalone_mode: bool = True, **extra: Any) -> Any:
        try:
            rv = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except click.UsageError as exc:
            exc.message = printable(exc.message)
            exc.show()
            sys.exit(EXIT_INPUT)
        except click.ClickException as exc:
            click.echo(f"Error: {printable(exc.format_message())}", err=True)
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


class ExistingFile(click.Path):
    """A file that must exist. A missing one is one line ("Error: cv.pdf: no such file"), not
    click's usage message: the command was right, only the name was wrong."""

    name = "file"

    def __init__(self) -> None:
        super().__init__(dir_okay=True)

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        path = super().convert(value, param, ctx)
        if not os.path.lexists(path):
            raise click.ClickException(f"{path}: no such file")
        if os.path.isdir(path):
            raise click.ClickException(f"{path}: a folder, not a file")
        return path


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
    credscan lexicon list                       the credentials credscan knows
    credscan extract cv.pdf                     the text as credscan reads it
    credscan export --format csv                what the results store holds
    """


# --- shared options ---------------------------------------------------------------------------

def format_option(f: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--format", "fmt", type=click.Choice(FORMATS), default=None,
                        help="Output format (default: table on a terminal, json otherwise).")(f)


def lexicon_option(f: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--lexicon", "lexicon_files", multiple=True, type=ExistingFile(),
                        help="Extra lexicon YAML (same schema as lexicons/); repeatable.")(f)


def kind_option(default: str = "auto", choices: Sequence[str] = KINDS,
                help: str = "Treat documents as resumes or postings instead of guessing.") -> Callable[..., Any]:
    return click.option("--kind", type=click.Choice(choices), default=default, show_default=True, help=help)


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


def _scan_as(path: str, lexicon_files: tuple[str, ...], want: str):
    """Scan a file named as a ``want`` (resume or posting): read as one, whatever it looks like.

    Returns the result and, when on its own the file reads as the other kind, that reading too,
    so the caller can warn (swapped arguments) and ``--explain`` can say the kind was imposed.
    """
    detected = _scan_one(path, lexicon_files, None)
    if detected.kind == want:
        return detected, None
    return _scan_one(path, lexicon_files, want), detected


def _note(msg: str, quiet: bool = False) -> None:
    if not quiet:
        click.echo(printable(msg), err=True)


def _same_file(a: str, b: str) -> bool:
    """Whether two names are one file (a folder being ranked may hold the posting itself)."""
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.normpath(os.path.abspath(a)) == os.path.normpath(os.path.abspath(b))


def _explain_lines(result, how: str | None = None) -> list[str]:
    """Why each credential matched. ``how`` says why the kind is what it is when it was imposed
    (``--kind``, or the argument the file was given as): then no classifier confidence is shown."""
    if how is None:
        head = f"{result.path}: {result.kind} (confidence {result.kind_confidence:.2f})"
    else:
        head = f"{result.path}: read as a {result.kind} ({how})"
    lines = [head]
    for c in (*result.credentials, *result.near_misses):
        tag = "near miss" if c in result.near_misses else "credential"
        lines.append(f"  {c.id} [{tag}] -> {c.status or c.level}")
        for m in c.mentions:
            why = f"{m.method}" + (f" score {m.score:.2f}" if m.method == "fuzzy" else "")
            lines.append(f"    p{m.page}:l{m.line} {m.text!r} matched by {why}; "
                         f"{'status' if c.status else 'level'} {m.status or m.level} from {m.cue or 'no cue (default)'}"
                         f"{'; section ' + m.section if m.section else ''}")
    for r in result.rejected:
        lines.append(f"  {r.id} [set aside] p{r.page}:l{r.line} {r.text!r}: {r.reason}")
    if not result.credentials and not result.near_misses and not result.rejected and result.ok:
        lines.append("  no credential name, alias, exam code or close spelling found")
    return [printable(line) for line in lines]


def _imposed(detected, argument: str) -> str:
    """How an audit's or a ranking's document got its kind, for --explain."""
    if detected is None:
        return f"the {argument} argument"
    return (f"the {argument} argument; on its own it reads as a {detected.kind}, "
            f"confidence {detected.kind_confidence:.2f}")


def _where(ev: dict[str, Any] | None) -> str:
    return f"p{ev['page']}:l{ev['line']}" if ev else ""


# --- scan -------------------------------------------------------------------------------------

SCAN_CSV_COLUMNS = ("path", "kind", "credential", "name", "status", "level", "year", "alternatives", "page", "line",
                    "evidence", "error", "near_miss", "warnings")


def _scan_rows(result) -> list[list[Any]]:
    """CSV: one row per document and credential or look-alike (a document with none, or an
    error, gets one row); the reader's warnings (a page without a text layer) on every row."""
    warnings = "; ".join(result.warnings)
    if not result.ok:
        return [[result.path, "", "", "", "", "", "", "", "", "", "", result.error, "", warnings]]
    rows = []
    for near, hits in ((False, result.credentials), (True, result.near_misses)):
        for c in hits:
            m = c.mentions[0]
            rows.append([result.path, result.kind, c.id, c.name, c.status or "", c.level or "", c.year or "",
                         ";".join(c.alternatives), m.page, m.line, m.snippet, "", "yes" if near else "", warnings])
    return rows or [[result.path, result.kind, "", "", "", "", "", "", "", "", "", "", "", warnings]]


def _hit_summary(c) -> str:
    return f"{c.id} ({c.status or c.level}{', ' + str(c.year) if c.year else ''})"


def _summary(result) -> str:
    if not result.ok:
        return f"ERROR: {result.error}"
    parts = [_hit_summary(c) for c in result.credentials]
    parts += [f"near miss: {_hit_summary(c)}" for c in result.near_misses]
    return "; ".join(parts) or "-"


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
    Look-alike certificates are listed as near misses. Exit code 2 when some files could not be
    read (their errors are in the output too).

    \b
    Examples:
      credscan scan resumes/ --format csv > shortlist.csv
      credscan scan cv.pdf --explain
      credscan scan postings/ --kind posting --format jsonl
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
        notes = [f"WARNING: {r.path}: {w}" for r in collected for w in r.warnings]
        data = {"schema": "credscan.scan-list/1", "results": [r.to_dict() for r in collected]}
        emit(View(data, [table], Table(None, SCAN_CSV_COLUMNS, csv_rows), [r.to_dict() for r in collected], notes), fmt, out)
        if explain:
            how = f"--kind {kind}" if kind != "auto" else None
            for r in collected:
                click.echo("\n".join(_explain_lines(r, how)), err=True)
    if errors:
        _note(f"{errors} file(s) could not be read", quiet)
        return EXIT_PARTIAL
    return EXIT_OK


# --- demands ----------------------------------------------------------------------------------

def _life(option) -> str:
    life = option.lifecycle
    return life["status"] + (f" {life['status_date']}" if life["status_date"] else "")


def _choice(ids: Sequence[str]) -> Lines:
    """A choice as cell lines: "aws-ml-specialty", "or gcp-pmle", ..."""
    return Lines([ids[0], *(f"or {i}" for i in ids[1:])], sep=" ")


@cli.command()
@click.argument("posting", type=ExistingFile())
@format_option
@lexicon_option
@kind_option("posting")
def demands(posting: str, fmt: str | None, lexicon_files: tuple[str, ...], kind: str) -> int:
    """What a job posting asks for: required, nice-to-have, only mentioned.

    A choice ("one of A, B or C") is one demand, met by any of its options. Warns when a
    demanded credential is retired or closed, and names its successor.

    \b
    Examples:
      credscan demands posting.pdf
      credscan demands posting.txt --format json
    """
    from scanner.report import demands as build_demands

    result = _scan_one(posting, lexicon_files, _kind(kind))
    dem = build_demands(result, _lexicon(lexicon_files))
    rows, flat, records = [], [], []
    for level in ("required", "preferred", "mentioned"):
        for d in getattr(dem, level):
            rows.append([level, _choice(d.ids), Lines(_life(o) for o in d.options), _where(d.evidence), d.evidence["text"]])
            flat.append([level, d.id, d.name, ";".join(d.alternatives), "; ".join(_life(o) for o in d.options),
                         "; ".join(o.lifecycle["successor"] or "" for o in d.options).strip("; "),
                         _where(d.evidence), d.evidence["text"]])
            records.append(d.to_dict())
    table = Table(f"Credentials demanded by {posting}", ("level", "credential", "status", "where", "evidence"), rows)
    columns = ("level", "id", "name", "alternatives", "credential status", "successor", "where", "evidence")
    notes = [f"WARNING: {w}" for w in dem.warnings]
    emit(View(dem.to_dict(), [table], Table(None, columns, flat), records, notes), _fmt(fmt))
    return EXIT_OK


# --- audit ------------------------------------------------------------------------------------

AUDIT_CSV_COLUMNS = ("section", "level", "state", "id", "name", "your_status", "year", "expires", "alternatives",
                     "where", "hours", "cost", "salary_impact", "can_earn", "successor", "text", "coverage")


def _coverage(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.0%}"


def _can_earn(gap: dict[str, Any]) -> str:
    if gap["can_earn"]:
        return "yes"
    return f"no -> {gap['successor']}" if gap["successor"] else "no (no successor named)"


def _audit_tables(a) -> tuple[list[Table], Table]:
    """The tables a person reads, and one CSV with a row per demand, extra, holding, advice and
    warning; each CSV column holds one kind of value, and coverage is on every row."""
    from scanner.report import NO_DEMANDS

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
                             _where(m["evidence"])])
                row("demand", level=level, state="HAVE", id=m["id"], name=m["name"], your_status=m["status"],
                    year=m["year"] or "", alternatives=";".join(m["alternatives"]), where=_where(m["evidence"]),
                    text="; ".join(m["flags"]))
            for m in missing:
                rows.append([level, "MISSING", m["id"], m.get("candidate_status") or "", " or ".join(m["alternatives"]), ""])
                g = gaps.get((level, m["id"]), {})
                row("demand", level=level, state="MISSING", id=m["id"], name=m["name"],
                    your_status=m.get("candidate_status") or "", alternatives=";".join(m["alternatives"]),
                    hours=(g.get("hours") or {}).get("text", ""), cost=(g.get("cost") or {}).get("text", ""),
                    salary_impact=(g.get("salary_impact") or {}).get("text", ""),
                    can_earn=_can_earn(g) if g else "", successor=g.get("successor") or "")
        for e in a.extra:
            rows.append(["extra", "HAVE", e["id"], e["status"], "", ""])
            row("extra", state="HAVE", id=e["id"], name=e["name"], your_status=e["status"], year=e["year"] or "")
        if a.coverage is None:
            title = f"{a.resume} against {a.posting}: coverage n/a ({NO_DEMANDS.split(':')[0]})"
        else:
            title = f"{a.resume} against {a.posting}: coverage {_coverage(a.coverage)} (required demands weigh double)"
        tables.append(Table(title, ("demand", "state", "id", "your status", "or", "where"), rows))
        gap_rows = [[g["id"], g["level"], (g["hours"] or {}).get("text", "").replace(" h", "\u00a0h"),
                     (g["cost"] or {}).get("text", ""),
                     (g["salary_impact"] or {}).get("text", ""), _can_earn(g)] for g in a.gaps]
        tables.append(Table("What closing each gap costs", ("gap", "level", "study", "cost", "salary impact", "can earn"), gap_rows))
    else:
        rows = [[h.id, h.status, h.year or "", h.expires or "", "; ".join(h.flags)] for h in a.held]
        tables.append(Table(f"Credentials on {a.resume}", ("id", "status", "year", "expires", "notes"), rows))
    for h in a.held:
        row("held", id=h.id, name=h.name, your_status=h.status, year=h.year or "", expires=h.expires or "",
            where=_where(h.evidence), text="; ".join(h.flags))
    clouds = " or ".join(a.target.clouds) if a.target else ""
    tables.append(Table("Next steps (recruiter's guide: one foundational specialization + one cloud certification"
                        + (f"; cloud: {clouds}" if clouds else "") + ")", ("advice",), [[x["text"]] for x in a.advice]))
    for x in a.advice:
        row("advice", level=x["kind"], state=x.get("rule", ""), id=x.get("id") or "", text=x["text"])
    for w in a.warnings:
        row("warning", text=w)
    return tables, Table(None, AUDIT_CSV_COLUMNS, flat)


def _text_of(path: str) -> str | None:
    """A posting's full text, for what its credentials alone do not say (the cloud it runs on)."""
    from scanner.documents import DocumentError, read_document

    try:
        return read_document(path).text
    except (DocumentError, OSError):
        return None


@cli.command()
@click.argument("resume", type=ExistingFile())
@click.option("--against", "posting", type=ExistingFile(), default=None,
              help="The job posting to audit against (omit for a self-audit against the recruiter's guide).")
@click.option("--cloud", type=click.Choice(("aws", "gcp", "azure")), default=None,
              help="The cloud your target employers use (default: the one the posting names or demands).")
@click.option("--fail-on-gaps", is_flag=True, help="Exit 3 when a required credential is missing.")
@click.option("--explain", is_flag=True, help="Say why each credential matched or not.")
@format_option
@lexicon_option
def audit(resume: str, posting: str | None, cloud: str | None, fail_on_gaps: bool, explain: bool,
          fmt: str | None, lexicon_files: tuple[str, ...]) -> int:
    """A candidate's credentials against a posting: matches, gaps, what each gap costs, what to do next.

    Coverage weighs required demands double; a posting that demands no credential has none
    ("n/a"). Warns when the resume reads like a posting or the posting like a resume.

    \b
    Examples:
      credscan audit cv.pdf --against posting.txt
      credscan audit cv.pdf --cloud gcp
      credscan audit cv.pdf --against posting.txt --fail-on-gaps --format json
    """
    from scanner.report import audit as build_audit
    from scanner.report import kind_warnings

    lexicon = _lexicon(lexicon_files)
    res, res_detected = _scan_as(resume, lexicon_files, "resume")
    post, post_detected = _scan_as(posting, lexicon_files, "posting") if posting else (None, None)
    warnings = kind_warnings(res_detected or res, (post_detected or post) if post else None)
    for w in warnings:
        _note(f"warning: {w}")
    a = build_audit(res, post, lexicon, cloud=cloud, as_of=dt.date.today(),
                    posting_text=_text_of(posting) if posting else None, warnings=warnings)
    tables, flat = _audit_tables(a)
    emit(View(a.to_dict(), tables, flat), _fmt(fmt))
    if explain:
        lines = _explain_lines(res, _imposed(res_detected, "RESUME") if res_detected else None)
        if post:
            lines += _explain_lines(post, _imposed(post_detected, "--against") if post_detected else None)
        click.echo("\n".join(lines), err=True)
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


def _left_out(skipped: Sequence[dict[str, Any]], kind: str) -> Table:
    """Files left out of a ranking or stats, each with the reason and how to bring it back."""
    rows = []
    for s in skipped:
        hint = "" if s["reason"] == "the posting itself" else f"; --kind {kind} to include it"
        rows.append([s["path"], s["reason"] + hint])
    return Table("Left out", ("file", "reason"), rows)


@cli.command()
@click.argument("posting", type=ExistingFile())
@click.argument("resumes", nargs=-1, required=True, type=click.Path())
@format_option
@lexicon_option
@kind_option("auto", ("auto", "resume"), "Read every file as a resume instead of leaving out those that look like postings.")
@batch_options
def rank(posting: str, resumes: tuple[str, ...], fmt: str | None, lexicon_files: tuple[str, ...], kind: str,
         workers: int | None, timeout: float, db: str | None, no_db: bool, follow_symlinks: bool, quiet: bool) -> int:
    """Rank resumes (files or folders) by how well they cover a posting's demands.

    Required credentials weigh twice the nice-to-have ones; "A or B" is met by either. Files that
    look like postings (and the posting itself) are left out and listed with the reason;
    unreadable files are listed at the end with theirs.

    \b
    Examples:
      credscan rank posting.pdf resumes/
      credscan rank posting.pdf resumes/ --format csv > ranked.csv
      credscan rank posting.pdf inbox/ --kind resume
    """
    from scanner.report import kind_mismatch
    from scanner.report import rank as build_rank

    lexicon = _lexicon(lexicon_files)
    post, detected = _scan_as(posting, lexicon_files, "posting")
    swapped = kind_mismatch(detected, "posting", sure_only=True) if detected else None
    if swapped:
        _note(f"warning: {posting}, read as the posting, {swapped}")  # a warning, not a progress note: --quiet keeps it
    ranking = build_rank(post, _batch(resumes, lexicon_files, _kind(kind), workers, timeout, db, no_db, follow_symlinks,
                                      quiet), lexicon, as_of=dt.date.today(), same_file=_same_file)
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
        tables.append(_left_out(ranking.skipped, "resume"))
    if ranking.errors:
        tables.append(Table("Could not be read", ("resume", "reason"), [[e["path"], e["error"]] for e in ranking.errors]))
    columns = ("rank", "score", "path", "required_met", "required_total", "preferred_met", "preferred_total",
               "matched", "missing", "left_out", "error")
    csv_rows = [[r["rank"], "n/a" if r["score"] is None else r["score"], r["path"], r["required_met"], r["required_total"],
                 r["preferred_met"], r["preferred_total"], " ".join(r["matched"]),
                 "; ".join(" or ".join(g) for g in r["missing_groups"]), "", ""] for r in ranking.results]
    csv_rows += [["", "", s["path"], "", "", "", "", "", "", s["reason"], ""] for s in ranking.skipped]
    csv_rows += [["", "", e["path"], "", "", "", "", "", "", "", e["error"]] for e in ranking.errors]
    records = [*ranking.results, *({"skipped": s} for s in ranking.skipped), *({"error": e} for e in ranking.errors)]
    emit(View(ranking.to_dict(), tables, Table(None, columns, csv_rows), records), _fmt(fmt))
    return EXIT_PARTIAL if ranking.errors else EXIT_OK


@cli.command()
@click.argument("postings", nargs=-1, required=True, type=click.Path())
@format_option
@lexicon_option
@kind_option("auto", ("auto", "posting"), "Read every file as a posting instead of leaving out those that look like resumes.")
@batch_options
def stats(postings: tuple[str, ...], fmt: str | None, lexicon_files: tuple[str, ...], kind: str, workers: int | None,
          timeout: float, db: str | None, no_db: bool, follow_symlinks: bool, quiet: bool) -> int:
    """The market view: per credential, the share of postings that require, prefer or mention it.

    A posting counts once per credential. A choice ("one of A, B or C") counts for each option:
    "alone" and "one of" split the postings that require a credential by whether they accept
    another instead. Files that look like resumes are left out and listed.

    \b
    Examples:
      credscan stats postings/
      credscan stats postings/ --format csv > market.csv
      credscan stats inbox/ --kind posting
    """
    from scanner.report import stats as build_stats

    lexicon = _lexicon(lexicon_files)
    st = build_stats(_batch(postings, lexicon_files, _kind(kind), workers, timeout, db, no_db, follow_symlinks, quiet),
                     lexicon)
    rows = [[c["id"], c["required"], c["required_alone"], c["required_one_of"], f"{c['share_required']:.0%}",
             c["preferred"], f"{c['share_preferred']:.0%}", c["mentioned"]] for c in st.credentials]
    title = (f"{st.postings} postings: how many require, prefer or only mention each credential "
             "(required alone, or as one of several options)")
    tables = [Table(title, ("credential", "required", "alone", "one of", "share", "preferred", "share", "mentioned"), rows)]
    if st.skipped:
        tables.append(_left_out(st.skipped, "posting"))
    if st.errors:
        tables.append(Table("Could not be read", ("posting", "reason"), [[e["path"], e["error"]] for e in st.errors]))
    cols = ("id", "name", "required", "required_alone", "required_one_of", "preferred", "preferred_alone",
            "preferred_one_of", "mentioned", "share_required", "share_preferred", "share_mentioned")
    csv_table = Table(None, cols, [[c[k] for k in cols] for c in st.credentials])
    emit(View(st.to_dict(), tables, csv_table, list(st.credentials)), _fmt(fmt))
    return EXIT_PARTIAL if st.errors else EXIT_OK


# --- lexicon, extract, export -----------------------------------------------------------------

@cli.group()
def lexicon() -> None:
    """Show the loaded credentials, or check a lexicon file of your own.

    \b
    Examples:
      credscan lexicon list
      credscan lexicon check mine.yaml
    """


@lexicon.command("list")
@format_option
@lexicon_option
def lexicon_list(fmt: str | None, lexicon_files: tuple[str, ...]) -> int:
    """The credentials credscan knows, with status, study hours, cost and salary impact.

    \b
    Examples:
      credscan lexicon list
      credscan lexicon list --lexicon mine.yaml --format csv
    """
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
@click.argument("files", nargs=-1, required=True, type=ExistingFile())
@format_option
def lexicon_check(files: tuple[str, ...], fmt: str | None) -> int:
    """Validate lexicon files (on top of the shipped one); every problem is listed with file, entry and field.

    Exit code 1 when there is a problem.

    \b
    Examples:
      credscan lexicon check mine.yaml
      credscan lexicon check mine.yaml --format json
    """
    from scanner.lexicon import LexiconError, load_lexicon

    fmt = fmt or "table"  # a check reads as a line of text, piped or not
    try:
        lx = load_lexicon(files)
    except LexiconError as exc:
        if fmt == "table":
            for problem in exc.problems:
                click.echo(f"Error: {printable(problem)}", err=True)
        else:
            data = {"schema": "credscan.lexicon-check/1", "files": list(files), "ok": False, "problems": list(exc.problems)}
            emit(View(data, [Table(None, ("problem",), [[p] for p in exc.problems])]), fmt)
        return EXIT_INPUT
    summary = (f"ok: {len(lx.credentials)} credentials, {len(lx.near_misses)} near misses, {len(lx.cues)} cues "
               f"(lexicon {lx.version})")
    if fmt == "table":
        click.echo(summary)
    else:
        data = {"schema": "credscan.lexicon-check/1", "files": list(files), "ok": True, "problems": [],
                "credentials": len(lx.credentials), "near_misses": len(lx.near_misses), "cues": len(lx.cues),
                "version": lx.version}
        emit(View(data, [Table(None, ("result",), [[summary]])]), fmt)
    return EXIT_OK


@cli.command()
@click.argument("file", type=ExistingFile())
@format_option
def extract(file: str, fmt: str | None) -> int:
    """Print a document's normalised text as page:line, the way credscan reads it (for checking a reader).

    The default is that text (control characters shown escaped), piped or not; --format json,
    jsonl, csv or markdown give one record per line.

    \b
    Examples:
      credscan extract cv.pdf
      credscan extract cv.pdf --format json
    """
    from scanner.documents import DocumentError, read_document

    try:
        document = read_document(file)
    except DocumentError as exc:
        raise click.ClickException(str(exc)) from None
    for w in document.warnings:
        _note(f"warning: {document.name}: {w}")
    if not fmt or fmt == "table":
        for line in document.lines:
            click.echo(f"{line.page}:{line.number}\t{printable(line.text)}")
        return EXIT_OK
    records = [{"page": line.page, "line": line.number, "text": line.text} for line in document.lines]
    data = {"schema": "credscan.extract/1", "path": document.name, "format": document.format, "pages": document.pages,
            "warnings": list(document.warnings), "lines": records}
    table = Table(None, ("page", "line", "text"), [[r["page"], r["line"], r["text"]] for r in records])
    emit(View(data, [table], records=records), fmt)
    return EXIT_OK


@cli.command()
@click.option("--db", type=click.Path(dir_okay=False), default=None,
              help="The results store [default: the one scan uses, ~/.cache/credscan/scan.db].")
@format_option
def export(db: str | None, fmt: str | None) -> int:
    """Write what a results store holds (one row per document and credential in CSV).

    Formats: jsonl (the default), json, csv.

    \b
    Examples:
      credscan export --format csv > results.csv
      credscan export --db scan.db --format jsonl
    """
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
