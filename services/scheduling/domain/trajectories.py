"""A case's trajectory as scheduling keeps it, and the timers it needs at any moment."""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, Field

from services.scheduling.domain.coaches import Booking, clashes
from services.scheduling.domain.consultation import DateAnswer
from services.scheduling.domain.errors import PlanningError
from services.scheduling.domain.planning import Plan
from services.scheduling.domain.session_guests import GuestList, with_guests
from services.scheduling.domain.timers import (
    Timer,
    deliverable_key,
    deliverable_timers,
    reminder_key,
    reminder_timers,
)
from shared.calendar import WorkingDayCalendar
from shared.contracts.base import Contact, Country
from shared.contracts.intake import CaseAccepted
from shared.contracts.scheduling import DeliverableKind, SessionEvent, SessionInfo

E = TypeVar("E", bound=SessionEvent)


class TrajectoryStatus(StrEnum):
    """Planned and running, planning failed (reason for staff), or closed by the final."""

    PLANNED = "planned"
    FAILED = "failed"
    COMPLETED = "completed"


class Trajectory(BaseModel):
    """One accepted case in its cohort; the acceptance is kept so staff can plan again."""

    model_config = ConfigDict(frozen=True)

    case_id: str
    cohort_id: str
    case_title: str
    country: Country = Country.NL
    status: TrajectoryStatus
    reason: str = ""
    accepted: CaseAccepted
    plan: Plan | None = None
    delivered: list[DeliverableKind] = Field(default_factory=list)
    # The round's version whose members the sessions' attendees were last brought up to date
    # from: a refresh that read an older round never overwrites a newer one (no invite, cancel,
    # invite again when two membership events race).
    members_version: int = 0
    guests: list[GuestList] = Field(default_factory=list)  # per session, from intake
    # Owner's and expert's answers about tentative dates (planned in consultation).
    date_answers: list[DateAnswer] = Field(default_factory=list)
    # A staff change's write owes its timers and coach bookings (service_layer/owed_changes.py).
    changes_owed: bool = False
    owed_token: str = ""

    @classmethod
    def accepted_as(
        cls,
        accepted: CaseAccepted,
        *,
        cohort_id: str | None = None,
        country: Country = Country.NL,
        plan: Plan | None = None,
    ) -> Trajectory:
        """A planned trajectory for an accepted case (without a plan: a draft to read from)."""
        return cls(
            case_id=accepted.case_id,
            cohort_id=cohort_id or accepted.cohort_id,
            case_title=accepted.case_title,
            country=country,
            status=TrajectoryStatus.PLANNED,
            accepted=accepted,
            plan=plan,
        )

    @classmethod
    def planning_failed(cls, accepted: CaseAccepted, reason: str) -> Trajectory:
        """Planning did not succeed: the reason is kept for staff, who may plan again."""
        return cls(
            case_id=accepted.case_id,
            cohort_id=accepted.cohort_id,
            case_title=accepted.case_title,
            country=accepted.country,
            status=TrajectoryStatus.FAILED,
            reason=reason,
            accepted=accepted,
        )

    @property
    def is_open(self) -> bool:
        """Planned and running: its sessions may still change."""
        return self.status is TrajectoryStatus.PLANNED

    @property
    def may_be_planned(self) -> bool:
        """Only a failed planning is planned again; a planned or closed one stands."""
        return self.status is TrajectoryStatus.FAILED

    def record_delivery(self, kind: DeliverableKind) -> Trajectory | None:
        """A draft or final delivered; the final closes an open trajectory. None: known already."""
        if kind in self.delivered:
            return None
        update: dict[str, object] = {"delivered": [*self.delivered, kind]}
        if kind is DeliverableKind.FINAL and self.is_open:
            update["status"] = TrajectoryStatus.COMPLETED
        return self.model_copy(update=update)

    def replanned(self, plan: Plan, answers: Sequence[DateAnswer] | None = None) -> Trajectory:
        """A staff change of its sessions; the date answers it closed go with it."""
        update: dict[str, object] = {"plan": plan}
        if answers is not None:
            update["date_answers"] = list(answers)
        return self.model_copy(update=update)

    def answered(self, answers: Sequence[DateAnswer]) -> Trajectory:
        """The owner's and expert's answers about tentative dates, as they stand now."""
        return self.model_copy(update={"date_answers": list(answers)})

    def with_guest_list(self, incoming: GuestList) -> Trajectory | None:
        """A session's guests as intake sent them; None when this revision is not newer."""
        lists = with_guests(self.guests, incoming)
        return None if lists is None else self.model_copy(update={"guests": lists})

    def refreshed_from(self, members_version: int) -> Trajectory:
        """Its attendees are brought up to date from this version of the round's members."""
        return self.model_copy(update={"members_version": members_version})

    def live_sessions(self) -> list[SessionInfo]:
        """Sessions that still take place."""
        if self.plan is None:
            return []
        cancelled = set(self.plan.cancelled_session_ids)
        return [s for s in self.plan.sessions if s.session_id not in cancelled]

    def session_event(self, kind: type[E], session: SessionInfo, **extra: Any) -> E:
        """An event about one of the case's sessions, naming the case, its cohort and format."""
        return kind(
            case_id=self.case_id,
            case_title=self.case_title,
            cohort_id=self.cohort_id,
            cohort_title=self.accepted.cohort_title,
            format=self.accepted.format,
            session=session,
            **extra,
        )


