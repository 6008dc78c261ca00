"""The JSON API and the pages through FastAPI's TestClient, on the real sample files: the same
answers as the CLI, in its contracts; limits, Host checks, escaping and clean-up."""

from __future__ import annotations

import glob
import io
import json
import tempfile
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from scanner.cli import cli
from tests.conftest import SAMPLES

R = SAMPLES / "resumes"
P = SAMPLES / "postings"
B = SAMPLES / "broken"

THREE_CLOUDS = """Senior Machine Learning Engineer
Our platform runs on AWS.
Requirements
- AWS Certified Machine Learning – Specialty
- Google Cloud Professional Machine Learning Engineer
- Microsoft Certified: Azure AI Engineer Associate
Nice to have
- DeepLearning.AI Deep Learning Specialization
"""


def upload(path: Path, name: str | None = None) -> tuple[str, bytes]:
    return (name or path.name, path.read_bytes())


def cli_json(*args) -> dict:
    result = CliRunner().invoke(cli, [str(a) for a in args] + ["--format", "json"], catch_exceptions=False)
    return json.loads(result.output)


def without_paths(data):
    """A contract with the names of files left out (the CLI names paths, the app upload names)."""
    if isinstance(data, dict):
        return {k: without_paths(v) for k, v in data.items() if k not in ("file", "path", "resume", "posting")}
    if isinstance(data, list):
        return [without_paths(v) for v in data]
    return data


