"""The pages in a real headless Chromium, as a user meets them: fill the form, upload real files,
read the rendered rows, follow the downloads; hostile text; keyboard only. One server and one
browser for the session (see conftest); each page's screenshot is saved with the session's output."""

from __future__ import annotations

import csv
import glob
import io
import json
import zipfile
from pathlib import Path

from tests.conftest import SAMPLES

R = SAMPLES / "resumes"
P = SAMPLES / "postings"
B = SAMPLES / "broken"


def zipped(paths: list[Path], folder: str, where: Path) -> Path:
    out = where / f"{folder}.zip"
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for p in paths:
            z.write(p, f"{folder}/{p.name}")
    return out


def cells(page, selector: str, column: int) -> list[str]:
    return [c.strip() for c in page.locator(f"{selector} tbody tr td:nth-child({column})").all_inner_texts()]


def test_posting_check_by_pasting(page, shots):
    page.goto("/posting")
    page.fill("#text", (P / "globex-data-scientist.txt").read_text())
    page.click("button[type=submit]")
    page.wait_for_selector("#demands-title")
    assert page.locator("table[data-level=required] tbody tr").evaluate_all("rows => rows.map(r => r.dataset.id)") == \
           ["aws-ml-specialty"]
    marks = page.locator("table[data-level=required] mark").all_inner_texts()
    assert marks == ["AWS Certified Machine Learning - Specialty"]
    assert "retired" in page.locator(".notes.warning").first.inner_text()
    assert page.locator("#text").input_value().startswith("Globex Corporation")  # the form keeps what was pasted
    with page.expect_download() as info:
        page.click("text=Download CSV")
    rows = list(csv.DictReader(io.StringIO(Path(info.value.path()).read_text())))
    assert [(r["level"], r["id"]) for r in rows][:2] == [("required", "aws-ml-specialty"), ("preferred", "tensorflow-developer")]
    page.screenshot(path=shots / "posting-check.png", full_page=True)


def test_cv_audit_of_a_pdf_against_a_posting_file(page, shots):
    page.goto("/audit")
    page.set_input_files("#resume", R / "priya-raman-two-column.pdf")
    page.set_input_files("#posting", P / "acme-ml-engineer.html")
    page.select_option("#cloud", "gcp")
    page.click("button[type=submit]")
    page.wait_for_selector("#audit-title")
    assert page.inner_text("#coverage") == "100%"
    states = page.locator("table.audit-demands tbody tr").evaluate_all(
        "rows => rows.map(r => [r.dataset.id, r.dataset.state])")
    assert states == [["aws-ml-specialty", "have"], ["dlai-deep-learning-specialization", "have"]]
    assert "p1:l" in page.locator("table.held .where").first.inner_text()
    assert page.locator("ol.steps li").count() >= 2
    assert page.locator("#cloud").input_value() == "gcp"
    with page.expect_download() as info:
        page.click("text=Download JSON")
    assert json.loads(Path(info.value.path()).read_text())["schema"] == "credscan.audit/1"
    page.screenshot(path=shots / "cv-audit.png", full_page=True)


def test_cv_audit_shows_gaps_with_their_cost(page):
    page.goto("/audit")
    page.set_input_files("#resume", R / "aisha-khan.txt")
    page.set_input_files("#posting", P / "northwind-mlops.pdf")
    page.click("button[type=submit]")
    page.wait_for_selector("table.gaps")
    gaps = page.locator("table.gaps tbody tr").evaluate_all("rows => rows.map(r => r.dataset.id)")
    assert "gcp-pmle" in gaps
    row = page.locator("table.gaps tr[data-id=gcp-pmle]").inner_text()
    assert "80-100 h" in row and "$200" in row


def test_shortlist_of_files_and_a_zip_with_a_broken_file(page, shots, tmp_path):
    page.goto("/shortlist")
    page.fill("#posting_text", (P / "initech-platform.md").read_text())
    resumes = [Path(f) for f in sorted(glob.glob(str(R / "*")))]
    page.set_input_files("#resumes", [resumes[0], resumes[1], zipped([*resumes[2:], B / "truncated.pdf"], "inbox", tmp_path)])
    page.click("button[type=submit]")
    page.wait_for_selector("#rank-title")
    ranked = cells(page, "table.ranking", 5)
    assert len(ranked) == 9 and ranked[0] == "aisha-khan.txt"
    assert cells(page, "table.errors", 1) == ["inbox.zip/inbox/truncated.pdf"]
    assert "not a valid PDF" in cells(page, "table.errors", 2)[0]
    with page.expect_download() as info:
        page.click("text=Download CSV")
    assert info.value.suggested_filename == "shortlist.csv"
    rows = list(csv.DictReader(io.StringIO(Path(info.value.path()).read_text())))
    assert [r["path"] for r in rows if r["rank"]] == ranked
    assert rows[-1]["path"] == "inbox.zip/inbox/truncated.pdf" and rows[-1]["error"]
    page.screenshot(path=shots / "shortlist.png", full_page=True)


