"""OCR for what has no text layer: scanned PDF pages and image files, read by Tesseract 5.

Tesseract is run as the ``tesseract`` command, one process per page image piped in as PGM,
its TSV output read back (words with their confidence and their block, paragraph and line).
pytesseract does the same through temporary files; calling the command directly lets each run
get its own environment and time limit, and adds no dependency beyond Tesseract itself (a
system package: ``apt-get install tesseract-ocr``). Pillow, which pdfplumber already brings,
decodes image files.

What a caller can rely on:

- One page costs one Tesseract run with automatic page segmentation (``--psm 3``) under
  ``OMP_THREAD_LIMIT=1`` (unless the environment sets it): Tesseract's own threads only contend
  with the other workers of a batch. When most words come back with low confidence, the
  page is taken to be turned: orientation detection (``--psm 0``, Debian's tesseract-ocr-osd;
  without it each quarter turn is tried) says by how much, and the page is read again turned
  right. Small skew (a few degrees) Tesseract's line finder takes as it is.
- A page has ``Limits.ocr_page_seconds`` for all of that; a page that takes longer is given up
  (its Tesseract killed) and named in the document's warnings. On Linux a Tesseract process
  also dies with the process that started it, so a batch worker killed at its time limit
  leaves nothing running.
- Lines read by OCR carry :class:`OcrText` (each word's confidence), so every mention found
  on them can say so. A bullet Tesseract reads as a letter or a sign ("e", "¢", "°") at the
  start of a line becomes "•" again, so the line is a list item as in the digital file.
- The same page image is not read twice in one process (the last few pages are remembered):
  the CLI may read a document more than once (its text, then its scan).
"""

from __future__ import annotations

import contextlib
import ctypes
import hashlib
import io
import itertools
import math
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time
import warnings
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from scanner.documents.errors import CorruptDocumentError, NoTextError, TooLargeError
from scanner.documents.limits import Limits
from scanner.documents.model import Document, OcrText
from scanner.documents.normalize import to_row
from scanner.documents.text import is_caps_heading

if TYPE_CHECKING:
    from PIL.Image import Image

DPI = 300  # what a PDF page is rendered at
MAX_OCR_PIXELS = 36_000_000  # a page image is scaled down to this (A3 at 300 dpi is 17 MP)
MAX_IMAGE_PIXELS = 80_000_000  # an image file larger than this is refused before it is decoded
LOW_CONFIDENCE = 60.0  # median word confidence under which a page is taken to be turned
MIN_WORDS = 3  # fewer words say nothing about orientation
MIN_OSD_CONFIDENCE = 1.0  # Tesseract's orientation confidence to act on
MIN_LINE_CONFIDENCE = 20.0  # a line read with less (specks, a photo's texture) is dropped
THIN_TEXT_CHARS = 40  # a page with less text than this over a page-sized image is a scan
IMAGE_SHARE = 0.5  # ... where images cover at least this share of the page
CACHE_PAGES = 32
MISSED_INK = 0.004  # share of a row's pixels dark for the row to hold print
MIN_MISSED_CONFIDENCE = 40.0  # a word read again in a missed band needs this much
BAND_BLOCKS = 1000  # block numbers of words read again in a band start past Tesseract's own

INSTALL_HINT = ("to read scans, install Tesseract 5: apt-get install tesseract-ocr (Debian, Ubuntu) "
                "or brew install tesseract (macOS)")
NO_OCR_HINT = "scanned image? run OCR first"

DIGIT_GAP = 0.25  # in line heights: digits closer than this are one number, not two words
RUN_GAP = 0.5  # in line heights: a wider gap between words of a line starts a new run (as in PDFs)
# "AI" in a font whose capital I is its lowercase l: Tesseract reads "Al" (a name), resumes and
# postings mean AI ("Azure Al Engineer", "DeepLearning.Al", "Al/ML"). "Al-Rashid" stays.
_AI = re.compile(r"(?<![A-Za-z])Al(?![A-Za-z]|-[A-Z])")
# what Tesseract makes of a bullet glyph at the start of a line
_BULLET_READINGS = frozenset({"e", "o", "°", "¢", "©", "®", "«", "»", "*", "+", "•", "·", "-", "—", "–", "~", ">"})
_ROTATE = re.compile(r"^Rotate:\s*(\d+)", re.M)
_ORIENTATION_CONFIDENCE = re.compile(r"^Orientation confidence:\s*([\d.]+)", re.M)


