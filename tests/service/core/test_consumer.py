"""The consumer core, through a real service: bad messages dead-letter, good ones go on."""

from __future__ import annotations

import json

import pytest
from aio_pika.abc import AbstractIncomingMessage, AbstractRobustConnection
from pymongo import AsyncMongoClient
from pymongo.asynchronous.collection import AsyncCollection

from services.intake.bootstrap import build_app
from services.intake.settings import IntakeSettings
from shared.messaging.dead_letters import ATTEMPTS_HEADER, REASON_HEADER
from shared.messaging.topology import Topology
from shared.persistence.mongo import Document
from tests.support.bus import dead_letters, publish_raw
from tests.support.cases import external_case_submitted
from tests.support.services import running, settings_for
from tests.support.waiting import wait_until_async

pytestmark = pytest.mark.service


def _with(body: bytes, **changes: object) -> bytes:
    raw = json.loads(body)
    raw.update(changes)
    return json.dumps(raw).encode()


async def test_malformed_messages_land_in_the_dlq_with_their_reason_and_good_ones_go_on(
    namespace: str,
    rabbitmq_url: str,
    mongodb_url: str,
    amqp: AbstractRobustConnection,
    topology: Topology,
    mongo: AsyncMongoClient[Document],
) -> None:
    settings = settings_for(IntakeSettings, namespace, rabbitmq_url, mongodb_url)
    good = external_case_submitted(external_ref="crm-1")
    body = good.to_json()
    bad = {
        "not JSON": b"{this is not json",
        "invalid CloudEvents envelope": _with(body, specversion="0.3"),
        "invalid data: data.owner": _with(body, data={**json.loads(body)["data"], "owner": 42}),
        "unknown event type or version": _with(body, type="nl.samenspel.case.submitted.v9"),
    }
    cases = mongo[settings.database_name("intake")]["cases"]
    async with running(build_app(settings)):
        for payload in bad.values():
            await publish_raw(amqp, topology, "case.submitted", payload)
        await publish_raw(amqp, topology, "case.submitted", body)
        await wait_until_async(lambda: _exists(cases, good.data.case_id))
        dead = await _wait_for_dead_letters(amqp, topology, len(bad))
    reasons = sorted(str(message.headers[REASON_HEADER]) for message in dead)
    for expected in bad:
        assert any(reason.startswith(expected) for reason in reasons), (expected, reasons)
    assert all(message.headers[ATTEMPTS_HEADER] == 1 for message in dead), "never retried"
    assert {message.body for message in dead} == set(bad.values()), "bodies kept as sent"


async def _exists(cases: AsyncCollection[Document], case_id: str) -> bool:
    return await cases.find_one({"_id": case_id}) is not None


async def _wait_for_dead_letters(
    amqp: AbstractRobustConnection, topology: Topology, count: int
) -> list[AbstractIncomingMessage]:
    found: list[AbstractIncomingMessage] = []

    async def enough() -> bool:
        found.extend(await dead_letters(amqp, topology, "intake"))
        return len(found) >= count

    await wait_until_async(enough, timeout=10)
    return found
