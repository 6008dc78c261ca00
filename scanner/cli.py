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
import itertools
import os
import sys
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import click

from scanner.render import FORMATS, REPORT_FORMATS, Table, View, emit, printable

EXIT_OK, EXIT_INPUT, EXIT_PARTIAL, EXIT_GAPS = 0, 1, 2, 3
KINDS = ("auto", "resume", "posting")
STDIN = "-"
STDIN_NAME = "<stdin>"  # how a document read from standard input is named in every output


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
    click's usage message: the command was right, only the name was wrong. With ``stdin``,
    "-" stands for standard input."""

    name = "file"

    def __init__(self, stdin: bool = False) -> None:
        super().__init__(dir_okay=True)
        self.stdin = stdin

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if self.stdin and value == STDIN:
            return STDIN
        path = super().convert(value, param, ctx)
        if not os.path.lexists(path):
            raise click.ClickException(f"{path}: no such file")
        if os.path.isdir(path):
            raise click.ClickException(f"{path}: a folder, not a file")
        return path


def _print_version(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    """``--version``: credscan's version and the lexicon's (read only when asked: it costs a YAML parse)."""
    if value and not ctx.resilient_parsing:
        from scanner.api import version_text

        click.echo(version_text())
        ctx.exit()


@click.group(cls=CredscanGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option("--version", is_flag=True, expose_value=False, is_eager=True, callback=_print_version,
              help="Show the version of credscan, of its lexicon and of its JSON contracts, and exit.")
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
    credscan serve --open                       the same in a local web page
    """


# --- shared options ---------------------------------------------------------------------------

def format_option(f: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--format", "fmt", type=click.Choice(FORMATS), default=None,
                        help="Output format (default: table on a terminal, json otherwise).")(f)


def report_format_option(f: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--format", "fmt", type=click.Choice(REPORT_FORMATS), default=None,
                        help="Output format (default: table on a terminal, json otherwise); html: one "
                             "self-contained page to save and share.")(f)


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


def ocr_option(f: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--ocr", type=click.Choice(("auto", "always", "never")), default="auto", show_default=True,
                        help="Scans (image-only PDF pages, PNG, JPEG, TIFF): auto reads text layers and OCRs what "
                             "has none, where Tesseract is installed; always OCRs every page; never reads text "
                             "layers only.")(f)


def _limits(ocr: str):
    """The reading limits for ``--ocr``; ``always`` without Tesseract is an error, not a silent no."""
    from scanner.documents.limits import Limits

    limits = Limits(ocr=ocr)  # type: ignore[arg-type]
    if ocr == "always" and not limits.ocr_engine:
        from scanner.documents.ocr import INSTALL_HINT

        raise click.ClickException(f"--ocr always needs Tesseract: {INSTALL_HINT}")
    return limits


