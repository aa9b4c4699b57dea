"""A leercase's attendees: owner, expert, coaches and the learners on that case only."""

import datetime as dt

import pytest

from services.scheduling.domain.case_people import NamedExpert, case_attendees, named, refresh_case
from services.scheduling.domain.people import Member, assign, enrol, leave, owner_attendee
from services.scheduling.domain.planning import plan_trajectory
from services.scheduling.domain.programme import ProgrammeTemplate
from services.scheduling.domain.trajectories import Trajectory, TrajectoryStatus
from shared.calendar import WorkingDayCalendar
from shared.contracts.base import Contact, Person, ProgrammeFormat
from shared.contracts.intake import CaseAccepted, Participant
from shared.contracts.scheduling import AttendeeRole, CohortInfo
from shared.people import content_expert_id, owner_id, participant_id

pytestmark = pytest.mark.unit

T0 = dt.datetime(2026, 3, 1, tzinfo=dt.UTC)


def learner(n: int) -> Participant:
    return Participant(participant_id=f"p{n}", name=f"Leerling {n}", email=f"p{n}@example.org")


def trajectory(
    leercase: ProgrammeTemplate, calendar: WorkingDayCalendar, coach_pool: list[Contact]
) -> Trajectory:
    accepted = CaseAccepted(
        case_id="c1",
        case_title="Zonneweide",
        cohort_id="lc",
        cohort_title="Leercase voorjaar",
        format=ProgrammeFormat.LEERCASE,
        owner=Contact(name="Olga", email="olga@example.nl"),
        content_expert=Person(name="Eva", role="beleidsadviseur"),  # no email on the form
        consent_to_share=True,
        decided_by="staff",
        decided_at=T0,
    )
    cohort = CohortInfo(
        cohort_id="lc", format=ProgrammeFormat.LEERCASE, title="t", start_date=dt.date(2026, 3, 9)
    )
    owner = owner_attendee("c1", accepted.owner)
    plan = plan_trajectory(
        leercase, cohort, calendar, case_id="c1", coach_pool=coach_pool, attendees=[owner]
    )
    return Trajectory(
        case_id="c1",
        cohort_id="lc",
        case_title="Zonneweide",
        status=TrajectoryStatus.PLANNED,
        accepted=accepted,
        plan=plan,
    )


def test_learners_on_the_case_and_a_later_named_expert_are_invited_to_what_is_to_come(
    leercase: ProgrammeTemplate, nl_calendar: WorkingDayCalendar, coach_pool: list[Contact]
) -> None:
    planned = trajectory(leercase, nl_calendar, coach_pool)
    members: list[Member] = []
    for n in (1, 2, 3):
        members = enrol(members, learner(n), T0) or members
    members = assign(members, learner(1), "c1", None, 1) or members
    members = assign(members, learner(2), "c2", None, 1) or members  # on another case
    members = assign(members, learner(3), "c1", None, 1) or members
    members = leave(members, learner(3), T0 + dt.timedelta(hours=1)) or members
    expert = named(None, "c1", Person(name="Eva", email="eva@example.nl"), T0)
    assert expert is not None and named(expert, "c1", Person(name="X"), T0) is None

    wanted = case_attendees(planned, members, expert)
    roles = [(a.role, a.person_id) for a in wanted]
    assert roles[:2] == [
        (AttendeeRole.OWNER, owner_id("c1")),
        (AttendeeRole.CONTENT_EXPERT, content_expert_id("c1")),
    ]
    assert [r for r, _ in roles].count(AttendeeRole.COACH) == 2
    assert [p for r, p in roles if r is AttendeeRole.PARTICIPANT] == [participant_id("p1")]

    after_first = dt.datetime(2026, 3, 10, tzinfo=dt.UTC)
    refreshed, events = refresh_case(planned, wanted, after_first)
    assert [e.session.step for e in events] == [2, 3, 5]
    assert all(
        {a.person_id for a in e.added} == {content_expert_id("c1"), participant_id("p1")}
        for e in events
    )
    assert all(e.case_id == "c1" and e.cohort_title == "Leercase voorjaar" for e in events)
    assert refresh_case(refreshed, wanted, after_first) == (refreshed, [])


def test_an_expert_without_email_is_not_invited(
    leercase: ProgrammeTemplate, nl_calendar: WorkingDayCalendar, coach_pool: list[Contact]
) -> None:
    planned = trajectory(leercase, nl_calendar, coach_pool)
    no_mail = NamedExpert(case_id="c1", expert=Person(name="Eva"), named_at=T0)
    roles = {a.role for a in case_attendees(planned, [], no_mail)}
    assert AttendeeRole.CONTENT_EXPERT not in roles and AttendeeRole.OWNER in roles
