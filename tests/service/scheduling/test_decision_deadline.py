"""The decision deadline fires `case.decision_overdue` once, unless a decision came first."""

from __future__ import annotations

import asyncio
import datetime as dt

import pytest
from aio_pika.abc import AbstractRobustConnection

from services.scheduling.bootstrap import build_app
from services.scheduling.settings import SchedulingSettings
from shared.clock import ManualClock
from shared.contracts.base import Contact
from shared.contracts.intake import Alternative, CaseRejected, CaseScreened, Verdict
from shared.messaging.topology import Topology
from shared.persistence.timers import CANCELLED, PENDING, TimerRepository
from tests.service.scheduling.conftest import event_bytes
from tests.support.bus import EventSpy, publish_raw
from tests.support.services import running
from tests.support.waiting import wait_until_async

pytestmark = pytest.mark.service

DUE = dt.date(2026, 2, 27)  # Friday: overdue at 17:00 Amsterdam = 16:00 UTC


def screened(case_id: str, now: dt.datetime) -> bytes:
    data = CaseScreened(
        case_id=case_id,
        case_title="Klimaatplein",
        screened_at=now,
        results=[],
        overall=Verdict.PASS,
        decision_due=DUE,
    )
    return event_bytes(data, case_id, now)


def rejected(case_id: str, now: dt.datetime) -> bytes:
    data = CaseRejected(
        case_id=case_id,
        case_title="Klimaatplein",
        owner=Contact(name="O", email="o@example.org"),
        reason="Te veel tijdsdruk.",
        alternatives=[Alternative(code="e-learning", title="E-learning")],
        decided_by="medewerker",
        decided_at=now,
    )
    return event_bytes(data, case_id, now)


async def timer_status(timers: TimerRepository, key: str, status: str) -> None:
    async def reached() -> bool:
        stored = await timers.get(key)
        return stored is not None and stored.state.status == status

    await wait_until_async(reached)


async def test_decision_overdue_fires_once_and_a_decision_cancels_it(
    settings: SchedulingSettings,
    clock: ManualClock,
    spy: EventSpy,
    amqp: AbstractRobustConnection,
    topology: Topology,
    timers: TimerRepository,
) -> None:
    async with running(build_app(settings, clock)):
        await publish_raw(amqp, topology, "case.screened", screened("late", clock.now()))
        await publish_raw(amqp, topology, "case.screened", screened("decided", clock.now()))
        await timer_status(timers, "decision:late", PENDING)
        await timer_status(timers, "decision:decided", PENDING)
        await publish_raw(amqp, topology, "case.rejected", rejected("decided", clock.now()))
        await timer_status(timers, "decision:decided", CANCELLED)

        clock.set(dt.datetime(2026, 2, 27, 15, 59, tzinfo=dt.UTC))
        await asyncio.sleep(0.3)
        assert spy.events("case.decision_overdue") == []
        clock.set(dt.datetime(2026, 2, 27, 16, 0, tzinfo=dt.UTC))
        overdue = await spy.wait_for("case.decision_overdue")
        # a redelivered screening after the decision arms nothing; time goes on
        await publish_raw(amqp, topology, "case.screened", screened("decided", clock.now()))
        await publish_raw(amqp, topology, "case.screened", screened("late", clock.now()))
        clock.advance(dt.timedelta(days=3))
        await asyncio.sleep(0.6)
    assert [e["data"]["case_id"] for e in spy.events("case.decision_overdue")] == ["late"]
    assert overdue[0]["data"]["overdue_since"] == "2026-02-27T17:00:00+01:00"
    assert overdue[0]["subject"] == "late"
