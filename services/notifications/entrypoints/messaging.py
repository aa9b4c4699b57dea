"""The events notifications consumes: every routed event, each also feeding the digest's facts."""

from __future__ import annotations

from services.notifications.domain.routing import event_model
from services.notifications.service_layer.assignments import outdated
from services.notifications.service_layer.case_facts import remember
from services.notifications.service_layer.context import Notifications
from services.notifications.service_layer.delivering import release_waiting
from services.notifications.service_layer.recording import on_event
from services.notifications.service_layer.trainings import remember_training
from shared.contracts.base import EventData
from shared.contracts.documents import DocumentsReady
from shared.contracts.envelope import CloudEvent
from shared.messaging.dispatcher import Handler, handles


def event_handlers(deps: Notifications) -> dict[type[EventData], Handler]:
    """One handler for every event the routing table names, and documents' answers."""

    async def handle(event: CloudEvent[EventData]) -> None:
        await remember_training(event, deps)  # before mails: an enrolment may list it
        if await outdated(event, deps):
            return  # the learner was moved again since: this case is no longer theirs
        await on_event(event, deps)  # mails first: the digest's facts need not delay a receipt
        await remember(event, deps)

    async def documents_ready(event: CloudEvent[DocumentsReady]) -> None:
        """Kept first, then every mail about `made_for` that waited for it goes out."""
        await deps.shelf.keep(event.data)
        await release_waiting(event.data.made_for, deps)

    handlers: dict[type[EventData], Handler] = {
        event_model(key): handle for key in sorted(deps.table.routing_keys())
    }
    handlers.update([handles(DocumentsReady, documents_ready)])
    return handlers
