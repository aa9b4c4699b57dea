"""The operator CLI against the real broker and database: list, show, replay, purge, outbox."""

from __future__ import annotations

import asyncio
import datetime as dt
from typing import Any

import aio_pika
import pytest
from aio_pika.abc import AbstractRobustConnection
from pymongo import AsyncMongoClient
from pymongo.asynchronous.collection import AsyncCollection

from services.intake.bootstrap import build_app
from services.intake.settings import IntakeSettings
from shared.messaging.dead_letter_queues import DeadLetterQueues
from shared.messaging.topology import Topology
from shared.persistence.mongo import Document
from shared.persistence.timers import POISON_AFTER, Timer, TimerRepository
from tests.support.bus import publish_raw
from tests.support.cases import external_case_submitted
from tests.support.services import running, settings_for
from tests.support.waiting import wait_until_async
from tools.cli.app import main

pytestmark = pytest.mark.service


async def _cli(*argv: str) -> int:
    return await asyncio.to_thread(main, list(argv))


@pytest.fixture
def cli_env(
    namespace: str, rabbitmq_url: str, mongodb_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The CLI reads its broker, database and namespace from the environment, as an operator's."""
    for name, value in (("RABBITMQ_URL", rabbitmq_url), ("MONGODB_URL", mongodb_url)):
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("SAMENSPEL_NAMESPACE", namespace)


@pytest.mark.usefixtures("cli_env")
async def test_an_operator_sees_why_replays_one_and_purges_the_rest(
    namespace: str,
    rabbitmq_url: str,
    mongodb_url: str,
    amqp: AbstractRobustConnection,
    topology: Topology,
    mongo: AsyncMongoClient[Document],
    capsys: pytest.CaptureFixture[str],
) -> None:
    settings = settings_for(IntakeSettings, namespace, rabbitmq_url, mongodb_url)
    queues = DeadLetterQueues(amqp, topology)
    good = external_case_submitted(external_ref="crm-replay")
    cases = mongo[settings.database_name("intake")]["cases"]
    async with running(build_app(settings)):
        await publish_raw(amqp, topology, "case.submitted", b"{poison")
        await wait_until_async(lambda: _depth_is(queues, 1), timeout=10)
        await _dead_letter_by_rabbitmq(amqp, topology, good.to_json())
        assert await _cli("dlq", "list") == 1, "dead letters need attention"
        assert "intake" in capsys.readouterr().out
        assert await _cli("dlq", "list", "intake") == 0
        listing = capsys.readouterr().out
        assert "not JSON" in listing and "rabbitmq: delivery_limit" in listing
        for _ in range(2):  # peeking twice keeps the numbering
            assert await _cli("dlq", "show", "intake", "1") == 0
            assert "{poison" in capsys.readouterr().out
        assert await _cli("dlq", "show", "intake", "9") == 1
        assert await _cli("dlq", "replay", "intake", "2") == 0
        await wait_until_async(lambda: _stored(cases, good.data.case_id), timeout=10)
        assert await queues.depth("intake") == 1, "only the replayed one left the DLQ"
        assert await _cli("dlq", "purge", "intake") == 0
        assert await queues.depth("intake") == 0
        await wait_until_async(lambda: _outbox_clear(), timeout=10)
    assert await _cli("contracts", "export", "--check") == 0


async def _outbox_clear() -> bool:
    return await _cli("outbox", "status") == 0


async def _depth_is(queues: DeadLetterQueues, count: int) -> bool:
    return await queues.depth("intake") == count


async def _stored(cases: AsyncCollection[Document], case_id: str) -> bool:
    return await cases.find_one({"_id": case_id}) is not None


async def _dead_letter_by_rabbitmq(
    amqp: AbstractRobustConnection, topology: Topology, body: bytes
) -> None:
    """A message RabbitMQ dead-lettered itself (delivery limit): only `x-death` says where from."""
    channel = await amqp.channel(publisher_confirms=True)
    exchange = await channel.get_exchange(topology.dead_letters.name)
    death: dict[str, Any] = {
        "reason": "delivery_limit",
        "queue": "intake",
        "routing-keys": ["case.submitted"],
        "time": dt.datetime.now(dt.UTC) + dt.timedelta(seconds=2),  # AMQP keeps whole seconds
    }
    message = aio_pika.Message(body, headers={"x-death": [death]}, delivery_mode=2)
    await exchange.publish(message, routing_key=topology.dead_letter_key("intake"))
    await channel.close()


@pytest.mark.usefixtures("cli_env")
async def test_an_operator_lists_a_poisoned_timer_and_replays_it(
    namespace: str,
    rabbitmq_url: str,
    mongodb_url: str,
    mongo: AsyncMongoClient[Document],
    capsys: pytest.CaptureFixture[str],
) -> None:
    settings = settings_for(IntakeSettings, namespace, rabbitmq_url, mongodb_url)
    timers = TimerRepository(mongo[settings.database_name("scheduling")])
    now = dt.datetime.now(dt.UTC)
    await timers.schedule("reminder:s1", Timer(kind="reminder", due_at=now))
    for _ in range(POISON_AFTER):
        await timers.failed("reminder:s1", "KeyError: 'session'", now)
    assert await _cli("poisoned", "list") == 1, "a set-aside timer needs attention"
    listing = capsys.readouterr().out
    assert "reminder:s1" in listing and "KeyError" in listing
    assert await _cli("poisoned", "replay", "scheduling", "reminder:s1") == 0
    replayed = await timers.due(dt.datetime.now(dt.UTC))
    assert [stored.id for stored in replayed] == ["reminder:s1"]
    assert await _cli("poisoned", "list") == 0


@pytest.mark.usefixtures("cli_env")
async def test_an_operator_discards_only_a_set_aside_event_whose_aggregate_is_gone(
    namespace: str,
    rabbitmq_url: str,
    mongodb_url: str,
    mongo: AsyncMongoClient[Document],
    capsys: pytest.CaptureFixture[str],
) -> None:
    settings = settings_for(IntakeSettings, namespace, rabbitmq_url, mongodb_url)
    database = mongo[settings.database_name("scheduling")]
    await database["trajectories"].insert_one({"_id": "kept", "version": 1, "outbox": []})
    for event_id, aggregate in (("ev-gone", "gone"), ("ev-kept", "kept")):
        entry = {"id": event_id, "routing_key": "session.scheduled", "body": "{}"}
        await database["poisoned_events"].insert_one(
            {"_id": event_id, "status": "poisoned", "source": "trajectories",
             "aggregate_id": aggregate, "entry": entry, "failures": 5, "reason": "Unroutable"}
        )  # fmt: skip
    assert await _cli("poisoned", "discard", "scheduling", "ev-kept") == 1
    assert "replay it instead" in capsys.readouterr().out
    assert await _cli("poisoned", "discard", "scheduling", "ev-gone") == 0
    left = [record["_id"] async for record in database["poisoned_events"].find({})]
    assert left == ["ev-kept"]
