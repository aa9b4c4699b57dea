"""Leergang teams formed in the console: the events, each member's page, the mentor's page."""

from __future__ import annotations

import datetime as dt
import re

import httpx
import pytest

from services.intake.settings import IntakeSettings
from shared.capabilities import person_page_path
from shared.contracts.base import ProgrammeFormat
from shared.contracts.scheduling import CohortPlanned
from shared.people import PersonKind, participant_id, person_id
from tests.service.intake.conftest import DECIDER, READER, REGISTRAR, Bus
from tests.service.intake.test_console import csrf, sign_in
from tests.service.intake.test_person_page import token_for
from tests.service.intake.test_round_and_owner import _known
from tests.support.bus import EventSpy
from tests.unit.intake.factories import cohort, participant

pytestmark = pytest.mark.service

LEERGANG = "leergang-2026"
TEAM_FORM = {
    "naam": "Team Noord",
    "mentor_naam": "Mila Mentor",
    "mentor_email": "mila@example.nl",
    "case_naam": "Moestuin De Groene Hoek",
    "case_contact": "Kees Bakker",
    "case_omschrijving": "Bewoners beheren samen een moestuin.",
}


async def _leergang_with(http: httpx.AsyncClient, bus: Bus, learners: int) -> None:
    planned = cohort(
        cohort_id=LEERGANG,
        format=ProgrammeFormat.LEERGANG,
        title="Leergang Participatie 2026",
        start_date=dt.date(2026, 4, 9),
    )
    await bus.publish(CohortPlanned(cohort=planned))
    await _known(http, LEERGANG)
    for n in range(learners):
        body = participant(n).model_dump(mode="json")
        url = f"/api/cohorts/{LEERGANG}/registrations"
        assert (await http.post(url, json=body, headers=REGISTRAR)).json()["outcome"] == "enrolled"


async def test_staff_form_a_team_and_member_and_mentor_see_it_on_their_pages(
    http: httpx.AsyncClient, bus: Bus, spy: EventSpy, intake_settings: IntakeSettings
) -> None:
    await _leergang_with(http, bus, learners=3)
    token = await sign_in(http)
    page = await http.get(f"/medewerker/cohorten/{LEERGANG}")
    assert "Nieuw team" in page.text and "Deelnemer 2" in page.text
    form = TEAM_FORM | {"csrf_token": token, "leden": ["p-0", "p-1"]}
    saved = await http.post(f"/medewerker/cohorten/{LEERGANG}/teams", data=form)
    assert saved.status_code == 303, saved.text
    [team] = await spy.wait_for("team.updated")
    assert team["data"]["mentor"] == {"name": "Mila Mentor", "email": "mila@example.nl"}
    assert team["data"]["practice_case"]["name"] == "Moestuin De Groene Hoek"
    assigned = await spy.wait_for("participant.assigned", 2)
    assert {
        (e["data"]["participant"]["participant_id"], e["data"]["team_id"]) for e in assigned
    } == {
        ("p-0", team["data"]["team_id"]),
        ("p-1", team["data"]["team_id"]),
    }
    console = (await http.get(f"/medewerker/cohorten/{LEERGANG}")).text
    assert "Mila Mentor" in console and "Deelnemer 0, Deelnemer 1" in console

    mine = person_page_path(token_for(intake_settings, participant_id("p-0")))
    member_page = (await http.get(mine)).text
    assert "Uw team: Team Noord" in member_page and "Deelnemer 1" in member_page
    assert "Uw mentor: Mila Mentor" in member_page and "Kees Bakker" in member_page
    question = {"csrf_token": csrf(member_page), "leervraag": "Hoe bereik ik jongeren?"}
    recorded = await http.post(f"{mine}/leervraag/{LEERGANG}", data=question)
    assert recorded.status_code == 303
    assert "Hoe bereik ik jongeren?" in (await http.get(mine)).text
    detail = (await http.get(f"/api/cohorts/{LEERGANG}", headers=READER)).json()
    assert detail["enrolled"][0]["learning_question"] == "Hoe bereik ik jongeren?"
    empty = await http.post(f"{mine}/leervraag/{LEERGANG}", data=question | {"leervraag": " "})
    assert empty.status_code == 422 and "Vul uw leervraag in." in empty.text

    outsider = (
        await http.get(person_page_path(token_for(intake_settings, "participant-" + "0" * 24)))
    ).text
    assert "Team Noord" not in outsider
    mentor = person_id(PersonKind.MENTOR, "mila@example.nl")
    mentor_page = (await http.get(person_page_path(token_for(intake_settings, mentor)))).text
    assert "Welkom, Mila Mentor" in mentor_page and "Uw teams" in mentor_page
    assert re.search(r"Teamleden: Deelnemer 0, Deelnemer 1", mentor_page)
    assert "Deelnemer 2" not in mentor_page and "deelnemer0@example.nl" not in mentor_page


async def test_the_team_api_moves_a_member_and_refuses_what_cannot_be_meant(
    http: httpx.AsyncClient, bus: Bus, spy: EventSpy
) -> None:
    await _leergang_with(http, bus, learners=3)
    url = f"/api/cohorts/{LEERGANG}/teams"
    first = await http.post(url, json={"name": "Noord", "members": ["p-0", "p-1"]}, headers=DECIDER)
    assert first.status_code == 201, first.text
    second = await http.post(url, json={"name": "Zuid", "members": ["p-1", "p-2"]}, headers=DECIDER)
    assert second.status_code == 201
    body = second.json()
    assert {t["name"]: t["members"] for t in body["teams"]} == {
        "Noord": ["p-0"],
        "Zuid": ["p-1", "p-2"],
    }
    assigned = await spy.wait_for("participant.assigned", 4)
    moved = [e["data"] for e in assigned if e["data"]["participant"]["participant_id"] == "p-1"]
    assert [(m["team_name"], m["revision"]) for m in moved] == [("Noord", 1), ("Zuid", 2)]
    twice = await http.post(url, json={"name": "zuid", "members": ["p-0"]}, headers=DECIDER)
    assert twice.status_code == 422 and twice.json()["detail"][0]["field"] == "name"
    stranger = await http.post(url, json={"name": "West", "members": ["p-9"]}, headers=DECIDER)
    assert stranger.status_code == 422 and stranger.json()["detail"][0]["field"] == "members"
    reader = await http.post(url, json={"name": "Oost", "members": ["p-0"]}, headers=READER)
    assert reader.status_code == 403
