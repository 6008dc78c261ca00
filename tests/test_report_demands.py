"""Demands as a person reads them: a choice is one demand (item 9), a posting that demands nothing
has no coverage (item 6), and documents of the other kind stay out of rank and stats (item 3)."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from scanner.report import audit, demands, kind_mismatch, kind_warnings, rank, stats

AS_OF = dt.date(2026, 11, 25)
ONE_OF = """Requirements
- One of: AWS Certified Machine Learning – Specialty, Google Cloud Professional ML Engineer, Azure AI Engineer Associate
- Deep Learning Specialization
"""
AWS_ALONE = "Requirements\n- AWS Certified Machine Learning – Specialty\n"
NOTHING = "About the role\nYou will build data pipelines with our team.\nRequirements\n- 5+ years of Python\n"


def test_one_of_three_is_one_required_demand(scan_text, lexicon):
    dem = demands(scan_text(ONE_OF, kind="posting"), lexicon)
    assert [d.ids for d in dem.required] == [
        ("aws-ml-specialty", "gcp-pmle", "azure-ai-engineer"), ("dlai-deep-learning-specialization",)]
    data = dem.to_dict()["required"]
    assert len(data) == 2 and data[0]["alternatives"] == ["gcp-pmle", "azure-ai-engineer"]
    # both retired options warn, each naming the options still open
    assert any(w.startswith("AWS Certified Machine Learning – Specialty is required") and "also accepts Google Cloud" in w
               for w in dem.warnings)


def test_a_choice_is_met_by_any_option_and_missed_once(scan_text, lexicon):
    posting = scan_text(ONE_OF, kind="posting")
    none = audit(scan_text("Experience\nBuilt models", kind="resume"), posting, lexicon, as_of=AS_OF)
    assert [m["id"] for m in none.required_missing] == ["gcp-pmle", "dlai-deep-learning-specialization"]  # earnable first
    assert none.required_missing[0]["alternatives"] == ["aws-ml-specialty", "azure-ai-engineer"]
    azure = audit(scan_text("Certifications\nAzure AI Engineer Associate (AI-102), 2026", kind="resume"), posting, lexicon,
                  as_of=AS_OF)
    assert [m["id"] for m in azure.required_matched] == ["azure-ai-engineer"]
    assert azure.coverage == 0.5


def test_stats_count_a_choice_once_per_posting_and_say_alone_or_one_of(scan_text, lexicon):
    posts = [scan_text(ONE_OF, kind="posting"), scan_text(AWS_ALONE, kind="posting"),
             scan_text("Nice to have\n- AWS ML Specialty or PMLE", kind="posting"), scan_text(NOTHING, kind="posting")]
    by = {c["id"]: c for c in stats(posts, lexicon).to_dict()["credentials"]}
    aws = by["aws-ml-specialty"]
    assert (aws["required"], aws["required_alone"], aws["required_one_of"]) == (2, 1, 1)
    assert (aws["preferred"], aws["preferred_alone"], aws["preferred_one_of"]) == (1, 0, 1)
    assert aws["share_required"] == 0.5
    azure = by["azure-ai-engineer"]
    assert (azure["required"], azure["required_alone"], azure["required_one_of"]) == (1, 0, 1)
    # a credential named twice in one posting counts once, at its strongest level
    twice = stats([scan_text("Requirements\n- PMLE\nNice to have\n- PMLE or AWS ML Specialty", kind="posting")], lexicon)
    pmle = next(c for c in twice.credentials if c["id"] == "gcp-pmle")
    assert (pmle["required"], pmle["preferred"]) == (1, 0)


def test_a_posting_that_demands_nothing_has_no_coverage(scan_text, lexicon):
    posting = scan_text(NOTHING, kind="posting")
    resume = scan_text("Certifications\nGoogle Cloud Professional ML Engineer, 2025", kind="resume")
    a = audit(resume, posting, lexicon, as_of=AS_OF)
    assert a.coverage is None and a.to_dict()["coverage"] is None
    assert "this posting demands no credential" in a.warnings[0]
    r = rank(posting, [resume, scan_text("Experience\nBuilt things", kind="resume")], lexicon, as_of=AS_OF)
    assert [x["score"] for x in r.results] == [None, None] and not r.applicable
    assert r.to_dict()["warnings"] == ["this posting demands no credential: coverage does not apply"]
    # a posting that demands something still scores 0 for a resume that has none of it
    zero = audit(scan_text("Experience\nBuilt things", kind="resume"), scan_text(AWS_ALONE, kind="posting"), lexicon, as_of=AS_OF)
    assert zero.coverage == 0.0 and zero.warnings == ()


def test_rank_leaves_out_postings_and_the_posting_itself(scan_text, lexicon):
    posting = scan_text(AWS_ALONE, kind="posting")
    other_posting = scan_text("Requirements\n- PMLE", kind="posting")  # read as a posting: not a candidate
    resume = scan_text("Certifications\nAWS Certified Machine Learning – Specialty, 2025", kind="resume")
    itself = replace(posting, path="./case.txt")
    r = rank(posting, [other_posting, resume, itself], lexicon, as_of=AS_OF,
             same_file=lambda a, b: a.removeprefix("./") == b and a != b)
    assert [x["path"] for x in r.results] == ["case.txt"]
    assert [(s["path"], s["reason"]) for s in r.skipped] == [
        ("case.txt", "looks like a posting (confidence 1.00)"), ("./case.txt", "the posting itself")]


def test_stats_leave_out_resumes(scan_text, lexicon):
    resume = scan_text("Certifications\nAWS Certified Machine Learning – Specialty, 2025", kind="resume")
    s = stats([scan_text(AWS_ALONE, kind="posting"), resume], lexicon)
    assert s.postings == 1 and s.skipped[0]["reason"] == "looks like a resume (confidence 1.00)"
    assert next(c for c in s.credentials if c["id"] == "aws-ml-specialty")["required"] == 1


def test_swapped_documents_are_warned_about(scan_text, lexicon):
    posting_as_resume = scan_text(AWS_ALONE, kind="posting")
    resume_as_posting = scan_text("Certifications\nPMLE, 2025", kind="resume")
    assert kind_warnings(posting_as_resume, resume_as_posting) == [
        "the resume and the posting look swapped: case.txt looks like a posting (confidence 1.00), "
        "case.txt looks like a resume (confidence 1.00)"]
    assert kind_warnings(resume_as_posting, posting_as_resume) == []
    assert kind_warnings(posting_as_resume, None) == ["case.txt, read as the resume, looks like a posting (confidence 1.00)"]
    undecided = replace(resume_as_posting, kind_confidence=0.5)
    assert kind_mismatch(undecided, "posting", sure_only=True) is None  # no evidence either way: no warning
    assert kind_mismatch(undecided, "posting").startswith("could not tell whether it is a posting")
