"""Screening a stored case once: its own guarded write, right after the case is stored."""

from __future__ import annotations

import logging

from services.intake.domain.case import Case
from services.intake.domain.lifecycle import CaseStatus
from services.intake.service_layer.context import Intake
from shared.persistence.aggregate import Change

log = logging.getLogger(__name__)


async def screen_case(case_id: str, intake: Intake) -> None:
    """Screen a case still waiting for it; a screened or unknown case is left alone."""

    def decide(current: Case | None) -> Change[Case] | None:
        if current is None or current.status is not CaseStatus.SUBMITTED:
            return None
        case = current.model_copy(deep=True)
        now = intake.now()
        due = intake.decision_due(case.submitted_at, case.description.country)
        payloads = case.screen(intake.screening, due, now)
        return Change(case, intake.wrap(payloads, case_id))

    result = await intake.cases.apply(case_id, decide)
    if result.changed and result.state is not None:
        log.info(
            "case screened",
            extra={"case_id": case_id, "verdict": str(result.state.verdict)},
        )
