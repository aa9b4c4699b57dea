"""The owner gives feedback on the draft from the draft mail's link (headless Chromium)."""

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
from services.notifications.adapters.documents import FakeDocumentFetcher
from services.notifications.bootstrap import build_app as build_notifications
from shared.clock import ManualClock
from shared.contracts.base import Contact
from shared.contracts.scheduling import Attendee, AttendeeRole
from shared.messaging.topology import Topology
from shared.people import coach_id
from tests.browser.portal_support import CHROMIUM_ARGS, shot
from tests.service.intake.conftest import NOW, TOKENS, Bus, submission_json
from tests.service.notifications.harness import notification_settings
from tests.support.bus import EventSpy
from tests.support.mail import SmtpServer
from tests.support.services import settings_for
from tests.support.serving import serving
from tests.support.waiting import wait_until
from tests.unit.intake.timeline_samples import SESSIONS, draft, scheduled

pytestmark = pytest.mark.browser
CHROMIUM = Path("/usr/bin/chromium")
COACH = Contact(name="Carla Coach", email="carla.coach@example.org")
FEEDBACK_LINK = re.compile(r"https?://[^\s\"<>]+/mijn/[^\s\"<>]+/feedback")
COMMENT = "Vergeet de ouders van de basisschool niet."


def _plain(smtp: SmtpServer, address: str, needle: str) -> list[str]:
    return [
        text.replace("\r\n", "\n")
        for m in smtp.inbox.to(address)
        if (body := m.get_body(("plain",))) is not None
        and needle in (text := str(body.get_content()))
    ]


@pytest.mark.skipif(not CHROMIUM.exists(), reason="Chromium is not installed")
async def test_the_owner_gives_feedback_from_the_draft_mail_and_the_coach_reads_it(
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
        the_draft = draft(case_id="")
        files = FakeDocumentFetcher(
            {d.url: b"%PDF-1.4 concept\n%%EOF\n" for d in the_draft.downloads}
        )
        with serving(build_notifications(mails, ManualClock(NOW), fetcher=files)):
            async with httpx.AsyncClient(base_url=intake) as http:
                made = await http.post("/api/cases", json=submission_json(title="Zonneweide"))
                case_id = made.json()["case_id"]
            await spy.wait_for("case.screened")
            coach = Attendee(
                person_id=coach_id(COACH.email),
                name=COACH.name,
                email=COACH.email,
                role=AttendeeRole.COACH,
            )
            planned = scheduled(case_id).model_copy(
                update={
                    "coaches": [COACH],
                    "sessions": [s.model_copy(update={"attendees": [coach]}) for s in SESSIONS],
                }
            )
            bus = Bus(amqp, topology)
            await bus.publish(planned, subject=case_id)
            await bus.publish(draft(case_id), subject=case_id)
            owner = draft(case_id).owner.email
            await wait_until(lambda: bool(_plain(smtp, owner, "/feedback")), timeout=20)
            link = FEEDBACK_LINK.search(_plain(smtp, owner, "/feedback")[-1])
            assert link is not None and link.group(0).startswith(f"{intake}/mijn/")
            await _feedback_in_the_browser(link.group(0))
            await wait_until(lambda: bool(_plain(smtp, COACH.email, COMMENT)), timeout=20)
            [told] = _plain(smtp, COACH.email, COMMENT)
            assert f"Betrokkenen en publieksgroepen:\n{COMMENT}" in told
            assert "stakeholders" not in told


async def _feedback_in_the_browser(link: str) -> None:
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = await browser.new_page(locale="nl-NL")
        await page.goto(link)
        await page.get_by_role("heading", name="Uw feedback op het concept").wait_for()
        await page.get_by_label("Betrokkenen en publieksgroepen").fill(COMMENT)
        await shot(page, "mijn-feedback")
        await page.get_by_role("button", name="Feedback versturen").click()
        await page.get_by_role("status").filter(has_text="doorgestuurd naar de coaches").wait_for()
        main = await page.inner_text("main")
        assert "Wat u al hebt gestuurd" in main and COMMENT in main
        assert "tot het begin van de feedbacksessie" in main  # and more may follow
        await page.get_by_role("link", name="Terug naar uw pagina").click()
        await page.get_by_role("link", name="Uw feedback op het concept").wait_for()
        await browser.close()
