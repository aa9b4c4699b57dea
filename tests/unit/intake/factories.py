"""Builders for realistic intake test data; keyword overrides keep each test's point visible."""

from __future__ import annotations

import datetime as dt
from typing import Any

from shared.contracts.base import Country, Person, ProgrammeFormat
from shared.contracts.intake import (
    CaseDescription,
    CaseSubmitted,
    ConditionAnswers,
    Owner,
    Participant,
)
from shared.contracts.scheduling import CohortInfo

SUBMITTED_AT = dt.datetime(2026, 3, 2, 9, 30, tzinfo=dt.UTC)

CONCRETE_DESCRIPTION = (
    "In de wijk Oosterpark staat sinds vorig jaar de oude basisschool De Regenboog leeg. "
    "De gemeente wil het gebouw samen met bewoners een nieuwe bestemming geven, bijvoorbeeld "
    "als buurthuis met ruimte voor dagbesteding, een repair cafe en kleine ondernemers. "
    "Omwonenden hebben zorgen over parkeren en geluid, jongeren willen een plek om af te "
    "spreken. We zoeken een aanpak om met al deze groepen het gesprek te voeren en hun ideeen "
    "mee te nemen in het besluit van de gemeenteraad in het najaar."
)


def owner(**overrides: Any) -> Owner:
    values: dict[str, Any] = {
        "name": "Anne de Vries",
        "role": "Projectleider",
        "organisation": "Gemeente Zwolle",
        "email": "anne.devries@example.nl",
        "phone": "06 12345678",
    }
    return Owner(**(values | overrides))


def description(**overrides: Any) -> CaseDescription:
    values: dict[str, Any] = {
        "title": "Nieuwe bestemming voor basisschool De Regenboog",
        "description": CONCRETE_DESCRIPTION,
        "societal_issue": "Leegstand van maatschappelijk vastgoed in een groeiende wijk",
        "municipality": "Zwolle",
        "country": Country.NL,
        "preferred_format": ProgrammeFormat.LEERCASE,
        "desired_start": dt.date(2026, 6, 1),
    }
    return CaseDescription(**(values | overrides))


def answers(**overrides: Any) -> ConditionAnswers:
    values: dict[str, Any] = {
        "societal_and_concrete": True,
        "no_time_pressure": True,
        "owner_is_content_expert": True,
        "content_expert": None,
        "can_attend_all_sessions": True,
        "consent_to_share": True,
    }
    return ConditionAnswers(**(values | overrides))


def expert() -> Person:
    return Person(name="Bram Jansen", role="Beleidsadviseur vastgoed", email="bram@example.nl")


def submitted(**overrides: Any) -> CaseSubmitted:
    values: dict[str, Any] = {
        "case_id": "case-1",
        "external_ref": None,
        "submitted_at": SUBMITTED_AT,
        "owner": owner(),
        "case": description(),
        "conditions": answers(),
    }
    return CaseSubmitted(**(values | overrides))


def cohort(**overrides: Any) -> CohortInfo:
    values: dict[str, Any] = {
        "cohort_id": "leercase-2026-2",
        "format": ProgrammeFormat.LEERCASE,
        "title": "Leercase Challenge voorjaar 2026",
        "start_date": dt.date(2026, 4, 13),
        "capacity": 24,
        "registration_deadline": dt.date(2026, 4, 1),
    }
    return CohortInfo(**(values | overrides))


def participant(n: int) -> Participant:
    return Participant(
        participant_id=f"p-{n}", name=f"Deelnemer {n}", email=f"deelnemer{n}@example.nl"
    )
