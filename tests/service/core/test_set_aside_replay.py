"""Replaying a set-aside event: claimed first, so it is owed once; a crash loses nothing."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from typing import Any, ClassVar

import httpx
import pytest
from fastapi import FastAPI
from pydantic import BaseModel, ConfigDict
from pymongo import AsyncMongoClient

from shared.contracts.envelope import new_event
from shared.contracts.intake import ParticipantWithdrawn
from shared.messaging.poisoned_events import (
    CLAIM_SECONDS,
    POISON_AFTER,
    Discarded,
    PoisonedEvents,
)
from shared.messaging.publish_channel import PublishRefused
from shared.messaging.publisher import RecordingPublisher
from shared.messaging.relay import OutboxRelay
from shared.persistence.indexes import IndexSpec
from shared.persistence.mongo import Document
from shared.persistence.owed_events import replace_owed
from shared.persistence.repository import AggregateRepository, Change
from shared.set_aside_api import set_aside_router
from shared.set_aside_wording import AGGREGATE_GONE, REPLAY_BUSY, ReplayOutcome
from shared.staff_access import StaffAccess
from shared.staff_auth import parse_staff_tokens

pytestmark = pytest.mark.service
NOW = dt.datetime(2026, 3, 9, 13, 0, tzinfo=dt.UTC)
DECIDER = {"Authorization": "Bearer decider-0123"}
LAPSED = dt.timedelta(seconds=CLAIM_SECONDS + 1)


class Tally(BaseModel):
    model_config = ConfigDict(frozen=True)
    count: int = 0


class TallyRepository(AggregateRepository[Tally]):
    collection_name = "tallies"
    state_model = Tally
    indexes: ClassVar[tuple[IndexSpec, ...]] = ()


class Refusing(RecordingPublisher):
    """Refuses every publish while `refusing` is set, as a broker without the permission."""

    refusing = True

    async def publish(
        self, body: bytes, *, routing_key: str, message_id: str, subject: str | None
    ) -> None:
        if self.refusing:
            raise PublishRefused(f"{routing_key}: ACCESS_REFUSED")
        await super().publish(body, routing_key=routing_key, message_id=message_id, subject=subject)


class Crash(BaseException):
    """The process dies here: nothing after it runs, no handler cleans up."""


def _bump(current: Tally | None) -> Change[Tally]:
    payload = ParticipantWithdrawn(cohort_id="c", participant_id="p", withdrawn_at=NOW)
    event = new_event(payload, source="/test", subject="c", now=NOW)
    return Change(Tally(count=(current or Tally()).count + 1), [event])


class Setting:
    """One aggregate whose only event was set aside after failing, and the API to replay it."""

    def __init__(self, mongo: AsyncMongoClient[Document], namespace: str) -> None:
        self.database = mongo[f"{namespace}replay"]
        self.tallies = TallyRepository(self.database)
        self.poisoned = PoisonedEvents(self.database)
        self.clock = [NOW]
        self.publisher = Refusing()
        self.relay = OutboxRelay(
            [self.tallies.collection], self.publisher, now=self.now, poisoned=self.poisoned
        )
        self.event_id = ""

    def now(self) -> dt.datetime:
        return self.clock[0]

    async def set_aside(self) -> None:
        await self.tallies.apply("t1", _bump)
        stored = await self.tallies.get("t1")
        assert stored is not None
        self.event_id = stored.outbox[0]["id"]
        for _ in range(POISON_AFTER):
            await self.relay.drain()
            self.clock[0] += dt.timedelta(seconds=16)  # the refused document's lease lapses
        assert await self.owed() == [] and await self.poisoned.count() == 1

    async def owed(self) -> list[str]:
        stored = await self.tallies.get("t1")
        return [] if stored is None else [entry["id"] for entry in stored.outbox]

    def api(self) -> httpx.AsyncClient:
        app = FastAPI()
        access = StaffAccess(
            parse_staff_tokens('{"decider-0123": {"name": "i", "role": "decider"}}')
        )
        app.include_router(set_aside_router("scheduling", access, self.database, self.now))
        transport = httpx.ASGITransport(app=app)
        return httpx.AsyncClient(transport=transport, base_url="http://scheduling.test")

    async def replay_via_api(self, http: httpx.AsyncClient) -> httpx.Response:
        return await http.post(f"/api/staff/set-aside/{self.event_id}/replay", headers=DECIDER)


@pytest.fixture
async def setting(mongo: AsyncMongoClient[Document], namespace: str) -> AsyncIterator[Setting]:
    found = Setting(mongo, namespace)
    await found.set_aside()
    yield found


def _around_append(monkeypatch: pytest.MonkeyPatch, before: Any) -> None:
    """Run `before()` once, as the claimed replay is about to append the event."""
    calls: list[None] = []

    async def append(*args: Any) -> bool:
        if not calls:
            calls.append(None)
            await before()
        return await replace_owed(*args)

    monkeypatch.setattr("shared.messaging.poisoned_events.replace_owed", append)


async def test_two_overlapping_replays_owe_the_event_once_and_the_second_hears_why(
    setting: Setting, monkeypatch: pytest.MonkeyPatch
) -> None:
    answers: list[httpx.Response] = []
    async with setting.api() as http:

        async def second() -> None:
            answers.append(await setting.replay_via_api(http))

        _around_append(monkeypatch, second)
        first = await setting.replay_via_api(http)
    assert first.status_code == 200 and first.json()["replayed"] is True
    [overlapping] = answers
    assert overlapping.status_code == 409
    assert overlapping.json()["detail"] == [{"field": "key", "reason": REPLAY_BUSY, "code": "busy"}]
    assert await setting.owed() == [setting.event_id], "owed once"
    setting.publisher.refusing = False
    assert await setting.relay.drain() == 1 and await setting.poisoned.count() == 0


async def test_a_crash_between_claim_and_append_leaves_it_listed_and_replayable_once_lapsed(
    setting: Setting, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def crash() -> None:
        raise Crash

    _around_append(monkeypatch, crash)
    with pytest.raises(Crash):
        await setting.poisoned.replay(setting.event_id, setting.now())
    monkeypatch.undo()
    assert await setting.owed() == [], "claimed, not yet owed"
    [listed] = await setting.poisoned.poisoned()
    assert listed["_id"] == setting.event_id and await setting.poisoned.count() == 1
    assert await setting.poisoned.replay(setting.event_id, setting.now()) is ReplayOutcome.BUSY
    setting.clock[0] += LAPSED
    assert await setting.poisoned.replay(setting.event_id, setting.now()) is ReplayOutcome.DONE
    assert await setting.owed() == [setting.event_id] and await setting.poisoned.count() == 0


async def test_a_crash_after_the_append_owes_it_still_once(
    setting: Setting, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def crash(*args: Any, **kwargs: Any) -> None:
        raise Crash

    monkeypatch.setattr(setting.poisoned.collection, "delete_one", crash)
    with pytest.raises(Crash):
        await setting.poisoned.replay(setting.event_id, setting.now())
    monkeypatch.undo()
    assert await setting.owed() == [setting.event_id]
    setting.clock[0] += LAPSED
    assert await setting.poisoned.replay(setting.event_id, setting.now()) is ReplayOutcome.DONE
    assert await setting.owed() == [setting.event_id], "found owed: not appended again"


async def test_a_failed_replay_gives_its_claim_back_at_once(
    setting: Setting, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def away() -> None:
        raise TimeoutError("database away")

    _around_append(monkeypatch, away)
    with pytest.raises(TimeoutError):
        await setting.poisoned.replay(setting.event_id, setting.now())
    monkeypatch.undo()
    assert await setting.poisoned.replay(setting.event_id, setting.now()) is ReplayOutcome.DONE
    assert await setting.owed() == [setting.event_id]


async def test_an_event_whose_aggregate_is_gone_is_refused_with_its_reason_and_stays_listed(
    setting: Setting,
) -> None:
    await setting.tallies.collection.delete_one({"_id": "t1"})
    async with setting.api() as http:
        for _ in range(2):  # given back at once: the same answer again, not "busy"
            answer = await setting.replay_via_api(http)
            assert answer.status_code == 409
            [refusal] = answer.json()["detail"]
            assert (refusal["reason"], refusal["code"]) == (AGGREGATE_GONE, "aggregate_gone")
        listed = (await http.get("/api/staff/set-aside", headers=DECIDER)).json()["items"]
    assert [item["key"] for item in listed] == [setting.event_id]
    assert await setting.tallies.get("t1") is None, "nothing recreated"


async def test_only_an_event_whose_aggregate_is_gone_can_be_discarded(setting: Setting) -> None:
    assert await setting.poisoned.discard(setting.event_id) is Discarded.OWABLE
    assert await setting.poisoned.count() == 1, "could still be owed: kept"
    await setting.tallies.collection.delete_one({"_id": "t1"})
    assert await setting.poisoned.discard(setting.event_id) is Discarded.DONE
    assert await setting.poisoned.count() == 0
    assert await setting.poisoned.discard(setting.event_id) is Discarded.NOT_SET_ASIDE
