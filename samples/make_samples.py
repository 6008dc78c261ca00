"""Build credscan's sample documents: resumes, job postings and deliberately broken files.

Run from the repository root::

    .venv/bin/python samples/make_samples.py

Every file is written by a real writer (reportlab for PDF, python-docx for DOCX, Pillow for the
scanned page) or as text with an explicit encoding. The output is deterministic: reportlab runs in
invariant mode (fixed dates and document ids), DOCX core properties carry fixed dates, and every
ZIP member gets a fixed timestamp, so re-running the script gives the same bytes.

The ground truth for these files is hand-written in ``samples/manifest.yaml``; change both together.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import struct
import zipfile
from pathlib import Path

from docx import Document as new_docx
from docx.oxml import parse_xml
from docx.shared import Pt, RGBColor
from PIL import Image, ImageDraw, ImageFont
from reportlab import rl_config
from reportlab.lib.colors import Color, black
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.utils import ImageReader, simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas

HERE = Path(__file__).resolve().parent
RESUMES = HERE / "resumes"
POSTINGS = HERE / "postings"
BROKEN = HERE / "broken"

# reportlab's encryption module draws its random bytes at import time from this flag, so set it
# before ``reportlab.lib.pdfencrypt`` is first imported (see ``_encryption``).
rl_config.invariant = 1

FIXED_TIME = dt.datetime(2025, 11, 3, 9, 30, tzinfo=dt.UTC)
ZIP_TIME = (2025, 11, 3, 9, 30, 0)
CREATOR = "credscan samples/make_samples.py"

BODY = "Helvetica"
BOLD = "Helvetica-Bold"
ITALIC = "Helvetica-Oblique"
GREY = Color(0.35, 0.35, 0.35)
RULE = Color(0.55, 0.55, 0.55)
HEADER_FILL = Color(0.9, 0.92, 0.95)


# --------------------------------------------------------------------------------------------
# PDF helpers
# --------------------------------------------------------------------------------------------


def _encryption(user: str, owner: str):
    from reportlab.lib import pdfencrypt  # imported late on purpose: needs rl_config.invariant

    return pdfencrypt.StandardEncryption(user, ownerPassword=owner, strength=128)


def new_canvas(target, title: str, author: str, pagesize=LETTER, encrypt=None) -> canvas.Canvas:
    c = canvas.Canvas(target, pagesize=pagesize, invariant=1, pageCompression=1, encrypt=encrypt)
    c.setTitle(title)
    c.setAuthor(author)
    c.setSubject(title)
    c.setCreator(CREATOR)
    return c


class Flow:
    """A single text column that moves down the page; the caller decides where pages break."""

    def __init__(self, c: canvas.Canvas, x: float = 60, top: float = 740, width: float = 492,
                 bottom: float = 56) -> None:
        self.c, self.x, self.top, self.width, self.bottom = c, x, top, width, bottom
        self.y = top

    def _check(self) -> None:
        if self.y < self.bottom:
            raise RuntimeError(f"text ran off the page (y={self.y:.0f})")

    def line(self, s: str, font: str = BODY, size: float = 10, dx: float = 0,
             leading: float | None = None, color=black) -> None:
        self._check()
        self.c.setFillColor(color)
        self.c.setFont(font, size)
        if stringWidth(s, font, size) > self.width - dx + 0.5:
            raise RuntimeError(f"line too wide for its column: {s!r}")
        self.c.drawString(self.x + dx, self.y, s)
        self.c.setFillColor(black)
        self.y -= leading if leading is not None else size * 1.38

    def para(self, s: str, font: str = BODY, size: float = 10, dx: float = 0) -> None:
        for part in simpleSplit(s, font, size, self.width - dx):
            self.line(part, font, size, dx)

    def bullet(self, s: str | list[str], size: float = 10, mark: str = "•") -> None:
        """A bullet; ``s`` is wrapped automatically, or a list gives the exact lines."""
        lines = s if isinstance(s, list) else simpleSplit(s, BODY, size, self.width - 14)
        self.c.setFont(BODY, size)
        self.c.drawString(self.x + 3, self.y, mark)
        for part in lines:
            self.line(part, BODY, size, dx=14)

    def heading(self, s: str, size: float = 11.5) -> None:
        self.space(5)
        self.line(s, BOLD, size, leading=4)
        self.c.setStrokeColor(RULE)
        self.c.setLineWidth(0.6)
        self.c.line(self.x, self.y, self.x + self.width, self.y)
        self.c.setStrokeColor(black)
        self.y -= size + 3

    def job(self, title: str, where: str) -> None:
        self.space(3)
        self.line(title, BOLD, 10.5, leading=13)
        self.line(where, ITALIC, 9.5, leading=13, color=GREY)

    def space(self, h: float) -> None:
        self.y -= h


def footer(c: canvas.Canvas, text: str, y: float = 30, size: float = 8) -> None:
    c.setFont(BODY, size)
    c.setFillColor(GREY)
    c.drawCentredString(LETTER[0] / 2, y, text)
    c.setFillColor(black)


# --------------------------------------------------------------------------------------------
# Resumes: PDF
# --------------------------------------------------------------------------------------------

# Two-column rows: (text, font, size). ``None`` leaves the row empty in that column.
PRIYA_LEFT: list[tuple[str, str, float] | None] = [
    ("PRIYA RAMAN", BOLD, 15),
    None,
    ("Machine Learning Engineer", ITALIC, 9.5),
    ("priya.raman@example.com", BODY, 9),
    ("+1 (415) 555-0142", BODY, 9),
    ("San Francisco, CA", BODY, 9),
    ("linkedin.com/in/priya-raman-ml", BODY, 9),
    ("github.com/praman", BODY, 9),
    None,
    ("SKILLS", BOLD, 10.5),
    ("Python, SQL, Scala, Bash", BODY, 9),
    ("PyTorch, TensorFlow, JAX", BODY, 9),
    ("scikit-learn, XGBoost, LightGBM", BODY, 9),
    ("Kubeflow, Airflow, MLflow", BODY, 9),
    ("SageMaker, Vertex AI, BigQuery", BODY, 9),
    ("Docker, Kubernetes, Terraform", BODY, 9),
    ("Spark, Kafka, dbt", BODY, 9),
    None,
    ("CERTIFICATIONS", BOLD, 10.5),
    ("AWS Certified Machine Learning –", BODY, 9),
    ("Specialty (2022)", BODY, 9),
    None,
    ("Google Cloud Professional Machine", BODY, 9),
    ("Learning Engineer — 2023", BODY, 9),
    None,
    ("DeepLearning.AI Deep Learning", BODY, 9),
    ("Specialization — Coursera, 2020", BODY, 9),
    None,
    ("LANGUAGES", BOLD, 10.5),
    ("English (fluent)", BODY, 9),
    ("Tamil (native)", BODY, 9),
    ("Hindi (conversational)", BODY, 9),
    None,
    ("INTERESTS", BOLD, 10.5),
    ("Open-source ML tooling", BODY, 9),
    ("Trail running, chess", BODY, 9),
]

PRIYA_RIGHT: list[tuple[str, str, float] | None] = [
    ("SUMMARY", BOLD, 10.5),
    ("Machine learning engineer with seven years of experience building", BODY, 9),
    ("ranking, forecasting and document-understanding systems.", BODY, 9),
    ("TensorFlow developer with 5 years of experience; equally at home", BODY, 9),
    ("in PyTorch. Comfortable across the stack, from feature pipelines", BODY, 9),
    ("and training infrastructure to low-latency online serving.", BODY, 9),
    None,
    ("EXPERIENCE", BOLD, 10.5),
    ("Senior Machine Learning Engineer at Google", BOLD, 9.5),
    ("Mountain View, CA · Jan 2022 – present", ITALIC, 8.5),
    ("• Led the migration of 40+ ranking models to Vertex AI Pipelines,", BODY, 9),
    ("   cutting training cost by 31% and release time from 9 to 2 days.", BODY, 9),
    ("• Designed a feature store backfill service (Beam, BigQuery) that", BODY, 9),
    ("   serves 2.3B feature rows a day with point-in-time correctness.", BODY, 9),
    ("• Introduced shadow deployments and automatic rollback on metric", BODY, 9),
    ("   regressions; zero user-facing incidents in 2024.", BODY, 9),
    ("• Mentored six engineers; ran the team's ML design review.", BODY, 9),
    None,
    ("Machine Learning Engineer — Lumenary Health", BOLD, 9.5),
    ("Seattle, WA · Jun 2018 – Dec 2021", ITALIC, 8.5),
    ("• Built ML pipelines on AWS; specialty in NLP for clinical notes", BODY, 9),
    ("   (entity linking, de-identification, ICD-10 coding).", BODY, 9),
    ("• Trained a transformer triage model (F1 0.91) deployed on", BODY, 9),
    ("   SageMaker endpoints behind an API serving 14 hospitals.", BODY, 9),
    ("• Cut inference cost 45% with distillation and INT8 quantisation.", BODY, 9),
    ("• Set up MLflow experiment tracking and model registry for", BODY, 9),
    ("   a team of twelve data scientists.", BODY, 9),
    None,
    ("Data Science Intern — Orchard Retail Labs", BOLD, 9.5),
    ("Portland, OR · Jun 2017 – Sep 2017", ITALIC, 8.5),
    ("• Built a demand-forecasting baseline (LightGBM) for 1,200 stores.", BODY, 9),
    ("• Wrote the A/B test analysis library still used by the team.", BODY, 9),
    None,
    ("EDUCATION", BOLD, 10.5),
    ("M.S. Computer Science (Machine Learning)", BOLD, 9),
    ("University of Washington, Seattle — 2018", BODY, 9),
    ("Thesis: weak supervision for clinical text classification", ITALIC, 8.5),
    None,
    ("B.Tech. Electronics and Communication Engineering", BOLD, 9),
    ("Anna University, Chennai — 2016", BODY, 9),
    None,
    ("SELECTED TALKS", BOLD, 10.5),
    ("\u201cShadow deployments for ranking models\u201d, MLOps World 2024", BODY, 9),
    ("\u201cCheap labels for clinical NLP\u201d, PyData Seattle 2020", BODY, 9),
]


def make_priya(path: Path) -> None:
    """One page, two columns, drawn row by row: left line, then right line, at each y."""
    c = new_canvas(str(path), "Priya Raman - Resume", "Priya Raman")
    left_x, right_x = 40, 250
    left_w, right_w = 180, 310
    top, leading = 750, 13.2
    rows = max(len(PRIYA_LEFT), len(PRIYA_RIGHT))
    for i in range(rows):
        y = top - i * leading
        for x, width, col in ((left_x, left_w, PRIYA_LEFT), (right_x, right_w, PRIYA_RIGHT)):
            cell = col[i] if i < len(col) else None
            if cell is None:
                continue
            text, font, size = cell
            if stringWidth(text, font, size) > width:
                raise RuntimeError(f"too wide for its column: {text!r}")
            c.setFont(font, size)
            c.drawString(x, y, text)
    if top - rows * leading < 40:
        raise RuntimeError("two-column page overflows")
    c.setStrokeColor(RULE)
    c.setLineWidth(0.5)
    c.line(235, 760, 235, top - (rows - 1) * leading - 4)
    c.showPage()
    c.save()


MARCUS_TABLE = [
    ("Certification", "Issuer", "Year", "Status"),
    ("Microsoft Certified: Azure AI Engineer Associate", "Microsoft", "2024", "Active"),
    ("TensorFlow Developer Certificate", "Google", "2021", "Expired 2024"),
    ("Machine Learning Specialization", "DeepLearning.AI / Stanford", "2023", "Completed"),
    ("AWS Certified Machine Learning Engineer – Associate (MLA-C01)", "AWS", "2025", "Active"),
    ("Databricks Certified Machine Learning Professional", "Databricks", "2024", "Active"),
]


def draw_table(c: canvas.Canvas, x: float, y: float, widths: list[float],
               rows: list[tuple[str, ...]], size: float = 8.5) -> float:
    """Draw a ruled table with its top-left corner at (x, y); return the y of its bottom."""
    pad, leading = 4, size + 2.5
    heights = []
    wrapped_rows = []
    for r, row in enumerate(rows):
        font = BOLD if r == 0 else BODY
        wrapped = [simpleSplit(cell, font, size, w - 2 * pad) for cell, w in zip(row, widths, strict=True)]
        wrapped_rows.append((font, wrapped))
        heights.append(max(len(w) for w in wrapped) * leading + 2 * pad)
    total_w = sum(widths)
    c.setFillColor(HEADER_FILL)
    c.rect(x, y - heights[0], total_w, heights[0], stroke=0, fill=1)
    c.setFillColor(black)
    top = y
    for (font, wrapped), h in zip(wrapped_rows, heights, strict=True):
        cx = x
        for lines, w in zip(wrapped, widths, strict=True):
            ty = top - pad - size
            c.setFont(font, size)
            for part in lines:
                c.drawString(cx + pad, ty, part)
                ty -= leading
            cx += w
        top -= h
    # the rules: horizontal lines under every row, then the vertical lines
    c.setStrokeColor(black)
    c.setLineWidth(0.7)
    ry = y
    c.line(x, ry, x + total_w, ry)
    for h in heights:
        ry -= h
        c.line(x, ry, x + total_w, ry)
    cx = x
    for w in [0, *widths]:
        cx += w
        c.line(cx, y, cx, ry)
    return ry


def make_marcus(path: Path) -> None:
    c = new_canvas(str(path), "Marcus Lee - Resume", "Marcus Lee")
    f = Flow(c, x=50, top=742, width=512, bottom=40)
    f.line("MARCUS LEE", BOLD, 18, leading=20)
    f.line("Data Scientist · Applied Machine Learning", ITALIC, 10.5, leading=14, color=GREY)
    f.line("Austin, TX  |  marcus.lee@example.org  |  (512) 555-0176  |  marcuslee.dev", BODY, 9.5)
    f.heading("SUMMARY")
    f.para("Data scientist with eight years in retail and insurance analytics, and a deep learning "
           "specialization in computer vision (shelf monitoring, damage assessment from photos). "
           "I like owning a model end to end: framing the problem with the business, building the "
           "data set, training, and keeping it honest in production.", size=9.5)
    f.heading("EXPERIENCE")
    f.job("Lead Data Scientist — Bluebonnet Mutual Insurance", "Austin, TX · 2021 – present")
    f.bullet("Built a photo-based vehicle damage estimator (PyTorch, EfficientNet) that pre-fills "
             "38% of auto claims and saves adjusters about 11,000 hours a year.", size=9.5)
    f.bullet("Moved model training from notebooks to Azure Machine Learning pipelines with "
             "automated evaluation gates and lineage.", size=9.5)
    f.bullet("Leads a team of five; hiring panel member for data science roles.", size=9.5)
    f.job("Data Scientist — Cartwheel Grocers", "Dallas, TX · 2017 – 2021")
    f.bullet("Shelf-gap detection from store camera images: 92% precision across 300 stores.",
             size=9.5)
    f.bullet("Weekly demand forecasts for 45,000 SKUs (gradient boosting + hierarchical "
             "reconciliation); reduced spoilage 7%.", size=9.5)
    f.bullet("TensorFlow and Keras models served with TF Serving on Kubernetes.", size=9.5)
    f.heading("CERTIFICATIONS")
    f.space(2)
    bottom = draw_table(c, f.x, f.y, [250, 130, 45, 87], MARCUS_TABLE)
    f.y = bottom - 14
    f.heading("EDUCATION")
    f.line("M.S. Statistics — Texas A&M University, 2017", BODY, 9.5)
    f.line("B.S. Mathematics — University of Houston, 2015", BODY, 9.5)
    f.heading("SKILLS")
    f.para("Python, R, SQL · PyTorch, TensorFlow/Keras, scikit-learn · Azure ML, Databricks, "
           "Spark · OpenCV · Docker, Kubernetes · Experiment design, causal inference", size=9.5)
    c.showPage()
    c.save()


def make_elena(path: Path) -> None:
    name = "Elena García"
    c = new_canvas(str(path), "Elena García - CV", name)

    def page_end(n: int) -> None:
        footer(c, f"{name} — page {n} of 3")
        c.showPage()

    def running_header() -> None:
        c.setFont(BODY, 8)
        c.setFillColor(GREY)
        c.drawString(60, 760, f"{name} · Senior Data Scientist / ML Engineer")
        c.setFillColor(black)

    # page 1
    f = Flow(c, top=740)
    f.line("ELENA GARCÍA", BOLD, 20, leading=22)
    f.line("Senior Data Scientist / Machine Learning Engineer", ITALIC, 11, leading=15, color=GREY)
    f.line("Madrid, Spain (open to remote)  ·  elena.garcia@example.net  ·  +34 612 555 048", BODY, 9.5)
    f.line("linkedin.com/in/elena-garcia-ml  ·  github.com/egarcia-ml", BODY, 9.5)
    f.heading("PROFILE")
    f.para("Data scientist and machine learning engineer with eleven years of experience in "
           "payments, mobility and e-commerce. I build models that survive contact with "
           "production: careful problem framing, reproducible training, monitoring that people "
           "actually read, and clear write-ups for the business. Comfortable leading small teams "
           "and working directly with legal and risk stakeholders.")
    f.heading("EXPERIENCE")
    f.job("Principal Machine Learning Engineer — Pagora Payments",
          "Madrid · March 2021 – present")
    for b in [
        "Own the real-time fraud scoring platform: 4,000 requests per second at p99 below 35 ms, "
        "gradient-boosted models plus a graph-feature service.",
        "Cut chargeback losses by 22% year on year while keeping the false-decline rate under 0.4%.",
        "Designed the model governance process (model cards, challenger models, quarterly "
        "back-testing) adopted by the risk committee and our external auditors.",
        "Migrated training from ad-hoc EC2 instances to SageMaker Pipelines with automated "
        "data-drift checks; model refresh time went from six weeks to four days.",
        "Our group became an AWS Machine Learning Competency partner after a joint audit of "
        "our SageMaker deployments.",
        "Hire and mentor: grew the team from three to nine engineers; run the internal ML "
        "reading group.",
        "Speak regularly at PyData Madrid and the Spanish fintech data meet-ups.",
    ]:
        f.bullet(b)
    f.job("Senior Data Scientist — Movilo (ride hailing)", "Barcelona · June 2017 – February 2021")
    for b in [
        "Built the ETA prediction model for 14 cities (LightGBM, then a sequence model in "
        "PyTorch) reducing mean absolute error by 19%.",
        "Led dynamic-pricing experiments with switchback designs; wrote the experimentation "
        "guidelines used by all product teams.",
        "Shipped a driver churn model and the retention campaigns built on it, worth an "
        "estimated 3.1 million euros a year.",
    ]:
        f.bullet(b)
    page_end(1)

    # page 2
    running_header()
    f = Flow(c, top=735)
    f.heading("EXPERIENCE (CONTINUED)")
    f.job("Senior Data Scientist — Movilo (continued)", "Barcelona · June 2017 – February 2021")
    for b in [
        "Introduced feature stores (Feast) and a shared evaluation harness, cutting the time to "
        "ship a new model from months to weeks.",
        "Coached analysts moving into data science; designed the internal Python curriculum.",
    ]:
        f.bullet(b)
    f.job("Data Scientist — Tiendalia (e-commerce)", "Madrid · September 2014 – May 2017")
    for b in [
        "Product recommendations (implicit-feedback matrix factorisation, later two-tower "
        "retrieval) driving 12% of online revenue.",
        "Search ranking with learning-to-rank; built the offline relevance judgement pipeline.",
        "Customer lifetime value models used for marketing budget allocation.",
        "Ran the first A/B testing platform at the company (Python, Redshift, Airflow).",
    ]:
        f.bullet(b)
    f.job("Research Assistant — Universidad Politécnica de Madrid", "Madrid · 2012 – 2014")
    for b in [
        "Probabilistic models for traffic flow; two conference papers and one journal article.",
        "Taught lab sessions for Statistics for Engineers (three semesters).",
    ]:
        f.bullet(b)
    f.heading("SELECTED PROJECTS")
    for b in [
        "fraudlens (open source): explanation dashboards for tabular risk models; 1.8k GitHub "
        "stars, used by two Spanish banks.",
        "Volunteer data scientist for a food-bank network: route optimisation for weekly "
        "deliveries across 60 pick-up points.",
    ]:
        f.bullet(b)
    f.heading("PUBLICATIONS")
    for b in [
        "García, E., Ortega, L. (2023). Challenger models in payment fraud: a practical "
        "governance framework. Proceedings of the ML in Finance Workshop.",
        "García, E., et al. (2014). Bayesian short-term traffic prediction with sparse sensors. "
        "Transportation Research Part C.",
    ]:
        f.bullet(b)
    page_end(2)

    # page 3
    running_header()
    f = Flow(c, top=735)
    f.heading("CERTIFICATIONS")
    f.bullet(["AWS Certified Machine Learning – Spe-", "cialty, 2021–2024 (expired)"])
    f.bullet(["Machine Learning Engineering for Production (MLOps) Specialization — in progress, "
              "expected 2026",
              "DeepLearning.AI on Coursera; three of four courses completed"], size=9.5)
    f.bullet("Google Cloud Certified Professional Data Engineer, 2022")
    f.bullet("Generative AI with Large Language Models — DeepLearning.AI & AWS (Coursera), 2023")
    f.heading("EDUCATION")
    f.job("M.Sc. Statistics and Operations Research", "Universidad Complutense de Madrid · 2012")
    f.line("Thesis: hierarchical Bayesian models for sparse sensor networks (grade: 9.4/10)",
           BODY, 9.5, dx=0)
    f.job("B.Sc. Mathematics", "Universidad de Sevilla · 2010")
    f.heading("SKILLS")
    f.para("Languages: Python, SQL, Scala (reading), R")
    f.para("ML: gradient boosting, deep learning (PyTorch), graph features, causal inference, "
           "experimentation, time series")
    f.para("Platforms: AWS (SageMaker, EMR, Lambda), Airflow, Spark, Feast, MLflow, Docker, "
           "Kubernetes, Terraform")
    f.heading("LANGUAGES")
    f.para("Spanish (native), English (C2), Catalan (B2), Portuguese (B1)")
    f.heading("AWARDS")
    f.bullet("Pagora Payments engineering award, 2023 (fraud platform re-architecture)")
    f.bullet("Best student paper, Spanish Statistics Society conference, 2012")
    page_end(3)
    c.save()


# --------------------------------------------------------------------------------------------
# Resumes: DOCX
# --------------------------------------------------------------------------------------------

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

TEXT_BOX_RUN = """
<w:r xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"
     xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"
     xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
     xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"
     xmlns:v="urn:schemas-microsoft-com:vml"
     xmlns:o="urn:schemas-microsoft-com:office:office"
     xmlns:w10="urn:schemas-microsoft-com:office:word">
  <w:rPr><w:noProof/></w:rPr>
  <mc:AlternateContent>
    <mc:Choice Requires="wps">
      <w:drawing>
        <wp:anchor distT="45720" distB="45720" distL="114300" distR="114300" simplePos="0"
                   relativeHeight="251659264" behindDoc="0" locked="0" layoutInCell="1"
                   allowOverlap="1">
          <wp:simplePos x="0" y="0"/>
          <wp:positionH relativeFrom="margin"><wp:align>right</wp:align></wp:positionH>
          <wp:positionV relativeFrom="paragraph"><wp:posOffset>45720</wp:posOffset></wp:positionV>
          <wp:extent cx="2286000" cy="502920"/>
          <wp:effectExtent l="0" t="0" r="0" b="0"/>
          <wp:wrapSquare wrapText="bothSides"/>
          <wp:docPr id="217" name="Text Box 2"/>
          <wp:cNvGraphicFramePr>
            <a:graphicFrameLocks xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"/>
          </wp:cNvGraphicFramePr>
          <a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">
            <a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">
              <wps:wsp>
                <wps:cNvSpPr txBox="1"><a:spLocks noChangeArrowheads="1"/></wps:cNvSpPr>
                <wps:spPr bwMode="auto">
                  <a:xfrm><a:off x="0" y="0"/><a:ext cx="2286000" cy="502920"/></a:xfrm>
                  <a:prstGeom prst="rect"><a:avLst/></a:prstGeom>
                  <a:solidFill><a:srgbClr val="F2F6FA"/></a:solidFill>
                  <a:ln w="9525"><a:solidFill><a:srgbClr val="1F4E79"/></a:solidFill>
                    <a:miter lim="800000"/><a:headEnd/><a:tailEnd/></a:ln>
                </wps:spPr>
                <wps:txbx>
                  <w:txbxContent>%(content)s</w:txbxContent>
                </wps:txbx>
                <wps:bodyPr rot="0" vert="horz" wrap="square" lIns="91440" tIns="45720"
                            rIns="91440" bIns="45720" anchor="t" anchorCtr="0">
                  <a:spAutoFit/>
                </wps:bodyPr>
              </wps:wsp>
            </a:graphicData>
          </a:graphic>
        </wp:anchor>
      </w:drawing>
    </mc:Choice>
    <mc:Fallback>
      <w:pict>
        <v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202"
                     path="m,l,21600r21600,l21600,xe">
          <v:stroke joinstyle="miter"/>
          <v:path gradientshapeok="t" o:connecttype="rect"/>
        </v:shapetype>
        <v:shape id="Text Box 2" o:spid="_x0000_s1026" type="#_x0000_t202"
                 style="position:absolute;margin-left:0;margin-top:3.6pt;width:180pt;height:39.6pt;z-index:251659264;visibility:visible;mso-wrap-style:square;mso-width-percent:0;mso-height-percent:0;mso-wrap-distance-left:9pt;mso-wrap-distance-top:3.6pt;mso-wrap-distance-right:9pt;mso-wrap-distance-bottom:3.6pt;mso-position-horizontal:right;mso-position-horizontal-relative:margin;mso-position-vertical:absolute;mso-position-vertical-relative:text;v-text-anchor:top"
                 fillcolor="#f2f6fa" strokecolor="#1f4e79">
          <v:textbox style="mso-fit-shape-to-text:t">
            <w:txbxContent>%(content)s</w:txbxContent>
          </v:textbox>
          <w10:wrap type="square" anchorx="margin"/>
        </v:shape>
      </w:pict>
    </mc:Fallback>
  </mc:AlternateContent>
