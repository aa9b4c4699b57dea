"""Dates planned in consultation: owner and content expert answer each tentative date.

Seed 000: "Alle sessies plannen we in overleg". A leercase's dates go out tentative; the owner
and the content expert say per session whether the date fits or ask for another (with a
reason); staff confirm the date or move the session. An answer belongs to the session's date
as it was answered: a move or a confirmation closes the question, so an "another date" answer
stays open for staff exactly until one of those happens.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from services.scheduling.domain.errors import PlanningError
from services.scheduling.domain.planning import Plan
from shared.contracts.scheduling import AttendeeRole, SessionInfo

ANSWERING_ROLES = (AttendeeRole.OWNER, AttendeeRole.CONTENT_EXPERT)


class DateAnswerKind(StrEnum):
    """The date fits, or the person asks for another one."""

    FITS = "fits"
    OTHER_DATE = "other_date"


class AnswerRefused(PlanningError):
    """An answer the plan does not allow; `field` names what was wrong (422)."""

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(reason)
        self.field = field


class DateAnswer(BaseModel):
    """One person's answer about one session's tentative date."""

    model_config = ConfigDict(frozen=True)

    session_id: str
    person_id: str
    name: str
    role: AttendeeRole
    answer: DateAnswerKind
    reason: str = Field(default="", max_length=1000)
    answered_at: dt.datetime
    sequence: int = 0  # the session's sequence the answer was given for

    @property
    def open_question(self) -> bool:
        """Another date asked: staff must move or confirm the session."""
        return self.answer is DateAnswerKind.OTHER_DATE


def record_answer(
    plan: Plan,
    answers: Sequence[DateAnswer],
    session_id: str,
    person_id: str,
    answer: DateAnswerKind,
    reason: str,
    now: dt.datetime,
) -> list[DateAnswer]:
    """The answers with this person's answer for this session replaced."""
    session = _tentative(plan, session_id)
    who = next((a for a in session.attendees if a.person_id == person_id), None)
    if who is None or who.role not in ANSWERING_ROLES:
        raise AnswerRefused("person_id", "Alleen de case-eigenaar en de deskundige antwoorden.")
    text = reason.strip()
    if answer is DateAnswerKind.OTHER_DATE and not text:
        raise AnswerRefused("reason", "Geef aan waarom de datum niet past en wat wel past.")
    if session.starts_at <= now:
        raise AnswerRefused("session_id", f"{session.name} is al begonnen.")
    given = DateAnswer(
        session_id=session_id,
        person_id=person_id,
        name=who.name,
        role=who.role,
        answer=answer,
        reason=text,
        answered_at=now,
        sequence=session.sequence,
    )
    others = [a for a in answers if (a.session_id, a.person_id) != (session_id, person_id)]
    return [*others, given]


def answers_without(answers: Sequence[DateAnswer], session_id: str) -> list[DateAnswer]:
    """The answers without this session's: staff moved or confirmed it."""
    return [a for a in answers if a.session_id != session_id]


def confirm_session(plan: Plan, session_id: str) -> tuple[Plan, SessionInfo]:
    """Fix a tentative date: STATUS:CONFIRMED, SEQUENCE raised so calendars take the update."""
    session = _tentative(plan, session_id)
    fixed = session.model_copy(update={"tentative": False, "sequence": session.sequence + 1})
    sessions = [fixed if s.session_id == session_id else s for s in plan.sessions]
    return plan.model_copy(update={"sessions": sessions}), fixed


def _tentative(plan: Plan, session_id: str) -> SessionInfo:
    session = plan.session(session_id)
    if session_id in plan.cancelled_session_ids:
        raise AnswerRefused("session_id", f"{session.name} gaat niet door.")
    if not session.tentative:
        raise AnswerRefused("session_id", f"De datum van {session.name} staat al vast.")
    return session
