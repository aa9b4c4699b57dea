"""A new owner fills the form in headless Chromium with labels and keyboard; the receipt arrives."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import uvicorn
from playwright.async_api import Page, async_playwright

from services.intake.bootstrap import build_app as build_intake
from services.intake.settings import IntakeSettings
from services.notifications.bootstrap import build_app as build_notifications
from services.notifications.settings import NotificationsSettings
from shared.clock import ManualClock
from tests.service.intake.conftest import NOW, TOKENS
from tests.support.bus import EventSpy
from tests.support.mail import SmtpServer
from tests.support.services import running, settings_for
from tests.unit.intake.factories import CONCRETE_DESCRIPTION
from tools.mongo_standin import free_port

pytestmark = pytest.mark.browser
CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture
async def intake_url(
    namespace: str, rabbitmq_url: str, mongodb_url: str, spy: EventSpy
) -> AsyncIterator[str]:
    """Intake served over real HTTP on a free port, as a browser needs it."""
    port = free_port()
    settings = settings_for(
        IntakeSettings,
        namespace,
        rabbitmq_url,
        mongodb_url,
        staff_tokens=json.dumps(TOKENS),
        http_port=port,
    )
    config = uvicorn.Config(
        build_intake(settings, ManualClock(NOW)), port=port, log_config=None, access_log=False
    )
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve())
    while not server.started:
        await asyncio.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    await task


async def _answer(page: Page, question: str, answer: str) -> None:
    """Tab into the question's radio group and choose with the keyboard, as a sighted-less user."""
    group = page.get_by_role("group", name=question)
    radio = group.get_by_label(answer, exact=True)
    await radio.focus()
    await page.keyboard.press("Space")


@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed")
async def test_new_owner_fills_in_the_form_sees_errors_then_the_confirmation_and_a_receipt(
    intake_url: str,
    smtp: SmtpServer,
    namespace: str,
    rabbitmq_url: str,
    mongodb_url: str,
) -> None:
    mail = settings_for(
        NotificationsSettings, namespace, rabbitmq_url, mongodb_url, smtp_port=smtp.port
    )
    async with running(build_notifications(mail, ManualClock(NOW))), async_playwright() as p:
        browser = await p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        page = await browser.new_page()
        await page.goto(f"{intake_url}/aanmelden")
        await page.get_by_label("Naam", exact=True).fill("Anne de Vries")
        await page.get_by_label("Functie of rol").fill("Projectleider")
        await page.get_by_label("Organisatie").fill("Gemeente Zwolle")
        await page.get_by_label("E-mailadres", exact=True).fill("anne.devries@")  # a typo
        await page.get_by_label("Omschrijving van uw case").fill(CONCRETE_DESCRIPTION)
        await page.get_by_label("Het maatschappelijk vraagstuk").fill("Leegstand")
        await page.get_by_label("Gemeente of regio").fill("Zwolle")
        await page.get_by_label("Gewenste startdatum").fill("01-06-2026")
        for number in ("1.", "2.", "3.", "4.", "5."):
            await _answer(page, number, "Ja")
        await page.get_by_role("button", name="Case aanmelden").press("Enter")

        await page.get_by_role("heading", name="Controleer het formulier").wait_for()
        assert await page.evaluate("document.activeElement.id") == "owner_email"
        summary = await page.get_by_role("alert").inner_text()
        assert "titel" in summary.lower()
        assert await page.get_by_label("Naam", exact=True).input_value() == "Anne de Vries"

        await page.get_by_label("E-mailadres", exact=True).fill("anne.devries@example.nl")
        await page.get_by_label("Titel van uw case").fill("Nieuwe bestemming voor De Regenboog")
        await page.get_by_role("button", name="Case aanmelden").press("Enter")

        await page.get_by_role("heading", name="Uw aanmelding is ontvangen").wait_for()
        text = await page.inner_text("main")
        assert "maandag 9 maart 2026" in text
        assert await page.get_by_role("link", name="Bekijk de status van uw aanmelding").count()
        await browser.close()

        messages = await smtp.inbox.wait_for(1, timeout=15)
        assert smtp.inbox.to("anne.devries@example.nl"), [m["To"] for m in messages]
