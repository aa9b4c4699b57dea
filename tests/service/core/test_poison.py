"""Thousands of bad messages among good ones: every bad one dead-lettered with its reason."""

from __future__ import annotations

import asyncio
import json
import os
import time
from collections import Counter

import aio_pika
import pytest
from aio_pika.abc import AbstractRobustConnection
from pymongo import AsyncMongoClient

from services.intake.bootstrap import build_app
from services.intake.settings import IntakeSettings
from shared.messaging.dead_letters import REASON_HEADER
from shared.messaging.topology import Topology
from shared.persistence.mongo import Document
from tests.support.cases import external_case_submitted
from tests.support.poison import poison
from tests.support.services import running, settings_for
from tests.support.waiting import wait_until_async

pytestmark = [pytest.mark.fault, pytest.mark.timeout(900)]  # FUZZ_MESSAGES=10000 for the full run
BAD = int(os.environ.get("FUZZ_MESSAGES", "1000"))
GOOD_EVERY = 20


async def test_bad_messages_all_land_in_the_dlq_with_a_reason_and_good_ones_are_processed(
    namespace: str,
    rabbitmq_url: str,
    mongodb_url: str,
    amqp: AbstractRobustConnection,
    topology: Topology,
    mongo: AsyncMongoClient[Document],
) -> None:
    settings = settings_for(IntakeSettings, namespace, rabbitmq_url, mongodb_url)
    template = json.loads(external_case_submitted().to_json())
    bad = list(poison(template, "case.submitted.v1.json", BAD))
    good = [external_case_submitted(external_ref=f"fuzz-{i}") for i in range(BAD // GOOD_EVERY)]
    cases = mongo[settings.database_name("intake")]["cases"]
    started = time.monotonic()
    async with running(build_app(settings)) as http:
        channel = await amqp.channel(publisher_confirms=True)
        exchange = await channel.get_exchange(topology.events.name)
        for i, body in enumerate(bad):
            await _publish(exchange, body)
            if i % GOOD_EVERY == 0 and good[i // GOOD_EVERY :]:
                await _publish(exchange, good[i // GOOD_EVERY].to_json())
        dlq = await channel.get_queue(topology.dead_letter_key("intake"))
        dead: list[aio_pika.abc.AbstractIncomingMessage] = []

        async def all_settled() -> bool:
            while (message := await dlq.get(no_ack=True, fail=False)) is not None:
                dead.append(message)
            stored = await cases.count_documents({"external_ref": {"$regex": "^fuzz-"}})
            return stored == len(good) and len(dead) >= len(bad)

        await wait_until_async(all_settled, timeout=30 + BAD / 20)
        assert (await http.get("/health/ready")).status_code == 200, "consumer still running"
        await channel.close()
    assert Counter(message.body for message in dead) == Counter(bad)
    assert all(str((message.headers or {}).get(REASON_HEADER, "")) for message in dead)
    reasons = Counter(str(m.headers[REASON_HEADER]).split(":")[0] for m in dead)
    print(f"\n{len(bad)} bad + {len(good)} good in {time.monotonic() - started:.1f} s: {reasons}")


async def _publish(exchange: aio_pika.abc.AbstractExchange, body: bytes) -> None:
    message = aio_pika.Message(body, content_type="application/cloudevents+json", delivery_mode=2)
    await exchange.publish(message, routing_key="case.submitted")
    await asyncio.sleep(0)
