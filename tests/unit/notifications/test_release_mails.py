"""The learners write, the coaches release: who hears when a window opens and when it went out."""

from __future__ import annotations

import pytest

from services.notifications.domain.notification import record
from services.notifications.domain.planning import PlanningConfig, StaffMember, plan_notifications
from services.notifications.service_layer.composing import compose
from services.notifications.service_layer.recording import event_json
from services.notifications.service_layer.samples import sample_event
from shared.contracts.base import EventData
from shared.contracts.envelope import CloudEvent
from shared.download_links import DownloadMinter
from tests.unit.notifications.composed import NOW, SIGNER, TABLE, UUID, Mail, composer, mails_for

pytestmark = pytest.mark.unit
TITLE = "Zonneweide Hoge Veld"


async def _with_staff(event: CloudEvent[EventData]) -> list[Mail]:
    """Every mail the event owes when the programme office has one staff member."""
    config = PlanningConfig(staff=[StaffMember(name="Ans", email="ans@bureau.example")])
    made, mails = composer(downloads=DownloadMinter(SIGNER, "https://docs.example.org", 30)), []
    for planned in plan_notifications(event, TABLE, config):
        stored = record(planned, event_json(event), NOW, release_at=NOW, allowed=True)
        composed = await compose(stored, NOW, made)
        assert composed.email is not None
        mails.append(Mail(planned, composed.email))
    return mails


def _by_address(mails: list[Mail]) -> dict[str, Mail]:
    return {m.planned.recipient.address: m for m in mails if m.planned.channel == "email"}


def _human(mail: Mail) -> None:
    words = mail.words()
    assert TITLE in words and not UUID.search(words)
    assert "owner" not in words.lower() and "staff" not in words.lower()


async def test_the_window_opening_tells_both_coaches_and_the_learner_with_their_page() -> None:
    mails = _by_address(await mails_for(sample_event("deliverable.opened")))
    assert set(mails) == {
        "jan.bakker@example.org",
        "f.elamrani@example.org",
        "sanne.jansen@example.org",
    }
    coach, learner = mails["jan.bakker@example.org"], mails["sanne.jansen@example.org"]
    assert "geeft u de versie vrij op uw persoonlijke pagina" in coach.text
    assert "Planning: nog leeg" in learner.text
    assert coach.page_person() and learner.page_person()
    for mail in mails.values():
        _human(mail)


async def test_a_released_draft_is_announced_to_coaches_learner_and_staff() -> None:
    mails = await _with_staff(sample_event("draft.delivered"))
    by_role = {m.planned.recipient.role for m in mails}
    assert {"owner", "coach", "participant", "staff"} <= by_role
    [staff] = [
        m for m in mails if m.planned.recipient.role == "staff" and m.planned.channel == "email"
    ]
    assert "De case in de console:" in staff.text and "/medewerker/cases/" in staff.text
    [learner] = [m for m in mails if m.planned.recipient.role == "participant"]
    assert "is vrijgegeven door Jan Bakker" in learner.text
    assert learner.page_person()
    for mail in mails:
        if mail.planned.recipient.role != "owner":
            _human(mail)
        # Files only through links that end with the person's links (signed, expiring); staff
        # find them in the console: no mail carries a file's permanent address.
        assert "docs.example.org/participatieaanpak" not in mail.text + mail.html, mail.text
    assert "https://docs.example.org/documenten/" in learner.text
    assert "De bestanden staan bij de case in de console." in staff.text
