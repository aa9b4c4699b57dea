"""Each document the unit tier reads back is rendered once per run: a PDF costs WeasyPrint most
of a second here, and several tests read the same draft or letter.

The cache is keyed by the request's full `repr` (template, title, name, context, date), so two
requests share a rendition only when they would render the same file; a request whose context
holds something without a value `repr` (an object shown by its address, which a later object
may reuse) is rendered again every time, never taken from the cache.
"""

from __future__ import annotations

from services.documents.adapters.docx_renderer import DocxRenderer
from services.documents.adapters.html_renderer import HtmlRenderer
from services.documents.adapters.pdf_renderer import PdfRenderer
from services.documents.adapters.rendering import DocumentRequest, Renderer, Rendition

RENDERERS: dict[str, Renderer] = {
    "html": HtmlRenderer(),
    "docx": DocxRenderer(),
    "pdf": PdfRenderer(),
}
_RENDERED: dict[tuple[str, str], Rendition] = {}


def rendered(fmt: str, request: DocumentRequest) -> Rendition:
    """The rendition of `request` in `fmt`, rendered the first time it is asked for."""
    key = (fmt, repr(request))
    if " at 0x" in key[1]:
        return RENDERERS[fmt].render(request)
    if key not in _RENDERED:
        _RENDERED[key] = RENDERERS[fmt].render(request)
    return _RENDERED[key]
