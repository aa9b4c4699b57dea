"""Dates written the way Dutch readers expect them, without depending on the machine's locale."""

from __future__ import annotations

import datetime as dt

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
WEEKDAYS = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")


def format_date_nl(day: dt.date, with_weekday: bool = False) -> str:
    """E.g. '1 april 2026', or 'woensdag 1 april 2026' with the weekday."""
    text = f"{day.day} {MONTHS[day.month - 1]} {day.year}"
    return f"{WEEKDAYS[day.weekday()]} {text}" if with_weekday else text
