"""The SMTP sender against a real SMTP server over TCP (aiosmtpd, in-process)."""

import asyncio
import datetime as dt
import email
import email.policy
import io
import socket
from collections.abc import Iterator
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import docx
import icalendar
import pytest
from aiosmtpd.controller import Controller

from services.notifications.adapters.email_message import Attachment, Sender, build_email
from services.notifications.adapters.smtp import SendFailed, SmtpMailSender, SmtpSettings
from services.notifications.adapters.templates import JinjaRenderer
from services.notifications.domain.planning import PlanningConfig, plan_notifications
from services.notifications.domain.routing import parse_routing_table
from services.notifications.domain.wording import describe
from services.notifications.service_layer.samples import sample_event

pytestmark = pytest.mark.service

TABLE = parse_routing_table(Path("services/notifications/routing.toml").read_text())
SENDER = Sender(name="Programmabureau Samenspel", address="noreply@samenspel.example")
NOW = dt.datetime(2026, 3, 2, 8, 0, tzinfo=dt.UTC)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Catcher:
    """Accepts every mail, or answers RCPT with a fixed status."""

    def __init__(self, rcpt_status: str | None = None) -> None:
        self.rcpt_status = rcpt_status
        self.envelopes: list[Any] = []

    async def handle_RCPT(  # noqa: N802 - aiosmtpd hook name
        self, server: Any, session: Any, envelope: Any, address: str, rcpt_options: Any
    ) -> str:
        if self.rcpt_status:
            return self.rcpt_status
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802 - aiosmtpd hook name
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"


def _serve(handler: Catcher) -> Iterator[SmtpSettings]:
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port, enable_SMTPUTF8=True)
    controller.start()
    try:
        yield SmtpSettings(host="127.0.0.1", port=port, timeout_seconds=5)
    finally:
        controller.stop()


@pytest.fixture
def catcher() -> Catcher:
    return Catcher()


@pytest.fixture
def smtp(catcher: Catcher) -> Iterator[SmtpSettings]:
    yield from _serve(catcher)


def _mail_for(routing_key: str, role: str, **kwargs: Any) -> tuple[EmailMessage, Any]:
    event = sample_event(routing_key)
    planned = plan_notifications(event, TABLE, PlanningConfig())
    notification = next(p for p in planned if p.recipient.role == role)
    context = {
        "event": event,
        "data": event.data,
        "about": describe(event.data),
        "offer": [],
        "recipient": notification.recipient,
        "links": {},
        "sender_name": SENDER.name,
    }
    rendered = JinjaRenderer().render(notification.template, context)
    message = build_email(notification, rendered, sender=SENDER, now=NOW, **kwargs)
    return message, notification


def _received(catcher: Catcher) -> EmailMessage:
    (envelope,) = catcher.envelopes
    parsed = email.message_from_bytes(envelope.content, policy=email.policy.default)
    assert isinstance(parsed, EmailMessage)
    return parsed


async def test_the_receipt_arrives_with_headers_and_both_bodies(
    smtp: SmtpSettings, catcher: Catcher
) -> None:
    message, notification = _mail_for("case.submitted", "owner")
    await SmtpMailSender(smtp).send(message)
    (envelope,) = catcher.envelopes
    assert envelope.rcpt_tos == ["m.devries@example.org"]
    assert envelope.mail_from == "noreply@samenspel.example"
    mail = _received(catcher)
    assert mail["Subject"] == 'Ontvangstbevestiging: uw aanmelding "Zonneweide Hoge Veld"'
    assert mail["To"] == "Marieke de Vries <m.devries@example.org>"
    assert mail["Message-ID"] == f"<{notification.key[:40]}@samenspel.example>"
    assert mail["Date"] == "Mon, 02 Mar 2026 08:00:00 +0000"
    assert mail["List-Unsubscribe"] is None  # a receipt is essential
    text = mail.get_body(("plain",))
    html = mail.get_body(("html",))
    assert text is not None and html is not None
    assert "maandag 2 maart 2026 om 09:15" in text.get_content()
    assert "<strong>Zonneweide Hoge Veld</strong>" in html.get_content()


async def test_an_invite_carries_a_parsable_calendar_request_in_local_time(
    smtp: SmtpSettings, catcher: Catcher
) -> None:
    event = sample_event("session.scheduled")
    ics = event.data.session.ics  # type: ignore[attr-defined]
    message, _ = _mail_for("session.scheduled", "owner", calendar_ics=ics)
    await SmtpMailSender(smtp).send(message)
    mail = _received(catcher)
    calendar_parts = [p for p in mail.walk() if p.get_content_type() == "text/calendar"]
    assert len(calendar_parts) == 1
    assert calendar_parts[0].get_param("method") == "REQUEST"
    calendar = icalendar.Calendar.from_ical(calendar_parts[0].get_content())
    assert calendar["METHOD"] == "REQUEST"
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Amsterdam"]
    (vevent,) = calendar.walk("VEVENT")
    start = vevent.decoded("DTSTART")
    assert (start.hour, start.minute, str(start.tzinfo)) == (14, 0, "Europe/Amsterdam")
    assert start.astimezone(dt.UTC).hour == 13


