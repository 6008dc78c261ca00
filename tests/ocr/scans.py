"""Scanned resumes made the way a scanner or a phone makes them, from text we wrote.

A resume is drawn as a digital PDF with reportlab (``tests/eval/render.py``'s line language:
"# Heading", "- bullet", lines), each page rendered to a greyscale image at 300 dpi with
pypdfium2, then degraded as paper and scanners do (a tilt of 1-3 degrees, blur, grey paper,
sensor noise, JPEG compression), and written as an image-only PDF (reportlab, the JPEG embedded
as a scanner's PDF does), a PNG, a JPEG or a multi-page TIFF (Pillow). ``bench/ocr.py`` uses the
same functions, so the tests and the figures read the same kind of scan.
"""

from __future__ import annotations

import io
import random
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
from PIL import Image, ImageFilter

from tests.eval.render import render_case

DPI = 300


def digital_pdf(text: str, path: Path) -> Path:
    """``text`` (the line language) drawn as a real PDF with a text layer."""
    written = render_case({"id": path.stem, "format": "pdf", "text": text}, path.parent)
    if written != path:
        written.replace(path)
    return path


def page_images(pdf: Path, dpi: int = DPI) -> list[Image.Image]:
    """Each page of ``pdf`` as a greyscale image, as a scanner sees the printed page."""
    doc = pdfium.PdfDocument(str(pdf))
    try:
        images = []
        for i in range(len(doc)):
            page = doc[i]
            bitmap = page.render(scale=dpi / 72, grayscale=True)
            images.append(bitmap.to_pil().convert("L"))
            bitmap.close()
            page.close()
        return images
    finally:
        doc.close()


def degrade(image: Image.Image, seed: int, *, angle: float | None = None, blur: float = 0.9,
            noise: float = 10.0, quality: int = 55) -> Image.Image:
    """A scan of the page: turned by ``angle`` degrees (default 1-3, either way), blurred, on
    grey paper with sensor noise, and JPEG-compressed at ``quality``."""
    rng = random.Random(seed)
    if angle is None:
        angle = rng.choice((-1, 1)) * rng.uniform(1.0, 3.0)
    out = image.rotate(angle, resample=Image.Resampling.BICUBIC, expand=False, fillcolor=255)
    if blur:
        out = out.filter(ImageFilter.GaussianBlur(blur))
    pixels = np.asarray(out, dtype=np.float32)
    pixels = 18 + pixels * 0.86  # paper is not white, ink not black
    pixels += np.random.default_rng(seed).normal(0.0, noise, pixels.shape)
    out = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8), "L")
    return reopen(out, "JPEG", quality=quality)


def reopen(image: Image.Image, fmt: str, **options) -> Image.Image:
    """``image`` written as ``fmt`` and read back (what a file of that format holds)."""
    buffer = io.BytesIO()
    image.save(buffer, fmt, **options)
    buffer.seek(0)
    out = Image.open(buffer)
    out.load()
    return out


def image_pdf(images: Sequence[Image.Image], path: Path, *, stamp: str | None = None,
              text_pages: Sequence[str] = ()) -> Path:
    """An image-only PDF, one JPEG per page as a scanner writes it. ``stamp``: a line of real
    text drawn at the foot of every scanned page (a scanner app's mark); ``text_pages``: line
    language texts drawn as digital pages before the scans (a mixed PDF)."""
    from reportlab.lib.pagesizes import letter
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=letter, invariant=1)
    for text in text_pages:
        y = letter[1] - 60
        for line in text.splitlines():
            bold = line.startswith("# ")
            c.setFont("Helvetica-Bold" if bold else "Helvetica", 12 if bold else 10)
            c.drawString(50, y, line[2:] if bold or line.startswith("- ") else line)
            y -= 15
        c.showPage()
    for image in images:
        buffer = io.BytesIO()
        image.convert("L").save(buffer, "JPEG", quality=85)
        buffer.seek(0)
        c.drawImage(ImageReader(buffer), 0, 0, width=letter[0], height=letter[1])
        if stamp:
            c.setFont("Helvetica", 7)
            c.drawString(20, 12, stamp)
        c.showPage()
    c.save()
    return path


def save(image: Image.Image, path: Path, **options) -> Path:
    """``image`` as the file format its suffix names (``.png``, ``.jpg``, ``.tif``), at 300 dpi."""
    fmt = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG", ".tif": "TIFF", ".tiff": "TIFF"}[path.suffix.lower()]
    image.save(path, fmt, dpi=(DPI, DPI), **options)
    return path


def tiff(images: Sequence[Image.Image], path: Path) -> Path:
    """A multi-page TIFF (one page per image), as a fax or a document scanner writes one."""
    first, *rest = images
    first.save(path, "TIFF", save_all=True, append_images=list(rest), compression="tiff_deflate",
               dpi=(DPI, DPI))
    return path
