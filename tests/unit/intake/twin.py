"""Intake's use cases wired to the in-memory twin: the same repositories, no database."""

from __future__ import annotations

import datetime as dt

from services.intake.adapters.case_repository import CaseRepository
from services.intake.adapters.cohort_repository import CohortRepository
from services.intake.adapters.guest_repository import GuestRepository
from services.intake.adapters.link_request_repository import LinkRequestRepository
from services.intake.adapters.session_repository import SessionRepository
from services.intake.adapters.timeline_repository import TimelineRepository
from services.intake.service_layer.context import Intake
from shared.calendar import WorkingDayCalendar
from shared.clock import ManualClock
from shared.contracts.base import Country
from shared.contracts.envelope import EventFactory
from shared.persistence.memory import MemoryDatabase, in_memory

SOURCE = "/samenspel/intake"
NOW = dt.datetime(2026, 3, 2, 9, 30, tzinfo=dt.UTC)


def intake_on_twin(clock: ManualClock | None = None) -> Intake:
    """An intake process whose database is the twin; `clock` moves its time."""
    memory = MemoryDatabase()
    now = (clock or ManualClock(NOW)).now
    return Intake(
        cases=in_memory(CaseRepository, memory),
        cohorts=in_memory(CohortRepository, memory),
        timelines=in_memory(TimelineRepository, memory),
        sessions=in_memory(SessionRepository, memory),
        link_requests=in_memory(LinkRequestRepository, memory),
        guests=in_memory(GuestRepository, memory),
        events=EventFactory(SOURCE, now),
        calendars={country: WorkingDayCalendar(country) for country in Country},
        base_url="https://intake.example",
    )
