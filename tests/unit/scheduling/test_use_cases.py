"""Scheduling's use cases on the in-memory twin: what each plans, owes and arms, once."""

from __future__ import annotations

import datetime as dt

import pytest

from services.scheduling.domain.timers import decision_key
from services.scheduling.entrypoints.messaging import event_handlers
from services.scheduling.service_layer import changes, timers
from services.scheduling.service_layer.changes import NotFound
from services.scheduling.service_layer.cohorts import (
    AlreadyExists,
    list_cohorts,
    plan_cohort,
    shown_cohort,
)
from shared.clock import ManualClock
from shared.contracts.base import Country
from shared.contracts.documents import DraftDelivered, FinalDelivered
from shared.contracts.intake import CaseAccepted, CaseRejected, CaseScreened
from shared.contracts.scheduling import CohortInfo
from shared.messaging.dispatcher import PermanentFailure
from tests.support.twins import owed, owed_data
from tests.unit.intake import factories
from tests.unit.scheduling.twin import (
    START,
    accepted,
    delivery,
    from_intake,
    leercase,
    pending,
    scheduling_on_twin,
)

pytestmark = pytest.mark.unit


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(START)


async def test_an_accepted_case_is_planned_with_invites_owed_coaches_booked_and_timers_armed(
    clock: ManualClock,
) -> None:
    ctx = scheduling_on_twin(clock)
    await plan_cohort(leercase(), ctx)
    event = from_intake(accepted("c1", "lc-2026-03", clock.now()), "c1", clock.now())
    await event_handlers(ctx)[type(event.data)](event)
    assert await owed(ctx.trajectories, "c1") == [
        "trajectory.scheduled",
        *["session.scheduled"] * 4,
    ]
    [overview] = await owed_data(ctx.trajectories, "c1", "trajectory.scheduled")
    assert [s["starts_at"][:10] for s in overview["sessions"]] == [
        "2026-03-09",
        "2026-03-16",
        "2026-03-23",
        "2026-04-20",
    ]
    agenda = await ctx.agendas.get("anna@example.org")
    assert agenda is not None
    kinds = await pending(ctx.timers)
    assert kinds.count("session.reminder_due") == 4 and "deliverable.overdue" in kinds


async def test_a_redelivered_case_accepted_plans_nothing_twice(clock: ManualClock) -> None:
    ctx = scheduling_on_twin(clock)
    await plan_cohort(leercase(), ctx)
    event = from_intake(accepted("c1", "lc-2026-03", clock.now()), "c1", clock.now())
    handle = event_handlers(ctx)[type(event.data)]
    await handle(event)
    before = await ctx.trajectories.get("c1")
    armed = await pending(ctx.timers)
    await handle(event)
    after = await ctx.trajectories.get("c1")
    assert before is not None and after is not None and after.version == before.version
    assert len(after.outbox) == 5 and await pending(ctx.timers) == armed


async def test_a_case_accepted_into_an_unknown_cohort_is_dead_lettered_and_staff_alerted(
    clock: ManualClock,
) -> None:
    ctx = scheduling_on_twin(clock)
    event = from_intake(accepted("c1", "nope", clock.now()), "c1", clock.now())
    with pytest.raises(PermanentFailure, match="nope"):
        await event_handlers(ctx)[type(event.data)](event)
    stored = await ctx.trajectories.get("c1")
    assert stored is not None and stored.state.status.value == "failed"
    assert await owed(ctx.trajectories, "c1") == ["trajectory.planning_failed"]


async def test_a_second_case_needing_coaches_already_booked_fails_with_the_clash_named(
    clock: ManualClock,
) -> None:
    ctx = scheduling_on_twin(clock)
    await plan_cohort(leercase(), ctx)
    handle = event_handlers(ctx)[CaseAccepted]
    await handle(from_intake(accepted("c1", "lc-2026-03", clock.now()), "c1", clock.now()))
    with pytest.raises(PermanentFailure, match="Anna de Vries is al ingepland"):
        await handle(from_intake(accepted("c2", "lc-2026-03", clock.now()), "c2", clock.now()))
    second = await ctx.trajectories.get("c2")
    assert second is not None and second.state.status.value == "failed"
    agenda = await ctx.agendas.get("anna@example.org")
    assert agenda is not None and not agenda.state.others_than("c1")


async def test_a_screened_case_arms_its_decision_deadline_and_a_rejection_disarms_it(
    clock: ManualClock,
) -> None:
    ctx = scheduling_on_twin(clock)
    handlers = event_handlers(ctx)
    submitted = from_intake(factories.submitted(case_id="c1"), "c1", clock.now())
    screened = from_intake(_screened("c1", clock.now()), "c1", clock.now())
    for event in (submitted, screened, screened):
        await handlers[type(event.data)](event)
    assert await pending(ctx.timers) == ["case.decision_overdue"]
    rejected = from_intake(_rejected("c1", clock.now()), "c1", clock.now())
    await handlers[type(rejected.data)](rejected)
    assert await pending(ctx.timers) == []
    await handlers[type(screened.data)](screened)  # late redelivery after the decision
    assert await pending(ctx.timers) == []


async def test_an_overdue_decision_fires_once_even_with_two_replicas(clock: ManualClock) -> None:
    ctx = scheduling_on_twin(clock)
    screened = from_intake(_screened("c1", clock.now()), "c1", clock.now())
    await event_handlers(ctx)[type(screened.data)](screened)
    clock.advance(dt.timedelta(days=30))
    [due] = await ctx.timers.due(clock.now())
    await timers.fire(due, ctx)
    await timers.fire(due, ctx)  # the other replica read the same timer
    assert await owed(ctx.timers, decision_key("c1")) == ["case.decision_overdue"]


