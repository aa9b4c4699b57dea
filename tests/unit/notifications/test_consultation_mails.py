"""Dates in consultation: tentative invites ask owner and expert to answer; confirmations say so."""

from __future__ import annotations

import pytest

from services.notifications.service_layer.samples import sample_session
from shared.contracts.scheduling import SessionRescheduled, SessionScheduled
from tests.unit.notifications.composed import as_event, mails_for

pytestmark = pytest.mark.unit


def _status(mail: object) -> tuple[str, int]:
    calendar = mail.calendar()  # type: ignore[attr-defined]
    assert calendar is not None
    (vevent,) = calendar.walk("VEVENT")
    return str(vevent["STATUS"]), int(vevent["SEQUENCE"])


async def test_a_tentative_invite_asks_the_owner_for_an_answer_and_the_others_to_wait() -> None:
    session = sample_session().model_copy(update={"tentative": True})
    event = SessionScheduled(case_id="case-42", cohort_id="lc-2026-1", session=session)
    mails = {m.planned.recipient.role: m for m in await mails_for(as_event(event))}
    assert _status(mails["owner"]) == ("TENTATIVE", 0)
    assert "Geef op uw eigen pagina aan of de datum u past" in mails["owner"].text
    assert "Voorlopige datum" in mails["coach"].text
    assert "Geef op uw eigen pagina" not in mails["coach"].text


async def test_a_confirmed_date_reaches_everyone_as_confirmed_with_a_higher_sequence() -> None:
    session = sample_session(sequence=1)
    event = SessionRescheduled(
        case_id="case-42",
        cohort_id="lc-2026-1",
        session=session,
        previous_starts_at=session.starts_at,
        reason="De datum is in overleg vastgesteld.",
        confirmed=True,
    )
    mails = await mails_for(as_event(event))
    assert len(mails) == len(session.attendees)
    for mail in mails:
        assert _status(mail) == ("CONFIRMED", 1)
        assert str(mail.message["Subject"]).startswith("Bevestigd: Startsessie")
        assert "staat vast" in mail.text and "verplaatst" not in mail.text
