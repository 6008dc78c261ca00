"""Fixtures for batch tests: corpora copied from the real samples into tmp_path."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from scanner.documents.limits import DEFAULT_LIMITS
from scanner.pipeline import build_pipeline
from tests.conftest import SAMPLES

GOOD = sorted(
    p for p in (SAMPLES / "resumes").iterdir() if p.is_file()
) + sorted(p for p in (SAMPLES / "postings").iterdir() if p.is_file())
BROKEN = sorted(p for p in (SAMPLES / "broken").iterdir() if p.is_file())
BAD_CODES = {  # broken samples the readers must refuse, with the code they give
    "empty.txt": "no-text",
    "encrypted-user-password.pdf": "encrypted",
    "legacy.doc": "unsupported",
    "many-pages.pdf": "too-large",
    "not-a-zip.docx": "corrupt",
    "truncated.pdf": "corrupt",
    "zip-bomb.docx": "too-large",
}
if not DEFAULT_LIMITS.ocr_engine:  # with Tesseract, OCR reads the scan (tests/ocr)
    BAD_CODES["scanned-image-only.pdf"] = "no-text"


@pytest.fixture(scope="session")
def nlp_now():
    """A pipeline judged against this year, as batch workers build it (``build_pipeline()``)."""
    return build_pipeline()


def copy_corpus(dest: Path, n: int, sources: list[Path] | None = None) -> list[Path]:
    """``n`` real sample files copied under ``dest`` with unique, sortable names."""
    sources = sources or GOOD
    dest.mkdir(parents=True, exist_ok=True)
    out = []
    for i in range(n):
        src = sources[i % len(sources)]
        path = dest / f"{i:04d}-{src.name}"
        shutil.copyfile(src, path)
        out.append(path)
    return out


def mark(files: list[Path], index: int, prefix: str) -> Path:
    """Rename ``files[index]`` to ``prefix`` + its name (what the test hang and crash hooks match
    on), in ``files`` too, and return the new path."""
    marked = files[index].with_name(prefix + files[index].name)
    files[index].rename(marked)
    files[index] = marked
    return marked


@pytest.fixture
def corpus(tmp_path: Path) -> list[Path]:
    """Every good sample once plus every broken one, under tmp_path/in."""
    return copy_corpus(tmp_path / "in", len(GOOD)) + [
        Path(shutil.copyfile(p, tmp_path / "in" / f"broken-{p.name}")) for p in BROKEN
    ]


def without_root_powers(tmp_path: Path) -> list[str]:
    """A command prefix under which file modes apply: nothing for a normal user; for root,
    util-linux ``setpriv`` dropping the capabilities that bypass them. Skips the test where
    modes cannot be enforced."""
    prefix: list[str] = []
    if os.geteuid() == 0:
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            pytest.skip("running as root without setpriv: file modes cannot be enforced")
        prefix = [setpriv, "--bounding-set=-dac_override,-dac_read_search"]
    probe = tmp_path / "probe.txt"
    probe.write_text("x")
    probe.chmod(0)
    try:
        opened = subprocess.run([*prefix, sys.executable, "-c", f"open({str(probe)!r}).read()"],
                                capture_output=True).returncode == 0
    finally:
        probe.unlink()
    if opened:
        pytest.skip("file modes are not enforced here (setpriv could not drop the capabilities)")
    return prefix
