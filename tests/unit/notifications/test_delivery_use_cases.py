"""The Deliverer on the in-memory twin when something other than the mail server goes wrong: a
template or channel bug fails the mail for staff at once, and a reminder whose retry comes after
its session began is dropped, never sent late."""

from __future__ import annotations

import datetime as dt
from email.message import EmailMessage
from zoneinfo import ZoneInfo

import pytest

from services.notifications.adapters.smtp import SendFailed
from services.notifications.domain.notification import Status
from services.notifications.service_layer import delivering
from services.notifications.service_layer.samples import sample_event
from shared.clock import ManualClock
from shared.contracts.base import EventData
from shared.contracts.envelope import CloudEvent
from tests.support.twins import everything_owed
from tests.unit.notifications.twin import Notifications, notifications_on_twin

pytestmark = pytest.mark.unit

AMS = ZoneInfo("Europe/Amsterdam")
MONDAY_MORNING = dt.datetime(2026, 3, 2, 10, 0, tzinfo=AMS)
SESSION_STARTS = dt.datetime(2026, 3, 9, 14, 0, tzinfo=AMS)  # the sample reminder's session


async def _statuses(service: Notifications, event: CloudEvent[EventData]) -> list[Status]:
    return sorted(n.status for n in await service.notifications.for_case(str(event.subject)))


async def test_a_template_bug_fails_the_mail_at_once_and_tells_staff(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    service = notifications_on_twin(ManualClock(MONDAY_MORNING))

    async def broken(*_args: object) -> object:
        raise KeyError("owner_name")

    monkeypatch.setattr(delivering, "compose", broken)
    await service.deliver(sample_event("case.submitted"))
    failed = await service.notifications.find({"status": "failed"}, limit=10)
    assert failed and all("cannot compose: KeyError" in f.state.last_error for f in failed)
    assert all(f.state.attempts == 1 for f in failed), "a bug is not retried"
    assert "notification.failed" in await everything_owed(service.notifications)
    assert service.mail.sent == []


async def test_a_bug_in_the_mail_channel_fails_the_mail_instead_of_retrying_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    service = notifications_on_twin(ManualClock(MONDAY_MORNING))

    async def broken(_message: EmailMessage) -> None:
        raise AttributeError("no such header")

    monkeypatch.setattr(service.mail, "send", broken)
    await service.deliver(sample_event("case.accepted"))
    [failed] = await service.notifications.find({"status": "failed"}, limit=10)
    assert "AttributeError" in failed.state.last_error
    service.clock.advance(dt.timedelta(hours=2))
    assert await service.fire_due_timers() == 0, "nothing armed to try again"


async def test_a_reminder_claimed_after_its_session_began_is_dropped_not_sent() -> None:
    service = notifications_on_twin(ManualClock(SESSION_STARTS - dt.timedelta(hours=1)))
    service.mail.failures.append(SendFailed("421 try again later", permanent=False))
    reminder = sample_event("session.reminder_due")
    await service.deliver(reminder)
    assert len(service.mail.sent) == 2  # one of the three waits for its retry
    service.clock.set(SESSION_STARTS + dt.timedelta(minutes=1))
    await service.fire_due_timers()
    assert len(service.mail.sent) == 2
    assert await _statuses(service, reminder) == [Status.DROPPED, Status.SENT, Status.SENT]
