"""The owner asks for another date from their page; staff see it and move the session."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import httpx
import pytest
from aio_pika.abc import AbstractRobustConnection
from playwright.async_api import async_playwright

from services.intake.adapters.scheduling_client import FakeSchedulingClient
from services.intake.bootstrap import build_app
from services.intake.settings import IntakeSettings
from shared.capabilities import PERSON_PAGE, CapabilitySigner, person_page_path
from shared.clock import ManualClock
from shared.contracts.scheduling import Attendee, AttendeeRole, SessionInfo, SessionScheduled
from shared.messaging.topology import Topology
from shared.people import owner_id
from tests.browser.portal_support import CHROMIUM_ARGS, reload_until, shot
from tests.service.intake.conftest import NOW, TOKENS, Bus, submission_json
from tests.support.bus import EventSpy
from tests.support.services import settings_for
from tests.support.serving import serving

pytestmark = pytest.mark.browser
CHROMIUM = Path("/usr/bin/chromium")
STEP2 = dt.datetime(2026, 4, 20, 12, 0, tzinfo=dt.UTC)  # Monday 20 April, 14:00 in Amsterdam


@pytest.mark.skipif(not CHROMIUM.exists(), reason="Chromium is not installed")
async def test_the_owner_asks_another_date_and_staff_move_the_session_and_fix_it(
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
    scheduling = FakeSchedulingClient()  # scheduling's answers API, as intake's client sees it
    with serving(build_app(settings, ManualClock(NOW), scheduling=scheduling)) as intake:
        async with httpx.AsyncClient(base_url=intake) as http:
            made = await http.post("/api/cases", json=submission_json(title="Zonneweide Noord"))
            case_id = made.json()["case_id"]
        await spy.wait_for("case.screened")
        owner = Attendee(
            person_id=owner_id(case_id), name="Anna de Vries", email="anna@example.nl",
            role=AttendeeRole.OWNER,
        )  # fmt: skip
        session = SessionInfo(
            session_id=f"lc-{case_id}-s2", step=2, name="Verhelderingssessie", starts_at=STEP2,
            ends_at=STEP2 + dt.timedelta(hours=2), timezone="Europe/Amsterdam",
            attendees=[owner], tentative=True,
        )  # fmt: skip
        await Bus(amqp, topology).publish(
            SessionScheduled(
                case_id=case_id, case_title="Zonneweide Noord", cohort_id="lc", session=session
            )
        )
        signer = CapabilitySigner.from_secret(settings.secret_key.get_secret_value())
        mine = person_page_path(signer.sign(PERSON_PAGE, owner.person_id))
        async with async_playwright() as p:
            browser = await p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            page = await browser.new_page(locale="nl-NL")
            await page.goto(f"{intake}{mine}")
            await reload_until(page, "Voorlopige datum")
            await page.get_by_label("Nee, ik vraag een andere datum").check()
            await page.get_by_label("Waarom past de datum niet, en wanneer kan het wel?").fill(
                "Dan ben ik op werkbezoek; dinsdag 21 april past wel."
            )
            await shot(page, "mijn-pagina-datum-vragen")
            await page.get_by_role("button", name="Antwoord doorgeven").click()
            await (
                page.get_by_role("status").filter(has_text="Wij zoeken een andere datum").wait_for()
            )
            assert "u vroeg om een andere datum (Dan ben ik op werkbezoek" in await page.inner_text(
                "main"
            )

            await page.goto(f"{intake}/medewerker/aanmelden")
            await page.get_by_label("Toegangssleutel").fill("decider-token-0123456789")
            await page.get_by_role("button", name="Aanmelden").click()
            await page.goto(f"{intake}/medewerker/cases/{case_id}")
            await reload_until(page, "open vraag: een andere datum gevraagd")
            text = await page.inner_text("main")
            assert "(case-eigenaar): vraagt een andere datum: Dan ben ik op werkbezoek" in text
            await page.locator("summary", has_text="Verplaatsen").click()
            await page.get_by_label("Nieuwe datum").fill("2026-04-21")
            await page.get_by_label("Begintijd").fill("14:00")
            await page.get_by_label("Reden voor de genodigden").fill("Op verzoek van de eigenaar.")
            assert await page.get_by_label(
                "Meteen vastzetten: met de eigenaar afgesproken"
            ).is_checked()
            await shot(page, "console-datum-verplaatsen")
            await page.get_by_role("button", name="Sessie verplaatsen").click()
            await page.get_by_role("status").filter(has_text="De sessie is verplaatst").wait_for()
            [(case, session_id, starts_at, _)] = scheduling.requests
            assert (case, session_id) == (case_id, session.session_id)
            assert starts_at.isoformat() == "2026-04-21T14:00:00+02:00"
            assert scheduling.fixed_moves == [True]
            assert scheduling.answers[case_id] == []  # the open question is closed
            await browser.close()
