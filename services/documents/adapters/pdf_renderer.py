"""PDF with WeasyPrint, from the same HTML the HTML renderer produces.

Why WeasyPrint: it is pure Python on top of pango (already a Debian package here), prints
CSS paged media (A4, page counters, page breaks) and inline SVG, so the timeline and
layout are written once, in the HTML templates, and the PDF cannot drift from the HTML.
A headless browser (Chromium) would need a running browser process per render and
more memory; LibreOffice (DOCX -> PDF) is heavy and slow to start. WeasyPrint also lets us
refuse every external fetch, so no text can make the renderer read a file or the network.
Every PDF is tagged (PDF/UA-1): a structure tree with the headings, table headers and lists,
the language (nl) and the title, so a screen reader and a municipality's archive can use it.
"""

from __future__ import annotations

from typing import Any, NoReturn

import weasyprint

from services.documents.adapters.html_renderer import render_html
from services.documents.adapters.rendering import DocumentRequest, Rendition


def _refuse_fetch(url: str, *args: Any, **kwargs: Any) -> NoReturn:
    raise ValueError(f"external resources are not loaded: {url[:80]}")


class PdfRenderer:
    format = "pdf"

    def render(self, request: DocumentRequest) -> Rendition:
        html = weasyprint.HTML(string=render_html(request), url_fetcher=_refuse_fetch)
        pdf = html.write_pdf(pdf_variant="pdf/ua-1")
        return Rendition.of(bytes(pdf), "application/pdf", request.name, self.format)
