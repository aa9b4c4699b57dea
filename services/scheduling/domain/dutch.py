"""Dates and times written the way Dutch staff and participants read them."""

from __future__ import annotations

import datetime as dt

from shared.dutch import long_date


def format_date(day: dt.date) -> str:
    """E.g. "maandag 6 april 2026"; no locale dependency, so it is the same on every host."""
    return long_date(day)


def format_span(starts_at: dt.datetime, ends_at: dt.datetime) -> str:
    """E.g. "maandag 9 maart 2026 14:00-16:00" in the times' own zone."""
    return f"{format_date(starts_at.date())} {starts_at:%H:%M}-{ends_at:%H:%M}"
