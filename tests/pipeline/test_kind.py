"""Resume or posting: each kind of evidence, the shipped model, the word lists, the real corpora.

Every document here is written for this file; none is taken from the corpora, which are only
read at run time by the last test (skipped when ``../shared/corpora`` is absent).
"""

from __future__ import annotations

import gzip
import importlib.resources
import json
from pathlib import Path

import pytest

from scanner.documents import read_document
from scanner.lexicon import LexiconError
from scanner.pipeline.kind import FEATURES, KindModel, KindWords, load_kind_words, load_model
from scanner.scan import scan_document

ROOT = Path(__file__).resolve().parents[2]
CORPORA = ROOT.parent / "shared" / "corpora"


@pytest.fixture(scope="module")
def read(nlp):
    """Scan a text the way a user's .txt file is read (bytes through the reader)."""

    def run(text: str, kind: str | None = None):
        return scan_document(read_document(text.encode("utf-8"), name="pasted.txt"), nlp, kind)

    return run


@pytest.fixture(scope="module")
def evidence(nlp):
    """The non-zero features of a text, by name."""
    classifier = nlp.get_pipe("credscan_kind")

    def run(text: str) -> dict[str, float]:
        doc = nlp.tokenizer.from_document(read_document(text.encode("utf-8"), name="pasted.txt"))
        counts = classifier.evidence.count(doc.user_data["credscan"])
        return {name: v for name, v in zip(FEATURES, counts, strict=True) if v}

    return run


# --------------------------------------------------------------------------- postings

SQUASHED_POSTING = (
    "Reporting AnalystOverviewThe analyst supports the finance group with monthly figures."
    "ResponsibilitiesRequirementsBuild the month-end dashboards.Answer questions from the "
    "controllers.Keep the data dictionary current.QualificationsA degree in accounting or "
    "statistics.Two years with SQL.Comfort with spreadsheets."
)
CAPITALS_RUN_TOGETHER = "Inventory AnalystJOB SUMMARYKEY RESPONSIBILITIESMINIMUM QUALIFICATIONSPREFERRED SKILLS"
FORM_BLOCK = """Analytics Associate
Builds weekly forecasts for the store operations team and explains them to regional leads.
Job Type: Full-time
Pay: $31.00 - $38.00 per hour
Experience:
forecasting: 3 years (Preferred)
Tableau: 1 year (Required)
Education:
Bachelor's (Preferred)
"""
LIST_LITERAL = (
    "['Pricing Analyst', ' ', 'About the team', 'Our group sets prices for two hundred product lines.', "
    "'What the role involves', 'Run pricing tests and report what they show', "
    "'Keep the pricing data clean and documented', 'What we ask', "
    "'4 to 7 years of analytics work in retail or travel', 'Competencies', 'Curiosity', "
    "'Clear writing\\xa0for non-specialists']"
)
THIRD_PERSON_DUTIES = """Quality Data Coordinator
Collects audit results from the clinics and enters them in the tracking system.
Prepares the quarterly quality summary for the medical director.
Reviews incoming records for missing fields and follows up with the clinics.
The coordinator will work closely with the nursing leads.
Minimum of two years in a healthcare office.
"""
COMPETENCIES_POSTING = """Senior Data Scientist
The scientist will own the demand and churn models of the planning team.
Competencies
Statistical modelling
Stakeholder communication
Experience
4 to 7 years building predictive models
Education
Master's degree in a quantitative field (Required)
"""


@pytest.mark.parametrize(
    "text",
    [SQUASHED_POSTING, CAPITALS_RUN_TOGETHER, FORM_BLOCK, LIST_LITERAL, THIRD_PERSON_DUTIES, COMPETENCIES_POSTING],
    ids=["squashed", "capitals-run-together", "form-block", "list-literal", "third-person", "competencies"],
)
def test_postings_of_each_shape_are_read_as_postings(read, text):
    result = read(text)
    assert result.kind == "posting", f"{result.kind} ({result.kind_confidence:.2f})"
    # the competencies posting is short and its Experience and Education headings are a resume's
    # too: a modest confidence is the honest one
    assert result.kind_confidence > (0.6 if text is COMPETENCIES_POSTING else 0.9)