@dataclass(slots=True)
class PageText:
    """What OCR read on one page (or image frame): ``Document.build`` rows, the mean word
    confidence, the quarter turns (clockwise, degrees) it took to read it upright, and the
    reason it could not be read, if it could not."""

    rows: list[tuple] = field(default_factory=list)
    confidence: float | None = None
    turned: int = 0
    problem: str | None = None


class _GaveUp(Exception):
    """A page that cannot be read: Tesseract failed (the message says why)."""


class _OutOfTime(_GaveUp):
    """A page that took longer than ``Limits.ocr_page_seconds``."""


# --- reading an image --------------------------------------------------------------------------

_cache: OrderedDict[tuple, PageText] = OrderedDict()
_cache_lock = threading.Lock()


def read_page_image(image: Image, page: int, limits: Limits, dpi: int | None) -> PageText:
    """OCR one page image (mode ``L``) as page ``page``; never raises for a bad image, it says
    why in ``problem``. ``dpi``: the image's resolution, when known (Tesseract guesses else)."""
    key = (hashlib.blake2b(image.tobytes(), digest_size=16).digest(), image.size, page, dpi,
           limits.ocr_languages, limits.ocr_engine)
    with _cache_lock:
        hit = _cache.get(key)
        if hit is not None:
            _cache.move_to_end(key)
            return hit
    deadline = time.monotonic() + limits.ocr_page_seconds
    try:
        result = _read(image, page, limits, dpi, deadline)
    except _OutOfTime:
        result = PageText(problem=f"gave up after {limits.ocr_page_seconds:g} s")
    except _GaveUp as exc:
        result = PageText(problem=str(exc))
    if result.problem is None:  # a failure may not recur (another time limit, another run)
        with _cache_lock:
            _cache[key] = result
            while len(_cache) > CACHE_PAGES:
                _cache.popitem(last=False)
    return result


def _read(image: Image, page: int, limits: Limits, dpi: int | None, deadline: float) -> PageText:
    from PIL import Image as PILImage

    words = _words(image, limits, dpi, deadline)
    best, upright, turned = words, image, 0
    if _looks_turned(words):
        try:
            for angle in _orientation(image, limits, dpi, deadline):
                turn = {90: PILImage.Transpose.ROTATE_270, 180: PILImage.Transpose.ROTATE_180,
                        270: PILImage.Transpose.ROTATE_90}[angle]
                candidate = image.transpose(turn)
                again = _words(candidate, limits, dpi, deadline)
                if _mean(again) > _mean(best):
                    best, upright, turned = again, candidate, angle
                if not _looks_turned(again):
                    break
        except _GaveUp:  # out of time or failing here, the upright reading is still an answer
            pass
    if not _looks_turned(best):
        with contextlib.suppress(_GaveUp):  # out of time: what was read stands
            best = best + _missed(upright, best, limits, dpi, deadline)
    return _page_text(best, page, turned)


