"""The one place templates are rendered: HTML autoescaped, plain text not; user text is data."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import jinja2

from services.notifications.domain import dutch
from services.notifications.domain.messages import RenderedMessage
from services.notifications.domain.wording import guide_steps_text
from services.notifications.service_layer.channel_ports import MessageRenderer
from shared.contracts.documents import section_title
from shared.dutch import fee_text

__all__ = ["TEMPLATES_DIR", "JinjaRenderer", "MessageRenderer", "RenderedMessage"]

TEMPLATES_DIR = Path(__file__).resolve().parent.parent / "templates"


def _as_given(url: str) -> str:
    """A documents URL unchanged (previews, and mails to people without a page)."""
    return url


@functools.cache
def _environment(directory: Path, *, autoescape: bool) -> jinja2.Environment:
    """One environment per folder and escaping in a process, so each template compiles once."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(directory),
        autoescape=autoescape,  # noqa: S701 - off only for the text/plain bodies
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["datum"] = dutch.date_nl
    env.filters["datum_tijd"] = dutch.datetime_nl
    env.filters["tijd"] = dutch.time_nl
    env.filters["vorm"] = dutch.format_label
    env.filters["ja_nee"] = dutch.yes_no
    env.filters["oordeel"] = dutch.verdict_label
    env.filters["voorwaarde"] = dutch.condition_label
    env.filters["product"] = dutch.deliverable_label
    env.filters["tarief"] = fee_text
    env.filters["handreiking"] = guide_steps_text
    env.filters["rol"] = dutch.role_label
    env.filters["kanaal"] = dutch.channel_label
    env.filters["bericht"] = dutch.message_label
    env.filters["document"] = dutch.document_label
    env.filters["onderdeel"] = section_title
    env.globals["reden"] = dutch.failure_text
    env.globals["download_url"] = _as_given  # composing passes the recipient's own signed links
    return env


class JinjaRenderer:
    """Renders `<name>.txt` (which sets `subject`) and `<name>.html` from the templates folder."""

    def __init__(self, directory: Path = TEMPLATES_DIR) -> None:
        self._directory = directory
        self._text = _environment(directory, autoescape=False)
        self._html = _environment(directory, autoescape=True)

    def render(self, template: str, context: Mapping[str, Any]) -> RenderedMessage:
        """Render one template; a missing variable is an error, not an empty string."""
        text_template = self._text.get_template(f"{template}.txt")
        module = text_template.make_module(dict(context))
        subject = " ".join(str(getattr(module, "subject", "")).split())
        if not subject:
            raise ValueError(f"template {template}.txt sets no subject")
        html = self._html.get_template(f"{template}.html").render(context)
        return RenderedMessage(subject=subject, text=str(module), html=html)

    def available(self) -> set[str]:
        """Names of templates that have both a text and an HTML file."""
        text = {p.stem for p in self._directory.glob("*.txt") if not p.stem.startswith("_")}
        html = {p.stem for p in self._directory.glob("*.html") if not p.stem.startswith("_")}
        return text & html
