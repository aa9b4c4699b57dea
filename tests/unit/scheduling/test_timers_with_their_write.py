"""Staff's changes owe their timers and coach bookings in the trajectory's own write."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from services.scheduling.domain.cohorts import NewCohort
from services.scheduling.entrypoints.messaging import event_handlers
from services.scheduling.service_layer import changes, owed_changes, run_changes
from services.scheduling.service_layer.cohorts import cohort_run, plan_cohort
from services.scheduling.service_layer.context import Scheduling
from shared.clock import ManualClock
from shared.contracts.scheduling import SessionInfo, SessionReminderDue
from shared.persistence.timers import PENDING
from tests.support.twins import owed
from tests.unit.scheduling.twin import START, accepted, from_intake, leercase, scheduling_on_twin

pytestmark = pytest.mark.unit
LEERGANG = {
    "cohort_id": "lg-2026",
    "format": "leergang",
    "title": "Leergang voorjaar 2026",
    "start_date": dt.date(2026, 3, 10),
    "location": "Utrecht, Stadskantoor",
}


async def _planned(ctx: Scheduling) -> SessionInfo:
    await plan_cohort(leercase(), ctx)
    event = from_intake(accepted("c1", "lc-2026-03", START), "c1", START)
    await event_handlers(ctx)[type(event.data)](event)
    stored = await ctx.trajectories.get("c1")
    assert stored is not None and stored.state.plan is not None
    return stored.state.plan.sessions[0]


async def _reminded_for(ctx: Scheduling, session_id: str) -> list[dt.datetime]:
    found = await ctx.timers.due(dt.datetime(2100, 1, 1, tzinfo=dt.UTC), limit=1000)
    reminders = [
        SessionReminderDue.model_validate(t.state.payload).session
        for t in found
        if t.state.kind == "session.reminder_due" and t.state.status == PENDING
    ]
    return [s.starts_at for s in reminders if s.session_id == session_id]


async def test_a_crash_between_a_reschedule_and_its_timers_leaves_no_stale_reminder(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ctx = scheduling_on_twin(ManualClock(START))
    first = await _planned(ctx)
    new_start = first.starts_at + dt.timedelta(days=1)
    real_apply = ctx.timers.apply

    async def crash(*args: Any, **kwargs: Any) -> Any:
        raise ConnectionError("the process died here")

    monkeypatch.setattr(ctx.timers, "apply", crash)
    with pytest.raises(ConnectionError):
        await changes.reschedule("c1", first.session_id, new_start, "Zaal bezet", ctx)
    monkeypatch.setattr(ctx.timers, "apply", real_apply)
    await owed_changes.finish_all(ctx)  # what the restarted process's sweep does
    assert await _reminded_for(ctx, first.session_id) == [new_start]
    agenda = await ctx.agendas.get("anna@example.org")
    assert agenda is not None
    assert new_start in {b.starts_at for b in agenda.state.bookings}


async def test_a_staff_retry_of_the_same_move_sends_no_second_update() -> None:
    ctx = scheduling_on_twin(ManualClock(START))
    first = await _planned(ctx)
    new_start = first.starts_at + dt.timedelta(days=1)
    await changes.reschedule("c1", first.session_id, new_start, "Zaal bezet", ctx)
    again = await changes.reschedule("c1", first.session_id, new_start, "Zaal bezet", ctx)
    assert again.starts_at == new_start and again.sequence == 1
    assert (await owed(ctx.trajectories, "c1")).count("session.rescheduled") == 1


async def test_a_crash_between_cancelling_a_leergang_day_and_its_timers_leaves_no_reminder(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ctx = scheduling_on_twin(ManualClock(START))
    await plan_cohort(NewCohort.model_validate(LEERGANG), ctx)
    day = (await cohort_run("lg-2026", ctx)).sessions[1]
    assert await _reminded_for(ctx, day.session_id) == [day.starts_at]

    async def crash(*args: Any, **kwargs: Any) -> Any:
        raise ConnectionError("the process died here")

    real_apply = ctx.timers.apply
    monkeypatch.setattr(ctx.timers, "apply", crash)
    with pytest.raises(ConnectionError):
        await run_changes.cancel("lg-2026", day.session_id, "Ziek", ctx)
    monkeypatch.setattr(ctx.timers, "apply", real_apply)
    await owed_changes.finish_all(ctx)
    assert await _reminded_for(ctx, day.session_id) == []


async def test_a_staff_retry_of_the_same_leergang_move_sends_no_second_update() -> None:
    ctx = scheduling_on_twin(ManualClock(START))
    await plan_cohort(NewCohort.model_validate(LEERGANG), ctx)
    day = (await cohort_run("lg-2026", ctx)).sessions[1]
    new_start = day.starts_at + dt.timedelta(days=1)
    await run_changes.reschedule("lg-2026", day.session_id, new_start, "Zaal bezet", ctx)
    again = await run_changes.reschedule("lg-2026", day.session_id, new_start, "Zaal bezet", ctx)
    assert again.starts_at == new_start and again.sequence == 1
    assert (await owed(ctx.cohorts, "lg-2026")).count("session.rescheduled") == 1
