"""The staff API: tokens and roles, every list combination index-covered, decisions, 409 and 422."""

from __future__ import annotations

import datetime as dt

import httpx
import pytest

from services.intake.adapters.case_queries import every_list_query
from shared.clock import ManualClock
from shared.contracts.scheduling import CohortPlanned
from tests.service.intake.conftest import DECIDER, READER, REGISTRAR, Bus, submission_json
from tests.support.bus import EventSpy
from tests.support.waiting import wait_until_async
from tests.unit.intake.factories import cohort


async def _screened_case(http: httpx.AsyncClient, spy: EventSpy, **case: str) -> str:
    count = len(spy.events("case.screened"))
    case_id: str = (await http.post("/api/cases", json=submission_json(**case))).json()["case_id"]
    await spy.wait_for("case.screened", count + 1)
    return case_id


@pytest.mark.parametrize(
    ("headers", "status"),
    [
        ({}, 401),
        ({"Authorization": "Bearer wrong-token"}, 401),
        ({"Authorization": "Basic ZGVjaWRlcg=="}, 401),
        (READER, 200),
        (REGISTRAR, 403),
    ],
)
async def test_listing_needs_a_reading_token(
    http: httpx.AsyncClient, headers: dict[str, str], status: int
) -> None:
    assert (await http.get("/api/cases", headers=headers)).status_code == status


async def test_deciding_needs_a_deciding_token(http: httpx.AsyncClient, spy: EventSpy) -> None:
    case_id = await _screened_case(http, spy)
    body = {"reason": "Te abstract", "alternatives": ["adviesgesprek"]}
    assert (await http.post(f"/api/cases/{case_id}/reject", json=body)).status_code == 401
    response = await http.post(f"/api/cases/{case_id}/reject", json=body, headers=READER)
    assert response.status_code == 403


async def test_every_list_combination_is_served_by_a_declared_index(
    http: httpx.AsyncClient, spy: EventSpy, clock: ManualClock
) -> None:
    await _screened_case(http, spy)
    await _screened_case(http, spy, preferred_format="leergang")
    clock.advance(dt.timedelta(days=14))
    queries = list(every_list_query())
    assert len(queries) == 48
    for query in queries:
        params = query.model_dump(mode="json", exclude_defaults=True)
        response = await http.get("/api/cases", params=params, headers=READER)
        assert response.status_code == 200, (params, response.text)  # check_queries is on
    overdue = await http.get("/api/cases", params={"overdue": "true"}, headers=READER)
    assert overdue.json()["total"] == 2
    assert all(item["overdue"] for item in overdue.json()["items"])
    leergang = await http.get("/api/cases", params={"programme_format": "leergang"}, headers=READER)
    assert [i["programme_format"] for i in leergang.json()["items"]] == ["leergang"]


async def test_list_pages_and_sorts(
    http: httpx.AsyncClient, spy: EventSpy, clock: ManualClock
) -> None:
    ids = []
    for _ in range(3):
        ids.append(await _screened_case(http, spy))
        clock.advance(dt.timedelta(hours=1))
    params = {"sort": "submitted_at", "page": "2", "page_size": "2"}
    page = (await http.get("/api/cases", params=params, headers=READER)).json()
    assert page["total"] == 3
    assert [item["case_id"] for item in page["items"]] == [ids[2]]
    bad = await http.get("/api/cases", params={"sort": "naam", "page_size": "0"}, headers=READER)
    assert bad.status_code == 422
    assert {error["field"] for error in bad.json()["detail"]} == {"sort", "page_size"}


async def test_accept_into_a_known_cohort_then_reject_is_409(
    http: httpx.AsyncClient, spy: EventSpy, bus: Bus
) -> None:
    await bus.publish(CohortPlanned(cohort=cohort()))
    case_id = await _screened_case(http, spy)
    unknown = await http.post(
        f"/api/cases/{case_id}/accept", json={"cohort_id": "nope"}, headers=DECIDER
    )
    assert unknown.status_code == 422
    assert unknown.json()["detail"][0]["field"] == "cohort_id"

    async def accepted_once_cohort_known() -> bool:
        url = f"/api/cases/{case_id}/accept"
        body = {"cohort_id": "leercase-2026-2"}
        return (await http.post(url, json=body, headers=DECIDER)).status_code == 200

    await wait_until_async(accepted_once_cohort_known)
    accepted = (await spy.wait_for("case.accepted"))[0]["data"]
    assert accepted["cohort_title"] == "Leercase Challenge voorjaar 2026"
    assert accepted["decided_by"] == "Anna (programmabureau)"
    body = {"reason": "Toch niet", "alternatives": ["adviesgesprek"]}
    conflict = await http.post(f"/api/cases/{case_id}/reject", json=body, headers=DECIDER)
    assert conflict.status_code == 409
    assert conflict.json()["current_status"] == "accepted"
    history = (await http.get(f"/api/cases/{case_id}", headers=READER)).json()["history"]
    assert history[-1]["action"] == "accept"
    assert history[-1]["actor"] == "Anna (programmabureau)"


async def test_reject_needs_reason_and_a_configured_alternative(
    http: httpx.AsyncClient, spy: EventSpy
) -> None:
    case_id = await _screened_case(http, spy)
    url = f"/api/cases/{case_id}/reject"
    empty = await http.post(url, json={"reason": "", "alternatives": []}, headers=DECIDER)
    assert empty.status_code == 422
    assert {e["field"] for e in empty.json()["detail"]} == {"reason", "alternatives"}
    unknown = await http.post(url, json={"reason": "x", "alternatives": ["?"]}, headers=DECIDER)
    assert unknown.status_code == 422
    body = {"reason": "Er is tijdsdruk.", "alternatives": ["e-learning-10-uitvoeringsstappen"]}
    assert (await http.post(url, json=body, headers=DECIDER)).status_code == 200
    rejected = (await spy.wait_for("case.rejected"))[0]["data"]
    assert rejected["alternatives"][0]["code"] == "e-learning-10-uitvoeringsstappen"
    missing = await http.post("/api/cases/nope/reject", json=body, headers=DECIDER)
    assert missing.status_code == 404