def _missed(image: Image, words: list[Word], limits: Limits, dpi: int | None, deadline: float) -> list[Word]:
    """Words in the stretches of the page where there is ink but Tesseract returned no words.

    Tesseract's page layout now and then drops a whole block of a noisy scan (taken for a
    picture, it seems): a paragraph, a section. Each band of the page, full width, that holds
    ink and none of the words found, at least a line high, is read again as one block of text
    (``--psm 6``); words read there with little confidence (a photo, a logo) are left out.
    """
    import numpy as np

    if not words:
        return []
    scale = 4
    pixels = np.asarray(image.reduce(scale))
    low, high = np.percentile(pixels, [1, 99])
    if high - low < 32:  # no contrast: nothing printed
        return []
    ink = (pixels < (low + high) / 2).mean(axis=1) > MISSED_INK
    covered = np.zeros(len(ink), dtype=bool)
    for w in words:
        covered[w.top // scale : (w.top + w.height) // scale + 1] = True
    line = max(2, int(statistics.median(w.height for w in words)) // scale)
    missed = ink & ~covered
    bands: list[tuple[int, int]] = []
    y, n = 0, len(missed)
    while y < n:
        if not missed[y]:
            y += 1
            continue
        start = y
        while y < n and (missed[y] or (y + line < n and missed[y : y + line].any())):
            y += 1
        if y - start >= line:
            bands.append((start * scale, y * scale))
    # a tilted line runs across several bands of rows: read each band with room for whole lines
    # (bands that then overlap are read as one)
    pad = line * scale + int(image.width * abs(math.tan(_tilt(words))))
    padded: list[list[int]] = []
    for top, bottom in bands:
        top, bottom = max(0, top - pad), min(image.height, bottom + pad)
        if padded and top <= padded[-1][1]:
            padded[-1][1] = bottom
        else:
            padded.append([top, bottom])
    found: list[Word] = []
    args = ["-l", limits.ocr_languages, "--psm", "6", *(("--dpi", str(dpi)) if dpi else ()), "tsv"]
    for i, (top, bottom) in enumerate(padded):
        crop = image.crop((0, top, image.width, bottom))
        for w in _parse_tsv(_tesseract(limits.ocr_engine, _pgm(crop), args, deadline)):
            x, y = w.left + w.width // 2, top + w.top + w.height // 2
            if w.conf >= MIN_MISSED_CONFIDENCE and not any(  # not a word found already
                    o.left <= x <= o.left + o.width and o.top <= y <= o.top + o.height for o in words):
                found.append(Word((BAND_BLOCKS * (i + 1) + w.line[0], *w.line[1:]), w.text, w.conf,
                                  w.left, top + w.top, w.width, w.height))
    return found


@dataclass(frozen=True, slots=True)
class Word:
    """A word as Tesseract read it: its line (block, paragraph, line), text, confidence (0-100)
    and box in pixels (y grows downwards)."""

    line: tuple[int, int, int]
    text: str
    conf: float
    left: int
    top: int
    width: int
    height: int


def _words(image: Image, limits: Limits, dpi: int | None, deadline: float) -> list[Word]:
    """Tesseract's words in its reading order."""
    args = ["-l", limits.ocr_languages, "--psm", "3", *(("--dpi", str(dpi)) if dpi else ()), "tsv"]
    return _parse_tsv(_tesseract(limits.ocr_engine, _pgm(image), args, deadline))


def _parse_tsv(out: str) -> list[Word]:
    words: list[Word] = []
    for row in out.splitlines()[1:]:
        cells = row.split("\t", 11)
        if len(cells) < 12 or cells[0] != "5":
            continue
        text = cells[11].strip()
        if not text:
            continue
        try:
            conf = max(0.0, float(cells[10]))
            box = [int(c) for c in cells[6:10]]
        except ValueError:
            continue
        words.append(Word((int(cells[2]), int(cells[3]), int(cells[4])), text, conf, *box))
    return words


def _looks_turned(words: list[Word]) -> bool:
    return len(words) >= MIN_WORDS and statistics.median(w.conf for w in words) < LOW_CONFIDENCE


def _mean(words: list[Word]) -> float:
    return sum(w.conf for w in words) / len(words) if words else -1.0


def _orientation(image: Image, limits: Limits, dpi: int | None, deadline: float) -> list[int]:
    """The quarter turns to try, clockwise: the one orientation detection names, or all three
    when it cannot tell (no osd.traineddata, too little text)."""
    args = ["--psm", "0", *(("--dpi", str(dpi)) if dpi else ())]
    try:
        out = _tesseract(limits.ocr_engine, _pgm(image), args, deadline)
    except _OutOfTime:
        raise
    except _GaveUp:
        return [180, 90, 270]
    rotate, confidence = _ROTATE.search(out), _ORIENTATION_CONFIDENCE.search(out)
    if rotate is None or confidence is None or float(confidence.group(1)) < MIN_OSD_CONFIDENCE:
        return [180, 90, 270]
    angle = int(rotate.group(1)) % 360
    return [angle] if angle in (90, 180, 270) else []


def _pgm(image: Image) -> bytes:
    """The image as binary PGM: no compression to spend time on, and Tesseract reads it."""
    if image.mode != "L":
        image = image.convert("L")
    return b"P5\n%d %d\n255\n" % image.size + image.tobytes()


def _tesseract(engine: str, image: bytes, args: list[str], deadline: float) -> str:
    """Run Tesseract on ``image`` (stdin) and return its stdout; ``_GaveUp`` when it fails or
    ``deadline`` passes (it is killed then)."""
    left = deadline - time.monotonic()
    if left <= 0:
        raise _OutOfTime
    env = dict(os.environ)
    env.setdefault("OMP_THREAD_LIMIT", "1")
    try:
        proc = subprocess.run([_command(engine), "stdin", "stdout", *args], input=image, capture_output=True,
                              timeout=left, env=env, preexec_fn=_dies_with_parent())
    except subprocess.TimeoutExpired:
        raise _OutOfTime from None
    except OSError as exc:
        raise _GaveUp(f"Tesseract could not be run ({exc.strerror or type(exc).__name__})") from None
    if proc.returncode != 0:
        raise _GaveUp(f"Tesseract failed: {_stderr_reason(proc.stderr)}")
    return proc.stdout.decode("utf-8", "replace")


def _command(engine: str) -> str:
    """The Tesseract to run: the one the limits found, or, where that path does not hold one (the
    limits were made on another machine: a distributed batch), the one on this ``PATH``."""
    if os.access(engine, os.X_OK):
        return engine
    return shutil.which("tesseract") or engine


def _stderr_reason(stderr: bytes) -> str:
    """Tesseract's complaint, on one line: the line that says what failed."""
    lines = [" ".join(line.split()) for line in stderr.decode("utf-8", "replace").splitlines() if line.strip()]
    for line in lines:
        if "Failed loading language" in line:
            return f"{line} (install its language data, e.g. apt-get install tesseract-ocr-<lang>)"
    for line in lines:
        if line.lower().startswith(("error", "failed", "could not", "cannot")):
            return line[:200]
    return (lines[-1][:200] if lines else "no reason given")


_PR_SET_PDEATHSIG = 1


def _dies_with_parent():
    """A ``preexec_fn`` that has the child killed when its parent dies (Linux), so a worker
    killed at its time limit leaves no Tesseract behind. None where that is not safe: with
    other threads running, code between fork and exec may deadlock."""
    if not sys.platform.startswith("linux") or threading.active_count() > 1:
        return None
    prctl = _libc_prctl()
    if prctl is None:
        return None
    return lambda: prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)


_prctl_cache: list = []


def _libc_prctl():
    if not _prctl_cache:
        try:
            _prctl_cache.append(ctypes.CDLL(None, use_errno=True).prctl)
        except (OSError, AttributeError):
            _prctl_cache.append(None)
    return _prctl_cache[0]


# --- words into lines --------------------------------------------------------------------------

def _page_text(words: list[Word], page: int, turned: int) -> PageText:
    """Lines in reading order, as the page's digital original would give them.

    Each word's box is turned back square by the page's tilt (its centre rotated: a word is short,
    so its box stays about as high as its letters, where the box of a long tilted line would reach
    into the lines above and below). Words side by side make runs, split where the gap is wider
    than ``RUN_GAP`` line heights, as the PDF reader makes them from a page's characters; the
    runs then go through the PDF reader's layout (:func:`pdf.reading_order`): a table row stays one
    line and a two-column page reads column by column. Tesseract's own blocks and lines are not
    kept: it splits a line at a narrow gap now and then, and puts a column's words in another's.
    """
    from scanner.documents.pdf import Run, lines_of, reading_order

    tilt = _tilt(words)
    cos, sin = math.cos(tilt), math.sin(tilt)
    single: list[Run] = []
    word_of: dict[int, Word] = {}
    for w in words:
        cx, cy = w.left + w.width / 2, w.top + w.height / 2
        x, y = cx * cos + cy * sin, cy * cos - cx * sin
        run = Run(x - w.width / 2, -y - w.height / 2, x + w.width / 2, -y + w.height / 2, w.text)
        single.append(run)
        word_of[id(run)] = w
    runs: list[Run] = []
    members: dict[int, list[Word]] = {}
    for row in lines_of(single):
        part = [row[0]]
        # the line's height: its tallest word's (capitals, ascenders, descenders: about the font
        # size), not a word's own (a dash is flat, "on" is as high as an x)
        height = max(r.top - r.bottom for r in row)
        for prev, run in itertools.pairwise(row):
            if run.left - prev.right > RUN_GAP * height:
                _close(part, runs, members, word_of)
                part = []
            part.append(run)
        _close(part, runs, members, word_of)
    rows: list[tuple] = []
    confs: list[float] = []
    for line in reading_order(runs):
        _add_line([members[id(run)] for run in line], page, rows, confs)
    mean = sum(confs) / len(confs) if confs else None
    return PageText(rows, mean, turned if rows else 0)


def _close(part, runs: list, members: dict, word_of: dict) -> None:
    """One run of the words of ``part`` (single-word runs, left to right)."""
    from scanner.documents.pdf import Run

    run = Run(min(r.left for r in part), min(r.bottom for r in part), max(r.right for r in part),
              max(r.top for r in part), " ".join(r.text for r in part))
    runs.append(run)
    members[id(run)] = [word_of[id(r)] for r in part]


def _tilt(words: list[Word]) -> float:
    """The page's tilt in radians (clockwise positive), from the slope of Tesseract's longer
    lines: a scan is rarely square to the scanner, and a 2-degree tilt moves the end of a wide
    table row a line and a half down from its start."""
    lines: dict[tuple[int, int, int], list[Word]] = {}
    for word in words:
        lines.setdefault(word.line, []).append(word)
    slopes = []
    for line in lines.values():
        if len(line) < 3:
            continue
        first, last = line[0], line[-1]
        dx = (last.left + last.width / 2) - (first.left + first.width / 2)
        if dx < 10 * first.height:
            continue
        dy = (last.top + last.height / 2) - (first.top + first.height / 2)
        slopes.append(dy / dx)
    return math.atan(statistics.median(slopes)) if slopes else 0.0


def _add_line(runs: list[list[Word]], page: int, rows: list[tuple], confs: list[float]) -> None:
    """One line of the page from its runs (left to right): the text, OCR's reading of it as the
    raw text, and each word's place and confidence."""
    words = [w for run in runs for w in run]
    texts = [w.text for w in words]
    if len(texts) > 1 and texts[0] in _BULLET_READINGS and (texts[1][:1].isupper() or texts[1][:1].isdigit()):
        texts[0] = "•"
    if not any(c.isalnum() for t in texts for c in t):
        return
    line_confs = [w.conf for w in words]
    mean = sum(line_confs) / len(line_confs)
    if mean < MIN_LINE_CONFIDENCE:
        return
    spans = []
    parts: list[str] = []
    at = 0
    height = max(w.height for w in words)
    for i, (word, text) in enumerate(zip(words, texts, strict=True)):
        if i:
            prev = words[i - 1]
            # a number Tesseract split at a narrow digit ("201 9-2022"): the gap is no space
            tight = word.left - (prev.left + prev.width) < DIGIT_GAP * height
            if not (tight and texts[i - 1][-1:].isdigit() and text[:1].isdigit()):
                parts.append(" ")
                at += 1
        spans.append((at, at + len(text), round(word.conf, 1)))
        parts.append(text)
        at += len(text)
    raw = "".join(parts)
    text = _AI.sub("AI", raw)
    row = to_row(page, text, raw=raw)
    if not row[1]:
        return
    if row[2] == "text" and is_caps_heading(row[1]):
        row = (row[0], row[1], "heading", *row[3:])
    rows.append((*row, OcrText(round(mean, 1), tuple(spans))))
    confs.extend(line_confs)


# --- PDF pages ---------------------------------------------------------------------------------

def render_pdf_page(page) -> tuple[Image, int]:
    """A pypdfium2 page as a greyscale image at ``DPI`` (less for a page too large for
    ``MAX_OCR_PIXELS``), and the resolution it was rendered at."""
    width, height = page.get_size()
    scale = DPI / 72
    pixels = width * height * scale * scale
    if pixels > MAX_OCR_PIXELS:
        scale *= math.sqrt(MAX_OCR_PIXELS / pixels)
    bitmap = page.render(scale=scale, grayscale=True)
    try:
        return bitmap.to_pil().convert("L"), max(1, round(scale * 72))
    finally:
        bitmap.close()


def mostly_image(page) -> bool:
    """Whether images cover at least ``IMAGE_SHARE`` of a pypdfium2 page (a scan with a thin
    text layer on it: a scanner app's stamp, a page number)."""
    import pypdfium2.raw as pdfium_c

    width, height = page.get_size()
    if width <= 0 or height <= 0:
        return False
    covered = 0.0
    for obj in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_IMAGE,), max_depth=3):
        left, bottom, right, top = obj.get_bounds()
        w = min(right, width) - max(left, 0)
        h = min(top, height) - max(bottom, 0)
        if w > 0 and h > 0:
            covered += w * h
    return covered >= IMAGE_SHARE * width * height


