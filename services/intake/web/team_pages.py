"""Teams as staff, participants and mentors see them: posted fields to a draft, cards to show."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError
from starlette.datastructures import FormData

from services.intake.domain.enrolment import Enrolment
from services.intake.domain.errors import DecisionRefused
from services.intake.domain.guests import SessionGuests
from services.intake.domain.programmes import programme_heading
from services.intake.domain.teams import Team, TeamDraft
from shared.contracts.base import Contact
from shared.contracts.intake import PracticeCase

MENTOR_INCOMPLETE = "Vul de naam en een geldig e-mailadres van de mentor in."
CASE_INCOMPLETE = "Vul de naam van het bewonersinitiatief en de contactpersoon in."


def _text(form: FormData, key: str) -> str:
    value = form.get(key)
    return value.strip() if isinstance(value, str) else ""


def team_from_form(form: FormData) -> TeamDraft:
    """The team staff filled in; DecisionRefused names the field that cannot be used."""
    mentor_name, mentor_email = _text(form, "mentor_naam"), _text(form, "mentor_email")
    mentor = None
    if mentor_name or mentor_email:
        try:
            mentor = Contact(name=mentor_name, email=mentor_email)
        except ValidationError as exc:
            raise DecisionRefused("mentor", MENTOR_INCOMPLETE) from exc
    case_name, contact = _text(form, "case_naam"), _text(form, "case_contact")
    description = _text(form, "case_omschrijving")
    practice_case = None
    if case_name or contact or description:
        try:
            practice_case = PracticeCase(name=case_name, contact=contact, description=description)
        except ValidationError as exc:
            raise DecisionRefused("practice_case", CASE_INCOMPLETE) from exc
    members = [m for m in form.getlist("leden") if isinstance(m, str) and m]
    return TeamDraft(
        team_id=_text(form, "team_id") or None,
        name=_text(form, "naam"),
        mentor=mentor,
        practice_case=practice_case,
        members=members,
    )


def team_card(enrolment: Enrolment, team: Team) -> dict[str, Any]:
    """One team with its members' names, mentor and practice case."""
    return {
        "team_id": team.team_id,
        "name": team.name,
        "mentor": team.mentor,
        "practice_case": team.practice_case,
        "members": [p.name for p in enrolment.team_members(team.team_id)],
        "member_ids": [p.participant_id for p in enrolment.team_members(team.team_id)],
    }


def console_teams(enrolment: Enrolment) -> list[dict[str, Any]]:
    """Every live team of the cohort, for the console's cohort page."""
    return [team_card(enrolment, t) for t in enrolment.live_teams()]


def mentored_teams(enrolments: list[Enrolment], person_id: str) -> list[dict[str, Any]]:
    """For a mentor's page: the teams this person mentors, with their programme."""
    cards = []
    for enrolment in enrolments:
        for team in enrolment.live_teams():
            if team.mentor_person_id == person_id:
                card = team_card(enrolment, team)
                card["programme"] = programme_heading(
                    enrolment.cohort.format, enrolment.cohort.title
                )
                cards.append(card)
    return cards


def guest_rows(lists: list[SessionGuests]) -> list[dict[str, Any]]:
    """For staff: each session that has guests, with who invited them (by name where known)."""
    return [
        {
            "session_id": g.session_id,
            "session_name": g.session_name or "Sessie",
            "guests": [{"name": x.name, "email": x.email} for x in g.guests],
        }
        for g in lists
        if g.guests
    ]
