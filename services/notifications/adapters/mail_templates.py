"""Rendering mails from jinja2 files: HTML autoescaped, plain text beside it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


@dataclass(frozen=True)
class RenderedMail:
    """Subject and both bodies of one mail."""

    subject: str
    text: str
    html: str


class MailTemplates:
    """The one place mail templates are rendered; user text is data, never template source."""

    def __init__(self, directory: Path = TEMPLATES) -> None:
        loader = FileSystemLoader(directory)
        self._html = Environment(
            loader=loader, autoescape=select_autoescape(["html", "j2"]), undefined=StrictUndefined
        )
        self._text = Environment(loader=loader, autoescape=False, undefined=StrictUndefined)  # noqa: S701 - plain-text bodies, never HTML

    def render(self, name: str, context: dict[str, Any]) -> RenderedMail:
        """Render `<name>.subject.txt`, `<name>.txt` and `<name>.html`."""
        subject = self._text.get_template(f"{name}.subject.txt").render(context)
        return RenderedMail(
            subject=" ".join(subject.split()),
            text=self._text.get_template(f"{name}.txt").render(context),
            html=self._html.get_template(f"{name}.html").render(context),
        )