def ocr_notes(read: dict[int, PageText], skipped: list[int], limits: Limits, *,
              thin: Iterable[int] = (), image: str | None = None) -> list[str]:
    """The warnings of a document read (partly) by OCR: which pages were read by OCR and how
    well (a reader should know the text may hold OCR's mistakes), which could not be read, and
    which were left unread past ``limits.ocr_max_pages``. ``thin``: pages OCR'd although they
    had a few words of text layer; ``image``: what the file is ("a PNG image"), for an image
    file (its frames are the pages)."""
    notes: list[str] = []
    done = {p: r for p, r in read.items() if r.rows}
    single = image is not None and len(read) == 1 and not skipped
    if done:
        confs = [r.confidence for r in done.values() if r.confidence is not None]
        turned = [f"{'' if single else f'page {p} '}turned {r.turned}°" for p, r in done.items() if r.turned]
        how = f"read by OCR (mean word confidence {sum(confs) / len(confs):.0f}%"
        how += f"; {', '.join(turned)})" if turned else ")"
        thin = set(thin) & set(done)
        if single:
            notes.append(f"{image}: {how}")
        elif image is not None:
            notes.append(f"{_pages(done)} of {image}: {how}")
        elif limits.ocr == "always":
            notes.append(f"{_pages(done)} {how} in place of any text layer")
        else:
            bare = [p for p in done if p not in thin]
            if bare:
                notes.append(f"{_pages(bare)} {_have(bare)} no text layer: {how}")
            if thin:
                notes.append(f"{_pages(thin)} {'is a scan' if len(thin) == 1 else 'are scans'} with a few "
                             f"words of text layer: {how}")
    for p, r in read.items():
        if not r.rows:
            why = failure(r.problem)
            notes.append(f"{image}: {why}" if single else f"page {p} of {image}: {why}" if image
                         else f"page {p} has no text layer: {why}")
    if skipped:
        where = f"{_pages(skipped)} of {image}" if image else f"{_pages(skipped)} {_have(skipped)} no text layer"
        notes.append(f"{where}: not read, OCR stops after {limits.ocr_max_pages} "
                     f"page{'s' * (limits.ocr_max_pages != 1)} a document")
    return notes