def timer_keys(trajectory: Trajectory) -> set[str]:
    """Every timer key this trajectory may ever have set, to cancel what is no longer wanted."""
    if trajectory.plan is None:
        return set()
    keys = {reminder_key(s.session_id) for s in trajectory.plan.sessions}
    for planned in trajectory.plan.deliverables:
        for stage in ("due", "overdue"):
            keys.add(deliverable_key(trajectory.case_id, planned.info.kind, stage))
    return keys


def wanted_timers(
    trajectory: Trajectory, calendar: WorkingDayCalendar, reminder_days: int
) -> list[Timer]:
    """Reminders of live sessions and windows of undelivered deliverables; none once closed."""
    plan = trajectory.plan
    if plan is None or trajectory.status is not TrajectoryStatus.PLANNED:
        return []
    accepted = trajectory.accepted
    about = {
        "case_title": trajectory.case_title,
        "cohort_title": accepted.cohort_title,
        "format": accepted.format,
    }
    reminders = reminder_timers(plan, calendar, working_days_before=reminder_days, about=about)
    done = {
        deliverable_key(trajectory.case_id, kind, stage)
        for kind in trajectory.delivered
        for stage in ("due", "overdue")
    }
    return [*reminders, *(t for t in deliverable_timers(plan) if t.key not in done)]


class CoachAgenda(BaseModel):
    """A coach's commitments over all cohorts; one document per coach guards double-booking."""

    model_config = ConfigDict(frozen=True)

    email: str
    bookings: list[Booking] = Field(default_factory=list)

    def others_than(self, case_id: str) -> list[Booking]:
        """Commitments for other cases: what a (re)plan of `case_id` must not overlap."""
        return [b for b in self.bookings if b.case_id != case_id]


def booked(
    agenda: CoachAgenda | None,
    coach: Contact,
    case_id: str,
    label: str,
    sessions: Sequence[SessionInfo],
) -> CoachAgenda | None:
    """The agenda with this case's sessions (replacing its earlier ones); None if unchanged."""
    current = agenda or CoachAgenda(email=coach.email.lower())
    others = current.others_than(case_id)
    found = clashes(coach, sessions, others)
    if found:
        session, booking = found[0]
        raise PlanningError(
            f"{coach.name} is tijdens {session.name} al ingepland "
            f"({booking.label or 'ander cohort'})."
        )
    own = [
        Booking(
            coach_email=current.email,
            starts_at=s.starts_at,
            ends_at=s.ends_at,
            label=label,
            case_id=case_id,
            session_id=s.session_id,
        )
        for s in sessions
    ]
    if agenda is not None and _same(agenda.bookings, [*others, *own]):
        return None
    return current.model_copy(update={"bookings": [*others, *own]})


def _same(left: Sequence[Booking], right: Sequence[Booking]) -> bool:
    def key(b: Booking) -> tuple[str, str, float, float]:
        return (b.case_id, b.session_id, b.starts_at.timestamp(), b.ends_at.timestamp())

    return sorted(map(key, left)) == sorted(map(key, right))
