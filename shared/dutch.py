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


VAT_RATE_PERCENT = 21


def euros(cents: int) -> str:
    """'€ 2.700,00': Dutch grouping and decimal comma."""
    whole, rest = divmod(cents, 100)
    return f"€ {whole:,}".replace(",", ".") + f",{rest:02d}"


def fee_text(cents: int) -> str:
    """A fee as a municipality reads it: without and with 21 % btw."""
    with_vat = cents + (cents * VAT_RATE_PERCENT + 50) // 100
    return f"{euros(cents)} excl. btw ({euros(with_vat)} incl. {VAT_RATE_PERCENT}% btw)"
