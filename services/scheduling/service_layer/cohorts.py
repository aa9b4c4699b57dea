"""Staff plan and change cohorts: the cohort, its sessions and the events owed, in one write."""

from __future__ import annotations

from services.scheduling.domain.cohorts import CohortChange, NewCohort, changed_cohort, new_cohort
from services.scheduling.domain.errors import InvalidInput
from services.scheduling.domain.replanning import replan_run
from services.scheduling.domain.runs import (
    CohortRun,
    announced,
    next_version,
    plan_run,
    refresh_attendees,
)
from services.scheduling.service_layer import changes
from services.scheduling.service_layer.changes import NotFound
from services.scheduling.service_layer.context import Scheduling
from services.scheduling.service_layer.runs import owed, sync_run_timers, with_run_links
from shared.contracts.base import EventData, ProgrammeFormat
from shared.contracts.envelope import CloudEvent
from shared.contracts.scheduling import CohortInfo, CohortPlanned, CohortUpdated
from shared.persistence.aggregate import Change, Stored
from shared.persistence.ports import Timer


class AlreadyExists(Exception):
    """A cohort with this id exists: answered with 409."""


async def plan_cohort(draft: NewCohort, ctx: Scheduling) -> CohortInfo:
    """Create the cohort with its sessions; `cohort.planned` and the invites in the same write.

    Members whose enrolment arrived before the cohort (kept in the run) are invited at once.
    """
    template = ctx.templates.get(draft.format)
    if template is None:
        raise InvalidInput([("format", f"geen programma-sjabloon voor {draft.format}")])
    cohort = new_cohort(draft, template)
    calendar = ctx.calendar(cohort.country)

    def decide(current: CohortRun | None) -> Change[CohortRun] | None:
        if current is not None and current.cohort is not None:
            raise AlreadyExists(cohort.cohort_id)
        base = current or CohortRun(cohort_id=cohort.cohort_id)
        now = ctx.events.now()
        run, events = plan_run(base, cohort, template, calendar, now.date())
        run = with_run_links(run, ctx)
        shown = announced(run, template, now)
        planned = ctx.events(CohortPlanned(cohort=shown), subject=cohort.cohort_id)
        return Change(run, [planned, *owed(run, events, ctx)])

    applied = await ctx.cohorts.apply(cohort.cohort_id, decide)
    await sync_run_timers(applied.state, ctx)
    return cohort


async def change_cohort(cohort_id: str, change: CohortChange, ctx: Scheduling) -> CohortInfo:
    """Apply a change; `cohort.updated` carries the whole state, the sessions follow the dates.

    A leercase round's dates stay once a case is planned in it (staff move those sessions).
    """
    stored = await ctx.cohorts.get(cohort_id)
    if stored is None or stored.state.cohort is None:
        raise NotFound(cohort_id)
    template = ctx.templates[stored.state.cohort.format]
    has_plans = template.sessions_per_case and await ctx.trajectories.any_in_cohort(cohort_id)
    now = ctx.events.now()

    def decide(current: CohortRun | None) -> Change[CohortRun] | None:
        assert current is not None and current.cohort is not None
        after = changed_cohort(current.cohort, change, template, has_plans=has_plans)
        if after is None:
            return None
        after = after.model_copy(update={"version": current.cohort.version + 1})
        calendar = ctx.calendar(after.country)
        run, moved = replan_run(current, after, template, calendar, now)
        run, attended = refresh_attendees(run, template, now)
        run = with_run_links(run, ctx)
        shown = announced(run, template, now)
        updated = ctx.events(CohortUpdated(cohort=shown), subject=cohort_id)
        return Change(run, [updated, *owed(run, [*moved, *attended], ctx)])

    applied = await ctx.cohorts.apply(cohort_id, decide)
    await sync_run_timers(applied.state, ctx)
    assert applied.state is not None and applied.state.cohort is not None
    if template.sessions_per_case and applied.state.cohort.cancelled:
        await cancel_round(applied.state.cohort, ctx)
    return applied.state.cohort


async def cancel_round(cohort: CohortInfo, ctx: Scheduling) -> None:
    """A cancelled leercase round cancels every case's sessions still to come (repeatable)."""
    now = ctx.events.now()
    found = await ctx.trajectories.in_cohort(cohort.cohort_id)
    for stored in found:
        trajectory = stored.state
        if not trajectory.is_open:
            continue
        for session in trajectory.live_sessions():
            if session.starts_at > now:
                await changes.cancel(
                    trajectory.case_id, session.session_id, f"{cohort.title} is geannuleerd.", ctx
                )


def offer_changed(
    before: CohortRun, after: CohortRun, ctx: Scheduling
) -> tuple[CohortRun, list[CloudEvent[EventData]]]:
    """`cohort.updated` when the sessions on offer changed (trainings added, moved, dropped);
    the run to write then counts that announcement in its cohort's version."""
    assert after.cohort is not None
    template, now = ctx.templates[after.cohort.format], ctx.events.now()
    if announced(before, template, now) == announced(after, template, now):
        return after, []
    after = next_version(after)
    shown = announced(after, template, now)
    return after, [ctx.events(CohortUpdated(cohort=shown), subject=after.cohort_id)]


async def list_cohorts(format: ProgrammeFormat | None, ctx: Scheduling) -> list[CohortInfo]:
    """Cohorts by start date, optionally of one format."""
    now = ctx.events.now()
    return [
        announced(run, ctx.templates[run.cohort.format], now)
        for run in await ctx.cohorts.by_start(format)
        if run.cohort is not None
    ]


async def cohort_run(cohort_id: str, ctx: Scheduling) -> CohortRun:
    """The cohort with its sessions and members, for staff; NotFound when not planned."""
    stored = await ctx.cohorts.get(cohort_id)
    if stored is None or stored.state.cohort is None:
        raise NotFound(cohort_id)
    return stored.state


async def extend_horizon(stored: Stored[Timer], ctx: Scheduling) -> None:
    """Recurring trainings are planned half a year ahead of today: add the ones now due."""
    cohort_id = stored.state.case_id or ""
    now = ctx.events.now()

    def decide(current: CohortRun | None) -> Change[CohortRun] | None:
        if current is None or current.cohort is None:
            return None
        template = ctx.templates[current.cohort.format]
        calendar = ctx.calendar(current.cohort.country)
        run, added = replan_run(current, current.cohort, template, calendar, now)
        run, attended = refresh_attendees(run, template, now)
        if not added and not attended:
            return None
        run = with_run_links(run, ctx)
        run, offered = offer_changed(current, run, ctx)
        return Change(run, [*offered, *owed(run, [*added, *attended], ctx)])

    applied = await ctx.cohorts.apply(cohort_id, decide)
    await ctx.timers.fire(stored, now)
    await sync_run_timers(applied.state, ctx)


async def shown_cohort(cohort_id: str, ctx: Scheduling) -> CohortInfo:
    """One cohort as staff and events see it (with its offer); NotFound when not planned."""
    run = await cohort_run(cohort_id, ctx)
    assert run.cohort is not None
    return announced(run, ctx.templates[run.cohort.format], ctx.events.now())
