"""Durable timers: rescheduled, found when due, fired once even by two replicas at once."""

from __future__ import annotations

import asyncio
import datetime as dt

import pytest
from pymongo import AsyncMongoClient

from shared.contracts.envelope import new_event
from shared.contracts.scheduling import DecisionOverdue
from shared.persistence.mongo import Document
from shared.persistence.timers import FIRED, Timer, TimerRepository

pytestmark = pytest.mark.service

NOW = dt.datetime(2026, 3, 9, 16, 0, tzinfo=dt.UTC)


@pytest.fixture
async def timers(mongo: AsyncMongoClient[Document], namespace: str) -> TimerRepository:
    repository = TimerRepository(mongo[f"{namespace}timers"], check_queries=True)
    await repository.ensure_indexes()
    return repository


async def test_a_rescheduled_timer_keeps_a_real_due_time_and_fires_once(
    timers: TimerRepository,
) -> None:
    await timers.schedule("decision:c1", Timer(kind="decision", due_at=NOW + dt.timedelta(days=9)))
    await timers.schedule("decision:c1", Timer(kind="decision", due_at=NOW + dt.timedelta(days=1)))
    assert await timers.due(NOW) == []
    due = await timers.due(NOW + dt.timedelta(days=1))
    assert [stored.id for stored in due] == ["decision:c1"]
    assert due[0].state.due_at == NOW + dt.timedelta(days=1)
    payload = DecisionOverdue(
        case_id="c1", decision_due=dt.date(2026, 3, 10), overdue_since=NOW + dt.timedelta(days=1)
    )
    event = new_event(payload, source="/test", subject="c1", now=NOW)
    wins = await asyncio.gather(*(timers.fire(due[0], NOW, [event]) for _ in range(2)))
    assert sorted(wins) == [False, True]
    stored = await timers.get("decision:c1")
    assert stored is not None and stored.state.status == FIRED and len(stored.outbox) == 1
    assert await timers.due(NOW + dt.timedelta(days=30)) == []


async def test_a_cancelled_timer_never_comes_due(timers: TimerRepository) -> None:
    await timers.schedule("reminder:s1", Timer(kind="reminder", due_at=NOW))
    assert await timers.cancel("reminder:s1")
    assert not await timers.cancel("reminder:s1")
    assert await timers.due(NOW + dt.timedelta(days=1)) == []
