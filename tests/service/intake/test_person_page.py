"""A person's own page, fed by session events from the bus: sessions, calendar file, withdrawal."""

from __future__ import annotations

import asyncio
import datetime as dt
import json

import httpx
import pytest

from services.intake.settings import IntakeSettings
from shared.capabilities import PERSON_PAGE, CapabilitySigner, person_page_path
from shared.contracts.base import Contact, ProgrammeFormat
from shared.contracts.intake import ParticipantRegistered
from shared.contracts.scheduling import (
    Attendee,
    AttendeeRole,
    CohortPlanned,
    SessionAttendeesChanged,
    SessionInfo,
    SessionRescheduled,
    SessionScheduled,
    TrajectoryScheduled,
)
from shared.people import coach_id, participant_id
from tests.service.intake.conftest import NOW, Bus
from tests.service.intake.test_console import csrf
from tests.support.bus import EventSpy
from tests.support.waiting import wait_until_async
from tests.unit.intake.factories import cohort, participant

pytestmark = pytest.mark.service

ATELIER = "atelier-2026"
ROUND_1 = dt.datetime(2026, 3, 28, 11, 0, tzinfo=dt.UTC)  # 12:00 in Utrecht (winter time)


def token_for(settings: IntakeSettings, person: str, expires: dt.datetime | None = None) -> str:
    signer = CapabilitySigner.from_secret(settings.secret_key.get_secret_value())
    return signer.sign(PERSON_PAGE, person, expires_at=expires)


def learner(n: int) -> Attendee:
    p = participant(n)
    return Attendee(
        person_id=participant_id(p.participant_id),
        name=p.name,
        email=p.email,
        role=AttendeeRole.PARTICIPANT,
    )


COACH = Attendee(
    person_id=coach_id("trainer@example.nl"),
    name="Tess Trainer",
    email="trainer@example.nl",
    role=AttendeeRole.TRAINER,
)


def round_one(attendees: list[Attendee], *, sequence: int = 0, hours: int = 0) -> SessionInfo:
    starts = ROUND_1 + dt.timedelta(hours=hours)
    return SessionInfo(
        session_id="atelier-2026-r1",
        step=1,
        name="Ronde 1: visie en fundament",
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=5),
        timezone="Europe/Amsterdam",
        online=False,
        location="Utrecht, Stadskantoor",
        attendees=attendees,
        homework="Lees de handreiking en noteer uw eigen participatievraag.",
        guide_steps=[1, 2, 3],
        sequence=sequence,
    )


def scheduled(session: SessionInfo) -> SessionScheduled:
    return SessionScheduled(
        cohort_id=ATELIER,
        cohort_title="Leeratelier voorjaar 2026",
        format=ProgrammeFormat.LEERATELIER,
        session=session,
    )


async def _atelier(http: httpx.AsyncClient, bus: Bus, learners: int) -> None:
    await bus.publish(
        CohortPlanned(
            cohort=cohort(
                cohort_id=ATELIER,
                format=ProgrammeFormat.LEERATELIER,
                title="Leeratelier voorjaar 2026",
                start_date=dt.date(2026, 3, 28),
                registration_deadline=dt.date(2026, 3, 14),
                capacity=2,
                fee_eur_cents=270_000,
                location="Utrecht, Stadskantoor",
            )
        )
    )
    for n in range(learners):
        await bus.publish(
            ParticipantRegistered(cohort_id=ATELIER, participant=participant(n), registered_at=NOW)
        )


async def _page_has(http: httpx.AsyncClient, path: str, text: str, present: bool = True) -> None:
    async def shows() -> bool:
        return (text in (await http.get(path)).text) == present

    await wait_until_async(shows)