</w:r>
"""

TEXT_BOX_CONTENT = (
    '<w:p><w:pPr><w:spacing w:after="0"/></w:pPr>'
    '<w:r><w:rPr><w:b/><w:color w:val="1F4E79"/></w:rPr><w:t xml:space="preserve">Certified: </w:t></w:r>'
    "<w:r><w:t>TensorFlow Developer Certificate (2020)</w:t></w:r></w:p>"
)

CONTENT_CONTROL = f"""
<w:sdt xmlns:w="{W_NS}">
  <w:sdtPr>
    <w:alias w:val="Next certification"/>
    <w:tag w:val="next-certification"/>
    <w:id w:val="-1736930412"/>
  </w:sdtPr>
  <w:sdtContent>
    <w:p>
      <w:pPr><w:pStyle w:val="ListBullet"/></w:pPr>
      <w:r><w:t>Pursuing: Microsoft Azure AI Engineer Associate (AI-102), exam scheduled March 2026</w:t></w:r>
    </w:p>
  </w:sdtContent>
</w:sdt>
"""


def set_core(doc, title: str, author: str) -> None:
    cp = doc.core_properties
    cp.title = title
    cp.author = author
    cp.last_modified_by = author
    cp.created = FIXED_TIME
    cp.modified = FIXED_TIME
    cp.last_printed = FIXED_TIME
    cp.revision = 3
    cp.subject = title
    cp.comments = CREATOR


def rezip(data: bytes, path: Path) -> None:
    """Rewrite a ZIP package with fixed member timestamps (python-docx stamps the wall clock)."""
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(path, "w") as dst:
        for info in src.infolist():
            out = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            out.compress_type = zipfile.ZIP_DEFLATED
            out.external_attr = 0o644 << 16
            out.create_system = 3
            dst.writestr(out, src.read(info.filename), compresslevel=6)


def save_docx(doc, path: Path) -> None:
    buf = io.BytesIO()
    doc.save(buf)
    rezip(buf.getvalue(), path)


def base_docx_styles(doc) -> None:
    normal = doc.styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(10.5)


def make_jordan(path: Path) -> None:
    doc = new_docx()
    base_docx_styles(doc)
    set_core(doc, "Jordan Smith - Resume", "Jordan Smith")
    section = doc.sections[0]
    header = section.header
    hp = header.paragraphs[0]
    run = hp.add_run("Jordan Smith")
    run.bold = True
    run.font.size = Pt(16)
    header.add_paragraph("Machine Learning Engineer · Denver, CO · jordan.smith@example.com · "
                         "(303) 555-0119 · github.com/jsmith-ml")
    section.footer.paragraphs[0].text = "References available on request"

    doc.add_heading("Summary", level=1)
    summary = doc.add_paragraph(
        "Machine learning engineer with six years of experience shipping recommendation and "
        "search models on Google Cloud. Google Developer Expert (GDE) in Machine Learning; I "
        "enjoy teaching and write a monthly newsletter on production ML. Happiest where data "
        "engineering, modelling and product meet."
    )
    summary._p.append(parse_xml(TEXT_BOX_RUN % {"content": TEXT_BOX_CONTENT}))

    doc.add_heading("Experience", level=1)
    doc.add_heading("Senior ML Engineer — Trailhead Outfitters (2022 – present)", level=2)
    for b in [
        "Rebuilt product recommendations as a two-tower retrieval model plus a ranking model on "
        "Vertex AI; +9% click-through, +4% revenue per session.",
        "Automated training and evaluation with Vertex AI Pipelines and Cloud Composer.",
        "Led a study group for the Google Cloud certification track; five colleagues passed.",
    ]:
        doc.add_paragraph(b, style="List Bullet")
    doc.add_heading("Machine Learning Engineer — Peakline Media (2019 – 2022)", level=2)
    for b in [
        "Search relevance: learning-to-rank with LightGBM over Elasticsearch candidates.",
        "Built the PyTorch training code and TorchServe deployment for article tagging.",
        "Cut batch-scoring cost 60% by moving jobs from always-on VMs to Dataflow.",
    ]:
        doc.add_paragraph(b, style="List Bullet")

    doc.add_heading("Certifications", level=1)
    table = doc.add_table(rows=1, cols=3)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, ("Certification", "Issuer", "Year"), strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(text).bold = True
    for row in [
        ("Google Cloud Certified – Professional Machine Learning Engineer", "Google Cloud", "2023"),
        ("Databricks Certified Machine Learning Associate", "Databricks", "2022"),
    ]:
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.text = text
    cells = table.add_row().cells
    cells[0].text = "Coursera programmes:"
    nested = cells[0].add_table(rows=2, cols=2)
    nested.style = "Table Grid"
    for r, (a, b) in enumerate([
        ("PyTorch for Deep Learning Professional Certificate", "2025"),
        ("AI for Everyone", "2019"),
    ]):
        nested.cell(r, 0).text = a
        nested.cell(r, 1).text = b
    cells[1].text = "DeepLearning.AI"
    cells[2].text = "—"
    table._tbl.addnext(parse_xml(CONTENT_CONTROL))

    doc.add_heading("Education", level=1)
    doc.add_paragraph("B.S. Computer Science, Colorado State University — 2019")
    doc.add_heading("Skills", level=1)
    doc.add_paragraph("Python, SQL, Go · PyTorch, TensorFlow, scikit-learn · Vertex AI, BigQuery, "
                      "Dataflow, Kubernetes · Elasticsearch · Experiment design")
    save_docx(doc, path)


# --------------------------------------------------------------------------------------------
# Resumes: text formats
# --------------------------------------------------------------------------------------------

NBSP = "\u00a0"

AISHA = f"""AISHA KHAN
Data Scientist · NLP & Applied Machine Learning
Toronto, ON{NBSP}•{NBSP}aisha.khan@example.com{NBSP}•{NBSP}+1{NBSP}416{NBSP}555{NBSP}0187{NBSP}•{NBSP}github.com/aishak

