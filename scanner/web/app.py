"""The local web app: a posting check, a CV audit, a shortlist and a market view, and a JSON API.

Four pages with plain HTML forms (no script anywhere; the one stylesheet is served from here, so
nothing loads from a CDN and it works offline) and an API beside them that returns the CLI's
contracts (``credscan.demands/2``, ``audit/1``, ``rank/1``, ``stats/1``), described by the
OpenAPI schema at ``/openapi.json``. FastAPI's ``/docs`` pages load their scripts from a CDN, so
they are left out; ``/api`` lists the endpoints instead.

Answers are built by the functions the CLI calls (``scanner.service``, ``scanner.report``,
``scanner.render.views``). What differs is how documents are scanned: they come from strangers,
so every document is scanned in a worker process under the per-file time limit
(``scanner.batch.run_batch``), forked from the batch's server process that holds the warm
pipeline; one hostile file becomes an error row and cannot hang the server.

Safety: the app answers only requests whose Host header names the address it serves (DNS
rebinding); the body of a request is limited (Content-Length, then counted as it arrives); each
response forbids scripts, frames and loads from anywhere else (Content-Security-Policy); uploads
are read into memory, staged in a private temporary folder for the workers and removed when the
request ends; no results store is written.
"""

from __future__ import annotations

import base64
import datetime as dt
import io
import ipaddress
import json
import os
import threading
from collections.abc import Callable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Annotated, Any

from fastapi import FastAPI, File, Form, HTTPException, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.concurrency import run_in_threadpool

from scanner import __version__
from scanner.documents.limits import size
from scanner.render import View, emit
from scanner.render.html import environment
from scanner.render.views import audit_view, demands_view, rank_view, stats_view
from scanner.report import rank as build_rank
from scanner.report import stats as build_stats
from scanner.results import ScanResult
from scanner.service import Staged, Unreadable, audit_documents, check_posting, document_text
from scanner.web.uploads import TooMuch, Upload, UploadLimits, collect

CLOUDS = ("aws", "gcp", "azure")
NAV = (("/posting", "Posting check"), ("/audit", "CV audit"), ("/shortlist", "Shortlist"), ("/market", "Market view"),
       ("/api", "API"))
PASTED_POSTING = "pasted text"
SECURITY_HEADERS = [
    (b"content-security-policy", b"default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
                                 b"frame-ancestors 'none'; base-uri 'none'"),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cache-control", b"no-store"),
]


@dataclass(frozen=True, slots=True)
class Settings:
    """How the app serves. ``allowed_hosts``: extra names the Host header may carry (the bound
    address, ``localhost`` and the loopback addresses always may); ``workers``: worker processes
    per request (None: the cores); ``timeout``: seconds allowed per file."""

    host: str = "127.0.0.1"
    port: int = 8000
    lexicon_files: tuple[str, ...] = ()
    allowed_hosts: tuple[str, ...] = ()
    workers: int | None = None
    timeout: float = 30.0
    limits: UploadLimits = field(default_factory=UploadLimits)
    concurrent_jobs: int = 2  # requests scanning at once; others wait their turn

    def hosts(self) -> frozenset[str]:
        return frozenset({self.host.lower(), "localhost", "127.0.0.1", "::1",
                          *(h.lower() for h in self.allowed_hosts)})


def is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


