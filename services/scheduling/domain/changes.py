"""Staff changes to a plan: moving or cancelling a session, with dependent deadlines following.

Rule for dependent deliverables: a deliverable that follows a session (the draft follows the
dialogue session, the final follows the feedback session) keeps the same number of working
days between that session and its window, so a move of the session by N working days moves
the window's opening and deadline by N working days, earlier or later, at the same local time.
Cancelling a session leaves deadlines where they are: staff decide separately what follows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from zoneinfo import ZoneInfo

from services.scheduling.domain.coaches import Booking, clashes
from services.scheduling.domain.dutch import format_date
from services.scheduling.domain.errors import InvalidInput, PlanningError
from services.scheduling.domain.planning import Plan, PlannedDeliverable
from shared.calendar import WorkingDayCalendar
from shared.contracts.base import Contact
from shared.contracts.scheduling import AttendeeRole, SessionInfo


def require_working_day(
    calendar: WorkingDayCalendar, starts_at: dt.datetime, timezone: str
) -> None:
    """A session moves only to a working day where it takes place; InvalidInput names why not."""
    local = starts_at.astimezone(ZoneInfo(timezone))
    closed = calendar.closed_reason(local.date())
    if closed is not None:
        raise InvalidInput(
            [("starts_at", f"{format_date(local.date())} is geen werkdag ({closed})")]
        )


def shift_working_days(
    moment: dt.datetime, shift: int, zone: ZoneInfo, calendar: WorkingDayCalendar
) -> dt.datetime:
    """Same local wall-clock time, `shift` working days away (DST-safe)."""
    local = moment.astimezone(zone)
    day = calendar.add_working_days(local.date(), shift)
    return dt.datetime.combine(day, local.time().replace(tzinfo=None), tzinfo=zone)


def _follow(
    deliverable: PlannedDeliverable, shift: int, zone: ZoneInfo, calendar: WorkingDayCalendar
) -> PlannedDeliverable:
    info = deliverable.info.model_copy(
        update={
            "opens_at": shift_working_days(deliverable.info.opens_at, shift, zone, calendar),
            "due_at": shift_working_days(deliverable.info.due_at, shift, zone, calendar),
        }
    )
    return deliverable.model_copy(update={"info": info})


def _check_open(plan: Plan, session_id: str) -> SessionInfo:
    session = plan.session(session_id)
    if session_id in plan.cancelled_session_ids:
        raise PlanningError(f"{session.name} is al geannuleerd.")
    return session


def reschedule_session(
    plan: Plan,
    session_id: str,
    new_starts_at: dt.datetime,
    calendar: WorkingDayCalendar,
    bookings: Sequence[Booking] = (),
) -> tuple[Plan, SessionInfo]:
    """Move a session (duration kept, SEQUENCE raised); refuse non-working days and clashes.

    `bookings` are the coaches' commitments outside this plan.
    """
    session = _check_open(plan, session_id)
    zone = ZoneInfo(plan.timezone)
    local_start = new_starts_at.astimezone(zone)
    reason = calendar.closed_reason(local_start.date())
    if reason is not None:
        raise PlanningError(
            f"{session.name} kan niet op {format_date(local_start.date())}: "
            f"dat is geen werkdag ({reason})."
        )
    moved = session.model_copy(
        update={
            "starts_at": local_start,
            "ends_at": local_start + (session.ends_at - session.starts_at),
            "sequence": session.sequence + 1,
            "moved_from": None,
            "moved_reason": None,
        }
    )
    for attendee in moved.attendees:
        if attendee.role is AttendeeRole.COACH:
            coach = Contact(name=attendee.name, email=attendee.email)
            if clashes(coach, [moved], bookings):
                raise PlanningError(
                    f"{attendee.name} is op het nieuwe tijdstip al ingepland; "
                    f"kies een ander moment voor {session.name}."
                )
    shift = calendar.working_days_between(
        session.starts_at.astimezone(zone).date(), local_start.date()
    )
    deliverables = [
        _follow(d, shift, zone, calendar) if d.follows_session_id == session_id else d
        for d in plan.deliverables
    ]
    sessions = [moved if s.session_id == session_id else s for s in plan.sessions]
    return plan.model_copy(update={"sessions": sessions, "deliverables": deliverables}), moved


def cancel_session(plan: Plan, session_id: str) -> tuple[Plan, SessionInfo]:
    """Withdraw a session: SEQUENCE raised so calendars accept the CANCEL; deadlines stay."""
    session = _check_open(plan, session_id)
    cancelled = session.model_copy(update={"sequence": session.sequence + 1})
    sessions = [cancelled if s.session_id == session_id else s for s in plan.sessions]
    update = {
        "sessions": sessions,
        "cancelled_session_ids": [*plan.cancelled_session_ids, session_id],
    }
    return plan.model_copy(update=update), cancelled
