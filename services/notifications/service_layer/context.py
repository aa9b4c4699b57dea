"""Everything the notifications use cases need, built once by the composition root."""

from __future__ import annotations

import asyncio
import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass, field

from services.notifications.domain.digest import DigestTime
from services.notifications.domain.messages import Sender
from services.notifications.domain.planning import StaffMember
from services.notifications.domain.quiet_hours import QuietHours
from services.notifications.domain.retry import RetryPolicy
from services.notifications.domain.routing import RoutingTable
from services.notifications.service_layer.channel_ports import (
    CaseTitles,
    ChatSender,
    DocumentFetcher,
    DocumentShelf,
    EmailBuilder,
    EventPublisher,
    MailSender,
    MessageRenderer,
    TrainingOffer,
)
from services.notifications.service_layer.links import PersonLinks
from services.notifications.service_layer.mail_pause import MailPause
from services.notifications.service_layer.ports import (
    AssignmentStore,
    CaseFactsStore,
    NotificationStore,
    PersonDirectory,
    PreferenceStore,
    ReadyDocuments,
    TrainingStore,
)
from shared.capabilities import CapabilitySigner
from shared.contracts.base import Contact
from shared.contracts.documents import DocumentsReady
from shared.contracts.envelope import EventFactory
from shared.persistence.ports import TimerStore


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


@dataclass
class Notifications:
    """Repositories, channels, clock-stamped events and configuration of one process."""

    table: RoutingTable
    notifications: NotificationStore
    preferences: PreferenceStore
    facts: CaseFactsStore
    trainings: TrainingStore
    assignments: AssignmentStore
    shelf: ReadyDocuments
    timers: TimerStore
    mail: MailSender
    chat: ChatSender | None
    events: EventFactory
    composing: Composing
    lease: dt.timedelta  # a claimed send's lease; longer than the worst-case send
    policy: RetryPolicy
    staff: list[StaffMember]
    quiet: QuietHours
    digest: DigestTime
    pause: MailPause | None = None
    directory: PersonDirectory | None = None
    # `notification.sent` published right after the server accepted the mail, before the settle
    # (README, "how a notification is sent exactly once"); None: it goes by the settle's outbox
    publisher: EventPublisher | None = None
    jitter: Callable[[], float] = random.random
    # Background tasks this process started (releasing paused mail): held here so none is
    # garbage-collected while it runs.
    background: set[asyncio.Task[int]] = field(default_factory=set)

    def now(self) -> dt.datetime:
        return self.events.now()

    @property
    def chat_enabled(self) -> bool:
        """Staff alerts may go by chat: a webhook is configured."""
        return self.chat is not None
