"""What a staff change's write owes outside its document: the timers and the coaches' agendas.

The trajectory's write marks them owed (`changes_owed`, with a token) in the same document, so
no crash or database error between the write and these changes leaves an old reminder armed or
a phantom booking: the writer applies them at once, and a sweep applies whatever a crash left,
until done. Both are derived from the state as written, so applying them twice changes nothing.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from typing import TypeVar

from services.scheduling.domain.runs import CohortRun
from services.scheduling.domain.trajectories import Trajectory
from services.scheduling.service_layer.context import Scheduling
from services.scheduling.service_layer.planning import book_coaches
from services.scheduling.service_layer.runs import sync_run_timers
from services.scheduling.service_layer.timers import sync_timers
from shared.persistence.aggregate import Change

log = logging.getLogger(__name__)


Owing = TypeVar("Owing", Trajectory, CohortRun)


def owing(state: Owing) -> Owing:
    """The trajectory or run marked as owing its timers (and bookings): a fresh token per write."""
    return state.model_copy(update={"changes_owed": True, "owed_token": uuid.uuid4().hex})


def _done(token: str) -> Callable[[Owing | None], Change[Owing] | None]:
    """Clear the mark, unless a later write replaced it (that write's changes then follow)."""

    def decide(current: Owing | None) -> Change[Owing] | None:
        if current is None or not current.changes_owed or current.owed_token != token:
            return None
        return Change(current.model_copy(update={"changes_owed": False}))

    return decide


def coach_label(trajectory: Trajectory) -> str:
    """How the case shows in a coach's agenda."""
    cohort = trajectory.accepted.cohort_title or trajectory.cohort_id
    return f"{cohort}: {trajectory.case_title}"


async def finish(case_id: str, ctx: Scheduling) -> None:
    """Apply what the trajectory's last write owes, then mark it done (unless written again)."""
    stored = await ctx.trajectories.get(case_id)
    if stored is None or not stored.state.changes_owed:
        return
    trajectory = stored.state
    if trajectory.plan is not None:
        coaches = trajectory.plan.coaches
        await book_coaches(
            coaches, case_id, coach_label(trajectory), trajectory.live_sessions(), ctx
        )
    await sync_timers(trajectory, ctx)
    await ctx.trajectories.apply(case_id, _done(trajectory.owed_token))


async def finish_run(cohort_id: str, ctx: Scheduling) -> None:
    """The same for a cohort's own run: its reminders follow the run as written."""
    stored = await ctx.cohorts.get(cohort_id)
    if stored is None or not stored.state.changes_owed:
        return
    await sync_run_timers(stored.state, ctx)
    await ctx.cohorts.apply(cohort_id, _done(stored.state.owed_token))


async def finish_all(ctx: Scheduling, limit: int = 100) -> int:
    """The sweep: finish every trajectory whose owed changes a crash left; how many it tried."""
    cases = [s.id for s in await ctx.trajectories.owing_changes(limit)]
    runs = [s.id for s in await ctx.cohorts.owing_changes(limit)]
    for finishing, ids in ((finish, cases), (finish_run, runs)):
        for aggregate_id in ids:
            try:
                await finishing(aggregate_id, ctx)
            except Exception:
                log.exception("owed timer changes failed; retried on the next sweep")
    return len(cases) + len(runs)
