"""Shared fixtures: the real template files and the calendars staff use."""

import datetime as dt

import pytest

from services.scheduling.adapters.programme_files import load_templates
from services.scheduling.domain.planning import Plan, plan_trajectory
from services.scheduling.domain.programme import ProgrammeTemplate
from shared.calendar import WorkingDayCalendar
from shared.contracts.base import Contact, Country, ProgrammeFormat
from shared.contracts.scheduling import CohortInfo


@pytest.fixture(scope="session")
def templates() -> dict[ProgrammeFormat, ProgrammeTemplate]:
    return load_templates()


@pytest.fixture(scope="session")
def leercase(templates: dict[ProgrammeFormat, ProgrammeTemplate]) -> ProgrammeTemplate:
    return templates[ProgrammeFormat.LEERCASE]


@pytest.fixture(scope="session")
def nl_calendar() -> WorkingDayCalendar:
    return WorkingDayCalendar(Country.NL)


@pytest.fixture(scope="session")
def coach_pool() -> list[Contact]:
    return [
        Contact(name="Anna de Vries", email="anna@example.org"),
        Contact(name="Bert Jansen", email="bert@example.org"),
        Contact(name="Carla Peeters", email="carla@example.org"),
    ]


@pytest.fixture
def plan(
    leercase: ProgrammeTemplate, nl_calendar: WorkingDayCalendar, coach_pool: list[Contact]
) -> Plan:
    info = CohortInfo(
        cohort_id="lc", format=ProgrammeFormat.LEERCASE, title="t", start_date=dt.date(2026, 3, 9)
    )
    return plan_trajectory(leercase, info, nl_calendar, case_id="c1", coach_pool=coach_pool[:2])