async def test_a_reminder_offers_one_click_unsubscribe(
    smtp: SmtpSettings, catcher: Catcher
) -> None:
    token = (
        "W1sic2FubmUuamFuc2VuQGV4YW1wbGUub3JnIiwicmVtaW5kZXIiXSxudWxsXQ.54jU9jtT89YiKhLulOZC3Zpzu6M"
    )
    url = f"https://meldingen.samenspel.example/afmelden/{token}"  # as long as a real one
    message, _ = _mail_for("session.reminder_due", "participant", unsubscribe_url=url)
    await SmtpMailSender(smtp).send(message)
    mail = _received(catcher)
    assert mail["List-Unsubscribe"] == f"<{url}>"
    assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    # on the wire as one line, as mail clients read it: no encoded word, no fold (RFC 2369)
    (envelope,) = catcher.envelopes
    assert f"\r\nList-Unsubscribe: <{url}>\r\n".encode() in envelope.original_content


async def test_the_draft_arrives_as_a_docx_that_opens(smtp: SmtpSettings, catcher: Catcher) -> None:
    document = docx.Document()
    document.add_heading("Concept participatieaanpak", level=1)
    document.add_paragraph("Met wie, waarover en hoe.")
    buffer = io.BytesIO()
    document.save(buffer)
    docx_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    attachments = [
        Attachment(filename="concept.docx", content_type=docx_type, content=buffer.getvalue()),
        Attachment(filename="concept.pdf", content_type="application/pdf", content=b"%PDF-1.7\n"),
    ]
    message, _ = _mail_for("draft.delivered", "owner", attachments=attachments)
    await SmtpMailSender(smtp).send(message)
    mail = _received(catcher)
    files = {part.get_filename(): part for part in mail.iter_attachments()}
    assert set(files) == {"concept.docx", "concept.pdf"}
    opened = docx.Document(io.BytesIO(files["concept.docx"].get_content()))
    assert opened.paragraphs[0].text == "Concept participatieaanpak"
    assert files["concept.pdf"].get_content_type() == "application/pdf"


@pytest.mark.parametrize(
    ("status", "permanent"),
    [("550 5.1.1 Mailbox unavailable", True), ("451 4.3.0 Try again later", False)],
)
async def test_a_refusal_is_classified_by_its_status_class(status: str, permanent: bool) -> None:
    for settings in _serve(Catcher(rcpt_status=status)):
        message, _ = _mail_for("case.submitted", "owner")
        with pytest.raises(SendFailed) as failure:
            await SmtpMailSender(settings).send(message)
        assert failure.value.permanent is permanent
        assert failure.value.code == int(status[:3])


async def test_a_server_that_is_down_is_a_transient_failure() -> None:
    settings = SmtpSettings(host="127.0.0.1", port=free_port(), timeout_seconds=2)
    message, _ = _mail_for("case.submitted", "owner")
    with pytest.raises(SendFailed) as failure:
        await asyncio.wait_for(SmtpMailSender(settings).send(message), timeout=5)
    assert failure.value.permanent is False


async def test_refused_credentials_pause_sending_instead_of_failing_the_mail() -> None:
    for settings in _serve(Catcher(rcpt_status="535 5.7.8 Authentication credentials invalid")):
        message, _ = _mail_for("case.submitted", "owner")
        with pytest.raises(SendFailed) as failure:
            await SmtpMailSender(settings).send(message)
        assert failure.value.server_wide and not failure.value.permanent
        assert failure.value.code == 535


async def test_an_unreachable_server_is_about_every_mail() -> None:
    settings = SmtpSettings(host="127.0.0.1", port=free_port(), timeout_seconds=2)
    message, _ = _mail_for("case.submitted", "owner")
    with pytest.raises(SendFailed) as failure:
        await asyncio.wait_for(SmtpMailSender(settings).send(message), timeout=5)
    assert failure.value.server_wide


def _to(role: str, name: str, address: str) -> EmailMessage:
    _, notification = _mail_for("case.submitted", role)
    recipient = notification.recipient.model_copy(update={"name": name, "address": address})
    notification = notification.model_copy(update={"recipient": recipient})
    rendered = JinjaRenderer().render(
        notification.template,
        {"event": sample_event("case.submitted"), "data": sample_event("case.submitted").data,
         "recipient": recipient, "links": {}, "sender_name": SENDER.name},
    )  # fmt: skip
    return build_email(notification, rendered, sender=SENDER, now=NOW)


async def test_a_display_name_with_commas_and_brackets_yields_one_recipient(
    smtp: SmtpSettings, catcher: Catcher
) -> None:
    spoof = "Jansen, Piet <evil@attacker.example>, " + "Aaaaaaaaaaaa " * 8
    await SmtpMailSender(smtp).send(_to("owner", spoof, "owner@example.nl"))
    (envelope,) = catcher.envelopes
    assert envelope.rcpt_tos == ["owner@example.nl"]
    mail = _received(catcher)
    assert [a.addr_spec for a in mail["To"].addresses] == ["owner@example.nl"]
    assert mail["To"].addresses[0].display_name.startswith("Jansen Piet evil attacker.example")


@pytest.mark.parametrize(
    ("address", "delivered_to"),
    [
        ("jurgen@bücher.example", "jurgen@xn--bcher-kva.example"),
        ("jürgen@example.de", "jürgen@example.de"),
    ],
)
async def test_an_internationalised_address_is_delivered(
    smtp: SmtpSettings, catcher: Catcher, address: str, delivered_to: str
) -> None:
    await SmtpMailSender(smtp).send(_to("owner", "Jürgen Müller", address))
    (envelope,) = catcher.envelopes
    assert envelope.rcpt_tos == [delivered_to]
    text = envelope.content.decode("utf-8")  # SMTPUTF8 mail carries raw UTF-8 headers
    mail = email.message_from_string(text, policy=email.policy.default)
    assert mail["To"].addresses[0].display_name == "Jürgen Müller"
