"""DOCX from Word templates (docxtpl) shipped in `templates/`, with jinja2 inside.

docxtpl brings its own jinja2 environment; we hand it ours (sandboxed, autoescape on), so
`<`, `&` or quotes typed by a user become XML entities and cannot break the document.
"""

from __future__ import annotations

import io

from docxtpl import DocxTemplate

from services.documents.adapters.rendering import DocumentRequest, Rendition, UnsupportedFormat
from services.documents.adapters.templating import TEMPLATES_DIR, make_environment

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class DocxRenderer:
    format = "docx"

    def render(self, request: DocumentRequest) -> Rendition:
        path = TEMPLATES_DIR / f"{request.template}.docx"
        if not path.is_file():
            raise UnsupportedFormat(f"no DOCX template for {request.template!r}")
        template = DocxTemplate(str(path))
        context = {"title": request.title, **request.context}
        template.render(context, jinja_env=make_environment(), autoescape=True)
        out = io.BytesIO()
        template.save(out)
        return Rendition.of(out.getvalue(), DOCX_TYPE, request.name, self.format)
