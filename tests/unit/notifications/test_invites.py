"""One invite per person per session: only they are named, and it leads to their own page."""

from __future__ import annotations

import datetime as dt

import pytest

from services.notifications.domain.model import CalendarMethod
from services.notifications.service_layer.samples import sample_event
from tests.unit.notifications.composed import OFFICE, as_event, mails_for, planned_for
from tests.unit.notifications.programmes import LATECOMER, LEAVER, atelier, attendees_changed

pytestmark = pytest.mark.unit


async def test_each_attendee_gets_an_invite_naming_only_them_with_their_page() -> None:
    event = as_event(atelier())
    session = atelier().session
    mails = await mails_for(event)
    assert sorted(str(m.message["To"]) for m in mails) == sorted(
        f"{a.name} <{a.email}>" for a in session.attendees
    )
    for mail in mails:
        recipient = mail.planned.recipient
        calendar = mail.calendar()
        assert calendar is not None and calendar["METHOD"] == "REQUEST"
        (vevent,) = calendar.walk("VEVENT")
        attendees = vevent.get("ATTENDEE")
        assert str(attendees) == f"mailto:{recipient.address}"  # one, and it is them
        assert attendees.params["RSVP"] == "FALSE"
        assert str(vevent["ORGANIZER"]) == f"mailto:{OFFICE.email}"
        assert mail.message["Reply-To"] == f"{OFFICE.name} <{OFFICE.email}>"
        assert mail.page_person() == recipient.person_id != ""
        assert str(vevent["URL"]).startswith("https://intake.example.org/mijn/")
        assert str(vevent["URL"]) in mail.text
        assert f'href="{vevent["URL"]}"' in mail.html


async def test_a_changed_attendee_list_invites_the_added_and_cancels_for_the_removed() -> None:
    mails = await mails_for(as_event(attendees_changed()))
    by_address = {m.planned.recipient.address: m for m in mails}
    assert set(by_address) == {LATECOMER.email, LEAVER.email}  # the others hear nothing
    invite, cancel = by_address[LATECOMER.email], by_address[LEAVER.email]
    assert invite.planned.calendar is CalendarMethod.REQUEST
    assert str(invite.message["Subject"]).startswith("Uitnodiging: Ronde 2: Beleid")
    cancelled = cancel.calendar()
    assert cancelled is not None and cancelled["METHOD"] == "CANCEL"
    (vevent,) = cancelled.walk("VEVENT")
    assert vevent["STATUS"] == "CANCELLED"
    assert str(vevent.get("ATTENDEE")) == f"mailto:{LEAVER.email}"
    assert "niet langer uitgenodigd" in cancel.text
    assert cancel.page_person() == cancel.planned.recipient.person_id != ""


def test_someone_removed_in_one_role_but_still_invited_in_another_gets_no_cancellation() -> None:
    changed = attendees_changed()
    mentor = changed.removed[0].model_copy(update={"role": "mentor"})
    session = changed.session.model_copy(update={"attendees": [*changed.session.attendees, mentor]})
    planned = planned_for(as_event(changed.model_copy(update={"session": session})))
    assert [p.recipient.address for p in planned] == [LATECOMER.email]


@pytest.mark.parametrize(
    "routing_key", ["session.rescheduled", "session.cancelled", "session.reminder_due"]
)
def test_changes_and_reminders_reach_every_current_attendee(routing_key: str) -> None:
    event = sample_event(routing_key)
    attendees = getattr(event.data, "session").attendees  # noqa: B009
    planned = planned_for(event)
    assert sorted(p.recipient.address for p in planned) == sorted(a.email for a in attendees)
    assert all(p.recipient.person_id for p in planned)


def test_a_reminder_expires_when_its_session_begins_and_nothing_else_does() -> None:
    (reminder,) = {p.not_after for p in planned_for(sample_event("session.reminder_due"))}
    starts_at = getattr(sample_event("session.reminder_due").data, "session").starts_at  # noqa: B009
    assert reminder == starts_at
    planned = planned_for(sample_event("session.reminder_due"))[0]
    assert not planned.stale(starts_at - dt.timedelta(seconds=1))
    assert planned.stale(starts_at)
    for key in ("session.scheduled", "session.cancelled", "participant.enrolled"):
        assert all(p.not_after is None for p in planned_for(sample_event(key)))


async def test_the_owner_and_the_participant_find_their_page_in_mails_not_about_sessions() -> None:
    receipt = await mails_for(sample_event("case.submitted"))
    owner = next(m for m in receipt if m.planned.recipient.role == "owner")
    assert owner.page_person() is not None and owner.page_person() == (
        owner.planned.recipient.person_id
    )
    (enrolled,) = await mails_for(sample_event("participant.enrolled"))
    assert enrolled.page_person() == enrolled.planned.recipient.person_id
    (refused,) = await mails_for(sample_event("participant.refused"))
    assert refused.page_person() is None  # no place, so no page to send them to
