"""Scheduling under test: the in-process app on the real broker and database, a movable clock."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from pymongo import AsyncMongoClient

from services.scheduling.settings import SchedulingSettings
from shared.clock import ManualClock
from shared.contracts.base import EventData
from shared.contracts.envelope import new_event
from shared.persistence.mongo import Document
from shared.persistence.timers import TimerRepository
from tests.support.services import settings_for
from tests.unit.scheduling.twin import accepted as accepted  # one builder for both tiers

TOKEN = "staff-token-for-tests"
STAFF = {"Authorization": f"Bearer {TOKEN}"}
START = dt.datetime(2026, 2, 20, 8, 0, tzinfo=dt.UTC)
COACHES = [
    {"name": "Anna de Vries", "email": "anna@example.org"},
    {"name": "Bert Jansen", "email": "bert@example.org"},
]


@pytest.fixture
def clock() -> ManualClock:
    """Friday 20 February 2026, before the cohort of 9 March starts."""
    return ManualClock(START)


@pytest.fixture
def settings(namespace: str, rabbitmq_url: str, mongodb_url: str) -> SchedulingSettings:
    """Fast polling, one staff token, query checks on."""
    return settings_for(
        SchedulingSettings,
        namespace,
        rabbitmq_url,
        mongodb_url,
        staff_tokens=json.dumps(
            {t: {"name": "Planner", "role": "decider"} for t in ("other-token", TOKEN)}
        ),
        timer_poll_seconds=0.05,
        public_base_url="http://testserver",
    )


@pytest.fixture
def timers(mongo: AsyncMongoClient[Document], settings: SchedulingSettings) -> TimerRepository:
    """The timers collection as the service sees it, for looking inside."""
    return TimerRepository(mongo[settings.database_name("scheduling")], check_queries=True)


def event_bytes(data: EventData, subject: str, now: dt.datetime) -> bytes:
    """A valid CloudEvent as intake or documents would publish it."""
    return new_event(data, source="/samenspel/intake", subject=subject, now=now).to_json()


def cohort_body(cohort_id: str = "lc-2026-03", **extra: Any) -> dict[str, Any]:
    """A leercase cohort starting Monday 9 March 2026 (DST, Easter and King's Day inside)."""
    return {
        "cohort_id": cohort_id,
        "format": "leercase",
        "title": "Leercase voorjaar 2026",
        "start_date": "2026-03-09",
        "coaches": COACHES,
        "meeting_url": "https://teams.example.org/leercase",
        **extra,
    }
