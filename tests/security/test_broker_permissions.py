"""Broker users per publisher: RabbitMQ refuses what a user may not publish; consumers check it."""

from __future__ import annotations

import asyncio
import secrets
import shutil
from collections.abc import AsyncIterator
from types import SimpleNamespace
from typing import Any

import aio_pika
import pytest
from aiormq.exceptions import ChannelAccessRefused, ChannelPreconditionFailed

from shared.messaging.dead_letter_queues import DeadLetterQueues
from shared.messaging.dead_letters import ROUTING_KEY_HEADER
from shared.messaging.dispatcher import EventDispatcher
from shared.messaging.publishers import EXTERNAL, OPERATOR, PublisherTrust, user_name
from shared.messaging.topology import Topology
from tools import broker_users

pytestmark = pytest.mark.security


@pytest.fixture
async def users(namespace: str) -> AsyncIterator[dict[str, str]]:
    """The external and the operator user of this test's namespace, with fresh passwords."""
    passwords = {EXTERNAL: secrets.token_urlsafe(16), OPERATOR: secrets.token_urlsafe(16)}
    if shutil.which("rabbitmqctl") is None:
        pytest.skip("broker users are created with rabbitmqctl on the local broker")
    await asyncio.to_thread(broker_users.create, namespace, passwords)
    yield passwords
    await asyncio.to_thread(broker_users.delete, namespace, list(passwords))
    await asyncio.to_thread(broker_users.clear_unroutable_policy, namespace)


def _url(namespace: str, role: str, password: str) -> str:
    return f"amqp://{user_name(namespace, role)}:{password}@127.0.0.1:5672/"


async def _publish(url: str, exchange: str, key: str, user: str) -> None:
    connection = await aio_pika.connect(url)
    async with connection:
        channel = await connection.channel(publisher_confirms=True)
        target = await channel.get_exchange(exchange, ensure=False)
        await target.publish(aio_pika.Message(b"{}", user_id=user), routing_key=key)


async def test_an_outside_publishers_case_accepted_is_refused_on_the_namespaced_exchange(
    amqp: aio_pika.abc.AbstractRobustConnection, topology: Topology, users: dict[str, str]
) -> None:
    channel = await amqp.channel()
    await channel.declare_exchange(topology.events.name, aio_pika.ExchangeType.TOPIC, durable=True)
    ns = topology.namespace
    url, user = _url(ns, EXTERNAL, users[EXTERNAL]), user_name(ns, EXTERNAL)

    with pytest.raises(ChannelAccessRefused):
        await _publish(url, topology.events.name, "case.accepted", user)
    await _publish(url, topology.events.name, "case.submitted", user)  # allowed: no error
    with pytest.raises(ChannelPreconditionFailed):  # user_id must be the connection's own user
        await _publish(url, topology.events.name, "case.submitted", "intake")


async def test_a_replayed_dead_letter_reaches_one_services_queue_only(
    amqp: aio_pika.abc.AbstractRobustConnection, topology: Topology, users: dict[str, str]
) -> None:
    """Both queues consume case.accepted; the operator's replay of scheduling's letter reaches
    scheduling alone, as from the operator, and the operator publishes no event of its own."""
    channel = await amqp.channel()
    events = await channel.declare_exchange(
        topology.events.name, aio_pika.ExchangeType.TOPIC, durable=True
    )
    replay = await channel.declare_exchange(
        topology.replay_exchange, aio_pika.ExchangeType.DIRECT, durable=True
    )
    queues = {}
    for service in ("scheduling", "notifications"):
        queues[service] = await channel.declare_queue(
            f"{topology.namespace}{service}", durable=True
        )
        await queues[service].bind(events, routing_key="case.accepted")
        await queues[service].bind(replay, routing_key=topology.replay_key(service))
    dlq = await channel.declare_queue(topology.dead_letter_key("scheduling"), durable=True)
    letter = aio_pika.Message(b"{}", headers={ROUTING_KEY_HEADER: "case.accepted"})
    await channel.default_exchange.publish(letter, routing_key=dlq.name)
    ns = topology.namespace
    url, operator = _url(ns, OPERATOR, users[OPERATOR]), user_name(ns, OPERATOR)

    operator_connection = await aio_pika.connect_robust(url)
    async with operator_connection:
        replayed = await DeadLetterQueues(operator_connection, topology).replay("scheduling", None)
    await asyncio.sleep(0.2)

    arrived = await queues["scheduling"].get(fail=False)
    assert len(replayed.replayed) == 1 and arrived is not None
    assert arrived.user_id == operator and arrived.exchange == topology.replay_exchange
    assert (await queues["notifications"].get(fail=False)) is None
    with pytest.raises(ChannelAccessRefused):
        await _publish(url, topology.events.name, "case.accepted", operator)


class _Sink:
    def __init__(self) -> None:
        self.reasons: list[str] = []

    async def send(self, message: Any, reason: str, attempts: int) -> None:
        self.reasons.append(reason)


def _message(user_id: str | None, key: str = "case.accepted", exchange: str = "") -> Any:
    async def settle(**_: Any) -> None:
        return None

    raw = SimpleNamespace(
        user_id=user_id, routing_key=key, exchange=exchange or "t_samenspel.events", headers={}
    )
    return SimpleNamespace(raw_message=raw, body=b"{}", ack=settle, reject=settle)


@pytest.mark.parametrize("user_id", [None, "guest", "t_external", "t_documents"])
async def test_a_case_accepted_not_from_intakes_user_is_dead_lettered_as_untrusted(
    user_id: str | None,
) -> None:
    sink, handled = _Sink(), list[object]()
    trust = PublisherTrust.for_namespace("t_", trust_guest=False)
    dispatcher = EventDispatcher("scheduling", {}, sink, trust=trust)

    await dispatcher(_message(user_id))

    assert len(sink.reasons) == 1 and sink.reasons[0].startswith("untrusted publisher")
    assert not handled


def test_each_user_is_trusted_for_its_own_keys_only() -> None:
    trust = PublisherTrust.for_namespace("t_", trust_guest=False)

    assert trust.refusal("t_intake", "case.accepted", replayed=False) is None
    assert trust.refusal("t_intake", "feedback.submitted", replayed=False) is None
    assert trust.refusal("t_documents", "feedback.submitted", replayed=False) is None
    assert trust.refusal("t_external", "case.submitted", replayed=False) is None
    assert trust.refusal("t_external", "case.accepted", replayed=False) is not None
    assert trust.refusal("t_operator", "case.accepted", replayed=False) is not None
    assert trust.refusal("t_operator", "case.accepted", replayed=True) is None
    assert (
        PublisherTrust.for_namespace("t_", trust_guest=True).refusal(
            None, "case.accepted", replayed=False
        )
        is None
    )
