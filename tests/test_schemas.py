"""The published JSON Schemas (issue 15): valid draft 2020-12 schemas, one per contract the code
names, strict where it matters (required fields required, closed sets closed), and every verb's
JSON output in every format validating against them on the real samples.

The suite-wide check (``tests/conftest.py``) validates whatever the other tests print; these
tests make sure that check has teeth and that each verb and format is run at least once.
"""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from jsonschema import Draft202012Validator

from scanner import schemas
from scanner.cli import cli
from tests import conftest
from tests.conftest import ROOT, SAMPLES, assert_schema_valid, schema_problems

CONTRACTS = {"credscan.scan/1", "credscan.scan-list/1", "credscan.demands/2", "credscan.audit/1", "credscan.rank/1",
             "credscan.stats/1", "credscan.lexicon/1", "credscan.lexicon-check/1", "credscan.extract/1",
             "credscan.shards/1", "credscan.shard/1"}
BATCH = ("--no-db", "--workers", "0", "--quiet")
POSTING = SAMPLES / "postings" / "acme-ml-engineer.html"
RESUME = SAMPLES / "resumes" / "aisha-khan.txt"


def run(*args: object) -> str:
    result = CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)
    assert result.exit_code in (0, 1, 2, 3), result.output
    return result.stdout


def test_every_schema_is_a_draft_2020_12_schema_named_after_its_file():
    assert set(schemas.names()) == CONTRACTS
    for name in schemas.names():
        schema = schemas.load(name)
        Draft202012Validator.check_schema(schema)
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        assert schema["$id"] == schemas.URN + name.removeprefix(schemas.PREFIX)
        assert schema["properties"]["schema"] == {"const": name, "description": schema["properties"]["schema"]["description"]}
        assert "schema" in schema["required"] and schema["title"] and schema["description"]
        assert schemas.name_of(schemas.file_of(name)) == name
        assert (ROOT / "scanner" / "schemas" / schemas.file_of(name)).is_file()


def test_every_contract_named_in_the_code_is_published():
    """A new contract, or a bumped version, cannot ship without its schema."""
    named = set()
    for path in (ROOT / "scanner").rglob("*.py"):
        named.update(re.findall(r"[\"'](credscan\.[a-z-]+/\d+)[\"']", path.read_text(encoding="utf-8")))
    named = {n for n in named if not n.startswith("credscan.store/")}  # SQLite store versions, not JSON
    assert named <= set(schemas.names()), named - set(schemas.names())


def test_names_resolve_as_a_person_types_them():
    assert schemas.resolve("credscan.audit/1") == schemas.resolve("audit/1") == schemas.resolve("audit") == "credscan.audit/1"
    assert schemas.resolve("demands") == "credscan.demands/2"
    assert schemas.resolve("scan-list") == "credscan.scan-list/1"
    with pytest.raises(KeyError, match=r"known: credscan\.audit/1"):
        schemas.load("demands/1")
    with pytest.raises(KeyError):
        schemas.file_of("scan")
    assert json.loads(schemas.text("scan")) == schemas.load("scan")
    first = schemas.load("scan")
    first["title"] = "changed"
    assert schemas.load("scan")["title"] != "changed"  # a fresh copy each time


@pytest.fixture(scope="module")
def outputs() -> dict[str, dict]:
    """One real output of each report contract."""
    import scanner

    return {
        "scan": scanner.scan(RESUME).to_dict(),
        "demands": scanner.demands(POSTING).to_dict(),
        "audit": scanner.audit(RESUME, SAMPLES / "postings" / "northwind-mlops.pdf").to_dict(),
        "rank": scanner.rank(SAMPLES / "postings" / "initech-platform.md", [RESUME, SAMPLES / "broken" / "empty.txt"]).to_dict(),
        "stats": scanner.stats([POSTING, RESUME]).to_dict(),
    }


@pytest.mark.parametrize("contract", ["scan", "demands", "audit", "rank", "stats"])
def test_each_required_field_is_required(outputs, contract):
    document = outputs[contract]
    assert_schema_valid(document)
    schema = schemas.load(document["schema"])
    required = schema["required"]
    assert set(required) <= set(document)
    assert set(document) <= set(schema["properties"]), "every field printed is described"
    for key in required:
        broken = {k: v for k, v in document.items() if k != key}
        assert schema_problems(broken), f"{document['schema']} without {key!r} still validates"


