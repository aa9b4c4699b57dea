"""The events notifications consumes: every routed event, each also feeding the digest's facts."""

from __future__ import annotations

from typing import Any

from services.notifications.adapters.assignments import AssignmentRepository
from services.notifications.adapters.repositories import CaseFactsRepository
from services.notifications.adapters.trainings import TrainingRepository
from services.notifications.domain.routing import RoutingTable, event_model
from services.notifications.service_layer.assignments import outdated
from services.notifications.service_layer.case_facts import remember
from services.notifications.service_layer.recording import Recorder
from services.notifications.service_layer.trainings import remember_training
from shared.contracts.base import EventData
from shared.contracts.envelope import CloudEvent
from shared.messaging.dispatcher import Handler


def event_handlers(
    table: RoutingTable,
    recorder: Recorder,
    facts: CaseFactsRepository,
    trainings: TrainingRepository,
    assignments: AssignmentRepository,
) -> dict[type[EventData], Handler]:
    """One handler for every event the routing table names."""

    async def handle(event: CloudEvent[Any]) -> None:
        await remember_training(event, trainings)  # before mails: an enrolment may list it
        if await outdated(event, assignments):
            return  # the learner was moved again since: this case is no longer theirs
        await recorder.on_event(event)  # mails first: the digest's facts need not delay a receipt
        await remember(event, facts)

    return {event_model(key): handle for key in sorted(table.routing_keys())}
