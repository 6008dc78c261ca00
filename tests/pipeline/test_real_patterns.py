"""How real people write credentials (issues 10 and 11), each pattern in our own words.

Every test names the mechanism it exercises, not a sentence: a section named by a label, key
or variable; a record's fields; a task list's boxes; a table's cue column; prep material; a
failed attempt; a negated demand; a title-like name that is a job or a credential; an issuer
heading a list; another school's programme; headings in more languages.
"""

from __future__ import annotations

import pytest

from scanner.documents import read_document
from scanner.scan import scan_document


def got(result) -> dict[str, str | None]:
    return {c.id: c.status or c.level for c in result.credentials}


@pytest.fixture(scope="module")
def scan_file(nlp, tmp_path_factory):
    """Through the real reader, as a user's file: Markdown keeps its task boxes and tables."""
    folder = tmp_path_factory.mktemp("real")

    def run(text: str, kind: str, name: str = "case.md"):
        path = folder / name
        path.write_text(text, encoding="utf-8")
        return scan_document(read_document(path), nlp, kind)

    return run


# --------------------------------------------------------------------------- sections by label

@pytest.mark.parametrize(
    "text",
    [
        "cv = {\n  'certifications': 'Google Professional ML Engineer, AWS ML Specialist',\n  'languages': 'English'\n}",
        "const CERTS = [\n  'Google Professional ML Engineer',\n  'AWS Machine Learning Specialist',\n];",
        "certifications_line = (\n    'Google Professional ML Engineer | '\n    'AWS ML Specialist'\n)",
        "Certifications: Google Professional ML Engineer; AWS Machine Learning Specialist",
    ],
)
def test_a_section_named_by_a_label_key_or_variable_lists_credentials(scan_text, text):
    assert got(scan_text(text, kind="resume")) == {"aws-ml-specialty": "earned", "gcp-pmle": "earned"}


def test_a_records_title_field_opens_its_section_for_the_other_fields(scan_text):
    text = ('{\n  id: 3,\n  title: "Certifications",\n  body:\n'
            '   "Deep Learning Specialization (Coursera), Intro to Photography (Skillshare).",\n},\n'
            '{\n  title: "Hobbies",\n  body: "machine learning specialty chess engines, a hobby",\n}')
    assert got(scan_text(text, kind="resume")) == {"dlai-deep-learning-specialization": "earned"}


def test_a_label_scope_ends_with_its_bracket(scan_text):
    text = ("const certifications = [\n  'Google Professional ML Engineer',\n];\n"
            "const jobs = [\n  'Google Cloud ML Engineer at Acme (2019-2022)',\n];")
    assert got(scan_text(text, kind="resume")) == {"gcp-pmle": "earned"}


# --------------------------------------------------------------------------- records, tables, boxes

@pytest.mark.parametrize(
    ("fields", "status"),
    [
        ("issuer: 'Google Cloud',\n  year: '2023',", "earned"),
        ("date: '2021-06',", "earned"),
        ("examDate: '2027-02-11',", "in-progress"),
        ("target_month: 'Month 8',", "planned"),
        ("status: 'expired',", "expired"),
    ],
)
def test_a_records_other_fields_set_the_status(scan_text, fields, status):
    text = f"{{\n  title: 'Google Cloud ML Engineer',\n  {fields}\n  tags: ['Vertex AI'],\n}}"
    assert got(scan_text(text, kind="resume")) == {"gcp-pmle": status}


def test_task_list_boxes_say_done_or_planned(scan_file):
    text = "## Learning path\n\n- [x] Machine Learning Specialization\n- [ ] MLOps Specialization (DeepLearning.AI)\n"
    assert got(scan_file(text, "resume")) == {"dlai-ml-specialization": "earned", "dlai-mlops-specialization": "planned"}


def test_a_tables_cue_column_sets_the_level(scan_file):
    text = ("## Delivery team\n\n| Credential | Code | Required |\n|---|---|---|\n"
            "| Azure AI Engineer Associate | AI-102 | yes |\n| Google Cloud ML Engineer | - | no |\n")
    assert got(scan_file(text, "posting")) == {"azure-ai-engineer": "required", "gcp-pmle": "mentioned"}


def test_a_tables_status_column_sets_the_status(scan_file):
    text = ("## Certifications\n\n| Year | Name | State |\n|---|---|---|\n"
            "| 2018 | AWS Certified Machine Learning – Specialty | expired |\n"
            "| 2024 | Google Cloud Professional Machine Learning Engineer | active |\n")
    assert got(scan_file(text, "resume")) == {"aws-ml-specialty": "expired", "gcp-pmle": "earned"}


# --------------------------------------------------------------------------- not held (issue 11.1)

