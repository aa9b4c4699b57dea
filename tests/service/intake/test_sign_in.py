"""Signing in without typing a token: a one-time link works once, in time, and never on a guess.

And the key nobody may sign with: a console cookie forged with the placeholder `change-me`
meets no real service, because none starts with it.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import secrets
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest

from services.intake.bootstrap import build_app
from services.intake.settings import IntakeSettings
from services.intake.web.console.staff_session import SessionSigner
from shared.capabilities import CapabilitySigner
from shared.clock import ManualClock
from shared.settings import PLACEHOLDER_SECRET
from shared.staff_auth import StaffMember, StaffRole
from tests.service.intake.conftest import DECIDER, READER, REGISTRAR, TOKENS
from tests.support.services import running, settings_for

pytestmark = pytest.mark.service
ROOT = Path(__file__).resolve().parents[3]


def _settings(namespace: str, rabbitmq_url: str, mongodb_url: str, key: str) -> IntakeSettings:
    return settings_for(
        IntakeSettings,
        namespace,
        rabbitmq_url,
        mongodb_url,
        staff_tokens=json.dumps(TOKENS),
        secret_key=key,
        public_base_url="http://intake.test",
    )


@pytest.fixture
async def console(
    namespace: str, rabbitmq_url: str, mongodb_url: str, clock: ManualClock
) -> AsyncIterator[httpx.AsyncClient]:
    """Intake with a generated key, as `samenspel init` and the local run give it."""
    settings = _settings(namespace, rabbitmq_url, mongodb_url, secrets.token_urlsafe(48))
    async with running(build_app(settings, clock)) as client:
        yield client


async def _new_link(console: httpx.AsyncClient, headers: dict[str, str]) -> str:
    answer = await console.post("/api/sign-in-links", headers=headers)
    assert answer.status_code == 201, answer.text
    url = urlsplit(answer.json()["url"])
    assert url.netloc == "intake.test", "the link points at the public address"
    return f"{url.path}?{url.query}"


async def test_a_sign_in_link_opens_the_console_once(console: httpx.AsyncClient) -> None:
    link = await _new_link(console, DECIDER)
    opened = await console.get(link)
    assert opened.status_code == 303 and opened.headers["location"] == "/medewerker"
    inbox = await console.get("/medewerker")
    assert inbox.status_code == 200 and "Anna (programmabureau)" in inbox.text

    console.cookies.clear()
    again = await console.get(link)
    assert again.status_code == 401 and "al gebruikt of verlopen" in again.text
    assert "samenspel_medewerker" not in again.headers.get("set-cookie", "")
    assert (await console.get("/medewerker")).status_code == 303, "still signed out"


async def test_a_sign_in_link_expires_after_a_few_minutes(
    console: httpx.AsyncClient, clock: ManualClock
) -> None:
    link = await _new_link(console, READER)
    clock.advance(dt.timedelta(minutes=5, seconds=1))
    late = await console.get(link)
    assert late.status_code == 401 and "verlopen" in late.text


async def test_only_staff_who_may_read_the_console_get_a_link(console: httpx.AsyncClient) -> None:
    assert (await console.post("/api/sign-in-links")).status_code == 401
    assert (await console.post("/api/sign-in-links", headers=REGISTRAR)).status_code == 403
    guessed = await console.get(f"/medewerker/aanmelden/link?code={secrets.token_urlsafe(32)}")
    assert guessed.status_code == 401
    assert (await console.get("/medewerker/aanmelden/link")).status_code == 401


async def test_a_cookie_forged_with_the_placeholder_key_signs_nobody_in(
    namespace: str, rabbitmq_url: str, mongodb_url: str, clock: ManualClock
) -> None:
    """The attack of issue 16: sign a decider session with `change-me` as intake's signer does.

    Its signature is genuine for a service holding the placeholder (only the harness may), yet
    it opens no console there either: a session must also have been started on the server.
    """
    forger = SessionSigner(CapabilitySigner.from_secret(PLACEHOLDER_SECRET), dt.timedelta(hours=8))
    forged = forger.issue(StaffMember(name="Aanvaller", role=StaffRole.DECIDER), clock.now())
    assert forger.read(forged, clock.now()) is not None, "a genuine signature"
    for secret_key, status in ((PLACEHOLDER_SECRET, 303), (secrets.token_urlsafe(48), 303)):
        settings = _settings(namespace, rabbitmq_url, mongodb_url, secret_key)
        async with running(build_app(settings, clock)) as http:
            http.cookies.set("samenspel_medewerker", forged)
            assert (await http.get("/medewerker")).status_code == status, secret_key


def test_intake_does_not_start_on_the_placeholder_key() -> None:
    """Nothing configured, not under the test harness: the process stops before it serves."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("ENVIRONMENT", "SECRET_KEY", "SCHEDULING_TOKEN", "STAFF_TOKENS")
    }
    env["HTTP_PORT"] = "1"  # never reached: it must fail before it listens
    done = subprocess.run(
        [sys.executable, "-m", "services.intake"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode != 0
    assert "SECRET_KEY is empty or a placeholder" in done.stderr
