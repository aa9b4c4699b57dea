"""Intake's copy of each session: the newest word wins, and a page shows it in local time."""

from __future__ import annotations

import datetime as dt

import pytest

from services.intake.domain.agenda import SessionView, merged, views_of
from services.intake.web.portal.person_page import session_card, steps_text
from shared.contracts.base import ProgrammeFormat
from shared.contracts.scheduling import (
    Attendee,
    AttendeeRole,
    SessionCancelled,
    SessionInfo,
    SessionScheduled,
)
from shared.people import participant_id

pytestmark = pytest.mark.unit

AT = dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC)
ANNA = Attendee(
    person_id=participant_id("p-1"),
    name="Anna",
    email="anna@example.nl",
    role=AttendeeRole.PARTICIPANT,
)


def session(sequence: int = 0, starts: dt.datetime | None = None, **extra: object) -> SessionInfo:
    begins = starts or dt.datetime(2026, 3, 28, 11, 0, tzinfo=dt.UTC)
    return SessionInfo.model_validate(
        {
            "session_id": "r1",
            "step": 1,
            "name": "Ronde 1",
            "starts_at": begins,
            "ends_at": begins + dt.timedelta(hours=5),
            "timezone": "Europe/Amsterdam",
            "attendees": [ANNA],
            "sequence": sequence,
        }
        | extra
    )


def view(
    sequence: int = 0, at: dt.datetime = AT, attendees: list[Attendee] | None = None
) -> SessionView:
    info = session(sequence, attendees=[ANNA] if attendees is None else attendees)
    event = SessionScheduled(cohort_id="atelier", format=ProgrammeFormat.LEERATELIER, session=info)
    [found] = views_of(event, at)
    return found


def test_a_higher_sequence_replaces_and_a_lower_one_is_ignored() -> None:
    old, new = view(0), view(1, at=AT - dt.timedelta(hours=1))
    assert merged(old, new) == new
    assert merged(new, old) is None


def test_on_the_same_sequence_the_later_event_wins_and_a_repeat_changes_nothing() -> None:
    first, later = view(0), view(0, at=AT + dt.timedelta(minutes=1), attendees=[])
    assert merged(first, later) == later
    assert merged(later, first) is None
    assert merged(first, first) is None


def test_a_cancellation_marks_the_session_cancelled_and_attendees_are_indexed_by_person() -> None:
    event = SessionCancelled(cohort_id="atelier", session=session(1), reason="te weinig")
    [cancelled] = views_of(event, AT)
    assert cancelled.session.cancelled
    assert cancelled.person_ids == [ANNA.person_id]
    assert cancelled.attendee(ANNA.person_id) == ANNA
    assert cancelled.attendee("coach-x") is None


def test_a_card_gives_local_time_on_both_sides_of_the_dst_change_and_what_is_asked() -> None:
    winter = session(starts=dt.datetime(2026, 3, 28, 11, 0, tzinfo=dt.UTC), homework="Lezen")
    summer = session(starts=dt.datetime(2026, 4, 18, 10, 0, tzinfo=dt.UTC), guide_steps=[4, 5])
    now = dt.datetime(2026, 4, 1, tzinfo=dt.UTC)
    cards = [session_card(view_of(s), now, "/mijn/t/sessies/r1.ics") for s in (winter, summer)]
    assert cards[0]["when"] == "zaterdag 28 maart 2026, 12:00–17:00 uur" and cards[0]["past"]
    assert cards[1]["when"] == "zaterdag 18 april 2026, 12:00–17:00 uur"
    assert cards[0]["asked"] == ["Huiswerk: Lezen"]
    assert cards[1]["asked"] == ["Stappen 4 en 5 van de handreiking."]
    assert cards[1]["programme"] == "Leeratelier"


def view_of(info: SessionInfo) -> SessionView:
    event = SessionScheduled(cohort_id="a", format=ProgrammeFormat.LEERATELIER, session=info)
    return views_of(event, AT)[0]


def test_guide_steps_read_as_dutch() -> None:
    assert steps_text([8]) == "Stap 8 van de handreiking"
    assert steps_text([1, 2, 3]) == "Stappen 1, 2 en 3 van de handreiking"


def test_other_events_state_no_session() -> None:
    from tests.unit.intake.factories import submitted

    assert views_of(submitted(), AT) == []
    assert ANNA.role == AttendeeRole.PARTICIPANT


def test_a_fresh_link_goes_out_at_most_once_a_quarter_hour() -> None:
    from services.intake.domain.link_request import LinkRequests

    requests = LinkRequests(person_id=ANNA.person_id)
    assert [e.routing_key for e in requests.request(2, AT)] == ["person.link_requested"]
    assert requests.request(2, AT + dt.timedelta(minutes=14)) == []
    [later] = requests.request(2, AT + dt.timedelta(minutes=15))
    assert later.routing_key == "person.link_requested" and requests.requested == 3
