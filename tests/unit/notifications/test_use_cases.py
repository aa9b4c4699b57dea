"""Notifications' use cases on the in-memory twin: who gets which mail, once."""

from __future__ import annotations

import asyncio
import datetime as dt
from email.message import EmailMessage
from zoneinfo import ZoneInfo

import pytest

from services.notifications.adapters.repositories import RecipientPreferences
from services.notifications.adapters.smtp import SendFailed
from services.notifications.domain.notification import Status
from services.notifications.domain.planning import StaffMember
from services.notifications.service_layer import composing, delivering
from services.notifications.service_layer.digests import DIGEST_TIMER, ensure_digest_scheduled
from services.notifications.service_layer.resending import resend_failed
from services.notifications.service_layer.samples import sample_event
from shared.clock import ManualClock
from shared.contracts.base import EventData
from shared.contracts.envelope import CloudEvent
from shared.persistence.repository import Change
from tests.support.twins import everything_owed, hand_to, published_by
from tests.unit.documents.twin import accepted_case, documents_on_twin, published
from tests.unit.notifications.twin import Notifications, notifications_on_twin

pytestmark = pytest.mark.unit

AMS = ZoneInfo("Europe/Amsterdam")
MONDAY_MORNING = dt.datetime(2026, 3, 2, 10, 0, tzinfo=AMS)
STAFF_ADDRESS = "pieter@programmabureau.example"


@pytest.fixture
def service() -> Notifications:
    return notifications_on_twin(ManualClock(MONDAY_MORNING))


def _event(key: str, event_id: str | None = None) -> CloudEvent[EventData]:
    event = sample_event(key)
    return event if event_id is None else event.model_copy(update={"id": event_id})


def _to(service: Notifications, address: str) -> list[str]:
    return [str(m["Subject"]) for m in service.mail.sent if address in str(m["To"])]


def _owner(event: CloudEvent[EventData]) -> str:
    return str(getattr(event.data, "owner").email)  # noqa: B009 - typed as EventData


async def test_a_submitted_case_mails_the_owner_a_receipt_and_staff_an_alert(
    service: Notifications,
) -> None:
    event = _event("case.submitted")
    await service.deliver(event)
    assert len(_to(service, _owner(event))) == 1
    assert len(_to(service, STAFF_ADDRESS)) == 1
    assert len(service.chat.sent) == 1
    assert (await everything_owed(service.notifications)).count("notification.sent") == 3


async def test_a_redelivered_case_submitted_mails_nobody_twice(service: Notifications) -> None:
    event = _event("case.submitted")
    await service.deliver(event)
    await service.deliver(event)
    await asyncio.gather(service.deliver(event), service.deliver(event))
    assert len(_to(service, _owner(event))) == 1 and len(_to(service, STAFF_ADDRESS)) == 1


async def test_a_mail_server_hiccup_is_retried_by_timer_and_then_sent_once(
    service: Notifications,
) -> None:
    event = _event("case.submitted")
    service.mail.failures.append(SendFailed("421 try again later", permanent=False))
    await service.deliver(event)
    sent_at_once = len(service.mail.sent)
    assert sent_at_once == 1  # one of the two mails failed
    service.clock.advance(dt.timedelta(minutes=5))
    assert await service.fire_due_timers() >= 1
    assert len(service.mail.sent) == 2
    service.clock.advance(dt.timedelta(hours=1))
    await service.fire_due_timers()
    assert len(service.mail.sent) == 2


async def test_a_refused_address_fails_the_notification_and_says_so(service: Notifications) -> None:
    event = _event("case.submitted")
    service.mail.failures.append(SendFailed("550 no such user", permanent=True, code=550))
    await service.deliver(event)
    failed = await service.notifications.find({"status": "failed"}, sort=[("times.created_at", 1)])
    assert len(failed) == 1 and "550" in failed[0].state.last_error
    assert "notification.failed" in await everything_owed(service.notifications)