@pytest.mark.parametrize(
    ("line", "status"),
    [
        ("Sat the AWS ML Specialty exam in 2024 and failed", "mentioned"),
        ("AWS ML Specialty - attempted once, did not pass", "mentioned"),
        ("Studied for but never took the AWS ML Specialty", "mentioned"),
        ("Deep Learning Specialization (4 of 5 courses completed)", "in-progress"),
        ("Audited the Deep Learning Specialization lectures", "mentioned"),
    ],
)
def test_failed_attempted_and_partial_are_not_held(scan_text, line, status):
    (hit,) = scan_text(f"Certifications\n{line}", kind="resume").credentials
    assert hit.status == status


@pytest.mark.parametrize(
    "line",
    [
        "Completed an AWS ML Specialty prep course on Udemy",
        "Took three AWS ML Specialty practice exams",
        "Watched the AWS Certified Machine Learning Specialty training videos",
    ],
)
def test_prep_material_is_a_near_miss_not_the_credential(scan_text, line):
    result = scan_text(f"Certifications\n{line}", kind="resume")
    assert result.credentials == ()
    assert [n.id for n in result.near_misses] == ["exam-prep"]


def test_a_prep_course_further_away_leaves_the_claim_alone(scan_text):
    result = scan_text("Certifications\nPassed the AWS ML Specialty in 2023 after months of work and a prep course",
                       kind="resume")
    assert got(result) == {"aws-ml-specialty": "earned"}


# --------------------------------------------------------------------------- negated demands (issue 11.2)

@pytest.mark.parametrize(
    ("line", "level"),
    [
        ("The AWS ML Specialty is not necessary.", "mentioned"),
        ("AWS ML Specialty: not needed.", "mentioned"),
        ("No need for the AWS ML Specialty.", "mentioned"),
        ("AWS ML Specialty (not mandatory)", "mentioned"),
        ("You do not need the AWS ML Specialty.", "mentioned"),
        ("The AWS ML Specialty is not a requirement.", "mentioned"),
        ("AWS ML Specialty: nice but not essential", "preferred"),
        ("AWS ML Specialty preferred, but not required", "preferred"),
        ("AWS ML Specialty is required", "required"),
    ],
)
def test_a_negated_demand_is_no_demand(scan_text, line, level):
    result = scan_text(f"Requirements\n- 5 years of Python\n- {line}", kind="posting")
    assert got(result) == {"aws-ml-specialty": level}


# --------------------------------------------------------------------------- job or credential

@pytest.mark.parametrize(
    "text",
    [
        "Ada Moreau\nGoogle Professional Machine Learning Engineer\nPython, SQL, Spark",
        "Ada Moreau\n- GCP Professional ML Engineer (2022)\n- Kubernetes",
    ],
)
def test_the_name_alone_with_its_issuer_is_the_credential(scan_text, text):
    assert got(scan_text(text, kind="resume")) == {"gcp-pmle": "earned"}


@pytest.mark.parametrize(
    "text",
    [
        "Ada Moreau\nSenior Google Cloud ML Engineer\nPython, SQL, Spark",
        "Ada Moreau\nGoogle Cloud ML Engineer, 2019 - 2023",
        "Requirements\n- 3+ years as an AWS Machine Learning Specialist or in a similar role",
    ],
)
def test_the_same_words_as_a_job_are_not(scan_text, text):
    assert scan_text(text, kind="resume" if "Ada" in text else "posting").credentials == ()


# --------------------------------------------------------------------------- lists, issuers, languages

def test_an_issuer_heading_a_list_reaches_its_items(scan_text):
    result = scan_text("Cloud\nAWS certifications (Database Specialty, Machine Learning Specialty), 2021\n"
                       "Azure: AZ-900, AI-102 (2023)", kind="resume")
    assert got(result) == {"aws-ml-specialty": "earned", "azure-ai-engineer": "earned"}


def test_another_schools_programme_with_a_generic_name_is_theirs(scan_text):
    result = scan_text("Education\nDeep Learning Specialization, Institute of Data Science Lisbon, 2020\n"
                       "Deep Learning Specialization by DeepLearning.AI, 2021", kind="resume")
    assert [(c.id, len(c.mentions)) for c in result.credentials] == [("dlai-deep-learning-specialization", 1)]


@pytest.mark.parametrize(
    "heading",
    ["< CERTIFICATIONS >", "COURSES & CERTS", "Сертификаты", "Certyfikaty", "Sertifikalar", "资格证书", "자격증"],
)
def test_certification_headings_in_more_languages_and_decorations(scan_text, heading):
    result = scan_text(f"{heading}\nGoogle Cloud ML Engineer", kind="resume")
    assert got(result) == {"gcp-pmle": "earned"}