def failure(problem: str | None) -> str:
    """Why OCR read nothing on a page, for a message: "OCR found no text on it", "OCR gave up
    after 15 s", "OCR failed (Tesseract failed: …)"."""
    if problem is None:
        return "OCR found no text on it"
    if problem.startswith("gave up"):
        return f"OCR {problem}"
    return f"OCR failed ({problem})"


def _have(pages: Iterable[int]) -> str:
    return "has" if len(list(pages)) == 1 else "have"


def _pages(pages: Iterable[int]) -> str:
    """"page 2", "pages 1-3 and 5"."""
    numbers = sorted(pages)
    runs: list[str] = []
    start = prev = numbers[0]
    for n in [*numbers[1:], None]:
        if n is not None and n == prev + 1:
            prev = n
            continue
        runs.append(str(start) if start == prev else f"{start}-{prev}")
        if n is not None:
            start = prev = n
    if len(numbers) == 1:
        return f"page {numbers[0]}"
    return "pages " + (runs[0] if len(runs) == 1 else ", ".join(runs[:-1]) + " and " + runs[-1])


# --- image files -------------------------------------------------------------------------------

def read_image(data: bytes, name: str, limits: Limits, what: str) -> Document:
    """An image file (PNG, JPEG, TIFF; a TIFF's frames are pages) read by OCR.

    EXIF orientation is applied (a phone photo taken sideways), transparency is laid on white,
    and an image larger than ``MAX_OCR_PIXELS`` is scaled down; one larger than
    ``MAX_IMAGE_PIXELS`` is refused before it is decoded.
    """
    from PIL import Image as PILImage
    from PIL import ImageOps, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", PILImage.DecompressionBombWarning)
            opened = PILImage.open(io.BytesIO(data))
    except (PILImage.DecompressionBombError, PILImage.DecompressionBombWarning) as exc:
        raise TooLargeError(name, f"{what} too large to read ({exc.args[0].split('(')[0].strip()})") from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise CorruptDocumentError(name, f"not a valid {what.removeprefix('a ').removeprefix('an ')} "
                                         "(damaged or truncated)") from exc
    with opened as img:
        frames = getattr(img, "n_frames", 1)
        if frames > limits.max_pages:
            raise TooLargeError(name, f"{what} of {frames} pages, limit {limits.max_pages}")
        read: dict[int, PageText] = {}
        for index in range(min(frames, limits.ocr_max_pages)):
            try:
                img.seek(index)
                width, height = img.size
                if width * height > MAX_IMAGE_PIXELS:
                    raise TooLargeError(name, f"{what} of {width:,} x {height:,} pixels, limit "
                                              f"{MAX_IMAGE_PIXELS // 1_000_000} million")
                frame, dpi = _page_image(img, ImageOps)
            except (OSError, SyntaxError, ValueError, EOFError) as exc:
                raise CorruptDocumentError(name, f"not a valid {what.removeprefix('a ').removeprefix('an ')} "
                                                 f"(damaged or truncated: {type(exc).__name__})") from exc
            read[index + 1] = read_page_image(frame, index + 1, limits, dpi)
    rows = [row for r in read.values() for row in r.rows]
    skipped = list(range(limits.ocr_max_pages + 1, frames + 1))
    if not rows:
        problems = [r.problem for r in read.values() if r.problem]
        if problems:
            raise NoTextError(name, f"{what}: {failure(problems[0])}")
        raise NoTextError(name, f"{what} in which OCR found no text")
    return Document.build(name, "image", rows, pages=frames,
                          warnings=ocr_notes(read, skipped, limits, image=what))


