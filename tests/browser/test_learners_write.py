"""The learners write, the coaches release (headless Chromium): a learner writes a section on
their page, a coach releases the draft from theirs, and the owner's page then lists it."""

from __future__ import annotations

import json
import re
from pathlib import Path

import httpx
import pytest
from aio_pika.abc import AbstractRobustConnection
from playwright.async_api import Page, async_playwright

from services.documents.bootstrap import build_app as build_documents
from services.documents.settings import DocumentsSettings
from services.intake.bootstrap import build_app
from services.intake.settings import IntakeSettings
from shared.capabilities import PERSON_PAGE, CapabilitySigner
from shared.clock import ManualClock
from shared.contracts.base import Contact
from shared.contracts.scheduling import Attendee, AttendeeRole
from shared.messaging.topology import Topology
from shared.people import coach_id, owner_id, participant_id
from tests.browser.portal_support import CHROMIUM_ARGS, shot
from tests.service.documents import support as docs
from tests.service.intake.conftest import NOW, TOKENS, Bus, submission_json
from tests.support.bus import EventSpy
from tests.support.services import settings_for
from tests.support.serving import serving
from tests.unit.documents.samples import full_sections
from tests.unit.intake.timeline_samples import SESSIONS, scheduled

pytestmark = pytest.mark.browser
CHROMIUM = Path("/usr/bin/chromium")
SECRET = "test-secret"
COACH = Contact(name="Anke Jansen", email="anke@example.nl")
LEARNER = Attendee(
    person_id=participant_id("p-lotte"),
    name="Lotte Visser",
    email="lotte@example.nl",
    role=AttendeeRole.PARTICIPANT,
)
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
QUESTION = "Hoe richten we de zonneweide zo in dat de buurt er zelf ook beter van wordt?"


def _page(intake: str, person_id: str) -> str:
    return f"{intake}/mijn/{CapabilitySigner.from_secret(SECRET).sign(PERSON_PAGE, person_id)}"


@pytest.mark.skipif(not CHROMIUM.exists(), reason="Chromium is not installed")
async def test_a_learner_writes_a_coach_releases_and_the_owner_sees_the_draft(
    namespace: str,
    rabbitmq_url: str,
    mongodb_url: str,
    amqp: AbstractRobustConnection,
    topology: Topology,
    spy: EventSpy,
) -> None:
    staff = json.dumps({"staff-token": {"name": "Programmabureau", "role": "decider"}})
    documents = settings_for(
        DocumentsSettings,
        namespace,
        rabbitmq_url,
        mongodb_url,
        secret_key=SECRET,
        public_base_url=docs.BASE_URL,
        staff_tokens=staff,
    )
    with serving(build_documents(documents, ManualClock(docs.NOW))) as documents_url:
        settings = settings_for(
            IntakeSettings,
            namespace,
            rabbitmq_url,
            mongodb_url,
            staff_tokens=json.dumps(TOKENS),
            public_base_url="http://127.0.0.1",
            secret_key=SECRET,
            documents_url=documents_url,
            scheduling_token="staff-token",
        )
        with serving(build_app(settings, ManualClock(NOW))) as intake:
            async with httpx.AsyncClient(base_url=intake) as http:
                made = await http.post("/api/cases", json=submission_json(title="Zonneweide"))
                case_id = made.json()["case_id"]
            bus = Bus(amqp, topology)
            await bus.publish(docs.accepted(case_id, coaches=[COACH]), subject=case_id)
            coach = Attendee(
                person_id=coach_id(COACH.email),
                name=COACH.name,
                email=COACH.email,
                role=AttendeeRole.COACH,
            )
            attendees = [coach, LEARNER]
            planned = scheduled(case_id).model_copy(
                update={
                    "coaches": [COACH],
                    "sessions": [s.model_copy(update={"attendees": attendees}) for s in SESSIONS],
                }
            )
            await bus.publish(planned, subject=case_id)
            await spy.wait_for("documents.ready")  # the approach is open in documents
            async with httpx.AsyncClient(base_url=documents_url) as http:
                rest = [s for s in full_sections() if s.kind != "participation_question"]
                for content in rest:
                    answer = await http.put(
                        f"/api/cases/{case_id}/approach/sections/{content.kind}",
                        json=content.model_dump(mode="json"),
                        headers={"Authorization": "Bearer staff-token", "If-Match": '"0"'},
                    )
                    assert answer.status_code == 200, answer.text
            await _in_the_browser(
                _page(intake, LEARNER.person_id),
                _page(intake, coach.person_id),
                _page(intake, owner_id(case_id)),
                spy,
            )
            await _an_edit_over_a_stale_version_keeps_the_text(intake, case_id)
            await _staff_release_the_final(intake, case_id, spy)


