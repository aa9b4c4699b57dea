"""Dates written the way Dutch readers expect them, without depending on the machine's locale."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from shared.dutch import long_date


def format_date_nl(day: dt.date, with_weekday: bool = False) -> str:
    """E.g. '1 april 2026', or 'woensdag 1 april 2026' with the weekday."""
    return long_date(day, weekday=with_weekday)


def when(moment: dt.datetime, timezone: str = "Europe/Amsterdam") -> str:
    """A moment as a Dutch reader expects it: weekday, date and local time."""
    local = moment.astimezone(ZoneInfo(timezone))
    return f"{format_date_nl(local.date(), with_weekday=True)} om {local:%H:%M}"
