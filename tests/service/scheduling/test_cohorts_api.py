"""Staff plan, change and list cohorts; intake hears of it through cohort.planned/updated."""

from __future__ import annotations

import pytest

from services.scheduling.bootstrap import build_app
from services.scheduling.settings import SchedulingSettings
from shared.clock import ManualClock
from tests.service.scheduling.conftest import STAFF, cohort_body
from tests.support.bus import EventSpy
from tests.support.services import running

pytestmark = pytest.mark.service


async def test_staff_token_is_required(settings: SchedulingSettings, clock: ManualClock) -> None:
    async with running(build_app(settings, clock)) as http:
        assert (await http.get("/api/cohorts")).status_code == 401
        wrong = {"Authorization": "Bearer nope"}
        assert (await http.get("/api/cohorts", headers=wrong)).status_code == 401
        assert (await http.post("/api/cohorts", json=cohort_body())).status_code == 401
        assert (await http.get("/api/cohorts", headers=STAFF)).status_code == 200


async def test_plan_change_and_list_cohorts(
    settings: SchedulingSettings, clock: ManualClock, spy: EventSpy
) -> None:
    async with running(build_app(settings, clock)) as http:
        created = await http.post("/api/cohorts", json=cohort_body(), headers=STAFF)
        assert created.status_code == 201, created.text
        assert created.json()["timezone"] == "Europe/Amsterdam"
        assert created.json()["capacity"] == 24
        atelier = {
            "cohort_id": "atelier-2026",
            "format": "leeratelier",
            "title": "Leeratelier 2026",
            "fixed_dates": ["2026-03-28", "2026-04-18", "2026-05-23", "2026-06-27"],
        }
        made = await http.post("/api/cohorts", json=atelier, headers=STAFF)
        assert made.status_code == 201, made.text
        assert made.json()["start_date"] == "2026-03-28"
        assert made.json()["registration_deadline"] == "2026-02-28"
        assert made.json()["fee_eur_cents"] == 270000
        again = await http.post("/api/cohorts", json=cohort_body(), headers=STAFF)
        assert again.status_code == 409

        changed = await http.patch("/api/cohorts/lc-2026-03", json={"capacity": 12}, headers=STAFF)
        assert changed.status_code == 200 and changed.json()["capacity"] == 12
        missing = await http.patch("/api/cohorts/nope", json={"capacity": 3}, headers=STAFF)
        assert missing.status_code == 404

        listed = (await http.get("/api/cohorts", headers=STAFF)).json()
        assert [c["cohort_id"] for c in listed] == ["lc-2026-03", "atelier-2026"]
        only = (await http.get("/api/cohorts?format=leeratelier", headers=STAFF)).json()
        assert [c["cohort_id"] for c in only] == ["atelier-2026"]

        planned = await spy.wait_for("cohort.planned", 2)
        updated = await spy.wait_for("cohort.updated", 1)
    assert {e["data"]["cohort"]["cohort_id"] for e in planned} == {"lc-2026-03", "atelier-2026"}
    assert updated[0]["data"]["cohort"]["capacity"] == 12
    assert updated[0]["subject"] == "lc-2026-03"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (cohort_body(timezone="Mars/Olympus"), "timezone"),
        (cohort_body(meeting_url="ftp://x"), "meeting_url"),
        (cohort_body(registration_deadline="2026-04-01"), "registration_deadline"),
        (cohort_body(capacity=0), "capacity"),
        (cohort_body(coaches=[{"name": "A", "email": "geen-mail"}]), "coaches.0.email"),
        (cohort_body(cohort_id="Met Spaties"), "cohort_id"),
        ({**cohort_body(), "start_date": None}, "start_date"),
        (
            {
                "cohort_id": "a",
                "format": "leeratelier",
                "title": "t",
                "fixed_dates": ["2026-03-28"],
            },
            "fixed_dates",
        ),
        (cohort_body(format="cursus"), "format"),
    ],
)
async def test_bad_cohorts_get_422_naming_the_field(
    settings: SchedulingSettings, clock: ManualClock, body: dict[str, object], field: str
) -> None:
    async with running(build_app(settings, clock)) as http:
        answer = await http.post("/api/cohorts", json=body, headers=STAFF)
        assert answer.status_code == 422, answer.text
        assert field in [item["field"] for item in answer.json()["detail"]]
        assert (await http.get("/api/cohorts", headers=STAFF)).json() == []
