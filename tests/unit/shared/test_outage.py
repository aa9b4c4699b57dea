"""A database outage holds messages instead of failing them; readiness answers within its time.

The waits run on a virtual clock (`tests/support/virtual_time.py`): the same sleeps, holds and
timeouts as on the real one, in milliseconds.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any, cast

import pytest
from faststream.rabbit import RabbitMessage
from pymongo.errors import AutoReconnect, DuplicateKeyError, NetworkTimeout, OperationFailure

from shared.contracts.envelope import CloudEvent
from shared.contracts.intake import CaseSubmitted
from shared.messaging import dispatcher as dispatcher_module
from shared.messaging import handling
from shared.messaging.dispatcher import EventDispatcher
from shared.persistence import outage
from shared.persistence.outage import DatabaseWatch, is_database_outage
from tests.support.cases import external_case_submitted
from tests.support.virtual_time import VirtualClock, virtual_time

pytestmark = pytest.mark.unit


@pytest.fixture
async def clock() -> AsyncIterator[VirtualClock]:
    """The test's loop, the watch, the dispatcher's hold and handling on one virtual clock."""
    with virtual_time(outage, dispatcher_module, handling) as clock:
        yield clock


@dataclass
class Raw:
    body: bytes
    routing_key: str = "case.submitted"
    exchange: str = "samenspel.events"
    headers: dict[str, Any] = field(default_factory=dict)
    content_type: str = "application/cloudevents+json"
    message_id: str | None = None
    correlation_id: str | None = None


@dataclass
class FakeMessage:
    """What the dispatcher reads of a RabbitMessage, and how it was settled."""

    body: bytes
    settled: list[str] = field(default_factory=list)

    @property
    def raw_message(self) -> Raw:
        return Raw(self.body)

    async def ack(self) -> None:
        self.settled.append("ack")

    async def reject(self, requeue: bool = False) -> None:
        self.settled.append(f"reject(requeue={requeue})")


@dataclass
class Sinks:
    dead: list[str] = field(default_factory=list)
    returned: list[bytes] = field(default_factory=list)

    async def send(self, message: RabbitMessage, reason: str = "", attempts: int = 0) -> None:
        if reason:
            self.dead.append(reason)
        else:
            self.returned.append(message.body)


class Database:
    """A ping that fails while `away`."""

    def __init__(self) -> None:
        self.away = True

    async def ping(self) -> None:
        if self.away:
            raise AutoReconnect("connection refused")


def _dispatcher(
    handler: Any, watch: DatabaseWatch, sinks: Sinks, hold_seconds: float = 60
) -> EventDispatcher:
    return EventDispatcher(
        "intake",
        {CaseSubmitted: handler},
        sinks,
        delivery_limit=3,
        retry_delay_seconds=0.01,
        outage=watch,
        returns=sinks,
        hold_seconds=hold_seconds,
    )


async def test_a_message_that_meets_a_database_outage_waits_and_is_handled_once_it_is_back(
    clock: VirtualClock,
) -> None:
    database, sinks, handled = Database(), Sinks(), list[str]()

    async def handler(event: CloudEvent[Any]) -> None:
        if database.away:
            raise AutoReconnect("127.0.0.1:27017: connection refused")
        handled.append(event.id)

    watch = DatabaseWatch(database.ping, retry_seconds=0.01)
    dispatcher = _dispatcher(handler, watch, sinks)
    event = external_case_submitted()
    message = FakeMessage(event.to_json())
    task = asyncio.create_task(dispatcher(cast(RabbitMessage, message)))
    await asyncio.sleep(0.3)  # far past 4 attempts with 0.01 s backoff
    assert watch.down and message.settled == [] and sinks.dead == [], "held, not counted"
    later = FakeMessage(external_case_submitted().to_json())
    waiting = asyncio.create_task(dispatcher(cast(RabbitMessage, later)))
    await asyncio.sleep(0.05)
    assert later.settled == [], "new work waits while the database is away"
    database.away = False
    await asyncio.wait_for(asyncio.gather(task, waiting), 5)
    assert message.settled == ["ack"] and later.settled == ["ack"]
    assert event.id in handled and len(handled) == 2 and not watch.down and sinks.dead == []


async def test_held_past_the_allowed_time_a_message_goes_back_as_a_fresh_copy_not_to_the_dlq(
    clock: VirtualClock,
) -> None:
    database, sinks = Database(), Sinks()

    async def handler(_: CloudEvent[Any]) -> None:
        raise AutoReconnect("connection refused")

    watch = DatabaseWatch(database.ping, retry_seconds=0.01)
    message = FakeMessage(external_case_submitted().to_json())
    await asyncio.wait_for(
        _dispatcher(handler, watch, sinks, hold_seconds=0.2)(cast(RabbitMessage, message)), 5
    )
    assert sinks.returned == [message.body] and message.settled == ["ack"]
    assert sinks.dead == []


async def test_a_bug_still_fails_and_is_dead_lettered_after_the_delivery_limit() -> None:
    sinks = Sinks()

    async def handler(_: CloudEvent[Any]) -> None:
        raise ValueError("a bug")

    watch = DatabaseWatch(Database().ping, retry_seconds=0.01)
    message = FakeMessage(external_case_submitted().to_json())
    dispatcher = _dispatcher(handler, watch, sinks)
    await dispatcher(cast(RabbitMessage, message))
    assert message.settled == ["reject(requeue=True)"] and not watch.down


def test_only_an_unreachable_or_slow_database_counts_as_an_outage() -> None:
    assert is_database_outage(AutoReconnect("connection refused"))
    assert is_database_outage(NetworkTimeout("timed out"))
    assert not is_database_outage(DuplicateKeyError("E11000"))
    assert not is_database_outage(OperationFailure("bad query", code=2))


async def test_readiness_probe_answers_within_its_time_while_the_ping_hangs(
    clock: VirtualClock,
) -> None:
    async def hanging_ping() -> None:
        await asyncio.sleep(3)

    watch = DatabaseWatch(hanging_ping)
    began = clock.time()
    assert await watch.probe(within_seconds=0.2) is False
    assert await watch.probe(within_seconds=0.2) is False, "joins the ping in flight"
    assert clock.time() - began < 0.6


async def test_a_handler_that_raises_cancelled_itself_is_retried_as_a_failure_not_acked() -> None:
    sinks = Sinks()

    async def handler(_: CloudEvent[Any]) -> None:
        raise asyncio.CancelledError  # e.g. an inner task it awaited was cancelled

    watch = DatabaseWatch(Database().ping, retry_seconds=0.01)
    message = FakeMessage(external_case_submitted().to_json())
    await _dispatcher(handler, watch, sinks)(cast(RabbitMessage, message))
    assert message.settled == ["reject(requeue=True)"] and sinks.dead == []


async def test_a_cancelled_consumer_still_passes_its_cancellation_on() -> None:
    started = asyncio.Event()

    async def handler(_: CloudEvent[Any]) -> None:
        started.set()
        await asyncio.Event().wait()

    watch = DatabaseWatch(Database().ping, retry_seconds=0.01)
    message = FakeMessage(external_case_submitted().to_json())
    task = asyncio.create_task(_dispatcher(handler, watch, Sinks())(cast(RabbitMessage, message)))
    await started.wait()
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert message.settled == []
