"""A case before its decision: when the decision is due, and whether it came."""

from __future__ import annotations

import datetime as dt

from pydantic import AwareDatetime, BaseModel, ConfigDict

from shared.contracts.base import Country
from shared.contracts.intake import CaseScreened, CaseSubmitted


class CaseDeadline(BaseModel):
    """What scheduling keeps of a case to watch the 5-working-day decision."""

    model_config = ConfigDict(frozen=True)

    case_id: str
    case_title: str
    country: Country
    submitted_at: AwareDatetime | None = None
    decision_due: dt.date | None = None
    decided: bool = False


def deadline_of(event: CaseSubmitted) -> CaseDeadline:
    """The decision clock starts at submission, on the case's country calendar."""
    return CaseDeadline(
        case_id=event.case_id,
        case_title=event.case.title,
        country=event.case.country,
        submitted_at=event.submitted_at,
    )


def screened(current: CaseDeadline | None, event: CaseScreened) -> CaseDeadline:
    """Intake fixed the due date when it screened; events may arrive in any order."""
    base = current or CaseDeadline(
        case_id=event.case_id, case_title=event.case_title, country=event.country
    )
    return base.model_copy(update={"decision_due": event.decision_due})


def decided(
    current: CaseDeadline | None, case_id: str, title: str, country: Country
) -> CaseDeadline:
    """Accepted or rejected: the decision timer must never fire (again)."""
    base = current or CaseDeadline(case_id=case_id, case_title=title, country=country)
    return base.model_copy(update={"decided": True})
