"""A leercase round's learners over its cases, paid registrations, and the owner's expert form."""

from __future__ import annotations

import httpx
import pytest

from services.intake.settings import IntakeSettings
from shared.capabilities import PERSON_PAGE, CapabilitySigner, person_page_path
from shared.contracts.base import ProgrammeFormat
from shared.contracts.scheduling import CohortPlanned
from shared.people import owner_id
from tests.service.intake.conftest import DECIDER, READER, REGISTRAR, Bus, submission_json
from tests.service.intake.test_console import csrf
from tests.support.bus import EventSpy
from tests.support.waiting import wait_until_async
from tests.unit.intake.factories import cohort, participant
from tests.unit.intake.timeline_samples import draft

pytestmark = pytest.mark.service

ROUND = "leercase-2026-2"


async def _known(http: httpx.AsyncClient, cohort_id: str) -> None:
    async def known() -> bool:
        return (await http.get(f"/api/cohorts/{cohort_id}", headers=READER)).status_code == 200

    await wait_until_async(known)


async def _accepted_case(http: httpx.AsyncClient, title: str) -> str:
    case = (await http.post("/api/cases", json=submission_json(title=title))).json()
    accept = await http.post(
        f"/api/cases/{case['case_id']}/accept", json={"cohort_id": ROUND}, headers=DECIDER
    )
    assert accept.status_code == 200, accept.text
    return str(case["case_id"])


async def test_learners_spread_over_the_round_cases_and_staff_moves_are_re_emitted(
    http: httpx.AsyncClient, bus: Bus, spy: EventSpy
) -> None:
    await bus.publish(CohortPlanned(cohort=cohort()))
    await _known(http, ROUND)
    for n in range(4):
        body = participant(n).model_dump(mode="json")
        url = f"/api/cohorts/{ROUND}/registrations"
        assert (await http.post(url, json=body, headers=REGISTRAR)).json()["outcome"] == "enrolled"
    first = await _accepted_case(http, "Speeltuin Oost")
    assigned = await spy.wait_for("participant.assigned", 4)
    assert {e["data"]["case_id"] for e in assigned} == {first}
    second = await _accepted_case(http, "Schoolplein West")
    assigned = await spy.wait_for("participant.assigned", 6)
    moved = [e["data"] for e in assigned[4:]]
    assert {m["case_id"] for m in moved} == {second} and {m["revision"] for m in moved} == {2}
    assert moved[0]["case_title"] == "Schoolplein West"

    staying = next(
        e["data"]["participant"]["participant_id"]
        for e in assigned[:4]
        if e["data"]["participant"]["participant_id"]
        not in {m["participant"]["participant_id"] for m in moved}
    )
    answer = await http.post(
        f"/api/cohorts/{ROUND}/assignments",
        json={"participant_id": staying, "case_id": second},
        headers=DECIDER,
    )
    assert answer.status_code == 200
    again = (await spy.wait_for("participant.assigned", 7))[-1]["data"]
    assert again["participant"]["participant_id"] == staying
    assert again["case_id"] == second and again["revision"] == 2
    detail = (await http.get(f"/api/cohorts/{ROUND}", headers=READER)).json()
    by_case = [p["case_id"] for p in detail["enrolled"]]
    assert by_case.count(second) == 3 and by_case.count(first) == 1
    refused = await http.post(
        f"/api/cohorts/{ROUND}/assignments",
        json={"participant_id": staying, "case_id": "elders"},
        headers=DECIDER,
    )
    assert refused.status_code == 422 and refused.json()["detail"][0]["field"] == "case_id"
    listed = (await http.get("/api/cohorts", headers=READER)).json()
    assert [c["cohort"]["cohort_id"] for c in listed] == [ROUND]
    assert listed[0]["enrolled_count"] == 4


async def test_a_paid_programme_asks_for_invoice_details_and_keeps_them(
    http: httpx.AsyncClient, bus: Bus, spy: EventSpy
) -> None:
    paid = cohort(cohort_id="atelier", format=ProgrammeFormat.LEERATELIER, fee_eur_cents=270_000)
    await bus.publish(CohortPlanned(cohort=paid))
    await _known(http, "atelier")
    url = "/api/cohorts/atelier/registrations"
    body = participant(1).model_dump(mode="json")
    missing = await http.post(url, json=body, headers=REGISTRAR)
    assert missing.status_code == 422 and missing.json()["detail"][0]["field"] == "invoice"
    invoice = {
        "organisation": "Gemeente Zwolle",
        "billing_address": "Postbus 10007, 8000 GA Zwolle",
        "purchase_order": "PO-2026-114",
    }
    done = await http.post(url, json=body | {"invoice": invoice}, headers=REGISTRAR)
    assert done.json()["outcome"] == "enrolled"
    [enrolled] = await spy.wait_for("participant.enrolled")
    assert enrolled["data"]["cohort"]["fee_eur_cents"] == 270_000
    detail = (await http.get("/api/cohorts/atelier", headers=READER)).json()
    assert detail["enrolled"][0]["invoice"] == invoice


async def test_the_owner_names_the_expert_email_on_their_page_and_screening_is_satisfied(
    http: httpx.AsyncClient, bus: Bus, spy: EventSpy, intake_settings: IntakeSettings
) -> None:
    submission = submission_json()
    submission["conditions"] |= {
        "owner_is_content_expert": False,
        "content_expert": {"name": "Bram Jansen", "role": "Beleidsadviseur"},
    }
    case_id = (await http.post("/api/cases", json=submission)).json()["case_id"]
    [screened] = await spy.wait_for("case.screened")
    expertise = [r for r in screened["data"]["results"] if r["condition"] == "expertise_assured"]
    assert expertise[0]["verdict"] == "flag" and "e-mailadres" in expertise[0]["reason"]

    signer = CapabilitySigner.from_secret(intake_settings.secret_key.get_secret_value())
    mine = person_page_path(signer.sign(PERSON_PAGE, owner_id(case_id)))
    page = await http.get(mine)
    assert "Nieuwe bestemming voor basisschool De Regenboog" in page.text
    assert "We hebben uw aanmelding ontvangen" in page.text
    assert 'value="Bram Jansen"' in page.text
    form = {
        "csrf_token": csrf(page.text),
        "deskundige_naam": "Bram Jansen",
        "deskundige_functie": "Beleidsadviseur",
        "deskundige_email": "geen-adres",
    }
    wrong = await http.post(f"{mine}/deskundige", data=form)
    assert wrong.status_code == 422 and "geldig e-mailadres" in wrong.text
    saved = await http.post(
        f"{mine}/deskundige", data=form | {"deskundige_email": "bram@zwolle.nl"}
    )
    assert saved.status_code == 303
    [named] = await spy.wait_for("case.content_expert_named")
    assert named["data"]["content_expert"]["email"] == "bram@zwolle.nl"
    after = (await http.get(saved.headers["location"])).text
    assert "ontvangt de uitnodigingen" in after and 'id="deskundige_naam"' not in after
    case = (await http.get(f"/api/cases/{case_id}", headers=READER)).json()
    assert case["screening"]["overall"] == "pass"

    await bus.publish(draft(case_id), subject=case_id)

    async def listed() -> bool:
        return "Concept (versie 1)" in (await http.get(mine)).text

    await wait_until_async(listed)
