"""Leergang mentors follow intake's team events: invited to their team's days, and only those."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from aio_pika.abc import AbstractRobustConnection

from services.scheduling.bootstrap import build_app
from services.scheduling.settings import SchedulingSettings
from shared.clock import ManualClock
from shared.contracts.base import Contact
from shared.contracts.intake import ParticipantAssigned, TeamUpdated
from shared.messaging.topology import Topology
from shared.people import PersonKind, person_id
from tests.service.scheduling.conftest import STAFF
from tests.service.scheduling.test_cohort_attendance import enrolled, ids, learner, publish
from tests.support.bus import EventSpy
from tests.support.services import running
from tests.support.waiting import wait_until, wait_until_async

pytestmark = pytest.mark.service

MILA = Contact(name="Mila Mentor", email="mila@example.org")
OMAR = Contact(name="Omar Mentor", email="omar@example.org")


def leergang(cohort_id: str) -> dict[str, Any]:
    return {
        "cohort_id": cohort_id,
        "format": "leergang",
        "title": f"Leergang {cohort_id}",
        "start_date": "2026-03-12",
        "location": "Zwolle",
        "coaches": [{"name": "Tina Trainer", "email": "tina@example.org"}],
    }


def team(team_id: str, mentor: Contact, revision: int = 1, cohort: str = "lg-a") -> TeamUpdated:
    return TeamUpdated(
        cohort_id=cohort,
        team_id=team_id,
        name=f"Team {team_id}",
        mentor=mentor,
        revision=revision,
        updated_at=dt.datetime(2026, 2, 1, tzinfo=dt.UTC),
    )


async def test_each_mentor_is_invited_to_their_own_cohorts_days_and_a_replaced_one_uninvited(
    settings: SchedulingSettings,
    clock: ManualClock,
    spy: EventSpy,
    amqp: AbstractRobustConnection,
    topology: Topology,
) -> None:
    now = clock.now()
    async with running(build_app(settings, clock)) as http:
        for cohort_id in ("lg-a", "lg-b"):
            made = await http.post("/api/cohorts", json=leergang(cohort_id), headers=STAFF)
            assert made.status_code == 201, made.text
        await spy.wait_for("session.scheduled", 8)
        for n, (cohort_id, team_id) in enumerate([("lg-a", "team-1"), ("lg-b", "team-1")]):
            await publish(amqp, topology, enrolled(n, now, cohort_id), cohort_id, now)
            assigned = ParticipantAssigned(
                cohort_id=cohort_id,
                participant=learner(n),
                team_id=team_id,
                revision=1,
                assigned_at=now,
            )
            await publish(amqp, topology, assigned, cohort_id, now)
        await publish(amqp, topology, team("team-1", MILA), "lg-a", now)
        await publish(amqp, topology, team("team-1", OMAR, cohort="lg-b"), "lg-b", now)
        mila = person_id(PersonKind.MENTOR, "mila@example.org")
        omar = person_id(PersonKind.MENTOR, "omar@example.org")

        async def mentors_of(cohort_id: str) -> list[set[str]]:
            answer = await http.get(f"/api/cohorts/{cohort_id}/sessions", headers=STAFF)
            return [ids(s["session"]["attendees"], "mentor") for s in answer.json()["sessions"]]

        async def both_invited() -> bool:
            return (
                await mentors_of("lg-a") == [{mila}] * 4
                and await mentors_of("lg-b") == [{omar}] * 4
            )

        await wait_until_async(both_invited, timeout=10)

        def invited() -> list[dict[str, Any]]:
            changed = spy.events("session.attendees_changed")
            return [e["data"] for e in changed if mila in ids(e["data"]["added"])]

        await wait_until(lambda: len(invited()) >= 4, timeout=10)
        assert len(invited()) == 4 and {e["cohort_id"] for e in invited()} == {"lg-a"}

        # Omar takes over team-1 of lg-a; an older revision arriving late changes nothing.
        await publish(amqp, topology, team("team-1", OMAR, revision=2), "lg-a", now)
        await publish(amqp, topology, team("team-1", MILA, revision=1), "lg-a", now)

        async def replaced() -> bool:
            return await mentors_of("lg-a") == [{omar}] * 4

        await wait_until_async(replaced, timeout=10)

        def uninvited() -> list[dict[str, Any]]:
            changed = spy.events("session.attendees_changed")
            return [e for e in changed if mila in ids(e["data"]["removed"])]

        await wait_until(lambda: len(uninvited()) >= 4, timeout=10)
        assert len(uninvited()) == 4
