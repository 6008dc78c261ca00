"""HTML, LaTeX, JSON Resume and RTF: the visible text, in order, with structure as line kinds."""

from __future__ import annotations

import json

import pytest

from scanner.documents import read_document
from tests.documents.conftest import follows, read, texts

# HTML ---------------------------------------------------------------------------------------


def test_html_posting_drops_what_a_browser_does_not_show() -> None:
    doc = read("postings/acme-ml-engineer.html")
    assert doc.format == "html"
    for hidden in ("__JOB_META__", "ats-widget-7731", "2024 version", "TensorFlow Developer",
                   "Azure AI Engineer", ".badge", "font-family", "Careers</title>"):  # fmt: skip
        assert hidden not in doc.text
    lines = texts(doc)
    assert lines[:2] == ["Careers › Engineering", "Machine Learning Engineer"]
    requirement = next(line for line in doc.lines if line.text.startswith("AWS Certified"))
    assert requirement.text == (
        "AWS Certified Machine Learning - Specialty or Google Cloud Professional Machine Learning "
        "Engineer certification required."
    )
    assert requirement.kind == "item"
    assert requirement.raw is not None and "–" in requirement.raw and "\u00a0" in requirement.raw
    assert {line.kind for line in doc.lines if line.text in ("Requirements", "Nice to have")} == {
        "heading"
    }


def test_html_declared_windows_1252() -> None:
    doc = read("broken/latin1.html")
    assert texts(doc)[0] == "Machine Learning Engineer (Montréal)"
    assert "Salary: 95 000 - 120 000 € equivalent in CAD." in doc.text
    assert "Français parlé et écrit." in texts(doc)


def test_html_tables_breaks_and_css_hidden_classes() -> None:
    html = """<html><head><style>.sr-note, #old { display: none }
    @media print { .screen-only { display:none } }</style></head><body>
    <p>Line one<br>Line two</p>
    <p class="sr-note">hidden by class</p><p id="old">hidden by id</p>
    <p class="screen-only">shown on screen</p>
    <span aria-hidden="true">decorative</span>
    <table><tr><th>Credential</th><th>Year</th></tr>
      <tr><td>AWS ML Specialty</td><td>2022</td></tr>
      <tr><td>Coursera<table><tr><td>Deep Learning Specialization</td><td>2020</td></tr></table></td>
          <td>-</td></tr></table>
    <ul><li><p>Nested paragraph item</p><p>second paragraph</p></li></ul>
    <pre>kept
  as lines</pre></body></html>"""
    doc = read_document(html.encode(), name="t.html")
    assert [(line.text, line.kind) for line in doc.lines] == [
        ("Line one", "text"),
        ("Line two", "text"),
        ("shown on screen", "text"),
        ("Credential | Year", "cell"),
        ("AWS ML Specialty | 2022", "cell"),
        ("Coursera | -", "cell"),
        ("Deep Learning Specialization | 2020", "cell"),
        ("Nested paragraph item", "item"),
        ("second paragraph", "text"),
        ("kept", "text"),
        ("as lines", "text"),
    ]


# LaTeX --------------------------------------------------------------------------------------


def test_latex_resume() -> None:
    doc = read("resumes/wei-zhang.tex")
    assert doc.format == "latex"
    assert "% AWS Certified Machine Learning" not in doc.text
    assert "Specialty" not in doc.text  # the credential exists only in a comment
    assert "keep this to three lines" not in doc.text
    lines = texts(doc)
    assert lines[:2] == [
        "Wei Zhang",
        "Staff Data Scientist | Seattle, WA | wei.zhang@example.com | github.com/wzhang-ml",
    ]
    assert "Staff Data Scientist - Brightline Logistics 2021-present" in lines  # --- and --
    assert "Senior Data Scientist - Harbor & Pine Marketplace 2017-2021" in lines  # \&
    assert (
        "Lead the forecasting platform: 30,000 lanes, daily retraining on Vertex AI; reduced empty miles by 8%."
        in lines
    )
    assert follows(
        lines,
        "Certifications",
        "Google Cloud Certified - Professional Machine Learning Engineer (2024)",
    )
    kinds = {line.text: line.kind for line in doc.lines}
    assert kinds["Certifications"] == kinds["Summary"] == "heading"
    assert kinds["TensorFlow Developer Certificate | Google | 2022"] == "item"
    raw = next(line.raw for line in doc.lines if line.text.startswith("Staff Data Scientist -"))
    assert raw is not None and "—" in raw and "–" in raw  # decoded before normalisation


