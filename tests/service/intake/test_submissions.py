"""Cases arrive by API and by event, are stored once, and are screened once right after."""

from __future__ import annotations

import uuid

import httpx
from pymongo import AsyncMongoClient

from shared.persistence.mongo import Document
from tests.service.intake.conftest import READER, Bus, submission_json
from tests.support.bus import EventSpy
from tests.support.waiting import wait_until_async
from tests.unit.intake.factories import submitted


async def test_api_submission_is_stored_screened_once_with_decision_due(
    http: httpx.AsyncClient, spy: EventSpy
) -> None:
    response = await http.post("/api/cases", json=submission_json())
    assert response.status_code == 201
    body = response.json()
    case_id = body["case_id"]
    assert body["decision_due"] == "2026-03-09"
    assert body["owner_link"].startswith("http://intake.test/eigenaar/")
    screened = await spy.wait_for("case.screened")
    assert screened[0]["subject"] == case_id
    assert screened[0]["data"]["decision_due"] == "2026-03-09"
    assert screened[0]["data"]["overall"] == "pass"
    submitted_events = await spy.wait_for("case.submitted")
    assert len(submitted_events) == 1
    got = await http.get(f"/api/cases/{case_id}", headers=READER)
    assert got.status_code == 200, got.text
    case = got.json()
    assert case["status"] == "screened"
    assert [h["action"] for h in case["history"]] == ["submit", "issue_owner_link", "screen"]
    assert "owner_token_hash" not in case and case["owner_link"]["active"] is True
    assert len(spy.events("case.screened")) == 1


async def test_repeated_external_ref_returns_the_same_case(
    http: httpx.AsyncClient, spy: EventSpy
) -> None:
    payload = {**submission_json(), "external_ref": "crm-4711"}
    first = await http.post("/api/cases", json=payload)
    second = await http.post("/api/cases", json=payload)
    assert (first.status_code, second.status_code) == (201, 200)
    assert first.json()["case_id"] == second.json()["case_id"]
    assert second.json()["owner_link"] is None
    listed = (await http.get("/api/cases", headers=READER)).json()
    assert listed["total"] == 1


async def test_bad_submission_names_each_field(http: httpx.AsyncClient) -> None:
    payload = submission_json(title="")
    payload["owner"]["email"] = "geen-adres"
    response = await http.post("/api/cases", json=payload)
    assert response.status_code == 422
    fields = {error["field"] for error in response.json()["detail"]}
    assert fields == {"owner.email", "case.title"}


async def test_external_case_submitted_twice_is_one_case_screened_once(
    http: httpx.AsyncClient,
    bus: Bus,
    spy: EventSpy,
    mongo: AsyncMongoClient[Document],
    namespace: str,
) -> None:
    data = submitted(case_id=f"ext-{uuid.uuid4()}", external_ref="website-77")
    event_id = await bus.publish(data, subject=data.case_id)
    await bus.publish(data, subject=data.case_id, event_id=event_id)  # redelivery
    retry = data.model_copy(update={"case_id": f"ext-{uuid.uuid4()}"})  # a new send, same ref
    await bus.publish(retry, subject=retry.case_id)
    await spy.wait_for("case.screened")
    cases = mongo[f"{namespace}samenspel_intake"]["cases"]

    async def all_handled() -> bool:
        return await cases.count_documents({}) == 1 and len(spy.events("case.submitted")) == 3

    await wait_until_async(all_handled)
    stored = await cases.find_one({})
    assert stored is not None and stored["_id"] == data.case_id
    assert stored["status"] == "screened"
    assert stored["owner_token_hash"] is None
    assert len(spy.events("case.screened")) == 1


async def test_own_submitted_echo_changes_nothing_but_screens_once(
    http: httpx.AsyncClient, spy: EventSpy, mongo: AsyncMongoClient[Document], namespace: str
) -> None:
    case_id = (await http.post("/api/cases", json=submission_json())).json()["case_id"]
    await spy.wait_for("case.screened")
    cases = mongo[f"{namespace}samenspel_intake"]["cases"]
    stored = await cases.find_one({"_id": case_id})
    assert stored is not None
    actions = [entry["action"] for entry in stored["history"]]
    assert actions == ["submit", "issue_owner_link", "screen"]  # the echo stored nothing
    assert stored["inbox"] == []
    assert len(spy.events("case.screened")) == 1
