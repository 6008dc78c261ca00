"""The lexicon data: every name, alias and code finds its own entry; near misses find no credential."""

from __future__ import annotations

import pytest

from scanner.lexicon import LexiconError, load_lexicon


def _entries():
    lx = load_lexicon()
    for near, entries in ((False, lx.credentials), (True, lx.near_misses)):
        for e in entries:
            for text in dict.fromkeys((e.name, *e.aliases, *e.codes)):
                yield pytest.param(e.id, near, text, e.generic, id=f"{e.id}:{text}")


@pytest.mark.parametrize(("entry_id", "near", "text", "generic"), list(_entries()))
def test_every_name_alias_and_code_finds_its_entry(scan_text, entry_id, near, text, generic):
    result = scan_text(f"CERTIFICATIONS\n{text}", kind="resume")
    found_creds = [c.id for c in result.credentials]
    found_near = [c.id for c in result.near_misses]
    if near:
        assert found_near == [entry_id], (text, found_near, found_creds)
        assert found_creds == [], f"near miss {text!r} reported as credential {found_creds}"
    else:
        assert found_creds == [entry_id], (text, found_creds, found_near)


def test_shipped_lexicon_has_the_eight_credentials_with_sourced_facts(lexicon):
    ids = [c.id for c in lexicon.credentials]
    assert ids == ["aws-ml-specialty", "gcp-pmle", "azure-ai-engineer", "tensorflow-developer",
                   "dlai-ml-specialization", "dlai-deep-learning-specialization", "dlai-mlops-specialization", "dlai-pytorch"]
    aws = lexicon.credential("aws-ml-specialty")
    assert (aws.study_hours.low, aws.study_hours.high, aws.cost.usd) == (80, 120, 300)
    assert aws.status.value == "retired" and aws.status.date.isoformat() == "2026-03-31"
    assert aws.validity.verified and not aws.status.verified
    assert lexicon.credential("tensorflow-developer").status.value == "closed"
    assert lexicon.credential("azure-ai-engineer").successors == ("azure-ai-apps-agents-developer",)


def test_user_lexicon_adds_aliases_and_credentials(tmp_path, nlp):
    from scanner.documents.model import Document
    from scanner.pipeline import build_pipeline
    from scanner.scan import scan_document

    extra = tmp_path / "mine.yaml"
    extra.write_text(
        "version: 1\n"
        "credentials:\n"
        "  - id: gcp-pmle\n    aliases: [Google ML Pro Cert]\n"
        "  - id: databricks-genai\n    name: Databricks Certified Generative AI Engineer Associate\n"
        "    issuer: Databricks\n    category: cloud-certification\n    cloud: none\n",
        encoding="utf-8",
    )
    custom = build_pipeline([str(extra)], as_of_year=2026)
    doc = Document.build("x", "text", [(1, "Certifications", "heading"), (1, "Google ML Pro Cert, 2024", "text"),
                                       (1, "Databricks Certified Generative AI Engineer Associate", "text")])
    ids = [c.id for c in scan_document(doc, custom, "resume").credentials]
    assert ids == ["gcp-pmle", "databricks-genai"]
    assert [c.id for c in scan_document(doc, nlp, "resume").credentials] == []


def test_bad_lexicon_lists_every_problem_with_file_entry_and_field(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "version: 1\n"
        "credentials:\n"
        "  - id: new-cert\n    name: New Cert\n    category: cloud\n    cloud: aws\n    colour: red\n"
        "  - name: No Id\n"
        "cues:\n  - {literal: soon, category: someday, direction: forward, applies_to: resume}\n",
        encoding="utf-8",
    )
    with pytest.raises(LexiconError) as err:
        load_lexicon([bad])
    text = str(err.value)
    assert f"{bad}: credentials[0] (new-cert): unknown field 'colour'" in text
    assert f"{bad}: credentials[0] (new-cert): category: expected one of cloud-certification" in text
    assert "missing field 'issuer'" in text
    assert f"{bad}: credentials[1]: missing field 'id'" in text
    assert f"{bad}: cues[0] (soon): category: expected one of earned, in-progress" in text


def test_wrong_types_are_reported_not_raised(tmp_path):
    """Ids and names that are not text (a list, a number) are mistakes to list, not crashes."""
    bad = tmp_path / "types.yaml"
    bad.write_text(
        "credentials:\n  - id: [a, b]\n    name: X\n  - 42\n"
        "  - {id: z, name: Z, issuer: I, category: cloud-certification, cloud: aws, successors: [nope]}\n"
        "near_misses:\n  - {id: 7, name: n}\nsections:\n  - {name: [s], headings: [a]}\n"
        "title_words: engineer\n",
        encoding="utf-8",
    )
    with pytest.raises(LexiconError) as err:
        load_lexicon([bad])
    text = str(err.value)
    for expected in ("credentials[0]: id: expected a text, got a list",
                     "credentials[1]: expected a mapping (field: value), got 42",
                     "credentials (z): successors: unknown id 'nope'",
                     "near_misses[0]: id: expected a text, got a whole number",
                     "sections[0]: name: expected a text, got a list",
                     "title_words: expected a list of words"):
        assert f"{bad}: {expected}" in text


def test_yaml_syntax_error_names_the_line(tmp_path):
    bad = tmp_path / "broken.yaml"
    bad.write_text("version: 1\ncredentials:\n  - id: [unclosed\n", encoding="utf-8")
    with pytest.raises(LexiconError, match=r"broken.yaml: line \d+: not valid YAML"):
        load_lexicon([bad])


