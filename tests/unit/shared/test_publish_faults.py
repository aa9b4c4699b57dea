"""Whose fault a failed publish is: the event's (counted, set aside in the end) or the broker's
(retried later, no event blamed), and a return is a failure, never a success."""

from __future__ import annotations

import asyncio
from typing import Any

import aio_pika
import pytest
from aiormq.abc import DeliveredMessage
from aiormq.exceptions import (
    ChannelAccessRefused,
    ChannelClosed,
    ChannelNotFoundEntity,
    ChannelPreconditionFailed,
    ConnectionClosed,
)
from faststream.rabbit import RabbitBroker
from pamqp.commands import Basic

from shared.messaging import publisher as publisher_module
from shared.messaging.publish_channel import PublishRefused, Unroutable
from shared.messaging.publisher import RabbitPublisher
from shared.messaging.relay import ENTRY_FAULTS
from shared.messaging.topology import Topology

pytestmark = pytest.mark.unit


class FakeExchange:
    def __init__(self, outcome: Any) -> None:
        self.outcome = outcome
        self.mandatory: list[bool] = []

    async def publish(self, message: aio_pika.Message, routing_key: str, mandatory: bool) -> Any:
        self.mandatory.append(mandatory)
        if isinstance(self.outcome, BaseException):
            raise self.outcome
        return self.outcome


class FakeChannel:
    def __init__(self, exchange: FakeExchange) -> None:
        self.exchange = exchange

    async def get_exchange(self, name: str, ensure: bool) -> FakeExchange:
        return self.exchange


def _publisher(monkeypatch: pytest.MonkeyPatch, outcome: Any) -> tuple[RabbitPublisher, Any]:
    exchange = FakeExchange(outcome)

    async def channel(broker: RabbitBroker) -> FakeChannel:
        return FakeChannel(exchange)

    monkeypatch.setattr(publisher_module, "publish_channel", channel)
    return RabbitPublisher(RabbitBroker(), Topology("t_").events, "guest"), exchange


async def _publish(publisher: RabbitPublisher) -> None:
    await publisher.publish(b"{}", routing_key="case.screened", message_id="e1", subject=None)


async def test_a_confirmed_routed_publish_succeeds_and_is_mandatory(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    publisher, exchange = _publisher(monkeypatch, Basic.Ack(delivery_tag=1))
    await _publish(publisher)
    assert exchange.mandatory == [True]


async def test_a_returned_publish_is_unroutable_an_entry_fault_naming_the_key(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    returned = DeliveredMessage(
        delivery=Basic.Return(reply_code=312, reply_text="NO_ROUTE", routing_key="case.screened"),
        header=None,  # type: ignore[arg-type]
        body=b"{}",
        channel=None,  # type: ignore[arg-type]
    )
    publisher, _ = _publisher(monkeypatch, returned)
    with pytest.raises(Unroutable, match=r"no queue is bound for case\.screened") as caught:
        await _publish(publisher)
    assert isinstance(caught.value, ENTRY_FAULTS)


@pytest.mark.parametrize(
    "closure",
    [
        ChannelPreconditionFailed("PRECONDITION_FAILED - user_id property set to 'x'"),
        ChannelAccessRefused("ACCESS_REFUSED - write access to topic 'case.screened'"),
    ],
)
async def test_a_closure_the_message_caused_is_a_refusal_counted_against_the_entry(
    monkeypatch: pytest.MonkeyPatch, closure: Exception
) -> None:
    publisher, _ = _publisher(monkeypatch, closure)
    with pytest.raises(PublishRefused) as caught:
        await _publish(publisher)
    assert isinstance(caught.value, ENTRY_FAULTS)


@pytest.mark.parametrize(
    "outage",
    [
        ChannelClosed(320, "CONNECTION_FORCED - broker forced connection closure"),
        ChannelClosed(None, None),
        ChannelNotFoundEntity("NOT_FOUND - no exchange 't_samenspel.events'"),
        ConnectionClosed(320, "CONNECTION_FORCED - shutdown"),
        RuntimeError("<Connection: amqp://...> closed"),
    ],
)
async def test_a_closure_by_the_broker_is_not_the_entrys_fault(
    monkeypatch: pytest.MonkeyPatch, outage: Exception
) -> None:
    publisher, _ = _publisher(monkeypatch, outage)
    with pytest.raises(type(outage)) as caught:
        await _publish(publisher)
    assert not isinstance(caught.value, ENTRY_FAULTS), "a broker restart poisons no event"


async def test_overlapping_publishes_fetch_the_channel_one_at_a_time(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    exchange = FakeExchange(Basic.Ack(delivery_tag=1))
    fetching = most = 0

    async def channel(broker: RabbitBroker) -> FakeChannel:
        nonlocal fetching, most
        fetching += 1
        most = max(most, fetching)
        await asyncio.sleep(0)  # opening a channel is a round trip: others would overlap
        fetching -= 1
        return FakeChannel(exchange)

    monkeypatch.setattr(publisher_module, "publish_channel", channel)
    publisher = RabbitPublisher(RabbitBroker(), Topology("t_").events, "guest")
    await asyncio.gather(
        *(
            publisher.publish(b"{}", routing_key="case.screened", message_id=f"e{n}", subject=None)
            for n in range(5)
        )
    )
    assert most == 1 and exchange.mandatory == [True] * 5
