"""Which cohorts a case may be accepted into: known, going ahead, not started, working on cases."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from services.intake.domain.errors import DecisionRefused
from services.intake.domain.localtime import local_date
from shared.contracts.base import ProgrammeFormat
from shared.contracts.scheduling import CohortInfo

# Formats in which learners work on someone's real case (seeds 000 and 001).
CASE_FORMATS: frozenset[ProgrammeFormat] = frozenset(
    {ProgrammeFormat.LEERCASE, ProgrammeFormat.LEERGANG}
)


def cohort_for_case(
    cohort_id: str,
    cohorts: Mapping[str, CohortInfo],
    decided_at: dt.datetime,
    case_formats: frozenset[ProgrammeFormat] = CASE_FORMATS,
) -> CohortInfo:
    """The cohort a case can go into, or DecisionRefused with a reason staff can act on."""
    cohort = cohorts.get(cohort_id)
    if cohort is None:
        raise DecisionRefused("cohort_id", f"Groep ‘{cohort_id}’ is niet bekend.")
    if cohort.cancelled:
        raise DecisionRefused("cohort_id", f"Groep ‘{cohort.title}’ gaat niet door.")
    if cohort.format not in case_formats:
        raise DecisionRefused(
            "cohort_id", f"In groep ‘{cohort.title}’ wordt niet aan een case gewerkt."
        )
    if cohort.start_date <= local_date(decided_at, cohort.timezone):
        raise DecisionRefused("cohort_id", f"Groep ‘{cohort.title}’ is al begonnen.")
    return cohort
