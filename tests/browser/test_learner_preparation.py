"""A leercase learner fills in the preparation and searches the library (headless Chromium)."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest
from aio_pika.abc import AbstractRobustConnection
from playwright.async_api import async_playwright

from services.intake.adapters.library_client import FakeLibraryClient
from services.intake.adapters.preparation_client import FakePreparationClient
from services.intake.bootstrap import build_app
from services.intake.settings import IntakeSettings
from shared.capabilities import person_page_path
from shared.clock import ManualClock
from shared.messaging.topology import Topology
from tests.browser.portal_support import CHROMIUM_ARGS, shot
from tests.service.intake.conftest import NOW, TOKENS, Bus
from tests.service.intake.test_person_page import _page_has, learner, token_for
from tests.service.intake.test_person_preparation import SHARED, kick_off
from tests.support.services import settings_for
from tests.support.serving import serving

pytestmark = pytest.mark.browser
CHROMIUM = Path("/usr/bin/chromium")
CORE = "Jongeren willen een eigen plek in de wijk"


@pytest.mark.skipif(not CHROMIUM.exists(), reason="Chromium is not installed")
async def test_a_learner_fills_in_the_preparation_and_finds_a_shared_case(
    namespace: str,
    rabbitmq_url: str,
    mongodb_url: str,
    amqp: AbstractRobustConnection,
    topology: Topology,
) -> None:
    settings = settings_for(
        IntakeSettings, namespace, rabbitmq_url, mongodb_url,
        staff_tokens=json.dumps(TOKENS), public_base_url="http://127.0.0.1",
        secret_key="test-secret",
    )  # fmt: skip
    documents = FakePreparationClient()
    app = build_app(
        settings, ManualClock(NOW), preparation=documents, library=FakeLibraryClient(SHARED)
    )
    with serving(app) as intake:
        await Bus(amqp, topology).publish(kick_off("case-1", "Speeltuin Oost", [learner(0)]))
        mine = person_page_path(token_for(settings, learner(0).person_id))
        async with httpx.AsyncClient(base_url=intake) as http:
            await _page_has(http, mine, "Vul uw voorbereiding in")
        async with async_playwright() as p:
            browser = await p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            page = await browser.new_page(locale="nl-NL")
            await page.goto(f"{intake}{mine}")
            await page.get_by_role(
                "link", name="Vul uw voorbereiding in voor ‘Speeltuin Oost’"
            ).click()
            await page.get_by_label("Wat is de kern?").fill(CORE)
            await page.get_by_label("Bijeenkomst").check()
            await shot(page, "mijn-voorbereiding")
            await page.get_by_role("button", name="Voorbereiding opslaan").click()
            await page.get_by_role("status").filter(has_text="opgeslagen").wait_for()
            assert await page.get_by_label("Wat is de kern?").input_value() == CORE
            await page.get_by_role("link", name="Terug naar uw pagina").click()
            await page.get_by_role("link", name="Bibliotheek van cases").click()
            await page.get_by_label("Onderwerp").fill("energietransitie")
            await page.get_by_label("Jaar").fill("2026")
            await page.get_by_role("button", name="Zoeken").click()
            await page.get_by_role("heading", name="1 case gevonden").wait_for()
            await page.get_by_role("heading", name="Zonneweide Molenweg").wait_for()
            await shot(page, "mijn-bibliotheek")
            await browser.close()
    saved = documents.saved[("case-1", learner(0).person_id)]
    assert saved[1] == {"kern": CORE, "bereik": ["Bijeenkomst"]}
