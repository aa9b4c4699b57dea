"""A whole 8-week leercase from `case.accepted` to the final deadline, with a moved clock."""

from __future__ import annotations

import asyncio
import datetime as dt

import icalendar
import pytest
from aio_pika.abc import AbstractRobustConnection

from services.scheduling.bootstrap import build_app
from services.scheduling.settings import SchedulingSettings
from shared.clock import ManualClock
from shared.contracts.base import Contact
from shared.contracts.documents import DraftDelivered
from shared.messaging.topology import Topology
from shared.persistence.timers import PENDING, TimerRepository
from tests.service.scheduling.conftest import STAFF, accepted, cohort_body, event_bytes
from tests.support.bus import EventSpy, publish_raw
from tests.support.services import running
from tests.support.waiting import wait_until_async

pytestmark = pytest.mark.service

EXPECTED = [
    ("session.reminder_due", "2026-03-05T08:00:00+00:00"),  # Startsessie, Mon 9 Mar
    ("session.reminder_due", "2026-03-12T08:00:00+00:00"),  # Verhelderingssessie, Mon 16 Mar
    ("session.reminder_due", "2026-03-19T08:00:00+00:00"),  # Hoofdsessie, Mon 23 Mar
    ("deliverable.due", "2026-04-07T07:00:00+00:00"),  # draft window: Easter Monday skipped
    ("session.reminder_due", "2026-04-16T07:00:00+00:00"),  # Feedbacksessie, Mon 20 Apr
    ("deliverable.due", "2026-04-28T07:00:00+00:00"),  # final window: King's Day skipped
    ("deliverable.overdue", "2026-05-01T15:00:00+00:00"),  # final not delivered, end of wk 8
]


async def pending(timers: TimerRepository) -> list[tuple[str, str]]:
    found = await timers.due(dt.datetime(2100, 1, 1, tzinfo=dt.UTC), limit=100)
    return [(t.state.kind, t.state.due_at.isoformat()) for t in found if t.state.status == PENDING]


async def test_eight_weeks_in_seconds_every_event_once_in_order(
    settings: SchedulingSettings,
    clock: ManualClock,
    spy: EventSpy,
    amqp: AbstractRobustConnection,
    topology: Topology,
    timers: TimerRepository,
) -> None:
    async with running(build_app(settings, clock)) as http:
        assert (await http.post("/api/cohorts", json=cohort_body(), headers=STAFF)).is_success
        case = accepted("c1", "lc-2026-03", clock.now())
        await publish_raw(amqp, topology, "case.accepted", event_bytes(case, "c1", clock.now()))
        overview = (await spy.wait_for("trajectory.scheduled"))[0]["data"]
        sessions = await spy.wait_for("session.scheduled", 4)

        starts = [s["starts_at"] for s in overview["sessions"]]
        assert starts == [
            "2026-03-09T14:00:00+01:00",
            "2026-03-16T14:00:00+01:00",
            "2026-03-23T14:00:00+01:00",
            "2026-04-20T14:00:00+02:00",  # same local hour after the DST change
        ]
        assert [c["email"] for c in overview["coaches"]] == ["anna@example.org", "bert@example.org"]
        invite = icalendar.Calendar.from_ical(sessions[0]["data"]["session"]["ics"])
        assert invite["method"] == "REQUEST"
        assert invite.walk("VTIMEZONE")
        assert sessions[0]["data"]["session"]["ics_url"].startswith("http://testserver/calendar/")

        first_draft_due = ("deliverable.overdue", "2026-04-17T15:00:00+00:00")
        wanted = sorted([*EXPECTED, first_draft_due])

        async def all_timers_set() -> bool:  # timers are synced just after the events are owed
            return sorted(await pending(timers)) == wanted

        await wait_until_async(all_timers_set, timeout=5)

        seen_before = len(spy.messages)
        for number, (key, due) in enumerate(EXPECTED, start=1):
            clock.set(dt.datetime.fromisoformat(due) - dt.timedelta(seconds=1))
            await asyncio.sleep(0.15)
            assert len(spy.messages) == seen_before + number - 1, f"{key} fired early"
            clock.set(dt.datetime.fromisoformat(due))
            count = len([k for k, _ in EXPECTED[:number] if k == key])
            await spy.wait_for(key, count)
            if key == "deliverable.due" and number == 4:  # documents deliver the draft in time
                delivered = DraftDelivered(
                    case_id="c1",
                    version=1,
                    delivered_at=clock.now(),
                    owner=Contact(name="Olga", email="olga@gemeente.example.nl"),
                    downloads=[],
                )
                body = event_bytes(delivered, "c1", clock.now())
                await publish_raw(amqp, topology, "draft.delivered", body)
                await spy.wait_for("draft.delivered")
                seen_before += 1
        clock.advance(dt.timedelta(weeks=4))
        await asyncio.sleep(0.5)

    timeline = [m.routing_key for m in spy.messages]
    fired = [key for key in timeline if key in {k for k, _ in EXPECTED}]
    assert fired == [key for key, _ in EXPECTED]
    ids = [e["id"] for e in spy.events()]
    assert len(ids) == len(set(ids)), "an event was published twice"
    final_overdue = spy.events("deliverable.overdue")
    assert [e["data"]["deliverable"]["kind"] for e in final_overdue] == ["final"]
    assert await pending(timers) == []
