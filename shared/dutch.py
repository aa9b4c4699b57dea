"""Dutch day and month names, so every service writes dates the same way on any host locale."""

from __future__ import annotations

import datetime as dt

WEEKDAYS = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")
MONTHS = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)


def long_date(day: dt.date, *, weekday: bool = True) -> str:
    """'maandag 9 maart 2026', or '9 maart 2026' without the weekday."""
    text = f"{day.day} {MONTHS[day.month - 1]} {day.year}"
    return f"{WEEKDAYS[day.weekday()]} {text}" if weekday else text