def test_closed_sets_and_types_are_checked(outputs):
    scan = json.loads(json.dumps(outputs["scan"]))
    scan["credentials"][0]["status"] = "certified"
    scan["credentials"][0]["mentions"][0]["page"] = 0
    problems = schema_problems(scan)
    assert any("'certified' is not one of" in p for p in problems) and any("less than the minimum" in p for p in problems)
    audit = json.loads(json.dumps(outputs["audit"]))
    audit["coverage"] = "25%"
    audit["held"][0]["lapse"] = "soon"
    assert len(schema_problems(audit)) == 2
    demands = json.loads(json.dumps(outputs["demands"]))
    demands["required"][0]["options"][0]["status_date"] = "31 March 2026"
    assert schema_problems(demands), "status_date is a date (format checked)"
    assert schema_problems({**outputs["rank"], "schema": "credscan.rank/2"}) == ["no published schema 'credscan.rank/2'; "
                                                                                 f"known: {', '.join(schemas.names())}"]


def test_the_suite_wide_check_records_what_does_not_validate():
    """The conftest hook sees JSON printed through the render layer and fails the test at
    teardown; here its record is read and cleared, so this test passes."""
    from scanner import render
    from scanner.report import Stats

    render.emit(render.View({"schema": "credscan.rank/1", "posting": "p"}, []), "json", out=io.StringIO())
    render.write_jsonl(io.StringIO(), [{"no": "schema"}])
    Stats(-1, (), ()).to_dict()
    seen = list(conftest._VIOLATIONS)
    conftest._VIOLATIONS.clear()
    assert any("credscan.rank/1" in v and "'results' is a required property" in v for v in seen)
    assert any("without a 'schema' field" in v for v in seen)
    assert any(v.startswith("Stats.to_dict") and "less than the minimum" in v for v in seen)


def _documents(out: str, fmt: str) -> list[dict]:
    return [json.loads(out)] if fmt == "json" else [json.loads(line) for line in out.splitlines() if line.strip()]


CASES = {
    "scan": ("scan", SAMPLES / "resumes", SAMPLES / "postings" / "initech-platform.md", SAMPLES / "broken" / "legacy.doc", *BATCH),
    "demands": ("demands", POSTING),
    "audit": ("audit", RESUME, "--against", SAMPLES / "postings" / "northwind-mlops.pdf"),
    "audit-guide": ("audit", SAMPLES / "resumes" / "tomas-novak.md", "--cloud", "azure"),
    "rank": ("rank", SAMPLES / "postings" / "initech-platform.md", SAMPLES / "resumes", SAMPLES / "postings",
             SAMPLES / "broken" / "truncated.pdf", *BATCH),
    "stats": ("stats", SAMPLES / "postings", RESUME, SAMPLES / "broken" / "empty.txt", *BATCH),
    "lexicon-list": ("lexicon", "list"),
    "lexicon-check": ("lexicon", "check", ROOT / "lexicons" / "near_misses.yaml"),
    "extract": ("extract", SAMPLES / "resumes" / "marcus-lee-table.pdf"),
}
SCHEMA_OF = {"scan": "credscan.scan-list/1", "demands": "credscan.demands/2", "audit": "credscan.audit/1",
             "audit-guide": "credscan.audit/1", "rank": "credscan.rank/1", "stats": "credscan.stats/1",
             "lexicon-list": "credscan.lexicon/1", "lexicon-check": "credscan.lexicon-check/1",
             "extract": "credscan.extract/1"}


@pytest.mark.parametrize("fmt", ["json", "jsonl"])
@pytest.mark.parametrize("case", sorted(CASES))
def test_every_verb_prints_what_its_schema_says(case, fmt):
    """Each verb in both JSON formats on the samples (errors, files left out and look-alikes
    among them): a json document of the verb's contract, or jsonl lines of its records."""
    docs = _documents(run(*CASES[case], "--format", fmt), fmt)
    assert docs
    schema = SCHEMA_OF[case]
    if fmt == "json":
        assert docs[0]["schema"] == schema
        assert_schema_valid(docs[0])
    else:
        for doc in docs:
            assert_schema_valid(doc, schema, record=True)
    if case == "scan" and fmt == "jsonl":
        assert {d["schema"] for d in docs} == {"credscan.scan/1"} and any(d["error"] for d in docs)


def test_a_failing_lexicon_check_and_an_export_validate(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("version: 1\ncredentials:\n  - id: x\n", encoding="utf-8")
    assert_schema_valid(json.loads(run("lexicon", "check", bad, "--format", "json")))
    db = tmp_path / "scan.db"
    run("scan", RESUME, SAMPLES / "broken" / "empty.txt", "--db", db, "--workers", "0", "--quiet", "--format", "jsonl")
    assert_schema_valid(json.loads(run("export", "--db", db, "--format", "json")))
    for line in run("export", "--db", db, "--format", "jsonl").splitlines():
        assert_schema_valid(json.loads(line))


def test_the_schemas_ship_as_package_data():
    import importlib.resources

    root = importlib.resources.files("scanner.schemas")
    assert {schemas.file_of(n) for n in schemas.names()} <= {f.name for f in root.iterdir()}
    assert Path(str(root.joinpath("scan-1.json"))).read_text(encoding="utf-8") == schemas.text("credscan.scan/1")
