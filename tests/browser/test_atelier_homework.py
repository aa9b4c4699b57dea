"""Leeratelier homework (headless Chromium): a participant hands in a text and a file from their
page, a wrong file first; the round's trainer opens their page, reads it and downloads the file."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import httpx
import pytest
from aio_pika.abc import AbstractRobustConnection
from playwright.async_api import FilePayload, Page, async_playwright

from services.documents.bootstrap import build_app as build_documents
from services.documents.settings import DocumentsSettings
from services.intake.bootstrap import build_app
from services.intake.settings import IntakeSettings
from shared.capabilities import PERSON_PAGE, CapabilitySigner
from shared.clock import ManualClock
from shared.contracts.base import ProgrammeFormat
from shared.contracts.scheduling import Attendee, AttendeeRole, CohortPlanned
from shared.messaging.topology import Topology
from shared.people import PersonKind, person_id
from tests.browser.axe import CONTEXT
from tests.browser.portal_support import CHROMIUM_ARGS, seen
from tests.service.documents import support as docs
from tests.service.intake.conftest import NOW, TOKENS, Bus
from tests.service.intake.test_person_page import (
    ATELIER,
    _page_has,
    learner,
    round_one,
    scheduled,
)
from tests.support.services import settings_for
from tests.support.serving import serving
from tests.unit.intake.factories import cohort

pytestmark = pytest.mark.browser
CHROMIUM = Path("/usr/bin/chromium")
SECRET = "test-secret"
TRAINER = Attendee(
    person_id=person_id(PersonKind.TRAINER, "tess@example.nl"),
    name="Tess de Trainer",
    email="tess@example.nl",
    role=AttendeeRole.TRAINER,
)
TEXT = "Onze participatievraag: hoe betrekken we de wijk bij het nieuwe plein?"
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
PDF = b"%PDF-1.7\n% de verordening van onze gemeente\n"


def _page(intake: str, who: str) -> str:
    return f"{intake}/mijn/{CapabilitySigner.from_secret(SECRET).sign(PERSON_PAGE, who)}"


@pytest.mark.skipif(not CHROMIUM.exists(), reason="Chromium is not installed")
async def test_a_participant_hands_in_homework_and_the_trainer_downloads_it(
    namespace: str,
    rabbitmq_url: str,
    mongodb_url: str,
    amqp: AbstractRobustConnection,
    topology: Topology,
) -> None:
    staff = json.dumps({"staff-token": {"name": "Programmabureau", "role": "decider"}})
    documents = settings_for(
        DocumentsSettings, namespace, rabbitmq_url, mongodb_url,
        secret_key=SECRET, public_base_url=docs.BASE_URL, staff_tokens=staff,
    )  # fmt: skip
    with serving(build_documents(documents, ManualClock(docs.NOW))) as documents_url:
        settings = settings_for(
            IntakeSettings, namespace, rabbitmq_url, mongodb_url,
            staff_tokens=json.dumps(TOKENS), public_base_url="http://127.0.0.1",
            secret_key=SECRET, documents_url=documents_url,
            documents_public_url=documents_url, scheduling_token="staff-token",
        )  # fmt: skip
        with serving(build_app(settings, ManualClock(NOW))) as intake:
            anna = learner(0)
            atelier = cohort(
                cohort_id=ATELIER, format=ProgrammeFormat.LEERATELIER,
                title="Leeratelier voorjaar 2026", start_date=dt.date(2026, 3, 28),
            )  # fmt: skip
            bus = Bus(amqp, topology)
            await bus.publish(CohortPlanned(cohort=atelier))
            await bus.publish(scheduled(round_one([anna, TRAINER])))
            async with httpx.AsyncClient(base_url=intake) as http:
                mine = _page(intake, anna.person_id).removeprefix(intake)
                await _page_has(http, mine, "Uw huiswerk inleveren")
            async with async_playwright() as p:
                browser = await p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
                page = await browser.new_page(**CONTEXT, accept_downloads=True)
                await _hand_in(page, _page(intake, anna.person_id))
                await _trainer_downloads(page, _page(intake, TRAINER.person_id), anna.name)
                await browser.close()
            await _staff_count_it(intake)


async def _hand_in(page: Page, mine: str) -> None:
    await page.goto(mine)
    await page.get_by_role("link", name="Uw huiswerk inleveren of bekijken").click()
    await page.get_by_role("heading", name="Huiswerk voor Ronde 1").wait_for()
    await page.get_by_label("Uw huiswerk").fill(TEXT)
    upload = page.get_by_label("Bestand (niet verplicht)")
    await upload.set_input_files(
        files=FilePayload(name="script.exe", mimeType="application/pdf", buffer=b"MZ\x90\x00")
    )
    await page.get_by_role("button", name="Huiswerk inleveren").click()
    alert = page.get_by_role("alert")
    await alert.filter(has_text="Bestand: kies een bestand van het soort PDF").wait_for()
    assert await page.get_by_label("Uw huiswerk").input_value() == TEXT  # kept what was typed
    await upload.set_input_files(
        files=FilePayload(name="Verordening.pdf", mimeType="application/pdf", buffer=PDF)
    )
    await page.get_by_role("button", name="Huiswerk inleveren").click()
    await page.get_by_role("status").filter(has_text="Uw huiswerk is ingeleverd").wait_for()
    main = await page.inner_text("main")
    assert (
        TEXT in main
        and "huiswerk-deelnemer-0-verordening.pdf" in main
        and "Huiswerk vervangen" in main
    ), main
    await seen(page, "mijn-huiswerk-deelnemer")


async def _trainer_downloads(page: Page, theirs: str, name: str) -> None:
    await page.goto(theirs)
    await page.get_by_role("link", name="Ingeleverd huiswerk bekijken").click()
    await page.get_by_role("heading", name=name).wait_for()
    assert TEXT in await page.inner_text("main")
    await seen(page, "mijn-huiswerk-trainer")
    async with page.expect_download() as started:
        await page.get_by_role("link", name="Download").click()
    download = await started.value
    assert download.suggested_filename.endswith("verordening.pdf")
    assert Path(await download.path()).read_bytes() == PDF


async def _staff_count_it(intake: str) -> None:
    """The console's cohort page counts the hand-ins per round (from documents)."""
    async with httpx.AsyncClient(base_url=intake, timeout=30) as staff:
        form = await staff.get("/medewerker/aanmelden")
        token = CSRF.search(form.text)
        assert token
        key = {"csrf_token": token.group(1), "toegangssleutel": "decider-token-0123456789"}
        assert (await staff.post("/medewerker/aanmelden", data=key)).status_code in (302, 303)
        page = await staff.get(f"/medewerker/cohorten/{ATELIER}")
        assert "Huiswerk per ronde" in page.text, page.text
        assert "Ronde 1: visie en fundament (28 maart 2026): 1 deelnemer(s) ingeleverd" in page.text
