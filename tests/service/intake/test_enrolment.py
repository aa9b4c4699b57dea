"""Registrations by API and by event: capacity, waitlist in arrival order, promotion, deadline."""

from __future__ import annotations

import datetime as dt

import httpx

from shared.clock import ManualClock
from shared.contracts.intake import ParticipantRegistered, ParticipantWithdrawn
from shared.contracts.scheduling import CohortPlanned, CohortUpdated
from tests.service.intake.conftest import NOW, READER, REGISTRAR, Bus
from tests.support.bus import EventSpy
from tests.support.waiting import wait_until_async
from tests.unit.intake.factories import cohort, participant

URL = "/api/cohorts/leercase-2026-2/registrations"


async def _cohort_known(http: httpx.AsyncClient) -> None:
    async def known() -> bool:
        body = participant(0).model_dump(mode="json")
        return (await http.post(URL, json=body, headers=REGISTRAR)).status_code == 200

    await wait_until_async(known)


async def test_waitlist_and_promotion_through_api_and_events(
    http: httpx.AsyncClient, bus: Bus, spy: EventSpy
) -> None:
    await bus.publish(CohortPlanned(cohort=cohort(capacity=2)))
    await _cohort_known(http)  # p-0 takes the first place
    second = await http.post(URL, json=participant(1).model_dump(mode="json"), headers=REGISTRAR)
    assert second.json()["outcome"] == "enrolled"
    third = await http.post(URL, json=participant(2).model_dump(mode="json"), headers=REGISTRAR)
    assert third.json() == {"outcome": "waitlisted", "position": 1, "reason": ""}
    again = await http.post(URL, json=participant(2).model_dump(mode="json"), headers=REGISTRAR)
    assert again.json()["position"] == 1  # the same person twice changes nothing
    registered = ParticipantRegistered(
        cohort_id="leercase-2026-2", participant=participant(3), registered_at=NOW
    )
    event_id = await bus.publish(registered)
    await bus.publish(registered, event_id=event_id)
    await spy.wait_for("participant.waitlisted", 2)
    await bus.publish(
        ParticipantWithdrawn(cohort_id="leercase-2026-2", participant_id="p-0", withdrawn_at=NOW)
    )
    enrolled = await spy.wait_for("participant.enrolled", 3)
    promoted = [e["data"] for e in enrolled if e["data"]["promoted_from_waitlist"]]
    assert [p["participant"]["participant_id"] for p in promoted] == ["p-2"]
    assert promoted[0]["cohort_title"] == "Leercase Challenge voorjaar 2026"
    await bus.publish(CohortUpdated(cohort=cohort(capacity=3)))
    enrolled = await spy.wait_for("participant.enrolled", 4)
    assert enrolled[-1]["data"]["participant"]["participant_id"] == "p-3"
    assert len(spy.events("participant.waitlisted")) == 2


async def test_registration_after_the_deadline_is_refused(
    http: httpx.AsyncClient, bus: Bus, spy: EventSpy, clock: ManualClock
) -> None:
    await bus.publish(CohortPlanned(cohort=cohort()))
    await _cohort_known(http)
    clock.set(dt.datetime(2026, 4, 2, 8, 0, tzinfo=dt.UTC))
    late = await http.post(URL, json=participant(9).model_dump(mode="json"), headers=REGISTRAR)
    assert late.json()["outcome"] == "refused"
    assert "gesloten" in late.json()["reason"]
    refused = await spy.wait_for("participant.refused")
    assert refused[0]["subject"] == "leercase-2026-2"


async def test_registration_rules_for_tokens_and_unknown_cohorts(http: httpx.AsyncClient) -> None:
    body = participant(1).model_dump(mode="json")
    assert (await http.post(URL, json=body)).status_code == 401
    assert (await http.post(URL, json=body, headers=READER)).status_code == 403
    unknown = await http.post("/api/cohorts/nope/registrations", json=body, headers=REGISTRAR)
    assert unknown.status_code == 404
    bad = await http.post(URL, json={"name": "x"}, headers=REGISTRAR)
    assert bad.status_code == 422
    assert {e["field"] for e in bad.json()["detail"]} == {"participant_id", "email"}
