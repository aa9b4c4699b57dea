"""HTML: the template rendered as is, UTF-8."""

from __future__ import annotations

from services.documents.adapters.rendering import AUTHOR, DocumentRequest, Rendition
from services.documents.adapters.templating import render_template


def render_html(request: DocumentRequest) -> str:
    """The HTML text of a document; the PDF is made from exactly this."""
    made_at = request.made_at.isoformat() if request.made_at else ""
    properties = {"title": request.title, "author": AUTHOR, "made_at": made_at}
    return render_template(f"{request.template}.html", {**properties, **request.context})


class HtmlRenderer:
    format = "html"

    def render(self, request: DocumentRequest) -> Rendition:
        html = render_html(request).encode("utf-8")
        return Rendition.of(html, "text/html; charset=utf-8", request.name, self.format)
