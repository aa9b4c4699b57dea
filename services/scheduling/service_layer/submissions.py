"""Scheduling hears of every submitted case: its decision deadline starts now."""

from __future__ import annotations

from services.scheduling.adapters.deadline_repository import CaseDeadlineRepository
from services.scheduling.domain.case_deadlines import CaseDeadline, deadline_of
from shared.contracts.envelope import CloudEvent
from shared.contracts.intake import CaseSubmitted
from shared.persistence.repository import Change


async def on_case_submitted(
    event: CloudEvent[CaseSubmitted], deadlines: CaseDeadlineRepository
) -> None:
    """Record the case once; a redelivered event changes nothing."""

    def decide(current: CaseDeadline | None) -> Change[CaseDeadline] | None:
        return None if current else Change(deadline_of(event.data))

    await deadlines.apply(event.data.case_id, decide, event_id=event.id)