async def test_a_non_urgent_mail_to_an_owner_at_night_waits_for_the_morning() -> None:
    late = dt.datetime(2026, 3, 2, 23, 0, tzinfo=AMS)
    service = notifications_on_twin(ManualClock(late))
    event = _event("case.accepted")
    await service.deliver(event)
    assert _to(service, _owner(event)) == []
    service.clock.set(dt.datetime(2026, 3, 3, 7, 31, tzinfo=AMS))
    await service.fire_due_timers()
    assert len(_to(service, _owner(event))) == 1


async def test_an_address_that_opted_out_of_reminders_gets_none(service: Notifications) -> None:
    event = _event("session.reminder_due")
    attendees = getattr(event.data, "session").attendees  # noqa: B009 - typed as EventData
    chosen, others = str(attendees[0].email), [str(a.email) for a in attendees[1:]]
    choice = RecipientPreferences(address=chosen, opted_out=["reminder"])
    await service.preferences.apply(chosen, lambda _current: Change(choice))
    await service.deliver(event)
    assert _to(service, chosen) == []
    assert all(len(_to(service, address)) == 1 for address in others)
    suppressed = await service.notifications.find({"case_id": event.subject}, limit=100)
    assert "suppressed" in {stored.state.status.value for stored in suppressed}


async def test_a_mail_server_that_is_down_pauses_sending_alerts_staff_once_and_resumes(
    service: Notifications,
) -> None:
    down = SendFailed("cannot reach the mail server", permanent=False, server_wide=True)
    service.mail.failures.extend([down, down])
    await service.deliver(_event("case.submitted"))
    alerts = [m for m in service.chat.sent if "mail" in str(m).lower()]
    assert service.mail.sent == [] and len(alerts) == 1
    for _ in range(6):  # the server is back: the probe goes through, the rest follow
        service.clock.advance(dt.timedelta(minutes=10))
        await service.fire_due_timers()
    assert len(service.mail.sent) == 2
    assert len([m for m in service.chat.sent if "mail" in str(m).lower()]) == 1


async def test_staff_resend_a_failed_mail_and_it_goes_out_once(service: Notifications) -> None:
    service.mail.failures.append(SendFailed("550 mailbox full", permanent=True, code=550))
    await service.deliver(_event("case.submitted"))
    [failed] = await service.notifications.failed()
    resent = await resend_failed(None, service.clock.now(), service.notifications, service.timers)
    assert resent == [failed.id]
    service.clock.advance(dt.timedelta(minutes=1))
    await service.fire_due_timers()
    assert len(service.mail.sent) == 2
    again = await resend_failed(None, service.clock.now(), service.notifications, service.timers)
    assert again == []


async def test_staff_who_chose_the_digest_get_one_mail_a_morning_listing_new_cases() -> None:
    reader = StaffMember(name="Pieter van Dam", email=STAFF_ADDRESS, digest=True)
    service = notifications_on_twin(ManualClock(MONDAY_MORNING), staff=[reader])
    event = _event("case.submitted")
    await service.deliver(event)
    assert _to(service, STAFF_ADDRESS) == []  # no single alert: it waits for the digest
    await ensure_digest_scheduled(None, service.deps)
    service.clock.set(dt.datetime(2026, 3, 3, 8, 1, tzinfo=AMS))
    await service.fire_due_timers()
    await service.fire_due_timers()
    [digest] = _to(service, STAFF_ADDRESS)
    assert digest
    await ensure_digest_scheduled(None, service.deps)  # asked again: still one timer for tomorrow
    tomorrow = await service.timers.due(dt.datetime(2026, 3, 4, 8, 1, tzinfo=AMS))
    assert (
        len([t for t in tomorrow if t.state.kind == DIGEST_TIMER and t.state.status == "pending"])
        == 1
    )


