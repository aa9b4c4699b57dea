"""A mail that failed for good, resent by a decider from the staff console, arrives once."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from aio_pika.abc import AbstractRobustConnection

from services.intake.adapters.notifications_client import HttpNotificationsClient
from services.intake.bootstrap import build_app as build_intake
from services.intake.settings import IntakeSettings
from services.notifications.service_layer.samples import OWNER, sample_event
from shared.clock import ManualClock
from shared.messaging.topology import Topology
from tests.service.intake.test_console import DECIDER_TOKEN, csrf, sign_in
from tests.service.notifications.harness import (
    MONDAY_MORNING,
    TOKEN,
    notification_settings,
    notifications,
    publish,
)
from tests.service.notifications.test_exactly_once import RefusingInbox
from tests.service.notifications.test_mail_outage import _serve
from tests.support.bus import EventSpy
from tests.support.services import running, settings_for
from tests.support.waiting import wait_until_async

pytestmark = pytest.mark.service
PAGE = "/medewerker/niet-bezorgd"


async def test_a_failed_mail_resent_from_the_console_arrives_once(
    namespace: str,
    rabbitmq_url: str,
    mongodb_url: str,
    amqp: AbstractRobustConnection,
    topology: Topology,
    spy: EventSpy,
) -> None:
    inbox = RefusingInbox(OWNER.email)  # the owner's mailbox refuses: the mail fails for good
    server = _serve(inbox)
    clock = ManualClock(MONDAY_MORNING)
    intake_settings = settings_for(
        IntakeSettings,
        namespace,
        rabbitmq_url,
        mongodb_url,
        staff_tokens=json.dumps({DECIDER_TOKEN: {"name": "Anna", "role": "decider"}}),
        public_base_url="http://intake.test",
    )
    try:
        mail_settings = notification_settings(namespace, rabbitmq_url, mongodb_url, server.port)
        async with notifications(mail_settings, clock) as mail_api:
            console_app = build_intake(
                intake_settings, clock, mails=HttpNotificationsClient(mail_api, TOKEN)
            )
            async with running(console_app) as console:
                await publish(amqp, topology, sample_event("case.accepted"))
                await spy.wait_for("notification.failed", 1)
                inbox.refused = ""  # the address is fixed
                token = await sign_in(console)
                page = await console.get(PAGE)
                assert page.status_code == 200
                assert (
                    "Ontvanger: case-eigenaar" in page.text and "weigert het bericht" in page.text
                )
                assert OWNER.email not in page.text, "no address on the page"
                action = next(
                    line.split('action="')[1].split('"')[0]
                    for line in page.text.splitlines()
                    if "/opnieuw" in line
                )
                forged = await console.post(action, data={"csrf_token": "nee"})
                assert forged.status_code == 400
                done = await console.post(action, data={"csrf_token": csrf(page.text)})
                assert done.status_code == 303 and done.headers["location"].startswith(PAGE)
                after = await console.get(done.headers["location"])
                assert (
                    "opnieuw verstuurd" in after.text
                    and "Alle berichten zijn bezorgd" in after.text
                )
                clock.advance(dt.timedelta(minutes=1))

                async def arrived() -> bool:
                    return bool(inbox.to(OWNER.email))

                await wait_until_async(arrived, timeout=20)
                again = await console.post(action, data={"csrf_token": token})
                assert again.status_code == 404, "a resent mail is not resent twice"
                await spy.wait_for("notification.sent", 2)  # the staff alert, then the owner's
    finally:
        server.stop()
    assert len(inbox.to(OWNER.email)) == 1, "arrives once"
