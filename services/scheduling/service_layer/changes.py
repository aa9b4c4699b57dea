"""Staff move or cancel a session: invites updated (SEQUENCE raised), deadlines follow."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from services.scheduling.domain.changes import (
    cancel_session,
    require_working_day,
    reschedule_session,
)
from services.scheduling.domain.consultation import DateAnswer, answers_without
from services.scheduling.domain.errors import PlanningError
from services.scheduling.domain.planning import Plan
from services.scheduling.domain.trajectories import Trajectory
from services.scheduling.service_layer import owed_changes
from services.scheduling.service_layer.context import Scheduling
from services.scheduling.service_layer.invites import with_ics
from services.scheduling.service_layer.owed_changes import owing
from services.scheduling.service_layer.planning import bookings_of
from shared.contracts.base import EventData
from shared.contracts.envelope import CloudEvent
from shared.contracts.scheduling import SessionCancelled, SessionInfo, SessionRescheduled
from shared.persistence.aggregate import Change


class NotFound(Exception):
    """No such trajectory or session: answered with 404."""


async def _planned(case_id: str, session_id: str, ctx: Scheduling) -> tuple[Trajectory, Plan]:
    stored = await ctx.trajectories.get(case_id)
    if stored is None or stored.state.plan is None:
        raise NotFound(f"geen planning voor case {case_id}")
    if session_id not in {s.session_id for s in stored.state.plan.sessions}:
        raise NotFound(f"geen sessie {session_id} in case {case_id}")
    if not stored.state.is_open:
        raise PlanningError("Dit traject is afgesloten; sessies veranderen niet meer.")
    return stored.state, stored.state.plan


async def _store(
    before: Trajectory,
    plan: Plan,
    events: Sequence[CloudEvent[EventData]],
    ctx: Scheduling,
    answers: Sequence[DateAnswer] | None = None,
) -> Trajectory:
    """Write the new plan only if nobody changed the trajectory since we read it; the write
    owes its timers and coach bookings, applied right after (and by the sweep after a crash)."""
    after = owing(before.replanned(plan, answers))

    def decide(current: Trajectory | None) -> Change[Trajectory] | None:
        if current != before:
            raise PlanningError("De planning is net door iemand anders gewijzigd; probeer opnieuw.")
        return Change(after, events)

    await ctx.trajectories.apply(before.case_id, decide)
    await owed_changes.finish(before.case_id, ctx)
    return after


async def reschedule(
    case_id: str,
    session_id: str,
    starts_at: dt.datetime,
    reason: str,
    ctx: Scheduling,
    confirm: bool = False,
) -> SessionInfo:
    """Move a session; its coaches must be free and the day a working day of the cohort.

    A tentative date stays tentative at its new time unless `confirm`; either way the
    consultation answers about the old time are closed.
    """
    trajectory, plan = await _planned(case_id, session_id, ctx)
    held = plan.session(session_id)
    live = held.session_id not in plan.cancelled_session_ids
    if live and held.starts_at == starts_at and not (confirm and held.tentative):
        await owed_changes.finish(case_id, ctx)  # a retry: the first attempt's write stands
        return held
    calendar = ctx.calendar(trajectory.country)
    require_working_day(calendar, starts_at, plan.timezone)
    bookings = await bookings_of(plan.coaches, case_id, ctx)
    new_plan, moved = reschedule_session(plan, session_id, starts_at, calendar, bookings)
    confirmed = confirm and moved.tentative
    if confirmed:
        moved = moved.model_copy(update={"tentative": False})
        sessions = [moved if s.session_id == session_id else s for s in new_plan.sessions]
        new_plan = new_plan.model_copy(update={"sessions": sessions})
    previous = plan.session(session_id).starts_at
    event = trajectory.session_event(
        SessionRescheduled,
        with_ics(moved, ctx),
        previous_starts_at=previous,
        reason=reason,
        confirmed=confirmed,
    )
    answers = answers_without(trajectory.date_answers, session_id)
    await _store(trajectory, new_plan, [ctx.events(event, subject=case_id)], ctx, answers)
    return moved


async def cancel(case_id: str, session_id: str, reason: str, ctx: Scheduling) -> SessionInfo:
    """Withdraw a session: a CANCEL invite goes out, its reminder and the coaches' booking go."""
    trajectory, plan = await _planned(case_id, session_id, ctx)
    new_plan, cancelled = cancel_session(plan, session_id)
    event = trajectory.session_event(
        SessionCancelled, with_ics(cancelled, ctx, cancelled=True), reason=reason
    )
    answers = answers_without(trajectory.date_answers, session_id)
    await _store(trajectory, new_plan, [ctx.events(event, subject=case_id)], ctx, answers)
    return cancelled
