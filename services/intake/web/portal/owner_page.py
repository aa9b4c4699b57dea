"""What the owner's portal says about a case: status, what comes next, schedule, documents."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from services.intake.domain.case import Case
from services.intake.domain.dutch_dates import format_date_nl, when
from services.intake.domain.feedback_window import feedback_open
from services.intake.domain.lifecycle import CaseStatus
from services.intake.domain.localtime import local_date_in
from services.intake.domain.timeline import CaseTimeline
from services.intake.web.console.console_pages import documents_view
from services.intake.web.templating import PageRenderer
from shared.contracts.scheduling import SessionInfo
from shared.download_links import LinkFor

CalendarFor = Callable[[SessionInfo], str | None]
"""The owner's own `.ics` link for a session (None: no link), signed for the owner."""

# The approach's sections (documents accepts the key or the Dutch title).
SECTIONS = (
    ("participation_question", "Participatievraag en vraagstuk"),
    ("stakeholders", "Betrokkenen en publieksgroepen"),
    ("conversations", "De gesprekken"),
    ("planning", "Planning"),
    ("time_and_money", "Tijd en geld"),
    ("roles", "Rollen"),
    ("interpretation", "Duiden en terugkoppelen"),
    ("execution_steps", "Bijlage: de 10 uitvoeringsstappen"),
)


def _progress(timeline: CaseTimeline, now: dt.datetime) -> tuple[str, str] | None:
    """After acceptance the timeline knows better than the case what comes next."""
    kinds = timeline.delivered_kinds()
    upcoming = timeline.upcoming_sessions(now)
    if "final" in kinds:
        return (
            "Uw definitieve participatieaanpak is klaar.",
            "Download hem hieronder. Veel succes met de gesprekken!",
        )
    if draft := timeline.latest_draft():
        if draft.version in timeline.feedback_on:
            return (
                "Uw feedback is ontvangen.",
                "De definitieve aanpak volgt na de feedbacksessie.",
            )
        return (
            "Het concept van uw participatieaanpak is klaar.",
            "Lees het concept en geef hieronder per onderdeel uw feedback.",
        )
    if upcoming:
        first = upcoming[0]
        return (
            "Uw traject is gepland.",
            f"Volgende sessie: {first.name}, {when(first.starts_at)}.",
        )
    return None


def status_texts(case: Case, timeline: CaseTimeline, now: dt.datetime) -> tuple[str, str]:
    """What the case's status is and what comes next, as the owner reads it."""
    due = case.decision_due
    due_text = f" uiterlijk op {format_date_nl(due, with_weekday=True)}" if due else ""
    match case.status:
        case CaseStatus.SUBMITTED | CaseStatus.SCREENED:
            return (
                "We hebben uw aanmelding ontvangen en beoordelen uw case.",
                f"U hoort{due_text} of uw case is geselecteerd.",
            )
        case CaseStatus.ACCEPTED:
            return _progress(timeline, now) or (
                "Uw case is geselecteerd.",
                "U ontvangt de planning van het traject: de startsessie en alle sessiedata.",
            )
        case CaseStatus.REJECTED:
            return (
                "Uw case is deze keer niet geselecteerd.",
                "Kies een van de alternatieven hieronder, of neem contact met ons op.",
            )
        case CaseStatus.WITHDRAWN:
            return ("Uw aanmelding is ingetrokken.", "Er gebeurt verder niets met deze aanmelding.")


def _decision(case: Case) -> dict[str, Any] | None:
    decision = case.decision
    if decision is None:
        return None
    if decision.outcome is CaseStatus.ACCEPTED:
        return {"text": "Uw case is geaccepteerd.", "reason": "", "alternatives": ()}
    return {
        "text": "Uw case is niet geselecteerd.",
        "reason": decision.reason,
        "alternatives": decision.alternatives,
    }


def owner_status_page(
    renderer: PageRenderer,
    case: Case,
    timeline: CaseTimeline,
    now: dt.datetime,
    documents_public_url: str | LinkFor,
    calendar_for: CalendarFor | None = None,
    **form: Any,
) -> str:
    """The page behind the owner's capability link; it names nobody but the case itself."""
    status_text, next_text = status_texts(case, timeline, now)
    draft = timeline.latest_draft()
    return renderer.render(
        "eigenaar.html",
        {
            "case_title": case.description.title,
            "submitted_on": local_date_in(case.submitted_at, case.description.country),
            "status_text": status_text,
            "next_text": next_text,
            "decision": _decision(case),
            "sessions": [
                {
                    "session": s,
                    "when": when(s.starts_at, s.timezone),
                    "ics_url": calendar_for(s) if calendar_for else None,
                }
                for s in timeline.sessions
            ],
            "documents": documents_view(timeline, documents_public_url),
            "draft": draft if feedback_open(timeline, now) else None,  # more until the session
            "sections": SECTIONS,
            "csrf_token": "",
            "feedback_action": "",
            "melding": None,
            "fout": None,
            "values": {},
            "expert_action": "",
            "expert_values": {},
            "deskundige_fout": None,
            **form,
        },
    )
