"""The recruiter's guide as a decision table (``report.RULES``): one case per row, in our own words.

Each case is a resume (and a posting, or a --cloud) that puts the candidate in the row's
situation; the case checks that the row fires and that the advice does not contradict itself
(the failures that issue 11 quoted: a successor of something already held, AWS pushed while the
requirement is met through GCP, "add one cloud certification" to a holder of one, "cloud covered"
beside "likely expired", a second foundation for someone halfway through one, the first cloud in
lexicon order for an Azure shop).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from scanner.report import RULES, audit, month_of, stated_cloud

AS_OF = dt.date(2026, 11, 25)


@dataclass(frozen=True)
class Case:
    resume: str
    posting: str | None = None
    cloud: str | None = None
    says: tuple[str, ...] = ()  # in the row's advice
    never: tuple[str, ...] = ()  # in no advice at all


def advice(scan_text, lexicon, case: Case):
    resume = scan_text(case.resume, kind="resume")
    posting = scan_text(case.posting, kind="posting") if case.posting else None
    return audit(resume, posting, lexicon, cloud=case.cloud, as_of=AS_OF, posting_text=case.posting).advice


CASES: dict[str, list[Case]] = {
    "foundation-held": [Case("Certifications\nDeep Learning Specialization (Coursera), 2022",
                             says=("Foundation covered: Deep Learning Specialization.",),
                             never=("Add one foundational",))],
    "foundation-finish": [Case("Certifications\nDeep Learning Specialization — in progress",
                               says=("Finish Deep Learning Specialization (in progress)",),
                               never=("Machine Learning Specialization",))],
    "foundation-start": [Case("Certifications\nPlanning to take the Machine Learning Specialization (Coursera)",
                              says=("Go ahead with Machine Learning Specialization as planned (~120 h",))],
    "foundation-add": [
        Case("Experience\nBuilt models at Initech", says=("Add one foundational specialization: Machine Learning Specialization",)),
        Case("Experience\nBuilt models at Initech", posting="Requirements\n- Deep Learning Specialization",
             says=("Add one foundational specialization: Deep Learning Specialization",)),
    ],
    "cloud-met": [
        Case("Certifications\nAWS Certified Machine Learning – Specialty, 2025",
             says=("Cloud covered: you hold AWS Certified Machine Learning – Specialty.",
                   "stays valid until about 2028; then AWS Certified Machine Learning Engineer – Associate"),
             never=("Add one cloud certification",)),
        # a current AWS certification that is not one of the eight: the Specialty's successor
        Case("Certifications\nAWS Certified Machine Learning Engineer – Associate (MLA-C01), 2025",
             says=("Cloud covered: you hold AWS Certified Machine Learning Engineer – Associate",),
             never=("Add one cloud certification", "aim for")),
        # the requirement is met through GCP: no AWS pushed, no second-cloud talk
        Case("Certifications\nGoogle Cloud Professional ML Engineer, 2025",
             posting="Requirements\n- AWS Certified Machine Learning – Specialty or Google Cloud Professional ML Engineer",
             says=("Cloud covered: you hold Google Cloud Professional Machine Learning Engineer "
                   "(the posting requires one of AWS or Google Cloud)",),
             never=("Add the AWS", "second cloud", "AWS Certified Machine Learning Engineer")),
    ],
    "cloud-check": [Case("Certifications\nGoogle Cloud Professional ML Engineer, 2024",
                         says=("Check that Google Cloud Professional Machine Learning Engineer is still current",
                               "the resume gives no month"),
                         never=("Cloud covered",))],
    "cloud-renew": [
        Case("Certifications\nGoogle Cloud Professional ML Engineer, 2022",
             says=("Renew Google Cloud Professional Machine Learning Engineer: it likely expired in 2024 (valid 2 years from 2022)",),
             never=("Cloud covered",)),
        Case("Certifications\nAWS Certified Machine Learning – Specialty, 2021", cloud="aws",
             says=("cannot be renewed: aim for its successor AWS Certified Machine Learning Engineer – Associate",),
             never=("Cloud covered",)),
    ],
    "cloud-finish": [Case("Certifications\nPreparing for the Google Cloud Professional ML Engineer exam", cloud="gcp",
                          says=("Finish Google Cloud Professional Machine Learning Engineer (in progress; 80-100 h",),
                          never=("Add the Google Cloud",))],
    "cloud-add": [
        # the posting says which cloud the employer uses: not the first in lexicon order
        Case("Experience\nBuilt models at Initech",
             posting="About us\nWe are an Azure shop.\nNice to have\n- One of AWS Certified Machine Learning – Specialty, "
                     "Google Cloud Professional ML Engineer or Microsoft Azure AI Engineer Associate",
             says=('Add the Azure certification (the posting says "Azure shop")',
                   "Azure AI Apps and Agents Developer Associate"),
             never=("Add the AWS", "Add the Google Cloud")),
        # the cloud given with --cloud, to a holder of another cloud
        Case("Certifications\nAWS Certified Machine Learning Engineer – Associate, 2025", cloud="gcp",
             says=("Add the Google Cloud certification (your target is Google Cloud): Google Cloud Professional "
                   "Machine Learning Engineer (80-100 h", "You hold AWS: for this target the Google Cloud one"),
             never=("Cloud covered",)),
    ],
    "cloud-any": [Case("Experience\nBuilt models at Initech",
                       says=("Add one cloud certification matching the cloud your target employers use",))],
    "three-clouds": [Case("Certifications\nAWS Certified Machine Learning – Specialty, 2025\n"
                          "Google Cloud Professional ML Engineer, 2025\nAzure AI Engineer Associate (AI-102), 2026",
                          says=("Three cloud certifications is overkill except for consultants",))],
    "two-clouds": [
        Case("Certifications\nAWS Certified Machine Learning – Specialty, 2025\nGoogle Cloud Professional ML Engineer, 2025",
             says=("Two clouds pay off only for platform-engineer or solutions-architect roles",)),
        Case("Certifications\nAWS Certified Machine Learning – Specialty, 2025\nGoogle Cloud Professional ML Engineer, 2025",
             posting="Senior ML Platform Engineer\nRequirements\n- Google Cloud Professional ML Engineer",
             says=("Two clouds suit a platform engineer role",)),
    ],
    "two-foundations": [Case("Certifications\nMachine Learning Specialization (Coursera), 2023\n"
                             "Deep Learning Specialization (Coursera), 2022",
                             says=("More than one foundational specialization adds little",))],
    "switch-to-successor": [
        Case("Certifications\nPursuing the TensorFlow Developer Certificate",
             says=("switch to PyTorch for Deep Learning Professional Certificate",)),
        # its successor is already held: say so, never advise it
        Case("Certifications\nPyTorch for Deep Learning Professional Certificate (DeepLearning.AI), 2025\n"
             "Pursuing the TensorFlow Developer Certificate",
             says=("you already hold its successor PyTorch for Deep Learning Professional Certificate: drop it",),
             never=("switch to",)),
    ],
    "held-flags": [
        Case("Certifications\nTensorFlow Developer Certificate, 2021",
             says=("likely expired in 2024 (valid 3 years from 2021", "successor: PyTorch for Deep Learning")),
        Case("Certifications\nTensorFlow Developer Certificate, 2021\n"
             "PyTorch for Deep Learning Professional Certificate (DeepLearning.AI), 2025",
             says=("you hold its successor PyTorch for Deep Learning Professional Certificate",),
             never=("successor: PyTorch",)),
    ],
}


def test_every_row_of_the_table_has_a_case():
    assert set(CASES) == {r.name for r in RULES}
    assert len({r.name for r in RULES}) == len(RULES)


@pytest.mark.parametrize(("rule", "index"), [(r, i) for r, cases in CASES.items() for i in range(len(cases))])
def test_row(scan_text, lexicon, rule, index):
    case = CASES[rule][index]
    out = advice(scan_text, lexicon, case)
    fired = [a for a in out if a["rule"] == rule]
    assert fired, f"{rule} did not fire: {[(a['rule'], a['text']) for a in out]}"
    text = " ".join(a["text"] for a in fired)
    for phrase in case.says:
        assert phrase in text
    everything = " ".join(a["text"] for a in out)
    for phrase in case.never:
        assert phrase not in everything
    assert "None" not in everything and "1 years" not in everything


def test_one_foundation_and_one_cloud_advice_at_most(scan_text, lexicon):
    case = Case("Certifications\nAWS Certified Machine Learning – Specialty, 2021\nGoogle Cloud Professional ML Engineer, 2022\n"
                "Deep Learning Specialization — in progress\nPlanning to take the Machine Learning Specialization")
    out = advice(scan_text, lexicon, case)
    assert [a["kind"] for a in out].count("foundation") == 1
    assert [a["kind"] for a in out].count("cloud") == 1


def test_expiry_uses_a_month_when_the_resume_gives_one(scan_text, lexicon):
    def held(line):
        a = audit(scan_text(f"Certifications\n{line}", kind="resume"), None, lexicon, as_of=AS_OF)
        return next(h for h in a.held if h.id == "gcp-pmle"), a

    march, a = held("Google Cloud Professional ML Engineer, March 2024")
    assert (march.expires, march.expires_month, march.lapse) == (2026, 3, "lapsed")
    assert march.flags[0].startswith("expired in March 2026 (valid 2 years from March 2024")
    assert next(x for x in a.advice if x["kind"] == "cloud")["rule"] == "cloud-renew"
    december, a = held("Google Cloud Professional ML Engineer, 12/2024")
    assert (december.expires_month, december.lapse) == (12, "valid")
    assert december.flags[0] == "expires in December 2026 (valid 2 years from December 2024)"
    assert next(x for x in a.advice if x["kind"] == "cloud")["rule"] == "cloud-met"
    year_only, a = held("Google Cloud Professional ML Engineer, 2024")  # no month: no month precision claimed
    assert (year_only.expires_month, year_only.lapse) == (None, "lapses-this-year")
    assert "the resume gives no month" in year_only.flags[0] and "2026" in year_only.flags[0]


def test_one_year_of_validity_reads_as_a_sentence(scan_text, lexicon):
    a = audit(scan_text("Certifications\nAzure AI Engineer Associate (AI-102), 2024", kind="resume"), None, lexicon, as_of=AS_OF)
    flags = next(h for h in a.held if h.id == "azure-ai-engineer").flags
    assert "likely expired in 2025 (valid 1 year from 2024; check renewal)" in flags


@pytest.mark.parametrize(("text", "month"), [
    ("AWS ML Specialty, March 2023", 3), ("AWS ML Specialty (Sept. 2023)", 9), ("earned 03/2023", 3),
    ("earned 2023-11", 11), ("AWS ML Specialty, 2023", None), ("Marketing 2023", None),
    ("2019-2023 Deep Learning Specialization", None), ("Jan 2023 and Feb 2023", None),
])
def test_month_next_to_the_year(text, month):
    assert month_of(text, 2023) == month


@pytest.mark.parametrize(("text", "cloud"), [
    ("We are an Azure shop.", "azure"), ("Our models run on GCP and BigQuery.", "gcp"),
    ("You will own our AWS stack.", "aws"), ("Everything is AWS-based.", "aws"),
    ("Requirements: AWS Certified Machine Learning – Specialty", None),  # a name, not a statement
    ("We run on AWS and on GCP.", None),  # as often: no statement
    ("", None),
])
def test_the_cloud_a_posting_says_it_uses(text, cloud):
    found = stated_cloud(text)
    assert (found[0] if found else None) == cloud