def _page_image(img: Image, image_ops) -> tuple[Image, int | None]:
    """The current frame upright, greyscale, on white, at most ``MAX_OCR_PIXELS``; and its
    resolution when the file states a believable one."""
    from PIL import Image as PILImage

    width, height = img.size
    if img.format == "JPEG" and width * height > MAX_OCR_PIXELS:
        img.draft("L", (width // 2, height // 2))  # decode at half size: faster, less memory
    frame = image_ops.exif_transpose(img) if img.format in ("JPEG", "TIFF", "PNG") else img
    frame = frame if frame is not None else img
    if frame.mode in ("RGBA", "LA", "PA") or (frame.mode == "P" and "transparency" in frame.info):
        rgba = frame.convert("RGBA")
        white = PILImage.new("RGBA", rgba.size, (255, 255, 255, 255))
        frame = PILImage.alpha_composite(white, rgba)
    frame = frame.convert("L")
    dpi = _stated_dpi(img.info.get("dpi"), max(width, height))
    pixels = frame.width * frame.height
    if pixels > MAX_OCR_PIXELS:
        factor = math.sqrt(MAX_OCR_PIXELS / pixels)
        frame = frame.resize((max(1, int(frame.width * factor)), max(1, int(frame.height * factor))),
                             PILImage.Resampling.LANCZOS)
        dpi = round(dpi * factor) if dpi else None
    elif {frame.width, frame.height} != {width, height}:
        dpi = None  # decoded in draft mode: the stated resolution no longer holds per pixel
    return frame, dpi


def _stated_dpi(value, longest: int) -> int | None:
    """The resolution a file states, when it is a scanner's: at least 150 dpi, and the page it
    implies no longer than 20 inches. Cameras write 72 dpi whatever they took (a 3,000-pixel
    photo of a page is not a 40-inch page); Tesseract then estimates it from the text."""
    try:
        x = float(value[0]) if isinstance(value, tuple) else float(value)
    except (TypeError, ValueError, IndexError):
        return None
    return round(x) if 150 <= x <= 1200 and longest / x <= 20 else None
