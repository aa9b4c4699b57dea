"""Intake's membership events change who attends: enrolled, left, assigned, expert named.

Each event is recorded once in the cohort's run (inbox), in any order, also before the cohort
is planned. A cohort's own sessions change in that same write; a leercase's trajectories are
brought up to date after it, which is repeated on a redelivery, so a crash in between heals.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence

from services.scheduling.domain.case_people import (
    NamedExpert,
    case_attendees,
    named,
    refresh_case,
)
from services.scheduling.domain.people import Member, assign, enrol, leave
from services.scheduling.domain.runs import CohortRun, refresh_attendees
from services.scheduling.domain.session_guests import GuestList, with_guests
from services.scheduling.domain.team_mentors import TeamMentor, updated
from services.scheduling.domain.trajectories import Trajectory
from services.scheduling.service_layer.context import Scheduling
from services.scheduling.service_layer.invites import outgoing
from services.scheduling.service_layer.runs import owed, sync_run_timers
from services.scheduling.service_layer.timers import sync_timers
from shared.contracts.envelope import CloudEvent
from shared.contracts.intake import (
    ContentExpertNamed,
    ParticipantAssigned,
    ParticipantEnrolled,
    ParticipantLeft,
    SessionGuestsUpdated,
    TeamUpdated,
)
from shared.persistence.aggregate import Change

log = logging.getLogger(__name__)
MembersChange = Callable[[Sequence[Member]], list[Member] | None]
RunChange = Callable[[CohortRun], CohortRun | None]


def _of_members(change: MembersChange) -> RunChange:
    def run_change(run: CohortRun) -> CohortRun | None:
        members = change(run.members)
        return None if members is None else run.model_copy(update={"members": members})

    return run_change


async def _record(cohort_id: str, change: MembersChange, event_id: str, ctx: Scheduling) -> None:
    await _record_run(cohort_id, _of_members(change), event_id, ctx)


async def _record_run(cohort_id: str, change: RunChange, event_id: str, ctx: Scheduling) -> None:
    now = ctx.events.now()

    def decide(current: CohortRun | None) -> Change[CohortRun] | None:
        changed = change(current or CohortRun(cohort_id=cohort_id))
        if changed is None:
            return None
        run = changed
        if run.cohort is None:
            return Change(run)
        run, events = refresh_attendees(run, ctx.templates[run.cohort.format], now)
        return Change(run, owed(run, events, ctx))

    applied = await ctx.cohorts.apply(cohort_id, decide, event_id=event_id)
    run = applied.state
    if run is None or run.cohort is None:
        return
    if ctx.templates[run.cohort.format].sessions_per_case:
        await refresh_cases(run.cohort_id, ctx)
    else:
        await sync_run_timers(run, ctx)


async def on_enrolled(event: CloudEvent[ParticipantEnrolled], ctx: Scheduling) -> None:
    """A place in the cohort: invited to every session still to come."""
    data = event.data
    await _record(
        data.cohort_id, lambda m: enrol(m, data.participant, data.enrolled_at), event.id, ctx
    )


async def on_left(event: CloudEvent[ParticipantLeft], ctx: Scheduling) -> None:
    """No place any more: a cancellation for every session still to come."""
    data = event.data
    await _record(data.cohort_id, lambda m: leave(m, data.participant, data.left_at), event.id, ctx)


async def on_assigned(event: CloudEvent[ParticipantAssigned], ctx: Scheduling) -> None:
    """On a case (or none): the learner's invites move with them."""
    data = event.data

    def change(members: Sequence[Member]) -> list[Member] | None:
        return assign(members, data.participant, data.case_id, data.team_id, data.revision)

    await _record(data.cohort_id, change, event.id, ctx)


async def on_team_updated(event: CloudEvent[TeamUpdated], ctx: Scheduling) -> None:
    """A team formed or changed: its mentor is invited to the days (a former one uninvited)."""
    data = event.data
    team = TeamMentor(
        team_id=data.team_id, mentor=data.mentor, revision=data.revision, dissolved=data.dissolved
    )

    def change(run: CohortRun) -> CohortRun | None:
        teams = updated(run.teams, team)
        return None if teams is None else run.model_copy(update={"teams": teams})

    await _record_run(data.cohort_id, change, event.id, ctx)


