"""Staff divide a leercase round's learners over its cases in the console (headless Chromium)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import httpx
import pytest
from aio_pika.abc import AbstractRobustConnection
from playwright.async_api import async_playwright

from services.intake.bootstrap import build_app
from services.intake.settings import IntakeSettings
from services.notifications.bootstrap import build_app as build_notifications
from shared.clock import ManualClock
from shared.contracts.scheduling import CohortPlanned
from shared.messaging.topology import Topology
from tests.browser.axe import CONTEXT
from tests.browser.portal_support import CHROMIUM_ARGS, seen
from tests.service.intake.conftest import DECIDER, NOW, REGISTRAR, TOKENS, Bus, submission_json
from tests.service.notifications.harness import notification_settings
from tests.support.bus import EventSpy
from tests.support.mail import SmtpServer
from tests.support.services import settings_for
from tests.support.serving import serving
from tests.support.waiting import wait_until, wait_until_async
from tests.unit.intake.factories import cohort, participant

pytestmark = pytest.mark.browser
CHROMIUM = Path("/usr/bin/chromium")
ROUND = "leercase-2026-2"
MAIL_LINK = re.compile(r"https?://[^\s\"<>]+/mijn/[^\s\"<>]+")


async def _round_with_two_cases(intake: str, bus: Bus, spy: EventSpy) -> None:
    await bus.publish(CohortPlanned(cohort=cohort()))
    async with httpx.AsyncClient(base_url=intake) as http:

        async def known() -> bool:
            answer = await http.get(f"/api/cohorts/{ROUND}", headers=DECIDER)
            return answer.status_code == 200

        await wait_until_async(known)
        for n in range(4):
            body = participant(n).model_dump(mode="json")
            await http.post(f"/api/cohorts/{ROUND}/registrations", json=body, headers=REGISTRAR)
        for title in ("Speeltuin Oost", "Schoolplein West"):
            case = (await http.post("/api/cases", json=submission_json(title=title))).json()
            await http.post(
                f"/api/cases/{case['case_id']}/accept", json={"cohort_id": ROUND}, headers=DECIDER
            )
            await spy.wait_for("case.accepted")
    await spy.wait_for("participant.assigned", 6)  # 4 on the first case, then 2 moved


@pytest.mark.skipif(not CHROMIUM.exists(), reason="Chromium is not installed")
async def test_staff_assign_a_learner_who_then_sees_the_case_on_their_page(
    namespace: str,
    rabbitmq_url: str,
    mongodb_url: str,
    amqp: AbstractRobustConnection,
    topology: Topology,
    spy: EventSpy,
    smtp: SmtpServer,
) -> None:
    settings = settings_for(
        IntakeSettings,
        namespace,
        rabbitmq_url,
        mongodb_url,
        staff_tokens=json.dumps(TOKENS),
        public_base_url="http://127.0.0.1",
        secret_key="test-secret",
    )
    with serving(build_app(settings, ManualClock(NOW))) as intake:
        mails = notification_settings(
            namespace, rabbitmq_url, mongodb_url, smtp.port, intake_public_url=intake
        )
        with serving(build_notifications(mails, ManualClock(NOW))):
            await _staff_move_a_learner_who_opens_the_mail(intake, amqp, topology, spy, smtp)


async def _staff_move_a_learner_who_opens_the_mail(
    intake: str,
    amqp: AbstractRobustConnection,
    topology: Topology,
    spy: EventSpy,
    smtp: SmtpServer,
) -> None:
    await _round_with_two_cases(intake, Bus(amqp, topology), spy)
    before = {
        e["data"]["participant"]["participant_id"]: e["data"]
        for e in spy.events("participant.assigned")
    }
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = await browser.new_page(**CONTEXT)
        await page.goto(f"{intake}/medewerker/aanmelden")
        await page.get_by_label("Toegangssleutel").fill("decider-token-0123456789")
        await page.get_by_role("button", name="Aanmelden").click()
        await page.get_by_role("link", name="Groepen").click()
        await page.get_by_role("link", name="Leercase Challenge voorjaar 2026").click()
        await page.get_by_role("heading", name="Leercase Challenge voorjaar 2026").wait_for()
        assert "Speeltuin Oost: 2 deelnemer(s)" in await page.inner_text("main")

        learner = next(pid for pid, a in before.items() if a["case_title"] == "Speeltuin Oost")
        name = f"Deelnemer {learner.split('-')[1]}"
        await page.get_by_label(f"Case voor {name}").select_option(label="Schoolplein West")
        await seen(page, "console-groep-indelen")
        await page.get_by_role("button", name=f"Indelen {name}").click()
        await page.get_by_role("status").filter(has_text="De deelnemer is ingedeeld").wait_for()
        text = await page.inner_text("main")
        assert (
            "Schoolplein West: 3 deelnemer(s)" in text and "ingedeeld door een medewerker" in text
        )

        moved = (await spy.wait_for("participant.assigned", 7))[-1]["data"]
        assert moved["participant"]["participant_id"] == learner
        assert moved["case_title"] == "Schoolplein West"
        assert moved["revision"] > before[learner]["revision"]

        address = moved["participant"]["email"]

        def told() -> list[str]:
            return [
                str(body.get_content())
                for m in smtp.inbox.to(address)
                if (body := m.get_body(("plain",))) is not None
                and "Schoolplein West" in str(body.get_content())
            ]

        await wait_until(lambda: bool(told()), timeout=20)
        link = MAIL_LINK.search(told()[-1])
        assert link is not None, "the assignment mail carries the learner's page link"
        assert link.group(0).startswith(f"{intake}/mijn/")
        await page.goto(link.group(0))
        await page.get_by_role("heading", name=f"Welkom, {name}").wait_for()
        assert "U werkt aan de case ‘Schoolplein West’" in await page.inner_text("main")
        await seen(page, "mijn-pagina-deelnemer")
        await browser.close()
