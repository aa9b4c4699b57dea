"""The repositories notifications' use cases reach, as Protocols: `get`, `apply`, named queries.

The Mongo implementations live in `adapters/` and are built by `bootstrap.py`; the fast tier
runs the same classes on the in-memory twin (`tests/unit/notifications/twin.py`). The channels
a message goes out by (mail, chat) and what composing it reads are in `channel_ports.py`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Protocol

from services.notifications.domain.mail_server import MailServerState
from services.notifications.domain.model import Recipient
from services.notifications.domain.notification import Notification
from services.notifications.domain.records import (
    CaseFacts,
    LatestAssignment,
    RecipientPreferences,
    Training,
)
from services.notifications.service_layer.channel_ports import DocumentShelf
from shared.contracts.documents import DocumentsReady
from shared.persistence.aggregate import Stored
from shared.persistence.ports import AggregateStore, WritableStore


class NotificationStore(WritableStore[Notification], Protocol):
    """Notifications by key; a case's log; those waiting for documents, failed or pending."""

    async def for_case(self, case_id: str, limit: int = 500) -> list[Notification]: ...

    async def waiting_for(self, event_id: str) -> list[tuple[str, str]]: ...

    async def failed(self, limit: int = 500) -> list[Stored[Notification]]: ...

    async def pending(self, limit: int = 10_000) -> list[Stored[Notification]]: ...


class PreferenceStore(AggregateStore[RecipientPreferences], Protocol):
    """Each address's choices, by the lower-cased address."""

    async def of(self, address: str) -> RecipientPreferences | None: ...


class CaseFactsStore(AggregateStore[CaseFacts], Protocol):
    """The staff digest's read model: by case, by submission time, open decisions and overdue."""

    async def title_of(self, case_id: str) -> str: ...

    async def submitted_since(self, since: dt.datetime) -> list[CaseFacts]: ...

    async def open_decisions(self) -> list[CaseFacts]: ...

    async def overdue_deliverables(self) -> list[CaseFacts]: ...


class MailServerStore(WritableStore[MailServerState], Protocol):
    """The one shared record of whether sending is paused."""


class TrainingStore(AggregateStore[Training], Protocol):
    """The e-learning's live trainings, by session id."""


class AssignmentStore(AggregateStore[LatestAssignment], Protocol):
    """The latest assignment revision, by cohort and participant id."""


class ReadyDocuments(DocumentShelf, Protocol):
    """Documents' answers (`documents.ready`), kept once each until the mails about them go out."""

    async def keep(self, ready: DocumentsReady) -> bool: ...


class PersonDirectory(Protocol):
    """Where a `person.link_requested` finds the address it does not carry."""

    async def remember(self, people: Sequence[Recipient]) -> None: ...

    async def look_up(self, person_id: str) -> Recipient | None: ...
