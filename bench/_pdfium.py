"""The floor every benchmark compares against: raw pypdfium2 text extraction, written once.

Open the PDF, ``get_text_range`` on every page (closing each text page and page, as a careful
tool does), close the document. No layout, no cleanup: what any tool must pay to see the words.
"""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium


def raw_page_texts(source: bytes | str | Path) -> list[str]:
    """Each page's text, as pdfium gives it."""
    pdf = pdfium.PdfDocument(str(source) if isinstance(source, Path) else source)
    try:
        pages = []
        for index in range(len(pdf)):
            page = pdf[index]
            textpage = page.get_textpage()
            pages.append(textpage.get_text_range())
            textpage.close()
            page.close()
        return pages
    finally:
        pdf.close()
