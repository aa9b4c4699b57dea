"""Everything the notifications use cases need, built once by the composition root."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from services.notifications.domain.messages import Sender
from services.notifications.service_layer.channel_ports import (
    CaseTitles,
    DocumentFetcher,
    DocumentShelf,
    EmailBuilder,
    MessageRenderer,
    TrainingOffer,
)
from services.notifications.service_layer.links import PersonLinks
from shared.capabilities import CapabilitySigner
from shared.contracts.base import Contact
from shared.contracts.documents import DocumentsReady


class _NoTitles:
    async def title_of(self, case_id: str) -> str:
        return ""


class _EmptyShelf:
    async def ready_for(self, event_id: str) -> DocumentsReady | None:
        return None


@dataclass(frozen=True)
class Composing:
    """What rendering a message reads: templates, envelope, links, documents, trainings."""

    renderer: MessageRenderer
    fetcher: DocumentFetcher
    sender: Sender
    envelope: EmailBuilder
    base_url: str
    signer: CapabilitySigner
    office: Contact
    people: PersonLinks
    offer: TrainingOffer
    shelf: DocumentShelf = field(default_factory=_EmptyShelf)
    document_wait: dt.timedelta = dt.timedelta(0)
    console_url: str = ""
    titles: CaseTitles = field(default_factory=_NoTitles)

    def __post_init__(self) -> None:
        object.__setattr__(self, "base_url", self.base_url.rstrip("/"))
        object.__setattr__(self, "console_url", self.console_url.rstrip("/"))
