"""An e-learning learner picks a live training with a free place on their page."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from aio_pika.abc import AbstractRobustConnection
from playwright.async_api import async_playwright

from services.intake.adapters.scheduling_client import FakeSchedulingClient
from services.intake.bootstrap import build_app
from services.intake.settings import IntakeSettings
from shared.capabilities import PERSON_PAGE, CapabilitySigner, person_page_path
from shared.clock import ManualClock
from shared.contracts.base import ProgrammeFormat
from shared.contracts.intake import ParticipantRegistered
from shared.contracts.scheduling import CohortPlanned
from shared.messaging.topology import Topology
from shared.people import participant_id
from tests.browser.portal_support import CHROMIUM_ARGS, reload_until, shot
from tests.service.intake.conftest import NOW, TOKENS, Bus
from tests.service.intake.test_training_choice import FIRST, SECOND, offered
from tests.support.bus import EventSpy
from tests.support.services import settings_for
from tests.support.serving import serving
from tests.unit.intake.factories import cohort, participant

pytestmark = pytest.mark.browser
CHROMIUM = Path("/usr/bin/chromium")
EL = "el-2026"


@pytest.mark.skipif(not CHROMIUM.exists(), reason="Chromium is not installed")
async def test_a_learner_sees_the_full_training_and_books_the_one_with_a_place(
    namespace: str,
    rabbitmq_url: str,
    mongodb_url: str,
    amqp: AbstractRobustConnection,
    topology: Topology,
    spy: EventSpy,
) -> None:
    settings = settings_for(
        IntakeSettings,
        namespace,
        rabbitmq_url,
        mongodb_url,
        staff_tokens=json.dumps(TOKENS),
        public_base_url="http://127.0.0.1",
    )
    scheduling = FakeSchedulingClient()  # scheduling's booking API, as intake's client sees it
    with serving(build_app(settings, ManualClock(NOW), scheduling=scheduling)) as intake:
        bus = Bus(amqp, topology)
        planned = cohort(
            cohort_id=EL, format=ProgrammeFormat.E_LEARNING, title="E-learning Participatie",
            start_date=dt.date(2026, 3, 16),
            offered_sessions=[offered("el-t1", FIRST, 2), offered("el-t2", SECOND, 1)],
        )  # fmt: skip
        await bus.publish(CohortPlanned(cohort=planned))
        await bus.publish(
            ParticipantRegistered(cohort_id=EL, participant=participant(0), registered_at=NOW)
        )
        await spy.wait_for("participant.enrolled")
        signer = CapabilitySigner.from_secret(settings.secret_key.get_secret_value())
        mine = person_page_path(signer.sign(PERSON_PAGE, participant_id("p-0")))
        async with async_playwright() as p:
            browser = await p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            page = await browser.new_page(locale="nl-NL")
            await page.goto(f"{intake}{mine}")
            await reload_until(page, "Uw online training")
            text = await page.inner_text("main")
            assert "donderdag 9 april 2026, 13:00–15:00 uur (vol)" in text
            assert "donderdag 28 mei 2026, 13:00–15:00 uur (nog 1 plaats vrij)" in text
            choose = page.get_by_role("button", name="Deze training kiezen")
            assert await choose.count() == 1  # the full one offers no button
            await shot(page, "mijn-pagina-training-kiezen")
            await choose.click()
            await page.get_by_role("status").filter(has_text="U hebt een plaats").wait_for()
            assert scheduling.bookings == {(EL, "p-0"): "el-t2"}
            await browser.close()
