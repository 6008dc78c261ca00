"""Shared fixtures: building a spaCy pipeline is the slow part, so build it once per session."""

from __future__ import annotations

from pathlib import Path

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
