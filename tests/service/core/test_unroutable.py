"""An event no queue is bound for is never confirmed and dropped: it stays owed, or it is kept
in the unroutable queue where the operator sees it."""

from __future__ import annotations

import asyncio
import datetime as dt
import shutil
from collections.abc import AsyncIterator
from typing import ClassVar

import pytest
from aio_pika.abc import AbstractRobustConnection
from faststream.rabbit import RabbitBroker
from pydantic import BaseModel, ConfigDict
from pymongo import AsyncMongoClient

from shared.contracts.envelope import new_event
from shared.contracts.intake import ParticipantWithdrawn
from shared.messaging.dead_letter_queues import DeadLetterQueues
from shared.messaging.dead_letters import REASON_HEADER, ROUTING_KEY_HEADER
from shared.messaging.poisoned_events import POISON_AFTER, PoisonedEvents
from shared.messaging.publisher import RabbitPublisher
from shared.messaging.relay import OutboxRelay
from shared.messaging.topology import Topology, declare
from shared.messaging.unroutable import UnroutableQueue
from shared.persistence.indexes import IndexSpec
from shared.persistence.mongo import Document
from shared.persistence.repository import AggregateRepository, Change
from tools import broker_users
from tools.cli.app import main

pytestmark = pytest.mark.service
NOW = dt.datetime(2026, 3, 9, 13, 0, tzinfo=dt.UTC)
KEY = "participant.withdrawn"


class Owed(BaseModel):
    model_config = ConfigDict(frozen=True)
    n: int = 0


class OwedRepository(AggregateRepository[Owed]):
    collection_name = "owed"
    state_model = Owed
    indexes: ClassVar[tuple[IndexSpec, ...]] = ()


def _owe(current: Owed | None) -> Change[Owed]:
    payload = ParticipantWithdrawn(cohort_id="c", participant_id="p", withdrawn_at=NOW)
    event = new_event(payload, source="/test", subject="c", now=NOW)
    return Change(Owed(n=(current or Owed()).n + 1), [event])


@pytest.fixture
async def broker(rabbitmq_url: str, topology: Topology) -> AsyncIterator[RabbitBroker]:
    """A connected broker with the test's topology: intake's queue, bound to another key only."""
    broker = RabbitBroker(rabbitmq_url, logger=None)
    await broker.connect()
    await declare(broker, topology, "intake", ["case.submitted"])
    yield broker
    await broker.stop()


async def test_an_event_no_queue_is_bound_for_stays_owed_then_is_set_aside_with_the_reason(
    broker: RabbitBroker, topology: Topology, mongo: AsyncMongoClient[Document], namespace: str
) -> None:
    database = mongo[f"{namespace}unroutable"]
    owed, poisoned, clock = OwedRepository(database), PoisonedEvents(database), [NOW]
    publisher = RabbitPublisher(broker, topology.events, "guest")
    relay = OutboxRelay([owed.collection], publisher, now=lambda: clock[0], poisoned=poisoned)
    await owed.apply("a", _owe)
    assert await relay.drain() == 0, "returned by the broker: not published"
    stored = await owed.get("a")
    assert stored is not None and len(stored.outbox) == 1, "still owed, not cleared"
    for _ in range(POISON_AFTER - 1):
        clock[0] += dt.timedelta(seconds=16)  # its lease lapses: the next round tries again
        await relay.drain()
    [aside] = await poisoned.poisoned()
    assert f"no queue is bound for {KEY}" in aside["reason"]


@pytest.fixture
async def alternate_exchange(namespace: str) -> AsyncIterator[None]:
    """The policy `tools.broker_users` sets in a deployment, for this test's events exchange."""
    if shutil.which("rabbitmqctl") is None:
        pytest.skip("the policy is set with rabbitmqctl on the local broker")
    await asyncio.to_thread(broker_users.set_unroutable_policy, namespace)
    yield
    await asyncio.to_thread(broker_users.clear_unroutable_policy, namespace)


async def test_with_the_alternate_exchange_an_unroutable_event_is_kept_and_counted_by_key(
    alternate_exchange: None,
    broker: RabbitBroker,
    topology: Topology,
    amqp: AbstractRobustConnection,
    mongo: AsyncMongoClient[Document],
    namespace: str,
    rabbitmq_url: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    owed = OwedRepository(mongo[f"{namespace}unroutable"])
    relay = OutboxRelay([owed.collection], RabbitPublisher(broker, topology.events, "guest"))
    await owed.apply("a", _owe)
    await owed.apply("b", _owe)
    assert await relay.drain() == 2, "routed to the alternate exchange: confirmed"
    unroutable = UnroutableQueue(amqp, topology)
    assert await unroutable.depth() == 2
    for _ in range(2):  # counting leaves them where they are
        assert await unroutable.by_routing_key() == {KEY: 2}
    _operator_env(monkeypatch, rabbitmq_url, namespace)
    assert await _cli("unroutable", "list") == 1, "kept events need attention"
    listing = capsys.readouterr().out
    assert KEY in listing and "2 unroutable message(s)" in listing
    assert await _cli("unroutable", "purge") == 0
    assert await unroutable.depth() == 0
    assert await _cli("unroutable", "list") == 0


async def test_a_replayed_dead_letter_no_queue_takes_is_reported_and_stays(
    broker: RabbitBroker,
    topology: Topology,
    amqp: AbstractRobustConnection,
    rabbitmq_url: str,
    namespace: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Scheduling's DLQ holds a letter, but scheduling's queue is gone (never declared here)."""
    dlq = await broker.declare_queue(topology.dead_letter_queue("scheduling"))
    await dlq.bind(topology.dead_letters.name, routing_key=topology.dead_letter_key("scheduling"))
    await broker.publish(
        b'{"id": "ev-1", "type": "nl.samenspel.case.accepted.v1"}',
        exchange=topology.dead_letters,
        routing_key=topology.dead_letter_key("scheduling"),
        headers={ROUTING_KEY_HEADER: "case.accepted", REASON_HEADER: "database away"},
        persist=True,
    )
    queues = DeadLetterQueues(amqp, topology)
    done = await queues.replay("scheduling", "1")
    assert done.replayed == [] and [x.key for x in done.unroutable] == ["ev-1"]
    _operator_env(monkeypatch, rabbitmq_url, namespace)
    assert await _cli("dlq", "replay", "scheduling", "1") == 1
    out = " ".join(capsys.readouterr().out.split())
    assert f"no queue is bound for {namespace}scheduling" in out and "0 message(s) replayed" in out
    assert await queues.depth("scheduling") == 1, "not lost: still in the DLQ"


def _operator_env(monkeypatch: pytest.MonkeyPatch, rabbitmq_url: str, namespace: str) -> None:
    monkeypatch.setenv("RABBITMQ_URL", rabbitmq_url)
    monkeypatch.setenv("MONGODB_URL", "mongodb://127.0.0.1:1")  # not needed by these commands
    monkeypatch.setenv("SAMENSPEL_NAMESPACE", namespace)


async def _cli(*argv: str) -> int:
    return await asyncio.to_thread(main, list(argv))
