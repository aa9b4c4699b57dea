"""Timers fire exactly once with two service instances polling, and the poll uses an index."""

from __future__ import annotations

import asyncio
import datetime as dt

import pytest
from pymongo import AsyncMongoClient

from services.scheduling.bootstrap import build_app
from services.scheduling.settings import SchedulingSettings
from shared.clock import ManualClock
from shared.contracts.scheduling import DecisionOverdue
from shared.persistence.indexes import UncoveredQuery, check_query
from shared.persistence.mongo import Document
from shared.persistence.timers import FIRED, Timer, TimerRepository
from tests.support.bus import EventSpy
from tests.support.services import running

pytestmark = pytest.mark.service
TIMERS = 40


def overdue_timer(number: int, due: dt.datetime) -> Timer:
    payload = DecisionOverdue(
        case_id=f"case-{number}", decision_due=due.date(), overdue_since=due
    ).model_dump(mode="json")
    return Timer(
        kind="case.decision_overdue", due_at=due, payload=payload, case_id=f"case-{number}"
    )


async def test_two_instances_fire_each_timer_once(
    settings: SchedulingSettings, clock: ManualClock, spy: EventSpy, timers: TimerRepository
) -> None:
    fast = settings.model_copy(update={"timer_poll_seconds": 0.01})
    async with running(build_app(fast, clock)), running(build_app(fast, clock)):
        due = clock.now() + dt.timedelta(hours=1)
        for number in range(TIMERS):
            await timers.schedule(f"decision:case-{number}", overdue_timer(number, due))
        clock.set(due)
        await spy.wait_for("case.decision_overdue", TIMERS)
        await asyncio.sleep(0.5)
    cases = [e["data"]["case_id"] for e in spy.events("case.decision_overdue")]
    assert sorted(cases) == sorted(f"case-{n}" for n in range(TIMERS))
    stored = [await timers.get(f"decision:case-{n}") for n in range(TIMERS)]
    assert all(s is not None and s.state.status == FIRED for s in stored)


async def test_a_rearmed_timer_fires_again_at_its_new_time(
    settings: SchedulingSettings,
    clock: ManualClock,
    spy: EventSpy,
    mongo: AsyncMongoClient[Document],
) -> None:
    async with running(build_app(settings, clock)):
        repo = TimerRepository(
            mongo[settings.database_name("scheduling")],
            check_queries=True,
        )
        first = clock.now() + dt.timedelta(minutes=5)
        await repo.schedule("decision:x", overdue_timer(1, first))
        later = first + dt.timedelta(days=1)
        await repo.schedule("decision:x", overdue_timer(1, later))  # superseded: moves, not two
        clock.set(first)
        await asyncio.sleep(0.3)
        assert spy.events("case.decision_overdue") == []
        clock.set(later)
        await spy.wait_for("case.decision_overdue")


def test_the_poll_query_is_served_by_a_declared_index() -> None:
    now = dt.datetime(2026, 3, 1, tzinfo=dt.UTC)
    query = {"status": "pending", "due_at": {"$lte": now}}
    check_query(TimerRepository.declared_indexes(), query, [("due_at", 1)])
    with pytest.raises(UncoveredQuery):
        check_query(TimerRepository.declared_indexes(), {"due_at": {"$lte": now}}, [("kind", 1)])
