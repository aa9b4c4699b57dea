"""An intake service per test, in-process, against the real broker and database."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from aio_pika.abc import AbstractRobustConnection

from services.intake.adapters.scheduling_client import FakeSchedulingClient
from services.intake.bootstrap import build_app
from services.intake.settings import IntakeSettings
from shared.clock import ManualClock
from shared.contracts.base import EventData
from shared.contracts.envelope import new_event
from shared.messaging.topology import Topology
from tests.support.bus import EventSpy, publish_raw
from tests.support.services import running, settings_for

NOW = dt.datetime(2026, 3, 2, 9, 30, tzinfo=dt.UTC)  # a Monday
TOKENS = {
    "decider-token-0123456789": {"name": "Anna (programmabureau)", "role": "decider"},
    "reader-token-0123456789": {"name": "Bram", "role": "reader"},
    "academy-token-0123456789": {"name": "Academieplatform", "role": "registrar"},
}
DECIDER = {"Authorization": "Bearer decider-token-0123456789"}
READER = {"Authorization": "Bearer reader-token-0123456789"}
REGISTRAR = {"Authorization": "Bearer academy-token-0123456789"}

pytestmark = pytest.mark.service


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(NOW)


@pytest.fixture
def intake_settings(namespace: str, rabbitmq_url: str, mongodb_url: str) -> IntakeSettings:
    return settings_for(
        IntakeSettings,
        namespace,
        rabbitmq_url,
        mongodb_url,
        staff_tokens=json.dumps(TOKENS),
        public_base_url="http://intake.test",
        form_rate_limit=3,
    )


@pytest.fixture
async def http(
    intake_settings: IntakeSettings, clock: ManualClock, spy: EventSpy
) -> AsyncIterator[httpx.AsyncClient]:
    """The running service; `spy` first, so the exchange exists before anything publishes."""
    async with running(build_app(intake_settings, clock)) as client:
        yield client


class Bus:
    """Publishes events the way another system would."""

    def __init__(self, amqp: AbstractRobustConnection, topology: Topology) -> None:
        self._amqp = amqp
        self._topology = topology

    async def publish(
        self,
        data: EventData,
        *,
        subject: str | None = None,
        event_id: str | None = None,
        at: dt.datetime = NOW,
    ) -> str:
        event = new_event(
            data, source="https://crm.example.org", subject=subject, now=at, event_id=event_id
        )
        await publish_raw(self._amqp, self._topology, data.routing_key, event.to_json())
        return event.id


@pytest.fixture
def scheduling() -> FakeSchedulingClient:
    """Scheduling's API as intake's pages call it, in memory."""
    return FakeSchedulingClient()


@pytest.fixture
async def site(
    intake_settings: IntakeSettings,
    clock: ManualClock,
    spy: EventSpy,
    scheduling: FakeSchedulingClient,
) -> AsyncIterator[httpx.AsyncClient]:
    """Intake with the in-memory scheduling client (a file may define its own `site`)."""
    async with running(build_app(intake_settings, clock, scheduling=scheduling)) as client:
        yield client


@pytest.fixture
def bus(amqp: AbstractRobustConnection, topology: Topology) -> Bus:
    return Bus(amqp, topology)


def submission_json(**case: Any) -> dict[str, Any]:
    """A JSON submission that passes validation."""
    from tests.unit.intake.factories import CONCRETE_DESCRIPTION

    return {
        "owner": {
            "name": "Anne de Vries",
            "role": "Projectleider",
            "organisation": "Gemeente Zwolle",
            "email": "anne.devries@example.nl",
        },
        "case": {
            "title": "Nieuwe bestemming voor basisschool De Regenboog",
            "description": CONCRETE_DESCRIPTION,
            "societal_issue": "Leegstand van maatschappelijk vastgoed",
            "municipality": "Zwolle",
            "desired_start": "2026-06-01",
            **case,
        },
        "conditions": {
            "societal_and_concrete": True,
            "no_time_pressure": True,
            "owner_is_content_expert": True,
            "can_attend_all_sessions": True,
            "consent_to_share": True,
        },
    }
