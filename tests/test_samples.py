"""End to end on the bundled samples: real files, real readers, the manifest as ground truth."""

from __future__ import annotations

import pytest
import yaml

from scanner.documents import Limits, read_document
from scanner.scan import scan_document
from tests.conftest import SAMPLES

MANIFEST = yaml.safe_load((SAMPLES / "manifest.yaml").read_text(encoding="utf-8"))
READABLE = [s for s in MANIFEST["samples"]] + [b for b in MANIFEST["broken"] if b.get("expect_ok")]


@pytest.fixture(scope="module")
def scanned(nlp):
    cache = {}

    def get(path: str):
        if path not in cache:
            # the manifest records the readers without OCR; tests/ocr reads the scanned samples
            cache[path] = scan_document(read_document(SAMPLES / path, limits=Limits(ocr="never")), nlp)
        return cache[path]

    return get


@pytest.mark.parametrize("sample", READABLE, ids=[s["path"] for s in READABLE])
def test_sample_matches_its_manifest(scanned, sample):
    result = scanned(sample["path"])
    assert result.kind == sample["kind"], f"kind {result.kind} ({result.kind_confidence:.2f})"
    key = "status" if sample["kind"] == "resume" else "level"
    got = {c.id: getattr(c, key) for c in result.credentials}
    want = {c["id"]: c[key] for c in sample.get("credentials", [])}
    assert got == want
    for c in sample.get("credentials", []):
        hit = result.get(c["id"])
        if "year" in c and key == "status":
            assert hit.year == c["year"], c["id"]
        if "alternatives" in c:
            assert set(hit.alternatives) >= set(c["alternatives"]), c["id"]
    assert {n.id for n in result.near_misses} == set(sample.get("near_misses", []))
    for banned in sample.get("must_not_report", []):
        assert banned not in got


def test_every_credential_is_covered_by_the_samples():
    ids = {c["id"] for s in READABLE for c in s.get("credentials", [])}
    assert ids == {"aws-ml-specialty", "gcp-pmle", "azure-ai-engineer", "tensorflow-developer", "dlai-ml-specialization",
                   "dlai-deep-learning-specialization", "dlai-mlops-specialization", "dlai-pytorch"}
