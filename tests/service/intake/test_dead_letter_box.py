"""The console's dead-letter adapter against the real broker: list leaves in place, replay moves."""

from __future__ import annotations

from typing import Any

import aio_pika
import pytest
from aio_pika.abc import AbstractRobustConnection
from faststream.rabbit import RabbitBroker
from pymongo import AsyncMongoClient

from services.intake.adapters.dead_letters import RabbitDeadLetterBox, Replayed
from services.intake.bootstrap import build_app
from services.intake.settings import IntakeSettings
from shared.messaging.dead_letters import REASON_HEADER, ROUTING_KEY_HEADER
from shared.messaging.topology import Topology, declare
from shared.persistence.mongo import Document
from tests.support.bus import EventSpy
from tests.support.cases import external_case_submitted
from tests.support.services import running, settings_for
from tests.support.waiting import wait_until_async

pytestmark = pytest.mark.service
BODY = b'{"id": "ev-dead-1", "type": "nl.samenspel.case.submitted.v1"}'


async def _dead_letter(amqp: AbstractRobustConnection, topology: Topology) -> None:
    channel = await amqp.channel(publisher_confirms=True)
    dlx = await channel.declare_exchange(
        topology.dead_letters.name, aio_pika.ExchangeType.DIRECT, durable=True
    )
    key = topology.dead_letter_key("intake")
    queue = await channel.declare_queue(key, durable=True, arguments={"x-queue-type": "quorum"})
    await queue.bind(dlx, routing_key=key)
    headers: dict[str, Any] = {
        REASON_HEADER: "payload invalid: owner.email",
        ROUTING_KEY_HEADER: "case.submitted",
    }
    message = aio_pika.Message(BODY, headers=headers, delivery_mode=2)
    await dlx.publish(message, routing_key=key)
    await channel.close()


async def _service_queues(broker_url: str, topology: Topology) -> None:
    """Intake's and notifications' queues, both bound to case.submitted, as the services do."""
    broker = RabbitBroker(broker_url)
    await broker.connect()
    await declare(broker, topology, "intake", ["case.submitted"])
    await declare(broker, topology, "notifications", ["case.submitted"])
    await broker.stop()


async def _take(
    amqp: AbstractRobustConnection, name: str
) -> list[aio_pika.abc.AbstractIncomingMessage]:
    channel = await amqp.channel()
    queue = await channel.get_queue(name)
    taken = []
    while (message := await queue.get(no_ack=True, fail=False)) is not None:
        taken.append(message)
    await channel.close()
    return taken


async def test_letters_are_listed_without_taking_them_and_replayed_once_to_their_service_only(
    amqp: AbstractRobustConnection, topology: Topology, spy: EventSpy, rabbitmq_url: str
) -> None:
    await _dead_letter(amqp, topology)
    box = RabbitDeadLetterBox(rabbitmq_url, topology)
    for _ in range(2):
        [letter] = await box.letters("intake")
        assert (letter.key, letter.routing_key) == ("ev-dead-1", "case.submitted")
        assert letter.reason == "payload invalid: owner.email"
    assert await box.letters("scheduling") == []  # never declared: nothing, no error
    assert await box.replay("intake", "ev-dead-1") is Replayed.UNROUTABLE, "no queue yet: kept"
    assert [x.key for x in await box.letters("intake")] == ["ev-dead-1"]
    await _service_queues(rabbitmq_url, topology)
    assert await box.replay("intake", "ev-dead-1") is Replayed.DONE
    [replayed] = await _take(amqp, f"{topology.namespace}intake")
    assert replayed.body == BODY
    assert (replayed.headers or {})[ROUTING_KEY_HEADER] == "case.submitted"
    assert await _take(amqp, f"{topology.namespace}notifications") == []
    assert spy.events("case.submitted") == [], "nothing went back onto the topic exchange"
    assert await box.letters("intake") == []
    assert await box.replay("intake", "ev-dead-1") is Replayed.MISSING


async def test_a_letter_rabbitmq_dead_lettered_itself_is_replayed_and_handled(
    amqp: AbstractRobustConnection, topology: Topology, rabbitmq_url: str, mongodb_url: str
) -> None:
    settings = settings_for(IntakeSettings, topology.namespace, rabbitmq_url, mongodb_url)
    event = external_case_submitted(external_ref="dead-by-limit")
    async with running(build_app(settings)):
        channel = await amqp.channel(publisher_confirms=True)
        dlx = await channel.get_exchange(topology.dead_letters.name)
        death: dict[str, Any] = {"reason": "delivery_limit", "queue": f"{topology.namespace}intake",
                 "routing-keys": ["case.submitted"], "count": 4,
                 "exchange": topology.events.name}  # fmt: skip
        body = event.to_json()
        headers: dict[str, Any] = {"x-death": [death]}
        message = aio_pika.Message(body, headers=headers, delivery_mode=2)
        await dlx.publish(message, routing_key=topology.dead_letter_key("intake"))
        await channel.close()
        box = RabbitDeadLetterBox(rabbitmq_url, topology)
        [letter] = await box.letters("intake")
        assert letter.routing_key == "case.submitted" and "delivery_limit" in letter.reason
        assert await box.replay("intake", event.id) is Replayed.DONE
        client: AsyncMongoClient[Document] = AsyncMongoClient(mongodb_url)
        cases = client[settings.database_name("intake")]["cases"]

        async def stored() -> bool:
            return await cases.find_one({"external_ref": "dead-by-limit"}) is not None

        await wait_until_async(stored, timeout=10)
        await client.close()
    assert await box.letters("intake") == []
