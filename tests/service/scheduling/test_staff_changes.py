"""Planning failures reach staff; staff move and cancel sessions; calendars over HTTP."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac

import icalendar
import pytest
from aio_pika.abc import AbstractRobustConnection

from services.scheduling.bootstrap import build_app
from services.scheduling.settings import SchedulingSettings
from shared.capabilities import CapabilitySigner
from shared.clock import ManualClock
from shared.messaging.topology import Topology
from shared.persistence.timers import CANCELLED, TimerRepository
from shared.settings import PLACEHOLDER_SECRET
from tests.service.scheduling.conftest import STAFF, accepted, cohort_body, event_bytes
from tests.support.bus import EventSpy, dead_letters, publish_raw
from tests.support.services import running
from tests.support.waiting import wait_until_async

pytestmark = pytest.mark.service
OTHERS = [
    {"name": "Carla Peeters", "email": "carla@example.org"},
    {"name": "Dirk Smit", "email": "dirk@example.org"},
]


async def test_double_booked_coaches_fail_with_a_reason_and_can_be_planned_again(
    settings: SchedulingSettings,
    clock: ManualClock,
    spy: EventSpy,
    amqp: AbstractRobustConnection,
    topology: Topology,
) -> None:
    async with running(build_app(settings, clock)) as http:
        for cohort in ("lc-a", "lc-b"):  # same dates, same two coaches
            assert (
                await http.post("/api/cohorts", json=cohort_body(cohort), headers=STAFF)
            ).is_success
        for case, cohort in (("c1", "lc-a"), ("c2", "lc-b")):
            body = event_bytes(accepted(case, cohort, clock.now()), case, clock.now())
            await publish_raw(amqp, topology, "case.accepted", body)
        await spy.wait_for("trajectory.scheduled")

        async def failed() -> bool:
            answer = await http.get("/api/trajectories/c2", headers=STAFF)
            return answer.status_code == 200 and answer.json()["status"] == "failed"

        await wait_until_async(failed)
        reason = (await http.get("/api/trajectories/c2", headers=STAFF)).json()["reason"]
        assert "Anna de Vries is al ingepland" in reason
        letters = await dead_letters(amqp, topology, "scheduling")
        assert len(letters) == 1 and "planning of case c2 failed" in str(letters[0].headers)
        [alert] = await spy.wait_for("trajectory.planning_failed")
        assert alert["data"]["case_id"] == "c2"
        assert "Anna de Vries is al ingepland" in alert["data"]["reason"]

        retry = await http.post("/api/trajectories/c2/plan", headers=STAFF)
        assert retry.status_code == 409
        change = {"coaches": OTHERS}
        assert (await http.patch("/api/cohorts/lc-b", json=change, headers=STAFF)).is_success
        retry = await http.post("/api/trajectories/c2/plan", headers=STAFF)
        assert retry.status_code == 200 and retry.json()["status"] == "planned"
        scheduled = await spy.wait_for("trajectory.scheduled", 2)
    assert [c["name"] for c in scheduled[1]["data"]["coaches"]] == ["Carla Peeters", "Dirk Smit"]


async def test_reschedule_and_cancel_sessions_with_invites_and_deadlines_following(
    settings: SchedulingSettings,
    clock: ManualClock,
    spy: EventSpy,
    amqp: AbstractRobustConnection,
    topology: Topology,
    timers: TimerRepository,
) -> None:
    async with running(build_app(settings, clock)) as http:
        assert (await http.post("/api/cohorts", json=cohort_body(), headers=STAFF)).is_success
        body = event_bytes(accepted("c1", "lc-2026-03", clock.now()), "c1", clock.now())
        await publish_raw(amqp, topology, "case.accepted", body)
        overview = (await spy.wait_for("trajectory.scheduled"))[0]["data"]
        main_session = overview["sessions"][2]["session_id"]
        await wait_until_async(  # timers are synced just after the events are owed
            lambda: _exists(timers, "deliverable-overdue:c1:draft"), timeout=5
        )
        draft_before = await timers.get("deliverable-overdue:c1:draft")
        base = f"/api/trajectories/c1/sessions/{main_session}"

        saturday = {"starts_at": "2026-03-28T14:00:00+01:00"}
        refused = await http.post(f"{base}/reschedule", json=saturday, headers=STAFF)
        assert refused.status_code == 422
        assert refused.json()["detail"][0]["field"] == "starts_at"
        missing = await http.post(
            "/api/trajectories/c1/sessions/nope/cancel", json={}, headers=STAFF
        )
        assert missing.status_code == 404

        later = {"starts_at": "2026-03-25T14:00:00+01:00", "reason": "Zaal bezet"}
        moved = await http.post(f"{base}/reschedule", json=later, headers=STAFF)
        assert moved.status_code == 200, moved.text
        event = (await spy.wait_for("session.rescheduled"))[0]["data"]
        assert event["session"]["sequence"] == 1
        assert event["previous_starts_at"] == "2026-03-23T13:00:00Z"
        assert "SEQUENCE:1" in event["session"]["ics"]
        draft_after = await timers.get("deliverable-overdue:c1:draft")
        assert draft_before and draft_after
        # two working days later (Mon 23 -> Wed 25 March): Fri 17 -> Tue 21 April, 17:00
        assert draft_before.state.due_at == dt.datetime(2026, 4, 17, 15, 0, tzinfo=dt.UTC)
        assert draft_after.state.due_at == dt.datetime(2026, 4, 21, 15, 0, tzinfo=dt.UTC)

        second = overview["sessions"][1]["session_id"]
        cancel = f"/api/trajectories/c1/sessions/{second}/cancel"
        assert (await http.post(cancel, json={"reason": "Ziek"}, headers=STAFF)).status_code == 200
        assert (await http.post(cancel, json={}, headers=STAFF)).status_code == 409
        withdrawn = (await spy.wait_for("session.cancelled"))[0]["data"]["session"]
        assert icalendar.Calendar.from_ical(withdrawn["ics"])["method"] == "CANCEL"
        reminder = await timers.get(f"reminder:{second}")
        assert reminder is not None and reminder.state.status == CANCELLED

        link = overview["sessions"][2]["ics_url"].removeprefix("http://testserver")
        assert "?" not in link  # no token travels in an event (design.md, "Links for people")
        invite = await http.get(link, headers=STAFF)
        assert invite.status_code == 200
        assert invite.headers["content-type"].startswith("text/calendar")
        assert "SEQUENCE:1" in invite.text and "TZID=Europe/Amsterdam" in invite.text
        assert (await http.get(link)).status_code == 401
        # A link of the earlier format (a token sealed for the path, once in events and on the
        # owner's portal): the Dutch 410 page that mails the owner a fresh link to their page.
        sealed = CapabilitySigner.from_secret(PLACEHOLDER_SECRET).seal("calendar-file", link)
        gone = await http.get(link, params={"token": sealed})
        assert gone.status_code == 410 and gone.headers["content-type"].startswith("text/html")
        assert "Deze agendalink werkt niet meer" in gone.text
        assert 'action="http://localhost:8001/mijn/nieuwe-link"' in gone.text
        older = hmac.new(PLACEHOLDER_SECRET.encode(), link.encode(), hashlib.sha256).hexdigest()
        assert (await http.get(link, params={"token": older[:32]})).status_code == 410
        assert (await http.get(link, params={"token": "geraden"})).status_code == 401
        assert (await http.get(link, headers=STAFF)).status_code == 200
        feed = await http.get("/calendar/cohorts/lc-2026-03.ics", headers=STAFF)
        assert feed.status_code == 200
        events = icalendar.Calendar.from_ical(feed.text).walk("VEVENT")
        assert len(events) == 4
        assert sorted(str(e["status"]) for e in events).count("CANCELLED") == 1


async def _exists(timers: TimerRepository, key: str) -> bool:
    return await timers.get(key) is not None
