"""Planning in consultation: answers from the owner's and expert's pages, staff's confirmation."""

from __future__ import annotations

from services.scheduling.domain.consultation import (
    DateAnswer,
    DateAnswerKind,
    answers_without,
    confirm_session,
    record_answer,
)
from services.scheduling.domain.errors import PlanningError
from services.scheduling.domain.trajectories import Trajectory
from services.scheduling.service_layer.changes import NotFound, _planned
from services.scheduling.service_layer.context import Scheduling
from services.scheduling.service_layer.invites import with_ics
from services.scheduling.service_layer.timers import sync_timers
from shared.contracts.scheduling import SessionInfo, SessionRescheduled
from shared.persistence.aggregate import Change

__all__ = ["NotFound", "answer_date", "answers_of", "confirm_date"]


async def answers_of(case_id: str, ctx: Scheduling) -> Trajectory:
    """The trajectory whose `date_answers` staff and the person pages read."""
    stored = await ctx.trajectories.get(case_id)
    if stored is None:
        raise NotFound(f"geen planning voor case {case_id}")
    return stored.state


async def answer_date(
    case_id: str,
    session_id: str,
    person_id: str,
    answer: DateAnswerKind,
    reason: str,
    ctx: Scheduling,
) -> list[DateAnswer]:
    """Record one answer in one guarded write (a later answer of the same person replaces it)."""
    await _planned(case_id, session_id, ctx)  # 404 / closed trajectory, before the write
    now = ctx.events.now()
    result: list[DateAnswer] = []

    def decide(current: Trajectory | None) -> Change[Trajectory] | None:
        nonlocal result
        if current is None or current.plan is None:
            raise NotFound(f"geen planning voor case {case_id}")
        result = record_answer(
            current.plan, current.date_answers, session_id, person_id, answer, reason, now
        )
        return Change(current.answered(result), [])

    await ctx.trajectories.apply(case_id, decide)
    return result


async def confirm_date(case_id: str, session_id: str, ctx: Scheduling) -> SessionInfo:
    """Fix the date: every invitee gets the update (STATUS:CONFIRMED, SEQUENCE raised)."""
    await _planned(case_id, session_id, ctx)
    fixed: SessionInfo | None = None

    def decide(current: Trajectory | None) -> Change[Trajectory] | None:
        nonlocal fixed
        if current is None or current.plan is None:
            raise NotFound(f"geen planning voor case {case_id}")
        new_plan, fixed = confirm_session(current.plan, session_id)
        event = current.session_event(
            SessionRescheduled,
            with_ics(fixed, ctx),
            previous_starts_at=fixed.starts_at,
            reason="De datum is in overleg vastgesteld.",
            confirmed=True,
        )
        after = current.replanned(new_plan, answers_without(current.date_answers, session_id))
        return Change(after, [ctx.events(event, subject=case_id)])

    applied = await ctx.trajectories.apply(case_id, decide)
    if fixed is None:
        raise PlanningError("De datum kon niet worden vastgezet.")
    if applied.state is not None:
        await sync_timers(applied.state, ctx)
    return fixed
