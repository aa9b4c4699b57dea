"""Dutch day and month names, so every service writes dates the same way on any host locale."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

from shared.contracts.base import ProgrammeFormat

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


VAT_RATE_PERCENT = 21


def euros(cents: int) -> str:
    """'€ 2.700,00': Dutch grouping and decimal comma."""
    whole, rest = divmod(cents, 100)
    return f"€ {whole:,}".replace(",", ".") + f",{rest:02d}"


def fee_text(cents: int) -> str:
    """A fee as a municipality reads it: without and with 21 % btw."""
    with_vat = cents + (cents * VAT_RATE_PERCENT + 50) // 100
    return f"{euros(cents)} excl. btw ({euros(with_vat)} incl. {VAT_RATE_PERCENT}% btw)"


# What one session is called in each format, as its seed says it ("de lesdag", "de ronde").
SESSION_NOUNS: Mapping[ProgrammeFormat, str] = {
    ProgrammeFormat.LEERCASE: "sessie",
    ProgrammeFormat.LEERGANG: "lesdag",
    ProgrammeFormat.LEREND_NETWERK: "bijeenkomst",
    ProgrammeFormat.LEERATELIER: "ronde",
    ProgrammeFormat.E_LEARNING: "online training",
}


def guide_steps_text(steps: Iterable[int]) -> str:
    """'stap 1 t/m 3', 'stap 4 en 5', 'stap 8' (the municipal guide's steps a round covers)."""
    ordered = sorted(set(steps))
    if not ordered:
        return ""
    if len(ordered) == 1:
        return f"stap {ordered[0]}"
    if len(ordered) > 2 and ordered == list(range(ordered[0], ordered[-1] + 1)):
        return f"stap {ordered[0]} t/m {ordered[-1]}"
    return "stap " + ", ".join(str(s) for s in ordered[:-1]) + f" en {ordered[-1]}"
