"""Fewer database round trips per mail, the same guarantees: a person's link generation read
once for many mails (never a revoked one), and a mail that waits for its documents written as
few times as it can be: the mails of one event share one look for their documents and one
timer, which finds nothing left to do once they went out."""

from __future__ import annotations

import asyncio
import datetime as dt
from email.utils import parseaddr
from zoneinfo import ZoneInfo

import pytest

from services.notifications.adapters.link_generations import KeptLinkGenerations
from services.notifications.domain.notification import Status
from services.notifications.service_layer import documents_wait
from services.notifications.service_layer.delivering import timer_key
from services.notifications.service_layer.documents_wait import documents_timer_key
from services.notifications.service_layer.samples import sample_event
from shared.clock import ManualClock
from shared.contracts.documents import DocumentsReady
from shared.persistence.aggregate import Stored
from shared.persistence.timers import PENDING
from tests.unit.notifications.twin import Notifications, notifications_on_twin

pytestmark = pytest.mark.unit

AMS = ZoneInfo("Europe/Amsterdam")
MONDAY_MORNING = dt.datetime(2026, 3, 2, 10, 0, tzinfo=AMS)
WAIT = dt.timedelta(minutes=10)


class CountingGenerations:
    """The store's twin: generations by person, and how often it was read."""

    def __init__(self) -> None:
        self.generations: dict[str, int] = {}
        self.reads = 0
        self.during_read: asyncio.Event | None = None

    async def current(self, person_id: str) -> int:
        return (await self.current_of([person_id]))[person_id]

    async def current_of(self, person_ids: list[str]) -> dict[str, int]:
        self.reads += 1
        read = {p: self.generations.get(p, 0) for p in person_ids}
        if self.during_read is not None:
            await self.during_read.wait()
        return read

    async def raise_to(self, person_id: str, generation: int) -> None:
        self.generations[person_id] = max(self.generations.get(person_id, 0), generation)


async def test_a_second_mail_to_the_same_person_reads_the_generation_once() -> None:
    store, now = CountingGenerations(), [0.0]
    kept = KeptLinkGenerations(store, monotonic=lambda: now[0])
    assert await kept.current("person-1") == 0
    assert await kept.current("person-1") == 0
    assert await kept.current_of(["person-1", "person-2"]) == {"person-1": 0, "person-2": 0}
    assert store.reads == 2  # person-1 once; person-2 alone in the second read
    now[0] = KeptLinkGenerations.keep_seconds  # another replica's revocation counts by now
    await kept.current("person-1")
    assert store.reads == 3


async def test_a_revoked_generation_is_never_served_from_what_was_kept() -> None:
    store = CountingGenerations()
    kept = KeptLinkGenerations(store, monotonic=lambda: 0.0)
    assert await kept.current("person-1") == 0
    await kept.raise_to("person-1", 3)  # `capability.revoked`, handled by this process
    assert await kept.current("person-1") == 3


async def test_a_read_that_overlaps_a_revocation_is_not_kept() -> None:
    store = CountingGenerations()
    kept = KeptLinkGenerations(store, monotonic=lambda: 0.0)
    store.during_read = asyncio.Event()
    reading = asyncio.create_task(kept.current("person-1"))
    await asyncio.sleep(0)  # the read has its (old) answer and is still under way
    await kept.raise_to("person-1", 2)
    store.during_read.set()
    assert await reading == 0  # read before the revocation: that mail's link was minted then
    store.during_read = None
    assert await kept.current("person-1") == 2  # not the overlapping read's 0


async def _only(service: Notifications, case_id: str) -> Stored:  # type: ignore[type-arg]
    (stored,) = await service.notifications.find({"case_id": case_id}, limit=10)
    return stored


def _answer(event_id: str) -> DocumentsReady:
    return DocumentsReady(
        made_for=event_id, case_id="case-42", documents=[], ready_at=MONDAY_MORNING
    )


async def test_a_mail_waiting_for_its_documents_is_stored_waiting_and_sent_in_two_more_writes() -> (
    None
):
    service = notifications_on_twin(ManualClock(MONDAY_MORNING), document_wait=WAIT)
    event = sample_event("case.accepted")
    await service.deliver(event)
    waiting = await _only(service, str(event.subject))
    assert waiting.state.status is Status.WAITING and waiting.state.attempts == 0
    assert waiting.version == 1, "stored waiting at once: no claim given back"
    timer = await service.timers.get(documents_timer_key(event.id))
    assert timer is not None and timer.state.status == PENDING
    assert timer.state.due_at == MONDAY_MORNING + WAIT
    assert await service.timers.get(timer_key(waiting.id)) is None, "the event's timer serves"
    assert service.mail.sent == []

    await service.deliver(service.deps.events(_answer(event.id), subject=str(event.subject)))
    sent = await _only(service, str(event.subject))
    assert sent.state.status is Status.SENT and sent.state.attempts == 1
    assert sent.version == 3, "released and claimed in one write, then settled"
    assert len(service.mail.sent) == 1

    service.clock.advance(WAIT * 2)
    assert await service.fire_due_timers() == 1  # the event's: nothing of it waits any more
    assert len(service.mail.sent) == 1
    assert (await _only(service, str(event.subject))).version == 3, "a sent mail left as it is"


