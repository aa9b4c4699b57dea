"""The events notifications consumes, each mapped to its service-layer handler."""

from __future__ import annotations

from typing import Any

from services.notifications.adapters.mail_templates import MailTemplates
from services.notifications.service_layer.delivering import Deliverer
from services.notifications.service_layer.receipts import on_case_submitted
from shared.contracts.base import EventData
from shared.contracts.envelope import CloudEvent
from shared.contracts.intake import CaseSubmitted
from shared.messaging.dispatcher import Handler


def event_handlers(
    deliverer: Deliverer, templates: MailTemplates
) -> dict[type[EventData], Handler]:
    """Handlers bound to this process's deliverer and templates."""

    async def case_submitted(event: CloudEvent[Any]) -> None:
        await on_case_submitted(event, deliverer, templates)

    return {CaseSubmitted: case_submitted}
