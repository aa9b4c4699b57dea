"""Invites parse back with icalendar and land at the right local hour with a VTIMEZONE."""

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from services.scheduling.domain.changes import cancel_session, reschedule_session
from services.scheduling.domain.planning import Plan, plan_trajectory
from services.scheduling.domain.programme import ProgrammeTemplate
from shared.calendar import WorkingDayCalendar
from shared.contracts.base import Contact, ProgrammeFormat
from shared.contracts.scheduling import Attendee, AttendeeRole, CohortInfo
from shared.ics import cohort_feed, session_ics, session_uid

pytestmark = pytest.mark.unit

AMS = ZoneInfo("Europe/Amsterdam")
STAMP = dt.datetime(2026, 3, 1, 8, 0, tzinfo=dt.UTC)
OFFICE = Contact(name="Programmabureau", email="planning@example.org")


@pytest.fixture
def plan(
    leercase: ProgrammeTemplate, nl_calendar: WorkingDayCalendar, coach_pool: list[Contact]
) -> Plan:
    info = CohortInfo(
        cohort_id="lc",
        format=ProgrammeFormat.LEERCASE,
        title="t",
        start_date=dt.date(2026, 3, 9),
        meeting_url="https://teams.example.org/lc",
    )
    owner = Attendee(name="Olga Eigenaar", email="olga@example.org", role=AttendeeRole.OWNER)
    return plan_trajectory(
        leercase, info, nl_calendar, case_id="c1", attendees=[owner], coach_pool=coach_pool[:2]
    )


def only_event(text: str) -> tuple[Calendar, Any]:
    calendar = Calendar.from_ical(text)
    assert isinstance(calendar, Calendar)
    (event,) = calendar.walk("VEVENT")
    return calendar, event


def test_invite_is_a_request_at_the_local_hour_with_timezone(plan: Plan) -> None:
    session = plan.sessions[3]  # Feedbacksessie, 20 April 2026 14:00 CEST
    calendar, event = only_event(session_ics(session, OFFICE, STAMP))
    assert str(calendar["METHOD"]) == "REQUEST"
    start = event.decoded("DTSTART")
    assert start.astimezone(AMS).hour == 14 and start.astimezone(dt.UTC).hour == 12
    assert event["DTSTART"].params["TZID"] == "Europe/Amsterdam"
    (zone,) = calendar.walk("VTIMEZONE")
    assert str(zone["TZID"]) == "Europe/Amsterdam"
    assert str(event["UID"]) == session_uid(session.session_id)
    assert str(event["SUMMARY"]) == "Feedbacksessie"
    assert str(event["URL"]) == "https://teams.example.org/lc"
    attendees = {str(a): a.params for a in event["ATTENDEE"]}
    assert attendees["mailto:olga@example.org"]["ROLE"] == "REQ-PARTICIPANT"
    assert attendees["mailto:olga@example.org"]["RSVP"] == "FALSE"  # answers go via the page
    assert sum(p["ROLE"] == "CHAIR" for p in attendees.values()) == 2
    assert str(event["ORGANIZER"]) == "mailto:planning@example.org"


def test_an_invite_for_one_recipient_names_only_them_and_links_their_page(plan: Plan) -> None:
    session = plan.sessions[0]
    olga = next(a for a in session.attendees if a.email == "olga@example.org")
    page = "https://intake.example.org/mijn/owner-x.0.-.mac"
    _, event = only_event(session_ics(session, OFFICE, STAMP, recipient=olga, page_url=page))
    attendee = event["ATTENDEE"]
    assert not isinstance(attendee, list) and str(attendee) == "mailto:olga@example.org"
    assert attendee.params["RSVP"] == "FALSE"
    assert str(event["URL"]) == page
    assert str(event["ORGANIZER"]) == "mailto:planning@example.org"


def test_winter_session_keeps_its_local_hour_too(plan: Plan) -> None:
    _, event = only_event(session_ics(plan.sessions[0], OFFICE, STAMP))
    start = event.decoded("DTSTART")
    assert (start.astimezone(AMS).hour, start.astimezone(dt.UTC).hour) == (14, 13)


def test_update_keeps_the_uid_and_raises_sequence(
    plan: Plan, nl_calendar: WorkingDayCalendar
) -> None:
    session = plan.sessions[1]
    _, moved = reschedule_session(
        plan, session.session_id, dt.datetime(2026, 3, 17, 10, 0, tzinfo=AMS), nl_calendar
    )
    _, before = only_event(session_ics(session, OFFICE, STAMP))
    _, after = only_event(session_ics(moved, OFFICE, STAMP))
    assert str(before["UID"]) == str(after["UID"])
    assert after.decoded("SEQUENCE") == before.decoded("SEQUENCE") + 1
    assert after.decoded("DTSTART").astimezone(AMS).hour == 10


def test_cancel_uses_method_cancel_and_status_cancelled(plan: Plan) -> None:
    _, cancelled = cancel_session(plan, plan.sessions[1].session_id)
    calendar, event = only_event(session_ics(cancelled, OFFICE, STAMP, cancelled=True))
    assert str(calendar["METHOD"]) == "CANCEL"
    assert str(event["STATUS"]) == "CANCELLED"
    assert event.decoded("SEQUENCE") == 1


def test_moved_session_explains_the_move_in_dutch(
    templates: dict[ProgrammeFormat, ProgrammeTemplate], nl_calendar: WorkingDayCalendar
) -> None:
    info = CohortInfo(
        cohort_id="lg", format=ProgrammeFormat.LEERGANG, title="t", start_date=dt.date(2026, 1, 26)
    )
    day4 = plan_trajectory(templates[ProgrammeFormat.LEERGANG], info, nl_calendar).sessions[3]
    _, event = only_event(session_ics(day4, OFFICE, STAMP))
    assert "Koningsdag" in str(event["DESCRIPTION"])


def test_cohort_feed_has_every_session_and_marks_cancelled_ones(plan: Plan) -> None:
    cancelled_plan, _ = cancel_session(plan, plan.sessions[0].session_id)
    calendar = Calendar.from_ical(
        cohort_feed(
            cancelled_plan.sessions,
            cancelled_plan.cancelled_session_ids,
            OFFICE,
            STAMP,
            "Leercase voorjaar",
        )
    )
    assert isinstance(calendar, Calendar)
    assert "METHOD" not in calendar
    events = calendar.walk("VEVENT")
    assert len(events) == len(plan.sessions)
    # A leercase plans in consultation: dates stay tentative until staff confirm them.
    assert [str(e["STATUS"]) for e in events] == ["CANCELLED"] + ["TENTATIVE"] * 3
    assert len(calendar.walk("VTIMEZONE")) == 1
