"""Value objects a case is made of: the screening outcome and the staff decision."""

from __future__ import annotations

import datetime as dt

from pydantic import AwareDatetime, BaseModel, ConfigDict

from services.intake.domain.lifecycle import CaseStatus
from shared.contracts.intake import Alternative, ConditionResult, Verdict


class Screening(BaseModel):
    """The screening outcome staff see next to the case."""

    model_config = ConfigDict(frozen=True)

    results: tuple[ConditionResult, ...]
    overall: Verdict
    decision_due: dt.date
    screened_at: AwareDatetime


class Decision(BaseModel):
    """The staff decision: a cohort when accepted, a reason and alternatives when rejected."""

    model_config = ConfigDict(frozen=True)

    outcome: CaseStatus
    decided_by: str
    decided_at: AwareDatetime
    cohort_id: str | None = None
    note: str = ""
    reason: str = ""
    alternatives: tuple[Alternative, ...] = ()