SUMMARY
Data scientist with six years of experience turning messy text into decisions — claims,
support tickets, contracts. Strong in NLP, experiment design and the unglamorous work of
getting models into production and keeping them there.

EXPERIENCE
Senior Data Scientist — Maplewood Insurance, Toronto        2021 – present
  • Built ML pipelines on AWS; specialty in NLP for claims triage and fraud signals.
  • Fine-tuned transformer classifiers that route 70% of incoming claims automatically.
  • Set up SageMaker model monitoring and weekly drift reports for the risk team.
  • Mentor for three junior data scientists; run the team’s paper club.

Data Scientist — Northstar Telecom, Toronto                 2018 – 2021
  ▪ Churn and next-best-offer models (gradient boosting) for 4 million subscribers.
  ▪ Topic models over support chats that cut average handling time by 12%.
  ▪ Built the A/B testing dashboards used by the marketing team.

EDUCATION
M.Sc. Statistics — University of Toronto, 2018
B.Sc. Mathematics & Economics — McMaster University, 2016

Certiﬁcations & Training
  • AWS ML{NBSP}Specialty (MLS-C01){NBSP}— 2023
  • DeepLearning.AI MLOps Specialization (Coursera), 2022
  • MLOps | Machine Learning Operations Specialization — Duke University (Coursera), 2023
  • AWS Certiﬁed Cloud Practitioner — 2020
  ▪ Planning to take the Google Cloud Professional ML Engineer exam in 2026

