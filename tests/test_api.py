"""The public Python API (issue 15): the package top, how a source is read, errors, and each
function answering exactly as its CLI verb does. The README's "Use from Python" examples run
here as doctests."""

from __future__ import annotations

import doctest
import json
import subprocess
import sys
import warnings
from pathlib import Path

import pytest
from click.testing import CliRunner

import scanner
from scanner.cli import cli
from tests.conftest import ROOT, SAMPLES, assert_schema_valid

BATCH = ("--no-db", "--workers", "0", "--quiet")
RESUME = SAMPLES / "resumes" / "aisha-khan.txt"
POSTING = SAMPLES / "postings" / "northwind-mlops.pdf"
POSTING_TEXT = """Senior ML Engineer
We run on Google Cloud.
Requirements
- Google Cloud Professional Machine Learning Engineer certification
Nice to have
- DeepLearning.AI Deep Learning Specialization
"""
RESUME_TEXT = """Jane Roe
Certifications
AWS Certified Machine Learning – Specialty (MLS-C01), 2023
Deep Learning Specialization (DeepLearning.AI), 2021
"""


def cli_json(*args: object) -> dict:
    result = CliRunner().invoke(cli, [str(a) for a in args] + ["--format", "json"], catch_exceptions=False)
    return json.loads(result.stdout)


# --- the package top --------------------------------------------------------------------------

def test_the_package_top_is_the_public_api():
    assert set(scanner.__all__) == {
        "scan", "demands", "audit", "rank", "stats", "versions", "ScanResult", "Demands", "Audit", "Ranking",
        "Stats", "DocumentError", "LexiconError", "KindWarning", "__version__"}
    for name in scanner.__all__:
        assert getattr(scanner, name) is not None
    assert set(scanner.__all__) <= set(dir(scanner))
    with pytest.raises(AttributeError):
        scanner.build_pipeline  # noqa: B018  (internal names are not reached through the top)
    assert (ROOT / "scanner" / "py.typed").is_file()


def test_import_scanner_loads_no_spacy_and_scan_stays_the_function():
    """``import scanner`` is cheap (the CLI imports it for ``__version__``), and ``scanner.scan``
    is the API function even after the submodule ``scanner/scan.py`` is imported."""
    code = ("import sys, scanner; assert 'spacy' not in sys.modules and 'scanner.api' not in sys.modules\n"
            "from scanner.scan import scan_document\n"
            "import scanner.scan\n"
            "assert callable(scanner.scan) and scanner.scan.__module__ == 'scanner.api', scanner.scan\n"
            "assert sys.modules['scanner.scan'].scan_document is scan_document\n")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)
    from scanner.scan import scan_document  # noqa: F401  (in this process too)

    assert scanner.scan.__module__ == "scanner.api"


# --- scan: what a source is -------------------------------------------------------------------

def test_a_path_bytes_and_text_read_alike():
    by_path = scanner.scan(RESUME).to_dict()
    by_bytes = scanner.scan(RESUME.read_bytes(), name=str(RESUME)).to_dict()
    by_text = scanner.scan(text=RESUME.read_text(encoding="utf-8"), name=str(RESUME)).to_dict()
    assert by_path == by_bytes == by_text
    assert scanner.scan(str(RESUME)).to_dict() == by_path
    assert scanner.scan(text=RESUME_TEXT).path == "<text>"
    assert scanner.scan(text="# Jane\n## Certifications\n- AWS ML Specialty, 2023\n", name="cv.md").format == "markdown"


