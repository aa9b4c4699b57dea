"""Exactly one mail per notification: duplicates, a mail server outage, a permanent refusal."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections import Counter
from typing import Any

import pytest
from aio_pika.abc import AbstractRobustConnection
from aiosmtpd.controller import Controller

from services.notifications.adapters.chat import FakeChatSender
from services.notifications.bootstrap import load_routing_table
from services.notifications.domain.model import Channel
from services.notifications.domain.planning import PlanningConfig, plan_notifications
from services.notifications.service_layer.cohort_samples import known_learner
from services.notifications.service_layer.samples import OWNER, SAMPLE_ROUTING_KEYS, sample_event
from shared.clock import ManualClock
from shared.messaging.topology import Topology
from tests.service.notifications.harness import (
    MONDAY_MORNING,
    STAFF,
    notification_settings,
    notifications,
    publish,
)
from tests.support.bus import EventSpy
from tests.support.mail import Inbox, SmtpServer
from tests.support.waiting import wait_until_async
from tools.mongo_standin import free_port

pytestmark = pytest.mark.service
TRAJECTORY = sorted(SAMPLE_ROUTING_KEYS - {"notification.failed"})


def expected_mails(keys: list[str], channel: Channel = Channel.EMAIL) -> int:
    """How many mails (or chat posts) the routing table owes for these sample events."""
    learner = known_learner()  # mailed by the enrolment samples, so the directory knows them
    config = PlanningConfig(
        staff=STAFF, staff_chat_enabled=True, known_people={learner.person_id: learner}
    )
    table = load_routing_table()
    return sum(
        1
        for key in keys
        for planned in plan_notifications(sample_event(key), table, config)
        if planned.channel is channel
    )


async def test_every_event_twice_sends_each_mail_once(
    namespace: str,
    rabbitmq_url: str,
    mongodb_url: str,
    amqp: AbstractRobustConnection,
    topology: Topology,
    smtp: SmtpServer,
) -> None:
    settings = notification_settings(namespace, rabbitmq_url, mongodb_url, smtp.port)
    chat = FakeChatSender()
    expected = expected_mails(TRAJECTORY)
    async with notifications(settings, ManualClock(MONDAY_MORNING), chat=chat):
        for key in TRAJECTORY:
            await publish(amqp, topology, sample_event(key))
        for key in reversed(TRAJECTORY):
            await publish(amqp, topology, sample_event(key))
        await smtp.inbox.wait_for(expected, timeout=30)
        await asyncio.sleep(1.0)  # time for any duplicate to show up
    ids = Counter(str(m["Message-ID"]) for m in smtp.inbox.messages)
    assert len(smtp.inbox.messages) == expected
    assert max(ids.values()) == 1
    assert len(chat.sent) == expected_mails(TRAJECTORY, Channel.CHAT)


async def test_mails_arrive_once_after_the_mail_server_returns(
    namespace: str,
    rabbitmq_url: str,
    mongodb_url: str,
    amqp: AbstractRobustConnection,
    topology: Topology,
) -> None:
    port = free_port()  # nothing listens there until the server "returns"
    # enough attempts that full jitter can never exhaust them within the test's first minute
    settings = notification_settings(
        namespace, rabbitmq_url, mongodb_url, port, retry_max_attempts=20
    )
    clock = ManualClock(MONDAY_MORNING)
    keys = ["case.submitted", "session.scheduled"]
    expected = expected_mails(keys)
    async with notifications(settings, clock) as http:
        for key in keys:
            await publish(amqp, topology, sample_event(key))

        async def all_waiting() -> bool:
            log = (await http.get("/api/cases/case-42/notifications")).json()["notifications"]
            return len(log) == expected and all(n["status"] == "pending" for n in log)

        await wait_until_async(all_waiting, timeout=20)
        clock.advance(dt.timedelta(minutes=1))  # past some first retries, still no server
        await asyncio.sleep(0.5)
        back = SmtpServer(port=port).start()
        try:
            clock.advance(dt.timedelta(hours=2))  # past every backoff
            await back.inbox.wait_for(expected, timeout=20)
            clock.advance(dt.timedelta(hours=2))
            await asyncio.sleep(1.0)
            log = (await http.get("/api/cases/case-42/notifications")).json()["notifications"]
        finally:
            back.stop()
    assert len(back.inbox.messages) == expected
    assert max(Counter(str(m["Message-ID"]) for m in back.inbox.messages).values()) == 1
    assert {n["status"] for n in log} == {"sent"}
    assert all(n["attempts"] >= 2 for n in log)


class RefusingInbox(Inbox):
    """Accepts mail, except to one address, which it refuses for good (550)."""

    def __init__(self, refused: str) -> None:
        super().__init__()
        self.refused = refused

    async def handle_RCPT(  # noqa: N802 - aiosmtpd's hook name
        self, server: Any, session: Any, envelope: Any, address: str, options: Any
    ) -> str:
        """Refuse the one address permanently."""
        if address == self.refused:
            return "550 5.1.1 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"


async def test_permanent_refusal_fails_once_and_alerts_staff(
    namespace: str,
    rabbitmq_url: str,
    mongodb_url: str,
    amqp: AbstractRobustConnection,
    topology: Topology,
    spy: EventSpy,
) -> None:
    inbox = RefusingInbox(OWNER.email)
    server = SmtpServer()
    server.inbox = inbox
    server._controller = Controller(inbox, hostname="127.0.0.1", port=server.port)
    server.start()
    settings = notification_settings(namespace, rabbitmq_url, mongodb_url, server.port)
    try:
        async with notifications(settings, ManualClock(MONDAY_MORNING)) as http:
            await publish(amqp, topology, sample_event("case.accepted"))
            failed = await spy.wait_for("notification.failed", 1)
            await inbox.wait_for(1)
            await spy.wait_for("notification.sent", 1)  # published just before its settle
            log: list[dict[str, Any]] = []

            async def alert_settled() -> bool:
                log[:] = (await http.get("/api/cases/case-42/notifications")).json()[
                    "notifications"
                ]
                return any(n["status"] == "sent" for n in log)

            await wait_until_async(alert_settled, timeout=5)
    finally:
        server.stop()
    assert failed[0]["data"]["permanent"] is True
    assert failed[0]["data"]["attempts"] == 1
    alert = inbox.to(STAFF[0].email)[0]
    assert "Bericht niet bezorgd" in str(alert["Subject"])
    statuses = {n["template"]: n["status"] for n in log}
    assert statuses["case_accepted_owner"] == "failed"
    assert statuses["notification_failed_staff"] == "sent"
