"""Shared fixtures: building a spaCy pipeline is the slow part, so build it once per session."""

from __future__ import annotations

import functools
import sys
import threading
from pathlib import Path
from typing import Any

import pytest

from scanner.documents.model import Document
from scanner.lexicon import Lexicon, load_lexicon
from scanner.pipeline import build_pipeline
from scanner.results import ScanResult
from scanner.scan import scan_document

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"


@pytest.fixture(scope="session")
def nlp():
    return build_pipeline(as_of_year=2026)


@pytest.fixture(scope="session")
def lexicon() -> Lexicon:
    return load_lexicon()


@pytest.fixture(scope="session")
def scan_text(nlp):
    """Scan a text given as lines (the reader-independent way to test detection)."""

    def run(text: str, kind: str | None = None) -> ScanResult:
        rows = [(1, line.strip(), "text") for line in text.strip("\n").splitlines()]
        return scan_document(Document.build("case.txt", "text", rows), nlp, kind)

    return run


@pytest.fixture(autouse=True)
def _private_cache(tmp_path_factory, monkeypatch):
    """Batch verbs keep a results store in the user's cache folder by default: each test gets a
    cache folder of its own, so no test reads another's results or writes into the real one."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache")))


# --- every JSON document the suite makes validates against its published schema ----------------
#
# Installed once per session: the render layer's JSON writers and ``emit`` (for every format: a
# table's View carries the same JSON document), and ``to_dict`` of the contract objects, record
# what does not validate; each test fails at teardown when anything it made did not. Recording
# rather than raising leaves the code under test running as it would (a CLI test that expects
# exit 1 must not pass because a validator raised).

_VIOLATIONS: list[str] = []


@functools.cache
def _validator(ref: str):
    """A validator for ``ref`` (a schema's ``$id``, optionally with a JSON pointer), with every
    published schema in its registry so ``scan-list/1`` can refer to ``scan/1``."""
    from jsonschema import Draft202012Validator
    from referencing import Registry, Resource

    from scanner import schemas

    registry = Registry().with_resources(
        (s["$id"], Resource.from_contents(s)) for s in map(schemas.load, schemas.names()))
    return Draft202012Validator({"$ref": ref}, registry=registry, format_checker=Draft202012Validator.FORMAT_CHECKER)


@functools.cache
def _ref_of(name: str) -> tuple[str, bool]:
    """A contract's ``$id`` and whether it describes a jsonl line apart (``$defs/record``)."""
    from scanner import schemas

    loaded = schemas.load(name)
    return loaded["$id"], "record" in loaded.get("$defs", {})


def schema_problems(document: Any, schema: str | None = None, *, record: bool = False) -> list[str]:
    """What is wrong with ``document`` against the schema it names in its ``schema`` field (or
    ``schema``); ``record``: check it as one ``--format jsonl`` line of that contract (its
    ``$defs/record``, the whole document where there is none). Empty when it validates."""
    name = schema or (document.get("schema") if isinstance(document, dict) else None)
    if not isinstance(name, str):
        return [f"a JSON document without a 'schema' field: {str(document)[:200]}"]
    try:
        ref, has_record = _ref_of(name)
    except KeyError as exc:
        return [exc.args[0]]
    if record and has_record:
        ref += "#/$defs/record"
    return [f"{name}{' record' if record else ''} at /{'/'.join(map(str, e.absolute_path))}: {e.message}"
            for e in _validator(ref).iter_errors(document)]


def assert_schema_valid(document: Any, schema: str | None = None, *, record: bool = False) -> None:
    problems = schema_problems(document, schema, record=record)
    assert not problems, "\n".join(problems[:20])


def _record(problems: list[str], where: str) -> None:
    _VIOLATIONS.extend(f"{where}: {p}" for p in problems[:10])


@pytest.fixture(scope="session", autouse=True)
def _json_contracts_checked():
    from scanner import render
    from scanner.report import Audit, Demands, Ranking, Stats
    from scanner.results import ScanResult

    inside_emit = threading.local()
    emit, write_json, write_jsonl = render.emit, render.write_json, render.write_jsonl

    def checked_emit(view, fmt, *args, **kwargs):
        _record(schema_problems(view.data), f"emit({fmt})")
        if view.records is not None and isinstance(view.data, dict):
            for r in view.records:
                _record(schema_problems(r, view.data.get("schema"), record=True), f"emit({fmt}) record")
        inside_emit.on = True
        try:
            return emit(view, fmt, *args, **kwargs)
        finally:
            inside_emit.on = False

    def checked_json(out, data):
        if not getattr(inside_emit, "on", False):
            _record(schema_problems(data), "write_json")
        return write_json(out, data)

    def checked_jsonl(out, records):
        def each():
            for r in records:
                if not getattr(inside_emit, "on", False):
                    _record(schema_problems(r), "write_jsonl")
                yield r
        return write_jsonl(out, each())

    def checked_to_dict(cls):
        original = cls.to_dict

        def to_dict(self):
            d = original(self)
            _record(schema_problems(d), f"{cls.__name__}.to_dict")
            return d
        return original, to_dict

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(render, "write_json", checked_json)
        mp.setattr(render, "write_jsonl", checked_jsonl)
        # modules that imported emit by name hold their own reference (the CLI does)
        for module in [m for name, m in list(sys.modules.items()) if name.split(".")[0] == "scanner"]:
            if getattr(module, "emit", None) is emit:
                mp.setattr(module, "emit", checked_emit)
        for cls in (ScanResult, Demands, Audit, Ranking, Stats):
            mp.setattr(cls, "to_dict", checked_to_dict(cls)[1])
        yield


@pytest.fixture(autouse=True)
def _json_outputs_valid(_json_contracts_checked):
    """Fail the test that made a JSON document its schema does not accept."""
    _VIOLATIONS.clear()
    yield
    if _VIOLATIONS:
        problems = list(dict.fromkeys(_VIOLATIONS))
        _VIOLATIONS.clear()
        pytest.fail("JSON output does not match its published schema:\n" + "\n".join(problems[:20]), pytrace=False)
