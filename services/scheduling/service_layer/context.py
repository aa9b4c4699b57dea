"""Everything the scheduling use cases need, built once by the composition root."""

from __future__ import annotations

import datetime as dt
import hmac
from dataclasses import dataclass, field

from services.scheduling.domain.programme import ProgrammeTemplate
from services.scheduling.service_layer.ports import (
    CaseDeadlineStore,
    CoachAgendaStore,
    CohortStore,
    NamedExpertStore,
    TrajectoryStore,
)
from shared.calendar import WorkingDayCalendar
from shared.capabilities import CapabilitySigner
from shared.contracts.base import Contact, Country, ProgrammeFormat
from shared.contracts.envelope import EventFactory
from shared.legacy_links import is_old_calendar_token
from shared.persistence.ports import ParkedEvents, TimerStore


@dataclass(frozen=True)
class Links:
    """Where calendar files are served. Links in events carry no token (design.md, "Links for
    people"): staff fetch them with their bearer; people get the `.ics` links of their own page,
    signed for them and ended with their link generation (intake, `/mijn/<token>/sessies/...`).
    The signer only recognises links of the earlier per-path format, to answer them with 410."""

    base_url: str
    signer: CapabilitySigner
    intake_public_url: str = "http://localhost:8001"

    OLD_PURPOSE = "calendar-file"

    def was_issued(self, path: str, token: str) -> bool:
        """True for a per-path token we once gave out (either earlier format) for this path."""
        sealed = self.signer.unseal(
            self.OLD_PURPOSE, token, dt.datetime.fromtimestamp(0, tz=dt.UTC)
        )
        if isinstance(sealed, str) and hmac.compare_digest(sealed, path):
            return True
        return is_old_calendar_token(self.signer, path, token)

    def session_path(self, case_id: str, session_id: str) -> str:
        """Where one session's invite is served."""
        return f"/calendar/cases/{case_id}/sessions/{session_id}.ics"

    def cohort_session_path(self, cohort_id: str, session_id: str) -> str:
        """Where one session of a cohort's own run is served."""
        return f"/calendar/cohorts/{cohort_id}/sessions/{session_id}.ics"

    def cohort_path(self, cohort_id: str) -> str:
        """Where a cohort's subscribable feed is served."""
        return f"/calendar/cohorts/{cohort_id}.ics"

    def url(self, path: str) -> str:
        """The full link, without any token: it opens for the staff bearer only."""
        return f"{self.base_url.rstrip('/')}{path}"


@dataclass
class Scheduling:
    """Repositories, templates, clock-stamped events and the organiser of every invite."""

    cohorts: CohortStore
    trajectories: TrajectoryStore
    agendas: CoachAgendaStore
    deadlines: CaseDeadlineStore
    timers: TimerStore
    experts: NamedExpertStore
    parked: ParkedEvents  # events that came before what they refer to (design.md, "Order")
    templates: dict[ProgrammeFormat, ProgrammeTemplate]
    events: EventFactory
    organizer: Contact
    links: Links
    reminder_days: int = 2
    _calendars: dict[Country, WorkingDayCalendar] = field(default_factory=dict)

    def calendar(self, country: Country) -> WorkingDayCalendar:
        """One calendar per country, so its holiday cache is shared."""
        if country not in self._calendars:
            self._calendars[country] = WorkingDayCalendar(country)
        return self._calendars[country]