def zipped(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return buf.getvalue()


# --- the four answers --------------------------------------------------------------------------

def test_demands_from_pasted_text_applies_the_guide(client):
    r = client.post("/api/demands", data={"text": THREE_CLOUDS})
    assert r.status_code == 200
    data = r.json()
    assert data["schema"] == "credscan.demands/2" and data["posting"] == "pasted text"
    assert [d["id"] for d in data["required"]] == ["aws-ml-specialty", "gcp-pmle", "azure-ai-engineer"]
    assert [d["id"] for d in data["preferred"]] == ["dlai-deep-learning-specialization"]
    assert [a["rule"] for a in data["advice"]] == ["three-clouds"]
    assert "overkill" in data["advice"][0]["text"] and "the posting says" in data["advice"][0]["text"]
    assert any("retired" in w for w in data["warnings"])
    assert data["required"][0]["evidence"]["match"] == "AWS Certified Machine Learning - Specialty"  # dashes folded


@pytest.mark.parametrize("posting", ["northwind-mlops.pdf", "contoso-ai-engineer.docx", "acme-ml-engineer.html",
                                     "globex-data-scientist.txt"])
def test_demands_of_an_uploaded_posting_equal_the_cli(client, posting):
    r = client.post("/api/demands", files={"file": upload(P / posting)})
    assert r.status_code == 200, r.text
    assert r.json()["posting"] == posting
    assert without_paths(r.json()) == without_paths(cli_json("demands", P / posting))


def test_audit_of_a_pdf_against_an_html_posting_equals_the_cli(client):
    r = client.post("/api/audit", files={"resume": upload(R / "priya-raman-two-column.pdf"),
                                         "posting": upload(P / "acme-ml-engineer.html")})
    assert r.status_code == 200, r.text
    data = r.json()
    assert data["schema"] == "credscan.audit/1"
    assert (data["resume"], data["posting"]) == ("priya-raman-two-column.pdf", "acme-ml-engineer.html")
    assert data["required"]["matched"][0]["evidence"]["page"] == 1
    cli = cli_json("audit", R / "priya-raman-two-column.pdf", "--against", P / "acme-ml-engineer.html")
    assert without_paths(data) == without_paths(cli)


def test_audit_with_a_pasted_posting_and_a_cloud(client):
    posting = (P / "globex-data-scientist.txt").read_text()
    r = client.post("/api/audit", files={"resume": upload(R / "jordan-smith.docx")},
                    data={"posting_text": posting, "cloud": "azure"})
    assert r.status_code == 200, r.text
    data = r.json()
    assert data["posting"] == "pasted text" and data["cloud"] == "azure"
    assert [m["id"] for m in data["required"]["missing"]] == ["aws-ml-specialty"]
    assert any(x["rule"] == "cloud-add" and "Azure" in x["text"] for x in data["advice"])


def test_audit_without_a_posting_is_against_the_guide(client):
    r = client.post("/api/audit", files={"resume": upload(R / "aisha-khan.txt")})
    data = r.json()
    assert data["posting"] is None and data["coverage"] is None
    assert data["held"] and data["advice"][0]["kind"] == "foundation"


def test_rank_of_a_zip_with_a_broken_file_inside(client):
    members = {f"cvs/{Path(f).name}": Path(f).read_bytes() for f in sorted(glob.glob(str(R / "*")))}
    members["cvs/truncated.pdf"] = (B / "truncated.pdf").read_bytes()
    members["cvs/legacy.doc"] = (B / "legacy.doc").read_bytes()
    members["cvs/.hidden.txt"] = b"AWS Certified Machine Learning - Specialty"
    members["__MACOSX/cvs/._aisha-khan.txt"] = b"\x00\x05\x16\x07"
    r = client.post("/api/rank", files=[("resumes", ("cvs.zip", zipped(members))),
                                        ("posting", upload(P / "acme-ml-engineer.html"))])
    assert r.status_code == 200, r.text
    data = r.json()
    assert data["schema"] == "credscan.rank/1"
    ranked = [x["path"] for x in data["results"]]
    assert len(ranked) == 9 and all(p.startswith("cvs.zip/cvs/") for p in ranked)
    assert ranked[0] == "cvs.zip/cvs/priya-raman-two-column.pdf"
    errors = {e["path"]: e["error"] for e in data["errors"]}
    assert set(errors) == {"cvs.zip/cvs/truncated.pdf", "cvs.zip/cvs/legacy.doc"}
    assert "cvs.zip/cvs/legacy.doc" in errors["cvs.zip/cvs/legacy.doc"] and "convert" in errors["cvs.zip/cvs/legacy.doc"]
    cli = cli_json("rank", P / "acme-ml-engineer.html", R, "--no-db", "--quiet")
    assert [(x["score"], Path(x["path"]).name) for x in data["results"]] == \
           [(x["score"], Path(x["path"]).name) for x in cli["results"]]


def test_rank_as_csv(client):
    r = client.post("/api/rank?format=csv", files=[("resumes", upload(R / "aisha-khan.txt")),
                                                   ("resumes", upload(R / "tomas-novak.md")),
                                                   ("resumes", upload(B / "empty.txt"))],
                    data={"posting_text": (P / "initech-platform.md").read_text()})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    rows = list(__import__("csv").DictReader(io.StringIO(r.text)))
    assert [row["path"] for row in rows] == ["aisha-khan.txt", "tomas-novak.md", "empty.txt"]
    assert rows[0]["rank"] == "1" and rows[2]["error"].startswith("empty.txt: ")


def test_stats_of_many_postings_equal_the_cli(client):
    files = [("postings", upload(Path(f))) for f in sorted(glob.glob(str(P / "*")))]
    files.append(("postings", upload(R / "aisha-khan.txt")))  # a resume: left out, and said so
    data = client.post("/api/stats", files=files).json()
    assert data["schema"] == "credscan.stats/1" and data["postings"] == 5
    assert [s["path"] for s in data["skipped"]] == ["aisha-khan.txt"]
    cli = cli_json("stats", P, R / "aisha-khan.txt", "--no-db", "--quiet")
    assert without_paths(data) == without_paths(cli)


# --- pages -----------------------------------------------------------------------------------

def test_pages_render_and_load_nothing_from_elsewhere(client):
    for path in ("/", "/posting", "/audit", "/shortlist", "/market", "/api"):
        r = client.get(path)
        assert r.status_code == 200, path
        assert "<script" not in r.text and "http://" not in r.text.replace("http://127.0.0.1:8000/api", "")
        assert "https://" not in r.text, path
        assert "default-src 'none'" in r.headers["content-security-policy"]
    assert client.get("/static/credscan.css").status_code == 200
    assert client.get("/openapi.json").json()["paths"].keys() >= {"/api/demands", "/api/audit", "/api/rank", "/api/stats"}
    assert client.get("/docs").status_code == 404  # FastAPI's docs load from a CDN: left out


def test_posting_page_shows_evidence_highlighted_and_downloads(client):
    r = client.post("/posting", files={"file": upload(P / "globex-data-scientist.txt")})
    assert r.status_code == 200
    assert "Must hold the <mark>AWS Certified Machine Learning - Specialty</mark> (MLS-C01)." in r.text
    assert 'download="demands.csv"' in r.text and 'href="data:text/csv;base64,' in r.text


def test_hostile_text_and_names_are_escaped(client):
    cv = ("Jane Doe\nCertifications\n<script>alert('cv')</script>\n"
          "AWS Certified Machine Learning – Specialty, 2024 <img src=x onerror=alert(1)>\n")
    r = client.post("/audit", files={"resume": ("<img src=x onerror=alert(2)>.txt", cv.encode())})
    assert r.status_code == 200, r.text
    assert "<script>alert" not in r.text and "<img src=x" not in r.text
    assert "&lt;img src=x onerror=alert(1)&gt;" in r.text and "&lt;img src=x onerror=alert(2)&gt;.txt" in r.text


def test_page_input_errors_are_said_on_the_page(client):
    r = client.post("/posting", data={"text": "   "})
    assert r.status_code == 400 and "Paste the posting" in r.text and 'role="alert"' in r.text
    r = client.post("/audit", files={"resume": upload(B / "encrypted-user-password.pdf")})
    assert r.status_code == 422 and "encrypted-user-password.pdf" in r.text and "password" in r.text
    r = client.post("/api/audit", files={"resume": upload(B / "truncated.pdf")})
    assert r.status_code == 422 and "truncated.pdf" in r.json()["error"]
    r = client.post("/api/audit", files={"resume": upload(R / "aisha-khan.txt")}, data={"cloud": "ibm"})
    assert r.status_code == 400 and "cloud must be one of" in r.json()["error"]


# --- safety ----------------------------------------------------------------------------------

def test_a_host_it_does_not_serve_is_refused(client):
    assert client.get("/", headers={"host": "attacker.example:8000"}).status_code == 400
    assert client.get("/", headers={"host": "localhost:8000"}).status_code == 200
    assert client.get("/", headers={"host": "127.0.0.1:8000"}).status_code == 200
    assert client.get("/", headers={"host": "[::1]:8000"}).status_code == 200


def test_request_size_limits():
    from fastapi.testclient import TestClient

    from scanner.web.app import Settings, create_app
    from scanner.web.uploads import UploadLimits

    limits = UploadLimits(max_request_bytes=50_000, max_files=3)
    with TestClient(create_app(Settings(allowed_hosts=("testserver",), limits=limits), warm=False)) as c:
        r = c.post("/api/demands", files={"file": ("big.txt", b"x" * 60_000)})
        assert r.status_code == 413
        r = c.post("/api/stats", files=[("postings", (f"p{i}.txt", b"AWS")) for i in range(4)])
        assert r.status_code == 413 and "more than 3 documents" in r.json()["error"]

        def chunked():  # no Content-Length: the body is counted as it arrives
            yield b'--x\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\n\r\n'
            for _ in range(60):
                yield b"a" * 1000
            yield b"\r\n--x--\r\n"

        r = c.post("/api/demands", content=chunked(), headers={"content-type": "multipart/form-data; boundary=x"})
        assert r.status_code == 413 and "limit 49 KB" in r.text


def test_uploads_live_only_for_the_request(client):
    before = set(Path(tempfile.gettempdir()).glob("credscan-web-*"))
    client.post("/api/rank", files=[("resumes", upload(R / "aisha-khan.txt")), ("posting", upload(P / "acme-ml-engineer.html"))])
    client.post("/api/audit", files={"resume": upload(B / "truncated.pdf")})
    assert set(Path(tempfile.gettempdir()).glob("credscan-web-*")) <= before


def test_a_file_that_hangs_is_cut_off_and_the_others_answered(monkeypatch):
    from fastapi.testclient import TestClient

    from scanner.web.app import Settings, create_app

    monkeypatch.setenv("CREDSCAN_TEST_HANG", "hang-me")
    with TestClient(create_app(Settings(allowed_hosts=("testserver",), timeout=1.0), warm=False)) as c:
        r = c.post("/api/rank", files=[("resumes", ("hang-me.txt", b"AWS Certified Machine Learning - Specialty")),
                                       ("resumes", upload(R / "aisha-khan.txt"))],
                   data={"posting_text": (P / "acme-ml-engineer.html").read_text()})
    data = r.json()
    assert [e["code"] for e in data["errors"]] == ["timeout"]
    assert data["errors"][0]["error"] == "hang-me.txt: timed out after 1 s"
    assert [x["path"] for x in data["results"]] == ["aisha-khan.txt"]


def test_a_single_document_is_read_in_a_worker_too(monkeypatch):
    """One CV is not read in the server's process either: a hang is cut off there as well."""
    from fastapi.testclient import TestClient

    from scanner.web.app import Settings, create_app

    monkeypatch.setenv("CREDSCAN_TEST_HANG", "hang-me")
    with TestClient(create_app(Settings(allowed_hosts=("testserver",), timeout=1.0), warm=False)) as c:
        r = c.post("/api/audit", files={"resume": ("hang-me.txt", b"AWS Certified Machine Learning - Specialty")})
    assert r.status_code == 422 and r.json()["error"] == "hang-me.txt: timed out after 1 s"
