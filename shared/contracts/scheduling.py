"""Events about cohorts, trajectories, sessions and deadlines, owned by scheduling."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from shared.contracts.base import Contact, Country, EventData, ProgrammeFormat
from shared.contracts.types import (
    EmailAddress,
    Name,
    SaneDate,
    SaneInstant,
    Text,
    TimeZoneName,
    Title,
    WebUrl,
)


class MeetingHost(BaseModel):
    """Where one meeting of a cohort is held when a case or organisation hosts it."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    meeting: int = Field(ge=1, le=60)
    host: Title = Field(min_length=1, max_length=300)
    location: Title | None = Field(default=None, max_length=500)


class OfferedSession(BaseModel):
    """A session learners choose from (an e-learning's live training): when, where, places."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    session_id: str = Field(min_length=1, max_length=300, pattern=r"^[A-Za-z0-9._-]+$")
    name: Title
    starts_at: SaneInstant
    ends_at: SaneInstant
    timezone: TimeZoneName
    online: bool = True
    location: Title | None = None
    capacity: int | None = Field(default=None, ge=1)
    booked: int = Field(default=0, ge=0)  # places taken by learners' bookings

    @property
    def free(self) -> int | None:
        """Places left (None: no limit)."""
        return None if self.capacity is None else max(self.capacity - self.booked, 0)


class CohortInfo(BaseModel):
    """A cohort as intake and documents need it: choices for decisions, capacity for enrolment."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    cohort_id: str = Field(min_length=1, max_length=100)
    format: ProgrammeFormat
    title: Title
    country: Country = Country.NL
    timezone: TimeZoneName = "Europe/Amsterdam"
    start_date: SaneDate
    end_date: SaneDate | None = None
    fixed_dates: list[SaneDate] = Field(default_factory=list)
    capacity: int = Field(default=24, ge=1)
    registration_deadline: SaneDate | None = None
    fee_eur_cents: int | None = Field(default=None, ge=0)
    coaches: list[Contact] = Field(default_factory=list)
    location: Title | None = None
    meeting_url: WebUrl | None = None
    cancelled: bool = False
    hosts: list[MeetingHost] = Field(default_factory=list)
    training_capacity: int | None = Field(default=None, ge=1)
    training_every_weeks: int | None = Field(default=None, ge=6, le=8)
    # Filled by scheduling in cohort.* events for formats whose learners book one session
    # (the e-learning's trainings still to come), so enrolment mails can show the offer.
    offered_sessions: list[OfferedSession] = Field(default_factory=list)
    # Bumped by scheduling with every announcement of the cohort (design.md, "Order"): a
    # consumer ignores a `cohort.*` older than the one it holds; 0 from systems that do not count.
    version: int = Field(default=0, ge=0)


class CohortPlanned(EventData):
    """Staff planned a new cohort."""

    routing_key = "cohort.planned"

    cohort: CohortInfo


class CohortUpdated(EventData):
    """Staff changed a cohort (dates, capacity, deadline, coaches...); the whole state is sent."""

    routing_key = "cohort.updated"

    cohort: CohortInfo


class DecisionOverdue(EventData):
    """No decision was taken within 5 working days of submission: escalate to staff."""

    routing_key = "case.decision_overdue"

    case_id: str
    case_title: Title = ""
    decision_due: dt.date
    overdue_since: AwareDatetime


class AttendeeRole(StrEnum):
    """Why someone is invited to a session."""

    OWNER = "owner"
    CONTENT_EXPERT = "content_expert"
    COACH = "coach"
    TRAINER = "trainer"
    MENTOR = "mentor"
    PARTICIPANT = "participant"
    GUEST = "guest"


