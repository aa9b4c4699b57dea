"""Planning an accepted case in its cohort, with coaches reserved so none is double-booked.

Coaches are reserved in their own agenda documents (version-guarded) before the trajectory is
written: a crash in between leaves at most a reservation that the redelivered event replaces.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from services.scheduling.domain.case_people import case_attendees
from services.scheduling.domain.coaches import Booking
from services.scheduling.domain.errors import PlanningError
from services.scheduling.domain.planning import Plan, plan_trajectory
from services.scheduling.domain.trajectories import (
    CoachAgenda,
    Trajectory,
    booked,
)
from services.scheduling.service_layer.context import Scheduling
from services.scheduling.service_layer.decisions import record_decision
from services.scheduling.service_layer.deliveries import apply_parked
from services.scheduling.service_layer.invites import scheduled_events, with_links
from services.scheduling.service_layer.membership import refresh_trajectory
from services.scheduling.service_layer.timers import sync_timers
from shared.contracts.base import Contact
from shared.contracts.intake import CaseAccepted
from shared.contracts.scheduling import (
    Attendee,
    CohortInfo,
    SessionInfo,
    TrajectoryPlanningFailed,
)
from shared.persistence.aggregate import Change

log = logging.getLogger(__name__)
RESERVE_ATTEMPTS = 3


async def attendees_of(accepted: CaseAccepted, ctx: Scheduling) -> list[Attendee]:
    """The owner, the content expert, and the round's learners already on this case."""
    run = await ctx.cohorts.get(accepted.cohort_id)
    expert = await ctx.experts.get(accepted.case_id)
    draft = Trajectory.accepted_as(accepted)
    members = run.state.members if run else []
    return case_attendees(draft, members, expert.state if expert else None)


async def book_coaches(
    coaches: Sequence[Contact],
    case_id: str,
    label: str,
    sessions: Sequence[SessionInfo],
    ctx: Scheduling,
) -> None:
    """Write this case's sessions into each coach's agenda; PlanningError on a clash."""
    for coach in coaches:

        def decide(
            current: CoachAgenda | None, coach: Contact = coach
        ) -> Change[CoachAgenda] | None:
            agenda = booked(current, coach, case_id, label, sessions)
            return None if agenda is None else Change(agenda)

        await ctx.agendas.apply(coach.email.lower(), decide)


async def bookings_of(coaches: Sequence[Contact], case_id: str, ctx: Scheduling) -> list[Booking]:
    """The coaches' commitments for other cases, read from their agendas."""
    found: list[Booking] = []
    for coach in coaches:
        stored = await ctx.agendas.get(coach.email.lower())
        if stored is not None:
            found.extend(stored.state.others_than(case_id))
    return found


async def _cohort(accepted: CaseAccepted, ctx: Scheduling) -> CohortInfo:
    stored = await ctx.cohorts.get(accepted.cohort_id)
    if stored is None or stored.state.cohort is None:
        raise PlanningError(f"Cohort {accepted.cohort_id} bestaat niet; plan eerst het cohort.")
    cohort = stored.state.cohort
    if cohort.cancelled:
        raise PlanningError(f"Cohort {cohort.title} is geannuleerd.")
    if cohort.format is not accepted.format:
        raise PlanningError(
            f"De case is aangenomen voor {accepted.format}, "
            f"maar cohort {cohort.title} is {cohort.format}."
        )
    return cohort


async def _reserve(accepted: CaseAccepted, cohort: CohortInfo, ctx: Scheduling) -> Plan:
    pool = list(accepted.coaches) or list(cohort.coaches)
    template = ctx.templates[cohort.format]
    calendar = ctx.calendar(cohort.country)
    label = f"{cohort.title}: {accepted.case_title}"
    for attempt in range(1, RESERVE_ATTEMPTS + 1):
        plan = plan_trajectory(
            template,
            cohort.model_copy(update={"coaches": pool}),
            calendar,
            case_id=accepted.case_id,
            fixed_dates=cohort.fixed_dates,
            attendees=await attendees_of(accepted, ctx),
            bookings=await bookings_of(pool, accepted.case_id, ctx),
        )
        plan = with_links(plan, ctx)
        try:
            await book_coaches(plan.coaches, accepted.case_id, label, plan.sessions, ctx)
        except PlanningError:  # another case took a coach meanwhile: release and plan again
            await book_coaches(pool, accepted.case_id, label, [], ctx)
            if attempt == RESERVE_ATTEMPTS:
                raise
            continue
        return plan
    raise AssertionError("unreachable")


def _may_plan(current: Trajectory | None) -> bool:
    """A planning (or its failure) overwrites only nothing or an earlier failure, never a plan."""
    return current is None or current.may_be_planned


async def _record_failure(accepted: CaseAccepted, reason: str, ctx: Scheduling) -> None:
    failed = Trajectory.planning_failed(accepted, reason)

    def decide(current: Trajectory | None) -> Change[Trajectory] | None:
        if not _may_plan(current):
            return None
        if current == failed:
            return None
        alert = TrajectoryPlanningFailed(
            case_id=accepted.case_id,
            case_title=accepted.case_title,
            cohort_id=accepted.cohort_id,
            reason=reason,
            failed_at=ctx.events.now(),
        )
        return Change(failed, [ctx.events(alert, subject=accepted.case_id)])

    await ctx.trajectories.apply(accepted.case_id, decide)
    log.warning("planning failed", extra={"cohort_id": accepted.cohort_id})


async def plan_case(
    accepted: CaseAccepted, ctx: Scheduling, event_id: str | None = None
) -> Trajectory:
    """Plan, reserve, write the trajectory with its events, arm its timers; PlanningError if not."""
    try:
        cohort = await _cohort(accepted, ctx)
        plan = await _reserve(accepted, cohort, ctx)
    except PlanningError as exc:
        await _record_failure(accepted, exc.reason, ctx)
        raise
    planned = Trajectory.accepted_as(
        accepted, cohort_id=cohort.cohort_id, country=cohort.country, plan=plan
    )

    def decide(current: Trajectory | None) -> Change[Trajectory] | None:
        if not _may_plan(current):
            return None
        return Change(planned, scheduled_events(planned, ctx))

    applied = await ctx.trajectories.apply(accepted.case_id, decide, event_id=event_id)
    state = applied.state or planned
    await sync_timers(state, ctx)
    if applied.changed:
        log.info("trajectory planned", extra={"cohort_id": cohort.cohort_id})
    # Learners assigned while we planned: their invites follow now (a no-op otherwise).
    await refresh_trajectory(accepted.case_id, ctx)
    return state


async def on_case_accepted(accepted: CaseAccepted, event_id: str, ctx: Scheduling) -> Trajectory:
    """End the decision wait, then plan once; a redelivery only re-syncs the timers. Deliveries
    that came before the trajectory are applied once it is written."""
    await record_decision(accepted.case_id, accepted.case_title, accepted.country, ctx)
    stored = await ctx.trajectories.get(accepted.case_id)
    if stored is not None and not stored.state.may_be_planned:
        await sync_timers(stored.state, ctx)
        await refresh_trajectory(accepted.case_id, ctx)
        await apply_parked(accepted.case_id, ctx)
        return stored.state
    planned = await plan_case(accepted, ctx, event_id)
    await apply_parked(accepted.case_id, ctx)
    return planned
