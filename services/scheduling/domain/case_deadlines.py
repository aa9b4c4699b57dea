"""A submitted case as scheduling knows it: the start of its decision deadline."""

from __future__ import annotations

from pydantic import AwareDatetime, BaseModel, ConfigDict

from shared.contracts.base import Country
from shared.contracts.intake import CaseSubmitted


class CaseDeadline(BaseModel):
    """What scheduling keeps of a submitted case to watch the 5-working-day decision."""

    model_config = ConfigDict(frozen=True)

    case_id: str
    case_title: str
    country: Country
    submitted_at: AwareDatetime


def deadline_of(event: CaseSubmitted) -> CaseDeadline:
    """The decision clock starts at submission, on the case's country calendar."""
    return CaseDeadline(
        case_id=event.case_id,
        case_title=event.case.title,
        country=event.case.country,
        submitted_at=event.submitted_at,
    )