def engine_options(f: Callable[..., Any]) -> Callable[..., Any]:
    """Where ``scan`` runs: worker processes here, or a Dask cluster writing shards (``--out``)."""
    for opt in reversed([
        click.option("--engine", type=click.Choice(("local", "dask")), default="local", show_default=True,
                     help="local: worker processes on this machine; dask: a Dask cluster, results written "
                          "as shards under --out (pip install 'credscan[dask]')."),
        click.option("--scheduler", metavar="ADDRESS", default=None,
                     help="With --engine dask: the cluster's scheduler, e.g. tcp://host:8786 "
                          "(default: a local cluster, see --local)."),
        click.option("--local", "local_workers", type=click.IntRange(min=1), default=None, metavar="N",
                     help="With --engine dask: start a local cluster of N worker processes (default: CPU cores)."),
        click.option("--out", "out_dir", metavar="DIR", default=None,
                     help="With --engine dask: the shard directory, a folder every worker sees or an fsspec "
                          "URL (s3://bucket/scan/). A rerun skips the shards already finished there."),
        click.option("--partition-size", type=click.IntRange(min=1), default=None,
                     help="With --engine dask: files per task, about [default: 1000; a job of under "
                          "16,000 files is cut in 16]."),
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


class _Documents(contextlib.AbstractContextManager):
    """The documents one command names, scanned in this process: files by their path, and "-"
    read from standard input (staged in a private temporary folder while the command runs, and
    named ``<stdin>`` in every output). Only one document can come from standard input."""

    def __init__(self, lexicon_files: tuple[str, ...], limits=None) -> None:
        from scanner.service import Staged

        self.lexicon_files = lexicon_files
        self.limits = limits  # None: the default reading limits
        self.staged = Staged()
        self.from_stdin = False

    def path(self, name: str | None) -> str | None:
        """The path to scan for a name given on the command line (None stays None)."""
        if name != STDIN:
            return name
        if self.from_stdin:
            raise click.UsageError("only one document can be read from standard input ('-')")
        self.from_stdin = True
        return self.staged.add(_read_stdin(), STDIN_NAME)

    def scan(self, path: str, kind: str | None):
        from scanner.batch import scan_file

        return self.staged.named(scan_file(Path(path), _pipeline(self.lexicon_files), kind=kind, limits=self.limits))

    def text_of(self, path: str) -> str | None:
        """A document's text read under this command's limits (--ocr), None when unreadable."""
        from scanner.documents import DEFAULT_LIMITS, DocumentError, read_document

        try:
            return read_document(path, limits=self.limits or DEFAULT_LIMITS).text
        except (DocumentError, OSError):
            return None

    def name(self, path: str | None) -> str | None:
        return self.staged.names.get(path, path) if path else path

    def __exit__(self, *exc: Any) -> None:
        self.staged.close()


def _read_stdin() -> bytes:
    """Standard input's bytes, refused past the reader's size limit (as a file would be)."""
    from scanner.documents.limits import DEFAULT_LIMITS, size

    if sys.stdin is None or sys.stdin.isatty():
        raise click.UsageError("'-' reads a document from standard input: pipe one in "
                               "(credscan demands - < posting.txt)")
    stream = getattr(sys.stdin, "buffer", sys.stdin)
    data = stream.read(DEFAULT_LIMITS.max_bytes + 1)
    if isinstance(data, str):
        data = data.encode("utf-8")
    if len(data) > DEFAULT_LIMITS.max_bytes:
        raise click.ClickException(f"{STDIN_NAME}: too large (over {size(DEFAULT_LIMITS.max_bytes)})")
    if not data:
        raise click.ClickException(f"{STDIN_NAME}: empty: nothing was piped in")
    return data


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
@ocr_option
@click.option("--unordered", is_flag=True, help="Print results as they finish instead of in input order.")
@click.option("--rescan", is_flag=True, help="Scan every file again, even those the results store holds unchanged.")
@click.option("--explain", is_flag=True, help="Say why each credential matched (rule, alias, fuzzy score, cue).")
@engine_options
def scan(paths: tuple[str, ...], fmt: str | None, lexicon_files: tuple[str, ...], kind: str, workers: int | None,
         timeout: float, db: str | None, no_db: bool, follow_symlinks: bool, quiet: bool, ocr: str, unordered: bool,
         rescan: bool, explain: bool, engine: str, scheduler: str | None, local_workers: int | None,
         out_dir: str | None, partition_size: int | None) -> int:
    """Scan files or folders: the credentials each document mentions.

    Folders are walked recursively; hidden files and unsupported types are skipped with a note.
    Look-alike certificates are listed as near misses. Exit code 2 when some files could not be
    read (their errors are in the output too).

    \b
    Examples:
      credscan scan resumes/ --format csv > shortlist.csv
      credscan scan cv.pdf --explain
      credscan scan postings/ --kind posting --format jsonl
      credscan scan resumes/ --engine dask --local 2 --out scan-out/
      credscan scan scans/ --ocr always
    """
    limits = _limits(ocr)
    if engine == "dask":
        refused = {"--workers": workers is not None, "--db": bool(db), "--no-db": no_db, "--unordered": unordered,
                   "--explain": explain, "--format": fmt is not None}
        if any(refused.values()):
            raise click.UsageError(f"{', '.join(k for k, v in refused.items() if v)}: not with --engine dask, which "
                                   "writes its results as shards under --out (read them with credscan export DIR)")
        return _scan_dask(paths, lexicon_files, _kind(kind), timeout, follow_symlinks, quiet, rescan,
                          scheduler=scheduler, local=local_workers, out=out_dir, partition_size=partition_size,
                          limits=limits)
    if scheduler or local_workers or out_dir or partition_size:
        raise click.UsageError("--scheduler, --local, --out and --partition-size go with --engine dask")
    fmt = _fmt(fmt)
    results = _batch(paths, lexicon_files, _kind(kind), workers, timeout, db, no_db, follow_symlinks, quiet,
                     ordered=not unordered, rescan=rescan, limits=limits)
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


def _scan_dask(paths: tuple[str, ...], lexicon_files: tuple[str, ...], kind: str | None, timeout: float,
               follow_symlinks: bool, quiet: bool, rescan: bool, *, scheduler: str | None, local: int | None,
               out: str | None, partition_size: int | None, limits=None) -> int:
    """``scan --engine dask``: results go to shards under ``out``, a summary to stderr, nothing to stdout."""
    from scanner.batch.cluster import JobError, run_dask

    if not out:
        raise click.UsageError("--engine dask writes its results as shards: name their directory with --out DIR")
    _lexicon(lexicon_files)

    def ready(report) -> None:
        if report.dashboard:
            _note(f"dashboard: {report.dashboard}", quiet)

    try:
        report = run_dask(list(paths), out=out, scheduler=scheduler, local=local, lexicon_files=lexicon_files,
                          kind=kind, timeout=timeout, limits=limits, partition_size=partition_size,
                          follow_symlinks=follow_symlinks, rescan=rescan, progress=False if quiet else None,
                          on_skipped=lambda item: _note(f"skipped {item.path}: {item.reason}", quiet),
                          on_ready=ready)
    except JobError as exc:
        raise click.ClickException(str(exc)) from None
    if report.other_code:
        _note(f"warning: workers run other credscan code ({'; '.join(sorted(report.other_code))}) than this "
              "client: install the same version everywhere")
    _note(f"{report.files} files in {report.shards} shards under {out} ({report.reused} finished before, "
          f"{report.retried} retried) in {report.seconds:.1f} s; manifest: {out.rstrip('/')}/manifest.json", quiet)
    if report.errors:
        _note(f"{report.errors} file(s) could not be read", quiet)
        return EXIT_PARTIAL
    return EXIT_OK


# --- demands ----------------------------------------------------------------------------------

@cli.command()
@click.argument("posting", type=ExistingFile(stdin=True))
@report_format_option
@lexicon_option
@kind_option("posting")
@ocr_option
def demands(posting: str, fmt: str | None, lexicon_files: tuple[str, ...], kind: str, ocr: str) -> int:
    """What a job posting asks for: required, nice-to-have, only mentioned.

    A choice ("one of A, B or C") is one demand, met by any of its options. Warns when a
    demanded credential is retired or closed, and names its successor; the recruiter's guide
    is applied to the demands (three clouds required is overkill, ...). POSTING "-" reads
    standard input.

    \b
    Examples:
      credscan demands posting.pdf
      credscan demands posting.txt --format json
      pbpaste | credscan demands - --format html > demands.html
    """
    from scanner.render.views import demands_view
    from scanner.service import Unreadable, check_posting

    lexicon = _lexicon(lexicon_files)
    with _Documents(lexicon_files, _limits(ocr)) as docs:
        path = docs.path(posting)
        try:
            dem, _ = check_posting(docs.scan, path, lexicon, kind=_kind(kind), text_of=docs.text_of)
        except Unreadable as exc:
            raise click.ClickException(str(exc)) from None
        emit(demands_view(dem, docs.name(path)), _fmt(fmt))
    return EXIT_OK


# --- audit ------------------------------------------------------------------------------------

@cli.command()
@click.argument("resume", type=ExistingFile(stdin=True))
@click.option("--against", "posting", type=ExistingFile(stdin=True), default=None,
              help="The job posting to audit against (omit for a self-audit against the recruiter's guide).")
@click.option("--cloud", type=click.Choice(("aws", "gcp", "azure")), default=None,
              help="The cloud your target employers use (default: the one the posting names or demands).")
@click.option("--fail-on-gaps", is_flag=True, help="Exit 3 when a required credential is missing.")
@click.option("--explain", is_flag=True, help="Say why each credential matched or not.")
@report_format_option
@lexicon_option
@ocr_option
def audit(resume: str, posting: str | None, cloud: str | None, fail_on_gaps: bool, explain: bool,
          fmt: str | None, lexicon_files: tuple[str, ...], ocr: str) -> int:
    """A candidate's credentials against a posting: matches, gaps, what each gap costs, what to do next.

    Coverage weighs required demands double; a posting that demands no credential has none
    ("n/a"). Warns when the resume reads like a posting or the posting like a resume. Either
    document may be "-", read from standard input.

    \b
    Examples:
      credscan audit cv.pdf --against posting.txt
      credscan audit cv.pdf --cloud gcp
      credscan audit cv.pdf --against posting.txt --fail-on-gaps --format json
      pbpaste | credscan audit cv.pdf --against - --format html > audit.html
    """
    from scanner.render.views import audit_view
    from scanner.report import NO_DEMANDS
    from scanner.service import Unreadable, audit_documents

    lexicon = _lexicon(lexicon_files)
    with _Documents(lexicon_files, _limits(ocr)) as docs:
        resume_path, posting_path = docs.path(resume), docs.path(posting)
        try:
            ans = audit_documents(docs.scan, resume_path, posting_path, lexicon, cloud=cloud, as_of=dt.date.today(),
                                  text_of=docs.text_of)
        except Unreadable as exc:
            raise click.ClickException(str(exc)) from None
    a = ans.audit
    for w in a.warnings:
        if w != NO_DEMANDS:
            _note(f"warning: {w}")
    emit(audit_view(a), _fmt(fmt))
    if explain:
        lines = _explain_lines(ans.resume, _imposed(ans.resume_detected, "RESUME") if ans.resume_detected else None)
        if ans.posting:
            lines += _explain_lines(ans.posting, _imposed(ans.posting_detected, "--against")
                                    if ans.posting_detected else None)
        click.echo("\n".join(lines), err=True)
    if fail_on_gaps and a.required_missing:
        return EXIT_GAPS
    return EXIT_OK


# --- rank and stats ---------------------------------------------------------------------------

def _batch(paths: Iterable[str], lexicon_files: tuple[str, ...], kind: str | None, workers: int | None, timeout: float,
           db: str | None, no_db: bool, follow_symlinks: bool, quiet: bool, *, ordered: bool = True,
           rescan: bool = False, shards: bool = False, limits=None):
    """Walk ``paths`` (noting what is skipped) and stream one ScanResult per file from the workers.

    The results store is ``db``; none with ``no_db``; else the default one, or none (with a
    note) when that cannot be opened. With ``shards``, a path that is a shard directory (what
    ``scan --engine dask`` writes) gives its stored results instead, scanned by nothing.
    """
    from scanner.batch import Skipped, run_batch, walk
    from scanner.batch.walk import is_url
    from scanner.store import StoreError, default_db_path

    if no_db and db:
        raise click.UsageError("--db and --no-db exclude each other")

    paths = list(paths)
    lexicon = _lexicon(lexicon_files)  # a bad lexicon is exit 1 before any file is touched
    stored = _shard_results([p for p in paths if shards and _is_shard_dir(p)], lexicon, kind, quiet) if shards else None
    if stored is not None:
        paths = [p for p in paths if p not in stored.dirs]
        if not paths:
            return iter(stored)
    urls = [p for p in paths if is_url(p)]
    if urls:
        raise click.UsageError(f"{urls[0]}: URLs are read by the Dask engine (scan --engine dask --out DIR); "
                               "rank and stats read the shard directory it writes")
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
                         rescan=rescan, limits=limits)

    def chained(results):
        return itertools.chain(stored, results) if stored is not None else results

    if no_db or db:
        try:
            return chained(run(db))
        except StoreError as exc:
            raise click.ClickException(str(exc)) from None
    try:
        return chained(run(str(default_db_path())))
    except StoreError as exc:  # the default store is a convenience: a read-only home must not stop a scan
        _note(f"note: scanning without a results store ({exc})", quiet)
        return chained(run(None))


def _is_shard_dir(path: str) -> bool:
    """A finished shard directory, or an unfinished one (reading it then says why it cannot be)."""
    from scanner.batch.shards import shard_dir_state

    return shard_dir_state(path) is not None


class _ShardResults:
    """The results of shard directories, their manifests read up front (a bad one is exit 1
    before anything is scanned), their shards read one at a time as the results are used."""

    def __init__(self, dirs: list[str], manifests: list[tuple[Any, dict[str, Any]]]) -> None:
        self.dirs = dirs
        self.manifests = manifests

    def __iter__(self):
        from scanner.batch.shards import ShardError

        for shard_dir, _ in self.manifests:
            try:
                yield from shard_dir.results()
            except ShardError as exc:
                raise click.ClickException(str(exc)) from None


def _shard_results(dirs: list[str], lexicon, kind: str | None, quiet: bool) -> _ShardResults | None:
    """The results stored in ``dirs``, noting where they were made under other settings than asked."""
    if not dirs:
        return None
    from scanner.batch.shards import ShardDir, ShardError

    manifests = []
    for d in dirs:
        shard_dir = ShardDir(d)
        try:
            manifest = shard_dir.manifest()
        except ShardError as exc:
            raise click.ClickException(str(exc)) from None
        if manifest.get("kind", "auto") != (kind or "auto"):
            _note(f"note: {d}: scanned with --kind {manifest.get('kind')}, read as it is (--kind {kind or 'auto'} "
                  "needs a new scan)", quiet)
        if manifest.get("lexicon_version") != lexicon.version:
            _note(f"note: {d}: scanned with another lexicon ({manifest.get('lexicon_version')}), read as it is", quiet)
        manifests.append((shard_dir, manifest))
    return _ShardResults(dirs, manifests)


@cli.command()
@click.argument("posting", type=ExistingFile(stdin=True))
@click.argument("resumes", nargs=-1, required=True, type=click.Path())
@report_format_option
@lexicon_option
@kind_option("auto", ("auto", "resume"), "Read every file as a resume instead of leaving out those that look like postings.")
@batch_options
@ocr_option
def rank(posting: str, resumes: tuple[str, ...], fmt: str | None, lexicon_files: tuple[str, ...], kind: str,
         workers: int | None, timeout: float, db: str | None, no_db: bool, follow_symlinks: bool, quiet: bool,
         ocr: str) -> int:
    """Rank resumes (files or folders) by how well they cover a posting's demands.

    Required credentials weigh twice the nice-to-have ones; "A or B" is met by either. Files that
    look like postings (and the posting itself) are left out and listed with the reason;
    unreadable files are listed at the end with theirs. POSTING "-" reads standard input. A
    shard directory written by scan --engine dask gives its stored results, scanned by nothing.

    \b
    Examples:
      credscan rank posting.pdf resumes/
      credscan rank posting.pdf resumes/ --format csv > ranked.csv
      credscan rank posting.pdf inbox/ --kind resume
      credscan rank posting.pdf resumes/ --format html > shortlist.html
      credscan rank posting.pdf scan-out/
    """
    from scanner.render.views import rank_view
    from scanner.service import Unreadable, rank_documents

    lexicon = _lexicon(lexicon_files)
    limits = _limits(ocr)
    with _Documents(lexicon_files, limits) as docs:
        path = docs.path(posting)
        try:
            ranking, swapped = rank_documents(
                docs.scan, path, lambda: _batch(resumes, lexicon_files, _kind(kind), workers, timeout, db, no_db,
                                                follow_symlinks, quiet, shards=True, limits=limits),
                lexicon, as_of=dt.date.today(), same_file=_same_file)
        except Unreadable as exc:
            raise click.ClickException(str(exc)) from None
        if swapped:
            _note(f"warning: {swapped}")  # a warning, not a progress note: --quiet keeps it
    emit(rank_view(ranking, docs.name(path) or posting), _fmt(fmt))
    return EXIT_PARTIAL if ranking.errors else EXIT_OK


@cli.command()
@click.argument("postings", nargs=-1, required=True, type=click.Path())
@report_format_option
@lexicon_option
@kind_option("auto", ("auto", "posting"), "Read every file as a posting instead of leaving out those that look like resumes.")
@batch_options
@ocr_option
def stats(postings: tuple[str, ...], fmt: str | None, lexicon_files: tuple[str, ...], kind: str, workers: int | None,
          timeout: float, db: str | None, no_db: bool, follow_symlinks: bool, quiet: bool, ocr: str) -> int:
    """The market view: per credential, the share of postings that require, prefer or mention it.

    A posting counts once per credential. A choice ("one of A, B or C") counts for each option:
    "alone" and "one of" split the postings that require a credential by whether they accept
    another instead. Files that look like resumes are left out and listed. A shard directory
    written by scan --engine dask (a folder or an fsspec URL) gives its stored results, scanned
    by nothing: the market view of a million postings without scanning them again.

    \b
    Examples:
      credscan stats postings/
      credscan stats postings/ --format csv > market.csv
      credscan stats postings/ --format html > market.html
      credscan stats inbox/ --kind posting
      credscan stats scan-out/
    """
    from scanner.render.views import stats_view
    from scanner.report import stats as build_stats

    lexicon = _lexicon(lexicon_files)
    st = build_stats(_batch(postings, lexicon_files, _kind(kind), workers, timeout, db, no_db, follow_symlinks, quiet,
                            shards=True, limits=_limits(ocr)), lexicon)
    emit(stats_view(st), _fmt(fmt))
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
@click.argument("file", type=ExistingFile(stdin=True))
@format_option
@ocr_option
def extract(file: str, fmt: str | None, ocr: str) -> int:
    """Print a document's normalised text as page:line, the way credscan reads it (for checking a reader).

    The default is that text (control characters shown escaped), piped or not; --format json,
    jsonl, csv or markdown give one record per line. FILE "-" reads standard input.

    \b
    Examples:
      credscan extract cv.pdf
      credscan extract cv.pdf --format json
      curl -s https://example.com/job | credscan extract -
      credscan extract scan.pdf --ocr always
    """
    from scanner.documents import DocumentError, read_document

    limits = _limits(ocr)
    try:
        document = (read_document(_read_stdin(), name=STDIN_NAME, limits=limits) if file == STDIN
                    else read_document(file, limits=limits))
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
@click.argument("shards", required=False, metavar="[SHARD_DIR]")
@click.option("--db", type=click.Path(dir_okay=False), default=None,
              help="The results store [default: the one scan uses, ~/.cache/credscan/scan.db].")
@format_option
def export(shards: str | None, db: str | None, fmt: str | None) -> int:
    """Write what a results store holds, or the shards of a distributed scan (one row per document
    and credential in CSV).

    Formats: jsonl (the default), json, csv. SHARD_DIR is what scan --engine dask wrote (--out),
    a folder or an fsspec URL; its results come out in the job's input order.

    \b
    Examples:
      credscan export --format csv > results.csv
      credscan export --db scan.db --format jsonl
      credscan export scan-out/ --format csv > results.csv
    """
    from scanner.render import csv_writer, write_csv_rows, write_jsonl
    from scanner.store import StoreError, default_db_path, open_store

    if shards is not None:
        if db:
            raise click.UsageError("SHARD_DIR and --db exclude each other")
        return _export_shards(shards, fmt or "jsonl")
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


def _export_shards(location: str, fmt: str) -> int:
    from scanner.batch.shards import ShardDir, ShardError
    from scanner.render import csv_writer, write_csv_rows, write_json, write_jsonl

    if fmt not in ("csv", "jsonl", "json"):
        raise click.UsageError("export writes csv, jsonl or json")
    shard_dir = ShardDir(location)
    out = sys.stdout
    try:
        shard_dir.manifest()
        if fmt == "csv":
            writer = csv_writer(out)
            writer.writerow(SCAN_CSV_COLUMNS)
            for result in shard_dir.results():
                write_csv_rows(writer, _scan_rows(result))
        elif fmt == "jsonl":
            for result in shard_dir.results():
                write_jsonl(out, [result.to_dict()])
        else:
            write_json(out, {"schema": "credscan.scan-list/1", "results": [r.to_dict() for r in shard_dir.results()]})
    except ShardError as exc:
        raise click.ClickException(str(exc)) from None
    return EXIT_OK


# --- serve ------------------------------------------------------------------------------------

@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. Anything but a loopback address lets others on the network upload files.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="Port to listen on.")
@click.option("--open", "open_browser", is_flag=True, help="Open the app in the default browser once it is ready.")
@click.option("--allow-host", "allow_hosts", multiple=True,
              help="Another name the Host header may carry (a name this machine is reached by); repeatable. "
                   "Requests naming any other host are refused (DNS rebinding).")
