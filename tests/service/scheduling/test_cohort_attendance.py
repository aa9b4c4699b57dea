"""Who attends follows intake's events: enrolments (also early), late ones, withdrawals, moves."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from aio_pika.abc import AbstractRobustConnection
from pymongo import AsyncMongoClient

from services.scheduling.adapters.repositories import CohortRepository
from services.scheduling.bootstrap import build_app
from services.scheduling.settings import SchedulingSettings
from shared.clock import ManualClock
from shared.contracts.base import Person
from shared.contracts.intake import (
    ContentExpertNamed,
    Participant,
    ParticipantAssigned,
    ParticipantEnrolled,
    ParticipantLeft,
)
from shared.messaging.topology import Topology
from shared.people import PersonKind, content_expert_id, participant_id, person_id
from shared.persistence.mongo import Document
from shared.persistence.timers import PENDING, TimerRepository
from tests.service.scheduling.conftest import STAFF, accepted, cohort_body, event_bytes
from tests.support.bus import EventSpy, publish_raw
from tests.support.services import running
from tests.support.waiting import wait_until_async

pytestmark = pytest.mark.service

ROUNDS = ["2026-03-27", "2026-04-17", "2026-05-22", "2026-06-26"]
TRAINER = {"name": "Tina Trainer", "email": "tina@example.org"}
ATELIER = {
    "cohort_id": "la-2026",
    "format": "leeratelier",
    "title": "Leeratelier voorjaar 2026",
    "fixed_dates": ROUNDS,
    "coaches": [TRAINER],
}


def learner(n: int) -> Participant:
    return Participant(participant_id=f"p{n}", name=f"Leerling {n}", email=f"p{n}@example.org")


def ids(attendees: list[dict[str, Any]], role: str | None = None) -> set[str]:
    return {a["person_id"] for a in attendees if role is None or a["role"] == role}


async def publish(
    amqp: AbstractRobustConnection, topology: Topology, data: Any, subject: str, now: dt.datetime
) -> None:
    await publish_raw(amqp, topology, data.routing_key, event_bytes(data, subject, now))


def enrolled(n: int, at: dt.datetime, cohort_id: str = "la-2026") -> ParticipantEnrolled:
    return ParticipantEnrolled(cohort_id=cohort_id, participant=learner(n), enrolled_at=at)


async def test_leeratelier_invites_its_enrolled_and_trainer_and_follows_late_and_leaving_members(
    settings: SchedulingSettings,
    clock: ManualClock,
    spy: EventSpy,
    amqp: AbstractRobustConnection,
    topology: Topology,
    mongo: AsyncMongoClient[Document],
    timers: TimerRepository,
) -> None:
    runs = CohortRepository(mongo[settings.database_name("scheduling")])
    async with running(build_app(settings, clock)) as http:
        # Intake's enrolments arrive before the cohort is planned: kept, not dropped.
        for n in (1, 2, 3):
            await publish(amqp, topology, enrolled(n, clock.now()), "la-2026", clock.now())

        async def three_kept() -> bool:
            stored = await runs.get("la-2026")
            return stored is not None and len(stored.state.members) == 3

        await wait_until_async(three_kept, timeout=10)
        made = await http.post("/api/cohorts", json=ATELIER, headers=STAFF)
        assert made.status_code == 201, made.text
        scheduled = await spy.wait_for("session.scheduled", 4)
        trainer = person_id(PersonKind.TRAINER, "tina@example.org")
        learners = {participant_id(f"p{n}") for n in (1, 2, 3)}
        for event in scheduled:
            data = event["data"]
            assert data["format"] == "leeratelier"
            assert data["cohort_title"] == "Leeratelier voorjaar 2026"
            assert data.get("case_id") is None and event["subject"] == "la-2026"
            assert ids(data["session"]["attendees"]) == {trainer, *learners}
            assert data["session"]["homework"] and data["session"]["guide_steps"]
            assert data["session"]["starts_at"].endswith("T12:00:00+01:00") or data["session"][
                "starts_at"
            ].endswith("T12:00:00+02:00")
            assert data["session"]["ics_url"].startswith("http://testserver/calendar/cohorts/")

        async def four_reminders() -> bool:
            found = await timers.due(dt.datetime(2100, 1, 1, tzinfo=dt.UTC), limit=100)
            mine = [t for t in found if t.state.status == PENDING and t.state.case_id == "la-2026"]
            return len(mine) == 4

        await wait_until_async(four_reminders, timeout=5)

        # Round 2 has taken place: a late enrolment gets rounds 3 and 4 only.
        clock.set(dt.datetime(2026, 4, 20, 8, 0, tzinfo=dt.UTC))
        late = event_bytes(enrolled(4, clock.now()), "la-2026", clock.now())
        for _ in range(2):  # redelivered: the same event id changes nothing the second time
            await publish_raw(amqp, topology, "participant.enrolled", late)
        changed = await spy.wait_for("session.attendees_changed", 2)
        assert sorted(e["data"]["session"]["step"] for e in changed) == [3, 4]
        for event in changed:
            assert ids(event["data"]["added"]) == {participant_id("p4")}
            assert event["data"]["removed"] == []
            assert participant_id("p4") in ids(event["data"]["session"]["attendees"])
            assert event["data"]["session"]["starts_at"].endswith("T12:00:00+02:00")  # local

        left = ParticipantLeft(cohort_id="la-2026", participant=learner(2), left_at=clock.now())
        await publish(amqp, topology, left, "la-2026", clock.now())
        changed = await spy.wait_for("session.attendees_changed", 4)
        for event in changed[2:]:
            assert event["data"]["session"]["step"] in (3, 4)
            assert ids(event["data"]["removed"]) == {participant_id("p2")}
            assert participant_id("p2") not in ids(event["data"]["session"]["attendees"])

        # The reminder of round 3 names today's attendees.
        clock.set(dt.datetime(2026, 5, 20, 7, 0, tzinfo=dt.UTC))  # Wednesday 09:00 local
        reminder = (await spy.wait_for("session.reminder_due", 1))[0]["data"]
        assert reminder["session"]["step"] == 3 and reminder["format"] == "leeratelier"
        assert ids(reminder["session"]["attendees"], "participant") == {
            participant_id(f"p{n}") for n in (1, 3, 4)
        }

        # Staff move round 4 and then cancel the cohort: the change reaches everyone invited.
        moved = [*ROUNDS[:3], "2026-07-03"]
        patch = await http.patch("/api/cohorts/la-2026", json={"fixed_dates": moved}, headers=STAFF)
        assert patch.status_code == 200, patch.text
        rescheduled = (await spy.wait_for("session.rescheduled", 1))[0]["data"]
        assert rescheduled["session"]["step"] == 4 and rescheduled["session"]["sequence"] == 1
        assert rescheduled["previous_starts_at"].startswith("2026-06-26")
        cancel = await http.patch("/api/cohorts/la-2026", json={"cancelled": True}, headers=STAFF)
        assert cancel.status_code == 200
        cancelled = await spy.wait_for("session.cancelled", 2)
        assert sorted(e["data"]["session"]["step"] for e in cancelled) == [3, 4]
        assert all(e["data"]["session"]["cancelled"] for e in cancelled)

        listed = (await http.get("/api/cohorts/la-2026/sessions", headers=STAFF)).json()
        assert [s["cancelled"] for s in listed["sessions"]] == [False, False, True, True]
        members = (await http.get("/api/cohorts/la-2026/members", headers=STAFF)).json()
        assert {m["participant_id"]: m["enrolled"] for m in members} == {
            "p1": True,
            "p2": False,
            "p3": True,
            "p4": True,
        }
    ids_seen = [e["id"] for e in spy.events() if e["source"] == "/samenspel/scheduling"]
    # planned, 4 scheduled, 4 attendees changed, 1 reminder, 2 updated, 1 moved, 2 cancelled
    assert len(ids_seen) == len(set(ids_seen)) == 15
    assert len(spy.events("session.scheduled")) == 4
    assert len(spy.events("session.attendees_changed")) == 4  # the redelivery changed nothing


async def test_leercase_learners_follow_their_assignment_and_the_named_expert_is_invited(
    settings: SchedulingSettings,
    clock: ManualClock,
    spy: EventSpy,
    amqp: AbstractRobustConnection,
    topology: Topology,
) -> None:
    async with running(build_app(settings, clock)) as http:
        assert (await http.post("/api/cohorts", json=cohort_body(), headers=STAFF)).is_success
        cohort = "lc-2026-03"
        # The assignment arrives before the case is accepted: the invites follow at planning.
        first = ParticipantAssigned(
            cohort_id=cohort,
            participant=learner(1),
            case_id="c1",
            revision=1,
            assigned_at=clock.now(),
        )
        await publish(amqp, topology, enrolled(1, clock.now(), cohort), cohort, clock.now())
        await publish(amqp, topology, first, cohort, clock.now())
        await spy.wait_for("participant.assigned")
        case = accepted("c1", cohort, clock.now(), cohort_title="Leercase voorjaar 2026")
        await publish(amqp, topology, case, "c1", clock.now())
        scheduled = await spy.wait_for("session.scheduled", 4)

        async def learner_invited() -> bool:
            # planned with them, or added right after planning if the assignment came later
            changed = spy.events("session.attendees_changed")
            return (
                all(
                    participant_id("p1") in ids(e["data"]["session"]["attendees"])
                    for e in scheduled
                )
                or len(changed) >= 4
            )

        await wait_until_async(learner_invited, timeout=5)
        assert all(e["data"]["format"] == "leercase" for e in scheduled)
        assert all(e["data"]["cohort_title"] == "Leercase voorjaar 2026" for e in scheduled)
        before = len(spy.events("session.attendees_changed"))

        moved = first.model_copy(update={"case_id": None, "revision": 2})
        await publish(amqp, topology, moved, cohort, clock.now())
        stale = first.model_copy(update={"case_id": "c1", "revision": 1})  # older, redelivered
        await publish(amqp, topology, stale, cohort, clock.now())
        removed = (await spy.wait_for("session.attendees_changed", before + 4))[before:]
        assert all(ids(e["data"]["removed"]) == {participant_id("p1")} for e in removed)
        assert all(e["data"]["case_id"] == "c1" for e in removed)

        expert = ContentExpertNamed(
            case_id="c1",
            content_expert=Person(
                name="Eva Expert", role="beleidsadviseur", email="eva@example.nl"
            ),
            named_at=clock.now(),
        )
        await publish(amqp, topology, expert, "c1", clock.now())
        added = (await spy.wait_for("session.attendees_changed", before + 8))[before + 4 :]
        assert all(ids(e["data"]["added"]) == {content_expert_id("c1")} for e in added)
        assert all(a["role"] == "content_expert" for e in added for a in e["data"]["added"])
        trajectory = (await http.get("/api/trajectories/c1", headers=STAFF)).json()
        roles = {a["role"] for a in trajectory["plan"]["sessions"][0]["attendees"]}
        assert roles == {"owner", "coach", "content_expert"}

        # The round is cancelled: every session of its case is withdrawn.
        cancel = await http.patch(f"/api/cohorts/{cohort}", json={"cancelled": True}, headers=STAFF)
        assert cancel.status_code == 200, cancel.text
        cancelled = await spy.wait_for("session.cancelled", 4)
        assert {e["data"]["case_id"] for e in cancelled} == {"c1"}
        assert all("geannuleerd" in e["data"]["reason"] for e in cancelled)
    assert len(spy.events("session.attendees_changed")) == before + 8  # the stale one did nothing
