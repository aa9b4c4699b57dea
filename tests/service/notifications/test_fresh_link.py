"""The expired-link page's promise: the person gets a fresh link at the address on file."""

from __future__ import annotations

import asyncio
import datetime as dt
import re

import pytest
from aio_pika.abc import AbstractRobustConnection

from services.notifications.service_layer.samples import sample_event
from shared.capabilities import PERSON_PAGE, CapabilitySigner
from shared.clock import ManualClock
from shared.contracts.intake import PersonLinkRequested
from shared.messaging.topology import Topology
from shared.people import participant_id
from tests.service.notifications.harness import (
    MONDAY_MORNING,
    notification_settings,
    notifications,
    publish,
)
from tests.support.mail import SmtpServer
from tests.unit.notifications.composed import as_event

pytestmark = pytest.mark.service
INTAKE = "https://intake.example.org"
PAGE = re.compile(re.escape(INTAKE) + r"/mijn/(\S+)")


async def test_a_learner_who_asks_for_a_fresh_link_gets_one_that_opens_their_page(
    namespace: str,
    rabbitmq_url: str,
    mongodb_url: str,
    amqp: AbstractRobustConnection,
    topology: Topology,
    smtp: SmtpServer,
) -> None:
    enrolled = sample_event("participant.enrolled")
    learner = enrolled.data.participant  # type: ignore[attr-defined]
    person = participant_id(learner.participant_id)
    late_evening = MONDAY_MORNING.replace(hour=22)  # quiet hours hold nothing they asked for
    settings = notification_settings(
        namespace, rabbitmq_url, mongodb_url, smtp.port, intake_public_url=INTAKE
    )
    clock = ManualClock(MONDAY_MORNING)
    async with notifications(settings, clock):
        await publish(amqp, topology, enrolled)
        await smtp.inbox.wait_for(1)
        clock.set(late_evening)
        for event_id, who in (("ask-1", person), ("ask-2", participant_id("p-never-mailed"))):
            request = PersonLinkRequested(person_id=who, generation=3, requested_at=late_evening)
            await publish(amqp, topology, as_event(request, event_id))
        await smtp.inbox.wait_for(2)
        await asyncio.sleep(0.5)  # nothing goes to someone the directory does not know
    assert len(smtp.inbox.messages) == 2
    fresh = smtp.inbox.messages[1]
    assert learner.email in str(fresh["To"])
    body = fresh.get_body(("plain",))
    assert body is not None and "nieuwe link" in body.get_content()
    found = PAGE.search(body.get_content())
    assert found is not None
    signer = CapabilitySigner.from_secret("test-secret")
    granted = signer.verify(found.group(1), PERSON_PAGE, MONDAY_MORNING + dt.timedelta(days=90))
    assert granted is not None and granted.subject == person and granted.generation == 3
