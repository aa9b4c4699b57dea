"""Dates written the way Dutch readers expect them, without depending on the machine's locale."""

from __future__ import annotations

import datetime as dt

from shared.dutch import long_date


def format_date_nl(day: dt.date, with_weekday: bool = False) -> str:
    """E.g. '1 april 2026', or 'woensdag 1 april 2026' with the weekday."""
    return long_date(day, weekday=with_weekday)
