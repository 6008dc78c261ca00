"""Fixtures of the web tests: one app for the API tests (FastAPI's TestClient), and for the
browser tests one real server (``python -m scanner serve`` on a free loopback port) and one
headless Chromium (Debian's, driven by Playwright) for the whole session.

Without Chromium or Playwright the browser tests skip, and the reason is printed at the end.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import warnings
from pathlib import Path

import pytest

from tests.conftest import ROOT

fastapi = pytest.importorskip("fastapi", reason="the web extra is not installed: pip install -e '.[web]'")
with warnings.catch_warnings():  # starlette's note that it prefers httpx2 to httpx
    warnings.simplefilter("ignore")
    import fastapi.testclient  # noqa: F401

CHROMIUM = os.environ.get("CREDSCAN_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
_SKIPPED: list[str] = []


@pytest.fixture(scope="session")
def client():
    from fastapi.testclient import TestClient

    from scanner.web.app import Settings, create_app

    with TestClient(create_app(Settings(allowed_hosts=("testserver",)))) as c:
        yield c


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    """The app as a user runs it, on a free loopback port; its base URL."""
    port = free_port()
    log = tmp_path_factory.mktemp("server") / "serve.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen([sys.executable, "-m", "scanner", "serve", "--port", str(port), "--timeout", "20"],
                                cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while "serving on" not in log.read_text(errors="replace"):
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"credscan serve did not start:\n{log.read_text(errors='replace')}")
            time.sleep(0.1)
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _no_browser(reason: str):
    _SKIPPED.append(reason)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _no_browser("browser tests skipped: Playwright for Python is not installed (pip install playwright)")
    if not (os.access(CHROMIUM, os.X_OK) or shutil.which("chromium")):
        _no_browser(f"browser tests skipped: no Chromium at {CHROMIUM} (apt-get install -y chromium)")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM if os.access(CHROMIUM, os.X_OK) else shutil.which("chromium"),
                              args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="session")
def shots(tmp_path_factory) -> Path:
    """Where the browser tests save their screenshots: the session's output, or the folder named
    by CREDSCAN_SCREENSHOTS (the README's come from docs/screenshots)."""
    folder = os.environ.get("CREDSCAN_SCREENSHOTS")
    if folder:
        path = Path(folder)
        path.mkdir(parents=True, exist_ok=True)
        return path
    return tmp_path_factory.mktemp("screenshots")


@pytest.fixture
def page(browser, server):
    context = browser.new_context(base_url=server, viewport={"width": 1100, "height": 900}, accept_downloads=True)
    pg = context.new_page()
    pg.set_default_timeout(30_000)
    yield pg
    context.close()


def pytest_terminal_summary(terminalreporter):
    for reason in dict.fromkeys(_SKIPPED):
        terminalreporter.write_line(f"NOTE: {reason}")
