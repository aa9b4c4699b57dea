"""A new owner and a staff member click through the whole trajectory in headless Chromium."""

from __future__ import annotations

import re
from pathlib import Path

import httpx
import pytest
from aio_pika.abc import AbstractRobustConnection
from playwright.async_api import Page, async_playwright

from shared.messaging.topology import Topology
from tests.browser.axe import CONTEXT, assert_accessible
from tests.browser.keyboard import choose, tab_to, type_into
from tests.browser.portal_support import (
    CHROMIUM_ARGS,
    STAFF_TOKEN,
    as_staff,
    coach,
    plan_cohort,
    reload_until,
    seen,
    start_all,
)
from tests.e2e.processes import ServiceProcesses
from tests.support.bus import publish_raw
from tests.support.waiting import wait_until_async
from tests.unit.documents.samples import full_sections
from tests.unit.intake.factories import CONCRETE_DESCRIPTION

pytestmark = [pytest.mark.browser, pytest.mark.e2e]
CHROMIUM = Path("/usr/bin/chromium")
TITLE = "Speelnatuur in het Wilhelminapark"


async def _submit(page: Page, intake: str) -> None:
    await page.goto(f"{intake}/aanmelden")
    await page.get_by_label("Naam", exact=True).fill("Fatima el Amrani")
    await page.get_by_label("Functie of rol").fill("Beleidsadviseur")
    await page.get_by_label("Organisatie").fill("Gemeente Utrecht")
    await page.get_by_label("E-mailadres", exact=True).fill("fatima@gemeente.example")
    await page.get_by_label("Titel van uw case").fill(TITLE)
    await page.get_by_label("Omschrijving van uw case").fill(CONCRETE_DESCRIPTION)
    await page.get_by_label("Het maatschappelijk vraagstuk").fill("Spelen in het groen")
    await page.get_by_label("Gemeente of regio").fill("Utrecht")
    for number in ("1.", "2.", "3.", "4.", "5."):
        await page.get_by_role("group", name=number).get_by_label("Ja", exact=True).check()
    await seen(page, "01-aanmeldformulier")
    await page.get_by_role("button", name="Case aanmelden").click()
    await page.get_by_role("heading", name="Uw aanmelding is ontvangen").wait_for()


async def _staff_accepts(page: Page, intake: str, cohort_title: str) -> str:
    """Sign in and accept the case with the keyboard only."""
    await page.goto(f"{intake}/medewerker")
    assert page.url.endswith("/medewerker/aanmelden"), "no session: sent to sign-in"
    await type_into(page, page.get_by_label("Toegangssleutel"), STAFF_TOKEN)
    await seen(page, "03-medewerker-aanmelden")
    await page.keyboard.press("Enter")
    await page.get_by_role("heading", name="Nieuwe aanmeldingen").wait_for()
    await reload_until(page, TITLE)  # screening runs on the consumer path
    await reload_until(page, "Werkdagen over")
    await seen(page, "04-inbox")
    await tab_to(page, page.get_by_role("link", name=TITLE))
    await page.keyboard.press("Enter")
    await page.get_by_role("heading", name=TITLE).wait_for()
    await choose(page, page.get_by_label("Groep"), "leercase-browser")
    await tab_to(page, page.get_by_role("button", name="Case accepteren"))
    await page.keyboard.press("Enter")
    await page.get_by_role("status").filter(has_text="geaccepteerd").wait_for()
    return page.url.split("/cases/")[1].split("?")[0]


async def _write(processes: ServiceProcesses, case_id: str, body: dict[str, object]) -> None:
    """Save one section as the coach; documents opens the case on `case.accepted`, so retry."""

    async def saved() -> bool:
        path = f"/api/cases/{case_id}/approach/sections/{body['kind']}"
        answer = await coach(processes, "PUT", path, json=body, headers={"If-Match": '"0"'})
        return answer.status_code == 200

    await wait_until_async(saved, timeout=15)


@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed")
async def test_owner_submits_staff_accepts_owner_sees_schedule_gives_feedback_gets_final(
    processes: ServiceProcesses, amqp: AbstractRobustConnection, topology: Topology
) -> None:
    start_all(processes)
    intake = processes.url("intake")
    cohort_title = await plan_cohort(processes)

    async def cohort_known() -> bool:
        async with httpx.AsyncClient() as http:
            return cohort_title in (await http.get(f"{intake}/aanmelden")).text

    await wait_until_async(cohort_known, timeout=15)
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        owner = await browser.new_page(viewport={"width": 1100, "height": 900}, **CONTEXT)
        await _submit(owner, intake)
        await seen(owner, "02-bevestiging")
        await owner.get_by_role("link", name="Bekijk de status van uw aanmelding").click()
        await owner.get_by_role("heading", name="Uw aanmelding").wait_for()
        await assert_accessible(owner, "owner's page, just submitted")

        staff = await (await browser.new_context(**CONTEXT)).new_page()
        case_id = await _staff_accepts(staff, intake, cohort_title)
        await reload_until(staff, "Traject gepland")
        await staff.locator("svg.gantt").wait_for()
        await seen(staff, "05-case")

        await reload_until(owner, "Uw planning")
        assert await owner.get_by_role("link", name=re.compile("Zet in mijn agenda")).count() >= 3
        await seen(owner, "06-eigenaar-planning")

        for section in full_sections():  # the cohort writes the approach
            await _write(processes, case_id, section.model_dump(mode="json"))
        drafted = await as_staff(processes, "POST", f"/api/cases/{case_id}/draft")
        assert drafted.status_code == 201, drafted.text

        await reload_until(owner, "Uw feedback op het concept")
        await owner.get_by_label("Planning", exact=True).fill("Graag een extra avond in oktober.")
        await owner.get_by_label("Algemene opmerking").fill("Heel bruikbaar, dank!")
        await seen(owner, "07-eigenaar-feedback")
        await owner.get_by_role("button", name="Feedback versturen").click()
        await owner.get_by_role("status").filter(has_text="Uw feedback is verstuurd").wait_for()

        async def feedback_arrived() -> bool:
            answer = await coach(processes, "GET", f"/api/cases/{case_id}/approach")
            notes = answer.json().get("feedback", [])
            return [n["comment"] for n in notes] == [
                "Graag een extra avond in oktober.",
                "Heel bruikbaar, dank!",
            ]

        await wait_until_async(feedback_arrived, timeout=15)
        final = await as_staff(processes, "POST", f"/api/cases/{case_id}/final")
        assert final.status_code == 201, final.text
        await reload_until(owner, "Uw definitieve participatieaanpak is klaar")
        pdf = owner.get_by_role("link", name=re.compile("PDF van definitieve"))
        download = await owner.request.get(str(await pdf.get_attribute("href")))
        assert download.status == 200 and download.headers["content-type"] == "application/pdf"
        await seen(owner, "08-eigenaar-definitief")
        phone = await browser.new_page(
            viewport={"width": 390, "height": 844}, is_mobile=True, **CONTEXT
        )
        await phone.goto(owner.url)
        await seen(phone, "09-eigenaar-telefoon")

        await staff.get_by_role("link", name="Groepen").click()
        await staff.get_by_role("heading", name="Groepen").wait_for()
        await seen(staff, "10-cohorten")
        await publish_raw(amqp, topology, "case.submitted", b'{"id": "kapot-1", "niet": "geldig"}')
        await staff.get_by_role("link", name="Foutberichten").click()
        await reload_until(staff, "kapot-1")
        await seen(staff, "11-foutberichten")
        await browser.close()
