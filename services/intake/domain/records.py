"""A submitted case as intake keeps it; how a submission becomes a stored case."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from shared.contracts.intake import CaseDescription, CaseSubmitted, ConditionAnswers, Owner


class CaseSubmission(BaseModel):
    """What an owner submits, by form or API; the same validation on every path."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    owner: Owner
    case: CaseDescription
    conditions: ConditionAnswers
    external_ref: str | None = Field(default=None, min_length=1, max_length=200)


class SubmittedVia(StrEnum):
    """Which door the case came through."""

    API = "api"
    FORM = "form"
    EVENT = "event"


class CaseRecord(BaseModel):
    """The case aggregate's state (its id is the document id)."""

    model_config = ConfigDict(frozen=True)

    case_id: str
    external_ref: str | None = None
    status: str = "submitted"
    submitted_at: AwareDatetime
    submitted_via: SubmittedVia
    owner: Owner
    case: CaseDescription
    conditions: ConditionAnswers


def case_submitted(submission: CaseSubmission, case_id: str, now: dt.datetime) -> CaseSubmitted:
    """The event a new submission owes."""
    return CaseSubmitted(
        case_id=case_id,
        external_ref=submission.external_ref,
        submitted_at=now,
        owner=submission.owner,
        case=submission.case,
        conditions=submission.conditions,
    )


def record_of(event: CaseSubmitted, via: SubmittedVia) -> CaseRecord:
    """The stored case for a submission, whichever door it came through."""
    return CaseRecord(
        case_id=event.case_id,
        external_ref=event.external_ref,
        submitted_at=event.submitted_at,
        submitted_via=via,
        owner=event.owner,
        case=event.case,
        conditions=event.conditions,
    )
