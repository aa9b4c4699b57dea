"""Shared fixtures: the real template files and the calendars staff use."""

import pytest

from services.scheduling.adapters.programme_files import load_templates
from services.scheduling.domain.programme import ProgrammeTemplate
from shared.calendar import WorkingDayCalendar
from shared.contracts.base import Contact, Country, ProgrammeFormat


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