async def on_guests_updated(event: CloudEvent[SessionGuestsUpdated], ctx: Scheduling) -> None:
    """A session's guests changed: the new ones invited, removed ones uninvited (that session)."""
    data = event.data
    if data.case_id is not None:
        await _case_guests(data, event.id, ctx)
        return
    incoming = GuestList(session_id=data.session_id, guests=data.guests, revision=data.revision)

    def change(run: CohortRun) -> CohortRun | None:
        lists = with_guests(run.guests, incoming)
        return None if lists is None else run.model_copy(update={"guests": lists})

    await _record_run(data.cohort_id, change, event.id, ctx)


async def _case_guests(data: SessionGuestsUpdated, event_id: str, ctx: Scheduling) -> None:
    """The owner's betrokkenen for a case session: one write of the trajectory with its events."""
    case_id = data.case_id or ""
    stored = await ctx.trajectories.get(case_id)
    if stored is None:
        raise LookupError(f"guests for case {case_id} arrived before its trajectory")
    run = await ctx.cohorts.get(stored.state.cohort_id)
    members = run.state.members if run else []
    expert = await ctx.experts.get(case_id)
    incoming = GuestList(session_id=data.session_id, guests=data.guests, revision=data.revision)
    now = ctx.events.now()

    def decide(current: Trajectory | None) -> Change[Trajectory] | None:
        with_lists = current.with_guest_list(incoming) if current else None
        if with_lists is None:
            return None
        if not with_lists.is_open:
            return Change(with_lists)
        wanted = case_attendees(with_lists, members, expert.state if expert else None)
        after, events = refresh_case(with_lists, wanted, now)
        return Change(after, outgoing(case_id, events, ctx))

    applied = await ctx.trajectories.apply(case_id, decide, event_id=event_id)
    if applied.changed and applied.state is not None:
        await sync_timers(applied.state, ctx)


async def on_expert_named(event: CloudEvent[ContentExpertNamed], ctx: Scheduling) -> None:
    """The expert named (or changed) after submission is invited instead of the form's."""
    data = event.data

    def decide(current: NamedExpert | None) -> Change[NamedExpert] | None:
        found = named(current, data.case_id, data.content_expert, data.named_at)
        return None if found is None else Change(found)

    await ctx.experts.apply(data.case_id, decide, event_id=event.id)
    await refresh_trajectory(data.case_id, ctx)


async def refresh_cases(cohort_id: str, ctx: Scheduling) -> None:
    """Bring every trajectory of a leercase round to the round's members as stored now."""
    run = await ctx.cohorts.get(cohort_id)  # read again: a later event may have written since
    if run is None:
        return
    found = await ctx.trajectories.in_cohort(cohort_id)
    for stored in found:
        await refresh_trajectory(stored.state.case_id, ctx, (run.state.members, run.version))


async def refresh_trajectory(
    case_id: str, ctx: Scheduling, round_members: tuple[Sequence[Member], int] | None = None
) -> None:
    """The case's sessions still to come get today's attendees; each change is announced.

    The members come with the round's version; a refresh from an older version than the one
    the trajectory was last refreshed from changes nothing.
    """
    stored = await ctx.trajectories.get(case_id)
    if stored is None or not stored.state.is_open:
        return
    if round_members is None:
        run = await ctx.cohorts.get(stored.state.cohort_id)
        round_members = (run.state.members, run.version) if run else ([], 0)
    members, version = round_members
    expert = await ctx.experts.get(case_id)
    now = ctx.events.now()

    def decide(current: Trajectory | None) -> Change[Trajectory] | None:
        if current is None or not current.is_open:
            return None
        if version < current.members_version:
            return None  # a newer round was applied already
        wanted = case_attendees(current, members, expert.state if expert else None)
        after, events = refresh_case(current, wanted, now)
        if not events:
            return None  # no write: staff changes to the trajectory meet no needless conflict
        after = after.refreshed_from(version)
        return Change(after, outgoing(case_id, events, ctx))

    applied = await ctx.trajectories.apply(case_id, decide)
    if applied.changed and applied.state is not None:
        log.info("case attendees changed", extra={"cohort_id": applied.state.cohort_id})
        await sync_timers(applied.state, ctx)
