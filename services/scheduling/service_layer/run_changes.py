"""Staff move or cancel one session of a cohort's own run; every invitee hears of it."""

from __future__ import annotations

import datetime as dt

from services.scheduling.domain.changes import (
    cancel_session,
    require_working_day,
    reschedule_session,
)
from services.scheduling.domain.errors import PlanningError
from services.scheduling.domain.runs import CohortRun, session_event
from services.scheduling.service_layer import owed_changes
from services.scheduling.service_layer.changes import NotFound
from services.scheduling.service_layer.cohorts import offer_changed
from services.scheduling.service_layer.context import Scheduling
from services.scheduling.service_layer.owed_changes import owing
from services.scheduling.service_layer.runs import owed, run_plan
from shared.contracts.scheduling import (
    SessionCancelled,
    SessionEvent,
    SessionInfo,
    SessionRescheduled,
)
from shared.persistence.aggregate import Change


def _open(
    run: CohortRun | None, session_id: str, now: dt.datetime
) -> tuple[CohortRun, SessionInfo]:
    session = run.session(session_id) if run is not None and run.cohort is not None else None
    if run is None or session is None:
        raise NotFound(f"geen sessie {session_id} in dit cohort")
    if session.starts_at <= now:
        raise PlanningError(f"{session.name} is al begonnen; die verandert niet meer.")
    return run, session


def _told(
    run: CohortRun, changed: CohortRun, event: SessionEvent, ctx: Scheduling
) -> Change[CohortRun]:
    """The run as changed, owing its follow-ups, the event and what the change offers others."""
    changed, offered = offer_changed(run, changed, ctx)
    return Change(owing(changed), [*offered, *owed(changed, [event], ctx)])


async def reschedule(
    cohort_id: str, session_id: str, starts_at: dt.datetime, reason: str, ctx: Scheduling
) -> SessionInfo:
    """Move a session (duration kept, SEQUENCE raised) to a working day of the cohort; a retry
    of the same move writes and sends nothing again."""
    now = ctx.events.now()
    moved: list[SessionInfo] = []

    def decide(current: CohortRun | None) -> Change[CohortRun] | None:
        run, session = _open(current, session_id, now)
        assert run.cohort is not None
        if session.starts_at == starts_at and run.live(session):
            moved.append(session)
            return None
        calendar = ctx.calendar(run.cohort.country)
        require_working_day(calendar, starts_at, run.cohort.timezone)
        plan, after = reschedule_session(run_plan(run), session_id, starts_at, calendar)
        moves = {**run.staff_moves, session_id: after.starts_at}
        changed = run.model_copy(update={"sessions": plan.sessions, "staff_moves": moves})
        event = session_event(
            SessionRescheduled,
            changed,
            after,
            previous_starts_at=session.starts_at,
            reason=reason,
        )
        moved.append(after)
        return _told(run, changed, event, ctx)

    await ctx.cohorts.apply(cohort_id, decide)
    await owed_changes.finish_run(cohort_id, ctx)
    return moved[-1]


async def cancel(cohort_id: str, session_id: str, reason: str, ctx: Scheduling) -> SessionInfo:
    """Withdraw one session: a CANCEL to everyone invited; a re-plan does not bring it back."""
    now = ctx.events.now()
    gone: list[SessionInfo] = []

    def decide(current: CohortRun | None) -> Change[CohortRun] | None:
        run, _ = _open(current, session_id, now)
        plan, cancelled = cancel_session(run_plan(run), session_id)
        cancelled = cancelled.model_copy(update={"cancelled": True})
        sessions = [cancelled if s.session_id == session_id else s for s in plan.sessions]
        changed = run.model_copy(
            update={
                "sessions": sessions,
                "cancelled_session_ids": plan.cancelled_session_ids,
                "staff_cancelled": [*run.staff_cancelled, session_id],
            }
        )
        event = session_event(SessionCancelled, changed, cancelled, reason=reason)
        gone.append(cancelled)
        return _told(run, changed, event, ctx)

    await ctx.cohorts.apply(cohort_id, decide)
    await owed_changes.finish_run(cohort_id, ctx)
    return gone[-1]
