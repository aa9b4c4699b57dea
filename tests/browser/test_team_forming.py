"""Staff form a leergang team in the console; a member sees it, writes a learning question."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest
from aio_pika.abc import AbstractRobustConnection
from playwright.async_api import async_playwright

from services.intake.bootstrap import build_app
from services.intake.settings import IntakeSettings
from shared.capabilities import PERSON_PAGE, CapabilitySigner, person_page_path
from shared.clock import ManualClock
from shared.contracts.base import ProgrammeFormat
from shared.contracts.scheduling import CohortPlanned
from shared.messaging.topology import Topology
from shared.people import participant_id
from tests.browser.axe import CONTEXT
from tests.browser.portal_support import CHROMIUM_ARGS, seen
from tests.service.intake.conftest import DECIDER, NOW, REGISTRAR, TOKENS, Bus
from tests.support.bus import EventSpy
from tests.support.services import settings_for
from tests.support.serving import serving
from tests.support.waiting import wait_until_async
from tests.unit.intake.factories import cohort, participant

pytestmark = pytest.mark.browser
CHROMIUM = Path("/usr/bin/chromium")
LEERGANG = "leergang-2026"
TITLE = "Leergang Samenspel met lef 2026"


async def _leergang(intake: str, bus: Bus) -> None:
    planned = cohort(cohort_id=LEERGANG, format=ProgrammeFormat.LEERGANG, title=TITLE)
    await bus.publish(CohortPlanned(cohort=planned))
    async with httpx.AsyncClient(base_url=intake) as http:

        async def known() -> bool:
            answer = await http.get(f"/api/cohorts/{LEERGANG}", headers=DECIDER)
            return answer.status_code == 200

        await wait_until_async(known)
        for n in range(3):
            body = participant(n).model_dump(mode="json")
            await http.post(f"/api/cohorts/{LEERGANG}/registrations", json=body, headers=REGISTRAR)


@pytest.mark.skipif(not CHROMIUM.exists(), reason="Chromium is not installed")
async def test_staff_form_a_team_and_a_member_sees_team_mentor_and_case_on_their_page(
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
    with serving(build_app(settings, ManualClock(NOW))) as intake:
        await _leergang(intake, Bus(amqp, topology))
        async with async_playwright() as p:
            browser = await p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            page = await browser.new_page(**CONTEXT)
            await page.goto(f"{intake}/medewerker/aanmelden")
            await page.get_by_label("Toegangssleutel").fill("decider-token-0123456789")
            await page.get_by_role("button", name="Aanmelden").click()
            await page.get_by_role("link", name="Groepen").click()
            await page.get_by_role("link", name=TITLE).click()
            form = page.locator('form[data-team="nieuw"]')
            await form.get_by_label("Naam van het team").fill("Team Noord")
            await form.get_by_label("Naam", exact=True).fill("Mila Mentor")
            await form.get_by_label("E-mailadres").fill("mila@example.nl")
            await form.get_by_label("Naam van het initiatief").fill("Moestuin De Groene Hoek")
            await form.get_by_label("Contactpersoon").fill("Kees Bakker")
            await form.get_by_label("Korte omschrijving").fill("Bewoners beheren een moestuin.")
            await form.get_by_label("Deelnemer 0").check()
            await form.get_by_label("Deelnemer 2").check()
            await seen(page, "console-team-vormen")
            await form.get_by_role("button", name="Team vormen").click()
            await page.get_by_role("status").filter(has_text="Het team is opgeslagen").wait_for()
            text = await page.inner_text("main")
            assert "Mentor: Mila Mentor (mila@example.nl)" in text
            assert "Deelnemers: Deelnemer 0, Deelnemer 2" in text
            [team] = await spy.wait_for("team.updated")
            assert team["data"]["name"] == "Team Noord"
            assigned = await spy.wait_for("participant.assigned", 2)
            assert {e["data"]["participant"]["participant_id"] for e in assigned} == {"p-0", "p-2"}

            signer = CapabilitySigner.from_secret(settings.secret_key.get_secret_value())
            mine = person_page_path(signer.sign(PERSON_PAGE, participant_id("p-2")))
            await page.goto(f"{intake}{mine}")
            await page.get_by_role("heading", name="Uw team: Team Noord").wait_for()
            text = await page.inner_text("main")
            assert "Uw mentor: Mila Mentor" in text and "Moestuin De Groene Hoek" in text
            await page.get_by_label("Uw persoonlijke leervraag").fill(
                "Hoe houd ik bewoners betrokken?"
            )
            await page.get_by_role("button", name="Leervraag opslaan").click()
            await (
                page.get_by_role("status").filter(has_text="Uw leervraag is opgeslagen").wait_for()
            )
            await seen(page, "mijn-pagina-team")
            await browser.close()
