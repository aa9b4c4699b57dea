"""Every format's sessions planned on its cohort: e-learning half a year ahead, network hosts."""

from __future__ import annotations

import asyncio
import datetime as dt

import httpx
import icalendar
import pytest
from aio_pika.abc import AbstractRobustConnection

from services.scheduling.bootstrap import build_app
from services.scheduling.settings import SchedulingSettings
from shared.clock import ManualClock
from shared.contracts.intake import Participant, ParticipantEnrolled
from shared.messaging.topology import Topology
from tests.service.scheduling.conftest import STAFF, event_bytes
from tests.support.bus import EventSpy, publish_raw
from tests.support.services import running
from tests.support.waiting import wait_until

pytestmark = pytest.mark.service
TRAINER = {"name": "Tina Trainer", "email": "tina@example.org"}


async def test_e_learning_trainings_reach_half_a_year_ahead_as_time_passes(
    settings: SchedulingSettings,
    clock: ManualClock,
    spy: EventSpy,
    amqp: AbstractRobustConnection,
    topology: Topology,
) -> None:
    body = {
        "cohort_id": "el-2026",
        "format": "e-learning",
        "title": "E-learning 2026",
        "start_date": "2026-03-02",
        "coaches": [TRAINER],
        "training_capacity": 10,
        "meeting_url": "https://teams.example.org/training",
    }
    async with running(build_app(settings, clock)) as http:
        assert (await http.post("/api/cohorts", json=body, headers=STAFF)).status_code == 201
        first = await spy.wait_for("session.scheduled", 5)
        sessions = [e["data"]["session"] for e in first]
        assert {s["capacity"] for s in sessions} == {10}
        assert all([a["role"] for a in s["attendees"]] == ["trainer"] for s in sessions)
        assert sessions[0]["meeting_url"] == "https://teams.example.org/training"
        offer = (await spy.wait_for("cohort.planned"))[0]["data"]["cohort"]["offered_sessions"]
        assert [o["session_id"] for o in offer] == [s["session_id"] for s in sessions]
        assert {o["capacity"] for o in offer} == {10}
        learner = Participant(participant_id="p1", name="Lea", email="lea@example.org")
        enrolled = ParticipantEnrolled(
            cohort_id="el-2026", participant=learner, enrolled_at=clock.now()
        )
        await publish_raw(
            amqp, topology, enrolled.routing_key, event_bytes(enrolled, "el", clock.now())
        )
        await spy.wait_for("participant.enrolled")

        clock.set(dt.datetime(2026, 3, 2, 9, 30, tzinfo=dt.UTC))  # the first training began
        await asyncio.sleep(0.3)  # still half a year ahead: nothing new
        assert len(spy.events("session.scheduled")) == 5
        clock.set(dt.datetime(2026, 4, 20, 8, 30, tzinfo=dt.UTC))  # the second one began
        await spy.wait_for("session.scheduled", 6)
        last = spy.events("session.scheduled")[-1]["data"]["session"]
        assert dt.datetime.fromisoformat(last["starts_at"]) >= clock.now() + dt.timedelta(weeks=26)
        updated = (await spy.wait_for("cohort.updated"))[0]["data"]["cohort"]
        assert updated["offered_sessions"][-1]["session_id"] == last["session_id"]
        assert len(updated["offered_sessions"]) == 4  # the trainings still to come
        shown = (await http.get("/api/cohorts/el-2026", headers=STAFF)).json()
        assert [o["starts_at"] for o in shown["offered_sessions"]] == [
            o["starts_at"] for o in updated["offered_sessions"]
        ]
        assert updated["offered_sessions"][0]["starts_at"].endswith("+02:00")  # local time
        await asyncio.sleep(0.3)
    assert spy.events("session.attendees_changed") == []  # learners book one (next issue)


