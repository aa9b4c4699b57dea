"""Planning in consultation: the owner's answers kept per session; staff confirm the date."""

from __future__ import annotations

import datetime as dt

import icalendar
import pytest
from aio_pika.abc import AbstractRobustConnection

from services.scheduling.bootstrap import build_app
from services.scheduling.settings import SchedulingSettings
from shared.clock import ManualClock
from shared.messaging.topology import Topology
from shared.people import owner_id
from tests.service.scheduling.conftest import STAFF, accepted, cohort_body, event_bytes
from tests.support.bus import EventSpy, publish_raw
from tests.support.services import running

pytestmark = pytest.mark.service


async def test_the_owner_asks_another_date_and_staff_confirm_it_for_every_invitee(
    settings: SchedulingSettings,
    clock: ManualClock,
    spy: EventSpy,
    amqp: AbstractRobustConnection,
    topology: Topology,
) -> None:
    async with running(build_app(settings, clock)) as http:
        assert (await http.post("/api/cohorts", json=cohort_body(), headers=STAFF)).is_success
        body = event_bytes(accepted("c1", "lc-2026-03", clock.now()), "c1", clock.now())
        await publish_raw(amqp, topology, "case.accepted", body)
        overview = (await spy.wait_for("trajectory.scheduled"))[0]["data"]
        step2 = overview["sessions"][1]
        invites = [e["data"]["session"] for e in await spy.wait_for("session.scheduled", 4)]
        assert all(s["tentative"] and "STATUS:TENTATIVE" in s["ics"] for s in invites)
        base = f"/api/trajectories/c1/sessions/{step2['session_id']}"
        owner = owner_id("c1")

        learner = {"person_id": "participant-0", "answer": "fits"}
        refused = await http.post(f"{base}/date-answers", json=learner, headers=STAFF)
        assert refused.status_code == 422 and refused.json()["detail"][0]["field"] == "person_id"
        asked = {"person_id": owner, "answer": "other_date", "reason": "Dan ben ik weg."}
        answered = await http.post(f"{base}/date-answers", json=asked, headers=STAFF)
        assert answered.status_code == 200, answered.text
        listed = (await http.get("/api/trajectories/c1/date-answers", headers=STAFF)).json()
        [open_question] = [a for s in listed["sessions"] for a in s["answers"]]
        assert (open_question["role"], open_question["reason"]) == ("owner", "Dan ben ik weg.")

        confirmed = await http.post(f"{base}/confirm", headers=STAFF)
        assert confirmed.status_code == 200, confirmed.text
        event = (await spy.wait_for("session.rescheduled"))[0]["data"]
        same = dt.datetime.fromisoformat(event["previous_starts_at"])
        assert event["confirmed"] and same == dt.datetime.fromisoformat(step2["starts_at"])
        (vevent,) = icalendar.Calendar.from_ical(event["session"]["ics"]).walk("VEVENT")
        assert (str(vevent["STATUS"]), int(str(vevent["SEQUENCE"]))) == ("CONFIRMED", 1)
        assert len(event["session"]["attendees"]) == len(step2["attendees"])
        listed = (await http.get("/api/trajectories/c1/date-answers", headers=STAFF)).json()
        assert all(not s["answers"] for s in listed["sessions"])  # the question is closed
        assert (await http.post(f"{base}/confirm", headers=STAFF)).status_code == 409
