"""Staff endpoints, one-click unsubscribe, quiet hours and the daily staff digest."""

from __future__ import annotations

import asyncio
import datetime as dt

import pytest
from aio_pika.abc import AbstractRobustConnection

from services.notifications.domain.unsubscribe import make_token
from services.notifications.service_layer.samples import OWNER, PARTICIPANT, sample_event
from shared.capabilities import CapabilitySigner
from shared.clock import ManualClock
from shared.messaging.topology import Topology
from tests.service.notifications.harness import (
    AMS,
    MONDAY_MORNING,
    STAFF,
    notification_settings,
    notifications,
    publish,
)
from tests.support.mail import SmtpServer
from tests.support.waiting import wait_until

pytestmark = pytest.mark.service


async def test_staff_endpoints_need_the_token_and_preview_renders(
    namespace: str, rabbitmq_url: str, mongodb_url: str, smtp: SmtpServer
) -> None:
    settings = notification_settings(namespace, rabbitmq_url, mongodb_url, smtp.port)
    async with notifications(settings, ManualClock(MONDAY_MORNING)) as http:
        anonymous = await http.get(
            "/api/cases/case-42/notifications", headers={"Authorization": "Bearer wrong"}
        )
        shown = (await http.get("/api/preview/case_rejected_owner")).json()
        unknown = await http.get("/api/preview/nope")
        chosen = await http.put(f"/api/staff/{STAFF[0].email}/preferences", json={"digest": True})
        bad = await http.put(f"/api/staff/{STAFF[0].email}/preferences", json={"digest": "x"})
    assert anonymous.status_code == 401
    assert "E-learning met live training" in shown["text"]
    assert shown["subject"] and "<" in shown["html"]
    assert unknown.status_code == 404
    assert chosen.json() == {"email": STAFF[0].email, "digest": True}
    assert bad.status_code == 422 and bad.json()["detail"][0]["field"] == "digest"
    assert not smtp.inbox.messages


async def test_reminder_unsubscribe_one_click_and_essential_refused(
    namespace: str,
    rabbitmq_url: str,
    mongodb_url: str,
    amqp: AbstractRobustConnection,
    topology: Topology,
    smtp: SmtpServer,
) -> None:
    settings = notification_settings(namespace, rabbitmq_url, mongodb_url, smtp.port)
    async with notifications(settings, ManualClock(MONDAY_MORNING)) as http:
        await publish(amqp, topology, sample_event("session.reminder_due"))
        await smtp.inbox.wait_for(3)
        reminder = smtp.inbox.to(OWNER.email)[0]
        assert reminder["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        url = str(reminder["List-Unsubscribe"]).strip("<>")
        path = url.removeprefix("https://meldingen.example.org")
        page = await http.get(path)
        done = await http.post(path, content=b"List-Unsubscribe=One-Click")
        forged = await http.post(path[:-3] + "abc")
        decision = make_token(CapabilitySigner.from_secret("test-secret"), OWNER.email, "decision")
        essential = await http.post(f"/afmelden/{decision}")
        again = sample_event("session.reminder_due").model_copy(update={"id": "reminder-2"})
        await publish(amqp, topology, again)
        await smtp.inbox.wait_for(5)
        await asyncio.sleep(0.5)
    assert page.status_code == 200 and "Ja, meld mij af" in page.text
    assert done.status_code == 200 and "U bent afgemeld" in done.text
    assert forged.status_code == 400
    assert essential.status_code == 400 and "niet mogelijk" in essential.text
    assert len(smtp.inbox.to(OWNER.email)) == 1  # the second reminder was not sent to the owner
    assert len(smtp.inbox.to(PARTICIPANT.email)) == 2


async def test_quiet_hours_hold_until_morning_and_digest_goes_at_its_time(
    namespace: str,
    rabbitmq_url: str,
    mongodb_url: str,
    amqp: AbstractRobustConnection,
    topology: Topology,
    smtp: SmtpServer,
) -> None:
    late = dt.datetime(2026, 3, 4, 22, 30, tzinfo=AMS)  # Wednesday night
    clock = ManualClock(late)
    staff = [{**STAFF[0].model_dump(), "digest": True}]
    settings = notification_settings(
        namespace, rabbitmq_url, mongodb_url, smtp.port, staff=staff, digest_time="08:00"
    )
    async with notifications(settings, clock):
        await publish(amqp, topology, sample_event("case.submitted"))
        await publish(amqp, topology, sample_event("case.screened"))
        await publish(amqp, topology, sample_event("participant.enrolled"))
        await wait_until(lambda: bool(smtp.inbox.to(OWNER.email)))
        await asyncio.sleep(1.0)
        night = smtp.inbox.to(OWNER.email)
        assert len(night) == 1 and "Ontvangstbevestiging" in str(night[0]["Subject"])
        assert smtp.inbox.to(PARTICIPANT.email) == [], "the enrolment waits for the morning"
        assert smtp.inbox.to(STAFF[0].email) == []  # staff wants the digest
        clock.set(dt.datetime(2026, 3, 5, 7, 31, tzinfo=AMS))
        await wait_until(lambda: bool(smtp.inbox.to(PARTICIPANT.email)))
        clock.set(dt.datetime(2026, 3, 5, 8, 1, tzinfo=AMS))
        await wait_until(lambda: bool(smtp.inbox.to(STAFF[0].email)))
        await asyncio.sleep(0.5)
    digest = smtp.inbox.to(STAFF[0].email)
    assert len(digest) == 1
    assert "Dagoverzicht donderdag 5 maart 2026" in str(digest[0]["Subject"])
    text = digest[0].get_body(("plain",))
    assert text is not None and "Zonneweide Hoge Veld" in text.get_content()
