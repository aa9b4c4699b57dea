"""An e-learning learner chooses their live training on their page; scheduling holds the places."""

from __future__ import annotations

import datetime as dt

import httpx
import pytest

from services.intake.adapters.scheduling_client import FakeSchedulingClient
from services.intake.settings import IntakeSettings
from shared.capabilities import person_page_path
from shared.contracts.base import ProgrammeFormat
from shared.contracts.intake import ParticipantRegistered
from shared.contracts.scheduling import (
    Attendee,
    AttendeeRole,
    CohortPlanned,
    OfferedSession,
    SessionAttendeesChanged,
    SessionInfo,
)
from shared.people import participant_id
from tests.service.intake.conftest import NOW, Bus
from tests.service.intake.test_console import csrf, sign_in
from tests.service.intake.test_person_page import _page_has, token_for
from tests.support.bus import EventSpy
from tests.unit.intake.factories import cohort, participant

pytestmark = pytest.mark.service

EL = "el-2026"
FIRST = dt.datetime(2026, 4, 9, 11, 0, tzinfo=dt.UTC)  # 13:00 in Amsterdam (summer time)
SECOND = FIRST + dt.timedelta(weeks=7)


def offered(session_id: str, starts: dt.datetime, booked: int) -> OfferedSession:
    return OfferedSession(
        session_id=session_id,
        name="Online training",
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=2),
        timezone="Europe/Amsterdam",
        capacity=2,
        booked=booked,
    )


async def test_a_learner_sees_full_trainings_books_a_free_one_and_is_told_the_next_when_full(
    site: httpx.AsyncClient,
    bus: Bus,
    spy: EventSpy,
    scheduling: FakeSchedulingClient,
    intake_settings: IntakeSettings,
) -> None:
    planned = cohort(
        cohort_id=EL,
        format=ProgrammeFormat.E_LEARNING,
        title="E-learning Participatie",
        start_date=dt.date(2026, 3, 16),
        offered_sessions=[offered("el-2026-t1", FIRST, 2), offered("el-2026-t2", SECOND, 1)],
    )
    await bus.publish(CohortPlanned(cohort=planned))
    await bus.publish(
        ParticipantRegistered(cohort_id=EL, participant=participant(0), registered_at=NOW)
    )
    await spy.wait_for("participant.enrolled")
    mine = person_page_path(token_for(intake_settings, participant_id("p-0")))
    await _page_has(site, mine, "Uw online training")
    page = (await site.get(mine)).text
    assert "donderdag 9 april 2026, 13:00–15:00 uur (vol)" in page
    assert "donderdag 28 mei 2026, 13:00–15:00 uur (nog 1 plaats vrij)" in page
    assert page.count('name="session_id"') == 1  # only the training with a place is offered
    token = csrf(page)

    chosen = await site.post(
        f"{mine}/training/{EL}", data={"csrf_token": token, "session_id": "el-2026-t2"}
    )
    assert chosen.status_code == 303 and chosen.headers["location"].endswith("gedaan=geboekt")
    assert scheduling.bookings == {(EL, "p-0"): "el-2026-t2"}

    # Scheduling invites them (attendees_changed): the page shows their choice and a cancel button.
    me = Attendee(
        person_id=participant_id("p-0"), name="Deelnemer 0", email="deelnemer0@example.nl",
        role=AttendeeRole.PARTICIPANT,
    )  # fmt: skip
    session = SessionInfo(
        session_id="el-2026-t2", step=2, name="Online training", starts_at=SECOND,
        ends_at=SECOND + dt.timedelta(hours=2), timezone="Europe/Amsterdam", online=True,
        meeting_url="https://meet.example.nl/el", attendees=[me], capacity=2,
    )  # fmt: skip
    await bus.publish(
        SessionAttendeesChanged(
            cohort_id=EL, cohort_title="E-learning Participatie", format=ProgrammeFormat.E_LEARNING,
            session=session, added=[me],
        )
    )  # fmt: skip
    await _page_has(site, mine, "U hebt een plaats in de training van")
    page = (await site.get(mine)).text
    assert "uw keuze" in page and "Mijn plaats annuleren" in page
    cancelled = await site.post(f"{mine}/training/{EL}/annuleren", data={"csrf_token": token})
    assert cancelled.status_code == 303 and scheduling.bookings == {}

    scheduling.refuse, scheduling.refuse_next = "Deze training is vol.", "el-2026-t2"
    full = await site.post(
        f"{mine}/training/{EL}", data={"csrf_token": token, "session_id": "el-2026-t1"}
    )
    assert full.status_code == 409
    assert "De eerstvolgende training met een vrije plaats is op donderdag 28 mei 2026" in full.text
    forged = await site.post(
        f"{mine}/training/{EL}", data={"csrf_token": "x", "session_id": "el-2026-t1"}
    )
    assert forged.status_code == 400

    await sign_in(site)
    console = (await site.get(f"/medewerker/cohorten/{EL}")).text
    assert "donderdag 9 april 2026, 13:00–15:00 uur: 2 van 2 plaatsen geboekt" in console
