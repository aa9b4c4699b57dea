"""Dates in consultation on intake's pages: the owner answers, staff see it and confirm."""

from __future__ import annotations

import datetime as dt

import httpx
import pytest

from services.intake.adapters.scheduling_client import FakeSchedulingClient
from services.intake.settings import IntakeSettings
from shared.capabilities import person_page_path
from shared.contracts.scheduling import Attendee, AttendeeRole, SessionInfo, SessionScheduled
from shared.people import owner_id
from tests.service.intake.conftest import Bus, submission_json
from tests.service.intake.test_console import csrf, sign_in
from tests.service.intake.test_person_page import _page_has, learner, token_for
from tests.support.bus import EventSpy

pytestmark = pytest.mark.service

STEP2 = dt.datetime(2026, 4, 20, 12, 0, tzinfo=dt.UTC)  # 14:00 in Amsterdam


async def test_the_owner_asks_another_date_staff_see_the_open_question_and_confirm(
    site: httpx.AsyncClient,
    bus: Bus,
    spy: EventSpy,
    scheduling: FakeSchedulingClient,
    intake_settings: IntakeSettings,
) -> None:
    case_id = (await site.post("/api/cases", json=submission_json())).json()["case_id"]
    await spy.wait_for("case.screened")
    owner = Attendee(
        person_id=owner_id(case_id), name="Olga Eigenaar", email="olga@example.nl",
        role=AttendeeRole.OWNER,
    )  # fmt: skip
    session = SessionInfo(
        session_id=f"{case_id}-s2", step=2, name="Verhelderingssessie", starts_at=STEP2,
        ends_at=STEP2 + dt.timedelta(hours=2), timezone="Europe/Amsterdam",
        attendees=[owner, learner(0)], tentative=True,
    )  # fmt: skip
    await bus.publish(
        SessionScheduled(case_id=case_id, case_title="Zonneweide", cohort_id="lc", session=session)
    )
    mine = person_page_path(token_for(intake_settings, owner.person_id))
    await _page_has(site, mine, "Voorlopige datum")
    page = (await site.get(mine)).text
    assert "Past deze datum u?" in page
    learners = await site.get(person_page_path(token_for(intake_settings, learner(0).person_id)))
    assert "Voorlopige datum" in learners.text and "Past deze datum u?" not in learners.text

    url = f"{mine}/sessies/{session.session_id}/datum"
    token = csrf(page)
    empty = await site.post(url, data={"csrf_token": token, "antwoord": "anders", "reden": ""})
    assert empty.status_code == 422 and "Geef aan waarom" in empty.text
    asked = await site.post(
        url, data={"csrf_token": token, "antwoord": "anders", "reden": "Dan ben ik op reis."}
    )
    assert asked.status_code == 303 and asked.headers["location"].endswith("gedaan=datum-anders")
    [answer] = scheduling.answers[case_id]
    assert (answer.person_id, answer.fits, answer.reason) == (
        owner.person_id,
        False,
        "Dan ben ik op reis.",
    )
    again = (await site.get(mine)).text
    assert "u vroeg om een andere datum (Dan ben ik op reis.)" in again

    staff = await sign_in(site)
    console = (await site.get(f"/medewerker/cases/{case_id}")).text
    assert "open vraag: een andere datum gevraagd" in console
    assert "1 open vraag over de data" in console
    assert "vraagt een andere datum: Dan ben ik op reis." in console
    confirmed = await site.post(
        f"/medewerker/cases/{case_id}/sessies/{session.session_id}/bevestigen",
        data={"csrf_token": staff},
    )
    assert confirmed.status_code == 303
    assert scheduling.confirmed == [(case_id, session.session_id)]
    assert "open vraag" not in (await site.get(f"/medewerker/cases/{case_id}")).text