class Guard:
    """ASGI middleware: refuses a Host header it does not serve (400) and a body over the limit
    (413), and adds the security headers to every response."""

    def __init__(self, app: Any, hosts: frozenset[str], max_body: int) -> None:
        self.app, self.hosts, self.max_body = app, hosts, max_body

    @staticmethod
    def _hostname(value: str) -> str:
        value = value.strip().lower()
        if value.startswith("["):  # [::1]:8000
            return value[1:value.find("]")] if "]" in value else value
        return value.rsplit(":", 1)[0] if value.count(":") == 1 else value

    async def __call__(self, scope: dict[str, Any], receive: Callable[..., Any], send: Callable[..., Any]) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", ())}
        if self._hostname(headers.get("host", "")) not in self.hosts:
            await PlainTextResponse("Invalid host header", status_code=400)(scope, receive, send)
            return
        length = headers.get("content-length", "")
        if length.isdigit() and int(length) > self.max_body:
            await PlainTextResponse(f"Request too large (limit {size(self.max_body)})",
                                    status_code=413)(scope, receive, send)
            return
        seen = 0

        async def counted() -> dict[str, Any]:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_body:
                    raise HTTPException(413, f"Request too large (limit {size(self.max_body)})")
            return message

        async def secured(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                message = {**message, "headers": [*message.get("headers", ()), *SECURITY_HEADERS]}
            await send(message)

        await self.app(scope, counted, secured)


class Engine:
    """Scans staged documents in worker processes under the per-file time limit, with no results
    store; at most ``concurrent_jobs`` requests scan at once."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
        # at least 2: run_batch scans a single file in the calling process when asked for one
        # worker, and this server must never read a stranger's file outside a worker
        self.workers = max(2, settings.workers or cores)
        self.jobs = threading.BoundedSemaphore(settings.concurrent_jobs)

    def scan_many(self, paths: Sequence[str], kind: str | None) -> list[ScanResult]:
        from scanner.batch import run_batch

        if not paths:
            return []
        with self.jobs:
            return list(run_batch(list(paths), lexicon_files=self.settings.lexicon_files, kind=kind,
                                  workers=self.workers, timeout=self.settings.timeout, db=None, progress=False))

    def warm(self) -> None:
        """Start the workers' server (it imports spaCy and builds the pipeline, about a second)
        before the first request rather than during it."""
        with Staged(prefix="credscan-web-") as staged:
            self.scan_many([staged.add(b"Warm-up: AWS Certified Machine Learning - Specialty\n", "warm.txt")], None)


class Job:
    """One request's documents: staged while it runs, scanned by the engine, named back as the
    user knows them; ``scan`` is the ``service.Scan`` the shared functions call, answering
    from results already scanned in one batch where it can."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.staged = Staged(prefix="credscan-web-")
        self.known: dict[tuple[str, str | None], ScanResult] = {}
        self.texts: dict[str, str] = {}
        self.failed: list[Upload] = []

    def add(self, upload: Upload) -> str | None:
        if upload.error is not None or upload.data is None:
            self.failed.append(upload)
            return None
        return self.staged.add(upload.data, upload.name)

    def add_text(self, text: str, name: str) -> str:
        path = self.staged.add(text.encode("utf-8"), name + ".txt")
        self.staged.names[path] = name
        self.texts[path] = text
        return path

    def prescan(self, paths: Sequence[str], kind: str | None = None) -> list[ScanResult]:
        results = [self.staged.named(r) for r in self.engine.scan_many(paths, kind)]
        for p, r in zip(paths, results, strict=True):
            self.known[(p, kind)] = r
        return results

    def scan(self, path: str, kind: str | None) -> ScanResult:
        if (path, kind) not in self.known:
            self.prescan([path], kind)
        return self.known[(path, kind)]

    def text_of(self, path: str) -> str | None:
        """The posting's text: as pasted, or read here only once a worker has read it in time."""
        if path in self.texts:
            return self.texts[path]
        done = self.known.get((path, None)) or self.known.get((path, "posting"))
        return document_text(path) if done is not None and done.ok else None

    def error_results(self) -> list[ScanResult]:
        return [ScanResult.failed(u.name, u.error or f"{u.name}: cannot be read", u.code) for u in self.failed]

    def close(self) -> None:
        self.staged.close()


class InputError(Exception):
    """What the user sent cannot be answered (nothing uploaded, a document unreadable)."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


# --- reading a request's documents --------------------------------------------------------------

def _given(upload: UploadFile | None) -> bool:
    return upload is not None and bool(upload.filename)


async def _read(upload: UploadFile, limit: int) -> bytes:
    data = await upload.read(limit + 1)
    await upload.close()
    return data


async def _files(uploads: Sequence[UploadFile] | None, limits: UploadLimits) -> list[Upload]:
    raw = [(u.filename or "upload", await _read(u, limits.max_zip_bytes)) for u in (uploads or ()) if _given(u)]
    try:
        return collect(raw, limits)
    except TooMuch as exc:
        raise InputError(str(exc), 413) from None


async def _one(upload: UploadFile | None, text: str | None, limits: UploadLimits, what: str) -> Upload | str | None:
    """A document given as a file or as pasted text (the file wins); None when neither."""
    if _given(upload):
        assert upload is not None
        docs = await _files([upload], limits)
        if len(docs) != 1:
            raise InputError(f"the {what} must be one document, not an archive of {len(docs)}")
        return docs[0]
    if text and text.strip():
        if len(text) > limits.max_text_chars:
            raise InputError(f"the pasted {what} is too long ({len(text):,} characters, limit {limits.max_text_chars:,})", 413)
        return text
    return None


# --- the app ----------------------------------------------------------------------------------

def create_app(settings: Settings | None = None, *, on_ready: Callable[[], None] | None = None,
               warm: bool = True) -> FastAPI:
    """The app, ready for uvicorn or a test client. ``warm``: start the scanning workers' server
    at start-up; ``on_ready``: called once it is (``--open`` opens the browser there)."""
    settings = settings or Settings()
    engine = Engine(settings)
    limits = settings.limits

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        from scanner.lexicon import cached_lexicon

        cached_lexicon(settings.lexicon_files)  # a bad lexicon fails here, not on the first request
        if warm:
            await run_in_threadpool(engine.warm)
        if on_ready is not None:
            on_ready()
        yield

    app = FastAPI(title="credscan", version=__version__, docs_url=None, redoc_url=None, lifespan=lifespan,
                  description="Which machine-learning credentials resumes and job postings mention, with "
                              "status, requirement level, evidence and gaps. Runs locally: nothing leaves "
                              "this computer.")
    app.state.settings = settings
    app.state.engine = engine
    app.add_middleware(Guard, hosts=settings.hosts(), max_body=limits.max_request_bytes)
    from importlib import resources

    app.mount("/static", StaticFiles(directory=str(resources.files("scanner.web") / "static")), name="static")
    env = environment()

    def lexicon():
        from scanner.lexicon import cached_lexicon

        return cached_lexicon(settings.lexicon_files)

    def page(template: str, active: str, status: int = 200, **context: Any) -> HTMLResponse:
        html = env.get_template(template).render(standalone=False, nav=NAV, active=active, **context)
        return HTMLResponse(html, status_code=status)

    async def run(fn: Callable[[Job], Any]) -> Any:
        def work() -> Any:
            job = Job(engine)
            try:
                return fn(job)
            except Unreadable as exc:
                raise InputError(str(exc), 422) from None
            finally:
                job.close()

        return await run_in_threadpool(work)

    # --- the four answers, shared by pages and API ----------------------------------------------

    def posting_answer(doc: Upload | str):
        def fn(job: Job) -> tuple[dict[str, Any], View]:
            path = job.add_text(doc, PASTED_POSTING) if isinstance(doc, str) else job.add(doc)
            if path is None:
                assert isinstance(doc, Upload)
                raise InputError(doc.error or "the posting cannot be read", 422)
            dem, result = check_posting(job.scan, path, lexicon(), text_of=job.text_of)
            return dem.to_dict(), demands_view(dem, result.path)

        return fn

    def audit_answer(resume: Upload, posting: Upload | str | None, cloud: str | None):
        def fn(job: Job) -> tuple[dict[str, Any], View]:
            resume_path = job.add(resume)
            if resume_path is None:
                raise InputError(resume.error or "the resume cannot be read", 422)
            posting_path = None
            if posting is not None:
                posting_path = job.add_text(posting, PASTED_POSTING) if isinstance(posting, str) else job.add(posting)
                if posting_path is None:
                    assert isinstance(posting, Upload)
                    raise InputError(posting.error or "the posting cannot be read", 422)
            job.prescan([p for p in (resume_path, posting_path) if p])  # one batch for both
            ans = audit_documents(job.scan, resume_path, posting_path, lexicon(), cloud=cloud, as_of=dt.date.today(),
                                  text_of=job.text_of)
            return ans.audit.to_dict(), audit_view(ans.audit)

        return fn

    def rank_answer(posting: Upload | str, resumes: list[Upload], kind: str | None):
        def fn(job: Job) -> tuple[dict[str, Any], View]:
            from scanner.service import scan_as

            posting_path = job.add_text(posting, PASTED_POSTING) if isinstance(posting, str) else job.add(posting)
            if posting_path is None:
                assert isinstance(posting, Upload)
                raise InputError(posting.error or "the posting cannot be read", 422)
            paths = [p for p in (job.add(u) for u in resumes) if p]
            post, _ = scan_as(job.scan, posting_path, "posting")
            results = [*job.prescan(paths, kind), *job.error_results()]
            ranking = build_rank(post, results, lexicon(), as_of=dt.date.today())
            return ranking.to_dict(), rank_view(ranking, post.path)

        return fn

    def stats_answer(postings: list[Upload], kind: str | None):
        def fn(job: Job) -> tuple[dict[str, Any], View]:
            paths = [p for p in (job.add(u) for u in postings) if p]
            st = build_stats([*job.prescan(paths, kind), *job.error_results()], lexicon())
            return st.to_dict(), stats_view(st)

        return fn

    # --- pages ----------------------------------------------------------------------------------

    @app.exception_handler(InputError)
    async def input_error(request: Request, exc: InputError) -> Response:
        if request.url.path.startswith("/api/"):
            return JSONResponse({"error": str(exc)}, status_code=exc.status)
        template, active = PAGE_OF.get(request.url.path, ("index.html", "/"))
        return page(template, active, exc.status, error=str(exc), form=getattr(request.state, "form", {}))

    PAGE_OF = {"/posting": ("posting.html", "/posting"), "/audit": ("audit.html", "/audit"),
               "/shortlist": ("shortlist.html", "/shortlist"), "/market": ("market.html", "/market")}

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def index() -> HTMLResponse:
        return page("index.html", "/")

    @app.get("/posting", response_class=HTMLResponse, include_in_schema=False)
    def posting_form() -> HTMLResponse:
        return page("posting.html", "/posting", form={})

    @app.post("/posting", response_class=HTMLResponse, include_in_schema=False)
    async def posting_page(request: Request, text: Annotated[str, Form()] = "",
                           file: Annotated[UploadFile | None, File()] = None) -> HTMLResponse:
        request.state.form = {"text": text}
        doc = await _one(file, text, limits, "posting")
        if doc is None:
            raise InputError("Paste the posting's text or choose its file.")
        data, view = await run(posting_answer(doc))
        return page("posting.html", "/posting", data=data, form={"text": text},
                    downloads=_downloads(data, view, "demands"))

    @app.get("/audit", response_class=HTMLResponse, include_in_schema=False)
    def audit_form() -> HTMLResponse:
        return page("audit.html", "/audit", form={})

    @app.post("/audit", response_class=HTMLResponse, include_in_schema=False)
    async def audit_page(request: Request, resume: Annotated[UploadFile | None, File()] = None,
                         posting: Annotated[UploadFile | None, File()] = None,
                         posting_text: Annotated[str, Form()] = "", cloud: Annotated[str, Form()] = "") -> HTMLResponse:
        form = {"posting_text": posting_text, "cloud": cloud}
        request.state.form = form
        res = await _one(resume, None, limits, "resume")
        if not isinstance(res, Upload):
            raise InputError("Choose your CV (PDF, DOCX, TXT, Markdown, HTML, LaTeX, JSON Resume or RTF).")
        post = await _one(posting, posting_text, limits, "posting")
        data, view = await run(audit_answer(res, post, _cloud(cloud)))
        return page("audit.html", "/audit", data=data, form=form, downloads=_downloads(data, view, "audit"))

    @app.get("/shortlist", response_class=HTMLResponse, include_in_schema=False)
    def shortlist_form() -> HTMLResponse:
        return page("shortlist.html", "/shortlist", form={})

    @app.post("/shortlist", response_class=HTMLResponse, include_in_schema=False)
    async def shortlist_page(request: Request, resumes: Annotated[list[UploadFile] | None, File()] = None,
                             posting: Annotated[UploadFile | None, File()] = None,
                             posting_text: Annotated[str, Form()] = "",
                             all_resumes: Annotated[str, Form()] = "") -> HTMLResponse:
        form = {"posting_text": posting_text, "all_resumes": bool(all_resumes)}
        request.state.form = form
        post = await _one(posting, posting_text, limits, "posting")
        if post is None:
            raise InputError("Paste the posting's text or choose its file.")
        docs = await _files(resumes, limits)
        if not docs:
            raise InputError("Choose the resumes to rank (files, or a zip of them).")
        data, view = await run(rank_answer(post, docs, "resume" if all_resumes else None))
        return page("shortlist.html", "/shortlist", data=data, form=form, downloads=_downloads(data, view, "shortlist"))

    @app.get("/market", response_class=HTMLResponse, include_in_schema=False)
    def market_form() -> HTMLResponse:
        return page("market.html", "/market", form={})

    @app.post("/market", response_class=HTMLResponse, include_in_schema=False)
    async def market_page(request: Request, postings: Annotated[list[UploadFile] | None, File()] = None,
                          all_postings: Annotated[str, Form()] = "") -> HTMLResponse:
        form = {"all_postings": bool(all_postings)}
        request.state.form = form
        docs = await _files(postings, limits)
        if not docs:
            raise InputError("Choose the postings (files, or a zip of them).")
        data, view = await run(stats_answer(docs, "posting" if all_postings else None))
        return page("market.html", "/market", data=data, form=form, downloads=_downloads(data, view, "market"))

    @app.get("/api", response_class=HTMLResponse, include_in_schema=False)
    def api_page() -> HTMLResponse:
        schema = app.openapi()
        endpoints = []
        for path, ops in schema["paths"].items():
            for method, op in ops.items():
                body = (op.get("requestBody", {}).get("content", {}).get("multipart/form-data", {}).get("schema", {}))
                ref = body.get("$ref", "").rsplit("/", 1)[-1]
                props = schema.get("components", {}).get("schemas", {}).get(ref, {}).get("properties", {})
                params = [p["name"] for p in op.get("parameters", ())]
                endpoints.append({"method": method.upper(), "path": path, "summary": op.get("summary", ""),
                                  "description": op.get("description", ""), "fields": list(props), "params": params})
        return page("api.html", "/api", endpoints=endpoints)

    # --- API ------------------------------------------------------------------------------------

    @app.post("/api/demands", summary="What a posting demands (credscan.demands/2)")
    async def api_demands(text: Annotated[str, Form(description="The posting's text (or send file)")] = "",
                          file: Annotated[UploadFile | None, File(description="The posting's file")] = None) -> JSONResponse:
        """Required, nice-to-have and mentioned credentials, warnings and the guide's advice."""
        doc = await _one(file, text, limits, "posting")
        if doc is None:
            raise InputError("send the posting as text or file")
        data, _ = await run(posting_answer(doc))
        return JSONResponse(data)

    @app.post("/api/audit", summary="A CV against a posting or the guide (credscan.audit/1)")
    async def api_audit(resume: Annotated[UploadFile, File(description="The CV, any supported format")],
                        posting: Annotated[UploadFile | None, File(description="The posting's file")] = None,
                        posting_text: Annotated[str, Form(description="The posting's text")] = "",
                        cloud: Annotated[str, Form(description="Target cloud: aws, gcp or azure")] = "") -> JSONResponse:
        """Matched and missing credentials, coverage, gaps with cost, next steps, evidence."""
        res = await _one(resume, None, limits, "resume")
        if not isinstance(res, Upload):
            raise InputError("send the resume as a file")
        post = await _one(posting, posting_text, limits, "posting")
        data, _ = await run(audit_answer(res, post, _cloud(cloud)))
        return JSONResponse(data)

    @app.post("/api/rank", summary="Resumes ranked against a posting (credscan.rank/1)")
    async def api_rank(resumes: Annotated[list[UploadFile], File(description="Resumes, or zips of them")],
                       posting: Annotated[UploadFile | None, File(description="The posting's file")] = None,
                       posting_text: Annotated[str, Form(description="The posting's text")] = "",
                       all_resumes: Annotated[bool, Form(description="Read every file as a resume")] = False,
                       format: Annotated[str, Query(pattern="^(json|csv)$")] = "json") -> Response:
        """Ranked resumes; files left out (they look like postings) and unreadable files with the reason."""
        post = await _one(posting, posting_text, limits, "posting")
        if post is None:
            raise InputError("send the posting as text or file")
        docs = await _files(resumes, limits)
        data, view = await run(rank_answer(post, docs, "resume" if all_resumes else None))
        return _as(format, data, view)

    @app.post("/api/stats", summary="The market view over postings (credscan.stats/1)")
    async def api_stats(postings: Annotated[list[UploadFile], File(description="Postings, or zips of them")],
                        all_postings: Annotated[bool, Form(description="Read every file as a posting")] = False,
                        format: Annotated[str, Query(pattern="^(json|csv)$")] = "json") -> Response:
        """Per credential, how many postings require, prefer or mention it, and the shares."""
        docs = await _files(postings, limits)
        data, view = await run(stats_answer(docs, "posting" if all_postings else None))
        return _as(format, data, view)

    return app


def _cloud(value: str) -> str | None:
    value = (value or "").strip().lower()
    if value and value not in CLOUDS:
        raise InputError(f"cloud must be one of {', '.join(CLOUDS)}")
    return value or None


def rendered(view: View, fmt: str) -> str:
    out = io.StringIO()
    emit(view, fmt, out)
    return out.getvalue()


def _as(fmt: str, data: dict[str, Any], view: View) -> Response:
    if fmt == "csv":
        return Response(rendered(view, "csv"), media_type="text/csv; charset=utf-8")
    return JSONResponse(data)


def _data_url(text: str, media: str) -> str:
    return f"data:{media};base64," + base64.b64encode(text.encode("utf-8")).decode("ascii")


def _downloads(data: dict[str, Any], view: View, stem: str) -> list[dict[str, str]]:
    """Links that download the answer without asking the server again (it keeps nothing): the
    JSON contract, the CSV a spreadsheet takes, and the self-contained HTML report."""
    from scanner.render.html import html_report

    out = [{"label": "Download CSV", "file": f"{stem}.csv", "href": _data_url(rendered(view, "csv"), "text/csv")}]
    out.append({"label": "Download JSON", "file": f"{stem}.json",
                "href": _data_url(json.dumps(data, indent=2, ensure_ascii=False) + "\n", "application/json")})
    out.append({"label": "Download HTML report", "file": f"{stem}.html", "href": _data_url(html_report(data), "text/html")})
    return out


def serve(settings: Settings, open_browser: bool = False) -> None:
    """Run the app with uvicorn until Ctrl-C."""
    import uvicorn

    url = f"http://{'[' + settings.host + ']' if ':' in settings.host else settings.host}:{settings.port}/"

    def ready() -> None:
        print(f"credscan is serving on {url} (Ctrl-C to stop)", flush=True)
        if open_browser:
            import webbrowser

            threading.Thread(target=webbrowser.open, args=(url,), daemon=True).start()

    app = create_app(settings, on_ready=ready)
    uvicorn.run(app, host=settings.host, port=settings.port, log_level="warning", access_log=False,
                server_header=False)
