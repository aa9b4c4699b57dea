"""The one jinja2 environment of the service: sandboxed, autoescaped, Dutch filters.

Every document passes through `render_template`; the DOCX renderer gets an environment from
the same factory, so escaping and the sandbox are the same for every format.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from jinja2 import BaseLoader, FileSystemLoader, StrictUndefined
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

from services.documents.domain.content import euro
from shared.dutch import MONTHS, long_date

TEMPLATES_DIR = Path(__file__).resolve().parents[1] / "templates"

# Characters XML 1.0 forbids: one of them in user text would make a DOCX unreadable.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(value: Any) -> Any:
    """Drop characters no XML document may hold, before escaping; other values pass."""
    if isinstance(value, str) and not isinstance(value, Markup):
        return _XML_ILLEGAL.sub("", value)
    return value


def _local(value: dt.datetime, tz: str | None) -> dt.datetime:
    return value.astimezone(ZoneInfo(tz)) if tz and value.tzinfo else value


def datum(value: dt.date | dt.datetime, tz: str | None = None) -> str:
    """ "maandag 9 maart 2026", in the session's own time zone when one is given."""
    day = _local(value, tz).date() if isinstance(value, dt.datetime) else value
    return long_date(day)


def datum_kort(value: dt.date | dt.datetime, tz: str | None = None) -> str:
    """ "9 mrt", short enough for the timeline picture."""
    day = _local(value, tz).date() if isinstance(value, dt.datetime) else value
    return f"{day.day} {MONTHS[day.month - 1][:3]}"


def tijd(value: dt.datetime, tz: str | None = None) -> str:
    return _local(value, tz).strftime("%H:%M")


def verplaatst(reason: str) -> str:
    """ "Verplaatst: 5 mei is een feestdag." once, whether or not the reason says it already."""
    text = reason.strip()
    if text.casefold().startswith("verplaatst"):
        text = text[len("verplaatst") :].lstrip(" :")
    return f"Verplaatst: {text}" if text else "Verplaatst"


def make_environment(loader: BaseLoader | None = None) -> SandboxedEnvironment:
    """Sandboxed (templates cannot reach Python internals) and autoescaped (user text is text)."""
    env = SandboxedEnvironment(
        loader=loader,
        autoescape=True,
        undefined=StrictUndefined,
        finalize=xml_safe,
    )
    env.filters.update(
        datum=datum, datum_kort=datum_kort, tijd=tijd, bedrag=euro, verplaatst=verplaatst
    )
    return env


@lru_cache(maxsize=1)
def _file_environment() -> SandboxedEnvironment:
    env = make_environment(FileSystemLoader(TEMPLATES_DIR))
    env.trim_blocks = env.lstrip_blocks = True
    return env


def render_template(name: str, context: dict[str, Any]) -> str:
    """Render one template file of `templates/` with the given context."""
    return _file_environment().get_template(name).render(context)