@click.option("--workers", type=click.IntRange(min=1), default=None,
              help="Worker processes that scan each request's files (default: CPU cores).")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True, max=3600), default=30.0, show_default=True,
              callback=_finite, help="Seconds allowed per file.")
@lexicon_option
def serve(host: str, port: int, open_browser: bool, allow_hosts: tuple[str, ...], workers: int | None,
          timeout: float, lexicon_files: tuple[str, ...]) -> int:
    """A local web app: posting check, CV audit, shortlist and market view, and a JSON API.

    Pages work with plain forms and no script, and load nothing from the network. Uploaded
    files are scanned in worker processes under the time limit and kept only while the
    request runs; no results store is written. Needs the web extra: pip install 'credscan[web]'.

    \b
    Examples:
      credscan serve --open
      credscan serve --port 8080
    """
    try:
        from scanner.web.app import Settings, is_loopback
        from scanner.web.app import serve as run_app
    except ImportError as exc:
        raise click.ClickException(f"the web app needs the web extra: pip install 'credscan[web]' "
                                   f"({exc.name} is not installed)") from None
    _lexicon(lexicon_files)
    if not is_loopback(host):
        _note(f"warning: serving on {host}, not on this computer alone: anyone who can reach it can upload files "
              "and read the answers, and credscan has no login. Use --allow-host NAME for the name they use.")
    run_app(Settings(host=host, port=port, lexicon_files=lexicon_files, allowed_hosts=allow_hosts,
                     workers=workers, timeout=timeout), open_browser)
    return EXIT_OK


@cli.command()
@click.argument("name", required=False)
def schema(name: str | None) -> int:
    """Print the JSON Schema (draft 2020-12) of an output contract, or list the contracts.

    NAME as documents name it (credscan.audit/1), without the prefix (audit/1), or bare
    (audit: its newest version).

    \b
    Examples:
      credscan schema
      credscan schema audit > audit.schema.json
    """
    from scanner import schemas

    if name is None:
        click.echo("\n".join(schemas.names()))
        return EXIT_OK
    try:
        click.echo(schemas.text(name), nl=False)
    except KeyError as exc:
        raise click.ClickException(exc.args[0]) from None
    return EXIT_OK


def main() -> None:
    cli()
