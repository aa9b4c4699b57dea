"""No effect twice: a redelivered or re-published event sends one mail and stores one case."""

from __future__ import annotations

import asyncio
import uuid

import pytest
from aio_pika.abc import AbstractRobustConnection
from pymongo import AsyncMongoClient

from services.intake.bootstrap import build_app as build_intake
from services.intake.settings import IntakeSettings
from services.notifications.bootstrap import build_app as build_notifications
from services.notifications.settings import NotificationsSettings
from shared.messaging.topology import Topology
from shared.persistence.mongo import Document
from tests.support.bus import EventSpy, publish_raw
from tests.support.cases import external_case_submitted
from tests.support.mail import SmtpServer
from tests.support.services import running, settings_for
from tests.support.waiting import wait_until

pytestmark = pytest.mark.service


async def test_the_same_event_delivered_twice_sends_one_receipt(
    namespace: str,
    rabbitmq_url: str,
    mongodb_url: str,
    amqp: AbstractRobustConnection,
    topology: Topology,
    smtp: SmtpServer,
    spy: EventSpy,
) -> None:
    settings = settings_for(
        NotificationsSettings, namespace, rabbitmq_url, mongodb_url, smtp_port=smtp.port
    )
    event = external_case_submitted(email="jan@example.be", title="Bomen aan de Dorpsstraat")
    async with running(build_notifications(settings)):
        await publish_raw(amqp, topology, "case.submitted", event.to_json())
        await publish_raw(amqp, topology, "case.submitted", event.to_json())
        await wait_until(lambda: bool(smtp.inbox.to("jan@example.be")))
        await asyncio.sleep(1.0)
    receipts = smtp.inbox.to("jan@example.be")
    assert len(receipts) == 1
    mail = receipts[0]
    assert "Bomen aan de Dorpsstraat" in str(mail["Subject"])
    text = mail.get_body(("plain",))
    html = mail.get_body(("html",))
    assert text is not None and "Bomen aan de Dorpsstraat" in text.get_content()
    assert html is not None and "Bomen aan de Dorpsstraat" in html.get_content()
    sent = [
        event
        for event in spy.events("notification.sent")
        if event["data"]["recipient_role"] == "owner"
    ]
    assert len(sent) == 1 and sent[0]["data"]["source_event_id"] == event.id


async def test_an_external_case_is_stored_once_whatever_the_sender_repeats(
    namespace: str,
    rabbitmq_url: str,
    mongodb_url: str,
    amqp: AbstractRobustConnection,
    topology: Topology,
    mongo: AsyncMongoClient[Document],
) -> None:
    settings = settings_for(IntakeSettings, namespace, rabbitmq_url, mongodb_url)
    ref = f"crm-{uuid.uuid4().hex[:6]}"
    first = external_case_submitted(external_ref=ref)
    retry = external_case_submitted(external_ref=ref)  # new event id, new case id, same reference
    cases = mongo[settings.database_name("intake")]["cases"]
    async with running(build_intake(settings)) as http:
        for body in (first.to_json(), first.to_json(), retry.to_json()):
            await publish_raw(amqp, topology, "case.submitted", body)
        for _ in range(100):
            if await cases.count_documents({}) and await _queue_empty(amqp, topology):
                break
            await asyncio.sleep(0.05)
        await asyncio.sleep(0.5)
        answer = await http.post("/api/cases", json={**_body(first), "external_ref": ref})
    assert await cases.count_documents({"external_ref": ref}) == 1
    assert answer.status_code == 200
    assert answer.json()["case_id"] == first.data.case_id


def _body(event: object) -> dict[str, object]:
    data = event.data  # type: ignore[attr-defined]
    return {
        "owner": data.owner.model_dump(mode="json"),
        "case": data.case.model_dump(mode="json"),
        "conditions": data.conditions.model_dump(mode="json"),
    }


async def _queue_empty(amqp: AbstractRobustConnection, topology: Topology) -> bool:
    channel = await amqp.channel()
    queue = await channel.declare_queue(f"{topology.namespace}intake", passive=True)
    count = queue.declaration_result.message_count
    await channel.close()
    return count == 0
