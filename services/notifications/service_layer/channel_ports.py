"""What composing and sending a message reach outside the domain, as Protocols.

Implemented in `adapters/` (SMTP, chat webhook, Jinja templates, MIME envelope, documents over
HTTP, the stored `documents.ready` answers and trainings) and built by `bootstrap.py`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from email.message import EmailMessage
from typing import Any, Protocol

from services.notifications.domain.messages import (
    Attachment,
    ChatMessage,
    RenderedMessage,
    Sender,
)
from services.notifications.domain.model import PlannedNotification
from services.notifications.domain.records import Training
from shared.contracts.documents import DocumentsReady


class SendFailed(Exception):
    """A channel did not accept a message; `permanent` says a retry cannot help."""

    def __init__(
        self, reason: str, *, permanent: bool, code: int | None = None, server_wide: bool = False
    ) -> None:
        super().__init__(reason)
        self.reason = reason  # may quote the server, so it can name the recipient: not for logs
        self.permanent = permanent
        self.code = code  # the SMTP or HTTP status, safe to log
        self.server_wide = server_wide  # every mail would fail alike: pause sending, alert once


class MailSender(Protocol):
    """Delivers one message to the mail server, or raises SendFailed."""

    async def send(self, message: EmailMessage) -> None: ...


class EventPublisher(Protocol):
    """Puts one serialised event on the bus; returns only once the broker confirmed it."""

    async def publish(
        self, body: bytes, *, routing_key: str, message_id: str, subject: str | None
    ) -> None: ...


class ChatSender(Protocol):
    """Delivers one chat message, or raises SendFailed."""

    async def send(self, message: ChatMessage) -> None: ...


class MessageRenderer(Protocol):
    """Renders a named template with a context into a subject and two bodies."""

    def render(self, template: str, context: Mapping[str, Any]) -> RenderedMessage: ...


class EmailBuilder(Protocol):
    """Puts a rendered notification in its MIME envelope (`adapters/email_message.build_email`)."""

    def __call__(
        self,
        notification: PlannedNotification,
        rendered: RenderedMessage,
        *,
        sender: Sender,
        now: dt.datetime,
        unsubscribe_url: str | None = None,
        calendar_ics: str | None = None,
        attachments: Sequence[Attachment] = (),
    ) -> EmailMessage: ...


class DocumentFetcher(Protocol):
    """Downloads one file; raises SendFailed (transient) when it cannot right now."""

    async def fetch(self, url: str) -> bytes: ...


class DocumentShelf(Protocol):
    """Where composing looks for what documents made for a mail's event."""

    async def ready_for(self, event_id: str) -> DocumentsReady | None: ...


class TrainingOffer(Protocol):
    """What the enrolment mail of an e-learning lists: trainings still to come."""

    async def upcoming(self, cohort_id: str, after: dt.datetime) -> list[Training]: ...


class CaseTitles(Protocol):
    """The case's title as notifications learned it (for events that carry only its id)."""

    async def title_of(self, case_id: str) -> str: ...
