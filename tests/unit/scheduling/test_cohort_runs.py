"""A cohort's run per format: sessions planned, attendees derived, changes announced."""

import datetime as dt

import pytest

from services.scheduling.domain.people import Member, assign, enrol, leave
from services.scheduling.domain.programme import ProgrammeTemplate
from services.scheduling.domain.replanning import replan_run
from services.scheduling.domain.runs import CohortRun, plan_run, refresh_attendees
from shared.calendar import WorkingDayCalendar
from shared.contracts.base import Contact, Country, ProgrammeFormat
from shared.contracts.intake import Participant
from shared.contracts.scheduling import (
    AttendeeRole,
    CohortInfo,
    MeetingHost,
    SessionAttendeesChanged,
    SessionCancelled,
    SessionRescheduled,
    SessionScheduled,
)
from shared.people import PersonKind, participant_id, person_id

pytestmark = pytest.mark.unit

ROUNDS = [dt.date(2026, 3, 27), dt.date(2026, 4, 17), dt.date(2026, 5, 22), dt.date(2026, 6, 26)]
TRAINER = Contact(name="Tina Trainer", email="tina@example.org")
T0 = dt.datetime(2026, 2, 1, tzinfo=dt.UTC)


def learner(n: int) -> Participant:
    return Participant(participant_id=f"p{n}", name=f"Leerling {n}", email=f"p{n}@example.org")


def atelier(**extra: object) -> CohortInfo:
    values = {
        "cohort_id": "la-2026",
        "format": "leeratelier",
        "title": "Leeratelier voorjaar 2026",
        "start_date": ROUNDS[0],
        "fixed_dates": ROUNDS,
        "location": "Utrecht",
        "coaches": [TRAINER],
        **extra,
    }
    return CohortInfo.model_validate(values)


def with_members(*numbers: int) -> CohortRun:
    members: list[Member] = []
    for n in numbers:
        members = enrol(members, learner(n), T0 + dt.timedelta(minutes=n)) or members
    return CohortRun(cohort_id="la-2026", members=members)


@pytest.fixture
def template(templates: dict[ProgrammeFormat, ProgrammeTemplate]) -> ProgrammeTemplate:
    return templates[ProgrammeFormat.LEERATELIER]


def test_leeratelier_rounds_on_fixed_dates_invite_the_enrolled_and_the_trainer(
    template: ProgrammeTemplate, nl_calendar: WorkingDayCalendar
) -> None:
    run, events = plan_run(with_members(1, 2, 3), atelier(), template, nl_calendar)
    assert [s.starts_at.date() for s in run.sessions] == ROUNDS
    first = run.sessions[0]
    assert first.starts_at.time() == dt.time(12, 0) and first.ends_at.time() == dt.time(17, 0)
    assert first.location == "Utrecht" and not first.online
    assert first.homework and first.guide_steps == [1, 2, 3]
    assert run.sessions[3].guide_steps == [8] and "juridische" in run.sessions[3].homework
    assert [type(e) for e in events] == [SessionScheduled] * 4
    assert {e.cohort_title for e in events} == {"Leeratelier voorjaar 2026"}
    assert {e.format for e in events} == {ProgrammeFormat.LEERATELIER}
    people = {(a.person_id, a.role) for a in events[0].session.attendees}
    assert people == {
        (person_id(PersonKind.TRAINER, "tina@example.org"), AttendeeRole.TRAINER),
        *((participant_id(f"p{n}"), AttendeeRole.PARTICIPANT) for n in (1, 2, 3)),
    }


