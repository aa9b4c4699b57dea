"""Console sessions end on the server: after sign-out and after idling; sign-ins are throttled."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import AsyncIterator

import httpx
import pytest

from services.intake.adapters.dead_letters import FakeDeadLetterBox
from services.intake.adapters.scheduling_client import FakeSchedulingClient
from services.intake.bootstrap import build_app
from services.intake.settings import IntakeSettings
from shared.clock import ManualClock
from tests.service.intake.conftest import NOW, TOKENS
from tests.service.intake.test_console import DECIDER_TOKEN, csrf, sign_in
from tests.support.bus import EventSpy
from tests.support.services import running, settings_for

pytestmark = pytest.mark.security
SESSION = "samenspel_medewerker"


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(NOW)


@pytest.fixture
async def console(
    namespace: str, rabbitmq_url: str, mongodb_url: str, clock: ManualClock, spy: EventSpy
) -> AsyncIterator[httpx.AsyncClient]:
    """Half an hour's idle timeout; four sign-in attempts per ten minutes."""
    settings = settings_for(
        IntakeSettings,
        namespace,
        rabbitmq_url,
        mongodb_url,
        staff_tokens=json.dumps(TOKENS),
        public_base_url="http://intake.test",
        staff_idle_minutes=30,
        sign_in_attempts=4,
        sign_in_window_seconds=600,
    )
    app = build_app(
        settings, clock, scheduling=FakeSchedulingClient(), dead_letters=FakeDeadLetterBox([])
    )
    async with running(app) as client:
        yield client


def _session_cookie(http: httpx.AsyncClient) -> str:
    value = http.cookies.get(SESSION, path="/medewerker")
    assert value
    return value


async def test_a_cookie_kept_from_before_sign_out_opens_nothing(
    console: httpx.AsyncClient,
) -> None:
    token = await sign_in(console)
    kept = _session_cookie(console)

    signed_out = await console.post("/medewerker/afmelden", data={"csrf_token": token})
    console.cookies.set(SESSION, kept, path="/medewerker")
    replayed = await console.get("/medewerker")

    assert signed_out.status_code == 303
    assert replayed.status_code == 303 and replayed.headers["location"] == "/medewerker/aanmelden"


async def test_a_session_ends_after_half_an_hour_without_use_and_lives_while_used(
    console: httpx.AsyncClient, clock: ManualClock
) -> None:
    await sign_in(console)
    for _ in range(3):  # an hour and a half of work, a page every 25 minutes
        clock.advance(dt.timedelta(minutes=25))
        assert (await console.get("/medewerker")).status_code == 200

    clock.advance(dt.timedelta(minutes=31))
    idle = await console.get("/medewerker")

    assert idle.status_code == 303 and idle.headers["location"] == "/medewerker/aanmelden"


async def test_wrong_sign_ins_are_throttled_even_before_the_right_token(
    console: httpx.AsyncClient,
) -> None:
    async def attempt(secret: str) -> httpx.Response:
        form = await console.get("/medewerker/aanmelden")
        return await console.post(
            "/medewerker/aanmelden", data={"csrf_token": csrf(form.text), "toegangssleutel": secret}
        )

    wrong = [await attempt(f"guess-{n}") for n in range(4)]
    right = await attempt(DECIDER_TOKEN)

    assert [answer.status_code for answer in wrong] == [401] * 4
    assert right.status_code == 429 and "te vaak" in right.text
    assert SESSION not in right.headers.get("set-cookie", "")
