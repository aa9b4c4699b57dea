"""Reads a mail need not make: the revoked people read once for many mails (a revocation here
forgets them), a person new to the directory written without a read, and a case's digest facts
decided on the copy written last."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from services.notifications.adapters.directory import PersonDirectoryRepository
from services.notifications.adapters.link_generations import KeptLinkGenerations
from services.notifications.domain.model import Recipient
from services.notifications.service_layer import delivering
from services.notifications.service_layer.documents_wait import documents_timer_key
from services.notifications.service_layer.samples import sample_event
from shared.clock import ManualClock
from shared.contracts.documents import DocumentsReady
from shared.persistence.aggregate import Stored
from shared.persistence.memory import MemoryDatabase, in_memory
from tests.unit.notifications.test_trips_per_mail import CountingGenerations
from tests.unit.notifications.twin import notifications_on_twin

pytestmark = pytest.mark.unit

MONDAY_MORNING = dt.datetime(2026, 3, 2, 10, 0, tzinfo=ZoneInfo("Europe/Amsterdam"))


class Everyone:
    """The collection read whole: how often, and whether it is too big to keep."""

    def __init__(self, store: CountingGenerations, too_many: bool = False) -> None:
        self.store, self.reads, self.too_many = store, 0, too_many

    async def __call__(self, limit: int) -> dict[str, int] | None:
        self.reads += 1
        return None if self.too_many else dict(self.store.generations)


async def test_mails_to_people_never_revoked_read_the_revoked_once() -> None:
    store = CountingGenerations()
    store.generations["person-9"] = 2
    everyone = Everyone(store)
    kept = KeptLinkGenerations(store, everyone, monotonic=lambda: 0.0)
    assert await kept.current("person-1") == 0
    assert await kept.current_of(["person-2", "person-9"]) == {"person-2": 0, "person-9": 2}
    assert (everyone.reads, store.reads) == (1, 0)


async def test_a_revocation_handled_here_is_seen_by_the_next_mail() -> None:
    store = CountingGenerations()
    everyone = Everyone(store)
    kept = KeptLinkGenerations(store, everyone, monotonic=lambda: 0.0)
    assert await kept.current("person-1") == 0
    await kept.raise_to("person-1", 4)
    assert await kept.current("person-1") == 4
    assert everyone.reads == 2


async def test_too_many_revoked_people_are_read_per_person() -> None:
    store = CountingGenerations()
    kept = KeptLinkGenerations(store, Everyone(store, too_many=True), monotonic=lambda: 0.0)
    assert await kept.current("person-1") == 0
    assert store.reads == 1


async def test_someone_new_to_this_process_is_inserted_unread_and_read_only_if_stored_before(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A case's owner is most often new: no read. Stored before (another replica, or this one
    before a restart): the insert finds them, one read decides, and unchanged means no write."""
    database = MemoryDatabase()
    first, after_restart = (in_memory(PersonDirectoryRepository, database) for _ in range(2))
    person = Recipient(
        person_id="p-" + "b" * 32, name="Bram", address="bram@example.nl", role="owner"
    )
    finds: list[object] = []
    find = first.collection.find

    def counted_find(*args: Any, **kwargs: Any) -> Any:
        finds.append(args)
        return find(*args, **kwargs)

    monkeypatch.setattr(first.collection, "find", counted_find)
    await first.remember([person])
    assert finds == [] and await first.look_up(person.person_id) == person
    await after_restart.remember([person])  # unchanged: read, and left as it was
    stored = await after_restart.get(person.person_id)
    assert stored is not None and stored.version == 1
    moved = person.model_copy(update={"address": "bram@elders.nl"})
    await in_memory(PersonDirectoryRepository, database).remember([moved])  # a third process
    assert await first.look_up(person.person_id) == moved


async def test_a_new_person_is_written_on_the_read_that_found_them_missing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    service = notifications_on_twin(ManualClock(MONDAY_MORNING))
    directory = service.deps.directory
    assert directory is not None
    person = Recipient(
        person_id="p-" + "a" * 32, name="Ans", address="ans@example.nl", role="participant"
    )

    async def no_second_read(*_args: object, **_kw: object) -> object:
        raise AssertionError("read again")

    monkeypatch.setattr(directory, "get", no_second_read)
    await directory.remember([person])
    monkeypatch.undo()
    assert await directory.look_up(person.person_id) == person
    moved = person.model_copy(update={"address": "ans@elders.nl"})
    monkeypatch.setattr(directory, "get", no_second_read)
    await directory.remember([moved])
    monkeypatch.undo()
    assert await directory.look_up(person.person_id) == moved


async def test_a_cases_facts_are_decided_on_the_copy_written_last(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    service = notifications_on_twin(ManualClock(MONDAY_MORNING))
    facts, reads = service.deps.facts, []
    original = facts.get

    async def counted(case_id: str) -> Stored | None:  # type: ignore[type-arg]
        reads.append(case_id)
        return await original(case_id)

    monkeypatch.setattr(facts, "get", counted)
    submitted = sample_event("case.submitted")
    await service.deliver(submitted)
    assert set(reads) == {str(submitted.subject)}  # only its staff mails' titles: no facts yet
    reads.clear()
    await service.deliver(sample_event("case.screened"))
    assert reads == []  # decided on the copy the submission wrote
    stored = await original(str(submitted.subject))
    assert stored is not None and stored.state.decision_open


async def test_a_mail_released_twice_is_sent_once_and_arms_nothing() -> None:
    service = notifications_on_twin(
        ManualClock(MONDAY_MORNING), document_wait=dt.timedelta(hours=1)
    )
    event = sample_event("case.accepted")
    await service.deliver(event)
    (waiting,) = await service.notifications.find({"case_id": str(event.subject)}, limit=10)
    timer = await service.timers.get(documents_timer_key(event.id))
    assert timer is not None
    await service.deps.shelf.keep(
        DocumentsReady(made_for=event.id, case_id="case-42", documents=[], ready_at=MONDAY_MORNING)
    )
    await delivering.documents_ready(waiting.id, service.deps)
    await delivering.documents_ready(waiting.id, service.deps)  # the other release
    assert len(service.mail.sent) == 1
    after = await service.timers.get(documents_timer_key(event.id))
    assert after is not None and after.version == timer.version, "its event's, as it was"
    assert await service.timers.get(delivering.timer_key(waiting.id)) is None, "none armed"