async def test_a_redelivered_event_leaves_the_waiting_mail_and_its_timer_as_they_were() -> None:
    clock = ManualClock(MONDAY_MORNING)
    service = notifications_on_twin(clock, document_wait=WAIT)
    event = sample_event("case.accepted")
    await service.deliver(event)
    clock.advance(dt.timedelta(minutes=1))
    await service.deliver(event)
    waiting = await _only(service, str(event.subject))
    assert waiting.state.status is Status.WAITING
    timer = await service.timers.get(documents_timer_key(event.id))
    assert timer is not None and timer.state.due_at == MONDAY_MORNING + WAIT
    clock.advance(WAIT)
    # no answer came: it goes without them, once (the redelivery's attempt found the mail busy
    # and armed a timer of its own: whichever fires second finds it sent)
    assert await service.fire_due_timers() == 2
    assert len(service.mail.sent) == 1
    assert (await _only(service, str(event.subject))).state.status is Status.SENT


async def test_the_waiting_mails_of_one_event_share_one_timer_and_go_together_without_them() -> (
    None
):
    clock = ManualClock(MONDAY_MORNING)
    service = notifications_on_twin(clock, document_wait=WAIT)
    event = sample_event("session.reminder_due")
    await service.deliver(event)
    stored = await service.notifications.find({"case_id": str(event.subject)}, limit=10)
    assert len(stored) == 3 and {s.state.status for s in stored} == {Status.WAITING}
    pending = await service.timers.find({"status": PENDING}, limit=10)
    assert [t.id for t in pending] == [documents_timer_key(event.id)]
    clock.advance(WAIT - dt.timedelta(seconds=1))
    assert await service.fire_due_timers() == 0 and service.mail.sent == []
    clock.advance(dt.timedelta(seconds=1))
    assert await service.fire_due_timers() == 1
    assert sorted(parseaddr(m["To"])[1] for m in service.mail.sent) == sorted(
        s.state.planned.recipient.address for s in stored
    ), "each of them once, without the documents that never came"
    assert await service.fire_due_timers() == 0, "retired once it served"


async def test_a_mail_whose_documents_came_first_is_sent_at_once_without_a_timer() -> None:
    service = notifications_on_twin(ManualClock(MONDAY_MORNING), document_wait=WAIT)
    event = sample_event("case.accepted")
    await service.deliver(service.deps.events(_answer(event.id), subject=str(event.subject)))
    await service.deliver(event)
    sent = await _only(service, str(event.subject))
    assert sent.state.status is Status.SENT and sent.version == 2  # inserted claimed, settled
    assert await service.timers.get(timer_key(sent.id)) is None
    assert len(service.mail.sent) == 1


async def test_the_mails_of_one_event_look_for_their_documents_once_more_not_once_more_each(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    service = notifications_on_twin(ManualClock(MONDAY_MORNING), document_wait=WAIT)
    event = sample_event("session.reminder_due")
    shelf, looks = service.deps.composing.shelf, []
    original = shelf.ready_for

    async def counted(event_id: str) -> DocumentsReady | None:
        looks.append(event_id)
        return await original(event_id)

    monkeypatch.setattr(shelf, "ready_for", counted)
    await service.deliver(event)
    stored = await service.notifications.find({"case_id": str(event.subject)}, limit=10)
    assert len(stored) == 3 and {s.state.status for s in stored} == {Status.WAITING}
    assert looks == [event.id] * 2  # once before the first is stored, once after the last


async def test_a_waiting_mail_whose_answer_is_there_goes_when_its_event_comes_again() -> None:
    service = notifications_on_twin(ManualClock(MONDAY_MORNING), document_wait=WAIT)
    event = sample_event("case.accepted")
    await service.deliver(event)
    await service.deps.shelf.keep(_answer(event.id))  # stored, then a crash before the release
    await service.deliver(event)  # the answer's event was acked; this one comes back
    assert (await _only(service, str(event.subject))).state.status is Status.SENT
    assert len(service.mail.sent) == 1


async def test_a_wait_armed_while_its_events_timer_is_handled_keeps_the_timer_armed() -> None:
    """Another mail of the event starts waiting (a held one, due after the night) just as the
    event's timer is being handled: the handler's retire must not leave that mail unwoken."""
    clock = ManualClock(MONDAY_MORNING)
    service = notifications_on_twin(clock, document_wait=WAIT)
    event = sample_event("case.accepted")
    await service.deliver(event)
    clock.advance(WAIT)
    (due,) = await service.timers.due(clock.now())
    claimed = await service.timers.postpone(due, clock.now() + service.deps.lease)
    assert claimed is not None
    await documents_wait.arm(event.id, clock.now() + WAIT, "case-42", service.deps)
    assert not await service.timers.fire(claimed, clock.now()), "the retire sees the new arm"
    timer = await service.timers.get(documents_timer_key(event.id))
    assert timer is not None and timer.state.status == PENDING
    assert timer.state.due_at == clock.now() + service.deps.lease, "the earlier due time kept"
