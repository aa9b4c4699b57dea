"""The service's one way to turn a template into HTML: jinja2 with autoescape always on."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any, Protocol

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from services.intake.domain.dutch_dates import format_date_nl, when
from shared.event_names import event_name_nl
from shared.web_security import path_segment

TEMPLATE_DIR = Path(__file__).resolve().parent / "templates"
STATIC_DIR = Path(__file__).resolve().parent / "static"

# What staff read for each service on the console (the technical names are the operator's).
SERVICE_NAMES_NL = {
    "intake": "Aanmeldingen",
    "scheduling": "Planning",
    "documents": "Documenten",
    "notifications": "Berichten",
}


def service_name_nl(service: str) -> str:
    """The Dutch name of a service; an unknown one as it is."""
    return SERVICE_NAMES_NL.get(service, service)


class PageRenderer(Protocol):
    """Renders a named template with a context into an HTML string."""

    def render(self, template: str, context: Mapping[str, Any]) -> str: ...


def make_environment(directory: Path = TEMPLATE_DIR) -> Environment:
    """Autoescape on for every template: owners' own words never become markup."""
    env = Environment(
        loader=FileSystemLoader(directory),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["datum"] = format_date_nl
    env.filters["moment"] = when
    env.filters["segment"] = path_segment
    env.filters["dienst"] = service_name_nl
    env.filters["soort"] = event_name_nl
    return env


class JinjaRenderer:
    """The real renderer over the templates in `services/intake/web/templates/`."""

    def __init__(self, environment: Environment | None = None) -> None:
        self._env = environment or make_environment()

    def render(self, template: str, context: Mapping[str, Any]) -> str:
        return self._env.get_template(template).render(context)


class FakeRenderer:
    """Remembers what was asked, for handler tests that do not care about markup."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, dict[str, Any]]] = []

    def render(self, template: str, context: Mapping[str, Any]) -> str:
        self.calls.append((template, dict(context)))
        return f"<rendered {template}>"