async def test_the_acceptance_mail_waits_for_documents_letter_and_carries_it_as_pdf() -> None:
    service = notifications_on_twin(
        ManualClock(MONDAY_MORNING), document_wait=dt.timedelta(minutes=10)
    )
    documents = documents_on_twin(service.clock)
    decision = published(accepted_case(), "/samenspel/intake", "c1", service.clock.now())
    await service.deliver(decision)
    owner = str(accepted_case().owner.email)
    assert _to(service, owner) == []  # waiting for the letter
    await documents.deliver(decision)
    ready = await published_by(documents.producer.files, "c1", "documents.ready")
    for link in ready[0].data.documents[0].downloads:  # type: ignore[attr-defined]
        record_id = link.url.rsplit("/", 1)[-1]
        service.fetcher.files[link.url] = documents.store.files[record_id][1]
    await hand_to(service.handlers, ready)
    [mail] = [m for m in service.mail.sent if owner in str(m["To"])]
    attachments = [part.get_filename() for part in mail.iter_attachments()]
    assert len(attachments) == 1 and str(attachments[0]).endswith(".pdf")


async def test_without_an_answer_from_documents_the_mail_goes_without_the_letter() -> None:
    service = notifications_on_twin(
        ManualClock(MONDAY_MORNING), document_wait=dt.timedelta(minutes=10)
    )
    await service.deliver(
        published(accepted_case(), "/samenspel/intake", "c1", service.clock.now())
    )
    service.clock.advance(dt.timedelta(minutes=11))
    await service.fire_due_timers()
    [mail] = [m for m in service.mail.sent if str(accepted_case().owner.email) in str(m["To"])]
    assert list(mail.iter_attachments()) == []


async def test_a_lease_that_lapses_during_a_slow_send_never_sends_a_third_mail(
    service: Notifications,
) -> None:
    """The first sender's late outcome (sent, or failed) never overwrites the second's SENT."""
    event = _event("case.submitted")
    owner, fast_send = _owner(event), service.mail.send
    taken_over: list[bool] = []

    async def slow_send(message: EmailMessage) -> None:
        if owner in str(message["To"]) and not taken_over:
            taken_over.append(True)
            service.clock.advance(service.deps.lease + dt.timedelta(seconds=1))
            sending = await service.notifications.find({"status": "sending"}, limit=10)
            mine = next(s for s in sending if owner in s.state.planned.recipient.address)
            assert (
                await delivering.attempt(mine.id, service.deps) is Status.SENT
            )  # the second sender
            raise SendFailed("451 timeout after the data", permanent=False)  # the first's end
        await fast_send(message)

    service.mail.send = slow_send  # type: ignore[method-assign]
    await service.deliver(event)
    for _ in range(3):
        service.clock.advance(dt.timedelta(hours=1))
        await service.fire_due_timers()
    assert len(_to(service, owner)) == 1  # the second sender's; the first one's never arrived
    logged = await service.notifications.for_case(str(event.subject))
    assert [n.status for n in logged if owner in n.planned.recipient.address] == [Status.SENT]


async def test_a_database_outage_while_composing_delays_the_mail_and_never_fails_it(
    service: Notifications, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pymongo.errors import ServerSelectionTimeoutError

    compose, away = composing.compose, [True]

    async def compose_once_away(*args: object) -> object:
        if away.pop() if away else False:
            raise ServerSelectionTimeoutError("database away")
        return await compose(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(delivering, "compose", compose_once_away)
    event = _event("case.submitted")
    with pytest.raises(ServerSelectionTimeoutError):  # the dispatcher holds the event and retries
        await service.deliver(event)
    assert not await service.notifications.find({"status": "failed"})
    await service.deliver(event)  # the retry once the database answers
    service.clock.advance(service.deps.lease + dt.timedelta(seconds=1))
    await service.fire_due_timers()
    assert len(_to(service, _owner(event))) == 1 and len(_to(service, STAFF_ADDRESS)) == 1
    assert not await service.notifications.find({"status": {"$ne": "sent"}})