async def _an_edit_over_a_stale_version_keeps_the_text(intake: str, case_id: str) -> None:
    """A learner saves over the version they saw while another saved first: documents' 409
    becomes a page that says so and keeps what they typed."""
    page = f"{_page(intake, LEARNER.person_id)}/aanpak/{case_id}"
    async with httpx.AsyncClient(timeout=30) as browser:
        form = await browser.get(page)
        token = CSRF.search(form.text)
        assert token
        mine = "Wij bespreken de opbrengst met de dorpsraad."
        sent = await browser.post(
            f"{page}/onderdeel/interpretation",
            data={"csrf_token": token.group(1), "versie": "0", "interpretation": mine},
        )
        assert sent.status_code == 409, sent.text
        assert "Iemand anders heeft dit onderdeel intussen opgeslagen" in sent.text
        assert mine in sent.text


async def _staff_release_the_final(intake: str, case_id: str, spy: EventSpy) -> None:
    """No coach releases the final: staff do it from the console's case page."""
    async with httpx.AsyncClient(base_url=intake, timeout=30) as staff:
        form = await staff.get("/medewerker/aanmelden")
        token = CSRF.search(form.text)
        assert token
        key = {"csrf_token": token.group(1), "toegangssleutel": "decider-token-0123456789"}
        assert (await staff.post("/medewerker/aanmelden", data=key)).status_code in (302, 303)
        page = await staff.get(f"/medewerker/cases/{case_id}")
        token = CSRF.search(page.text)
        assert token and "Definitieve aanpak vrijgeven" in page.text, page.text
        url = f"/medewerker/cases/{case_id}/vrijgeven/final"
        sent = await staff.post(url, data={"csrf_token": token.group(1)})
        assert sent.status_code == 303, sent.text
        done = await staff.get(sent.headers["location"])
        assert "Vrijgegeven: de case-eigenaar ontvangt de versie per e-mail." in done.text
    [final] = await spy.wait_for("final.delivered")
    assert final["data"]["released_by"] == "het programmabureau"


async def _open_the_approach(page: Page, link: str) -> None:
    await page.goto(link)
    await page.get_by_role("link", name="De participatieaanpak voor ‘Zonneweide").click()
    await page.get_by_role("heading", name="De participatieaanpak schrijven").wait_for()


async def _in_the_browser(learner: str, coach: str, owner: str, spy: EventSpy) -> None:
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = await browser.new_page(locale="nl-NL")
        await _open_the_approach(page, learner)
        assert await page.get_by_role("button", name="Het concept vrijgeven").count() == 0
        section = page.locator("#participation_question")
        await section.get_by_label("De participatievraag").fill(QUESTION)
        await section.get_by_label("Het vraagstuk erachter").fill(
            "De gemeente wil energieneutraal worden; de weide raakt veertig huishoudens."
        )
        await section.get_by_role("button", name="Opslaan").click()
        await page.get_by_role("status").filter(has_text="opgeslagen").wait_for()
        await shot(page, "mijn-aanpak-deelnemer")

        await _open_the_approach(page, coach)
        written = page.locator("#participation_question").get_by_label("De participatievraag")
        assert await written.input_value() == QUESTION  # the learner's text, as saved
        await page.get_by_role("button", name="Het concept vrijgeven").click()
        await page.get_by_role("status").filter(has_text="Vrijgegeven").wait_for()
        await shot(page, "mijn-aanpak-coach")
        await spy.wait_for("draft.delivered")

        await page.goto(owner)
        for _ in range(40):  # intake learns of the draft from documents' event
            if "versie 1" in await page.inner_text("main"):
                break
            await page.wait_for_timeout(250)
            await page.reload()
        main = await page.inner_text("main")
        assert "oncept" in main and "versie 1" in main, main
        await browser.close()
