"""A cohort run's links and reminders, derived from its state after every write (safe to repeat)."""

from __future__ import annotations

from collections.abc import Sequence

from services.scheduling.domain.planning import Plan
from services.scheduling.domain.runs import CohortRun, horizon_due
from services.scheduling.domain.timers import Timer, reminder_key, reminder_timers
from services.scheduling.service_layer.context import Scheduling
from services.scheduling.service_layer.invites import outgoing
from services.scheduling.service_layer.timers import arm
from shared.contracts.base import EventData
from shared.contracts.envelope import CloudEvent
from shared.contracts.scheduling import SessionEvent

# Not an event: the timer that plans recurring trainings further ahead (see bootstrap).
HORIZON = "scheduling.plan_ahead"


def horizon_key(cohort_id: str) -> str:
    """Key of a cohort's plan-ahead timer."""
    return f"plan-ahead:{cohort_id}"


def with_run_links(run: CohortRun, ctx: Scheduling) -> CohortRun:
    """Sessions without an `.ics` link get one; a link, once given, stays the same."""
    sessions = [
        s
        if s.ics_url
        else s.model_copy(
            update={
                "ics_url": ctx.links.url(ctx.links.cohort_session_path(run.cohort_id, s.session_id))
            }
        )
        for s in run.sessions
    ]
    return run.model_copy(update={"sessions": sessions})


def owed(
    run: CohortRun, events: Sequence[SessionEvent], ctx: Scheduling
) -> list[CloudEvent[EventData]]:
    """The run's session events with each session's link (as stored) and invite inline."""
    linked = []
    for event in events:
        stored = run.session(event.session.session_id)
        url = event.session.ics_url or (stored.ics_url if stored else None)
        linked.append(
            event.model_copy(update={"session": event.session.model_copy(update={"ics_url": url})})
        )
    return outgoing(run.cohort_id, linked, ctx)


def run_plan(run: CohortRun) -> Plan:
    """The run's sessions in the shape the timer rules read."""
    assert run.cohort is not None
    return Plan(
        cohort_id=run.cohort_id,
        timezone=run.cohort.timezone,
        sessions=run.sessions,
        cancelled_session_ids=run.cancelled_session_ids,
    )


async def sync_run_timers(run: CohortRun | None, ctx: Scheduling) -> None:
    """A reminder for every live session still to come; none once the cohort is cancelled."""
    if run is None or run.cohort is None:
        return
    cohort = run.cohort
    wanted: list[Timer] = []
    if not cohort.cancelled:
        about = {"cohort_title": cohort.title, "format": cohort.format}
        wanted = reminder_timers(
            run_plan(run),
            ctx.calendar(cohort.country),
            working_days_before=ctx.reminder_days,
            about=about,
            after=ctx.events.now(),
        )
    due = horizon_due(run, ctx.templates[cohort.format], ctx.events.now())
    if due is not None:
        wanted.append(Timer(key=horizon_key(run.cohort_id), due_at=due, routing_key=HORIZON))
    keys = {reminder_key(s.session_id) for s in run.sessions} | {horizon_key(run.cohort_id)}
    for key in sorted(keys - {t.key for t in wanted}):
        await ctx.timers.cancel(key)
    for timer in wanted:
        await arm(timer, run.cohort_id, ctx)