def test_headings_run_into_the_text_are_found(evidence):
    found = evidence(SQUASHED_POSTING)
    assert {"head_shared", "head_demand"} <= found.keys() or {"head_shared", "head_duties"} <= found.keys()
    assert "head_posting" in evidence(CAPITALS_RUN_TOGETHER)


def test_a_form_block_counts_its_markers_fields_and_pay(evidence):
    found = evidence(FORM_BLOCK)
    assert {"demand_marker", "field_posting", "pay"} <= found.keys()


def test_the_items_of_a_pasted_list_are_segments(evidence):
    found = evidence(LIST_LITERAL)
    assert {"head_duties", "years_demanded", "verb_base"} <= found.keys()


def test_demanded_years_take_every_usual_form(evidence):
    text = "Needs 5+ years of SQL, 3 to 5 years of Python, 2-4 yrs of Tableau and at least two (2) years of R."
    assert evidence(text)["years_demanded"] == pytest.approx(1.6094, abs=1e-3)  # log(1 + 4)


# --------------------------------------------------------------------------- resumes

RESUME_EXPORT = """Skills: Python, SQL, Power BI, scikit-learn
Education Details
 June 2016 to May 2020 B.Tech Information Technology  Nagpur University
Data Analyst

Data Analyst - Harbor Freight Analytics
Skill Details
Python- 30 months
SQL- 24 months
Company Details
company - Harbor Freight Analytics
description - Responsibilities: gather the business requirements, prepare the data, build the monthly churn model.
Work with the sales team to define the metrics they track.
company - Lumen Retail
description - Kept the store sales dashboards up to date and automated the weekly stock report.
"""
RESUME_WITHOUT_HEADINGS = """Maria Lopez
Data analyst with six years in retail and logistics.
Analyzed sales data for 40 stores and cut stock-outs by a fifth.
Built the weekly margin report in Power BI.
Trained three junior analysts on SQL.
MSc Statistics, University of Porto, 2017
"""
RESUME_WITH_DUTIES = """Kwame Mensah
kwame.mensah@example.org
Professional Experience
Operations Analyst, Tema Port Authority, 03/2018 - present
Responsibilities:
Prepare the daily berth schedule and report delays to the harbour master.
Maintain the vessel arrivals database.
Logistics Clerk, Accra Freight, 2015 - 2018
Responsibilities:
Entered shipping manifests and reconciled them with invoices.
Education
BSc Economics, University of Ghana, 2015
"""


@pytest.mark.parametrize(
    "text",
    [RESUME_EXPORT, RESUME_WITHOUT_HEADINGS, RESUME_WITH_DUTIES],
    ids=["export-fields", "no-headings", "responsibilities-under-each-job"],
)
def test_resumes_of_each_shape_are_read_as_resumes(read, text):
    result = read(text)
    assert result.kind == "resume", f"{result.kind} ({result.kind_confidence:.2f})"
    assert result.kind_confidence > 0.9


def test_a_resume_export_counts_its_headings_and_fields(evidence):
    found = evidence(RESUME_EXPORT)
    assert {"head_resume", "field_resume", "month_year", "date_range"} <= found.keys()


def test_a_roman_numeral_is_not_a_first_person(evidence):
    assert "first_person" not in evidence("Data Analyst I in the research group works on surveys.")
    assert "first_person" in evidence("Summary\nI built the survey pipeline and I maintain it.")


def test_hyphenated_compounds_are_not_form_fields(evidence):
    assert "field_resume" not in evidence("Client-focused analyst\nProject-based work on pricing")
    assert "field_resume" in evidence("company - Lumen Retail\nproject - store clustering")


def test_a_contact_line_at_the_top_is_a_resume_sign(evidence):
    assert "contact" in evidence("Ana Costa · ana.costa@example.com\nData engineer")
    assert "contact" not in evidence("Data engineer\nWe build pipelines.\nWhat we offer\nSend your CV to jobs@example.com")


# --------------------------------------------------------------------------- the model and confidence

