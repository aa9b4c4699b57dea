"""Leergang teams as intake's `team.updated` describes them: whose mentor attends the days.

A mentor attends their team's days while the team has at least one enrolled member; a
newer revision of a team replaces the older one, an older one changes nothing.
"""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import BaseModel, ConfigDict

from services.scheduling.domain.people import Member, staff_attendee
from shared.contracts.base import Contact
from shared.contracts.scheduling import Attendee, AttendeeRole


class TeamMentor(BaseModel):
    """One team of a cohort: its mentor (if any), as of `revision`."""

    model_config = ConfigDict(frozen=True)

    team_id: str
    mentor: Contact | None = None
    revision: int = 0
    dissolved: bool = False


def updated(teams: Sequence[TeamMentor], team: TeamMentor) -> list[TeamMentor] | None:
    """The teams after this revision of one; None when it is not newer than what we hold."""
    current = next((t for t in teams if t.team_id == team.team_id), None)
    if current is not None and team.revision <= current.revision:
        return None
    return [*(t for t in teams if t.team_id != team.team_id), team]


def mentor_attendees(teams: Sequence[TeamMentor], members: Sequence[Member]) -> list[Attendee]:
    """The mentors of the teams that have an enrolled member now, in team order."""
    staffed = {m.team_id for m in members if m.enrolled and m.team_id}
    return [
        staff_attendee(t.mentor, AttendeeRole.MENTOR)
        for t in sorted(teams, key=lambda t: t.team_id)
        if t.mentor is not None and not t.dissolved and t.team_id in staffed
    ]
