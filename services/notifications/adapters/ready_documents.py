"""The documents made for an event (`documents.ready`), kept until the mails about it go out."""

from __future__ import annotations

from typing import Protocol

from shared.contracts.documents import DocumentsReady
from shared.persistence.repository import AggregateRepository, Change, ConcurrencyConflict


class DocumentShelf(Protocol):
    """Where composing looks for what documents made for a mail's event."""

    async def ready_for(self, event_id: str) -> DocumentsReady | None: ...


class ReadyDocumentsRepository(AggregateRepository[DocumentsReady]):
    """Keyed by `made_for` (the event the documents answer); only ever read by id."""

    owes_events = False

    collection_name = "documents_ready"
    state_model = DocumentsReady

    async def keep(self, ready: DocumentsReady) -> bool:
        """Store documents' answer once (insert only); False when it was known already."""
        try:
            await self.insert(ready.made_for, Change(ready))
        except ConcurrencyConflict:
            return False
        return True

    async def ready_for(self, event_id: str) -> DocumentsReady | None:
        """Documents' answer to one event, if it came."""
        stored = await self.get(event_id)
        return None if stored is None else stored.state


class InMemoryDocumentShelf:
    """The unit tests' twin."""

    def __init__(self, answers: list[DocumentsReady] | None = None) -> None:
        self.answers = {a.made_for: a for a in answers or []}

    async def ready_for(self, event_id: str) -> DocumentsReady | None:
        """The answer given for `event_id`, if any."""
        return self.answers.get(event_id)
