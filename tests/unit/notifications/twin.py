"""Notifications wired as its composition root wires it, on the in-memory twin and fakes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from services.notifications.adapters.assignments import AssignmentRepository
from services.notifications.adapters.chat import FakeChatSender
from services.notifications.adapters.directory import PersonDirectoryRepository
from services.notifications.adapters.documents import FakeDocumentFetcher
from services.notifications.adapters.email_message import Sender, build_email
from services.notifications.adapters.ready_documents import ReadyDocumentsRepository
from services.notifications.adapters.repositories import (
    CaseFactsRepository,
    MailServerRepository,
    NotificationRepository,
    NotificationTimers,
    PreferenceRepository,
)
from services.notifications.adapters.smtp import FakeMailSender
from services.notifications.adapters.templates import JinjaRenderer
from services.notifications.adapters.trainings import TrainingRepository
from services.notifications.bootstrap import load_routing_table
from services.notifications.domain.digest import DigestTime
from services.notifications.domain.planning import StaffMember
from services.notifications.domain.quiet_hours import QuietHours
from services.notifications.domain.retry import RetryPolicy
from services.notifications.entrypoints.messaging import event_handlers
from services.notifications.service_layer.context import Composing
from services.notifications.service_layer.context import Notifications as Deps
from services.notifications.service_layer.links import PersonLinks
from services.notifications.service_layer.mail_pause import MailPause
from services.notifications.service_layer.timers import on_due
from shared.capabilities import CapabilitySigner
from shared.clock import ManualClock
from shared.contracts.base import Contact, EventData
from shared.contracts.envelope import CloudEvent, EventFactory
from shared.messaging.dispatcher import Handler
from shared.persistence.memory import MemoryDatabase, in_memory
from shared.persistence.timers import TimerRepository

STAFF = [StaffMember(name="Pieter van Dam", email="pieter@programmabureau.example")]
OFFICE = Contact(name="Programmabureau Samenspel", email="office@samenspel.example")
SECRET = "test-secret"


@dataclass
class Notifications:
    """One notifications process on the twin: the parts a test looks at, and its handlers."""

    clock: ManualClock
    mail: FakeMailSender
    chat: FakeChatSender
    fetcher: FakeDocumentFetcher
    notifications: NotificationRepository
    preferences: PreferenceRepository
    timers: TimerRepository
    deps: Deps
    handlers: dict[type[EventData], Handler]

    async def deliver(self, event: CloudEvent[Any]) -> None:
        await self.handlers[type(event.data)](event)

    async def fire_due_timers(self) -> int:
        """What the poller does once: hand every due timer to the handler."""
        due = await self.timers.due(self.clock.now())
        for stored in due:
            await on_due(stored, self.deps)
        return len(due)


def notifications_on_twin(
    clock: ManualClock,
    staff: list[StaffMember] | None = None,
    document_wait: dt.timedelta = dt.timedelta(0),
) -> Notifications:
    memory = MemoryDatabase()
    table = load_routing_table()
    notifications = in_memory(NotificationRepository, memory)
    preferences = in_memory(PreferenceRepository, memory)
    facts = in_memory(CaseFactsRepository, memory)
    timers = in_memory(NotificationTimers, memory)
    trainings = in_memory(TrainingRepository, memory)
    assignments = in_memory(AssignmentRepository, memory)
    shelf = in_memory(ReadyDocumentsRepository, memory)
    mail_server = in_memory(MailServerRepository, memory)
    directory = in_memory(PersonDirectoryRepository, memory)
    mail, chat, fetcher = FakeMailSender(), FakeChatSender(), FakeDocumentFetcher()
    events = EventFactory("/samenspel/notifications", clock.now)
    composing = Composing(
        renderer=JinjaRenderer(),
        fetcher=fetcher,
        sender=Sender(
            name="Programmabureau Samenspel",
            address="noreply@samenspel.example",
            reply_to_name=OFFICE.name,
            reply_to_address=str(OFFICE.email),
        ),
        envelope=build_email,
        base_url="https://meldingen.example.org",
        signer=CapabilitySigner.from_secret(SECRET),
        office=OFFICE,
        people=PersonLinks(CapabilitySigner.from_secret(SECRET), "https://intake.example.org"),
        offer=trainings,
        shelf=shelf,
        document_wait=document_wait,
        console_url="https://intake.example.org",
        titles=facts,
    )
    lease = dt.timedelta(seconds=60)
    deps = Deps(
        table=table,
        notifications=notifications,
        preferences=preferences,
        facts=facts,
        trainings=trainings,
        assignments=assignments,
        shelf=shelf,
        timers=timers,
        mail=mail,
        chat=chat,
        events=events,
        composing=composing,
        lease=lease,
        policy=RetryPolicy(
            max_attempts=5,
            base_delay=dt.timedelta(seconds=30),
            max_delay=dt.timedelta(minutes=30),
            give_up_after=dt.timedelta(hours=24),
        ),
        staff=list(STAFF if staff is None else staff),
        quiet=QuietHours(start=dt.time(21, 0), end=dt.time(7, 30)),
        digest=DigestTime(at=dt.time(8, 0), timezone="Europe/Amsterdam"),
        pause=MailPause(
            mail_server,
            chat,
            clock.now,
            first_probe=dt.timedelta(seconds=30),
            max_probe=dt.timedelta(minutes=30),
        ),
        directory=directory,
        jitter=lambda: 0.0,
    )
    handlers = event_handlers(deps)
    return Notifications(
        clock,
        mail,
        chat,
        fetcher,
        notifications,
        preferences,
        timers,
        deps,
        handlers,
    )
