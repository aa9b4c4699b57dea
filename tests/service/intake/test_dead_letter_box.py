"""The console's dead-letter adapter against the real broker: list leaves in place, replay moves."""

from __future__ import annotations

from typing import Any

import aio_pika
import pytest
from aio_pika.abc import AbstractRobustConnection

from services.intake.adapters.dead_letters import RabbitDeadLetterBox
from shared.messaging.dead_letters import REASON_HEADER, ROUTING_KEY_HEADER
from shared.messaging.topology import Topology
from tests.support.bus import EventSpy

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


async def test_letters_are_listed_without_taking_them_and_replayed_once(
    amqp: AbstractRobustConnection, topology: Topology, spy: EventSpy, rabbitmq_url: str
) -> None:
    await _dead_letter(amqp, topology)
    box = RabbitDeadLetterBox(rabbitmq_url, topology)
    for _ in range(2):
        [letter] = await box.letters("intake")
        assert (letter.key, letter.routing_key) == ("ev-dead-1", "case.submitted")
        assert letter.reason == "payload invalid: owner.email"
    assert await box.letters("scheduling") == []  # never declared: nothing, no error
    assert await box.replay("intake", "ev-dead-1")
    [replayed] = await spy.wait_for("case.submitted")
    assert replayed["id"] == "ev-dead-1"
    assert await box.letters("intake") == []
    assert not await box.replay("intake", "ev-dead-1")
