"""Dates in consultation: tentative invites, the owner's and expert's answers, confirmation."""

import datetime as dt

import pytest
from icalendar import Calendar

from services.scheduling.domain.changes import reschedule_session
from services.scheduling.domain.consultation import (
    AnswerRefused,
    DateAnswerKind,
    answers_without,
    confirm_session,
    record_answer,
)
from services.scheduling.domain.planning import Plan, plan_trajectory
from services.scheduling.domain.programme import ProgrammeTemplate
from shared.calendar import WorkingDayCalendar
from shared.contracts.base import Contact, ProgrammeFormat
from shared.contracts.scheduling import Attendee, AttendeeRole, CohortInfo
from shared.ics import session_ics

pytestmark = pytest.mark.unit

NOW = dt.datetime(2026, 3, 1, 8, 0, tzinfo=dt.UTC)
OFFICE = Contact(name="Programmabureau", email="planning@example.org")
OWNER = Attendee(
    person_id="owner-1", name="Olga Eigenaar", email="olga@example.org", role=AttendeeRole.OWNER
)
EXPERT = Attendee(
    person_id="content-expert-1",
    name="Dirk Deskundige",
    email="dirk@example.org",
    role=AttendeeRole.CONTENT_EXPERT,
)
LEARNER = Attendee(
    person_id="participant-1", name="Lea", email="lea@example.org", role=AttendeeRole.PARTICIPANT
)


@pytest.fixture
def plan(
    leercase: ProgrammeTemplate, nl_calendar: WorkingDayCalendar, coach_pool: list[Contact]
) -> Plan:
    info = CohortInfo(
        cohort_id="lc", format=ProgrammeFormat.LEERCASE, title="t", start_date=dt.date(2026, 3, 9)
    )
    return plan_trajectory(
        leercase,
        info,
        nl_calendar,
        case_id="c1",
        attendees=[OWNER, EXPERT, LEARNER],
        coach_pool=coach_pool[:2],
    )


def status_of(text: str) -> tuple[str, int]:
    calendar = Calendar.from_ical(text)
    assert isinstance(calendar, Calendar)
    (event,) = calendar.walk("VEVENT")
    return str(event["STATUS"]), int(str(event["SEQUENCE"]))


def test_leercase_dates_go_out_tentative_and_confirming_raises_the_sequence(plan: Plan) -> None:
    step2 = plan.sessions[1]
    assert all(s.tentative for s in plan.sessions)
    assert status_of(session_ics(step2, OFFICE, NOW)) == ("TENTATIVE", 0)
    fixed_plan, fixed = confirm_session(plan, step2.session_id)
    assert status_of(session_ics(fixed, OFFICE, NOW)) == ("CONFIRMED", 1)
    assert fixed.starts_at == step2.starts_at
    assert fixed_plan.session(step2.session_id) == fixed
    with pytest.raises(AnswerRefused, match="staat al vast"):
        confirm_session(fixed_plan, step2.session_id)


def test_owner_asks_another_date_and_it_stays_open_until_moved(
    plan: Plan, nl_calendar: WorkingDayCalendar
) -> None:
    step2 = plan.sessions[1].session_id
    answers = record_answer(
        plan, [], step2, OWNER.person_id, DateAnswerKind.OTHER_DATE, "Dan ben ik op reis.", NOW
    )
    answers = record_answer(plan, answers, step2, EXPERT.person_id, DateAnswerKind.FITS, "", NOW)
    assert [(a.name, a.open_question) for a in answers] == [
        ("Olga Eigenaar", True),
        ("Dirk Deskundige", False),
    ]
    # A later answer of the same person replaces the earlier one.
    again = record_answer(
        plan, answers, step2, OWNER.person_id, DateAnswerKind.OTHER_DATE, "Liever dinsdag.", NOW
    )
    assert [a.reason for a in again if a.person_id == OWNER.person_id] == ["Liever dinsdag."]
    _, moved = reschedule_session(
        plan, step2, plan.sessions[1].starts_at + dt.timedelta(days=1), nl_calendar
    )
    assert moved.sequence == 1 and moved.tentative  # asked again at the new time
    assert answers_without(again, step2) == []


def test_only_owner_and_expert_answer_and_another_date_needs_a_reason(plan: Plan) -> None:
    step1 = plan.sessions[0].session_id
    with pytest.raises(AnswerRefused) as refused:
        record_answer(plan, [], step1, LEARNER.person_id, DateAnswerKind.FITS, "", NOW)
    assert refused.value.field == "person_id"
    with pytest.raises(AnswerRefused) as refused:
        record_answer(plan, [], step1, OWNER.person_id, DateAnswerKind.OTHER_DATE, " ", NOW)
    assert refused.value.field == "reason"
    late = plan.sessions[0].starts_at + dt.timedelta(minutes=1)
    with pytest.raises(AnswerRefused, match="al begonnen"):
        record_answer(plan, [], step1, OWNER.person_id, DateAnswerKind.FITS, "", late)
