"""Each service's staff API for its set-aside events and timers, on the in-memory database."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator

import httpx
import pytest
from fastapi import FastAPI

from services.intake.adapters.set_aside_client import (
    HttpSetAsideClient,
    SetAsideTokenRefused,
    SetAsideUnavailable,
)
from shared.persistence.memory import MemoryDatabase
from shared.persistence.timers import POISON_AFTER, Timer, TimerRepository
from shared.set_aside_api import set_aside_router
from shared.set_aside_wording import (
    DAMAGED,
    EVENT_OTHER,
    PRECONDITION,
    REFUSED,
    UNROUTABLE,
    ReplayOutcome,
    explanation,
)
from shared.staff_access import StaffAccess
from shared.staff_auth import parse_staff_tokens

pytestmark = pytest.mark.unit
NOW = dt.datetime(2026, 3, 9, 16, 0, tzinfo=dt.UTC)
TOKENS = (
    '{"decider-0123": {"name": "intake", "role": "decider"},'
    ' "reader-0123": {"name": "Bram", "role": "reader"}}'
)
DECIDER = {"Authorization": "Bearer decider-0123"}
READER = {"Authorization": "Bearer reader-0123"}


@pytest.fixture
def database() -> MemoryDatabase:
    return MemoryDatabase()


@pytest.fixture
async def http(database: MemoryDatabase) -> AsyncIterator[httpx.AsyncClient]:
    app = FastAPI()
    access = StaffAccess(parse_staff_tokens(TOKENS))
    app.include_router(set_aside_router("scheduling", access, database.as_database(), lambda: NOW))
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://scheduling.test") as client:
        yield client


async def _poisoned_timer(database: MemoryDatabase, key: str, reason: str) -> TimerRepository:
    timers = TimerRepository(database.as_database())
    await timers.schedule(key, Timer(kind="session.reminder_due", due_at=NOW))
    for _ in range(POISON_AFTER):
        await timers.failed(key, reason, NOW)
    return timers


async def test_staff_read_what_was_set_aside_with_the_reason_in_dutch(
    http: httpx.AsyncClient, database: MemoryDatabase
) -> None:
    await _poisoned_timer(database, "reminder:s1", "KeyError: 'session'")
    reason = "PublishRefused: ACCESS_REFUSED - write access"
    poisoned = {"_id": "ev-1", "status": "poisoned", "routing_key": "case.accepted",
                "failures": 5, "reason": reason}  # fmt: skip
    await database["poisoned_events"].insert_one(poisoned)
    assert (await http.get("/api/staff/set-aside")).status_code == 401
    answer = await http.get("/api/staff/set-aside", headers=READER)
    assert answer.status_code == 200 and answer.json()["service"] == "scheduling"
    by_key = {item["key"]: item for item in answer.json()["items"]}
    assert by_key["ev-1"]["kind"] == "event" and by_key["ev-1"]["explanation"] == REFUSED
    timer = by_key["reminder:s1"]
    assert (timer["kind"], timer["what"], timer["failures"]) == ("timer", "session.reminder_due", 5)
    assert timer["reason"] == "KeyError: 'session'" and "5 keer" in timer["explanation"]


async def test_only_a_decider_replays_and_a_replayed_timer_is_due_now_once(
    http: httpx.AsyncClient, database: MemoryDatabase
) -> None:
    timers = await _poisoned_timer(database, "reminder:s1", "RuntimeError: boom")
    url = "/api/staff/set-aside/reminder:s1/replay"
    assert (await http.post(url, headers=READER)).status_code == 403
    assert (await http.post(url, headers=DECIDER)).json()["replayed"] is True
    assert [stored.id for stored in await timers.due(NOW)] == ["reminder:s1"]
    again = await http.post(url, headers=DECIDER)
    assert again.status_code == 404
    assert again.json()["detail"][0]["reason"] == "Dit staat niet (meer) apart."


async def test_the_console_client_reads_and_replays_through_the_api(
    http: httpx.AsyncClient, database: MemoryDatabase
) -> None:
    await _poisoned_timer(database, "deliverable:c1/concept:due", "RuntimeError: boom")
    client = HttpSetAsideClient("scheduling", http, "decider-0123")
    [item] = await client.items()
    assert (item.service, item.key) == ("scheduling", "deliverable:c1/concept:due")
    assert await client.replay(item.key) is ReplayOutcome.DONE
    assert await client.replay(item.key) is ReplayOutcome.NOT_SET_ASIDE
    assert await client.items() == []


async def test_a_refused_token_is_told_apart_from_a_service_that_is_away(
    http: httpx.AsyncClient, database: MemoryDatabase
) -> None:
    await _poisoned_timer(database, "reminder:s1", "RuntimeError: boom")
    with pytest.raises(SetAsideTokenRefused) as unknown:
        await HttpSetAsideClient("scheduling", http, "nobody-0123").items()
    assert unknown.value.unknown, "401: the service does not know intake's token"
    reader = HttpSetAsideClient("scheduling", http, "reader-0123")
    assert [item.key for item in await reader.items()] == ["reminder:s1"]
    with pytest.raises(SetAsideTokenRefused) as not_allowed:
        await reader.replay("reminder:s1")
    assert not not_allowed.value.unknown, "403: known, but no decider"

    def away(request: httpx.Request) -> httpx.Response:
        return httpx.Response(503, json={"detail": "starting"})

    down = httpx.AsyncClient(transport=httpx.MockTransport(away), base_url="http://x.test")
    for call in (HttpSetAsideClient("scheduling", down, "t").items(), down_replay(down)):
        with pytest.raises(SetAsideUnavailable) as unavailable:
            await call
        assert not isinstance(unavailable.value, SetAsideTokenRefused)


async def down_replay(http: httpx.AsyncClient) -> ReplayOutcome:
    return await HttpSetAsideClient("scheduling", http, "t").replay("k")


@pytest.mark.parametrize(
    ("code", "outcome"),
    [("busy", ReplayOutcome.BUSY), ("aggregate_gone", ReplayOutcome.AGGREGATE_GONE), ("x", None)],
)
async def test_the_client_reads_which_refusal_a_409_names(
    code: str, outcome: ReplayOutcome | None
) -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        return httpx.Response(409, json={"detail": [{"field": "key", "reason": "-", "code": code}]})

    transport = httpx.MockTransport(refuse)
    async with httpx.AsyncClient(transport=transport, base_url="http://x.test") as http:
        client = HttpSetAsideClient("scheduling", http, "t")
        if outcome is None:
            with pytest.raises(SetAsideUnavailable):
                await client.replay("ev-1")
        else:
            assert await client.replay("ev-1") is outcome


@pytest.mark.parametrize(
    ("reason", "wording"),
    [
        ("PublishRefused: case.accepted: ACCESS_REFUSED - no write", REFUSED),
        ("PublishRefused: PRECONDITION_FAILED - inequivalent arg", PRECONDITION),
        ("Unroutable: no queue is bound for case.accepted", UNROUTABLE),
        ("KeyError: 'body'", DAMAGED),
        ("PublishRefused: something else", EVENT_OTHER),
    ],
)
def test_each_kind_of_reason_for_a_set_aside_event_has_its_dutch_wording(
    reason: str, wording: str
) -> None:
    assert explanation("event", reason, 5) == wording


def test_a_set_aside_timer_says_how_often_it_failed_and_what_to_do() -> None:
    assert "ontbreken" in explanation("timer", "KeyError: 'session'", 5)
    other = explanation("timer", "RuntimeError: smtp down", 7)
    assert "7 keer" in other and "technische melding" in other and "RuntimeError" not in other
