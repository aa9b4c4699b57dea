"""Field types for what must never be rendered or fetched unchecked (design.md, trust).

Any value from the bus may come from a forger: a URL becomes a link on a page and a fetch, a
time zone is handed to zoneinfo, a name goes into a mail header. Each is checked here, once, so
a bad event is dead-lettered with the field and the reason instead of breaking a page later.
"""

from __future__ import annotations

import datetime as dt
import functools
import unicodedata
from typing import Annotated
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import AfterValidator, AwareDatetime, Field, WithJsonSchema
from pydantic.networks import validate_email

EARLIEST = dt.date(2000, 1, 1)
LATEST = dt.date(2100, 12, 31)
TEXT_LINE_BREAKS = frozenset("\n\r\t")
ADDRESSES_KEPT = 4096


def _single_line(value: str) -> str:
    """Names and titles: no control character at all (a CR/LF would fold a mail header)."""
    if any(unicodedata.category(ch) in ("Cc", "Zl", "Zp") for ch in value):
        raise ValueError("must be one line without control characters")
    return value


def _text(value: str) -> str:
    """Free text may break lines, but carries no other control character."""
    if any(unicodedata.category(ch) == "Cc" and ch not in TEXT_LINE_BREAKS for ch in value):
        raise ValueError("must not contain control characters")
    return value


def _web_url(value: str) -> str:
    """Only http(s) with a host and no credentials: never javascript:, data: or user:pass@."""
    _single_line(value)
    if any(ch.isspace() for ch in value):
        raise ValueError("must not contain spaces")
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https"):
        raise ValueError("must be an http or https address")
    if not parts.hostname:
        raise ValueError("must name a host")
    if parts.username is not None or parts.password is not None:
        raise ValueError("must not carry a user name or password")
    return value


@functools.lru_cache(maxsize=ADDRESSES_KEPT)
def _email_address(value: str) -> str:
    """Checked as pydantic's EmailStr checks it, but each address once per process: a cohort's
    addresses recur in every event about it, and at ~30 us a check was a quarter of the
    scheduling service's time in a cohort. A refused address is not kept (nor is the error)."""
    return validate_email(value)[1]


def _time_zone(value: str) -> str:
    """An IANA zone name zoneinfo knows ('Europe/Amsterdam'); anything else would crash a page."""
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError, OSError) as exc:
        raise ValueError("must be a known IANA time zone such as Europe/Amsterdam") from exc
    return value


def _sane_date(value: dt.date) -> dt.date:
    if not EARLIEST <= value <= LATEST:
        raise ValueError(f"must lie between {EARLIEST.isoformat()} and {LATEST.isoformat()}")
    return value


def _sane_instant(value: dt.datetime) -> dt.datetime:
    _sane_date(value.date())
    return value


Name = Annotated[str, Field(min_length=1, max_length=200), AfterValidator(_single_line)]
"""A person's or organisation's name: one line, 1-200 characters."""

Title = Annotated[str, AfterValidator(_single_line)]
"""A case, cohort or session title as shown in mails and pages (may be empty where optional)."""

Text = Annotated[str, AfterValidator(_text)]
"""Free text: line breaks allowed, other control characters refused."""

EmailAddress = Annotated[
    str, AfterValidator(_email_address), WithJsonSchema({"type": "string", "format": "email"})
]
"""An e-mail address as pydantic's EmailStr accepts and normalises it."""

WebUrl = Annotated[str, Field(max_length=2000, pattern=r"^https?://"), AfterValidator(_web_url)]
"""An http(s) address without credentials: safe as a link and as a fetch target."""

TimeZoneName = Annotated[str, Field(max_length=64), AfterValidator(_time_zone)]
"""An IANA time-zone name."""

SaneDate = Annotated[dt.date, AfterValidator(_sane_date)]
"""A calendar date between 2000 and 2100."""

SaneInstant = Annotated[AwareDatetime, AfterValidator(_sane_instant)]
"""A timezone-aware instant between 2000 and 2100."""