def test_latex_macros_environments_accents_and_tables() -> None:
    source = r"""\documentclass{article}
\newcommand{\resumeItem}[1]{\item\small{#1}}
\newcommand{\entry}[3][2020]{\textbf{#2} \hfill #3 (#1)}
\newenvironment{certs}{\section{Certifications}\begin{itemize}}{\end{itemize}}
\begin{document}
\begin{certs}
  \resumeItem{TensorFlow Developer Certificate}
  \resumeItem{Caf\'e \"{u}ber Stra\ss e \textendash{} 100\% \$5 \#1 \_x}
\end{certs}
\entry{Machine Learning Specialization}{Coursera}
\begin{tabular}{|l|r|}\hline
AWS ML Specialty & 2022 \\ \hline
\multicolumn{2}{c}{Google Cloud PMLE} \\
\end{tabular}
\vspace{4pt}\href{https://x.example}{Portfolio}~site
\end{document}
"""
    doc = read_document(source.encode(), name="cv.tex")
    assert [(line.text, line.kind) for line in doc.lines] == [
        ("Certifications", "heading"),
        ("TensorFlow Developer Certificate", "item"),
        ("Café über Straße - 100% $5 #1 _x", "item"),
        ("Machine Learning Specialization Coursera (2020)", "text"),
        ("AWS ML Specialty | 2022", "cell"),
        ("Google Cloud PMLE", "text"),
        ("Portfolio site", "text"),
    ]


def test_latex_recursive_macro_terminates() -> None:
    doc = read_document(
        rb"\def\loop{x\loop}\begin{document}Start \loop\end{document}", name="loop.tex"
    )
    assert doc.lines[0].text.startswith("Start x")


# JSON Resume --------------------------------------------------------------------------------


def test_json_resume_certificate_lines() -> None:
    doc = read("resumes/sam-okafor.resume.json")
    assert doc.format == "json-resume"
    lines = texts(doc)
    assert follows(
        lines,
        "Certificates",
        "AWS Certified Machine Learning - Specialty - Amazon Web Services - 2020-05-01",
    )
    assert "Machine Learning Specialization - DeepLearning.AI - 2023-03-15" in lines
    cert = next(line for line in doc.lines if line.text.startswith("AWS Certified"))
    assert cert.kind == "item"
    assert (
        cert.raw == "AWS Certified Machine Learning – Specialty — Amazon Web Services — 2020-05-01"
    )
    assert {line.text for line in doc.lines if line.kind == "heading"} >= {
        "Sam Okafor", "Work", "Education", "Certificates", "Skills", "Languages",
    }  # fmt: skip


def test_json_resume_tolerates_odd_values() -> None:
    resume = {
        "basics": {
            "name": "Ada",
            "label": None,
            "location": "nowhere",
            "profiles": [1, {"network": "GitHub"}],
        },
        "work": [
            {
                "position": "ML Engineer",
                "name": 42,
                "startDate": "2020-01",
                "highlights": ["Shipped", None],
            }
        ],
        "certificates": [{"name": "TensorFlow Developer Certificate", "date": 2021}, "junk", {}],
        "skills": {"not": "a list"},
    }
    doc = read_document(json.dumps(resume).encode(), name="r.json")
    assert texts(doc) == [
        "Ada",
        "GitHub",
        "Work",
        "ML Engineer - 42 - 2020-01",
        "Shipped",
        "Certificates",
        "TensorFlow Developer Certificate - 2021",
    ]


# RTF ----------------------------------------------------------------------------------------


