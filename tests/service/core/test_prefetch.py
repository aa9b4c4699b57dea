"""A consumer holds at most PREFETCH_COUNT messages: a backlog is shared, not hoarded."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from aio_pika.abc import AbstractRobustConnection

from shared.contracts.envelope import CloudEvent
from shared.contracts.intake import CaseSubmitted
from shared.messaging.topology import Topology
from shared.runtime import ServiceRuntime
from shared.settings import ServiceSettings
from tests.support.bus import publish_raw
from tests.support.cases import external_case_submitted
from tests.support.services import running, settings_for
from tests.support.waiting import wait_until_async

pytestmark = pytest.mark.service


async def test_a_consumer_never_has_more_messages_in_flight_than_its_prefetch_count(
    namespace: str, rabbitmq_url: str, mongodb_url: str, amqp: AbstractRobustConnection
) -> None:
    settings = settings_for(ServiceSettings, namespace, rabbitmq_url, mongodb_url, prefetch_count=3)
    runtime = ServiceRuntime("probe", settings)
    release = asyncio.Event()
    in_flight: list[str] = []
    handled: list[str] = []
    most = 0

    async def slow(event: CloudEvent[Any]) -> None:
        nonlocal most
        in_flight.append(event.id)
        most = max(most, len(in_flight))
        await release.wait()
        in_flight.remove(event.id)
        handled.append(event.id)

    runtime.consume({CaseSubmitted: slow})
    async with running(runtime.app()):
        for _ in range(10):
            await publish_raw(
                amqp, Topology(namespace), "case.submitted", external_case_submitted().to_json()
            )

        async def three_in_flight() -> bool:
            return len(in_flight) >= 3

        await wait_until_async(three_in_flight, timeout=10)
        await asyncio.sleep(1)  # time for the broker to push more, if it were allowed to
        assert most == 3, f"{most} messages in flight with prefetch_count=3"
        release.set()

        async def all_handled() -> bool:
            return len(handled) == 10

        await wait_until_async(all_handled, timeout=10)