def test_a_late_enrolment_is_invited_to_the_rounds_still_to_come_and_a_withdrawal_removed(
    template: ProgrammeTemplate, nl_calendar: WorkingDayCalendar
) -> None:
    run, _ = plan_run(with_members(1, 2, 3), atelier(), template, nl_calendar)
    after_round_2 = dt.datetime(2026, 4, 20, 9, 0, tzinfo=dt.UTC)
    late = enrol(run.members, learner(4), after_round_2)
    assert late is not None
    run, events = refresh_attendees(
        run.model_copy(update={"members": late}), template, after_round_2
    )
    changes = [e for e in events if isinstance(e, SessionAttendeesChanged)]
    assert len(changes) == len(events) == 2
    assert [e.session.step for e in changes] == [3, 4]
    assert all([a.person_id for a in e.added] == [participant_id("p4")] for e in changes)
    assert all(not e.removed and len(e.session.attendees) == 5 for e in changes)
    assert len(run.sessions[0].attendees) == 4  # rounds that took place keep their list

    gone = leave(run.members, learner(2), after_round_2 + dt.timedelta(hours=1))
    assert gone is not None
    run, events = refresh_attendees(
        run.model_copy(update={"members": gone}), template, after_round_2
    )
    changes = [e for e in events if isinstance(e, SessionAttendeesChanged)]
    assert [e.session.step for e in changes] == [3, 4] and len(events) == 2
    assert all([a.person_id for a in e.removed] == [participant_id("p2")] for e in changes)
    again, nothing = refresh_attendees(run, template, after_round_2)
    assert nothing == [] and again == run


def test_events_about_membership_never_undo_newer_ones() -> None:
    members = leave([], learner(1), T0 + dt.timedelta(hours=2))  # left arrives first
    assert members is not None
    members = enrol(members, learner(1), T0) or members  # the older enrolment, late
    assert not members[0].enrolled and members[0].gone
    again = enrol(members, learner(1), T0 + dt.timedelta(days=1))  # enrolled anew
    assert again is not None and again[0].enrolled
    moved = assign(again, learner(1), "case-b", None, revision=2)
    assert moved is not None and assign(moved, learner(1), "case-a", None, revision=1) is None
    assert moved[0].case_id == "case-b"
    assert enrol(again, learner(1), T0) is None  # a redelivered older enrolment changes nothing


def test_changed_dates_reschedule_the_rounds_to_come_and_a_cancelled_cohort_cancels_them(
    template: ProgrammeTemplate, nl_calendar: WorkingDayCalendar
) -> None:
    run, _ = plan_run(with_members(1), atelier(), template, nl_calendar)
    moved_dates = [*ROUNDS[:2], dt.date(2026, 5, 29), ROUNDS[3]]
    now = dt.datetime(2026, 4, 1, tzinfo=dt.UTC)
    changed, events = replan_run(run, atelier(fixed_dates=moved_dates), template, nl_calendar, now)
    assert [type(e) for e in events] == [SessionRescheduled]
    event = events[0]
    assert isinstance(event, SessionRescheduled)
    assert event.session.step == 3 and event.session.sequence == 1
    assert event.previous_starts_at.date() == ROUNDS[2] and "datum en tijd" in event.reason
    assert event.session.attendees == run.sessions[2].attendees

    later = dt.datetime(2026, 4, 20, tzinfo=dt.UTC)  # rounds 1 and 2 have taken place
    cancelled, events = replan_run(
        changed, atelier(fixed_dates=moved_dates, cancelled=True), template, nl_calendar, later
    )
    assert [type(e) for e in events] == [SessionCancelled] * 2
    assert [e.session.step for e in events] == [3, 4]
    assert all("geannuleerd" in e.reason for e in events if isinstance(e, SessionCancelled))
    assert events[0].session.sequence == 2 and len(cancelled.cancelled_session_ids) == 2


def test_network_meetings_on_the_belgian_calendar_with_a_host_where_set(
    templates: dict[ProgrammeFormat, ProgrammeTemplate],
) -> None:
    info = CohortInfo.model_validate(
        {
            "cohort_id": "ln-2026",
            "format": "lerend-netwerk",
            "title": "Jaargang 2026-2027",
            "country": "BE",
            "timezone": "Europe/Brussels",
            "start_date": "2026-09-17",
            "location": "Brussel",
            "hosts": [MeetingHost(meeting=2, host="Stad Gent", location="Stadhuis Gent")],
        }
    )
    template = templates[ProgrammeFormat.LEREND_NETWERK]
    run, events = plan_run(
        CohortRun(cohort_id="ln-2026"), info, template, WorkingDayCalendar(Country.BE)
    )
    assert len(run.sessions) == 5 and len(events) == 5
    assert [s.host for s in run.sessions] == [None, "Stad Gent", None, None, None]
    assert run.sessions[1].location == "Stadhuis Gent" and run.sessions[0].location == "Brussel"
    assert all(str(s.starts_at.tzinfo) == "Europe/Brussels" for s in run.sessions)
    assert all((s.ends_at - s.starts_at) == dt.timedelta(hours=7) for s in run.sessions)


