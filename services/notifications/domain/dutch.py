"""Dutch wording of dates and labels, so every mail reads naturally in the recipient's zone."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from shared.dutch import long_date

FORMAT_LABELS = {
    "leercase": "Leercase",
    "leergang": "Leergang",
    "lerend-netwerk": "Lerend netwerk",
    "leeratelier": "Leeratelier",
    "e-learning": "E-learning met live training",
}


def date_nl(value: dt.date, timezone: str | None = None) -> str:
    """'maandag 9 maart 2026'; a moment is first put in the given zone."""
    if isinstance(value, dt.datetime):
        value = (local_time(value, timezone) if timezone else value).date()
    return long_date(value)


def local_time(value: dt.datetime, timezone: str) -> dt.datetime:
    """The moment as the recipient's wall clock shows it."""
    if value.tzinfo is None:
        raise ValueError("a naive datetime has no place in a mail: pass an aware one")
    return value.astimezone(ZoneInfo(timezone))


def datetime_nl(value: dt.datetime, timezone: str) -> str:
    """'maandag 9 maart 2026 om 14:00' in the given zone."""
    local = local_time(value, timezone)
    return f"{date_nl(local.date())} om {local:%H:%M}"


def time_nl(value: dt.datetime, timezone: str) -> str:
    """'14:00' in the given zone."""
    return f"{local_time(value, timezone):%H:%M}"


def format_label(value: str) -> str:
    """The Dutch name of a programme format."""
    return FORMAT_LABELS.get(str(value), str(value))


def yes_no(value: bool) -> str:
    """'ja' or 'nee'."""
    return "ja" if value else "nee"


VERDICT_LABELS = {"pass": "voldoet", "flag": "aandachtspunt", "fail": "voldoet niet"}
CONDITION_LABELS = {
    "societal_and_concrete": "maatschappelijk vraagstuk en concreet",
    "no_time_pressure": "geen tijdsdruk",
    "expertise_assured": "inhoudelijke expertise geborgd",
    "attendance": "aanwezig bij alle sessies",
    "consent": "toestemming om te delen",
}
DELIVERABLE_LABELS = {
    "draft": "concept participatieaanpak",
    "final": "definitieve participatieaanpak",
}


def verdict_label(value: str) -> str:
    """The Dutch word for a screening verdict."""
    return VERDICT_LABELS.get(str(value), str(value))


def condition_label(value: str) -> str:
    """The Dutch name of a suitability condition."""
    return CONDITION_LABELS.get(str(value), str(value))


def deliverable_label(value: str) -> str:
    """The Dutch name of a deliverable."""
    return DELIVERABLE_LABELS.get(str(value), str(value))
