"""The documents made for an event (`documents.ready`), kept until the mails about it go out."""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

from services.notifications.service_layer.channel_ports import DocumentShelf
from shared.contracts.documents import DocumentsReady
from shared.persistence.repository import AggregateRepository, Change, ConcurrencyConflict

__all__ = ["DocumentShelf", "InMemoryDocumentShelf", "ReadyDocumentsRepository"]

KNOWN_ANSWERS = 256


class ReadyDocumentsRepository(AggregateRepository[DocumentsReady]):
    """Keyed by `made_for` (the event the documents answer); only ever read by id."""

    owes_events = False

    collection_name = "documents_ready"
    state_model = DocumentsReady

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._known: OrderedDict[str, DocumentsReady] = OrderedDict()

    async def keep(self, ready: DocumentsReady) -> bool:
        """Store documents' answer once (insert only); False when it was known already."""
        try:
            await self.insert(ready.made_for, Change(ready))
        except ConcurrencyConflict:
            return False
        self._known[ready.made_for] = ready
        return True

    async def ready_for(self, event_id: str) -> DocumentsReady | None:
        """Documents' answer to one event, if it came. An answer is stored once and never
        changed, so one read serves every mail about that event (the last 256 are kept)."""
        if (known := self._known.get(event_id)) is not None:
            return known
        stored = await self.get(event_id)
        if stored is None:
            return None
        self._known[event_id] = stored.state
        while len(self._known) > KNOWN_ANSWERS:
            self._known.popitem(last=False)
        return stored.state


class InMemoryDocumentShelf:
    """The unit tests' twin."""

    def __init__(self, answers: list[DocumentsReady] | None = None) -> None:
        self.answers = {a.made_for: a for a in answers or []}

    async def ready_for(self, event_id: str) -> DocumentsReady | None:
        """The answer given for `event_id`, if any."""
        return self.answers.get(event_id)
