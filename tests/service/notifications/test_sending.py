"""Mails over real SMTP: recipients, subjects, bodies, headers, invites and attachments."""

from __future__ import annotations

import datetime as dt
import io
import re
from email.message import EmailMessage
from typing import Any

import docx
import icalendar
import pytest
from aio_pika.abc import AbstractRobustConnection

from services.notifications.service_layer.samples import OWNER, sample_event
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
from tests.support.bus import EventSpy
from tests.support.mail import SmtpServer
from tests.support.waiting import wait_until_async

pytestmark = pytest.mark.service


def parts(message: EmailMessage) -> dict[str, EmailMessage]:
    """Leaf parts by content type (the first of each)."""
    found: dict[str, EmailMessage] = {}
    for part in message.walk():
        if not part.is_multipart():
            found.setdefault(part.get_content_type(), part)
    return found


async def test_submission_mails_owner_and_staff(
    namespace: str,
    rabbitmq_url: str,
    mongodb_url: str,
    amqp: AbstractRobustConnection,
    topology: Topology,
    spy: EventSpy,
    smtp: SmtpServer,
) -> None:
    settings = notification_settings(namespace, rabbitmq_url, mongodb_url, smtp.port)
    async with notifications(settings, ManualClock(MONDAY_MORNING)) as http:
        await publish(amqp, topology, sample_event("case.submitted"))
        await smtp.inbox.wait_for(2)
        sent = await spy.wait_for("notification.sent", 2)
        log: dict[str, Any] = {}

        async def both_settled() -> bool:  # notification.sent goes out just before the settle
            log.update((await http.get("/api/cases/case-42/notifications")).json())
            return [n["status"] for n in log["notifications"]] == ["sent", "sent"]

        await wait_until_async(both_settled, timeout=5)
    owner = smtp.inbox.to(OWNER.email)[0]
    staff = smtp.inbox.to(STAFF[0].email)[0]
    assert "Zonneweide Hoge Veld" in str(owner["Subject"])
    assert owner["Message-ID"].endswith("@samenspel.example>")
    assert owner["Date"] and owner["Auto-Submitted"] == "auto-generated"
    assert owner["List-Unsubscribe"] is None  # essential: no opt-out
    bodies = parts(owner)
    assert "Beste Marieke de Vries" in bodies["text/plain"].get_content()
    assert "<" in bodies["text/html"].get_content()
    assert "Zonneweide Hoge Veld" in bodies["text/html"].get_content()
    assert "Zonneweide Hoge Veld" in str(staff["Subject"])
    assert {e["data"]["recipient_role"] for e in sent} == {"owner", "staff"}
    assert [n["status"] for n in log["notifications"]] == ["sent", "sent"]


async def test_session_invite_has_local_time_and_timezone(
    namespace: str,
    rabbitmq_url: str,
    mongodb_url: str,
    amqp: AbstractRobustConnection,
    topology: Topology,
    smtp: SmtpServer,
) -> None:
    settings = notification_settings(namespace, rabbitmq_url, mongodb_url, smtp.port)
    async with notifications(settings, ManualClock(MONDAY_MORNING)):
        await publish(amqp, topology, sample_event("session.scheduled"))
        await smtp.inbox.wait_for(3)
    message = smtp.inbox.to(OWNER.email)[0]
    calendar_part = parts(message)["text/calendar"]
    assert calendar_part.get_param("method") == "REQUEST"
    calendar = icalendar.Calendar.from_ical(calendar_part.get_content())
    assert calendar.get("method") == "REQUEST"
    assert calendar.walk("VTIMEZONE")
    event = calendar.walk("VEVENT")[0]
    starts = event.decoded("dtstart")
    assert starts == dt.datetime(2026, 3, 9, 14, 0, tzinfo=AMS)
    assert starts.astimezone(AMS).hour == 14
    attached = [p.get_filename() for p in message.iter_attachments()]
    assert "uitnodiging.ics" in attached


async def test_draft_arrives_with_docx_and_pdf(
    namespace: str,
    rabbitmq_url: str,
    mongodb_url: str,
    amqp: AbstractRobustConnection,
    topology: Topology,
    smtp: SmtpServer,
) -> None:
    settings = notification_settings(namespace, rabbitmq_url, mongodb_url, smtp.port)
    async with notifications(settings, ManualClock(MONDAY_MORNING)):
        await publish(amqp, topology, sample_event("draft.delivered"))
        await smtp.inbox.wait_for(1)
    message = smtp.inbox.messages[0]
    assert str(message["To"]).endswith(f"<{OWNER.email}>")
    files = {p.get_filename(): p for p in message.iter_attachments()}
    word = files["participatieaanpak-concept-zonneweide.docx"]
    opened = docx.Document(io.BytesIO(word.get_content()))
    assert opened.paragraphs[0].text == "Concept"
    assert files["participatieaanpak-concept-zonneweide.pdf"].get_content().startswith(b"%PDF")
    text = parts(message)["text/plain"].get_content()
    feedback = re.search(r"(\S+/mijn/\S+)/feedback", text)  # the owner's own page's form
    assert feedback is not None and "token=" not in feedback.group(0)
