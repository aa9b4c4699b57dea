"""E-learning bookings over the API: capacity holds under a race, invites follow the booking."""

from __future__ import annotations

import asyncio

import pytest
from aio_pika.abc import AbstractRobustConnection

from services.scheduling.bootstrap import build_app
from services.scheduling.settings import SchedulingSettings
from shared.clock import ManualClock
from shared.messaging.topology import Topology
from shared.people import participant_id
from tests.service.scheduling.conftest import STAFF
from tests.service.scheduling.test_cohort_attendance import enrolled, ids, publish
from tests.support.bus import EventSpy
from tests.support.services import running
from tests.support.waiting import wait_until_async

pytestmark = pytest.mark.service

ELEARNING = {
    "cohort_id": "el-2026",
    "format": "e-learning",
    "title": "E-learning Participatie",
    "start_date": "2026-03-09",
    "coaches": [{"name": "Tina Trainer", "email": "tina@example.org"}],
    "training_capacity": 2,
}


async def test_three_learners_race_for_two_places_and_the_third_is_offered_the_next_training(
    settings: SchedulingSettings,
    clock: ManualClock,
    spy: EventSpy,
    amqp: AbstractRobustConnection,
    topology: Topology,
) -> None:
    now = clock.now()
    async with running(build_app(settings, clock)) as http:
        assert (await http.post("/api/cohorts", json=ELEARNING, headers=STAFF)).status_code == 201
        for n in (1, 2, 3):
            await publish(amqp, topology, enrolled(n, now, "el-2026"), "el-2026", now)

        async def members_known() -> bool:
            answer = await http.get("/api/cohorts/el-2026/members", headers=STAFF)
            return len([m for m in answer.json() if m["enrolled"]]) == 3

        await wait_until_async(members_known, timeout=10)
        sessions = (await http.get("/api/cohorts/el-2026/sessions", headers=STAFF)).json()
        first, second = (s["session"]["session_id"] for s in sessions["sessions"][:2])
        url = "/api/cohorts/el-2026/bookings"
        answers = await asyncio.gather(
            *(
                http.post(url, json={"participant_id": f"p{n}", "session_id": first}, headers=STAFF)
                for n in (1, 2, 3)
            )
        )
        assert sorted(a.status_code for a in answers) == [200, 200, 409]
        [full] = [a for a in answers if a.status_code == 409]
        assert full.json() == {"detail": "Deze training is vol.", "next_session_id": second}
        listed = (await http.get(url, headers=STAFF)).json()["trainings"]
        assert len(listed[0]["participants"]) == 2 and listed[1]["participants"] == []

        loser = next(f"p{n}" for n in (1, 2, 3) if f"p{n}" not in listed[0]["participants"])
        taken = await http.post(
            url, json={"participant_id": loser, "session_id": second}, headers=STAFF
        )
        assert taken.status_code == 200
        changed = await spy.wait_for("session.attendees_changed", 3)
        invited = {
            (e["data"]["session"]["session_id"], a["person_id"])
            for e in changed
            for a in e["data"]["added"]
        }
        assert (second, participant_id(loser)) in invited and len(invited) == 3
        updated = await spy.wait_for("cohort.updated", 3)
        offer = updated[-1]["data"]["cohort"]["offered_sessions"]
        assert [(o["booked"], o["capacity"]) for o in offer[:2]] == [(2, 2), (1, 2)]

        # The learner switches back is refused (full), then cancels: one cancellation for them.
        again = await http.post(
            url, json={"participant_id": loser, "session_id": first}, headers=STAFF
        )
        assert again.status_code == 409
        cancelled = await http.delete(f"{url}/{loser}", headers=STAFF)
        assert cancelled.status_code == 200
        changed = await spy.wait_for("session.attendees_changed", 4)
        assert ids(changed[-1]["data"]["removed"]) == {participant_id(loser)}
        assert changed[-1]["data"]["session"]["session_id"] == second
        stranger = await http.post(
            url, json={"participant_id": "p9", "session_id": first}, headers=STAFF
        )
        assert stranger.status_code == 422
        assert stranger.json()["detail"][0]["field"] == "participant_id"
