"""Leergang teams: staff put enrolled participants in teams, each with a mentor and a case.

A participant is in at most one team of a cohort; putting them in another team moves them.
Who is in a team is kept on each participant's assignment (so a withdrawal takes them out
with everything else); the team itself keeps its name, mentor and practice case.
"""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import AwareDatetime, BaseModel, ConfigDict

from services.intake.domain.errors import DecisionRefused
from shared.contracts.base import Contact
from shared.contracts.intake import PracticeCase
from shared.people import PersonKind, person_id

MAX_QUESTION = 2_000


class Team(BaseModel):
    """One team of a leergang cohort; `revision` rises with every change of the team."""

    model_config = ConfigDict(frozen=True)

    team_id: str
    name: str
    mentor: Contact | None = None
    practice_case: PracticeCase | None = None
    revision: int = 0
    dissolved: bool = False

    @property
    def mentor_person_id(self) -> str | None:
        """The mentor's person id (one page for all the teams they mentor)."""
        return None if self.mentor is None else person_id(PersonKind.MENTOR, self.mentor.email)


class TeamDraft(BaseModel):
    """What staff filled in: a new team (no `team_id`) or a change of an existing one."""

    model_config = ConfigDict(frozen=True)

    team_id: str | None = None
    name: str
    mentor: Contact | None = None
    practice_case: PracticeCase | None = None
    members: list[str] = []


class LearningQuestion(BaseModel):
    """A participant's personal learning question for the programme, in their own words."""

    model_config = ConfigDict(frozen=True)

    participant_id: str
    text: str
    recorded_at: AwareDatetime


def next_team_id(teams: Sequence[Team]) -> str:
    """`team-<n>`: short, stable within the cohort, never reused."""
    return f"team-{len(teams) + 1}"


def checked(draft: TeamDraft, teams: Sequence[Team], enrolled: Sequence[str]) -> Team | None:
    """The team the draft changes (None for a new one); refuses what staff cannot mean."""
    name = draft.name.strip()
    if not name:
        raise DecisionRefused("name", "Geef het team een naam.")
    current = None
    if draft.team_id is not None:
        current = next((t for t in teams if t.team_id == draft.team_id), None)
        if current is None or current.dissolved:
            raise DecisionRefused("team_id", "Dit team bestaat niet (meer).")
    same_name = [
        t
        for t in teams
        if not t.dissolved and t.team_id != draft.team_id and t.name.lower() == name.lower()
    ]
    if same_name:
        raise DecisionRefused("name", "Er is al een team met deze naam.")
    if not draft.members:
        raise DecisionRefused("members", "Kies ten minste één deelnemer voor het team.")
    strangers = [m for m in draft.members if m not in enrolled]
    if strangers:
        raise DecisionRefused("members", "Een gekozen deelnemer is niet (meer) ingeschreven.")
    return current


def revised(draft: TeamDraft, current: Team | None, team_id: str) -> Team | None:
    """The team after the draft, with a raised revision; None when nothing about it changed."""
    team = Team(
        team_id=team_id,
        name=draft.name.strip(),
        mentor=draft.mentor,
        practice_case=draft.practice_case,
        revision=(current.revision if current else 0) + 1,
    )
    if current is not None and team.model_copy(update={"revision": current.revision}) == current:
        return None
    return team


def question_text(text: str) -> str:
    """The learning question as stored: trimmed, not empty, not too long."""
    cleaned = text.strip()
    if not cleaned:
        raise DecisionRefused("leervraag", "Vul uw leervraag in.")
    if len(cleaned) > MAX_QUESTION:
        raise DecisionRefused("leervraag", f"Uw leervraag is te lang (ten hoogste {MAX_QUESTION}).")
    return cleaned
