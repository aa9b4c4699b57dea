"""Network members: topics for the next meeting from their page, and intervision groups."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator

import httpx
import pytest

from services.intake.adapters.documents_client import FakeDocumentsClient
from services.intake.bootstrap import build_app
from services.intake.settings import IntakeSettings
from shared.capabilities import person_page_path
from shared.clock import ManualClock
from shared.contracts.base import ProgrammeFormat
from shared.contracts.intake import ParticipantRegistered
from shared.contracts.scheduling import CohortPlanned, SessionInfo, SessionScheduled
from shared.people import participant_id
from tests.service.intake.conftest import NOW, Bus
from tests.service.intake.test_console import csrf, sign_in
from tests.service.intake.test_person_page import _page_has, learner, token_for
from tests.support.bus import EventSpy
from tests.support.services import running
from tests.unit.intake.factories import cohort, participant

pytestmark = pytest.mark.service
FIRST = dt.datetime(2026, 4, 14, 7, 30, tzinfo=dt.UTC)


def meeting(n: int) -> SessionScheduled:
    starts = FIRST + dt.timedelta(weeks=4 * n)
    session = SessionInfo(
        session_id=f"ln-m{n}", step=n, name=f"Bijeenkomst {n}", starts_at=starts,
        ends_at=starts + dt.timedelta(hours=8), timezone="Europe/Brussels", online=False,
        location="Brussel", attendees=[learner(0), learner(1)],
    )  # fmt: skip
    return SessionScheduled(
        cohort_id="ln", cohort_title="Jaargang 2026", format=ProgrammeFormat.LEREND_NETWERK,
        session=session,
    )  # fmt: skip


@pytest.fixture
def documents() -> FakeDocumentsClient:
    return FakeDocumentsClient()


@pytest.fixture
async def site(
    intake_settings: IntakeSettings,
    clock: ManualClock,
    spy: EventSpy,
    documents: FakeDocumentsClient,
) -> AsyncIterator[httpx.AsyncClient]:
    async with running(build_app(intake_settings, clock, documents=documents)) as client:
        yield client


async def test_members_propose_and_support_topics_for_their_next_meeting(
    site: httpx.AsyncClient,
    bus: Bus,
    documents: FakeDocumentsClient,
    intake_settings: IntakeSettings,
) -> None:
    for n in (2, 1):
        await bus.publish(meeting(n))
    anna = person_page_path(token_for(intake_settings, learner(0).person_id))
    bert = person_page_path(token_for(intake_settings, learner(1).person_id))
    await _page_has(site, anna, "Bijeenkomst 2")
    page = (await site.get(anna)).text
    assert "Onderwerpen voor de volgende bijeenkomst" in page and "Bijeenkomst 1, dinsdag" in page
    proposed = await site.post(
        f"{anna}/onderwerpen/ln-m1", data={"csrf_token": csrf(page), "titel": "Jongeren betrekken"}
    )
    assert proposed.status_code == 303
    later = await site.post(
        f"{anna}/onderwerpen/ln-m2", data={"csrf_token": csrf(page), "titel": "Later"}
    )
    assert later.status_code == 422  # only the next meeting takes topics

    theirs = (await site.get(bert)).text
    assert (
        "Jongeren betrekken" in theirs
        and "Voorgesteld door Deelnemer 0; 1 lid steunt dit" in theirs
    )
    supported = await site.post(
        f"{bert}/onderwerpen/ln-m1/t1/steunen", data={"csrf_token": csrf(theirs)}
    )
    assert supported.status_code == 303
    again = (await site.get(bert)).text
    assert "2 leden steunen dit" in again and "U steunt dit onderwerp." in again
    twice = await site.post(
        f"{bert}/onderwerpen/ln-m1", data={"csrf_token": csrf(again), "titel": "jongeren betrekken"}
    )
    assert twice.status_code == 409 and "al voorgesteld" in twice.text
    assert [t.supporters for t in documents.by_meeting["ln-m1"]] == [
        (learner(0).person_id, learner(1).person_id)
    ]


async def test_staff_form_an_intervision_group_and_each_member_sees_it_on_their_page(
    site: httpx.AsyncClient, bus: Bus, spy: EventSpy, intake_settings: IntakeSettings
) -> None:
    planned = cohort(cohort_id="ln", format=ProgrammeFormat.LEREND_NETWERK, title="Jaargang 2026")
    await bus.publish(CohortPlanned(cohort=planned))
    for n in range(3):
        await bus.publish(
            ParticipantRegistered(cohort_id="ln", participant=participant(n), registered_at=NOW)
        )
    await spy.wait_for("participant.enrolled", 3)
    token = await sign_in(site)
    page = (await site.get("/medewerker/cohorten/ln")).text
    assert "Intervisiegroepen" in page and "Er zijn nog geen intervisiegroepen." in page
    form = {"csrf_token": token, "naam": "Groep Gent", "leden": ["p-0", "p-2"]}
    formed = await site.post("/medewerker/cohorten/ln/intervisie", data=form)
    assert formed.status_code == 303
    assert "Leden: Deelnemer 0, Deelnemer 2" in (await site.get("/medewerker/cohorten/ln")).text
    alone = await site.post(
        "/medewerker/cohorten/ln/intervisie", data=form | {"naam": "Groep Luik", "leden": ["p-1"]}
    )
    assert alone.status_code == 422 and "ten minste twee leden" in alone.text

    mine = (
        await site.get(person_page_path(token_for(intake_settings, participant_id("p-2"))))
    ).text
    assert "Uw intervisiegroep: Groep Gent" in mine and "Met u in de groep: Deelnemer 0." in mine
    other = (
        await site.get(person_page_path(token_for(intake_settings, participant_id("p-1"))))
    ).text
    assert "intervisiegroep" not in other
