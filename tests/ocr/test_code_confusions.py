"""Exam codes as OCR misreads them (O/0, I/l/1, S/5, B/8) match their credential; words do not
change: the confusions live in the code patterns only."""

from __future__ import annotations

import pytest

from scanner.pipeline import get_canon, get_patterns
from scanner.pipeline.words import confusable, confusable_regex


def hits(result) -> dict[str, tuple[str | None, int | None, list[tuple[str, str]]]]:
    return {c.id: (c.status, c.year, [(m.method, m.text) for m in c.mentions]) for c in result.credentials}


@pytest.mark.parametrize("code", ["MLS-CO1", "MLS-C0l", "ML5-C01", "M1S-C0I", "MLSCO1", "MLS CO1"])
def test_an_exam_code_misread_by_ocr_is_still_the_code(scan_text, code):
    result = scan_text(f"Certifications\n{code}, 2022", kind="resume")
    assert hits(result) == {"aws-ml-specialty": ("earned", 2022, [("code", code)])}


def test_a_misread_code_picks_its_line_outside_a_certifications_section(scan_text):
    result = scan_text("Summary\nPassed the MLS-CO1 exam in 2023.", kind="resume")
    assert hits(result) == {"aws-ml-specialty": ("earned", 2023, [("code", "MLS-CO1")])}


def test_a_misread_code_of_a_look_alike_is_the_look_alike(scan_text):
    """MLA-C01 is the ML Engineer - Associate: read as "MLA-CO1" it must not become the Specialty."""
    result = scan_text("Certifications\nMLA-CO1, 2025", kind="resume")
    assert result.credentials == () and [c.id for c in result.near_misses] == ["aws-ml-engineer-associate"]
    result = scan_text("Certifications\nMicrosoft Al-1O2, 2024", kind="resume")
    assert hits(result) == {"azure-ai-engineer": ("earned", 2024, [("code", "Al-1O2")])}


def test_words_are_not_read_through_the_confusions(scan_text):
    """"5pecialty" is no exact name: only codes tolerate the confusions (a word may still be a
    fuzzy match, by its own rules)."""
    result = scan_text("Certifications\nAWS Certified Machine Learning - 5pecialty (2023)", kind="resume")
    assert all(m.method == "fuzzy" for c in result.credentials for m in c.mentions)
    result = scan_text("Summary\nLed the SOLO project with Bob on B2B sales for 100 clients in 2021", kind="resume")
    assert result.credentials == () and result.near_misses == ()


def test_only_code_patterns_carry_the_confused_spellings():
    canon, table = get_canon(), get_patterns()
    for info, seqs in table.values():
        if info.method == "code":
            assert canon.code_variants(info.pattern) <= set(seqs)
        else:  # names and aliases: their own words and phrase variants, nothing misread
            assert set(seqs) <= canon.variants(info.pattern), info.pattern
    mls = next(seqs for info, seqs in table.values() if info.method == "code" and info.pattern == "MLS-C01")
    assert {("mls", "co1"), ("mlsco1",), ("m1s", "c01"), ("mls", "c01")} <= set(mls)


def test_the_confusion_classes():
    assert confusable("c01")[0] == "c01"
    assert set(confusable("c01")) == {"c01", "co1", "c0i", "coi", "c0l", "col"}
    assert confusable("az") == ["az"]
    assert confusable_regex("ai-5b8") == r"ai\-[5s]b[8b]"  # the digits, for picking lines
