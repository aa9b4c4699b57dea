"""Staff link a recording to an accepted case from its console page; readers may not."""

from __future__ import annotations

from typing import Any

import pytest

from services.intake.adapters.approach_client import ApproachRefused, ApproachView
from services.intake.bootstrap import build_app
from services.intake.settings import IntakeSettings
from shared.clock import ManualClock
from shared.contracts.scheduling import CohortPlanned
from tests.service.intake.conftest import Bus, submission_json
from tests.service.intake.test_console import READER_TOKEN, csrf, sign_in
from tests.support.bus import EventSpy
from tests.support.services import running
from tests.unit.intake.factories import cohort

pytestmark = pytest.mark.service
LINK = "https://video.academie.example/opnames/startsessie"


class RecordingDocuments:
    """Documents as the console sees it: keeps what was linked, refuses what documents would."""

    def __init__(self, *, shared: bool = True) -> None:
        self.linked: list[tuple[str, str, str]] = []
        self._shared = shared

    async def approach(self, case_id: str) -> ApproachView | None:
        return None

    async def save(self, case_id: str, key: str, content: dict[str, Any], version: int) -> int:
        raise AssertionError("the console writes no sections")

    async def release(self, case_id: str, kind: str, capability: str = "") -> None:
        raise AssertionError("not released here")

    async def attach_recording(self, case_id: str, title: str, url: str) -> bool:
        if not url.startswith("https://"):
            raise ApproachRefused(["de link moet met https:// beginnen"])
        self.linked.append((case_id, title, url))
        return self._shared


async def test_staff_link_a_recording_and_are_told_it_is_in_the_library(
    intake_settings: IntakeSettings, clock: ManualClock, spy: EventSpy, bus: Bus
) -> None:
    documents = RecordingDocuments()
    async with running(build_app(intake_settings, clock, approach=documents)) as console:
        await bus.publish(CohortPlanned(cohort=cohort()))
        submitted = await console.post("/api/cases", json=submission_json(title="Speelnatuur"))
        case_id = submitted.json()["case_id"]
        await spy.wait_for("case.screened")
        token = await sign_in(console)
        accept = f"/medewerker/cases/{case_id}/accepteren"
        await console.post(accept, data={"cohort_id": "leercase-2026-2", "csrf_token": token})
        page = await console.get(f"/medewerker/cases/{case_id}")
        assert "Opname koppelen" in page.text
        url = f"/medewerker/cases/{case_id}/opnames/nieuw"
        empty = await console.post(url, data={"csrf_token": token, "titel": "", "link": LINK})
        assert empty.status_code == 422 and "titel en een link" in empty.text
        bad = await console.post(url, data={"csrf_token": token, "titel": "x", "link": "ftp://x"})
        assert bad.status_code == 422 and "https://" in bad.text
        done = await console.post(
            url, data={"csrf_token": token, "titel": "Startsessie", "link": LINK}
        )
        assert done.status_code == 303
        shown = await console.get(done.headers["location"])
    assert documents.linked == [(case_id, "Startsessie", LINK)]
    assert "staat in de bibliotheek bij deze case" in shown.text


async def test_a_reader_may_not_link_a_recording(
    intake_settings: IntakeSettings, clock: ManualClock, spy: EventSpy
) -> None:
    documents = RecordingDocuments()
    async with running(build_app(intake_settings, clock, approach=documents)) as console:
        await sign_in(console, READER_TOKEN)
        page = await console.get("/medewerker")
        url = "/medewerker/cases/any/opnames/nieuw"
        form = {"csrf_token": csrf(page.text), "titel": "Startsessie", "link": LINK}
        refused = await console.post(url, data=form)
    assert refused.status_code == 403 and documents.linked == []
