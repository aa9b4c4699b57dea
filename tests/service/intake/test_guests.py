"""A participant invites a guest for the one session that allows it; the guest sees only that."""

from __future__ import annotations

import datetime as dt

import httpx
import pytest

from services.intake.settings import IntakeSettings
from shared.capabilities import person_page_path
from shared.contracts.base import ProgrammeFormat
from shared.contracts.scheduling import (
    Attendee,
    AttendeeRole,
    SessionAttendeesChanged,
    SessionScheduled,
)
from shared.people import PersonKind, participant_id, person_id
from tests.service.intake.conftest import NOW, Bus
from tests.service.intake.test_console import csrf, sign_in
from tests.service.intake.test_person_page import (
    ATELIER,
    _atelier,
    _page_has,
    learner,
    round_one,
    scheduled,
    token_for,
)
from tests.support.bus import EventSpy

pytestmark = pytest.mark.service

COLLEAGUE = "jurist@gemeente.example.nl"


def round_four(attendees: list[Attendee], limit: int = 1) -> SessionScheduled:
    base = round_one(attendees, hours=24 * 7 * 12)
    info = base.model_copy(
        update={"session_id": "atelier-2026-r4", "step": 4, "name": "Ronde 4", "guest_limit": limit}
    )
    return scheduled(info)


async def test_a_participant_invites_their_legal_colleague_within_the_limit_and_can_take_them_off(
    http: httpx.AsyncClient, bus: Bus, spy: EventSpy, intake_settings: IntakeSettings
) -> None:
    await _atelier(http, bus, learners=1)
    await spy.wait_for("participant.enrolled")
    await bus.publish(scheduled(round_one([learner(0)])))
    await bus.publish(round_four([learner(0)]))
    mine = person_page_path(token_for(intake_settings, participant_id("p-0")))
    await _page_has(http, mine, "Ronde 4")
    page = (await http.get(mine)).text
    assert page.count("Gast uitnodigen") == 1  # round 1 allows no guests
    token = csrf(page)
    url = f"{mine}/sessies/atelier-2026-r4/gasten"
    bad = await http.post(url, data={"csrf_token": token, "naam": "Jet", "email": "geen-adres"})
    assert bad.status_code == 422 and "geldig e-mailadres" in bad.text
    invited = await http.post(
        url, data={"csrf_token": token, "naam": "Jet Jurist", "email": COLLEAGUE}
    )
    assert invited.status_code == 303
    [updated] = await spy.wait_for("guests.updated")
    assert updated["data"]["session_id"] == "atelier-2026-r4" and updated["data"]["revision"] == 1
    assert updated["data"]["guests"] == [
        {"name": "Jet Jurist", "email": COLLEAGUE, "invited_by": participant_id("p-0")}
    ]
    second = await http.post(url, data={"csrf_token": token, "naam": "Piet", "email": "p@x.nl"})
    assert second.status_code == 422 and "maximum aantal gasten" in second.text
    assert (
        await http.post(
            f"{mine}/sessies/atelier-2026-r1/gasten",
            data={"csrf_token": token, "naam": "A", "email": "a@x.nl"},
        )
    ).status_code == 404

    # Scheduling invites the guest to round 4 only: their page shows that session and no form.
    guest = Attendee(
        person_id=person_id(PersonKind.GUEST, COLLEAGUE), name="Jet Jurist", email=COLLEAGUE,
        role=AttendeeRole.GUEST,
    )  # fmt: skip
    four = round_four([learner(0), guest]).session
    await bus.publish(
        SessionAttendeesChanged(
            cohort_id=ATELIER, cohort_title="Leeratelier voorjaar 2026",
            format=ProgrammeFormat.LEERATELIER, session=four, added=[guest],
        ),
        at=NOW + dt.timedelta(minutes=5),  # same sequence, later word
    )  # fmt: skip
    theirs = person_page_path(token_for(intake_settings, guest.person_id))
    await _page_has(http, theirs, "Ronde 4")
    guest_page = (await http.get(theirs)).text
    assert "Welkom, Jet Jurist" in guest_page and "als gast" in guest_page
    assert "Ronde 1" not in guest_page and "Gast uitnodigen" not in guest_page

    off = await http.post(f"{url}/afmelden", data={"csrf_token": token, "email": COLLEAGUE})
    assert off.status_code == 303
    removed = (await spy.wait_for("guests.updated", 2))[-1]["data"]
    assert removed["guests"] == [] and removed["revision"] == 2

    # Invited again, then staff see the guest on the cohort page and take them off.
    again = await http.post(
        url, data={"csrf_token": token, "naam": "Jet Jurist", "email": COLLEAGUE}
    )
    assert again.status_code == 303
    await spy.wait_for("guests.updated", 3)
    staff_token = await sign_in(http)
    console = (await http.get(f"/medewerker/cohorten/{ATELIER}")).text
    assert "Gasten" in console and f"Jet Jurist ({COLLEAGUE})" in console
    form = {"csrf_token": staff_token, "session_id": "atelier-2026-r4", "email": COLLEAGUE}
    taken_off = await http.post(f"/medewerker/cohorten/{ATELIER}/gasten/afmelden", data=form)
    assert taken_off.status_code == 303
    last = (await spy.wait_for("guests.updated", 4))[-1]["data"]
    assert last["guests"] == [] and last["revision"] == 4