async def test_network_meetings_in_brussels_with_hosts_and_their_calendar_files(
    settings: SchedulingSettings, clock: ManualClock, spy: EventSpy
) -> None:
    body = {
        "cohort_id": "ln-2026",
        "format": "lerend-netwerk",
        "title": "Lerend Netwerk jaargang 2026",
        "start_date": "2026-09-15",
        "location": "Herman Teirlinckgebouw, Brussel",
        "coaches": [TRAINER],
        "hosts": [{"meeting": 3, "host": "Stad Gent", "location": "Stadhuis, Botermarkt 1, Gent"}],
    }
    async with running(build_app(settings, clock)) as http:
        made = await http.post("/api/cohorts", json=body, headers=STAFF)
        assert made.status_code == 201, made.text
        assert made.json()["country"] == "BE" and made.json()["hosts"][0]["meeting"] == 3
        events = await spy.wait_for("session.scheduled", 5)
        meetings = sorted((e["data"]["session"] for e in events), key=lambda s: s["step"])
        assert [m.get("host") for m in meetings] == [None, None, "Stad Gent", None, None]
        assert meetings[2]["location"].endswith("Gent") and meetings[0]["location"].endswith(
            "Brussel"
        )
        assert all(m["timezone"] == "Europe/Brussels" for m in meetings)
        assert {m["starts_at"][11:19] for m in meetings} == {"09:30:00"}
        url = httpx.URL(meetings[2]["ics_url"])
        assert not url.query  # people's calendar links are minted per person, never in events
        answer = await http.get(url.path, headers=STAFF)
        assert answer.status_code == 200 and answer.headers["content-type"].startswith(
            "text/calendar"
        )
        invite = icalendar.Calendar.from_ical(answer.text)
        assert invite["method"] == "REQUEST"
        assert (await http.get(url.path)).status_code == 401  # no staff: no file

        bad = {**body, "cohort_id": "ln-x", "hosts": [{"meeting": 9, "host": "X"}]}
        refused = await http.post("/api/cohorts", json=bad, headers=STAFF)
        assert refused.status_code == 422 and refused.json()["detail"][0]["field"] == "hosts"
        weekend = {
            "cohort_id": "lg-x",
            "format": "leergang",
            "title": "L",
            "start_date": "2026-09-12",
            "location": "Zwolle",
        }
        refused = await http.post("/api/cohorts", json=weekend, headers=STAFF)
        assert refused.status_code == 422 and refused.json()["detail"][0]["field"] == "start_date"
        await wait_until(lambda: len(spy.events("cohort.planned")) == 1)


async def test_staff_move_and_cancel_one_leergang_day_and_a_re_plan_keeps_their_choice(
    settings: SchedulingSettings, clock: ManualClock, spy: EventSpy
) -> None:
    body = {
        "cohort_id": "lg-2026",
        "format": "leergang",
        "title": "Leergang voorjaar 2026",
        "start_date": "2026-03-12",  # second Thursday
        "location": "Zwolle",
        "coaches": [TRAINER],
    }
    async with running(build_app(settings, clock)) as http:
        assert (await http.post("/api/cohorts", json=body, headers=STAFF)).status_code == 201
        planned = await spy.wait_for("session.scheduled", 4)
        days = [e["data"]["session"] for e in planned]
        assert [d["starts_at"][:10] for d in days] == [
            "2026-03-12",
            "2026-04-09",
            "2026-05-21",  # 14 May is Ascension Day: one week later
            "2026-06-11",
        ]
        assert "Hemelvaartsdag" in days[2]["moved_reason"]
        base = "/api/cohorts/lg-2026/sessions"
        day2, day3 = days[1]["session_id"], days[2]["session_id"]
        move = {"starts_at": "2026-04-16T09:30:00+02:00", "reason": "Zaal niet beschikbaar"}
        moved = await http.post(f"{base}/{day2}/reschedule", json=move, headers=STAFF)
        assert moved.status_code == 200, moved.text
        holiday = {"starts_at": "2026-04-27T09:30:00+02:00"}  # King's Day
        refused = await http.post(f"{base}/{day2}/reschedule", json=holiday, headers=STAFF)
        assert refused.status_code == 422
        assert (await http.post(f"{base}/{day3}/cancel", json={}, headers=STAFF)).status_code == 200
        again = await http.post(f"{base}/{day3}/cancel", json={}, headers=STAFF)
        assert again.status_code == 409
        assert (await http.post(f"{base}/nope/cancel", json={}, headers=STAFF)).status_code == 404
        rescheduled = (await spy.wait_for("session.rescheduled", 1))[0]["data"]
        assert rescheduled["reason"] == "Zaal niet beschikbaar"
        assert rescheduled["session"]["sequence"] == 1
        assert rescheduled["format"] == "leergang"

        changed = await http.patch(
            "/api/cohorts/lg-2026", json={"location": "Deventer"}, headers=STAFF
        )
        assert changed.status_code == 200
        updates = await spy.wait_for("session.rescheduled", 4)
        after = {e["data"]["session"]["session_id"]: e["data"]["session"] for e in updates[1:]}
        assert set(after) == {days[0]["session_id"], day2, days[3]["session_id"]}
        assert after[day2]["starts_at"] == "2026-04-16T09:30:00+02:00"
        assert after[day2]["sequence"] == 2 and after[day2]["location"] == "Deventer"
        listed = (await http.get(base, headers=STAFF)).json()["sessions"]
        assert [s["cancelled"] for s in listed] == [False, False, True, False]
    assert len(spy.events("session.cancelled")) == 1
