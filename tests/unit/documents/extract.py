"""Read rendered files back as plain text, the way a reader (or a search index) sees them."""

from __future__ import annotations

import io
from html.parser import HTMLParser

import docx
import pypdf


class _TextOnly(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._skip += tag in ("style", "script")

    def handle_endtag(self, tag: str) -> None:
        self._skip -= tag in ("style", "script")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def norm(text: str) -> str:
    return " ".join(text.split())


def html_text(content: bytes) -> str:
    parser = _TextOnly()
    parser.feed(content.decode("utf-8"))
    return norm(" ".join(parser.parts))


def docx_text(content: bytes) -> str:
    document = docx.Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    parts += [c.text for t in document.tables for row in t.rows for c in row.cells]
    parts += [p.text for s in document.sections for p in s.footer.paragraphs]
    return norm(" ".join(parts))


def pdf_text(content: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(content))
    return norm(" ".join(page.extract_text() for page in reader.pages))


EXTRACT = {"html": html_text, "docx": docx_text, "pdf": pdf_text}
