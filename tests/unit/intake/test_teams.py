"""Leergang teams: each participant in at most one team, with a mentor and a practice case."""

from __future__ import annotations

import datetime as dt

import pytest

from services.intake.domain.enrolment import Enrolment
from services.intake.domain.errors import DecisionRefused
from services.intake.domain.teams import TeamDraft
from shared.contracts.base import Contact, EventData, ProgrammeFormat
from shared.contracts.intake import ParticipantAssigned, PracticeCase, TeamUpdated
from shared.people import PersonKind, person_id
from tests.unit.intake.factories import cohort, participant

pytestmark = pytest.mark.unit

AT = dt.datetime(2026, 3, 10, 12, 0, tzinfo=dt.UTC)
MENTOR = Contact(name="Mila Mentor", email="mila@example.nl")
CASE = PracticeCase(
    name="Moestuin De Groene Hoek", contact="Kees Bakker", description="Een buurtmoestuin."
)


def leergang(learners: int = 6) -> Enrolment:
    enrolment = Enrolment.for_cohort(
        cohort(cohort_id="lg-2026", format=ProgrammeFormat.LEERGANG, title="Leergang 2026")
    )
    for n in range(learners):
        enrolment.register(participant(n), AT)
    return enrolment


def draft(*members: int, name: str = "Team Noord", **extra: object) -> TeamDraft:
    values: dict[str, object] = {"mentor": MENTOR, "practice_case": CASE}
    return TeamDraft(name=name, members=[f"p-{n}" for n in members], **(values | extra))


def moves(events: list[EventData]) -> dict[str, str | None]:
    return {
        e.participant.participant_id: e.team_id
        for e in events
        if isinstance(e, ParticipantAssigned)
    }


def test_forming_a_team_announces_it_and_assigns_each_member_once() -> None:
    enrolment = leergang()
    team_id, events = enrolment.save_team(draft(0, 1, 2), AT)
    assert team_id == "team-1"
    teams = [e for e in events if isinstance(e, TeamUpdated)]
    assert [(t.name, t.mentor, t.practice_case, t.revision) for t in teams] == [
        ("Team Noord", MENTOR, CASE, 1)
    ]
    assert moves(events) == {"p-0": "team-1", "p-1": "team-1", "p-2": "team-1"}
    assert all(e.team_name == "Team Noord" for e in events if isinstance(e, ParticipantAssigned))
    assert [p.participant_id for p in enrolment.team_members("team-1")] == ["p-0", "p-1", "p-2"]
    assert enrolment.mentor_ids == [person_id(PersonKind.MENTOR, "mila@example.nl")]


def test_putting_a_member_in_another_team_moves_them_out_of_the_first() -> None:
    enrolment = leergang()
    enrolment.save_team(draft(0, 1, 2), AT)
    second, events = enrolment.save_team(draft(2, 3, name="Team Zuid"), AT)
    assert moves(events) == {"p-2": second, "p-3": second}
    assert [p.participant_id for p in enrolment.team_members("team-1")] == ["p-0", "p-1"]
    assert enrolment.team_of("p-2") == enrolment.team(second)


def test_changing_only_the_members_keeps_the_team_and_announces_only_who_moved() -> None:
    enrolment = leergang()
    enrolment.save_team(draft(0, 1, 2), AT)
    _, events = enrolment.save_team(draft(0, 1, 4, team_id="team-1"), AT)
    assert not any(isinstance(e, TeamUpdated) for e in events)
    assert moves(events) == {"p-2": None, "p-4": "team-1"}
    revisions = [e.revision for e in events if isinstance(e, ParticipantAssigned)]
    assert revisions == [2, 1]


def test_a_new_mentor_raises_the_teams_revision() -> None:
    enrolment = leergang()
    enrolment.save_team(draft(0, 1), AT)
    other = Contact(name="Omar Mentor", email="omar@example.nl")
    _, events = enrolment.save_team(draft(0, 1, team_id="team-1", mentor=other), AT)
    assert [(e.mentor, e.revision) for e in events if isinstance(e, TeamUpdated)] == [(other, 2)]
    assert moves(events) == {}
    assert enrolment.mentor_ids == [person_id(PersonKind.MENTOR, "omar@example.nl")]


@pytest.mark.parametrize(
    ("bad", "field"),
    [
        (draft(3, name=" "), "name"),
        (draft(name="Team West"), "members"),
        (draft(0, 99, name="Team West"), "members"),
        (draft(3, name="team noord"), "name"),
        (draft(3, team_id="team-9"), "team_id"),
    ],
)
def test_refused_team_drafts_name_the_field(bad: TeamDraft, field: str) -> None:
    enrolment = leergang()
    enrolment.save_team(draft(0, 1), AT)
    before = enrolment.model_copy(deep=True)
    with pytest.raises(DecisionRefused) as refused:
        enrolment.save_team(bad, AT)
    assert refused.value.field == field
    assert enrolment == before


def test_only_a_leergang_has_teams() -> None:
    enrolment = Enrolment.for_cohort(cohort())
    enrolment.register(participant(0), AT)
    with pytest.raises(DecisionRefused):
        enrolment.save_team(draft(0), AT)


def test_a_withdrawn_member_is_no_longer_in_the_team() -> None:
    enrolment = leergang()
    enrolment.save_team(draft(0, 1), AT)
    enrolment.withdraw("p-1", AT)
    assert [p.participant_id for p in enrolment.team_members("team-1")] == ["p-0"]
    enrolment.register(participant(1), AT)
    assert enrolment.team_of("p-1") is None


def test_a_learning_question_is_kept_per_participant_and_replaced_when_rewritten() -> None:
    enrolment = leergang()
    enrolment.record_learning_question("p-0", "  Hoe betrek ik jongeren?  ", AT)
    enrolment.record_learning_question("p-0", "Hoe betrek ik ouderen?", AT)
    assert enrolment.learning_question("p-0") == "Hoe betrek ik ouderen?"
    assert enrolment.learning_question("p-1") == ""
    with pytest.raises(DecisionRefused):
        enrolment.record_learning_question("p-1", "   ", AT)
    with pytest.raises(DecisionRefused):
        enrolment.record_learning_question("p-77", "Vraag", AT)
