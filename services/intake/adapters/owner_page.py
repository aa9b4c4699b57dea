"""What the owner's page says about a case: status now, the decision, and what comes next."""

from __future__ import annotations

from typing import Any

from services.intake.adapters.templating import PageRenderer
from services.intake.domain.case import Case
from services.intake.domain.dutch_dates import format_date_nl
from services.intake.domain.lifecycle import CaseStatus
from services.intake.domain.localtime import local_date_in


def _texts(case: Case) -> tuple[str, str]:
    due = case.decision_due
    due_text = f" uiterlijk op {format_date_nl(due, with_weekday=True)}" if due else ""
    match case.status:
        case CaseStatus.SUBMITTED | CaseStatus.SCREENED:
            return (
                "We hebben uw aanmelding ontvangen en beoordelen uw case.",
                f"U hoort{due_text} of uw case is geselecteerd.",
            )
        case CaseStatus.ACCEPTED:
            return (
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


def owner_status_page(renderer: PageRenderer, case: Case) -> str:
    """The page behind the owner's capability link; it names nobody but the case itself."""
    status_text, next_text = _texts(case)
    return renderer.render(
        "eigenaar.html",
        {
            "case_title": case.description.title,
            "submitted_on": local_date_in(case.submitted_at, case.description.country),
            "status_text": status_text,
            "next_text": next_text,
            "decision": _decision(case),
        },
    )
