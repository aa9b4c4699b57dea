"""Turns a template and a cohort into dated sessions and deliverable windows on working days."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict, Field

from services.scheduling.domain.coaches import Booking, assign_coaches
from services.scheduling.domain.dates import place_step
from services.scheduling.domain.errors import PlanningError
from services.scheduling.domain.people import staff_attendee
from services.scheduling.domain.programme import ProgrammeTemplate
from shared.calendar import WorkingDayCalendar
from shared.contracts.base import Contact
from shared.contracts.scheduling import (
    Attendee,
    AttendeeRole,
    CohortInfo,
    DeliverableInfo,
    MeetingHost,
    SessionInfo,
)

# A deliverable window opens at the start of the working day and closes at its end, local time.
DELIVERABLE_OPENS_AT = dt.time(9, 0)
DELIVERABLE_DUE_AT = dt.time(17, 0)


class PlannedDeliverable(BaseModel):
    """A deliverable window plus what it depends on (not in the contract's DeliverableInfo)."""

    model_config = ConfigDict(frozen=True)

    step: int
    name: str
    info: DeliverableInfo
    follows_session_id: str | None = None


class Plan(BaseModel):
    """A cohort's (or one case's) dated programme; replaced as a whole on every change."""

    model_config = ConfigDict(frozen=True)

    cohort_id: str
    case_id: str | None = None
    timezone: str
    coaches: list[Contact] = Field(default_factory=list)
    sessions: list[SessionInfo]
    deliverables: list[PlannedDeliverable] = Field(default_factory=list)
    cancelled_session_ids: list[str] = Field(default_factory=list)

    def session(self, session_id: str) -> SessionInfo:
        """The session with this id, or a PlanningError staff can read."""
        for session in self.sessions:
            if session.session_id == session_id:
                return session
        raise PlanningError(f"Sessie {session_id} bestaat niet in deze planning.")


def at_local(day: dt.date, time: dt.time, zone: ZoneInfo) -> dt.datetime:
    """The wall-clock time in `zone` on `day`; the offset follows DST for that very date."""
    return dt.datetime.combine(day, time, tzinfo=zone)


def _host(cohort: CohortInfo, meeting: int) -> MeetingHost | None:
    return next((h for h in cohort.hosts if h.meeting == meeting), None)


def plan_sessions(
    template: ProgrammeTemplate,
    cohort: CohortInfo,
    calendar: WorkingDayCalendar,
    *,
    id_prefix: str,
    fixed_dates: Sequence[dt.date] = (),
    attendees: Sequence[Attendee] = (),
    today: dt.date | None = None,
) -> list[SessionInfo]:
    """Every session on a working day at the template's local time; moves carry their reason.

    `today` moves the horizon of recurring sessions (they are planned half a year ahead of it).
    """
    zone = ZoneInfo(cohort.timezone)
    sessions: list[SessionInfo] = []
    month_index = 0
    for step in template.session_steps:
        placed = place_step(
            step,
            cohort.start_date,
            fixed_dates,
            calendar,
            every_weeks=cohort.training_every_weeks,
            month_index=month_index,
            today=today,
            end=cohort.end_date,
        )
        month_index += step.month is not None
        start_time = step.start_time or template.default_start_time
        minutes = step.duration_minutes or template.default_duration_minutes
        host = _host(cohort, step.step)
        for index, where in enumerate(placed, start=1):
            starts_at = at_local(where.day, start_time, zone)
            suffix = f"-{index}" if len(placed) > 1 else ""
            capacity = (cohort.training_capacity or step.capacity) if step.recurrence else None
            sessions.append(
                SessionInfo(
                    session_id=f"{id_prefix}-s{step.step}{suffix}",
                    step=step.step,
                    name=f"{step.name} ({index})" if suffix else step.name,
                    starts_at=starts_at,
                    ends_at=starts_at + dt.timedelta(minutes=minutes),
                    timezone=cohort.timezone,
                    online=template.online,
                    location=(host and host.location) or cohort.location or template.location,
                    meeting_url=cohort.meeting_url,
                    moved_from=where.moved_from,
                    moved_reason=where.moved_reason,
                    attendees=list(attendees),
                    description=step.description,
                    theme=step.theme,
                    homework=step.homework,
                    guide_steps=list(step.guide_steps),
                    host=host.host if host else None,
                    capacity=capacity,
                    guest_limit=step.guests,
                    tentative=template.planned_in_consultation,
                )
            )
    return sessions


def last_working_day_on_or_before(day: dt.date, calendar: WorkingDayCalendar) -> dt.date:
    """Where a deadline lands when the end of its week is not a working day."""
    return calendar.add_working_days(day + dt.timedelta(days=1), -1)


def plan_deliverables(
    template: ProgrammeTemplate,
    start: dt.date,
    zone: ZoneInfo,
    calendar: WorkingDayCalendar,
    sessions: Sequence[SessionInfo],
) -> list[PlannedDeliverable]:
    """Windows from the first working day of `week` 09:00 to the last of `until_week` 17:00."""
    by_step = {s.step: s.session_id for s in sessions}
    planned = []
    for step in template.deliverable_steps:
        assert step.deliverable and step.week and step.until_week  # validator guarantees
        opens = calendar.working_day_on_or_after(start + dt.timedelta(weeks=step.week - 1))
        week_end = start + dt.timedelta(weeks=step.until_week, days=-1)
        due = last_working_day_on_or_before(week_end, calendar)
        follows = by_step.get(step.follows_step) if step.follows_step else None
        info = DeliverableInfo(
            kind=step.deliverable,
            name=step.name,
            follows_session_id=follows,
            opens_at=at_local(opens, DELIVERABLE_OPENS_AT, zone),
            due_at=at_local(due, DELIVERABLE_DUE_AT, zone),
        )
        planned.append(
            PlannedDeliverable(
                step=step.step, name=step.name, info=info, follows_session_id=follows
            )
        )
    return planned


def plan_trajectory(
    template: ProgrammeTemplate,
    cohort: CohortInfo,
    calendar: WorkingDayCalendar,
    *,
    case_id: str | None = None,
    fixed_dates: Sequence[dt.date] = (),
    attendees: Sequence[Attendee] = (),
    coach_pool: Sequence[Contact] = (),
    bookings: Sequence[Booking] = (),
) -> Plan:
    """The full plan; the cohort's own coaches go before the pool, all conflict-checked."""
    if calendar.country is not cohort.country:
        raise PlanningError(
            f"De kalender ({calendar.country}) past niet bij het land van het cohort "
            f"({cohort.country})."
        )
    id_prefix = f"{cohort.cohort_id}-{case_id}" if case_id else cohort.cohort_id
    sessions = plan_sessions(
        template,
        cohort,
        calendar,
        id_prefix=id_prefix,
        fixed_dates=fixed_dates,
        attendees=attendees,
    )
    candidates = cohort.coaches or list(coach_pool)
    coaches = assign_coaches(candidates, sessions, bookings, template.coaches_per_cohort)
    coach_attendees = [staff_attendee(c, AttendeeRole.COACH) for c in coaches]
    sessions = [
        s.model_copy(update={"attendees": [*s.attendees, *coach_attendees]}) for s in sessions
    ]
    zone = ZoneInfo(cohort.timezone)
    return Plan(
        cohort_id=cohort.cohort_id,
        case_id=case_id,
        timezone=cohort.timezone,
        coaches=coaches,
        sessions=sessions,
        deliverables=plan_deliverables(template, cohort.start_date, zone, calendar, sessions),
    )
