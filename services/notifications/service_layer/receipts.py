"""Who hears about a submitted case: the owner gets a receipt."""

from __future__ import annotations

from services.notifications.adapters.mail_templates import MailTemplates
from services.notifications.domain.deliveries import Delivery, notification_key
from services.notifications.service_layer.delivering import Deliverer
from shared.contracts.envelope import CloudEvent
from shared.contracts.intake import CaseSubmitted

RECEIPT = "receipt_owner"


async def on_case_submitted(
    event: CloudEvent[CaseSubmitted], deliverer: Deliverer, templates: MailTemplates
) -> None:
    """Send the owner a receipt in Dutch, once per event."""
    data = event.data
    planned = Delivery(
        key=notification_key(event.id, str(data.owner.email), RECEIPT),
        case_id=data.case_id,
        source_event_id=event.id,
        source_event_type=event.type,
        template=RECEIPT,
        recipient_role="owner",
        recipient=str(data.owner.email),
    )
    context = {
        "owner_name": data.owner.name,
        "case_title": data.case.title,
        "case_id": data.case_id,
    }
    await deliverer.deliver(planned, lambda: templates.render(RECEIPT, context))
