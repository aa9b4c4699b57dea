"""A new owner fills the form with the keyboard only; axe checks each page; the receipt arrives."""

from __future__ import annotations

import asyncio
import datetime as dt
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
from shared.capabilities import PERSON_PAGE, CapabilitySigner, person_page_path
from shared.clock import ManualClock
from shared.people import participant_id
from tests.browser.axe import CONTEXT, assert_accessible
from tests.browser.keyboard import tab_to, type_into
from tests.service.intake.conftest import NOW, TOKENS
from tests.support.bus import EventSpy
from tests.support.mail import SmtpServer
from tests.support.services import running, settings_for
from tests.support.serving import serving
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
    await tab_to(page, group.get_by_role("radio").first)
    radio = group.get_by_label(answer, exact=True)
    for _ in range(2):
        if await radio.evaluate("el => el === document.activeElement"):
            break
        await page.keyboard.press("ArrowRight")
    await page.keyboard.press("Space")
    assert await radio.is_checked()


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
        page = await browser.new_page(**CONTEXT)
        await page.goto(f"{intake_url}/aanmelden")
        await assert_accessible(page, "the form")
        label = page.get_by_label
        await type_into(page, label("Naam", exact=True), "Anne de Vries")
        await type_into(page, label("Functie of rol"), "Projectleider")
        await type_into(page, label("Organisatie"), "Gemeente Zwolle")
        await type_into(page, label("E-mailadres", exact=True), "anne.devries@")  # a typo
        await type_into(page, label("Omschrijving van uw case"), CONCRETE_DESCRIPTION)
        await type_into(page, label("Het maatschappelijk vraagstuk"), "Leegstand")
        await type_into(page, label("Gemeente of regio"), "Zwolle")
        # The optional start date is left out: the order its keys take is the browser's locale.
        for number in ("1.", "2.", "3.", "4.", "5."):
            await _answer(page, number, "Ja")
        await tab_to(page, page.get_by_role("button", name="Case aanmelden"))
        await page.keyboard.press("Enter")

        await page.get_by_role("heading", name="Controleer het formulier").wait_for()
        assert await page.evaluate("document.activeElement.id") == "owner_email"
        summary = await page.get_by_role("alert").inner_text()
        assert "titel" in summary.lower()
        assert await label("Naam", exact=True).input_value() == "Anne de Vries"
        await assert_accessible(page, "the form with errors")

        await page.keyboard.press("Control+A")  # the focus is on the first field in error
        await page.keyboard.type("anne.devries@example.nl")
        await type_into(page, label("Titel van uw case"), "Nieuwe bestemming voor De Regenboog")
        await tab_to(page, page.get_by_role("button", name="Case aanmelden"))
        await page.keyboard.press("Enter")

        await page.get_by_role("heading", name="Uw aanmelding is ontvangen").wait_for()
        text = await page.inner_text("main")
        assert "maandag 9 maart 2026" in text
        assert await page.get_by_role("link", name="Bekijk de status van uw aanmelding").count()
        await assert_accessible(page, "the confirmation")
        await browser.close()

        messages = await smtp.inbox.wait_for(1, timeout=15)
        assert smtp.inbox.to("anne.devries@example.nl"), [m["To"] for m in messages]


@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed")
async def test_the_pages_for_a_link_that_fails_or_a_refusal_are_accessible_too(
    namespace: str, rabbitmq_url: str, mongodb_url: str
) -> None:
    settings = settings_for(
        IntakeSettings,
        namespace,
        rabbitmq_url,
        mongodb_url,
        staff_tokens=json.dumps(TOKENS),
        secret_key="test-secret",
        form_rate_limit=1,
    )
    signer = CapabilitySigner.from_secret("test-secret")
    expired = signer.sign(PERSON_PAGE, participant_id("p-0"), expires_at=NOW - dt.timedelta(days=1))
    without_checks = "form => { form.noValidate = true; form.requestSubmit(); }"
    with serving(build_intake(settings, ManualClock(NOW))) as intake:
        async with async_playwright() as p:
            browser = await p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
            page = await browser.new_page(**CONTEXT)
            await page.goto(f"{intake}/mijn/onbekend-kenmerk")
            await assert_accessible(page, "an unknown person link")
            await page.goto(f"{intake}{person_page_path(expired)}")
            await page.get_by_role("button").first.wait_for()
            await assert_accessible(page, "an expired person link")
            await page.goto(f"{intake}/eigenaar/onbekend-kenmerk")
            await assert_accessible(page, "an unknown owner link")
            for _ in range(2):  # the second submission within the window is one too many
                await page.goto(f"{intake}/aanmelden")
                async with page.expect_navigation():
                    await page.locator("main form").evaluate(without_checks)
            await page.get_by_role("heading", name="Even geduld").wait_for()
            await assert_accessible(page, "too many submissions")
            await page.goto(f"{intake}/medewerker/aanmelden")
            await page.get_by_label("Toegangssleutel").fill("reader-token-0123456789")
            await page.get_by_role("button", name="Aanmelden").click()
            await page.get_by_role("heading", name="Nieuwe aanmeldingen").wait_for()
            async with page.expect_navigation():  # a reader's decision, without a form's token
                await page.evaluate(
                    """() => { const f = document.createElement('form'); f.method = 'post';
                    f.action = '/medewerker/cases/onbekend/accepteren'; document.body.append(f);
                    f.submit(); }"""
                )
            await page.get_by_role("heading", name="Dat lukte niet").wait_for()
            await assert_accessible(page, "a refused console action")
            await browser.close()
