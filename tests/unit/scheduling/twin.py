"""Scheduling's use cases wired to the in-memory twin: the same repositories, no database."""

from __future__ import annotations

import datetime as dt
from typing import Any

from services.scheduling.adapters.programme_files import load_templates
from services.scheduling.adapters.repositories import (
    CaseDeadlineRepository,
    CoachAgendaRepository,
    CohortRepository,
    NamedExpertRepository,
    TrajectoryRepository,
)
from services.scheduling.domain.cohorts import NewCohort
from services.scheduling.service_layer.context import Links, Scheduling
from shared.capabilities import CapabilitySigner
from shared.clock import ManualClock
from shared.contracts.base import Contact, EventData
from shared.contracts.envelope import CloudEvent, EventFactory, new_event
from shared.contracts.intake import CaseAccepted
from shared.persistence.memory import MemoryDatabase, in_memory
from shared.persistence.parking import ParkingLot
from shared.persistence.ports import PENDING, TimerStore
from shared.persistence.timers import TimerRepository

START = dt.datetime(2026, 2, 20, 8, 0, tzinfo=dt.UTC)  # a Friday, before the 9 March cohort
COACHES = [
    Contact(name="Anna de Vries", email="anna@example.org"),
    Contact(name="Bert Jansen", email="bert@example.org"),
]
_TEMPLATES = load_templates()


def scheduling_on_twin(clock: ManualClock) -> Scheduling:
    """A scheduling process whose database is the twin, on the test's clock."""
    memory = MemoryDatabase()
    return Scheduling(
        cohorts=in_memory(CohortRepository, memory),
        trajectories=in_memory(TrajectoryRepository, memory),
        agendas=in_memory(CoachAgendaRepository, memory),
        deadlines=in_memory(CaseDeadlineRepository, memory),
        timers=in_memory(TimerRepository, memory),
        experts=in_memory(NamedExpertRepository, memory),
        parked=in_memory(ParkingLot, memory),
        templates=_TEMPLATES,
        events=EventFactory("/samenspel/scheduling", clock.now),
        organizer=Contact(name="Programmabureau", email="office@example.org"),
        links=Links("https://scheduling.example", CapabilitySigner.from_secret("k" * 32)),
    )


def leercase(cohort_id: str = "lc-2026-03", **extra: Any) -> NewCohort:
    """A leercase round from Monday 9 March 2026 (DST, Easter and King's Day inside)."""
    values: dict[str, Any] = {
        "cohort_id": cohort_id,
        "format": "leercase",
        "title": "Leercase voorjaar 2026",
        "start_date": dt.date(2026, 3, 9),
        "coaches": COACHES,
        "meeting_url": "https://teams.example.org/leercase",
    }
    return NewCohort.model_validate(values | extra)


def accepted(case_id: str, cohort_id: str, now: dt.datetime, **extra: Any) -> CaseAccepted:
    """Staff accepted this case into the round."""
    values: dict[str, Any] = {
        "case_id": case_id,
        "case_title": f"Zonneweide {case_id}",
        "cohort_id": cohort_id,
        "format": "leercase",
        "owner": Contact(name="Olga Eigenaar", email="olga@gemeente.example.nl"),
        "consent_to_share": True,
        "decided_by": "medewerker",
        "decided_at": now,
    }
    return CaseAccepted.model_validate(values | extra)


def from_intake(data: EventData, subject: str, now: dt.datetime) -> CloudEvent[Any]:
    """An event as intake (or documents) publishes it."""
    return new_event(data, source="/samenspel/intake", subject=subject, now=now)


def delivery(case_id: str, delivered_at: dt.datetime = START) -> dict[str, object]:
    """The body of a draft.delivered or final.delivered for a case (final closes it)."""
    return {
        "case_id": case_id,
        "case_title": "Zonneweide",
        "version": 1,
        "delivered_at": delivered_at,
        "owner": {"name": "Olga", "email": "olga@example.nl"},
        "downloads": [],
    }


async def pending(timers: TimerStore) -> list[str]:
    """The kinds of the timers still to fire, earliest first."""
    found = await timers.due(dt.datetime(2100, 1, 1, tzinfo=dt.UTC), limit=1000)
    return [t.state.kind for t in found if t.state.status == PENDING]
