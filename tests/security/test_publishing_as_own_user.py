"""A service runs as its own broker user; a publish the broker refuses stays owed, not a crash."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import secrets
import shutil
from collections.abc import AsyncIterator
from typing import ClassVar

import aio_pika
import pytest
from pydantic import BaseModel, ConfigDict
from pymongo import AsyncMongoClient

from services.intake.bootstrap import build_app
from services.intake.settings import IntakeSettings
from shared.contracts.envelope import new_event
from shared.contracts.intake import ParticipantWithdrawn, PersonLinkRequested
from shared.messaging.consumer import build_broker
from shared.messaging.publisher import RabbitPublisher
from shared.messaging.publishers import EXTERNAL, user_name
from shared.messaging.relay import OutboxRelay
from shared.messaging.topology import Topology
from shared.persistence.indexes import IndexSpec
from shared.persistence.mongo import Document
from shared.persistence.repository import AggregateRepository, Change
from tests.service.intake.conftest import submission_json
from tests.support.bus import EventSpy
from tests.support.services import running, settings_for
from tools import broker_users

pytestmark = pytest.mark.security
NOW = dt.datetime(2026, 3, 9, 13, 0, tzinfo=dt.UTC)


@pytest.fixture
async def passwords(namespace: str) -> AsyncIterator[dict[str, str]]:
    """intake's and the external user of this namespace, with fresh passwords."""
    chosen = {"intake": secrets.token_urlsafe(16), EXTERNAL: secrets.token_urlsafe(16)}
    if shutil.which("rabbitmqctl") is None:
        pytest.skip("broker users are created with rabbitmqctl on the local broker")
    await asyncio.to_thread(broker_users.create, namespace, chosen)
    yield chosen
    await asyncio.to_thread(broker_users.delete, namespace, list(chosen))
    await asyncio.to_thread(broker_users.clear_unroutable_policy, namespace)


def _url(namespace: str, role: str, password: str) -> str:
    return f"amqp://{user_name(namespace, role)}:{password}@127.0.0.1:5672/"


async def test_intake_as_its_own_user_declares_consumes_and_publishes_with_its_user_id(
    namespace: str, mongodb_url: str, spy: EventSpy, passwords: dict[str, str]
) -> None:
    settings = settings_for(
        IntakeSettings,
        namespace,
        _url(namespace, "intake", passwords["intake"]),
        mongodb_url,
        environment="production",
        secret_key=secrets.token_urlsafe(32),
        scheduling_token=secrets.token_urlsafe(16),
        staff_tokens=json.dumps({secrets.token_urlsafe(16): {"name": "A", "role": "decider"}}),
    )
    async with running(build_app(settings)) as http:
        answer = await http.post("/api/cases", json=submission_json())
        assert answer.status_code == 201, answer.text
        await spy.wait_for("case.submitted")

    sent = [m for m in spy.messages if m.routing_key == "case.submitted"]
    assert [m.user_id for m in sent] == [user_name(namespace, "intake")]


class Owed(BaseModel):
    model_config = ConfigDict(frozen=True)
    n: int = 0


class OwedRepository(AggregateRepository[Owed]):
    collection_name = "owed"
    state_model = Owed
    indexes: ClassVar[tuple[IndexSpec, ...]] = ()


def _owe(event: object):  # type: ignore[no-untyped-def]
    def decide(current: Owed | None) -> Change[Owed]:
        return Change(Owed(n=1), [event])  # type: ignore[list-item]

    return decide


async def test_a_refused_publish_stays_owed_and_the_next_entry_still_goes_out(
    namespace: str,
    topology: Topology,
    amqp: aio_pika.abc.AbstractRobustConnection,
    mongo: AsyncMongoClient[Document],
    spy: EventSpy,
    passwords: dict[str, str],
) -> None:
    """The external user may send participant.withdrawn, not person.link_requested."""
    broker = build_broker(_url(namespace, EXTERNAL, passwords[EXTERNAL]), prefetch=1)
    await broker.connect()
    publisher = RabbitPublisher(broker, topology.events, user_name(namespace, EXTERNAL))
    owed = OwedRepository(mongo[f"{namespace}owed"], check_queries=True)
    forbidden = PersonLinkRequested(
        person_id="owner-0123456789abcdef01234567", generation=0, requested_at=NOW
    )
    allowed = ParticipantWithdrawn(cohort_id="c", participant_id="p", withdrawn_at=NOW)
    await owed.apply("refused", _owe(new_event(forbidden, source="/t", subject="x", now=NOW)))
    await owed.apply("fine", _owe(new_event(allowed, source="/t", subject="c", now=NOW)))
    relay = OutboxRelay([owed.collection], publisher)
    try:
        published = await relay.drain()
        await spy.wait_for("participant.withdrawn")
    finally:
        await broker.stop()

    refused, fine = await owed.get("refused"), await owed.get("fine")
    assert published == 1
    assert spy.events("person.link_requested") == []
    assert refused is not None and len(refused.outbox) == 1
    assert fine is not None and fine.outbox == ()