def test_e_learning_trainings_invite_the_trainers_not_every_learner(
    templates: dict[ProgrammeFormat, ProgrammeTemplate], nl_calendar: WorkingDayCalendar
) -> None:
    info = CohortInfo.model_validate(
        {
            "cohort_id": "el-2026",
            "format": "e-learning",
            "title": "E-learning 2026",
            "start_date": "2026-03-09",
            "coaches": [TRAINER],
            "training_capacity": 10,
        }
    )
    base = with_members(1, 2).model_copy(update={"cohort_id": "el-2026"})
    run, _ = plan_run(base, info, templates[ProgrammeFormat.E_LEARNING], nl_calendar)
    assert all([a.role for a in s.attendees] == [AttendeeRole.TRAINER] for s in run.sessions)
    assert {s.capacity for s in run.sessions} == {10}
    assert run.sessions[-1].starts_at - run.sessions[0].starts_at >= dt.timedelta(weeks=26)


def test_trainings_are_planned_half_a_year_ahead_of_today_and_not_past_the_end(
    templates: dict[ProgrammeFormat, ProgrammeTemplate], nl_calendar: WorkingDayCalendar
) -> None:
    template = templates[ProgrammeFormat.E_LEARNING]
    info = CohortInfo.model_validate(
        {"cohort_id": "el", "format": "e-learning", "title": "E", "start_date": "2026-03-09"}
    )
    run, _ = plan_run(CohortRun(cohort_id="el"), info, template, nl_calendar, dt.date(2026, 3, 1))
    later = dt.datetime(2026, 9, 1, tzinfo=dt.UTC)
    extended, events = replan_run(run, info, template, nl_calendar, later)
    assert events and all(isinstance(e, SessionScheduled) for e in events)
    assert extended.sessions[-1].starts_at.date() >= (later + dt.timedelta(weeks=26)).date()
    assert extended.sessions[: len(run.sessions)] == run.sessions  # the offer so far stays
    ending = info.model_copy(update={"end_date": dt.date(2026, 6, 30)})
    short, _ = plan_run(CohortRun(cohort_id="el"), ending, template, nl_calendar)
    assert all(s.starts_at.date() <= dt.date(2026, 6, 30) for s in short.sessions)


def test_a_re_plan_keeps_what_staff_moved_or_cancelled_one_by_one(
    template: ProgrammeTemplate, nl_calendar: WorkingDayCalendar
) -> None:
    run, _ = plan_run(with_members(1), atelier(), template, nl_calendar)
    staff_time = run.sessions[1].starts_at + dt.timedelta(days=3)  # Monday 20 April
    run = run.model_copy(
        update={
            "staff_moves": {run.sessions[1].session_id: staff_time},
            "staff_cancelled": [run.sessions[2].session_id],
            "cancelled_session_ids": [run.sessions[2].session_id],
            "sessions": [
                *run.sessions[:1],
                run.sessions[1].model_copy(
                    update={"starts_at": staff_time, "ends_at": staff_time + dt.timedelta(hours=5)}
                ),
                *run.sessions[2:],
            ],
        }
    )
    now = dt.datetime(2026, 3, 1, tzinfo=dt.UTC)
    after, events = replan_run(run, atelier(location="Amersfoort"), template, nl_calendar, now)
    moved = [e for e in events if isinstance(e, SessionRescheduled)]
    assert [e.session.step for e in moved] == [1, 2, 4]
    assert all(e.reason == "Gewijzigd: locatie." for e in moved)
    assert after.sessions[1].starts_at == staff_time
    assert after.session(run.sessions[2].session_id) == run.sessions[2]  # stays cancelled