def test_a_str_is_always_a_path_never_text(tmp_path, monkeypatch):
    """A string that happens to name a file is that file; one that names none is an error,
    never read as text."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "AWS ML Specialty").write_text("Certifications\nGoogle Cloud Professional ML Engineer, 2024\n")
    assert [c.id for c in scanner.scan("AWS ML Specialty").credentials] == ["gcp-pmle"]
    with pytest.raises(scanner.DocumentError, match=r"^Azure AI Engineer Associate: cannot be opened"):
        scanner.scan("Azure AI Engineer Associate")
    with pytest.raises(TypeError, match=r"pass it as scan\(text=\.\.\.\)"):
        scanner.scan(RESUME_TEXT)


@pytest.mark.parametrize(("args", "kwargs", "error"), [
    ((), {}, TypeError),
    ((RESUME,), {"text": "x"}, TypeError),
    ((b"Certifications\nAWS ML Specialty",), {}, TypeError),
    ((42,), {}, TypeError),
    ((), {"text": b"bytes"}, TypeError),
    ((RESUME,), {"kind": "cv"}, ValueError),
])
def test_wrong_arguments_say_what_is_expected(args, kwargs, error):
    with pytest.raises(error):
        scanner.scan(*args, **kwargs)


@pytest.mark.parametrize(("path", "cls", "code"), [
    ("broken/legacy.doc", "UnsupportedFormatError", "unsupported"),
    ("broken/encrypted-user-password.pdf", "EncryptedDocumentError", "encrypted"),
    ("broken/empty.txt", "NoTextError", "no-text"),
    ("broken/truncated.pdf", "CorruptDocumentError", "corrupt"),
    ("broken/no-such-file.pdf", "DocumentError", "unreadable"),
])
def test_an_unreadable_document_raises_document_error_in_one_line(path, cls, code):
    for call in (lambda p: scanner.scan(p), lambda p: scanner.demands(p), lambda p: scanner.audit(RESUME, p)):
        with pytest.raises(scanner.DocumentError) as err:
            call(SAMPLES / path)
        assert type(err.value).__name__ == cls and err.value.code == code
        assert str(err.value).startswith(f"{SAMPLES / path}: ") and "\n" not in str(err.value)


# --- each function answers as its verb --------------------------------------------------------

VERBS = {
    "scan": (lambda: scanner.scan(RESUME), ("scan", RESUME, *BATCH)),
    "demands": (lambda: scanner.demands(SAMPLES / "postings" / "acme-ml-engineer.html"),
                ("demands", SAMPLES / "postings" / "acme-ml-engineer.html")),
    "audit": (lambda: scanner.audit(RESUME, POSTING), ("audit", RESUME, "--against", POSTING)),
    "audit-guide": (lambda: scanner.audit(SAMPLES / "resumes" / "jordan-smith.docx", cloud="azure"),
                    ("audit", SAMPLES / "resumes" / "jordan-smith.docx", "--cloud", "azure")),
    "audit-swapped": (lambda: scanner.audit(POSTING, RESUME), ("audit", POSTING, "--against", RESUME)),
    "rank": (lambda: scanner.rank(SAMPLES / "postings" / "initech-platform.md", [SAMPLES / "resumes", SAMPLES / "postings",
                                                                               SAMPLES / "broken" / "truncated.pdf"]),
             ("rank", SAMPLES / "postings" / "initech-platform.md", SAMPLES / "resumes", SAMPLES / "postings",
              SAMPLES / "broken" / "truncated.pdf", *BATCH)),
    "rank-all": (lambda: scanner.rank(SAMPLES / "postings" / "initech-platform.md", SAMPLES / "postings", kind="resume"),
                 ("rank", SAMPLES / "postings" / "initech-platform.md", SAMPLES / "postings", "--kind", "resume", *BATCH)),
    "stats": (lambda: scanner.stats([SAMPLES / "postings", SAMPLES / "resumes", SAMPLES / "broken" / "legacy.doc"]),
              ("stats", SAMPLES / "postings", SAMPLES / "resumes", SAMPLES / "broken" / "legacy.doc", *BATCH)),
}


@pytest.mark.parametrize("verb", sorted(VERBS))
def test_each_function_answers_exactly_as_its_verb(verb):
    call, args = VERBS[verb]
    got = call().to_dict()
    expected = cli_json(*args)
    if verb == "scan":
        expected = expected["results"][0]
    assert got == expected
    assert_schema_valid(got)


# --- documents given as results ---------------------------------------------------------------

def test_results_scanned_from_text_are_used_as_they_are():
    posting = scanner.scan(text=POSTING_TEXT, name="posting.txt", kind="posting")
    resume = scanner.scan(text=RESUME_TEXT, name="jane.txt")
    dem = scanner.demands(posting)
    assert dem.posting == "posting.txt" and [d.ids for d in dem.required] == [("gcp-pmle",)]
    a = scanner.audit(resume, posting)
    assert (a.resume, a.posting, a.coverage) == ("jane.txt", "posting.txt", 1 / 3)
    assert a.cloud == "gcp" and a.target is not None and "the posting requires" in a.target.source
    stated = scanner.audit(resume, posting, posting_text=POSTING_TEXT)
    assert stated.target is not None and stated.target.source == 'the posting says "on Google Cloud"'
    ranking = scanner.rank(posting, [RESUME, resume])
    assert [(r["path"], r["score"]) for r in ranking.results] == [("jane.txt", 0.333), (str(RESUME), 0.0)]
    st = scanner.stats([posting, posting])
    assert st.postings == 2 and st.to_dict()["credentials"][0]["required"] == 2


def test_a_failed_result_is_an_error_for_one_document_and_an_entry_for_many():
    from scanner.results import ScanResult

    failed = ScanResult.failed("cv.pdf", "cv.pdf: encrypted with a password: cannot be read", "encrypted")
    with pytest.raises(scanner.DocumentError, match=r"^cv\.pdf: encrypted with a password") as err:
        scanner.audit(failed)
    assert err.value.code == "encrypted"
    ranking = scanner.rank(SAMPLES / "postings" / "initech-platform.md", [failed, RESUME])
    assert ranking.errors == ({"path": "cv.pdf", "error": failed.error, "code": "encrypted"},)
    assert [r["path"] for r in ranking.results] == [str(RESUME)]


def test_rank_leaves_out_the_posting_and_warns_when_it_reads_like_a_resume():
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        ranking = scanner.rank(RESUME, SAMPLES / "resumes")
    assert [str(w.message) for w in caught if issubclass(w.category, scanner.KindWarning)] == [
        f"{RESUME}, read as the posting, looks like a resume (confidence 1.00)"]
    assert {"path": str(RESUME), "reason": "the posting itself"}.items() <= ranking.skipped[0].items()
    # a name that is no file is never "the posting itself"
    text = scanner.scan(text=RESUME_TEXT)
    assert scanner.rank(scanner.scan(text=POSTING_TEXT, kind="posting"), [text]).results[0]["path"] == "<text>"


def test_kinds_and_clouds_are_checked():
    with pytest.raises(ValueError, match="kind must be one of None, 'resume'"):
        scanner.rank(RESUME, [RESUME], kind="posting")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="kind must be one of None, 'posting'"):
        scanner.stats([RESUME], kind="resume")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="cloud must be"):
        scanner.audit(RESUME, cloud="oracle")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="scan bytes or text first"):
        scanner.demands(POSTING_TEXT.encode())  # type: ignore[arg-type]


# --- lexicons and versions --------------------------------------------------------------------

def test_lexicons_one_file_or_several_and_a_bad_one(tmp_path):
    mine = tmp_path / "mine.yaml"
    mine.write_text("version: 1\ncredentials:\n  - id: gcp-pmle\n    aliases: [Google ML Pro Cert]\n", encoding="utf-8")
    text = "Certifications\nGoogle ML Pro Cert, 2024\n"
    assert scanner.scan(text=text).credentials == ()
    assert [c.id for c in scanner.scan(text=text, lexicons=mine).credentials] == ["gcp-pmle"]
    assert [c.id for c in scanner.scan(text=text, lexicons=[str(mine)]).credentials] == ["gcp-pmle"]
    assert scanner.versions(mine).lexicon != scanner.versions().lexicon
    bad = tmp_path / "bad.yaml"
    bad.write_text("version: 1\ncredentials:\n  - id: x\n", encoding="utf-8")
    with pytest.raises(scanner.LexiconError):
        scanner.scan(text=text, lexicons=bad)


def test_versions_name_credscan_the_lexicon_and_every_contract():
    from scanner import schemas
    from scanner.api import version_text
    from scanner.lexicon import load_lexicon

    v = scanner.versions()
    assert v.credscan == scanner.__version__ and v.lexicon == load_lexicon().version
    assert v.contracts == tuple(schemas.names()) and "credscan.demands/2" in v.contracts
    assert version_text().splitlines() == [f"credscan, version {v.credscan}", f"lexicon {v.lexicon}",
                                           f"contracts {', '.join(v.contracts)}"]


# --- the README -------------------------------------------------------------------------------

def test_the_readme_examples_run(monkeypatch):
    monkeypatch.chdir(ROOT)
    failed, attempted = doctest.testfile(str(ROOT / "README.md"), module_relative=False, verbose=False,
                                         optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert attempted >= 15 and failed == 0


def test_the_changelog_names_every_contract_and_the_lexicon_format():
    """Each contract in force has its line (a new or bumped contract needs one); the lexicon's
    content version changes with every edit, so only its format is checked here."""
    text = Path(ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    for name in scanner.versions().contracts:
        assert f"| `{name}` |" in text, name
    assert "File format `version: 1`" in text
