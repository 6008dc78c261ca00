"""Fast checks of the evaluation data itself: schema, coverage, rendering and the baseline."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest
import yaml

from .baseline import (
    And,
    Not,
    Or,
    Phrase,
    QueryError,
    load_queries,
    matches,
    parse,
    search,
)
from .render import EXTENSIONS, parse_blocks, render_case

HERE = Path(__file__).parent

CREDENTIALS = frozenset({
    "aws-ml-specialty", "gcp-pmle", "azure-ai-engineer", "tensorflow-developer",
    "dlai-ml-specialization", "dlai-deep-learning-specialization",
    "dlai-mlops-specialization", "dlai-pytorch",
})
NEAR_MISSES = frozenset({
    "aws-ml-engineer-associate", "aws-ai-practitioner", "aws-genai-developer-professional",
    "aws-data-engineer-associate", "aws-solutions-architect-associate",
    "aws-solutions-architect-professional", "aws-cloud-practitioner",
    "aws-data-analytics-specialty", "azure-ai-fundamentals", "azure-data-scientist-associate",
    "azure-ai-apps-agents-developer", "gcp-professional-data-engineer",
    "gcp-associate-cloud-engineer", "gcp-cloud-digital-leader", "gcp-generative-ai-leader",
    "gcp-associate-data-practitioner", "dlai-tensorflow-developer-professional",
    "dlai-tensorflow-data-deployment", "dlai-tensorflow-advanced-techniques",
    "dlai-nlp-specialization", "dlai-gans-specialization", "dlai-genai-llms",
    "dlai-ai-for-everyone", "dlai-math-for-ml", "stanford-ml-course", "databricks-ml-associate",
    "databricks-ml-professional", "nvidia-genai-llm-associate", "nvidia-genai-llm-professional",
    "ibm-ai-engineering", "ibm-machine-learning", "duke-mlops-specialization", "exam-prep",
    "azure-fundamentals", "azure-data-fundamentals",
})
STATUSES = frozenset({"earned", "in-progress", "planned", "expired", "mentioned"})
LEVELS = frozenset({"required", "preferred", "mentioned"})
FORMATS = frozenset(EXTENSIONS)
CASE_KEYS = {"id", "kind", "format", "text", "expect", "near_misses", "tags"}
ID_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


@pytest.fixture(scope="module")
def data() -> dict:
    return yaml.safe_load((HERE / "cases.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def cases(data) -> list[dict]:
    return data["cases"]


# --------------------------------------------------------------------------- schema

def test_top_level(data):
    assert data["version"] == 1
    assert isinstance(data["cases"], list)
    assert len(data["cases"]) >= 180


def test_case_schema(cases):
    for case in cases:
        cid = case.get("id")
        assert set(case) == CASE_KEYS, (cid, set(case) ^ CASE_KEYS)
        assert isinstance(cid, str) and ID_RE.match(cid), cid
        assert case["kind"] in {"resume", "posting"}, cid
        assert case["format"] in FORMATS, cid
        assert isinstance(case["text"], str) and case["text"].strip(), cid
        assert isinstance(case["tags"], list) and all(isinstance(t, str) for t in case["tags"]), cid
        assert len(set(case["tags"])) == len(case["tags"]), cid
        assert isinstance(case["expect"], list), cid
        assert isinstance(case["near_misses"], list), cid


def test_expect_entries(cases):
    for case in cases:
        cid = case["id"]
        seen = [e["id"] for e in case["expect"]]
        assert len(seen) == len(set(seen)), f"{cid}: duplicate expected id"
        for entry in case["expect"]:
            assert entry["id"] in CREDENTIALS, (cid, entry["id"])
            if case["kind"] == "resume":
                assert set(entry) <= {"id", "status", "year"}, (cid, entry)
                assert entry["status"] in STATUSES, (cid, entry)
            else:
                assert set(entry) <= {"id", "level", "alternatives"}, (cid, entry)
                assert entry["level"] in LEVELS, (cid, entry)
                alts = entry.get("alternatives", [])
                assert isinstance(alts, list), (cid, entry)
                assert entry["id"] not in alts, (cid, entry)
                assert all(a in CREDENTIALS | NEAR_MISSES for a in alts), (cid, entry)
            if "year" in entry:
                assert isinstance(entry["year"], int) and 2010 <= entry["year"] <= 2030, (cid, entry)
                assert str(entry["year"]) in case["text"], (cid, entry)


def test_alternatives_are_symmetric(cases):
    for case in cases:
        by_id = {e["id"]: e for e in case["expect"]}
        for entry in case["expect"]:
            for alt in entry.get("alternatives", []):
                if alt in CREDENTIALS:
                    assert alt in by_id, (case["id"], alt)
                    assert entry["id"] in by_id[alt].get("alternatives", []), (case["id"], alt)
                    assert by_id[alt]["level"] == entry["level"], (case["id"], alt)
                else:
                    assert alt in case["near_misses"], (case["id"], alt)


def test_near_miss_entries(cases):
    for case in cases:
        nm = case["near_misses"]
        assert len(nm) == len(set(nm)), case["id"]
        assert set(nm) <= NEAR_MISSES, (case["id"], set(nm) - NEAR_MISSES)


def test_ids_unique(cases):
    counts = Counter(c["id"] for c in cases)
    assert [i for i, n in counts.items() if n > 1] == []


# --------------------------------------------------------------------------- coverage

def test_every_credential_covered(cases):
    for kind in ("resume", "posting"):
        counts = Counter(e["id"] for c in cases if c["kind"] == kind for e in c["expect"])
        for cid in CREDENTIALS:
            assert counts[cid] >= 5, (kind, cid, counts[cid])


def test_every_near_miss_covered(cases):
    seen = {n for c in cases for n in c["near_misses"]}
    assert seen == NEAR_MISSES, NEAR_MISSES - seen


def test_every_status_and_level_covered(cases):
    statuses = Counter(e["status"] for c in cases if c["kind"] == "resume" for e in c["expect"])
    levels = Counter(e["level"] for c in cases if c["kind"] == "posting" for e in c["expect"])
    assert all(statuses[s] >= 8 for s in STATUSES), statuses
    assert all(levels[lv] >= 8 for lv in LEVELS), levels
    alternatives = [c for c in cases if any(e.get("alternatives") for e in c["expect"])]
    assert len(alternatives) >= 10


def test_every_format_has_ten_cases(cases):
    counts = Counter(c["format"] for c in cases)
    assert set(counts) == FORMATS
    assert all(n >= 10 for n in counts.values()), counts


def test_kind_balance(cases):
    resumes = sum(c["kind"] == "resume" for c in cases)
    assert 0.5 <= resumes / len(cases) <= 0.65


def test_traps(cases):
    traps = [c for c in cases if "trap" in c["tags"]]
    assert len(traps) >= 25
    for case in traps:
        assert case["expect"] == [] and case["near_misses"] == [], case["id"]
    assert {c["kind"] for c in traps} == {"resume", "posting"}


def test_case_lengths(cases):
    long_cases = [c for c in cases if "long" in c["tags"]]
    assert len(long_cases) >= 20
    for case in cases:
        lines = len(case["text"].splitlines())
        if "long" in case["tags"]:
            assert 30 <= lines <= 80, (case["id"], lines)
        else:
            assert 2 <= lines <= 15, (case["id"], lines)


# --------------------------------------------------------------------------- format syntax

def test_json_resume_cases_are_json_resume(cases):
    for case in (c for c in cases if c["format"] == "json-resume"):
        doc = json.loads(case["text"])
        assert isinstance(doc.get("basics"), dict), case["id"]
        assert isinstance(doc.get("certificates"), list), case["id"]
        for cert in doc["certificates"]:
            assert isinstance(cert.get("name"), str) and cert["name"], case["id"]
            assert set(cert) <= {"name", "issuer", "date", "url"}, case["id"]


def test_markup_cases_use_their_syntax(cases):
    for case in cases:
        text = case["text"]
        if case["format"] == "html":
            assert re.search(r"<(h[1-6]|p|li|td|dt)\b", text), case["id"]
        elif case["format"] == "latex":
            assert re.search(r"\\[a-zA-Z]+", text), case["id"]
        elif case["format"] == "markdown":
            assert re.search(r"^(#{1,6} |[-*] |\d+\. |\|)|\*\*", text, re.M), case["id"]


# --------------------------------------------------------------------------- rendering

def _first_words(case: dict) -> str:
    """The first two words of the first visible line of a docx/pdf case."""
    for block in parse_blocks(case["text"]):
        if block.kind in {"heading", "bullet", "para"}:
            first = block.text
        elif block.kind in {"table", "columns"}:
            first = block.rows[0][0]
        else:
            continue
        return " ".join(first.split()[:2])
    raise AssertionError(case["id"])


def _squash(text: str) -> str:
    return " ".join(text.split())


def test_parse_blocks():
    blocks = parse_blocks(
        "# Certs\n- one\na | b\nc | d\n|| L1 || R1\n|| || R2\n<<<page>>>\nplain text\n"
    )
    assert [b.kind for b in blocks] == ["heading", "bullet", "table", "columns", "page", "para"]
    assert blocks[2].rows == (("a", "b"), ("c", "d"))
    assert blocks[3].rows == (("L1", "R1"), ("", "R2"))


def test_render_all_cases(cases, tmp_path):
    import docx
    import pypdfium2 as pdfium

    for case in cases:
        path = render_case(case, tmp_path)
        assert path.exists() and path.stat().st_size > 0, case["id"]
        assert path.suffix == EXTENSIONS[case["format"]], case["id"]
        if case["format"] == "docx":
            document = docx.Document(str(path))
            texts = [p.text for p in document.paragraphs]
            texts += [cell.text for t in document.tables for row in t.rows for cell in row.cells]
            assert _first_words(case) in _squash(" ".join(texts)), case["id"]
            blocks = parse_blocks(case["text"])
            assert len(document.tables) == sum(b.kind in {"table", "columns"} for b in blocks)
            styles = {p.style.name for p in document.paragraphs}
            if any(b.kind == "heading" for b in blocks):
                assert "Heading 1" in styles, case["id"]
            if any(b.kind == "bullet" for b in blocks):
                assert "List Bullet" in styles, case["id"]
        elif case["format"] == "pdf":
            pdf = pdfium.PdfDocument(str(path))
            try:
                breaks = case["text"].count("<<<page>>>")
                assert len(pdf) >= breaks + 1, case["id"]
                text = ""
                for page in pdf:
                    textpage = page.get_textpage()
                    text += textpage.get_text_range() + "\n"
                    textpage.close()
                    page.close()
            finally:
                pdf.close()
            assert _first_words(case) in _squash(text), case["id"]
        else:
            assert path.read_text(encoding="utf-8") == case["text"], case["id"]


def test_pdf_two_columns_are_drawn_row_by_row(tmp_path):
    import pypdfium2 as pdfium

    case = {
        "id": "two-col", "format": "pdf",
        "text": "|| LEFTONE || RIGHTONE\n|| LEFTTWO || RIGHTTWO\n",
    }
    pdf = pdfium.PdfDocument(str(render_case(case, tmp_path)))
    try:
        textpage = pdf[0].get_textpage()
        text = _squash(textpage.get_text_range())
    finally:
        pdf.close()
    order = [text.index(w) for w in ("LEFTONE", "RIGHTONE", "LEFTTWO", "RIGHTTWO")]
    assert order == sorted(order), text


def test_render_rejects_unknown_format(tmp_path):
    with pytest.raises(ValueError):
        render_case({"id": "x", "format": "rtf", "text": "x"}, tmp_path)


# --------------------------------------------------------------------------- baseline

def test_baseline_has_a_query_per_credential():
    queries = load_queries()
    assert set(queries) == CREDENTIALS
    for query in queries.values():
        parse(query)


def test_parser_precedence_and_grouping():
    assert parse('"a" OR "b" AND "c"') == Or((Phrase("a"), And((Phrase("b"), Phrase("c")))))
    assert parse('("a" OR "b") AND "c"') == And((Or((Phrase("a"), Phrase("b"))), Phrase("c")))
    assert parse('"a" NOT "b"') == And((Phrase("a"), Not(Phrase("b"))))
    assert parse('NOT NOT "a"') == Not(Not(Phrase("a")))
    assert parse('"a" and "b" or "c"') == Or((And((Phrase("a"), Phrase("b"))), Phrase("c")))


@pytest.mark.parametrize("bad", [
    '', '"a" AND', '("a" OR "b"', '"a")', '"unterminated', 'AWS AND "x"', '""', '"a" "b"',
    '"a" OR OR "b"',
])
def test_parser_rejects_malformed_queries(bad):
    with pytest.raises(QueryError):
        parse(bad)


def test_evaluator_semantics():
    assert matches('"machine learning"', "Machine\n  LEARNING engineer")
    assert not matches('"ML"', "HTML and XML only")
    assert matches('"ML"', "ML/AI engineer")
    assert matches('"MLS-C01"', "passed MLS-C01.")
    assert not matches('"AI-102"', "AI-1020")
    assert matches('"AWS" AND NOT "Associate"', "AWS Certified Machine Learning – Specialty")
    assert not matches('"AWS" NOT "Associate"', "AWS Certified ML Engineer – Associate")
    assert matches('("x" OR "y") AND "z"', "y then z")
    assert not matches('("x" OR "y") AND "z"', "x and y")
    assert matches('"deeplearning.ai"', "via DeepLearning.AI on Coursera")


def test_search_examples():
    assert search("AWS Certified Machine Learning – Specialty (2023)") == {"aws-ml-specialty"}
    assert search("Microsoft Certified: Azure AI Engineer Associate (AI-102)") == {"azure-ai-engineer"}
    assert search("Deep Learning Specialization, DeepLearning.AI") == {
        "dlai-deep-learning-specialization"
    }
    assert search("Python, SQL, Spark") == set()
