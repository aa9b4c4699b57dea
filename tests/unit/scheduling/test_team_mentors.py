"""Leergang mentors: invited to their team's days while the team has an enrolled member."""

import datetime as dt

import pytest

from services.scheduling.domain.people import Member, assign, enrol, leave
from services.scheduling.domain.programme import ProgrammeTemplate
from services.scheduling.domain.runs import CohortRun, plan_run, refresh_attendees
from services.scheduling.domain.team_mentors import TeamMentor, updated
from shared.calendar import WorkingDayCalendar
from shared.contracts.base import Contact, ProgrammeFormat
from shared.contracts.intake import Participant
from shared.contracts.scheduling import AttendeeRole, CohortInfo, SessionAttendeesChanged
from shared.people import PersonKind, person_id

pytestmark = pytest.mark.unit

T0 = dt.datetime(2026, 2, 1, tzinfo=dt.UTC)
MILA = Contact(name="Mila Mentor", email="mila@example.org")
OMAR = Contact(name="Omar Mentor", email="omar@example.org")


def learner(n: int) -> Participant:
    return Participant(participant_id=f"p{n}", name=f"Leerling {n}", email=f"p{n}@example.org")


def leergang() -> CohortInfo:
    return CohortInfo.model_validate(
        {
            "cohort_id": "lg-2026",
            "format": "leergang",
            "title": "Leergang 2026",
            "start_date": dt.date(2026, 3, 12),
            "coaches": [Contact(name="Tina Trainer", email="tina@example.org")],
        }
    )


def members_in_teams(*teams: str) -> list[Member]:
    members: list[Member] = []
    for n, team in enumerate(teams):
        members = enrol(members, learner(n), T0 + dt.timedelta(minutes=n)) or members
        members = assign(members, learner(n), None, team, 1) or members
    return members


def mentors(run: CohortRun) -> set[str]:
    found = {
        a.person_id for s in run.sessions for a in s.attendees if a.role == AttendeeRole.MENTOR
    }
    return {p for p in found if p is not None}


@pytest.fixture
def template(templates: dict[ProgrammeFormat, ProgrammeTemplate]) -> ProgrammeTemplate:
    return templates[ProgrammeFormat.LEERGANG]


def test_every_mentor_of_a_team_with_members_is_invited_to_every_day(
    template: ProgrammeTemplate, nl_calendar: WorkingDayCalendar
) -> None:
    teams = [TeamMentor(team_id="team-1", mentor=MILA, revision=1)]
    teams += [TeamMentor(team_id="team-2", mentor=OMAR, revision=1)]
    teams += [TeamMentor(team_id="team-3", mentor=Contact(name="Eva", email="e@x.org"), revision=1)]
    start = CohortRun(
        cohort_id="lg-2026", members=members_in_teams("team-1", "team-2"), teams=teams
    )
    run, _ = plan_run(start, leergang(), template, nl_calendar)
    assert len(run.sessions) == 4
    assert mentors(run) == {
        person_id(PersonKind.MENTOR, "mila@example.org"),
        person_id(PersonKind.MENTOR, "omar@example.org"),
    }  # team 3 has nobody in it: its mentor has no days


def test_a_new_mentor_is_invited_and_the_former_one_uninvited(
    template: ProgrammeTemplate, nl_calendar: WorkingDayCalendar
) -> None:
    start = CohortRun(
        cohort_id="lg-2026",
        members=members_in_teams("team-1"),
        teams=[TeamMentor(team_id="team-1", mentor=MILA, revision=1)],
    )
    run, _ = plan_run(start, leergang(), template, nl_calendar)
    teams = updated(run.teams, TeamMentor(team_id="team-1", mentor=OMAR, revision=2))
    assert teams is not None
    after, events = refresh_attendees(run.model_copy(update={"teams": teams}), template, T0)
    changed = [e for e in events if isinstance(e, SessionAttendeesChanged)]
    assert len(changed) == 4
    assert {a.email for e in changed for a in e.added} == {"omar@example.org"}
    assert {a.email for e in changed for a in e.removed} == {"mila@example.org"}
    assert mentors(after) == {person_id(PersonKind.MENTOR, "omar@example.org")}


def test_an_older_team_revision_changes_nothing() -> None:
    teams = [TeamMentor(team_id="team-1", mentor=OMAR, revision=2)]
    assert updated(teams, TeamMentor(team_id="team-1", mentor=MILA, revision=1)) is None


def test_when_the_last_member_leaves_the_mentor_is_uninvited(
    template: ProgrammeTemplate, nl_calendar: WorkingDayCalendar
) -> None:
    members = members_in_teams("team-1")
    start = CohortRun(
        cohort_id="lg-2026",
        members=members,
        teams=[TeamMentor(team_id="team-1", mentor=MILA, revision=1)],
    )
    run, _ = plan_run(start, leergang(), template, nl_calendar)
    gone = leave(run.members, learner(0), T0 + dt.timedelta(days=1))
    assert gone is not None
    after, _ = refresh_attendees(run.model_copy(update={"members": gone}), template, T0)
    assert mentors(after) == set()
