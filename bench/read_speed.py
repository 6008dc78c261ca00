"""How fast are the readers, and what does reading order from geometry cost over raw pypdfium2?

``python bench/read_speed.py [--runs 20] [--plumber-runs 5] [paths ...]``

For every sample file (default: ``samples/resumes``, ``samples/postings``, ``samples/broken``)
it times ``read_document`` on the file's bytes (median of ``--runs``, after one warm-up run; a
file that is refused is timed refusing). For PDFs it also times, on the same bytes, the raw
pypdfium2 extraction (open, ``get_text_range`` on every page, close) and pdfplumber's
``extract_text`` on every page (median of ``--plumber-runs``: it is slow), and prints our
cost as a multiple of the raw extraction. No assertions: this is a measurement.
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pdfplumber
from _pdfium import raw_page_texts

from scanner.documents import DocumentError, read_document

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DIRS = [ROOT / "samples" / d for d in ("resumes", "postings", "broken")]


def median_ms(action: Callable[[], object], runs: int) -> float:
    action()  # warm-up: imports, caches, first page parse
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def ours(data: bytes, name: str) -> Callable[[], object]:
    def run() -> object:
        try:
            return read_document(data, name=name)
        except DocumentError as err:
            return err

    return run


def raw_pypdfium2(data: bytes) -> str:
    return "\n".join(raw_page_texts(data))


def plumber(data: bytes) -> str:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "paths", nargs="*", type=Path, help="files or folders (default: the samples)"
    )
    parser.add_argument("--runs", type=int, default=20, help="timed runs per file (median)")
    parser.add_argument("--plumber-runs", type=int, default=5, help="timed pdfplumber runs per PDF")
    args = parser.parse_args(argv)

    files: list[Path] = []
    for path in args.paths or DEFAULT_DIRS:
        files.extend(sorted(p for p in path.iterdir() if p.is_file()) if path.is_dir() else [path])

    header = f"{'file':46} {'format':18} {'pages':>5} {'ours ms':>8} {'raw ms':>7} {'ours/raw':>8} {'pdfplumber ms':>13}"
    print(header)
    print("-" * len(header))
    ratios = []
    for path in files:
        data = path.read_bytes()
        label = str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)
        label = label.removeprefix("samples/")
        result = ours(data, path.name)()
        if isinstance(result, DocumentError):
            fmt, pages = f"error: {result.code}", "-"
        else:
            fmt, pages = result.format, str(result.pages)
        ours_ms = median_ms(ours(data, path.name), args.runs)
        raw = ratio = plumb = ""
        if not isinstance(result, DocumentError) and result.format == "pdf":
            raw_ms = median_ms(lambda data=data: raw_pypdfium2(data), args.runs)
            plumb_ms = median_ms(lambda data=data: plumber(data), args.plumber_runs)
            ratios.append(ours_ms / raw_ms)
            raw, ratio, plumb = f"{raw_ms:7.2f}", f"{ours_ms / raw_ms:7.1f}x", f"{plumb_ms:13.1f}"
        print(f"{label:46} {fmt:18} {pages:>5} {ours_ms:8.2f} {raw:>7} {ratio:>8} {plumb:>13}")
    if ratios:
        print(f"\nPDFs: ours / raw pypdfium2 median {statistics.median(ratios):.1f}x "
              f"(range {min(ratios):.1f}x to {max(ratios):.1f}x)")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