@pytest.mark.parametrize(("heading", "level"), [("Требования", "required"), ("Mile widziane", "preferred"),
                                                 ("우대 사항", "preferred"), ("Vereisten", "required")])
def test_posting_headings_in_more_languages(scan_text, heading, level):
    assert got(scan_text(f"{heading}\nAzure AI Engineer Associate", kind="posting")) == {"azure-ai-engineer": level}


@pytest.mark.parametrize(
    ("line", "status"),
    [
        ("AI-102 certification acquired", "earned"),
        ("Préparation de la certification AI-102", "in-progress"),
        ("I will go for the AI-102 certification next", "planned"),
        ("Currently preparing for the Azure AI Engineer certification", "in-progress"),
    ],
)
def test_status_cues_in_more_words_and_languages(scan_text, line, status):
    (hit,) = scan_text(f"Notes\n{line}", kind="resume").credentials
    assert hit.status == status


# --------------------------------------------------------------------------- what was set aside (issue 11.8)

def test_each_candidate_set_aside_is_named_with_its_rule(scan_text):
    result = scan_text("Experience\nMicrosoft - Azure AI Engineer II, 2021-2024\n"
                       "Education\nDeep Learning Specialization, University of Leeds", kind="resume")
    assert result.credentials == ()
    assert [(r.id, r.text, r.line) for r in result.rejected] == [
        ("azure-ai-engineer", "Microsoft - Azure AI Engineer", 2),
        ("dlai-deep-learning-specialization", "Deep Learning Specialization", 4),
    ]
    assert "job title" in result.rejected[0].reason and "school" in result.rejected[1].reason


def test_a_letter_spaced_heading_is_still_a_heading(scan_text):
    result = scan_text("E X P E R I E N C E\nGoogle Cloud ML Engineer at Acme\nC E R T I F I C A T I O N S\n"
                       "Google Cloud ML Engineer", kind="resume")
    assert got(result) == {"gcp-pmle": "earned"} and [m.line for m in result.credentials[0].mentions] == [4]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("DeepLearning.AI specializations (Deep Learning, MLOps), both 2021",
         {"dlai-deep-learning-specialization": "earned", "dlai-mlops-specialization": "earned"}),
        ("Google Cloud certifications: Professional Data Engineer, Professional ML Engineer",
         {"gcp-pmle": "earned"}),
    ],
)
def test_the_heads_issuer_and_kind_carry_to_each_item_of_its_list(scan_text, line, expected):
    assert got(scan_text(f"Certifications\n{line}", kind="resume")) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("AWS Machine Learning certification or equivalent experience", {"aws-ml-specialty": "required"}),
        ("TensorFlow certification is a bonus", {"tensorflow-developer": "preferred"}),
        ("We'd love to see the Google Cloud Professional ML Engineer", {"gcp-pmle": "preferred"}),
    ],
)
def test_postings_name_credentials_loosely(scan_text, line, expected):
    assert got(scan_text(f"Qualifications\n- {line}", kind="posting")) == expected


# --------------------------------------------------------------------------- precision on real prose

@pytest.mark.parametrize(
    "text",
    [
        "Skills\nAWS, Machine Learning, Specialty chemicals, Python",
        "Skills\nTensorFlow, Developer tooling, Certificate programs",
        "Interests\nDeep Learning, Specialization in computer vision",
        "About us\nOur Machine Learning Engineering for Production team ships models weekly.",
        "Experience\nBuilt ML pipelines on AWS; Machine Learning Specialty Pharmacy client",
    ],
)
def test_list_items_and_other_names_do_not_join_into_a_credential(scan_text, text):
    assert scan_text(text, kind="posting" if text.startswith("About") else "resume").credentials == ()


def test_a_name_with_its_issuer_after_one_comma_is_still_a_name(scan_text):
    assert got(scan_text("Certifications\nGoogle Cloud, Professional Machine Learning Engineer (2023)",
                         kind="resume")) == {"gcp-pmle": "earned"}


def test_a_comment_never_closed_hides_nothing(scan_file):
    text = "<!-- draft, not published\n\n## Plan\n- [ ] Deep Learning Specialization\n- [x] Machine Learning Specialization\n"
    assert got(scan_file(text, "resume")) == {"dlai-deep-learning-specialization": "planned",
                                               "dlai-ml-specialization": "earned"}


def test_a_heading_named_after_a_credential_claims_nothing(scan_file):
    text = ("# Study notes\n\n### Deep Learning Specialization\n\nWeek 3 notes on batch norm.\n\n"
            "### MLOps Specialization\n\n- [ ] MLOps Specialization\n")
    assert got(scan_file(text, "resume")) == {"dlai-deep-learning-specialization": "mentioned",
                                               "dlai-mlops-specialization": "planned"}
