"""What the use cases need, built once by the composition root and passed to every handler."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from services.intake.domain.alternatives import AlternativeCatalogue
from services.intake.domain.localtime import local_date_in
from services.intake.domain.screening import ScreeningConfig
from services.intake.service_layer.ports import (
    CaseStore,
    CohortStore,
    GuestStore,
    LinkRequestStore,
    SessionStore,
    TimelineStore,
)
from shared.calendar import WorkingDayCalendar
from shared.contracts.base import Country, EventData
from shared.contracts.envelope import CloudEvent, EventFactory


@dataclass(frozen=True)
class Intake:
    """Repositories, event factory and configuration of one intake process."""

    cases: CaseStore
    cohorts: CohortStore
    timelines: TimelineStore
    sessions: SessionStore
    link_requests: LinkRequestStore
    events: EventFactory
    guests: GuestStore
    calendars: Mapping[Country, WorkingDayCalendar]
    alternatives: AlternativeCatalogue = field(default_factory=AlternativeCatalogue)
    screening: ScreeningConfig = field(default_factory=ScreeningConfig)
    decision_working_days: int = 5
    base_url: str = ""
    owner_submissions_per_hour: int = 0  # new cases per owner address from form and API; 0: any

    def now(self) -> dt.datetime:
        return self.events.now()

    def wrap(self, payloads: Sequence[EventData], subject: str) -> list[CloudEvent[EventData]]:
        """Envelopes for the events a domain method said a change owes."""
        return [self.events(payload, subject=subject) for payload in payloads]

    def decision_due(self, submitted_at: dt.datetime, country: Country) -> dt.date:
        """N working days after the submission day, on the country's own calendar."""
        submitted_on = local_date_in(submitted_at, country)
        return self.calendars[country].add_working_days(submitted_on, self.decision_working_days)

    def owner_url(self, token: str) -> str:
        """The owner's capability link (never logged)."""
        return f"{self.base_url.rstrip('/')}/eigenaar/{token}"
