"""The events scheduling consumes, each mapped to its service-layer handler."""

from __future__ import annotations

from typing import Any

from services.scheduling.adapters.deadline_repository import CaseDeadlineRepository
from services.scheduling.service_layer.submissions import on_case_submitted
from shared.contracts.base import EventData
from shared.contracts.envelope import CloudEvent
from shared.contracts.intake import CaseSubmitted
from shared.messaging.dispatcher import Handler


def event_handlers(deadlines: CaseDeadlineRepository) -> dict[type[EventData], Handler]:
    """Handlers bound to this process's repositories."""

    async def case_submitted(event: CloudEvent[Any]) -> None:
        await on_case_submitted(event, deadlines)

    return {CaseSubmitted: case_submitted}
