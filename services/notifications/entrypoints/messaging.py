"""The events notifications consumes: every routed event, each also feeding the digest's facts."""

from __future__ import annotations

from services.notifications.domain.routing import RoutingTable, event_model
from services.notifications.service_layer.assignments import outdated
from services.notifications.service_layer.case_facts import remember
from services.notifications.service_layer.delivering import Deliverer
from services.notifications.service_layer.ports import (
    AssignmentStore,
    CaseFactsStore,
    ReadyDocuments,
    TrainingStore,
)
from services.notifications.service_layer.recording import Recorder
from services.notifications.service_layer.trainings import remember_training
from shared.contracts.base import EventData
from shared.contracts.documents import DocumentsReady
from shared.contracts.envelope import CloudEvent
from shared.messaging.dispatcher import Handler, handles


def event_handlers(
    table: RoutingTable,
    recorder: Recorder,
    facts: CaseFactsStore,
    trainings: TrainingStore,
    assignments: AssignmentStore,
    shelf: ReadyDocuments,
    deliverer: Deliverer,
) -> dict[type[EventData], Handler]:
    """One handler for every event the routing table names, and documents' answers."""

    async def handle(event: CloudEvent[EventData]) -> None:
        await remember_training(event, trainings)  # before mails: an enrolment may list it
        if await outdated(event, assignments):
            return  # the learner was moved again since: this case is no longer theirs
        await recorder.on_event(event)  # mails first: the digest's facts need not delay a receipt
        await remember(event, facts)

    async def documents_ready(event: CloudEvent[DocumentsReady]) -> None:
        """Kept first, then every mail about `made_for` that waited for it goes out."""
        await shelf.keep(event.data)
        await deliverer.release_waiting(event.data.made_for)

    handlers: dict[type[EventData], Handler] = {
        event_model(key): handle for key in sorted(table.routing_keys())
    }
    handlers.update([handles(DocumentsReady, documents_ready)])
    return handlers
