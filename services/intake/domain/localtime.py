"""Local calendar dates: deadlines and lead times are counted in the country's own time zone."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from shared.contracts.base import Country

TIMEZONES: dict[Country, str] = {Country.NL: "Europe/Amsterdam", Country.BE: "Europe/Brussels"}


def local_date(at: dt.datetime, timezone: str) -> dt.date:
    """A moment as the calendar date people in `timezone` see, so 23:30 UTC is not 'yesterday'."""
    return at.astimezone(ZoneInfo(timezone)).date()


def local_date_in(at: dt.datetime, country: Country) -> dt.date:
    """The calendar date of a moment in the country's time zone."""
    return local_date(at, TIMEZONES[country])
