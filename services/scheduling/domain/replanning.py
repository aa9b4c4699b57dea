"""Re-planning a cohort's run after its cohort changed, or to plan trainings further ahead.

Sessions are matched by id: one whose date, place, link, host or texts change is rescheduled
(SEQUENCE raised), one no longer planned is cancelled, a new one is scheduled. Sessions that
have begun never change, and what staff moved or cancelled one by one stays so.
"""

from __future__ import annotations

import datetime as dt

from services.scheduling.domain.programme import ProgrammeTemplate
from services.scheduling.domain.runs import CohortRun, session_event, template_sessions
from shared.calendar import WorkingDayCalendar
from shared.contracts.scheduling import (
    CohortInfo,
    SessionCancelled,
    SessionEvent,
    SessionInfo,
    SessionRescheduled,
    SessionScheduled,
)

# What a change of these fields tells the invitees, in the order they read it.
_CHANGES = (
    (("starts_at", "ends_at"), "datum en tijd"),
    (("location", "online"), "locatie"),
    (("meeting_url",), "vergaderlink"),
    (("host",), "gastorganisatie"),
    (("name", "description", "theme", "homework", "guide_steps", "capacity"), "programma"),
)


def changed_parts(old: SessionInfo, new: SessionInfo) -> list[str]:
    """What differs for the invitees between two versions of a session."""
    return [
        label
        for fields, label in _CHANGES
        if any(getattr(old, name) != getattr(new, name) for name in fields)
    ]


def _as_staff_chose(session: SessionInfo, moves: dict[str, dt.datetime]) -> SessionInfo:
    """The planned session at the time staff moved it to, if they did."""
    moved_to = moves.get(session.session_id)
    if moved_to is None:
        return session
    starts_at = moved_to.astimezone(session.starts_at.tzinfo)
    update = {
        "starts_at": starts_at,
        "ends_at": starts_at + (session.ends_at - session.starts_at),
        "moved_from": None,
        "moved_reason": None,
    }
    return session.model_copy(update=update)


def replan_run(
    run: CohortRun,
    cohort: CohortInfo,
    template: ProgrammeTemplate,
    calendar: WorkingDayCalendar,
    now: dt.datetime,
) -> tuple[CohortRun, list[SessionEvent]]:
    """The run after a change of its cohort: moved, dropped, new and re-attended sessions."""
    changed = run.model_copy(update={"cohort": cohort})
    if template.sessions_per_case or run.cohort is None:
        return changed, []
    fresh: dict[str, SessionInfo] = {}
    if not cohort.cancelled:
        planned = template_sessions(changed, template, calendar, now.date())
        fresh = {s.session_id: _as_staff_chose(s, run.staff_moves) for s in planned}
    for session_id in run.staff_cancelled:
        fresh.pop(session_id, None)
    cancelled = list(run.cancelled_session_ids)
    sessions: list[SessionInfo] = []
    events: list[SessionEvent] = []
    why_gone = (
        f"{cohort.title} is geannuleerd."
        if cohort.cancelled
        else "Deze bijeenkomst vervalt door een wijziging van het programma."
    )
    for old in run.sessions:
        new = fresh.pop(old.session_id, None)
        keep = {"sequence": old.sequence + 1, "attendees": old.attendees, "ics_url": old.ics_url}
        if old.starts_at <= now or (new is None and old.session_id in cancelled):
            sessions.append(old)
        elif new is None:
            gone = old.model_copy(update={"sequence": old.sequence + 1, "cancelled": True})
            cancelled.append(old.session_id)
            sessions.append(gone)
            events.append(session_event(SessionCancelled, changed, gone, reason=why_gone))
        elif old.session_id in cancelled:  # a dropped session is back
            back = new.model_copy(update=keep)
            cancelled.remove(old.session_id)
            sessions.append(back)
            events.append(session_event(SessionScheduled, changed, back))
        elif parts := changed_parts(old, new):
            moved = new.model_copy(update=keep)
            sessions.append(moved)
            reason = f"Gewijzigd: {', '.join(parts)}."
            events.append(
                session_event(
                    SessionRescheduled,
                    changed,
                    moved,
                    previous_starts_at=old.starts_at,
                    reason=reason,
                )
            )
        else:
            sessions.append(old)
    for new in fresh.values():
        if new.starts_at > now:
            sessions.append(new)
            events.append(session_event(SessionScheduled, changed, new))
    sessions.sort(key=lambda s: s.starts_at)
    changed = changed.model_copy(update={"sessions": sessions, "cancelled_session_ids": cancelled})
    return changed, events
