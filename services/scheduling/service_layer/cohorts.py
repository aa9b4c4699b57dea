"""Staff plan and change cohorts; intake and documents hear of it through the outbox."""

from __future__ import annotations

from services.scheduling.domain.cohorts import CohortChange, NewCohort, changed_cohort, new_cohort
from services.scheduling.domain.errors import InvalidInput
from services.scheduling.service_layer.changes import NotFound
from services.scheduling.service_layer.context import Scheduling
from shared.contracts.base import ProgrammeFormat
from shared.contracts.scheduling import CohortInfo, CohortPlanned, CohortUpdated
from shared.persistence.repository import Change, ConcurrencyConflict


class AlreadyExists(Exception):
    """A cohort with this id exists: answered with 409."""


async def plan_cohort(ctx: Scheduling, draft: NewCohort) -> CohortInfo:
    """Create the cohort and owe `cohort.planned` in the same write."""
    template = ctx.templates.get(draft.format)
    if template is None:
        raise InvalidInput([("format", f"geen programma-sjabloon voor {draft.format}")])
    cohort = new_cohort(draft, template)
    event = ctx.events(CohortPlanned(cohort=cohort), subject=cohort.cohort_id)
    try:
        await ctx.cohorts.insert(cohort.cohort_id, Change(cohort, [event]))
    except ConcurrencyConflict as exc:
        raise AlreadyExists(cohort.cohort_id) from exc
    return cohort


async def change_cohort(ctx: Scheduling, cohort_id: str, change: CohortChange) -> CohortInfo:
    """Apply a change; `cohort.updated` carries the whole new state. Dates stay once planned."""
    stored = await ctx.cohorts.get(cohort_id)
    if stored is None:
        raise NotFound(cohort_id)
    template = ctx.templates[stored.state.format]
    has_plans = await ctx.trajectories.count({"cohort_id": cohort_id}) > 0

    def decide(current: CohortInfo | None) -> Change[CohortInfo] | None:
        assert current is not None
        after = changed_cohort(current, change, template, has_plans=has_plans)
        if after is None:
            return None
        return Change(after, [ctx.events(CohortUpdated(cohort=after), subject=cohort_id)])

    applied = await ctx.cohorts.apply(cohort_id, decide)
    assert applied.state is not None
    return applied.state


async def list_cohorts(ctx: Scheduling, format: ProgrammeFormat | None) -> list[CohortInfo]:
    """Cohorts by start date, optionally of one format."""
    query = {"format": format.value} if format else {}
    found = await ctx.cohorts.find(query, sort=[("start_date", 1)], limit=500)
    return [stored.state for stored in found]