def test_cached_lexicon_sees_an_edited_file(tmp_path):
    import os

    from scanner.lexicon import cached_lexicon
    from scanner.pipeline import get_patterns

    mine = tmp_path / "mine.yaml"
    mine.write_text("version: 1\ncredentials:\n  - id: gcp-pmle\n    aliases: [Google ML Pro]\n", encoding="utf-8")
    first = cached_lexicon([mine])
    assert cached_lexicon([mine]) is first  # loaded once while the file is unchanged
    mine.write_text("version: 1\ncredentials:\n  - id: gcp-pmle\n    aliases: [Google ML Pro, GCP ML Pro Cert]\n",
                    encoding="utf-8")
    os.utime(mine, ns=(1, mine.stat().st_mtime_ns + 1_000_000))
    second = cached_lexicon([mine])
    assert second.version != first.version and "GCP ML Pro Cert" in second.credential("gcp-pmle").aliases
    assert any(p.pattern == "GCP ML Pro Cert" for p, _ in get_patterns([mine]).values())


def test_shared_pipeline_is_reused_until_its_lexicon_changes(tmp_path):
    """Batch workers keep one pipeline per process (built before they fork); an edited lexicon
    file must still give them a new one, which finds the new alias."""
    import os

    from scanner.documents.model import Document
    from scanner.pipeline import shared_pipeline
    from scanner.scan import scan_document

    mine = tmp_path / "mine.yaml"
    mine.write_text("version: 1\ncredentials:\n  - id: gcp-pmle\n    aliases: [Google ML Pro]\n", encoding="utf-8")
    first = shared_pipeline([mine])
    assert shared_pipeline([str(mine)]) is first
    mine.write_text("version: 1\ncredentials:\n  - id: gcp-pmle\n    aliases: [Google ML Pro, GCP ML Pro Cert]\n",
                    encoding="utf-8")
    os.utime(mine, ns=(1, mine.stat().st_mtime_ns + 1_000_000))
    second = shared_pipeline([mine])
    assert second is not first
    doc = Document.build("x", "text", [(1, "Certifications", "heading"), (1, "GCP ML Pro Cert, 2024", "text")])
    assert [c.id for c in scan_document(doc, second, "resume").credentials] == ["gcp-pmle"]
    assert [c.id for c in scan_document(doc, first, "resume").credentials] == []


def test_a_cue_marked_until_must_be_an_earned_resume_cue(tmp_path):
    bad = tmp_path / "until.yaml"
    bad.write_text("cues:\n  - {literal: gave up, category: mentioned, direction: backward, applies_to: resume, until: true}\n",
                   encoding="utf-8")
    with pytest.raises(LexiconError, match=r"cues\[0\] \(gave up\): until: only an earned cue"):
        load_lexicon([bad])
    good = tmp_path / "bis.yaml"
    good.write_text("cues:\n  - {literal: gültig bis, category: earned, direction: backward, applies_to: resume, until: true}\n",
                    encoding="utf-8")
    assert any(c.until and c.literal == "gültig bis" for c in load_lexicon([good]).cues)


@pytest.mark.parametrize(
    ("entries", "message"),
    [
        ("  - {id: my-cert, name: My Cloud Cert, issuer: X, category: cloud-certification, cloud: none}\n"
         "  - {id: my-cert, name: My Other Cert, issuer: X, category: cloud-certification, cloud: none}\n",
         "duplicate id 'my-cert' in this file"),
        ("  - {id: my cert, name: My Cloud Cert, issuer: X, category: cloud-certification, cloud: none}\n",
         "id 'my cert': lower-case letters and digits joined by '-'"),
        ("  - {id: my-cert, name: ML, issuer: X, category: cloud-certification, cloud: none}\n",
         "'ML' is too short to name a credential"),
        ("  - {id: my-cert, name: My Cloud Cert, issuer: X, category: cloud-certification, cloud: none,\n"
         "     study_hours: {low: 90, high: 40}}\n",
         "study_hours: low 90 is more than high 40"),
        ("  - {id: my-cert, name: My Cloud Cert, issuer: X, category: cloud-certification, cloud: none,\n"
         "     cost: {usd: -5, text: free}}\n",
         "cost: usd: must not be negative, got -5"),
        ("  - {id: my-cert, name: My Cloud Cert, issuer: X, category: cloud-certification, cloud: none,\n"
         "     validity: {years: -1}}\n",
         "validity: years: must not be negative, got -1"),
    ],
)
def test_lexicon_check_refuses_what_would_give_wrong_answers(tmp_path, entries, message):
    """Issue 11.14: each of these was accepted and then matched everywhere or printed nonsense."""
    bad = tmp_path / "mine.yaml"
    bad.write_text("version: 1\ncredentials:\n" + entries, encoding="utf-8")
    with pytest.raises(LexiconError) as err:
        load_lexicon([bad])
    assert message in str(err.value)
    assert "mine.yaml: credentials[" in str(err.value)


def test_an_id_in_another_file_still_extends_its_entry(tmp_path):
    mine = tmp_path / "mine.yaml"
    mine.write_text("version: 1\ncredentials:\n  - {id: gcp-pmle, aliases: [Google ML Pro Cert]}\n", encoding="utf-8")
    assert "Google ML Pro Cert" in load_lexicon([mine]).credential("gcp-pmle").aliases
