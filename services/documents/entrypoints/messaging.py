"""The events documents consumes, each mapped to its service-layer handler."""

from __future__ import annotations

from typing import Any

from services.documents.adapters.case_file_repository import CaseFileRepository
from services.documents.service_layer.case_files import on_case_submitted
from shared.contracts.base import EventData
from shared.contracts.envelope import CloudEvent
from shared.contracts.intake import CaseSubmitted
from shared.messaging.dispatcher import Handler


def event_handlers(files: CaseFileRepository) -> dict[type[EventData], Handler]:
    """Handlers bound to this process's repositories."""

    async def case_submitted(event: CloudEvent[Any]) -> None:
        await on_case_submitted(event, files)

    return {CaseSubmitted: case_submitted}