def test_rtf_resume() -> None:
    doc = read("resumes/ana-souza.rtf")
    assert doc.format == "rtf"
    lines = texts(doc)
    assert lines[0] == "Ana Souza"
    assert "São Paulo, Brasil • ana.souza@example.com.br • +55 11 5555-0199" in lines
    assert follows(
        lines, "Certificações", "Microsoft Certified: Azure AI Engineer Associate - 2025"
    )
    assert "Azure AI Fundamentals (AI-900) - 2021" in lines  # \u8211 with its fallback skipped
    assert "credscan" not in doc.text and "Curr" not in doc.text  # \*\generator and \info
    assert "Arial" not in doc.text
    item = next(line for line in doc.lines if line.text.startswith("Microsoft Certified"))
    assert (
        item.kind == "item"
        and item.raw == "•\tMicrosoft Certified: Azure AI Engineer Associate — 2025"
    )


@pytest.mark.parametrize(
    ("rtf", "lines"),
    [
        (rb"{\rtf1\ansi{\fonttbl{\f0 Arial;}}A\par B\line C}", ["A", "B", "C"]),
        (rb"{\rtf1\ansi\uc1 \u-10179?\u-8704?\u8212? x}", ["\U0001f600- x"]),
        (rb"{\rtf1\ansi\ansicpg1251 \'cf\'f0\'e8\'e2\'e5\'f2}", ["Привет"]),
        (rb"{\rtf1{\field{\*\fldinst HYPERLINK x}{\fldrslt Portfolio}}}", ["Portfolio"]),
        (
            rb"{\rtf1\trowd\cellx1\cellx2\pard\intbl AWS\cell 2022\cell\row\pard after\par}",
            ["AWS | 2022", "after"],
        ),
        (
            rb"{\rtf1{\stylesheet{\s1 heading 1;}}\pard\s1 Certifications\par\pard\ls1 TensorFlow\par}",
            ["Certifications", "TensorFlow"],
        ),
    ],
)
def test_rtf_constructs(rtf: bytes, lines: list[str]) -> None:
    assert texts(read_document(rtf, name="t.rtf")) == lines


def test_rtf_heading_and_list_kinds() -> None:
    rtf = (
        rb"{\rtf1{\stylesheet{\s1 heading 1;}}\pard\s1 Certifications\par\pard\ls1 TensorFlow\par}"
    )
    assert [line.kind for line in read_document(rtf).lines] == ["heading", "item"]


def test_latex_macro_with_a_superscript_digit_argument_count_still_reads():
    doc = read_document(b"\\documentclass{article}\\newcommand{\\x}[\xc2\xb2]{a}\\begin{document}\\section{Certifications}"
                        b"PMLE 2024\\end{document}", "cv.tex")
    assert [line.text for line in doc.lines] == ["Certifications", "PMLE 2024"]


def test_html_lines_carry_the_source_line_their_text_starts_on() -> None:
    source = """<!doctype html>
<html>
<head>
  <title>Posting</title>
  <style>.x { color: red }</style>
</head>
<body>

<h2>Requirements</h2>
<ul>
  <li>
    AWS Certified Machine Learning &ndash; Specialty</li>
  <li>Python</li>
</ul>
<p>First line<br>
Google Cloud Professional ML Engineer preferred</p>
<table>
  <tr><td>TensorFlow Developer</td><td>2024</td></tr>
</table>
</body>
</html>
"""
    doc = read_document(source.encode(), name="posting.html")
    numbers = {line.text: line.number for line in doc.lines}
    assert numbers == {
        "Requirements": 9,
        "AWS Certified Machine Learning - Specialty": 12,
        "Python": 13,
        "First line": 15,
        "Google Cloud Professional ML Engineer preferred": 16,
        "TensorFlow Developer | 2024": 18,
    }


def test_latex_lines_carry_their_source_line_past_comments_and_macros() -> None:
    source = r"""\documentclass{article}
\newcommand{\cert}[1]{\item #1}
% a comment line of its own
\begin{document}
\section{Certifications} % trailing comment joins the lines
\begin{itemize}
%   \item AWS Certified Machine Learning -- Specialty
  \cert{Google Cloud Professional Machine Learning Engineer}

  \item TensorFlow Developer
        Certificate (2022)
\end{itemize}
\end{document}
"""
    doc = read_document(source.encode(), name="cv.tex")
    assert [(line.text, line.number) for line in doc.lines] == [
        ("Certifications", 5),
        ("Google Cloud Professional Machine Learning Engineer", 8),
        ("TensorFlow Developer Certificate (2022)", 10),
    ]
