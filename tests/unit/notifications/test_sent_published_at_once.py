"""`notification.sent` goes on the bus right after the mail server accepted the mail, before the
settle, so the settle owes nothing (no relay clear); when the broker is away the settle's outbox
has it, under the same id a second attempt after a crash would use."""

from __future__ import annotations

import datetime as dt
import json
from zoneinfo import ZoneInfo

import pytest

from services.notifications.domain.notification import Status
from services.notifications.service_layer.delivering import sent_event_id
from services.notifications.service_layer.samples import sample_event
from shared.clock import ManualClock
from tests.support.twins import everything_owed
from tests.unit.notifications.twin import notifications_on_twin

pytestmark = pytest.mark.unit

MONDAY_MORNING = dt.datetime(2026, 3, 2, 10, 0, tzinfo=ZoneInfo("Europe/Amsterdam"))


class FakePublisher:
    """The bus: what was published, or a broker that is away."""

    def __init__(self, away: bool = False) -> None:
        self.away = away
        self.published: list[tuple[str, str, dict[str, object]]] = []

    async def publish(
        self, body: bytes, *, routing_key: str, message_id: str, subject: str | None
    ) -> None:
        if self.away:
            raise ConnectionError("broker away")
        self.published.append((routing_key, message_id, json.loads(body)))


async def test_a_sent_mail_is_told_on_the_bus_at_once_and_its_settle_owes_nothing() -> None:
    service = notifications_on_twin(ManualClock(MONDAY_MORNING))
    service.deps.publisher = bus = FakePublisher()
    event = sample_event("case.submitted")
    await service.deliver(event)
    sent = await service.notifications.find({"status": "sent"}, limit=10)
    assert len(sent) == 3 and len(bus.published) == 3  # two mails and a chat post
    assert {(key, mid) for key, mid, _ in bus.published} == {
        ("notification.sent", sent_event_id(s.id)) for s in sent
    }
    assert all(body["id"] == mid for _, mid, body in bus.published)
    assert await everything_owed(service.notifications) == []


async def test_with_the_broker_away_the_settle_owes_it_under_the_same_id() -> None:
    service = notifications_on_twin(ManualClock(MONDAY_MORNING))
    service.deps.publisher = FakePublisher(away=True)
    await service.deliver(sample_event("case.submitted"))
    sent = await service.notifications.find({"status": "sent"}, limit=10)
    assert sent and all(s.state.status is Status.SENT for s in sent)
    owed = [(e["routing_key"], e["id"]) for s in sent for e in s.outbox]
    assert owed == [("notification.sent", sent_event_id(s.id)) for s in sent]


def test_one_notification_has_one_sent_id_and_two_have_two() -> None:
    assert sent_event_id("key-a") == sent_event_id("key-a")
    assert sent_event_id("key-a") != sent_event_id("key-b")
