"""Wrong mail credentials pause sending with one staff alert instead of failing every mail; a
FAILED notification resent by an operator arrives once."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from aio_pika.abc import AbstractRobustConnection
from aiosmtpd.controller import Controller

from services.notifications.adapters.chat import FakeChatSender
from services.notifications.service_layer.samples import OWNER, sample_event
from shared.clock import ManualClock
from shared.messaging.topology import Topology
from tests.service.notifications.harness import (
    MONDAY_MORNING,
    TOKEN,
    notification_settings,
    notifications,
    publish,
)
from tests.service.notifications.test_exactly_once import RefusingInbox, expected_mails
from tests.support.bus import EventSpy
from tests.support.mail import Inbox, SmtpServer
from tests.support.waiting import wait_until_async
from tools.cli.app import main as cli

pytestmark = pytest.mark.service


class LockedInbox(Inbox):
    """A mail server that refuses our credentials (535) until they are fixed."""

    def __init__(self) -> None:
        super().__init__()
        self.locked = True
        self.refusals = 0

    async def handle_MAIL(  # noqa: N802 - aiosmtpd's hook name
        self, server: Any, session: Any, envelope: Any, address: str, options: Any
    ) -> str:
        """Refuse every sender while locked, as a server does after a failed login."""
        if self.locked:
            self.refusals += 1
            return "535 5.7.8 Authentication credentials invalid"
        envelope.mail_from = address
        return "250 OK"


def _serve(inbox: Inbox) -> SmtpServer:
    server = SmtpServer()
    server.inbox = inbox
    server._controller = Controller(inbox, hostname="127.0.0.1", port=server.port)
    return server.start()


def _alerts(chat: FakeChatSender) -> list[str]:
    return [m.title for m in chat.sent if "mailserver" in m.title.lower()]


async def test_a_535_pauses_sending_raises_one_alert_by_chat_and_mail_flows_once_fixed(
    namespace: str,
    rabbitmq_url: str,
    mongodb_url: str,
    amqp: AbstractRobustConnection,
    topology: Topology,
    spy: EventSpy,
) -> None:
    inbox, chat = LockedInbox(), FakeChatSender()
    server = _serve(inbox)
    settings = notification_settings(
        namespace, rabbitmq_url, mongodb_url, server.port, retry_base_seconds=60
    )
    clock = ManualClock(MONDAY_MORNING)
    keys = ["case.submitted", "session.scheduled", "case.accepted"]
    expected = expected_mails(keys)
    try:
        async with notifications(settings, clock, chat=chat) as http:
            for key in keys:
                await publish(amqp, topology, sample_event(key))

            async def all_waiting() -> bool:
                log = (await http.get("/api/cases/case-42/notifications")).json()
                mails = [n for n in log["notifications"] if n["channel"] == "email"]
                return len(mails) == expected and all(n["status"] == "pending" for n in mails)

            await wait_until_async(all_waiting, timeout=20)
            first_refusals = inbox.refusals
            for _ in range(6):  # six probe rounds, the longest 32 minutes apart
                clock.advance(dt.timedelta(minutes=40))
                await asyncio.sleep(0.4)
            probes = inbox.refusals - first_refusals
            assert _alerts(chat) == ["Mailserver weigert berichten"], "one alert, by chat"
            assert spy.events("notification.failed") == [], "no mail failed for good"
            assert probes <= 8, f"paused: {probes} tries in 4 hours, not one per mail per retry"
            inbox.locked = False  # the operator fixed the credentials
            clock.advance(dt.timedelta(hours=1))
            await inbox.wait_for(expected, timeout=20)
            await asyncio.sleep(1.0)
            log = (await http.get("/api/cases/case-42/notifications")).json()["notifications"]
    finally:
        server.stop()
    assert len(inbox.messages) == expected
    assert max(Counter(str(m["Message-ID"]) for m in inbox.messages).values()) == 1
    assert {n["status"] for n in log if n["channel"] == "email"} == {"sent"}
    assert len(_alerts(chat)) == 1


async def test_a_failed_notification_resent_from_the_cli_arrives_once(
    namespace: str,
    rabbitmq_url: str,
    mongodb_url: str,
    amqp: AbstractRobustConnection,
    topology: Topology,
    spy: EventSpy,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    inbox = RefusingInbox(OWNER.email)  # the owner's mailbox refused: the mail fails for good
    server = _serve(inbox)
    settings = notification_settings(namespace, rabbitmq_url, mongodb_url, server.port)
    for name, value in (
        ("SAMENSPEL_NAMESPACE", namespace),
        ("RABBITMQ_URL", rabbitmq_url),
        ("MONGODB_URL", mongodb_url),
    ):
        monkeypatch.setenv(name, value)
    offset = tmp_path / "clock-offset"  # the operator's clock reads the service's time
    offset.write_text(str((MONDAY_MORNING - dt.datetime.now(dt.UTC)).total_seconds()))
    monkeypatch.setenv("CLOCK_OFFSET_FILE", str(offset))
    clock = ManualClock(MONDAY_MORNING)
    try:
        async with notifications(settings, clock) as http:
            await publish(amqp, topology, sample_event("case.accepted"))
            await spy.wait_for("notification.failed", 1)
            await spy.wait_for("notification.sent", 1)  # the staff alert about it
            inbox.refused = ""  # the owner's mailbox works again
            assert await asyncio.to_thread(cli, ["notifications", "failed"]) == 1
            assert await asyncio.to_thread(cli, ["notifications", "resend", "--all"]) == 0
            clock.advance(dt.timedelta(minutes=1))
            await wait_until_async(lambda: _has_mail_to(inbox, OWNER.email), timeout=20)
            assert await asyncio.to_thread(cli, ["notifications", "resend", "--all"]) == 1
            await asyncio.sleep(1.0)
            log = (await http.get("/api/cases/case-42/notifications")).json()["notifications"]
    finally:
        server.stop()
    assert len(inbox.to(OWNER.email)) == 1, "arrives once"
    statuses = {n["template"]: n["status"] for n in log}
    assert statuses["case_accepted_owner"] == "sent"
    assert await asyncio.to_thread(cli, ["notifications", "failed"]) == 0


async def _has_mail_to(inbox: Inbox, address: str) -> bool:
    return bool(inbox.to(address))


async def test_staff_resend_a_failed_notification_over_the_api_once(
    namespace: str,
    rabbitmq_url: str,
    mongodb_url: str,
    amqp: AbstractRobustConnection,
    topology: Topology,
    spy: EventSpy,
) -> None:
    inbox = RefusingInbox(OWNER.email)
    server = _serve(inbox)
    tokens = {
        TOKEN: {"name": "Programmabureau", "role": "reader"},
        "decider-token-0123456789": {"name": "Anna", "role": "decider"},
    }
    settings = notification_settings(
        namespace, rabbitmq_url, mongodb_url, server.port, staff_tokens=json.dumps(tokens)
    )
    clock = ManualClock(MONDAY_MORNING)
    decider = {"Authorization": "Bearer decider-token-0123456789"}
    try:
        async with notifications(settings, clock) as http:
            await publish(amqp, topology, sample_event("case.accepted"))
            failed = await spy.wait_for("notification.failed", 1)
            key = failed[0]["data"]["notification_id"]
            inbox.refused = ""
            path = f"/api/notifications/{key}/resend"
            assert (await http.post(path)).status_code == 403, "a reader may not resend"
            first = await http.post(path, headers=decider)
            assert first.status_code == 200, first.text
            again = await http.post(path, headers=decider)
            assert again.status_code == 409, "pending or sent: nothing to resend"
            unknown = await http.post("/api/notifications/onbekend/resend", headers=decider)
            assert unknown.status_code == 404
            clock.advance(dt.timedelta(minutes=1))
            await wait_until_async(lambda: _has_mail_to(inbox, OWNER.email), timeout=20)
            await asyncio.sleep(1.0)
    finally:
        server.stop()
    assert len(inbox.to(OWNER.email)) == 1
