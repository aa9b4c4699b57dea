"""A leercase learner fills in the preparation from their own page; nobody else can."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from services.intake.adapters.library_client import FakeLibraryClient, LibraryCase
from services.intake.adapters.preparation_client import FakePreparationClient
from services.intake.bootstrap import build_app
from services.intake.settings import IntakeSettings
from shared.capabilities import person_page_path
from shared.clock import ManualClock
from shared.contracts.scheduling import Attendee, AttendeeRole, SessionScheduled
from shared.people import owner_id
from tests.service.intake.conftest import Bus, submission_json
from tests.service.intake.test_console import csrf
from tests.service.intake.test_person_page import COACH, _page_has, learner, round_one, token_for
from tests.support.bus import EventSpy
from tests.support.services import running

pytestmark = pytest.mark.service


SHARED = [
    LibraryCase(
        "Zonneweide Molenweg", "Súdwest-Fryslân", "leercase", "Energietransitie", 2026,
        [{"format": "pdf", "url": "http://documents.test/api/documents/f1/pdf"}],
    ),
    LibraryCase("Speeltuin Oost", "Utrecht", "leercase", "Spelen in de wijk", 2025),
]  # fmt: skip


@pytest.fixture
def documents() -> FakePreparationClient:
    return FakePreparationClient()


@pytest.fixture
async def site(
    intake_settings: IntakeSettings,
    clock: ManualClock,
    spy: EventSpy,
    documents: FakePreparationClient,
) -> AsyncIterator[httpx.AsyncClient]:
    library = FakeLibraryClient(SHARED)
    app = build_app(intake_settings, clock, preparation=documents, library=library)
    async with running(app) as client:
        yield client


def kick_off(case: str, title: str, attendees: list[Attendee]) -> SessionScheduled:
    info = round_one(attendees).model_copy(
        update={"session_id": f"kick-off-{case}", "name": "Startsessie", "location": None}
    )
    return SessionScheduled(
        case_id=case, case_title=title, cohort_id="lc-1",
        cohort_title="Leercase Challenge voorjaar 2026", session=info,
    )  # fmt: skip


async def test_a_learner_fills_in_the_preparation_and_another_case_stays_closed(
    site: httpx.AsyncClient,
    bus: Bus,
    documents: FakePreparationClient,
    intake_settings: IntakeSettings,
) -> None:
    coach = COACH.model_copy(update={"role": AttendeeRole.COACH})
    await bus.publish(kick_off("case-1", "Speeltuin Oost", [learner(0), coach]))
    await bus.publish(kick_off("case-2", "Schoolplein West", [learner(1)]))
    mine = person_page_path(token_for(intake_settings, learner(0).person_id))
    await _page_has(site, mine, "Vul uw voorbereiding in voor ‘Speeltuin Oost’")
    form = await site.get(f"{mine}/voorbereiding/case-1")
    assert form.status_code == 200 and "Wat is de kern?" in form.text
    sent = await site.post(
        f"{mine}/voorbereiding/case-1",
        data={
            "csrf_token": csrf(form.text),
            "vraag_kern": "Jongeren willen een eigen plek",
            "vraag_bereik": ["Brief", "Bijeenkomst"],
            "meer_vraag_bereik": "1",
        },
    )
    assert sent.status_code == 303
    saved = documents.saved[("case-1", learner(0).person_id)]
    assert saved[1] == {
        "kern": "Jongeren willen een eigen plek",
        "bereik": ["Brief", "Bijeenkomst"],
    }
    again = await site.get(sent.headers["location"])
    assert "Uw voorbereiding is opgeslagen" in again.text and "eigen plek" in again.text
    assert 'value="Brief" checked' in again.text

    empty = await site.post(f"{mine}/voorbereiding/case-1", data={"csrf_token": csrf(form.text)})
    assert empty.status_code == 422 and "Beantwoord minstens één vraag" in empty.text
    other_case = await site.get(f"{mine}/voorbereiding/case-2")
    coach_page = person_page_path(token_for(intake_settings, coach.person_id))
    not_a_learner = await site.get(f"{coach_page}/voorbereiding/case-1")
    assert other_case.status_code == 404 and not_a_learner.status_code == 404
    assert len(documents.saved) == 1


async def test_learners_ask_the_owner_who_answers_from_their_own_page(
    site: httpx.AsyncClient,
    bus: Bus,
    spy: EventSpy,
    documents: FakePreparationClient,
    intake_settings: IntakeSettings,
) -> None:
    body = (await site.post("/api/cases", json=submission_json(title="Speeltuin Oost"))).json()
    case_id = body["case_id"]
    owner = person_page_path(token_for(intake_settings, owner_id(case_id)))
    await bus.publish(kick_off(case_id, "Speeltuin Oost", [learner(0)]))
    mine = person_page_path(token_for(intake_settings, learner(0).person_id))
    await _page_has(site, mine, "Vul uw voorbereiding in voor ‘Speeltuin Oost’")
    form = await site.get(f"{mine}/voorbereiding/{case_id}")
    asked = await site.post(
        f"{mine}/voorbereiding/{case_id}/vraag",
        data={"csrf_token": csrf(form.text), "vraag": "Wie beslist over de plek?"},
    )
    assert asked.status_code == 303

    await _page_has(site, owner, "Vragen van de deelnemers beantwoorden")
    owner_page = await site.get(owner)
    assert "Vragen van de deelnemers beantwoorden" in owner_page.text
    questions = await site.get(f"{owner}/vragen")
    assert "Wie beslist over de plek?" in questions.text
    answered = await site.post(
        f"{owner}/vragen/1", data={"csrf_token": csrf(questions.text), "antwoord": "De raad."}
    )
    assert answered.status_code == 303
    assert (await site.get(answered.headers["location"])).text.count("De raad.") == 1
    seen = await site.get(f"{mine}/voorbereiding/{case_id}")
    assert "Antwoord van de case-eigenaar: De raad." in seen.text
    no_such = await site.post(
        f"{owner}/vragen/9", data={"csrf_token": csrf(questions.text), "antwoord": "Ja"}
    )
    assert no_such.status_code == 422
    not_a_number = await site.post(
        f"{owner}/vragen/abc", data={"csrf_token": csrf(questions.text), "antwoord": "Ja"}
    )
    assert not_a_number.status_code == 404 and "Deze vraag bestaat niet" in not_a_number.text
    assert (await site.get(f"{mine}/vragen")).status_code == 404  # a learner is no owner


async def test_a_learner_searches_the_library_by_topic_municipality_format_and_year(
    site: httpx.AsyncClient, bus: Bus, intake_settings: IntakeSettings
) -> None:
    await bus.publish(kick_off("case-1", "Speeltuin Oost", [learner(0)]))
    mine = person_page_path(token_for(intake_settings, learner(0).person_id))
    await _page_has(site, mine, "Bibliotheek van cases van andere gemeenten")
    everything = await site.get(f"{mine}/bibliotheek")
    assert everything.status_code == 200 and "2 cases gevonden" in everything.text
    found = await site.get(
        f"{mine}/bibliotheek",
        params={"onderwerp": "energietransitie", "gemeente": "Súdwest-Fryslân",
                "vorm": "leercase", "jaar": "2026"},
    )  # fmt: skip
    assert "1 case gevonden" in found.text and "Zonneweide Molenweg" in found.text
    assert "Leercase Challenge · 2026" in found.text and "/documenten/" in found.text
    assert "/api/documents/" not in found.text  # only links that end with the learner's links
    none = await site.get(f"{mine}/bibliotheek", params={"jaar": "2024"})
    assert "geen gedeelde cases" in none.text
    bad = await site.get(f"{mine}/bibliotheek", params={"jaar": "vorig jaar"})
    assert bad.status_code == 422 and "Vul een jaartal in" in bad.text
    owner = person_page_path(token_for(intake_settings, owner_id("case-1")))
    assert (await site.get(f"{owner}/bibliotheek")).status_code == 404


async def test_with_documents_away_the_form_says_so_in_dutch_instead_of_failing(
    site: httpx.AsyncClient,
    bus: Bus,
    documents: FakePreparationClient,
    intake_settings: IntakeSettings,
) -> None:
    await bus.publish(kick_off("case-1", "Speeltuin Oost", [learner(0)]))
    mine = person_page_path(token_for(intake_settings, learner(0).person_id))
    await _page_has(site, mine, "Vul uw voorbereiding in voor ‘Speeltuin Oost’")
    documents.down = True
    form = await site.get(f"{mine}/voorbereiding/case-1")
    assert form.status_code == 503 and "niet bereikbaar" in form.text
    assert "Speeltuin Oost" in form.text
