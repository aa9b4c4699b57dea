"""A notification always keeps a timer that will look at it again, whatever the clock does."""

from __future__ import annotations

import asyncio
import datetime as dt
from typing import Any

import pytest
from fastapi import FastAPI

from services.notifications.adapters.repositories import NotificationRepository
from services.notifications.bootstrap import build_app, load_routing_table
from services.notifications.domain.model import PlannedNotification
from services.notifications.domain.notification import Status, claim, record
from services.notifications.domain.planning import PlanningConfig, plan_notifications
from services.notifications.service_layer.delivering import NOTIFICATION_TIMER, timer_key
from services.notifications.service_layer.recording import event_json
from services.notifications.service_layer.samples import sample_event
from shared.clock import ManualClock
from shared.contracts.envelope import CloudEvent
from shared.persistence.repository import Change
from shared.persistence.timers import PENDING, Timer, TimerRepository
from tests.service.notifications.harness import (
    MONDAY_MORNING,
    STAFF,
    notification_settings,
    sample_documents,
)
from tests.support.mail import SmtpServer
from tests.support.services import running

pytestmark = pytest.mark.service
HOUR = dt.timedelta(hours=1)


def _receipt_app(
    namespace: str, rabbitmq_url: str, mongodb_url: str, smtp: SmtpServer
) -> tuple[FastAPI, CloudEvent[Any], PlannedNotification]:
    """Notifications on a clock stopped at Monday morning, and the owner's receipt it would plan."""
    settings = notification_settings(namespace, rabbitmq_url, mongodb_url, smtp.port)
    app = build_app(settings, ManualClock(MONDAY_MORNING), fetcher=sample_documents())
    event = sample_event("case.submitted")
    planned = plan_notifications(
        event, load_routing_table(), PlanningConfig(staff=STAFF, staff_chat_enabled=False)
    )[0]
    return app, event, planned


async def test_a_timer_re_armed_under_its_own_key_while_it_fires_stays_armed(
    namespace: str, rabbitmq_url: str, mongodb_url: str, smtp: SmtpServer
) -> None:
    """The timer fires before the lease it waits for ends (a clock stepped back): the attempt
    finds the notification busy until exactly this timer's time and re-arms this same key."""
    app, event, planned = _receipt_app(namespace, rabbitmq_url, mongodb_url, smtp)
    now = MONDAY_MORNING
    fresh = record(planned, event_json(event), now, release_at=now, allowed=True)
    sending = claim(fresh, now, dt.timedelta(seconds=30))
    assert sending is not None and sending.times.lease_until is not None
    lease_until = sending.times.lease_until
    key = timer_key(planned.key)
    async with running(app):
        database = app.state.runtime.database
        timers = TimerRepository(database)
        await NotificationRepository(database).insert(planned.key, Change(sending))
        timer = Timer(kind=NOTIFICATION_TIMER, due_at=lease_until, payload={"key": planned.key})
        await timers.schedule(key, timer)
        firing = await timers.get(key)
        assert firing is not None
        await app.state.on_due(firing)
        after = await timers.get(key)
    assert sending.status is Status.SENDING
    assert after is not None and after.state.status == PENDING, "the only wake-up was retired"


async def test_two_replicas_handed_the_same_due_timer_attempt_once_and_arm_nothing_more(
    namespace: str, rabbitmq_url: str, mongodb_url: str, smtp: SmtpServer
) -> None:
    app, event, planned = _receipt_app(namespace, rabbitmq_url, mongodb_url, smtp)
    now = MONDAY_MORNING
    waiting = record(planned, event_json(event), now, release_at=now, allowed=True)
    key = timer_key(planned.key)
    async with running(app):
        database = app.state.runtime.database
        timers = TimerRepository(database)
        await NotificationRepository(database).insert(planned.key, Change(waiting))
        await timers.schedule(
            key, Timer(kind=NOTIFICATION_TIMER, due_at=now, payload={"key": planned.key})
        )
        due = await timers.get(key)
        assert due is not None
        await asyncio.gather(app.state.on_due(due), app.state.on_due(due))  # both replicas
        await smtp.inbox.wait_for(1)
        await asyncio.sleep(0.5)  # a second mail would arrive now
        armed = await timers.find({"status": PENDING, "due_at": {"$lte": now + HOUR}})
    assert len(smtp.inbox.messages) == 1
    assert [stored.state.kind for stored in armed] == [], "no extra timer for the lost race"