async def test_a_learner_sees_their_programme_sessions_homework_and_a_calendar_file_for_them(
    http: httpx.AsyncClient, bus: Bus, spy: EventSpy, intake_settings: IntakeSettings
) -> None:
    await _atelier(http, bus, learners=2)
    await spy.wait_for("participant.enrolled", 2)
    await bus.publish(scheduled(round_one([learner(0), learner(1), COACH])))
    mine = person_page_path(token_for(intake_settings, participant_id("p-0")))

    await _page_has(http, mine, "Ronde 1: visie en fundament")
    page = await http.get(mine)
    assert page.status_code == 200 and page.headers["cache-control"] == "no-store"
    text = page.text
    assert "Welkom, Deelnemer 0" in text
    assert "Leeratelier voorjaar 2026" in text and "Leercase" not in text
    assert "€ 2.700,00 excl. btw (€ 3.267,00 incl. 21% btw)" in text
    assert "zaterdag 28 maart 2026, 12:00–17:00 uur" in text
    assert "Locatie: Utrecht, Stadskantoor" in text
    assert (
        "Huiswerk: Lees de handreiking" in text and "Stappen 1, 2 en 3 van de handreiking" in text
    )
    assert "Deelnemer 1" not in text and "trainer@example.nl" not in text

    ics = await http.get(f"{mine}/sessies/atelier-2026-r1.ics")
    assert ics.status_code == 200 and ics.headers["content-type"].startswith("text/calendar")
    body = ics.text.replace("\r\n ", "")
    assert "METHOD:REQUEST" in body and "RSVP=FALSE" in body
    assert body.count("ATTENDEE") == 1 and "deelnemer0@example.nl" in body
    assert f"URL:http://intake.test{mine}" in body
    assert "DTSTART;TZID=Europe/Amsterdam:20260328T120000" in body
    other = await http.get(f"{mine}/sessies/een-andere-sessie.ics")
    assert other.status_code == 404

    coach_page = await http.get(person_page_path(token_for(intake_settings, COACH.person_id)))
    assert "Welkom, Tess Trainer" in coach_page.text and "Zet in mijn agenda" in coach_page.text


async def test_a_forged_link_is_a_dutch_404_and_an_expired_one_offers_a_fresh_link_by_mail(
    http: httpx.AsyncClient, spy: EventSpy, intake_settings: IntakeSettings
) -> None:
    forged_path = "/mijn/participant-0123456789abcdef01234567.0.-.vervalst"
    forged = await http.get(forged_path)
    assert forged.status_code == 404 and "Deze pagina bestaat niet" in forged.text
    refused = await http.post(f"{forged_path}/nieuwe-link", data={"csrf_token": "x"})
    assert refused.status_code == 404
    old = person_page_path(
        token_for(intake_settings, participant_id("p-0"), NOW - dt.timedelta(days=1))
    )
    expired = await http.get(old)
    assert expired.status_code == 410 and "Deze link is verlopen" in expired.text
    assert (await http.get(f"{old}/sessies/x.ics")).status_code == 410
    no_csrf = await http.post(f"{old}/nieuwe-link", data={"csrf_token": "x"})
    assert no_csrf.status_code == 410 and "Stuur mij een nieuwe link" in no_csrf.text

    asked = await http.post(f"{old}/nieuwe-link", data={"csrf_token": csrf(expired.text)})
    assert asked.status_code == 410 and "Uw aanvraag is ontvangen" in asked.text
    [requested] = await spy.wait_for("person.link_requested")
    assert requested["data"]["person_id"] == participant_id("p-0")
    assert old.split("/")[-1] not in json.dumps(requested)  # never the token itself
    again = await http.post(f"{old}/nieuwe-link", data={"csrf_token": csrf(expired.text)})
    assert "Uw aanvraag is ontvangen" in again.text
    await asyncio.sleep(0.5)
    assert len(spy.events("person.link_requested")) == 1  # at most one per quarter hour


