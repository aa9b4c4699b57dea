"""The console's cohort page counts the homework handed in per round (documents holds it)."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from services.intake.adapters.homework_client import HomeworkClient
from services.intake.service_layer.context import Intake
from shared.dutch import long_date

UNKNOWN = "onbekend: de documentenservice antwoordt nu niet"


async def homework_rows(
    intake: Intake, cohort_id: str, homework: HomeworkClient | None
) -> list[dict[str, Any]]:
    """Per round with homework: its name, date and how many participants handed in."""
    rounds = [s for s in await intake.sessions.of_cohort(cohort_id) if s.session.homework]
    if not rounds or homework is None:
        return []
    counts = await homework.counts(cohort_id)
    rows = []
    for view in rounds:
        start = view.session.starts_at.astimezone(ZoneInfo(view.session.timezone))
        count = None if counts is None else counts.get(view.session_id, 0)
        rows.append(
            {
                "name": view.session.name,
                "when": long_date(start.date(), weekday=False),
                "count": UNKNOWN if count is None else f"{count} deelnemer(s) ingeleverd",
                "cancelled": view.session.cancelled,
            }
        )
    return rows
