"""The console's failed mails: a reader may look, only a decider resends, and only once."""

from __future__ import annotations

import pytest

from services.intake.adapters.notifications_client import FakeNotificationsClient, sample_failed
from services.intake.bootstrap import build_app
from services.intake.settings import IntakeSettings
from shared.clock import ManualClock
from tests.service.intake.test_console import READER_TOKEN, csrf, sign_in
from tests.support.bus import EventSpy
from tests.support.services import running

pytestmark = pytest.mark.service
PAGE = "/medewerker/niet-bezorgd"


async def test_a_reader_sees_failed_mails_in_dutch_but_may_not_resend_them(
    intake_settings: IntakeSettings, clock: ManualClock, spy: EventSpy
) -> None:
    mails = FakeNotificationsClient.with_failed(sample_failed(clock.now()))
    async with running(build_app(intake_settings, clock, mails=mails)) as console:
        await sign_in(console, READER_TOKEN)
        page = await console.get(PAGE)
        assert page.status_code == 200
        assert "Uw aanmelding is ontvangen" in page.text and "adres niet bestaat" in page.text
        assert "n-1" not in page.text.replace("/n-1/opnieuw", ""), "no id shown, only in a path"
        refused = await console.post(f"{PAGE}/n-1/opnieuw", data={"csrf_token": csrf(page.text)})
    assert refused.status_code == 403 and mails.resent == []


async def test_a_decider_resends_once_and_is_sent_back_to_the_list(
    intake_settings: IntakeSettings, clock: ManualClock, spy: EventSpy
) -> None:
    mails = FakeNotificationsClient.with_failed(sample_failed(clock.now()))
    async with running(build_app(intake_settings, clock, mails=mails)) as console:
        token = await sign_in(console)
        done = await console.post(f"{PAGE}/n-1/opnieuw", data={"csrf_token": token})
        again = await console.post(f"{PAGE}/n-1/opnieuw", data={"csrf_token": token})
        listed = await console.get(done.headers["location"])
    assert done.status_code == 303 and again.status_code == 404
    assert mails.resent == ["n-1"] and "Alle berichten zijn bezorgd" in listed.text
