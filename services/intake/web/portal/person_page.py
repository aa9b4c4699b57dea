"""What a person's page says: their programme, sessions and what is asked (no markup here)."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from services.intake.domain.agenda import SessionView
from services.intake.domain.enrolment import Enrolment
from services.intake.domain.programmes import PROGRAMME_NAMES, programme_heading
from services.intake.service_layer.people import PersonView
from services.intake.web.console.console_pages import documents_view
from services.intake.web.portal.owner_page import status_texts
from services.intake.web.team_pages import team_card
from shared.contracts.base import ProgrammeFormat
from shared.download_links import LinkFor
from shared.dutch import fee_text, long_date
from shared.people import PersonKind

ROLE_TEXT: dict[PersonKind, str] = {
    PersonKind.OWNER: "case-eigenaar",
    PersonKind.CONTENT_EXPERT: "inhoudelijk deskundige",
    PersonKind.PARTICIPANT: "deelnemer",
    PersonKind.COACH: "coach",
    PersonKind.TRAINER: "trainer",
    PersonKind.MENTOR: "mentor",
    PersonKind.GUEST: "gast",
}


def steps_text(steps: list[int]) -> str:
    """'stap 1, 2 en 3' of the municipal guide."""
    names = [str(s) for s in steps]
    joined = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} en {names[-1]}"
    return f"{'Stap' if len(names) == 1 else 'Stappen'} {joined} van de handreiking"


def session_card(view: SessionView, now: dt.datetime, ics_url: str) -> dict[str, Any]:
    """One session: when (local), where, the calendar file and what to do beforehand."""
    s = view.session
    zone = ZoneInfo(s.timezone)
    start, end = s.starts_at.astimezone(zone), s.ends_at.astimezone(zone)
    asked = [text for text in (s.description,) if text]
    if s.homework:
        asked.append(f"Huiswerk: {s.homework}")
    if s.guide_steps:
        asked.append(f"{steps_text(s.guide_steps)}.")
    return {
        "name": s.name,
        "theme": s.theme,
        "when": f"{long_date(start.date())}, {start:%H:%M}–{end:%H:%M} uur",
        "moved": s.moved_reason or "",
        "location": s.location or "",
        "meeting_url": s.meeting_url or "",
        "online": s.online and not s.location,
        "host": s.host or "",
        "case_title": view.case_title,
        "programme": PROGRAMME_NAMES[view.format],
        "cohort_title": view.cohort_title,
        "cancelled": s.cancelled,
        "past": s.ends_at < now,
        "ics_url": ics_url,
        "asked": asked,
    }


def _dates(enrolment: Enrolment) -> str:
    cohort = enrolment.cohort
    if cohort.fixed_dates:
        return ", ".join(long_date(day, weekday=False) for day in cohort.fixed_dates)
    start = long_date(cohort.start_date, weekday=False)
    if cohort.end_date:
        return f"van {start} tot en met {long_date(cohort.end_date, weekday=False)}"
    return f"vanaf {start}"


def programme_card(
    enrolment: Enrolment, view: PersonView, withdraw_url: str, question_url: str = ""
) -> dict[str, Any]:
    """A cohort the participant holds a place (or waits) in."""
    cohort = enrolment.cohort
    participant = enrolment.participant_by_person(view.person_id)
    assert participant is not None  # found by this person id
    pid = participant.participant_id
    position = enrolment.position(pid)
    assignment = enrolment.assignment_of(pid)
    case_title = enrolment.case_title(assignment.case_id) if assignment else ""
    team = enrolment.team_of(pid)
    leergang = enrolment.cohort.format is ProgrammeFormat.LEERGANG and position is None
    return {
        "heading": programme_heading(cohort.format, cohort.title),
        "title": cohort.title,
        "dates": _dates(enrolment),
        "location": cohort.location or "",
        "meeting_url": cohort.meeting_url or "",
        "fee": fee_text(cohort.fee_eur_cents) if cohort.fee_eur_cents else "",
        "cancelled": cohort.cancelled,
        "status": "ingeschreven" if position is None else f"op de wachtlijst (plaats {position})",
        "case_title": case_title,
        "team": team_card(enrolment, team) if team else None,
        "question_url": question_url if leergang else "",
        "learning_question": enrolment.learning_question(pid),
        "withdraw_url": withdraw_url,
    }


def runs_of(view: PersonView) -> list[dict[str, str]]:
    """For those who are not participants: the programmes their sessions belong to."""
    runs: dict[tuple[str, str | None], dict[str, str]] = {}
    for session in view.sessions:
        key = (session.cohort_id, session.case_id)
        runs.setdefault(
            key,
            {
                "heading": programme_heading(session.format, session.cohort_title),
                "case_title": session.case_title,
            },
        )
    return list(runs.values())


def owner_case(
    view: PersonView, now: dt.datetime, documents_public_url: str | LinkFor
) -> dict[str, Any] | None:
    """The case an owner or content expert takes part in: where it stands, its documents."""
    case, timeline = view.case, view.timeline
    if case is None or timeline is None:
        return None
    status, next_text = status_texts(case, timeline, now)
    return {
        "title": case.description.title,
        "status": status,
        "next": next_text,
        "documents": documents_view(timeline, documents_public_url),
    }
