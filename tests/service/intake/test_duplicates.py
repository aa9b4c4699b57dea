"""A second submission by the same owner with the same title within a day is flagged for staff."""

from __future__ import annotations

import datetime as dt

import httpx
import pytest

from shared.clock import ManualClock
from tests.service.intake.conftest import submission_json
from tests.service.intake.test_console import sign_in

pytestmark = pytest.mark.service
FLAG = "Mogelijk dubbel: dezelfde titel en hetzelfde e-mailadres"


async def _submit(http: httpx.AsyncClient, **case: str) -> str:
    answer = await http.post("/api/cases", json=submission_json(**case))
    assert answer.status_code == 201, answer.text
    case_id: str = answer.json()["case_id"]
    return case_id


async def test_the_same_owner_and_title_within_a_day_is_shown_as_a_possible_duplicate(
    http: httpx.AsyncClient, clock: ManualClock
) -> None:
    first = await _submit(http)
    clock.advance(dt.timedelta(hours=3))
    again = await _submit(http, title="  nieuwe bestemming voor  basisschool De Regenboog")
    other = await _submit(http, title="Een ander plein")
    clock.advance(dt.timedelta(hours=25))
    later = await _submit(http)
    await sign_in(http)
    pages = {c: (await http.get(f"/medewerker/cases/{c}")).text for c in (first, again, other)}
    assert FLAG in pages[again]
    assert f'href="/medewerker/cases/{first}"' in pages[again]  # staff open the earlier one
    assert FLAG not in pages[first] and FLAG not in pages[other]
    assert FLAG not in (await http.get(f"/medewerker/cases/{later}")).text  # a day later: new
    inbox = (await http.get("/medewerker")).text
    assert inbox.count(FLAG) == 1