def test_market_view_of_a_zip_of_postings(page, shots, tmp_path):
    page.goto("/market")
    page.set_input_files("#postings", zipped([Path(f) for f in sorted(glob.glob(str(P / "*")))], "postings", tmp_path))
    page.click("button[type=submit]")
    page.wait_for_selector("#stats-title")
    assert page.inner_text("#stats-title").startswith("5 postings")
    bars = page.locator("svg.chart-bars rect.fill-req")
    assert bars.count() >= 3
    assert bars.first.get_attribute("width") == "60.0%"
    first = page.locator("table.stats tbody tr").first
    assert first.get_attribute("data-id") == "aws-ml-specialty" and "60%" in first.inner_text()
    page.screenshot(path=shots / "market-view.png", full_page=True)


def test_hostile_text_runs_nothing_and_loads_nothing(page, server, shots):
    dialogs: list[str] = []
    requests: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.on("request", lambda r: requests.append(r.url))
    cv = ("Mallory Example\nCertifications\n<script>alert('script')</script>\n"
          "AWS Certified Machine Learning – Specialty, 2024 <img src=x onerror=alert('img')>\n"
          '<img src="http://192.0.2.1/beacon.png"> <iframe src="http://192.0.2.1/"></iframe>\n'
          "Google Cloud Professional Machine Learning Engineer <svg onload=alert('svg')>, 2025\n")
    page.goto("/audit")
    page.set_input_files("#resume", {"name": "<img src=x onerror=alert('name')>.txt", "mimeType": "text/plain",
                                     "buffer": cv.encode()})
    page.fill("#posting_text", "Requirements\n- AWS Certified Machine Learning – Specialty <script>alert('p')</script>\n")
    page.click("button[type=submit]")
    page.wait_for_selector("#audit-title")
    page.wait_for_timeout(300)  # time for anything that would run or load
    assert dialogs == []
    assert all(u.startswith(server) or u.startswith("data:") for u in requests), requests
    assert "<img src=x onerror=alert('name')>.txt" in page.inner_text("#audit-title")
    assert "onerror=alert('img')" in page.locator("table.held").inner_text()
    assert page.locator("main img, main iframe, main script").count() == 0
    page.screenshot(path=shots / "hostile-text.png", full_page=True)


def _tab_to(page, selector: str, limit: int = 40) -> None:
    """Press Tab until ``selector`` has the focus (bounded)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement && document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def test_keyboard_only_posting_check_and_audit(page):
    page.goto("/")
    _tab_to(page, "a[href='/posting']")
    page.keyboard.press("Enter")
    page.wait_for_url("**/posting")
    _tab_to(page, "#text")
    page.keyboard.type("Requirements\n- Google Cloud Professional Machine Learning Engineer\n")
    _tab_to(page, "button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_selector("#demands-title")
    assert page.locator("table[data-level=required] tbody tr").get_attribute("data-id") == "gcp-pmle"

    page.goto("/")
    _tab_to(page, "a[href='/audit']")
    page.keyboard.press("Enter")
    page.wait_for_url("**/audit")
    _tab_to(page, "#resume")
    with page.expect_file_chooser() as chooser:
        page.keyboard.press("Space")
    chooser.value.set_files(R / "jordan-smith.docx")
    _tab_to(page, "#posting_text")
    page.keyboard.type("Requirements\n- AWS Certified Machine Learning Engineer - Associate\n")
    _tab_to(page, "#cloud")
    page.keyboard.press("ArrowDown")  # AWS
    _tab_to(page, "button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_selector("#audit-title")
    assert "jordan-smith.docx against pasted text" in page.inner_text("#audit-title")
    assert page.locator("#cloud").input_value() == "aws"
    assert page.locator("table.audit-demands tr[data-state=missing]").count() == 1


def test_the_index_page_leads_to_each_page(page, shots):
    page.goto("/")
    links = page.locator("main .card h2 a").evaluate_all("as => as.map(a => a.getAttribute('href'))")
    assert links == ["/posting", "/audit", "/shortlist", "/market"]
    page.screenshot(path=shots / "home.png", full_page=True)