def test_the_model_ships_inside_the_package_and_fits_the_features():
    path = importlib.resources.files("scanner.pipeline") / "kind_model" / "weights.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    model = load_model()
    assert set(data["weights"]) == set(FEATURES)
    assert model == KindModel.from_dict(data)
    assert model.scale > 0
    for name, weight in zip(FEATURES, model.weights, strict=True):
        assert weight * FEATURES[name] >= 0, f"{name} argues for the wrong kind"


def test_weights_that_do_not_fit_the_features_are_refused():
    data = load_model().to_dict()
    del data["weights"]["pay"]
    with pytest.raises(ValueError, match="missing \\['pay'\\]"):
        KindModel.from_dict(data)


@pytest.mark.parametrize(
    "text",
    [SQUASHED_POSTING, FORM_BLOCK, RESUME_EXPORT, RESUME_WITHOUT_HEADINGS, "OR", "Data", "Python, SQL, Excel"],
)
def test_confidence_is_a_probability_of_being_right(read, text):
    result = read(text)
    assert 0.5 <= result.kind_confidence <= 1.0


def test_without_evidence_a_document_is_a_resume_at_even_odds(read):
    result = read("Python, SQL, Excel")
    assert (result.kind, result.kind_confidence) == ("resume", 0.5)


@pytest.mark.parametrize("kind", ["resume", "posting"])
def test_a_kind_given_by_the_caller_wins_with_confidence_one(read, kind):
    result = read(FORM_BLOCK if kind == "resume" else RESUME_EXPORT, kind=kind)
    assert (result.kind, result.kind_confidence) == (kind, 1.0)


# --------------------------------------------------------------------------- kind.yaml

def _shipped() -> dict:
    import yaml

    return yaml.safe_load((importlib.resources.files("scanner.lexicons") / "kind.yaml").read_text(encoding="utf-8"))


def test_the_shipped_words_load():
    words = load_kind_words()
    assert words.version == 1
    assert "you will" in words.posting_phrases and ("lead", "led") in words.irregular_past


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"version": 2}, "version: expected 1"),
        ({"posting_phrase": ["we are hiring"]}, "posting_phrase: unknown key"),
        ({"verbs": []}, "verbs: expected a non-empty list"),
        ({"modal_words": ["will", 3]}, "modal_words: expected words or phrases, got 3"),
        ({"irregular_past": {"swim": "swam"}}, "irregular_past: swim: not in verbs"),
    ],
)
def test_wrong_words_are_refused_with_the_key_and_the_reason(change, message):
    data = {**_shipped(), **change}
    with pytest.raises(LexiconError, match=message):
        KindWords.from_dict(data, "kind.yaml")


def test_a_file_that_is_not_a_mapping_is_refused(tmp_path):
    path = tmp_path / "kind.yaml"
    path.write_text("- a list\n", encoding="utf-8")
    with pytest.raises(LexiconError, match="expected a mapping"):
        load_kind_words(path)


# --------------------------------------------------------------------------- the real corpora

CORPUS_KINDS = {"postings-da-2020": "posting", "postings-remotewlb": "posting", "resumes-livecareer": "resume"}
SAMPLE = 300


def _sample(name: str) -> list[str]:
    with gzip.open(CORPORA / f"{name}.jsonl.gz", "rt", encoding="utf-8") as f:
        texts = [json.loads(line)["text"] for line in f]
    step = len(texts) / SAMPLE
    return [texts[int(i * step)] for i in range(SAMPLE)]


@pytest.mark.skipif(not CORPORA.is_dir(), reason="../shared/corpora is not here")
@pytest.mark.parametrize("name", list(CORPUS_KINDS))
def test_kind_accuracy_on_a_sample_of_each_real_corpus(read, name):
    if not (CORPORA / f"{name}.jsonl.gz").is_file():
        pytest.skip(f"{name} is not in ../shared/corpora")
    kinds = [read(text).kind for text in _sample(name)]
    accuracy = kinds.count(CORPUS_KINDS[name]) / len(kinds)
    assert accuracy >= 0.97, f"{name}: {accuracy:.3f}"
