"""Invites per person over real SMTP: one .ics each, naming only them, with their page link."""

from __future__ import annotations

import asyncio
import datetime as dt
import re
from email.message import EmailMessage

import icalendar
import pytest
from aio_pika.abc import AbstractRobustConnection

from services.notifications.service_layer.samples import sample_event
from shared.capabilities import PERSON_PAGE, CapabilitySigner
from shared.clock import ManualClock
from shared.messaging.topology import Topology
from tests.service.notifications.harness import (
    AMS,
    MONDAY_MORNING,
    notification_settings,
    notifications,
    publish,
)
from tests.support.mail import SmtpServer
from tests.support.waiting import wait_until_async
from tests.unit.notifications.composed import as_event
from tests.unit.notifications.programmes import LATECOMER, LEAVER, atelier, attendees_changed
from tools.mongo_standin import free_port

pytestmark = pytest.mark.service
INTAKE = "https://intake.example.org"
SIGNER = CapabilitySigner.from_secret("test-secret")
PAGE = re.compile(re.escape(INTAKE) + r"/mijn/(\S+)")
KICK_OFF = dt.datetime(2026, 3, 9, 14, 0, tzinfo=AMS)  # the sample reminder's session


def _invite(message: EmailMessage) -> icalendar.Calendar:
    (part,) = [p for p in message.walk() if p.get_content_type() == "text/calendar"]
    return icalendar.Calendar.from_ical(part.get_content())


def _page_of(message: EmailMessage) -> str | None:
    body = message.get_body(("plain",))
    assert body is not None
    found = PAGE.search(body.get_content())
    granted = found and SIGNER.verify(found.group(1), PERSON_PAGE, MONDAY_MORNING)
    return granted.subject if granted else None


async def test_three_attendees_get_three_invites_each_naming_only_its_recipient(
    namespace: str,
    rabbitmq_url: str,
    mongodb_url: str,
    amqp: AbstractRobustConnection,
    topology: Topology,
    smtp: SmtpServer,
) -> None:
    session = atelier().session
    settings = notification_settings(
        namespace, rabbitmq_url, mongodb_url, smtp.port, intake_public_url=INTAKE
    )
    async with notifications(settings, ManualClock(MONDAY_MORNING)):
        await publish(amqp, topology, as_event(atelier()))
        await smtp.inbox.wait_for(3)
        await asyncio.sleep(0.3)  # a fourth would show up now
    assert len(smtp.inbox.messages) == 3
    for attendee in session.attendees:
        (mail,) = smtp.inbox.to(attendee.email)
        (vevent,) = _invite(mail).walk("VEVENT")
        assert str(vevent.get("ATTENDEE")) == f"mailto:{attendee.email}"
        assert vevent.get("ATTENDEE").params["RSVP"] == "FALSE"
        assert str(vevent["ORGANIZER"]) == "mailto:planning@samenspel.nl"
        assert "planning@samenspel.nl" in str(mail["Reply-To"])
        assert _page_of(mail) == attendee.person_id
        assert str(vevent["URL"]).startswith(f"{INTAKE}/mijn/")


async def test_a_changed_list_invites_the_added_and_cancels_for_the_removed(
    namespace: str,
    rabbitmq_url: str,
    mongodb_url: str,
    amqp: AbstractRobustConnection,
    topology: Topology,
    smtp: SmtpServer,
) -> None:
    settings = notification_settings(
        namespace, rabbitmq_url, mongodb_url, smtp.port, intake_public_url=INTAKE
    )
    async with notifications(settings, ManualClock(MONDAY_MORNING)):
        await publish(amqp, topology, as_event(attendees_changed()))
        await smtp.inbox.wait_for(2)
        await asyncio.sleep(0.3)
    assert len(smtp.inbox.messages) == 2
    (invite,) = smtp.inbox.to(LATECOMER.email)
    (cancel,) = smtp.inbox.to(LEAVER.email)
    assert _invite(invite)["METHOD"] == "REQUEST"
    assert _invite(cancel)["METHOD"] == "CANCEL"
    assert _invite(cancel).walk("VEVENT")[0]["STATUS"] == "CANCELLED"
    assert _page_of(cancel) is not None and _page_of(invite) is not None


async def test_a_reminder_that_arrives_after_the_session_began_is_not_sent(
    namespace: str,
    rabbitmq_url: str,
    mongodb_url: str,
    amqp: AbstractRobustConnection,
    topology: Topology,
    smtp: SmtpServer,
) -> None:
    settings = notification_settings(namespace, rabbitmq_url, mongodb_url, smtp.port)
    clock = ManualClock(KICK_OFF + dt.timedelta(minutes=5))
    async with notifications(settings, clock) as http:
        await publish(amqp, topology, sample_event("session.reminder_due"))

        async def all_dropped() -> bool:
            log = (await http.get("/api/cases/case-42/notifications")).json()["notifications"]
            return len(log) == 3 and {n["status"] for n in log} == {"dropped"}

        await wait_until_async(all_dropped, timeout=10)
    assert not smtp.inbox.messages


async def test_a_reminder_held_by_retries_past_the_start_is_dropped_not_sent(
    namespace: str,
    rabbitmq_url: str,
    mongodb_url: str,
    amqp: AbstractRobustConnection,
    topology: Topology,
) -> None:
    port = free_port()  # the mail server is away until the session has begun
    settings = notification_settings(
        namespace, rabbitmq_url, mongodb_url, port, retry_max_attempts=20, retry_max_seconds=60
    )
    clock = ManualClock(KICK_OFF - dt.timedelta(hours=1))
    async with notifications(settings, clock) as http:
        await publish(amqp, topology, sample_event("session.reminder_due"))

        async def all_are(status: str) -> bool:
            log = (await http.get("/api/cases/case-42/notifications")).json()["notifications"]
            return len(log) == 3 and {n["status"] for n in log} == {status}

        async def waiting() -> bool:  # tried once, the server refused, a retry timer is armed
            return await all_are("pending")

        async def dropped() -> bool:
            return await all_are("dropped")

        await wait_until_async(waiting, timeout=10)
        back = SmtpServer(port=port).start()
        try:
            clock.set(KICK_OFF + dt.timedelta(seconds=1))  # every retry now comes too late
            await wait_until_async(dropped, timeout=10)
            await asyncio.sleep(0.3)
        finally:
            back.stop()
    assert not back.inbox.messages


async def test_a_learner_hears_of_their_latest_case_even_when_an_older_move_arrives_late(
    namespace: str,
    rabbitmq_url: str,
    mongodb_url: str,
    amqp: AbstractRobustConnection,
    topology: Topology,
    smtp: SmtpServer,
) -> None:
    moved = sample_event("participant.assigned")
    first = getattr(moved.data, "revision")  # noqa: B009
    later = moved.data.model_copy(
        update={"case_title": "Speeltuin De Horst", "revision": first + 1}
    )
    settings = notification_settings(namespace, rabbitmq_url, mongodb_url, smtp.port)
    async with notifications(settings, ManualClock(MONDAY_MORNING)):
        await publish(amqp, topology, as_event(later, "assigned-2"))
        await smtp.inbox.wait_for(1)
        await publish(amqp, topology, moved)  # revision 1, delivered after revision 2
        await asyncio.sleep(0.5)
    assert [str(m["Subject"]) for m in smtp.inbox.messages] == [
        'U werkt aan de case "Speeltuin De Horst"'
    ]
