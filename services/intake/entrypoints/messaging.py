"""The events intake consumes, each mapped to its service-layer handler."""

from __future__ import annotations

from typing import Any

from services.intake.adapters.case_repository import CaseRepository
from services.intake.service_layer.submissions import on_case_submitted
from shared.contracts.base import EventData
from shared.contracts.envelope import CloudEvent
from shared.contracts.intake import CaseSubmitted
from shared.messaging.dispatcher import Handler


def event_handlers(cases: CaseRepository) -> dict[type[EventData], Handler]:
    """Handlers bound to this process's repositories."""

    async def case_submitted(event: CloudEvent[Any]) -> None:
        await on_case_submitted(event, cases)

    return {CaseSubmitted: case_submitted}