SKILLS
Python, SQL, PySpark · Hugging Face Transformers, spaCy, scikit-learn · AWS (SageMaker,
Lambda, Step Functions), Airflow, Docker · Tableau
"""

TOMAS = """# Tomáš Novák

**Machine Learning Engineer** · Prague, Czechia · [tomas.novak@example.cz](mailto:tomas.novak@example.cz) · [GitHub](https://github.com/tnovak-ml) · [LinkedIn](https://www.linkedin.com/in/tomas-novak-ml)

## Summary

Machine learning engineer with nine years of experience, mostly computer vision and NLP for
manufacturing and logistics. I like small teams, clear metrics and boring, reliable
infrastructure.

## Experience

### Senior ML Engineer — [Vltava Robotics](https://vltava-robotics.example.cz) (2020 – present)

- Defect detection on production lines with PyTorch and ONNX Runtime on edge devices;
  false-reject rate down from 4.1% to 0.9%.
- Built the labelling workflow (Label Studio + active learning) that halved annotation cost.
- Own the training cluster: 16 GPUs, Kubernetes, **MLflow** for tracking.

### ML Engineer — Brno Logistics Group (2016 – 2020)

- OCR and document classification for delivery notes in five languages.
- Demand forecasting for 120 depots; replaced spreadsheet forecasts with **LightGBM**.
- Introduced code review and CI for data science code.

## Education

- **M.Sc. Artificial Intelligence** — Czech Technical University in Prague, 2016.
  Thesis track: a deep learning specialization in computer vision (multi-view 3-D reconstruction).
- **B.Sc. Computer Science** — Masaryk University, 2014

## Certifications

- **Deep Learning Specialization** — DeepLearning.AI (Coursera), 2020
- **Machine Learning** — Stanford University (Coursera), 2016
- **DeepLearning.AI TensorFlow Developer Professional Certificate** — Coursera, 2021
- **Natural Language Processing Specialization** — [DeepLearning.AI](https://www.deeplearning.ai/), 2022
- Preparing for AI-102 — exam booked for February 2026

## Skills

- *Languages:* Python, C++, SQL
- *ML:* PyTorch, TensorFlow, OpenCV, scikit-learn, Hugging Face
- *Ops:* Docker, Kubernetes, MLflow, GitLab CI, Terraform
"""

WEI = r"""% Wei Zhang -- curriculum vitae
% Build with: pdflatex wei-zhang.tex
\documentclass[11pt,a4paper]{article}
\usepackage[margin=2cm]{geometry}
\usepackage[T1]{fontenc}
\usepackage{enumitem}
\usepackage[hidelinks]{hyperref}
\setlist[itemize]{leftmargin=1.2em,itemsep=1pt}
\pagestyle{empty}

\begin{document}

\begin{center}
  {\LARGE\textbf{Wei Zhang}}\\[2pt]
  Staff Data Scientist \textbar{} Seattle, WA \textbar{}
  \href{mailto:wei.zhang@example.com}{wei.zhang@example.com} \textbar{}
  \href{https://github.com/wzhang-ml}{github.com/wzhang-ml}
\end{center}

\section*{Summary}
Data scientist with ten years of experience in forecasting, pricing and experimentation for
logistics and marketplaces. Comfortable taking a model from whiteboard to production on
Google Cloud and AWS. % keep this to three lines

\section{Experience}
\textbf{Staff Data Scientist} --- Brightline Logistics \hfill 2021--present
\begin{itemize}
  \item Lead the forecasting platform: 30{,}000 lanes, daily retraining on Vertex AI; reduced
        empty miles by 8\%.
  \item Worked with Google Cloud Professional Services on a Vertex AI migration of 60 models.
  \item Set up the R\&D review that decides which models reach production.
\end{itemize}

\textbf{Senior Data Scientist} --- Harbor \& Pine Marketplace \hfill 2017--2021
\begin{itemize}
  \item Dynamic pricing with contextual bandits; +5.2\% gross margin in a 10-week test.
  \item Built the experimentation library (CUPED, sequential tests) used by 40 analysts.
\end{itemize}

\textbf{Data Analyst} --- Cascade Retail \hfill 2015--2017
\begin{itemize}
  \item Store-level sales forecasting and promotion analysis in R and SQL.
\end{itemize}

\section{Education}
\textbf{M.S. Statistics}, University of Washington \hfill 2015\\
\textbf{B.S. Mathematics}, Zhejiang University \hfill 2013

\section{Certifications}
\begin{itemize}
  \item Google Cloud Certified -- Professional Machine Learning Engineer (2024)
  \item TensorFlow Developer Certificate \textbar{} Google \textbar{} 2022
  \item AWS Certified AI Practitioner (2025)
  \item Google Cloud Certified Associate Cloud Engineer (2021)
% AWS Certified Machine Learning -- Specialty
\end{itemize}

\section{Skills}
Python, R, SQL \textbar{} PyTorch, TensorFlow, JAX \textbar{} Vertex AI, BigQuery, SageMaker
\textbar{} Airflow, dbt, Docker \textbar{} Bayesian methods, causal inference

\end{document}
"""

SAM = {
    "$schema": "https://raw.githubusercontent.com/jsonresume/resume-schema/v1.0.0/schema.json",
    "basics": {
        "name": "Sam Okafor",
        "label": "Machine Learning Engineer",
        "email": "sam.okafor@example.com",
        "phone": "+44 20 7946 0321",
        "url": "https://samokafor.example.com",
        "summary": (
            "TensorFlow developer with 5 years of experience shipping models on AWS, now "
            "working mostly in PyTorch. Focus on recommender systems and MLOps for small teams."
        ),
        "location": {"city": "London", "countryCode": "GB", "region": "England"},
        "profiles": [
            {"network": "GitHub", "username": "sokafor", "url": "https://github.com/sokafor"},
            {"network": "LinkedIn", "username": "sam-okafor",
             "url": "https://www.linkedin.com/in/sam-okafor"},
        ],
    },
    "work": [
        {
            "name": "Thamesway Media",
            "position": "Senior Machine Learning Engineer",
            "url": "https://thamesway.example.co.uk",
            "startDate": "2021-09-01",
            "summary": "Personalisation team for a streaming service with 6 million members.",
            "highlights": [
                "Rebuilt the home-page recommender as a two-stage retrieval and ranking system "
                "(+7% viewing minutes).",
                "Introduced a model registry, canary releases and automatic rollback on SageMaker.",
                "On-call lead for the ML platform; wrote the incident runbooks.",
            ],
        },
        {
            "name": "Kestrel Fintech",
            "position": "Machine Learning Engineer",
            "url": "https://kestrel.example.com",
            "startDate": "2018-02-01",
            "endDate": "2021-08-31",
            "summary": "Credit risk and transaction categorisation.",
            "highlights": [
                "Transaction categorisation model (TensorFlow, then PyTorch) with 96% accuracy.",
                "Moved batch scoring from cron jobs to Step Functions and AWS Batch.",
            ],
        },
    ],
    "education": [
        {
            "institution": "University of Manchester",
            "area": "Computer Science",
            "studyType": "MSc",
            "startDate": "2016-09-01",
            "endDate": "2017-09-30",
        },
        {
            "institution": "University of Lagos",
            "area": "Electrical Engineering",
            "studyType": "BSc",
            "startDate": "2011-09-01",
            "endDate": "2015-07-31",
        },
    ],
    "certificates": [
        {
            "name": "AWS Certified Machine Learning – Specialty",
            "date": "2020-05-01",
            "issuer": "Amazon Web Services",
            "url": "https://www.credly.com/badges/00000000-0000-0000-0000-000000000001",
        },
        {
            "name": "Machine Learning Specialization",
            "date": "2023-03-15",
            "issuer": "DeepLearning.AI",
            "url": "https://www.coursera.org/account/accomplishments/specialization/EXAMPLE01",
        },
        {
            "name": "NVIDIA-Certified Associate: Generative AI LLMs",
            "date": "2024-10-20",
            "issuer": "NVIDIA",
            "url": "https://www.credly.com/badges/00000000-0000-0000-0000-000000000002",
        },
        {
            "name": "IBM Machine Learning Professional Certificate",
            "date": "2019-06-10",
            "issuer": "IBM",
            "url": "https://www.coursera.org/account/accomplishments/professional-cert/EXAMPLE02",
        },
    ],
    "skills": [
        {"name": "Machine learning", "level": "Senior",
         "keywords": ["PyTorch", "TensorFlow", "scikit-learn", "LightGBM"]},
        {"name": "MLOps", "level": "Senior",
         "keywords": ["SageMaker", "MLflow", "Docker", "Terraform", "GitHub Actions"]},
        {"name": "Data", "level": "Advanced", "keywords": ["Python", "SQL", "Spark", "dbt"]},
    ],
    "languages": [
        {"language": "English", "fluency": "Native speaker"},
        {"language": "Yoruba", "fluency": "Fluent"},
    ],
}

ANA_RTF = r"""{\rtf1\ansi\ansicpg1252\deff0\deflang1046\uc1
{\fonttbl{\f0\fswiss\fcharset0 Arial;}{\f1\froman\fcharset0 Times New Roman;}}
{\colortbl;\red31\green78\blue121;\red89\green89\blue89;}
{\*\generator credscan samples/make_samples.py;}
{\info{\title Curr\'edculo - Ana Souza}{\author Ana Souza}}
\paperw11906\paperh16838\margl1134\margr1134\margt1134\margb1134
\pard\qc\f0\b\fs36 Ana Souza\b0\par
\pard\qc\fs20\cf2 Cientista de Dados / Machine Learning Engineer\cf0\par
\pard\qc\fs18 S\'e3o Paulo, Brasil \bullet  ana.souza@example.com.br \bullet  +55 11 5555-0199\par
\pard\sa120\par
\pard\sa60\b\fs24\cf1 Resumo / Summary\cf0\b0\par
\pard\sa120\fs20 Cientista de dados com sete anos de experi\'eancia em cr\'e9dito, varejo e sa\'fade. Data scientist with seven years of experience in credit, retail and healthcare; fluent in English and Spanish.\par
\pard\sa60\b\fs24\cf1 Experi\'eancia\cf0\b0\par
\pard\sa40\b\fs20 Especialista em Machine Learning \endash  Banco Ip\'ea (S\'e3o Paulo)\b0\par
\pard\sa40\i 2021 \endash  presente\i0\par
\pard\fi-240\li240\sa40\bullet\tab Modelos de risco de cr\'e9dito com gradient boosting; redu\'e7\'e3o de 15% na inadimpl\'eancia.\par
\pard\fi-240\li240\sa40\bullet\tab Deployed models on Azure Machine Learning with managed online endpoints and drift monitoring.\par
\pard\fi-240\li240\sa120\bullet\tab Lideran\'e7a t\'e9cnica de uma equipe de quatro cientistas de dados.\par
\pard\sa40\b\fs20 Cientista de Dados \endash  Mercado Azul\b0\par
\pard\sa40\i 2018 \endash  2021\i0\par
\pard\fi-240\li240\sa40\bullet\tab Sistemas de recomenda\'e7\'e3o e previs\'e3o de demanda para 900 lojas.\par
\pard\fi-240\li240\sa120\bullet\tab Built the company's first A/B testing framework (Python, BigQuery).\par
\pard\sa60\b\fs24\cf1 Forma\'e7\'e3o / Education\cf0\b0\par
\pard\sa120\fs20 Mestrado em Estat\'edstica \endash  Universidade de S\'e3o Paulo (USP), 2018\par
\pard\sa60\b\fs24\cf1 Certifica\'e7\'f5es\cf0\b0\par
\pard\fi-240\li240\sa40\fs20\bullet\tab Microsoft Certified: Azure AI Engineer Associate \emdash  2025\par
\pard\fi-240\li240\sa120\bullet\tab Azure AI Fundamentals (AI-900) \u8211\'96 2021\par
\pard\sa60\b\fs24\cf1 Compet\'eancias / Skills\cf0\b0\par
\pard\sa120\fs20 Python, R, SQL; scikit-learn, PyTorch, LightGBM; Azure ML, Databricks, Power BI\par
\pard\sa60\b\fs24\cf1 Idiomas\cf0\b0\par
\pard\fs20 Portugu\'eas (nativo), English (fluent), Espa\'f1ol (avan\'e7ado)\par
}
"""


# --------------------------------------------------------------------------------------------
# Postings
# --------------------------------------------------------------------------------------------

ACME_HTML = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Machine Learning Engineer – Acme Robotics Careers</title>
<style>
  body { font-family: system-ui, sans-serif; max-width: 46rem; margin: 2rem auto; }
  .badge::after { content: "AWS Certified Machine Learning – Specialty"; }
</style>
<script>
  // applicant-tracking widget state (not page content)
  window.__JOB_META__ = {
    "id": "ACME-ML-2291",
    "keywords": ["AWS Certified Machine Learning – Specialty", "PyTorch", "Kubernetes"],
    "source": "ats-widget-7731"
  };
</script>
</head>
<body>
<header><nav><a href="/careers">Careers</a> &rsaquo; <a href="/careers/engineering">Engineering</a></nav></header>
<!-- 2024 version of this ad said: TensorFlow Developer Certificate required -->
<main>
<h1>Machine Learning Engineer</h1>
<p class="meta">Acme Robotics &middot; Boston, MA (hybrid) &middot; Full-time</p>

<h2>About Acme</h2>
<p>Acme Robotics builds autonomous mobile robots for warehouses &amp; hospitals. Our ML team
trains perception and planning models on fleet data from 3,000 robots and ships them back to
the fleet every two weeks.</p>

<div style="display:none">Azure AI Engineer Associate</div>
<p hidden>Microsoft Certified: Azure AI Engineer Associate (internal note: do not list)</p>

<h2>What you&rsquo;ll do</h2>
<ul>
  <li>Own training and evaluation pipelines for perception models (PyTorch, Ray, Kubernetes).</li>
  <li>Build dataset curation tools: mining hard examples from fleet logs.</li>
  <li>Work with robotics engineers on on-device inference &ndash; latency and memory budgets.</li>
</ul>

<h2>Requirements</h2>
<ul>
  <li>4+ years building and deploying machine learning systems in production.</li>
  <li>Strong Python; comfortable with C++ when the robot needs it.</li>
  <li>AWS Certified Machine Learning &ndash; Specialty or Google Cloud Professional Machine Learning&nbsp;Engineer certification required.</li>
  <li>Experience with distributed training and large image or point-cloud datasets.</li>
</ul>

<h2>Nice to have</h2>
<ul>
  <li>DeepLearning.AI Deep Learning Specialization is a plus.</li>
  <li>Experience with ROS 2 and simulation (Isaac Sim, Gazebo).</li>
</ul>

<h2>Benefits</h2>
<ul>
  <li>Salary range $165,000&ndash;$205,000 + equity.</li>
  <li>Medical, dental &amp; vision; 401(k) with 4% match.</li>
  <li>$2,000 yearly learning budget (courses, conferences, certification exams).</li>
</ul>
</main>
<footer><p>Acme Robotics is an equal opportunity employer. &copy; 2026 Acme Robotics, Inc.</p></footer>
</body>
</html>
"""

GLOBEX = """Globex Corporation — Senior Data Scientist, Risk Analytics
Location: Chicago, IL (hybrid, 3 days in office) | Full-time | Req. GLX-4471

About Globex
Globex is a mid-size insurer and payments company serving 2 million customers in the Midwest.
The Risk Analytics group builds the models behind underwriting, fraud detection and pricing.

What you'll do:
- Build and maintain fraud and underwriting models from exploration to production.
- Partner with engineering to deploy models on AWS (SageMaker, Lambda, Step Functions).
- Design experiments and explain results to non-technical stakeholders.
- Review model documentation for our model risk management process.

What you'll bring:
- 5+ years of experience in data science or applied machine learning.
- Expert Python and SQL; experience with gradient boosting and deep learning.
- Must hold the AWS Certified Machine Learning – Specialty (MLS-C01).
- Experience with imbalanced classification and model monitoring.

Bonus points:
- PyTorch for Deep Learning Professional Certificate (DeepLearning.AI)
- TensorFlow Developer Certificate
- AWS Certified Data Engineer – Associate
- Insurance or payments domain knowledge.

Benefits:
- Base salary $150,000–$185,000 plus annual bonus.
- Health, dental and vision from day one; 401(k) with 5% match.
- 25 days of paid time off, paid parental leave.

Globex is an equal opportunity employer.
"""

INITECH = """# ML Platform Engineer — Initech

**Location:** Austin, TX or remote (US) · **Team:** ML Platform · **Level:** Senior

## About the team

Initech's ML Platform team builds the training, feature and serving infrastructure used by
40 data scientists. You will work with TensorFlow developers and Google engineers on our
hybrid setup (GKE for training, AWS for serving).

## What you'll do

- Run and improve our Kubeflow-based training platform and the feature store.
- Build self-service model deployment with canaries and automatic rollback.
- Keep GPU spend in check: scheduling, quotas, spot capacity.

## Requirements

- 5+ years in infrastructure or ML engineering; strong Python and Go or Java.
- Kubernetes in production (operators, autoscaling, networking).
- One of: AWS Certified Machine Learning – Specialty, Google Cloud Professional ML Engineer, or Azure AI Engineer Associate
- Experience with CI/CD for ML (model registry, reproducible builds).

## Nice to have

- Deep Learning Specialization
- MLOps Specialization (DeepLearning.AI)
- AWS Certified Solutions Architect – Associate
- Contributions to open-source ML tooling ([Kubeflow](https://www.kubeflow.org), [Feast](https://feast.dev), [MLflow](https://mlflow.org)).

## Benefits

- Competitive salary and stock; annual bonus.
- **Fully remote friendly**, with a yearly team off-site.
- Learning budget of $3,000 per year.
"""


def make_northwind(path: Path) -> None:
    c = new_canvas(str(path), "Northwind Analytics - Senior MLOps Engineer", "Northwind Analytics")

    def chrome(n: int) -> None:
        c.setFont(BOLD, 9)
        c.setFillColor(GREY)
        c.drawString(60, 762, "Northwind Analytics — Careers")
        c.setFont(BODY, 8)
        c.drawRightString(552, 762, "Job ID NW-2026-118")
        c.setFillColor(black)
        footer(c, f"Northwind Analytics · Senior MLOps Engineer · page {n} of 2")

    chrome(1)
    f = Flow(c, top=728)
    f.line("Senior MLOps Engineer", BOLD, 20, leading=22)
    f.line("Remote (US or Canada) · Full-time · Platform Engineering", ITALIC, 10.5, leading=16,
           color=GREY)
    f.heading("ABOUT THE ROLE")
    f.para("Northwind Analytics provides demand forecasting and inventory optimisation to 400 "
           "retailers. Our models retrain nightly on billions of sales records, and the MLOps "
           "team keeps that machine running: pipelines, model registry, serving and monitoring.")
    f.space(4)
    f.para("Our team includes holders of the AWS ML Specialty and Kubernetes certifications; "
           "we share what we learn in a weekly platform guild.")
    f.heading("RESPONSIBILITIES")
    for b in [
        "Own the training and batch-inference pipelines on Google Cloud (Vertex AI Pipelines, "
        "BigQuery, Dataflow).",
        "Build CI/CD for models: automated evaluation, approval gates, canary releases.",
        "Develop monitoring for data drift, feature freshness and forecast accuracy.",
        "Reduce cost: right-size training jobs, use spot capacity, cache features.",
        "Partner with data scientists to turn notebooks into maintainable services.",
        "Take part in a light on-call rotation (one week in six).",
    ]:
        f.bullet(b)
    f.heading("MINIMUM QUALIFICATIONS")
    for b in [
        "5+ years in software, data or ML engineering, with 2+ years running ML in production.",
        "Strong Python and SQL; infrastructure as code (Terraform).",
        "Google Cloud Professional Machine Learning Engineer (PMLE) certification.",
        "Hands-on experience with Kubernetes and a workflow orchestrator (Airflow, Kubeflow "
        "or similar).",
    ]:
        f.bullet(b)
    c.showPage()

    chrome(2)
    f = Flow(c, top=735)
    f.heading("MINIMUM QUALIFICATIONS (CONTINUED)")
    f.bullet("Clear written communication: design documents, runbooks, post-mortems.")
    f.heading("PREFERRED QUALIFICATIONS")
    for b in [
        "Machine Learning Engineering for Production (MLOps) Specialization",
        "TensorFlow Developer Certificate",
        "Experience with time-series forecasting at scale.",
        "Familiarity with feature stores (Feast, Vertex AI Feature Store).",
    ]:
        f.bullet(b)
    f.heading("BENEFITS")
    for b in [
        "Salary range USD 170,000 – 210,000 (CAD equivalent in Canada), plus equity.",
        "Health, dental and vision insurance; 401(k) / RRSP matching.",
        "Home-office stipend and a yearly learning budget of USD 2,500.",
        "Four weeks of vacation plus the last week of December off.",
    ]:
        f.bullet(b)
    f.heading("HOW TO APPLY")
    f.para("Send your resume and a short note about a production incident you learned from to "
           "careers@northwind.example.com. We reply to every applicant within two weeks.")
    c.showPage()
    c.save()


def make_contoso(path: Path) -> None:
    doc = new_docx()
    base_docx_styles(doc)
    set_core(doc, "Contoso Health - AI Engineer (Azure)", "Contoso Health Talent Team")
    section = doc.sections[0]
    section.header.paragraphs[0].text = "Contoso Health · Careers"
    section.footer.paragraphs[0].text = "Contoso Health is an equal opportunity employer."

    doc.add_heading("AI Engineer (Azure)", level=0)
    meta = doc.add_paragraph("Redmond, WA (hybrid) · Full-time · Req. CH-2026-031")
    meta.runs[0].font.color.rgb = RGBColor(0x59, 0x59, 0x59)
    doc.add_heading("About Contoso Health", level=1)
    doc.add_paragraph(
        "Contoso Health runs 30 clinics and a telehealth service. Our AI team builds document "
        "understanding, triage assistants and search over clinical guidelines, all on Azure."
    )
    doc.add_heading("What you will do", level=1)
    for b in [
        "Build retrieval-augmented assistants with Azure AI Search and Azure OpenAI.",
        "Ship document-intelligence pipelines for referrals and lab reports.",
        "Evaluate models for safety, fairness and accuracy with clinicians.",
    ]:
        doc.add_paragraph(b, style="List Bullet")
    doc.add_heading("Requirements", level=1)
    for b in [
        "3+ years of software engineering in Python or C#.",
        "Experience deploying AI services on Azure.",
    ]:
        doc.add_paragraph(b, style="List Bullet")
    doc.add_heading("Certifications", level=2)
    table = doc.add_table(rows=1, cols=2)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, ("Requirement", "Level"), strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(text).bold = True
    for req, level in [
        ("Microsoft Certified: Azure AI Engineer Associate (AI-102)", "Required"),
        ("Azure Data Scientist Associate (DP-100)", "Preferred"),
        ("Azure AI Apps and Agents Developer Associate (AI-103)", "Preferred"),
    ]:
        cells = table.add_row().cells
        cells[0].text = req
        cells[1].text = level
    doc.add_paragraph()
    doc.add_paragraph(
        "Nice to have: Machine Learning Specialization (DeepLearning.AI / Stanford Online)"
    )
    doc.add_paragraph("Nice to have: experience with HL7 FHIR and healthcare data.")
    doc.add_heading("Benefits", level=1)
    for b in [
        "Salary range $140,000 – $175,000 plus annual bonus.",
        "Medical, dental and vision; 401(k) with 6% match.",
        "Paid certification exams and study time.",
    ]:
        doc.add_paragraph(b, style="List Bullet")
    save_docx(doc, path)


# --------------------------------------------------------------------------------------------
# Broken and awkward files
# --------------------------------------------------------------------------------------------


def simple_resume_pdf(target, name: str, cert_lines: list[str], encrypt=None,
                      extra_pages: int = 0) -> None:
    """A short one-page resume with a CERTIFICATIONS section."""
    c = new_canvas(target, f"{name} - Resume", name, encrypt=encrypt)
    f = Flow(c, top=730)
    f.line(name.upper(), BOLD, 18, leading=20)
    f.line("Machine Learning Engineer · " + name.split()[0].lower() + "@example.com", BODY, 10)
    f.heading("SUMMARY")
    f.para("Machine learning engineer with five years of experience in forecasting and NLP. "
           "Built and operated training pipelines, feature stores and online model serving.")
    f.heading("EXPERIENCE")
    f.job("Machine Learning Engineer — Redwood Analytics", "2021 – present")
    f.bullet("Trained and deployed demand forecasting models for 800 stores.")
    f.bullet("Reduced model serving latency by 40% with batching and quantisation.")
    f.job("Data Scientist — Lakeside Bank", "2019 – 2021")
    f.bullet("Credit risk scorecards and transaction categorisation models.")
    f.heading("CERTIFICATIONS")
    for line in cert_lines:
        f.bullet(line)
    f.heading("EDUCATION")
    f.line("M.S. Computer Science — State University, 2019")
    c.showPage()
    for i in range(extra_pages):
        f = Flow(c, top=730)
        f.heading("PROJECTS" if i == 0 else "PROJECTS (CONTINUED)")
        for n in range(12):
            f.bullet(f"Project {i * 12 + n + 1}: built a reproducible training pipeline with "
                     "automated evaluation, model cards and a canary deployment.")
        c.showPage()
    c.save()


SCAN_TEXT = [
    ("RAFAEL MENDES", 40),
    ("Machine Learning Engineer  -  rafael.mendes@example.com", 24),
    ("", 18),
    ("EXPERIENCE", 30),
    ("ML Engineer, Harborview Logistics, 2020 - present", 24),
    ("  - Route-time prediction models for 2,000 vehicles", 24),
    ("  - Feature pipelines on Spark and Airflow", 24),
    ("", 18),
    ("CERTIFICATIONS", 30),
    ("  - TensorFlow Developer Certificate (2022)", 24),
    ("  - Microsoft Certified: Azure AI Engineer Associate (2024)", 24),
    ("", 18),
    ("EDUCATION", 30),
    ("B.Sc. Computer Engineering, 2019", 24),
]


def scanned_image(lines: list[tuple[str, int]]) -> Image.Image:
    """A page-sized greyscale raster of text, as a scanner would produce (100 dpi letter)."""
    img = Image.new("L", (850, 1100), 255)
    draw = ImageDraw.Draw(img)
    y = 90
    for text, size in lines:
        if text:
            font = ImageFont.load_default(size=size)
            draw.text((85, y), text, fill=20, font=font)
        y += int(size * 1.5)
    return img


def draw_scan(c: canvas.Canvas, img: Image.Image) -> None:
    c.drawImage(ImageReader(img), 0, 0, width=LETTER[0], height=LETTER[1])


def make_scanned_image_only(path: Path) -> None:
    c = new_canvas(str(path), "Scanned resume", "Office scanner")
    draw_scan(c, scanned_image(SCAN_TEXT))
    c.showPage()
    c.save()


def make_scanned_page2(path: Path) -> None:
    c = new_canvas(str(path), "Lucia Ferreira - Resume", "Lucia Ferreira")
    f = Flow(c, top=730)
    f.line("LUCIA FERREIRA", BOLD, 18, leading=20)
    f.line("Data Scientist · lucia.ferreira@example.com · Lisbon", BODY, 10)
    f.heading("SUMMARY")
    f.para("Data scientist with four years of experience in marketing analytics and "
           "recommendation systems. Page 2 of this resume was scanned from a printed copy.")
    f.heading("EXPERIENCE")
    f.job("Data Scientist — Atlântico Retail", "Lisbon · 2021 – present")
    f.bullet("Customer segmentation and propensity models for 3 million loyalty members.")
    f.bullet("Product recommendations with implicit-feedback matrix factorisation.")
    f.heading("CERTIFICATIONS")
    f.bullet("Deep Learning Specialization, DeepLearning.AI, 2021")
    c.showPage()
    draw_scan(c, scanned_image([
        ("EDUCATION", 30),
        ("M.Sc. Data Science, Universidade Nova de Lisboa, 2020", 24),
        ("", 18),
        ("MORE CERTIFICATIONS", 30),
        ("  - Google Cloud Professional Machine Learning Engineer (2023)", 24),
        ("", 18),
        ("LANGUAGES", 30),
        ("Portuguese (native), English (C1), Spanish (B2)", 24),
    ]))
    c.showPage()
    c.save()


def make_many_pages(path: Path) -> None:
    c = new_canvas(str(path), "Project log", "Oskar Lindqvist", pagesize=(300, 80))
    for n in range(1, 121):
        c.setFont(BODY, 9)
        c.drawString(14, 36, f"Project log, entry {n} of 120: retrained the churn model.")
        c.showPage()
    c.save()


def make_truncated(path: Path) -> None:
    buf = io.BytesIO()
    simple_resume_pdf(buf, "Nadia Petrova", ["AWS Certified Machine Learning – Specialty, 2022"],
                      extra_pages=1)
    data = buf.getvalue()
    path.write_bytes(data[: int(len(data) * 0.4)])


def make_legacy_doc(path: Path) -> None:
    """A small but structurally valid OLE2 compound file with a WordDocument stream."""
    sector = 512
    endofchain, freesect, fatsect, nostream = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0xFFFFFFFF
    stream_sectors = 8  # WordDocument: 4096 bytes, at the mini-stream cutoff, so in the FAT
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(16)
    header += struct.pack("<HHHHH", 0x003E, 0x0003, 0xFFFE, 9, 6) + bytes(6)
    header += struct.pack("<IIIIIIIII", 0, 1, 1, 0, 0x1000, endofchain, 0, endofchain, 0)
    header += struct.pack("<109I", 0, *([freesect] * 108))
    assert len(header) == sector

    fat = [fatsect, endofchain]  # sector 0: the FAT itself, sector 1: the directory
    fat += [3 + i for i in range(stream_sectors - 1)] + [endofchain]  # sectors 2..9
    fat += [freesect] * (sector // 4 - len(fat))
    fat_sector = struct.pack(f"<{len(fat)}I", *fat)

    def entry(name: str, kind: int, child: int, start: int, size: int) -> bytes:
        raw = name.encode("utf-16-le") + b"\x00\x00" if name else b""
        return (raw.ljust(64, b"\x00") + struct.pack("<HBB", len(raw), kind, 1 if name else 0)
                + struct.pack("<III", nostream, nostream, child) + bytes(16)
                + struct.pack("<IQQIQ", 0, 0, 0, start, size))

    directory = (entry("Root Entry", 5, 1, endofchain, 0)
                 + entry("WordDocument", 2, nostream, 2, stream_sectors * sector)
                 + entry("", 0, nostream, 0, 0) * 2)
    assert len(directory) == sector

    # FIB: wIdent 0xA5EC, nFib 0x00C1 (Word 97 and later), then text and zero filler
    word = struct.pack("<HH", 0xA5EC, 0x00C1) + bytes(0x400 - 4)
    word += "Curriculum Vitae — Henrik Olsen — saved as Word 97-2003 Document".encode("cp1252")
    word = word.ljust(stream_sectors * sector, b"\x00")
    path.write_bytes(header + fat_sector + directory + word)


def write_docx_members(zf: zipfile.ZipFile, name: str, data: bytes) -> None:
    info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    info.create_system = 3
    zf.writestr(info, data)


CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    b'<Default Extension="xml" ContentType="application/xml"/>'
    b'<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
    b'officedocument.wordprocessingml.document.main+xml"/></Types>'
)

ROOT_RELS = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    b'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
)

BOMB_MIB = 300


def make_zip_bomb(path: Path) -> None:
    """A DOCX-shaped ZIP whose word/document.xml inflates to about 300 MiB."""
    head = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w="{W_NS}">'
            "<w:body>").encode()
    # one paragraph per MiB holding one long run of a single letter: deflate's best case (~1:1000)
    start, end = b"<w:p><w:r><w:t>", b"</w:t></w:r></w:p>"
    chunk = start + b"A" * (1024 * 1024 - len(start) - len(end)) + end
    tail = b"</w:body></w:document>"
    with zipfile.ZipFile(path, "w") as zf:
        write_docx_members(zf, "[Content_Types].xml", CONTENT_TYPES)
        write_docx_members(zf, "_rels/.rels", ROOT_RELS)
        info = zipfile.ZipInfo("word/document.xml", date_time=ZIP_TIME)
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = 0o644 << 16
        info.create_system = 3
        with zf.open(info, "w") as out:
            out.write(head)
            for _ in range(BOMB_MIB):
                out.write(chunk)
            out.write(tail)


CP1252_RESUME = """José Müller
Data Scientist – Zürich / remote • jose.mueller@example.ch • +41 44 555 01 23

Summary
“Pragmatic” data scientist with five years in retail banking and insurance — pricing,
churn and document classification. Managed a €250k yearly cloud budget.

Experience
Data Scientist — Alpenrück Versicherung (Zürich), 2021 – present
• Claims document classification with fine-tuned transformers on Azure ML.
• Churn models for 1.2 million customers; €3.4m retained premium in 2024.
Analyst — Crédit Alpin, 2019 – 2021
• Pricing elasticity models and the monthly “what changed” report.

Certifications
• Microsoft Certified – Azure AI Engineer Associate (2024)

Education
M.Sc. Statistics — École polytechnique fédérale de Lausanne, 2019
"""

UTF16_RESUME = """Hiroshi Tanaka (田中 浩)
Machine Learning Engineer · Tokyo · hiroshi.tanaka@example.jp

Summary
ML engineer with seven years of experience in recommendation and search for e-commerce.
Bilingual Japanese / English; 日本語ネイティブ.

Experience
Senior ML Engineer — Sakura Commerce (2020 – present)
• Two-tower retrieval and ranking models on Vertex AI serving 30M users.
• Built the online feature store and the A/B testing platform.
ML Engineer — Kinoko Labs (2017 – 2020)
• Query understanding and spelling correction for Japanese product search.

Certifications
• Google Cloud Professional Machine Learning Engineer — 2022

Education
M.Eng. Information Science — Tohoku University (東北大学), 2017
"""

UTF8_BOM_RESUME = """Olivia Brennan
Machine Learning Engineer · Dublin · olivia.brennan@example.ie

Summary
Machine learning engineer focused on forecasting and MLOps on AWS.

Experience
ML Engineer — Liffey Energy (2021 – present)
• Load forecasting models for the national grid operator (LightGBM, DeepAR).
• SageMaker pipelines with automated retraining and drift alarms.

Certifications
• AWS Certified Machine Learning Specialty (MLS-C01), 2024

Education
B.Sc. Computer Science — Trinity College Dublin, 2020
"""

LATIN1_HTML = """<!DOCTYPE html>
<html lang="fr">
<head>
<meta charset="windows-1252">
<title>Machine Learning Engineer – Crème Data Labs</title>
</head>
<body>
<h1>Machine Learning Engineer (Montréal)</h1>
<p>Crème Data Labs – l’équipe “données” d’une coopérative agroalimentaire – recherche un·e
ingénieur·e ML. Salary: 95 000 – 120 000 € equivalent in CAD.</p>
<h2>Responsibilities</h2>
<ul>
  <li>Build demand-forecasting models for 600 products.</li>
  <li>Déployer les modèles sur Google Cloud (Vertex AI).</li>
</ul>
<h2>Requirements</h2>
<ul>
  <li>3+ years of ML engineering — Python, SQL, Vertex AI.</li>
  <li>Google Cloud Professional Machine Learning Engineer certification.</li>
</ul>
<h2>Nice to have</h2>
<ul>
  <li>Machine Learning Specialization (DeepLearning.AI – Stanford Online).</li>
  <li>Français parlé et écrit.</li>
</ul>
</body>
</html>
"""

NOT_A_ZIP = """Cover letter — Daniel Kowalski

Dear hiring team,

I am applying for the Machine Learning Engineer role. Over the last four years I have built
forecasting models and the pipelines that retrain them, and I would enjoy doing the same for
your logistics platform. My resume is attached separately.

Kind regards,
Daniel Kowalski
"""


# --------------------------------------------------------------------------------------------


def write_text(path: Path, text: str, encoding: str = "utf-8", bom: bytes = b"") -> None:
    path.write_bytes(bom + text.encode(encoding))


def main() -> None:
    for d in (RESUMES, POSTINGS, BROKEN):
        d.mkdir(parents=True, exist_ok=True)

    # resumes
    make_priya(RESUMES / "priya-raman-two-column.pdf")
    make_marcus(RESUMES / "marcus-lee-table.pdf")
    make_elena(RESUMES / "elena-garcia-multipage.pdf")
    make_jordan(RESUMES / "jordan-smith.docx")
    write_text(RESUMES / "aisha-khan.txt", AISHA)
    write_text(RESUMES / "tomas-novak.md", TOMAS)
    write_text(RESUMES / "wei-zhang.tex", WEI)
    write_text(RESUMES / "sam-okafor.resume.json",
               json.dumps(SAM, indent=2, ensure_ascii=False) + "\n")
    write_text(RESUMES / "ana-souza.rtf", ANA_RTF, encoding="ascii")

    # postings
    write_text(POSTINGS / "acme-ml-engineer.html", ACME_HTML)
    make_northwind(POSTINGS / "northwind-mlops.pdf")
    make_contoso(POSTINGS / "contoso-ai-engineer.docx")
    write_text(POSTINGS / "globex-data-scientist.txt", GLOBEX)
    write_text(POSTINGS / "initech-platform.md", INITECH)

    # broken and awkward
    simple_resume_pdf(str(BROKEN / "encrypted-user-password.pdf"), "Karin Holm",
                      ["Google Cloud Professional Machine Learning Engineer, 2024"],
                      encrypt=_encryption("secret", "owner-secret"))
    simple_resume_pdf(str(BROKEN / "owner-password-only.pdf"), "Diego Alvarez",
                      ["TensorFlow Developer Certificate (2021)"],
                      encrypt=_encryption("", "owner-secret"))
    make_truncated(BROKEN / "truncated.pdf")
    write_text(BROKEN / "not-a-zip.docx", NOT_A_ZIP)
    make_scanned_image_only(BROKEN / "scanned-image-only.pdf")
    make_scanned_page2(BROKEN / "scanned-page2.pdf")
    write_text(BROKEN / "empty.txt", "")
    make_legacy_doc(BROKEN / "legacy.doc")
    simple_resume_pdf(str(BROKEN / "pdf-with-docx-extension.docx"), "Grace Liu",
                      ["AWS Certified Machine Learning – Specialty, 2022"])
    write_text(BROKEN / "resume-cp1252.txt", CP1252_RESUME, encoding="cp1252")
    write_text(BROKEN / "resume-utf16.txt", UTF16_RESUME, encoding="utf-16-le", bom=b"\xff\xfe")
    write_text(BROKEN / "resume-utf8-bom.txt", UTF8_BOM_RESUME, bom=b"\xef\xbb\xbf")
    make_zip_bomb(BROKEN / "zip-bomb.docx")
    make_many_pages(BROKEN / "many-pages.pdf")
    write_text(BROKEN / "latin1.html", LATIN1_HTML, encoding="cp1252")

    total = sum(p.stat().st_size for p in HERE.rglob("*") if p.is_file())
    print(f"wrote samples under {HERE} ({total / 1024:.0f} KiB in total)")


if __name__ == "__main__":
    main()