async def test_a_delivered_final_closes_the_trajectory_and_stops_its_deadlines(
    clock: ManualClock,
) -> None:
    ctx = scheduling_on_twin(clock)
    await plan_cohort(leercase(), ctx)
    handlers = event_handlers(ctx)
    event = from_intake(accepted("c1", "lc-2026-03", clock.now()), "c1", clock.now())
    await handlers[type(event.data)](event)
    draft = from_intake(DraftDelivered.model_validate(delivery("c1")), "c1", clock.now())
    await handlers[type(draft.data)](draft)
    assert (await pending(ctx.timers)).count("deliverable.overdue") == 1
    final = from_intake(FinalDelivered.model_validate(delivery("c1")), "c1", clock.now())
    await handlers[type(final.data)](final)
    stored = await ctx.trajectories.get("c1")
    assert stored is not None and stored.state.status.value == "completed"
    assert "deliverable.overdue" not in await pending(ctx.timers)


async def test_a_draft_delivered_before_its_trajectory_is_kept_so_no_false_overdue_follows(
    clock: ManualClock,
) -> None:
    ctx = scheduling_on_twin(clock)
    await plan_cohort(leercase(), ctx)
    handlers = event_handlers(ctx)
    draft = from_intake(DraftDelivered.model_validate(delivery("c1")), "c1", clock.now())
    await handlers[type(draft.data)](draft)
    event = from_intake(accepted("c1", "lc-2026-03", clock.now()), "c1", clock.now())
    await handlers[type(event.data)](event)
    kinds = await pending(ctx.timers)
    assert kinds.count("deliverable.overdue") == 1  # the final's only, not the draft's
    stored = await ctx.trajectories.get("c1")
    assert stored is not None and [k.value for k in stored.state.delivered] == ["draft"]


async def test_a_moved_session_owes_one_update_and_its_reminder_follows(clock: ManualClock) -> None:
    ctx = scheduling_on_twin(clock)
    await plan_cohort(leercase(), ctx)
    event = from_intake(accepted("c1", "lc-2026-03", clock.now()), "c1", clock.now())
    await event_handlers(ctx)[type(event.data)](event)
    stored = await ctx.trajectories.get("c1")
    assert stored is not None and stored.state.plan is not None
    first = stored.state.plan.sessions[0]
    moved = await changes.reschedule(
        "c1", first.session_id, first.starts_at + dt.timedelta(days=1), "Zaal bezet", ctx
    )
    [update] = await owed_data(ctx.trajectories, "c1", "session.rescheduled")
    assert update["session"]["sequence"] == 1 == moved.sequence
    reminders = [
        t
        for t in await ctx.timers.due(dt.datetime(2100, 1, 1, tzinfo=dt.UTC), limit=100)
        if t.state.kind == "session.reminder_due" and t.state.status == "pending"
    ]
    assert len(reminders) == 4


async def test_a_cohort_is_planned_once_and_listed(clock: ManualClock) -> None:
    ctx = scheduling_on_twin(clock)
    await plan_cohort(leercase(), ctx)
    with pytest.raises(AlreadyExists):
        await plan_cohort(leercase(), ctx)
    assert (await owed(ctx.cohorts, "lc-2026-03"))[0] == "cohort.planned"
    assert [c.cohort_id for c in await list_cohorts(None, ctx)] == ["lc-2026-03"]


async def test_a_planned_cohort_is_shown_as_its_announcement_and_an_unknown_one_is_not_found(
    clock: ManualClock,
) -> None:
    ctx = scheduling_on_twin(clock)
    await plan_cohort(leercase(), ctx)
    [planned] = await owed_data(ctx.cohorts, "lc-2026-03", "cohort.planned")
    shown = await shown_cohort("lc-2026-03", ctx)
    assert shown == CohortInfo.model_validate(planned["cohort"])
    with pytest.raises(NotFound):
        await shown_cohort("nope", ctx)


def _screened(case_id: str, now: dt.datetime) -> CaseScreened:
    return CaseScreened.model_validate(
        {
            "case_id": case_id,
            "case_title": "Zonneweide",
            "screened_at": now,
            "results": [],
            "overall": "pass",
            "decision_due": dt.date(2026, 2, 27),
            "country": Country.NL,
        }
    )


def _rejected(case_id: str, now: dt.datetime) -> CaseRejected:
    return CaseRejected.model_validate(
        {
            "case_id": case_id,
            "case_title": "Zonneweide",
            "reason": "Past niet",
            "alternatives": [{"code": "adviesgesprek", "title": "Adviesgesprek"}],
            "owner": {"name": "Olga", "email": "olga@example.nl"},
            "decided_by": "medewerker",
            "decided_at": now,
        }
    )


async def test_a_submission_arriving_after_its_screening_keeps_the_due_date_and_the_timer(
    clock: ManualClock,
) -> None:
    ctx = scheduling_on_twin(clock)
    handlers = event_handlers(ctx)
    submitted = from_intake(factories.submitted(case_id="c1"), "c1", clock.now())
    screened = from_intake(_screened("c1", clock.now()), "c1", clock.now())
    for event in (screened, submitted, submitted):  # written without a read: it finds the case
        await handlers[type(event.data)](event)
    stored = await ctx.deadlines.get("c1")
    assert stored is not None and stored.state.decision_due == dt.date(2026, 2, 27)
    assert await pending(ctx.timers) == ["case.decision_overdue"]