class Attendee(BaseModel):
    """Someone who gets the calendar invite of a session; `person_id` names their page."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    person_id: str = Field(default="", max_length=100, pattern=r"^[a-z0-9-]*$")
    name: Name
    email: EmailAddress
    role: AttendeeRole


class SessionInfo(BaseModel):
    """One session as everyone downstream needs it; times carry their local offset."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    session_id: str = Field(min_length=1, max_length=300, pattern=r"^[A-Za-z0-9._-]+$")
    step: int = Field(ge=1)
    name: Title
    starts_at: SaneInstant
    ends_at: SaneInstant
    timezone: TimeZoneName
    online: bool = True
    location: Title | None = None
    meeting_url: WebUrl | None = None
    moved_from: SaneDate | None = None
    moved_reason: Title | None = None
    attendees: list[Attendee] = Field(default_factory=list)
    description: Text = ""
    theme: Text = ""
    homework: Text = ""
    guide_steps: list[int] = Field(default_factory=list)
    host: Title | None = Field(default=None, max_length=300)
    capacity: int | None = Field(default=None, ge=1)
    guest_limit: int = Field(default=0, ge=0, le=100)  # guests attendees may invite (0: none)
    sequence: int = Field(default=0, ge=0)
    cancelled: bool = False
    # Planned in consultation (a leercase): the date is proposed until staff confirm it, and
    # the invite says STATUS:TENTATIVE meanwhile.
    tentative: bool = False
    ics: str = ""
    ics_url: WebUrl | None = None


class DeliverableKind(StrEnum):
    """What the cohort delivers to the owner."""

    DRAFT = "draft"
    FINAL = "final"


class DeliverableInfo(BaseModel):
    """A deliverable's window: it opens, and must be delivered before `due_at`."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    kind: DeliverableKind
    name: str = ""
    opens_at: AwareDatetime
    due_at: AwareDatetime
    follows_session_id: str | None = None


class TrajectoryScheduled(EventData):
    """An accepted case has its trajectory planned in its cohort."""

    routing_key = "trajectory.scheduled"

    case_id: str
    case_title: Title = ""
    cohort_id: str
    format: ProgrammeFormat
    timezone: TimeZoneName
    owner: Contact
    coaches: list[Contact]
    sessions: list[SessionInfo]
    deliverables: list[DeliverableInfo]


class SessionEvent(EventData):
    """What every event about one session carries; `case_id` is empty for cohort-wide sessions."""

    case_title: Title = ""
    case_id: str | None = None
    cohort_id: str
    cohort_title: Title = ""
    format: ProgrammeFormat = ProgrammeFormat.LEERCASE
    session: SessionInfo


class DeliverableEvent(EventData):
    """What every event about a case's deliverable deadline carries."""

    case_title: Title = ""
    case_id: str
    cohort_id: str
    deliverable: DeliverableInfo


class SessionScheduled(SessionEvent):
    """A session has a date: everyone invited gets a calendar invite (REQUEST)."""

    routing_key = "session.scheduled"


class SessionRescheduled(SessionEvent):
    """Staff moved or confirmed a session; the invite is updated with a higher SEQUENCE.

    `confirmed`: staff fixed a tentative date (at the same time when `previous_starts_at`
    equals the start, else at the new time).
    """

    routing_key = "session.rescheduled"

    previous_starts_at: AwareDatetime
    reason: str = ""
    confirmed: bool = False


class SessionCancelled(SessionEvent):
    """Staff cancelled a session; the invite is withdrawn (METHOD CANCEL)."""

    routing_key = "session.cancelled"

    reason: str = ""


class SessionAttendeesChanged(SessionEvent):
    """Who attends changed (an enrolment, withdrawal or move): `added` are invited, `removed`
    get a cancellation; `session.attendees` is the list after the change."""

    routing_key = "session.attendees_changed"

    added: list[Attendee] = Field(default_factory=list)
    removed: list[Attendee] = Field(default_factory=list)


class SessionReminderDue(SessionEvent):
    """A session is near (default 2 working days ahead): remind its attendees."""

    routing_key = "session.reminder_due"


class DeliverableDue(DeliverableEvent):
    """A deliverable's window opened: the documents service assembles it."""

    routing_key = "deliverable.due"


class DeliverableOverdue(DeliverableEvent):
    """A deliverable's deadline passed without delivery: escalate to staff."""

    routing_key = "deliverable.overdue"


class TrajectoryPlanningFailed(EventData):
    """An accepted case could not be planned (e.g. no two coaches free): staff must act."""

    routing_key = "trajectory.planning_failed"

    case_id: str
    case_title: Title = ""
    cohort_id: str
    reason: str
    failed_at: AwareDatetime