async def test_a_late_older_event_never_overwrites_a_newer_one_and_removal_takes_the_session_away(
    http: httpx.AsyncClient, bus: Bus, intake_settings: IntakeSettings
) -> None:
    await _atelier(http, bus, learners=1)
    mine = person_page_path(token_for(intake_settings, participant_id("p-0")))
    moved = round_one([learner(0)], sequence=1, hours=1)
    await bus.publish(
        SessionRescheduled(
            cohort_id=ATELIER,
            cohort_title="Leeratelier voorjaar 2026",
            format=ProgrammeFormat.LEERATELIER,
            session=moved,
            previous_starts_at=ROUND_1,
        ),
        event_id="moved",
    )
    await _page_has(http, mine, "13:00–18:00 uur")
    # The original word on round 1 comes late, together with round 2 in one event: once round 2
    # shows, the stale round 1 in front of it was handled too, and must have been ignored.
    round_two = round_one([learner(0)]).model_copy(
        update={"session_id": "atelier-2026-r2", "name": "Ronde 2: beleid en instrumenten"}
    )
    await bus.publish(
        TrajectoryScheduled(
            case_id="c-1",
            cohort_id=ATELIER,
            format=ProgrammeFormat.LEERATELIER,
            timezone="Europe/Amsterdam",
            owner=Contact(name="Anne", email="anne@example.nl"),
            coaches=[],
            sessions=[round_one([learner(0)], sequence=0), round_two],
            deliverables=[],
        )
    )
    await _page_has(http, mine, "Ronde 2: beleid en instrumenten")
    page = (await http.get(mine)).text
    assert "13:00–18:00 uur" in page

    removed = SessionAttendeesChanged(
        cohort_id=ATELIER,
        cohort_title="Leeratelier voorjaar 2026",
        format=ProgrammeFormat.LEERATELIER,
        session=moved.model_copy(update={"attendees": []}),
        removed=[learner(0)],
    )
    await bus.publish(removed, at=NOW + dt.timedelta(minutes=5))  # same sequence, later word
    await _page_has(http, mine, "Ronde 1: visie en fundament", present=False)
    assert "Ronde 2: beleid en instrumenten" in (await http.get(mine)).text


async def test_a_participant_withdraws_from_their_page_and_the_first_waiting_moves_up(
    http: httpx.AsyncClient, bus: Bus, spy: EventSpy, intake_settings: IntakeSettings
) -> None:
    await _atelier(http, bus, learners=3)
    await spy.wait_for("participant.waitlisted")
    mine = person_page_path(token_for(intake_settings, participant_id("p-1")))
    page = await http.get(mine)
    assert "U bent ingeschreven." in page.text
    confirm = await http.get(f"{mine}/afmelden/{ATELIER}")
    assert "Weet u zeker" in confirm.text
    forged = await http.post(f"{mine}/afmelden/{ATELIER}", data={"csrf_token": "nee"})
    assert forged.status_code == 400 and not spy.events("participant.left")

    done = await http.post(f"{mine}/afmelden/{ATELIER}", data={"csrf_token": csrf(confirm.text)})
    assert done.status_code == 303 and done.headers["location"] == f"{mine}?gedaan=afgemeld"

    [left] = await spy.wait_for("participant.left")
    assert left["data"]["participant"]["participant_id"] == "p-1"
    enrolled = await spy.wait_for("participant.enrolled", 3)
    promoted = enrolled[-1]["data"]
    assert promoted["participant"]["participant_id"] == "p-2" and promoted["promoted_from_waitlist"]
    assert promoted["cohort"]["fee_eur_cents"] == 270_000
    after = (await http.get(f"{mine}?gedaan=afgemeld")).text
    assert "U bent afgemeld" in after and "Leeratelier voorjaar 2026" not in after
    waiting = person_page_path(token_for(intake_settings, participant_id("p-2")))
    assert "U bent ingeschreven." in (await http.get(waiting)).text


async def test_a_coach_sees_each_of_their_cases_with_its_sessions(
    http: httpx.AsyncClient, bus: Bus, intake_settings: IntakeSettings
) -> None:
    coach = COACH.model_copy(update={"role": AttendeeRole.COACH})
    for n, title in enumerate(("Speeltuin Oost", "Schoolplein West")):
        info = round_one([coach]).model_copy(
            update={"session_id": f"kick-off-{n}", "name": "Startsessie", "location": None}
        )
        await bus.publish(
            SessionScheduled(
                case_id=f"case-{n}",
                case_title=title,
                cohort_id="lc-1",
                cohort_title="Leercase Challenge voorjaar 2026",
                session=info,
            )
        )
    mine = person_page_path(token_for(intake_settings, coach.person_id))
    await _page_has(http, mine, "Case: ‘Schoolplein West’")
    text = (await http.get(mine)).text
    assert "Uw cases" in text and "Speeltuin Oost" in text
    assert text.count("<h3>Startsessie") == 2 and "als coach" in text
