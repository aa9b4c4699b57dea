"""Intake's guest lists invite guests to that one session: added, removed, old lists ignored."""

from __future__ import annotations

import datetime as dt

import pytest
from aio_pika.abc import AbstractRobustConnection

from services.scheduling.bootstrap import build_app
from services.scheduling.settings import SchedulingSettings
from shared.clock import ManualClock
from shared.contracts.intake import Guest, SessionGuestsUpdated
from shared.messaging.topology import Topology
from shared.people import PersonKind, owner_id, participant_id, person_id
from tests.service.scheduling.conftest import STAFF, accepted, cohort_body, event_bytes
from tests.service.scheduling.test_cohort_attendance import ATELIER, enrolled, ids, publish
from tests.support.bus import EventSpy, publish_raw
from tests.support.services import running

pytestmark = pytest.mark.service

JET = Guest(name="Jet Jurist", email="jet@example.org", invited_by=participant_id("p1"))


def guests(revision: int, *listed: Guest) -> SessionGuestsUpdated:
    return SessionGuestsUpdated(
        cohort_id="la-2026",
        session_id="la-2026-s4",
        guests=list(listed),
        revision=revision,
        updated_at=dt.datetime(2026, 2, 1, tzinfo=dt.UTC),
    )


async def test_a_guest_is_invited_to_round_four_only_and_uninvited_when_taken_off(
    settings: SchedulingSettings,
    clock: ManualClock,
    spy: EventSpy,
    amqp: AbstractRobustConnection,
    topology: Topology,
) -> None:
    now = clock.now()
    async with running(build_app(settings, clock)) as http:
        assert (await http.post("/api/cohorts", json=ATELIER, headers=STAFF)).status_code == 201
        planned = await spy.wait_for("session.scheduled", 4)
        limits = {
            e["data"]["session"]["step"]: e["data"]["session"]["guest_limit"] for e in planned
        }
        assert limits == {1: 0, 2: 0, 3: 0, 4: 24}
        await publish(amqp, topology, enrolled(1, now), "la-2026", now)
        await spy.wait_for("session.attendees_changed", 4)
        await publish(amqp, topology, guests(1, JET), "la-2026", now)
        [invited] = (await spy.wait_for("session.attendees_changed", 5))[4:]
        jet = person_id(PersonKind.GUEST, "jet@example.org")
        assert invited["data"]["session"]["session_id"] == "la-2026-s4"
        assert ids(invited["data"]["added"]) == {jet}
        assert ids(invited["data"]["session"]["attendees"], "guest") == {jet}
        await publish(amqp, topology, guests(2), "la-2026", now)
        await publish(amqp, topology, guests(1, JET), "la-2026", now)  # late and older: ignored
        [removed] = (await spy.wait_for("session.attendees_changed", 6))[5:]
        assert ids(removed["data"]["removed"]) == {jet}
        listed = (await http.get("/api/cohorts/la-2026/sessions", headers=STAFF)).json()
        assert all(not ids(s["session"]["attendees"], "guest") for s in listed["sessions"])


async def test_the_owners_betrokkenen_are_invited_to_the_main_session_of_their_case_only(
    settings: SchedulingSettings,
    clock: ManualClock,
    spy: EventSpy,
    amqp: AbstractRobustConnection,
    topology: Topology,
) -> None:
    now = clock.now()
    async with running(build_app(settings, clock)) as http:
        assert (await http.post("/api/cohorts", json=cohort_body(), headers=STAFF)).is_success
        case = accepted("c1", "lc-2026-03", now)
        await publish_raw(amqp, topology, "case.accepted", event_bytes(case, "c1", now))
        sessions = await spy.wait_for("session.scheduled", 4)
        main = next(e["data"]["session"] for e in sessions if e["data"]["session"]["step"] == 3)
        assert main["guest_limit"] == 10
        betrokkene = Guest(name="Bea Buurt", email="bea@example.org", invited_by=owner_id("c1"))
        listed = SessionGuestsUpdated(
            cohort_id="lc-2026-03",
            case_id="c1",
            session_id=main["session_id"],
            guests=[betrokkene],
            revision=1,
            updated_at=now,
        )
        await publish(amqp, topology, listed, "c1", now)
        [invited] = await spy.wait_for("session.attendees_changed", 1)
        assert invited["data"]["case_id"] == "c1"
        assert invited["data"]["session"]["session_id"] == main["session_id"]
        assert ids(invited["data"]["added"]) == {person_id(PersonKind.GUEST, "bea@example.org")}
