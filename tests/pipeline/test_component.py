"""The ``credscan`` spaCy component in someone else's pipeline (issue 15)."""

from __future__ import annotations

import json
import subprocess
import sys

import spacy

from scanner.pipeline.component import SPANS_KEY

RESUME = ("Jane Roe\n\nCertifications\n  • AWS Certified Machine Learning – Specialty (2022)\n"
          "- Preparing for the Google Cloud Professional ML Engineer\n")
POSTING = "Senior ML Engineer\n\nRequirements\n- 5 years of Python\n- Azure AI Engineer Associate (AI-102)\n\nNice to have\n- TensorFlow Developer Certificate\n"


def test_found_through_the_entry_point_with_spacys_own_tokenizer():
    """A fresh interpreter that never imports credscan: spaCy loads the factory by its entry point."""
    code = (
        "import json, spacy\n"
        "nlp = spacy.blank('en')\n"
        "nlp.add_pipe('credscan')\n"
        f"doc = nlp({RESUME!r})\n"
        "print(json.dumps([[s.text, s.label_, s._.status] for s in doc.spans['credscan']]))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert json.loads(out) == [
        ["AWS Certified Machine Learning – Specialty", "aws-ml-specialty", "earned"],
        ["Google Cloud Professional ML Engineer", "gcp-pmle", "in-progress"],
    ]


def test_spans_sit_on_the_host_docs_characters_beside_other_components():
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("credscan", config={"kind": "posting"})
    doc = nlp(POSTING)
    got = [(s.text, s.label_, s._.level, doc.text[s.start_char:s.end_char] == s.text) for s in doc.spans[SPANS_KEY]]
    assert got == [
        ("Azure AI Engineer Associate", "azure-ai-engineer", "required", True),
        ("AI-102", "azure-ai-engineer", "required", True),
        ("TensorFlow Developer Certificate", "tensorflow-developer", "preferred", True),
    ]
    assert doc._.kind == "posting" and doc.has_annotation("SENT_START")


def test_round_trips_to_disk_and_spacy_load(tmp_path):
    nlp = spacy.blank("en")
    nlp.add_pipe("credscan", config={"spans_key": "certs"})
    nlp.to_disk(tmp_path / "pipe")
    loaded = spacy.load(tmp_path / "pipe")
    doc = loaded(RESUME)
    assert [(s.label_, s._.status, s._.year) for s in doc.spans["certs"]] == [
        ("aws-ml-specialty", "earned", 2022), ("gcp-pmle", "in-progress", None)]
    cfg = json.loads((tmp_path / "pipe" / "credscan" / "cfg.json").read_text())
    assert cfg["spans_key"] == "certs" and cfg["lexicon_version"]
