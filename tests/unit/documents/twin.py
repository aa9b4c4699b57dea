"""Documents' use cases wired to the in-memory twin, with renderers that return small bytes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from services.documents.adapters.case_file_repository import (
    CaseFileRepository,
    SessionFileRepository,
)
from services.documents.adapters.document_store import InMemoryDocumentStore
from services.documents.adapters.fakes import FakeRenderer
from services.documents.adapters.library_index import LibraryIndex
from services.documents.entrypoints.messaging import event_handlers
from services.documents.service_layer.context import Documents as Deps
from services.documents.service_layer.links import Links
from services.documents.service_layer.producing import Producer
from shared.capabilities import CapabilitySigner
from shared.clock import ManualClock
from shared.contracts.base import EventData
from shared.contracts.envelope import CloudEvent, EventFactory, new_event
from shared.contracts.intake import CaseAccepted
from shared.contracts.scheduling import DeliverableDue
from shared.messaging.dispatcher import Handler
from shared.persistence.memory import MemoryDatabase, in_memory
from shared.persistence.parking import ParkingLot
from tests.unit.scheduling.twin import accepted

NOW = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


@dataclass
class Documents:
    """One documents process on the twin: its producer, store, library and handler map."""

    producer: Producer
    store: InMemoryDocumentStore
    library: LibraryIndex
    events: EventFactory
    links: Links
    renderers: dict[str, FakeRenderer]
    deps: Deps
    handlers: dict[type[EventData], Handler]

    async def deliver(self, event: CloudEvent[Any]) -> None:
        await self.handlers[type(event.data)](event)


def documents_on_twin(clock: ManualClock | None = None) -> Documents:
    memory = MemoryDatabase()
    now = (clock or ManualClock(NOW)).now
    store = InMemoryDocumentStore()
    renderers = {fmt: FakeRenderer(fmt) for fmt in ("html", "docx", "pdf")}
    producer = Producer(
        in_memory(CaseFileRepository, memory),
        store,
        renderers,
        clock or ManualClock(NOW),
        in_memory(SessionFileRepository, memory),
        in_memory(ParkingLot, memory),
    )
    library = LibraryIndex(memory.as_database(), check_queries=True)
    events = EventFactory("/samenspel/documents", now)
    links = Links("https://documents.example", CapabilitySigner.from_secret("s" * 32))
    deps = Deps(producer=producer, events=events, links=links, library=library)
    return Documents(producer, store, library, events, links, renderers, deps, event_handlers(deps))


def published(data: EventData, source: str, subject: str, at: dt.datetime = NOW) -> CloudEvent[Any]:
    return new_event(data, source=source, subject=subject, now=at)


def accepted_case(case_id: str = "c1") -> CaseAccepted:
    return accepted(case_id, "lc-2026-03", NOW)


def deliverable_due(kind: str, case_id: str = "c1") -> DeliverableDue:
    return DeliverableDue.model_validate(
        {
            "case_id": case_id,
            "cohort_id": "lc-2026-03",
            "deliverable": {"kind": kind, "opens_at": NOW, "due_at": NOW},
        }
    )
