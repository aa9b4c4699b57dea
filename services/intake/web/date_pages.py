"""What a person's page and the console say about dates planned in consultation (no markup)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from services.intake.adapters.scheduling_client import DateAnswer, SchedulingClient
from services.intake.domain.agenda import SessionView
from services.intake.service_layer.people import PersonView
from shared.contracts.scheduling import AttendeeRole

ANSWERING = (AttendeeRole.OWNER, AttendeeRole.CONTENT_EXPERT)
ROLE_WORDS = {"owner": "case-eigenaar", "content_expert": "inhoudelijk deskundige"}


def may_answer(view: SessionView, person_id: str, now: dt.datetime) -> bool:
    """The owner or the expert, on a tentative case session still to come."""
    s = view.session
    me = view.attendee(person_id)
    return (
        view.case_id is not None
        and s.tentative
        and not s.cancelled
        and s.starts_at > now
        and me is not None
        and me.role in ANSWERING
    )


def date_card(view: SessionView, person_id: str, now: dt.datetime, url: str) -> dict[str, Any]:
    """For a session card: whether the date is tentative and, for owner and expert, the form."""
    tentative = view.session.tentative and not view.session.cancelled
    answer = url if may_answer(view, person_id, now) else ""
    return {"tentative": tentative, "date_url": answer, "my_date_answer": None}


def with_my_answers(
    cards: Sequence[dict[str, Any]], views: Sequence[SessionView], answers: Sequence[DateAnswer]
) -> list[dict[str, Any]]:
    """The cards with this person's own answer where they gave one (answers are theirs only)."""
    mine = {a.session_id: a for a in answers}
    result = []
    for card, view in zip(cards, views, strict=True):
        answer = mine.get(view.session_id)
        if card.get("date_url") and answer is not None:
            card = card | {"my_date_answer": {"fits": answer.fits, "reason": answer.reason}}
        result.append(card)
    return result


def answer_rows(answers: Sequence[DateAnswer], session_id: str) -> list[dict[str, Any]]:
    """The console's view of one session's answers: who, fits or not, and why."""
    return [
        {
            "name": a.name,
            "role": ROLE_WORDS.get(a.role, a.role),
            "fits": a.fits,
            "reason": a.reason,
        }
        for a in answers
        if a.session_id == session_id
    ]


async def add_my_answers(
    context: dict[str, object], view: PersonView, scheduling: SchedulingClient | None
) -> dict[str, object]:
    """The page's session cards with the answers this person gave (read from scheduling)."""
    cases = {s.case_id for s in view.sessions if s.case_id and s.session.tentative}
    if scheduling is None or not cases:
        return context
    answers = [
        a
        for case_id in sorted(c for c in cases if c)
        for a in await scheduling.date_answers(case_id)
        if a.person_id == view.person_id
    ]
    cards = context["sessions"]
    assert isinstance(cards, list)
    return context | {"sessions": with_my_answers(cards, view.sessions, answers)}
