"""Intake's calls to scheduling keep data inside one path segment and turn refusals into Dutch."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable

import httpx
import pytest

from services.intake.adapters.scheduling_client import HttpSchedulingClient, RescheduleRefused

pytestmark = pytest.mark.unit
Handler = Callable[[httpx.Request], httpx.Response]


def _client_through(monkeypatch: pytest.MonkeyPatch, handler: Handler) -> HttpSchedulingClient:
    real = httpx.AsyncClient
    transport = httpx.MockTransport(handler)
    monkeypatch.setattr(httpx, "AsyncClient", functools.partial(real, transport=transport))
    return HttpSchedulingClient("http://scheduling.test/", token="staff-token")


async def test_a_move_with_a_slash_in_an_id_stays_one_path_segment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seen: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={})

    client = _client_through(monkeypatch, answer)
    when = dt.datetime(2027, 3, 9, 13, tzinfo=dt.UTC)
    await client.reschedule("case/../../x", "step-2", when, reason="Eigenaar kan niet")
    (request,) = seen
    assert (
        request.url.raw_path == b"/api/trajectories/case%2F..%2F..%2Fx/sessions/step-2/reschedule"
    )
    assert request.headers["Authorization"] == "Bearer staff-token"


async def test_a_refused_move_gives_scheduling_reason_in_dutch(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def refuse(_: httpx.Request) -> httpx.Response:
        return httpx.Response(409, json={"detail": "De coach is dan al ingepland."})

    client = _client_through(monkeypatch, refuse)
    when = dt.datetime(2027, 3, 9, 13, tzinfo=dt.UTC)
    with pytest.raises(RescheduleRefused, match="De coach is dan al ingepland"):
        await client.reschedule("c1", "step-2", when, reason="")
