"""The reporter on detected results: demands, audit gaps and costs, advice, rank, stats."""

from __future__ import annotations

import datetime as dt

from scanner.report import audit, demands, rank, stats
from scanner.results import ScanResult

AS_OF = dt.date(2026, 11, 25)
POSTING = """Requirements
- AWS Certified Machine Learning – Specialty or Google Cloud Professional ML Engineer
- Deep Learning Specialization
Nice to have
- TensorFlow Developer Certificate
- MLOps Specialization (DeepLearning.AI)
"""


def test_demands_group_levels_and_warn_on_retired(scan_text, lexicon):
    dem = demands(scan_text(POSTING, kind="posting"), lexicon)
    # "A or B" is one demand with an alternative, not two required rows
    assert [d.ids for d in dem.required] == [("aws-ml-specialty", "gcp-pmle"), ("dlai-deep-learning-specialization",)]
    assert [d.id for d in dem.preferred] == ["tensorflow-developer", "dlai-mlops-specialization"]
    assert dem.groups("required") == [("aws-ml-specialty", "gcp-pmle"), ("dlai-deep-learning-specialization",)]
    data = dem.to_dict()
    assert data["schema"] == "credscan.demands/2"
    assert [(d["id"], d["alternatives"]) for d in data["required"]] == [
        ("aws-ml-specialty", ["gcp-pmle"]), ("dlai-deep-learning-specialization", [])]
    assert [o["id"] for o in data["required"][0]["options"]] == ["aws-ml-specialty", "gcp-pmle"]
    assert data["required"][0]["options"][1]["status"] == "active"
    first = data["required"][0]
    assert first["status"] == "retired" and first["successor"].startswith("AWS Certified Machine Learning Engineer")
    assert first["evidence"] == {"file": "case.txt", "page": 1, "line": 2,
                                 "text": "- AWS Certified Machine Learning – Specialty or Google Cloud Professional ML Engineer",
                                 "match": "AWS Certified Machine Learning – Specialty"}
    assert len(dem.warnings) == 3  # the AWS exam retired; TensorFlow's and the MLOps programme closed
    assert "AWS Certified Machine Learning – Specialty is required but was retired on 2026-03-31 (reported)" in dem.warnings[0]
    assert "also accepts Google Cloud Professional Machine Learning Engineer" in dem.warnings[0]


def test_audit_counts_statuses_honestly_and_prices_gaps(scan_text, lexicon):
    resume = scan_text(
        """Certifications
        Google Cloud Professional ML Engineer, 2024
        TensorFlow Developer Certificate, 2019–2022
        Deep Learning Specialization — in progress
        AWS Certified Cloud Practitioner""",
        kind="resume",
    )
    a = audit(resume, scan_text(POSTING, kind="posting"), lexicon, as_of=AS_OF)
    assert [m["id"] for m in a.required_matched] == ["gcp-pmle"]  # "A or B" met by B
    assert [m["id"] for m in a.required_missing] == ["dlai-deep-learning-specialization"]
    assert a.required_missing[0]["candidate_status"] == "in-progress"
    assert [m["id"] for m in a.preferred_missing] == ["tensorflow-developer", "dlai-mlops-specialization"]
    assert a.coverage == 2 / 6  # required weigh 2, preferred 1
    gap = a.gaps[0]
    assert gap["hours"]["text"] == "~120 h" and gap["cost"]["usd"] == 300 and gap["can_earn"]
    tf = next(g for g in a.gaps if g["id"] == "tensorflow-developer")
    assert tf["can_earn"] is False and tf["successor"] == "PyTorch for Deep Learning Professional Certificate"
    assert [e["id"] for e in a.extra] == ["aws-cloud-practitioner"]
    assert a.target.clouds == ("aws", "gcp") and a.cloud is None  # the posting accepts either cloud
    data = a.to_dict()
    assert data["schema"] == "credscan.audit/1" and data["required"]["missing"][0]["id"] == "dlai-deep-learning-specialization"


def test_self_audit_follows_the_guide(scan_text, lexicon):
    resume = scan_text(
        """Certifications
        AWS ML Specialty (MLS-C01), 2021
        Azure AI Engineer Associate, 2025
        Planning to take the TensorFlow Developer Certificate""",
        kind="resume",
    )
    a = audit(resume, None, lexicon, cloud="gcp", as_of=AS_OF)
    texts = [x["text"] for x in a.advice]
    assert a.posting is None and a.coverage is None  # no posting: nothing to cover
    aws = next(h for h in a.held if h.id == "aws-ml-specialty")
    assert aws.expires == 2024 and aws.lapse == "lapsed" and any("likely expired in 2024" in f for f in aws.flags)
    azure = next(h for h in a.held if h.id == "azure-ai-engineer")
    assert azure.lapse == "lapses-this-year" and "valid 1 year from 2025" in azure.flags[0]
    assert any(t.startswith("Add one foundational specialization: Machine Learning Specialization (~120 h") for t in texts)
    add = next(t for t in texts if t.startswith("Add the Google Cloud certification"))
    assert "Google Cloud Professional Machine Learning Engineer (80-100 h" in add
    assert "You hold Azure: for this target the Google Cloud one is what matches" in add  # the lapsed AWS is not held
    assert not any("Two clouds" in t for t in texts)  # one current cloud (Azure), not two
    assert any("You plan to take TensorFlow Developer Certificate, but it was closed" in t for t in texts)


def test_rank_orders_by_coverage_and_lists_errors(scan_text, lexicon):
    posting = scan_text(POSTING, kind="posting")
    strong = scan_text("Certifications\nPMLE\nDeep Learning Specialization\nMLOps Specialization", kind="resume")
    weak = scan_text("Certifications\nTensorFlow Developer Certificate", kind="resume")
    none = scan_text("Experience\nBuilt things", kind="resume")
    broken = ScanResult.failed("bad.pdf", "bad.pdf: encrypted with a password", "encrypted")
    r = rank(posting, [weak, broken, strong, none], lexicon, as_of=AS_OF).to_dict()
    assert r["schema"] == "credscan.rank/1"
    assert [(x["rank"], x["score"]) for x in r["results"]] == [(1, 0.833), (2, 0.167), (3, 0.0)]
    assert r["results"][0]["missing"] == ["tensorflow-developer"]
    assert r["results"][2]["missing_groups"][0] == ["gcp-pmle", "aws-ml-specialty"]  # the group, earnable one first
    assert r["errors"] == [{"path": "bad.pdf", "error": "bad.pdf: encrypted with a password", "code": "encrypted"}]


def test_stats_counts_postings_per_level(scan_text, lexicon):
    posts = [scan_text(POSTING, kind="posting"), scan_text("Requirements\n- GCP PMLE", kind="posting"),
             scan_text("Nice to have\n- PMLE", kind="posting"), scan_text("About us\nWe build.", kind="posting")]
    s = stats(posts, lexicon).to_dict()
    pmle = next(c for c in s["credentials"] if c["id"] == "gcp-pmle")
    assert s["postings"] == 4
    assert (pmle["required"], pmle["preferred"], pmle["share_required"], pmle["share_preferred"]) == (2, 1, 0.5, 0.25)
