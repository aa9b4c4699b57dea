"""DOCX from Word templates (docxtpl) shipped in `templates/`, with jinja2 inside.

docxtpl brings its own jinja2 environment; we hand it ours (sandboxed, autoescape on), so
`<`, `&` or quotes typed by a user become XML entities and cannot break the document.
docxtpl also rewrites "{_{" to "{{" in its output; user text gets its underscores as
character references, so what was typed is what Word shows.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import docx
from docxtpl import DocxTemplate
from markupsafe import Markup, escape

from services.documents.adapters.rendering import (
    AUTHOR,
    DocumentRequest,
    Rendition,
    UnsupportedFormat,
)
from services.documents.adapters.templating import TEMPLATES_DIR, make_environment, xml_safe

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


_UNDERSCORE = Markup("&#95;")


def _docx_finalize(value: Any) -> Any:
    """Escape, and hide underscores from docxtpl's after-render "{_{" -> "{{" rewrite."""
    if isinstance(value, Markup) or not isinstance(value, str):
        return value
    return escape(xml_safe(value)).replace("_", _UNDERSCORE)


def _with_properties(content: bytes, request: DocumentRequest) -> bytes:
    """Title, author (the academy), dates and language, as Word's file properties show them."""
    document = docx.Document(io.BytesIO(content))
    properties = document.core_properties
    made_at = (request.made_at or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
    properties.title = request.title
    properties.author = properties.last_modified_by = AUTHOR
    properties.created = properties.modified = made_at.replace(tzinfo=None)
    properties.language = "nl-NL"
    properties.revision = 1
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


class DocxRenderer:
    format = "docx"

    def render(self, request: DocumentRequest) -> Rendition:
        path = TEMPLATES_DIR / f"{request.template}.docx"
        if not path.is_file():
            raise UnsupportedFormat(f"no DOCX template for {request.template!r}")
        template = DocxTemplate(str(path))
        context = {"title": request.title, **request.context}
        env = make_environment()
        env.finalize = _docx_finalize
        template.render(context, jinja_env=env, autoescape=True)
        out = io.BytesIO()
        template.save(out)
        content = _with_properties(out.getvalue(), request)
        return Rendition.of(content, DOCX_TYPE, request.name, self.format)
