"""Notifications' composition root: the one place its parts are built and wired."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import httpx
from fastapi import FastAPI

from services.notifications.adapters.assignments import AssignmentRepository
from services.notifications.adapters.chat import ChatSender, WebhookChatSender
from services.notifications.adapters.directory import PersonDirectoryRepository
from services.notifications.adapters.documents import DocumentFetcher, HttpDocumentFetcher
from services.notifications.adapters.email_message import Sender, build_email
from services.notifications.adapters.kept_documents import KeptDocuments
from services.notifications.adapters.link_generations import (
    KeptLinkGenerations,
    whole_collection,
)
from services.notifications.adapters.ready_documents import ReadyDocumentsRepository
from services.notifications.adapters.repositories import (
    CaseFactsRepository,
    MailServerRepository,
    NotificationRepository,
    NotificationTimers,
    PreferenceRepository,
)
from services.notifications.adapters.smtp import MailSender, SmtpMailSender, SmtpSettings
from services.notifications.adapters.templates import JinjaRenderer
from services.notifications.adapters.trainings import TrainingRepository
from services.notifications.domain.digest import DigestTime
from services.notifications.domain.quiet_hours import QuietHours
from services.notifications.domain.retry import RetryPolicy
from services.notifications.domain.routing import RoutingTable, parse_routing_table
from services.notifications.entrypoints.http import staff_router
from services.notifications.entrypoints.messaging import event_handlers
from services.notifications.entrypoints.unsubscribe import unsubscribe_router
from services.notifications.service_layer import timers as timers_use_case
from services.notifications.service_layer.context import Composing, Notifications
from services.notifications.service_layer.digests import ensure_digest_scheduled
from services.notifications.service_layer.links import PersonLinks
from services.notifications.service_layer.mail_pause import MailPause
from services.notifications.settings import NotificationsSettings
from shared.capabilities import CapabilitySigner
from shared.clock import Clock
from shared.contracts.base import Contact
from shared.download_links import DownloadMinter
from shared.link_generations import StoredLinkGenerations, revoked_entry
from shared.persistence.repository import Stored
from shared.persistence.timers import Timer, TimerPoller
from shared.runtime import ServiceRuntime

SERVICE = "notifications"
ROUTING_FILE = Path(__file__).resolve().parent / "routing.toml"


def load_routing_table(path: Path = ROUTING_FILE) -> RoutingTable:
    """The routing table shipped with the service, validated at start-up."""
    return parse_routing_table(path.read_text(encoding="utf-8"))


def smtp_sender(settings: NotificationsSettings) -> SmtpMailSender:
    """The SMTP channel as the operator configured it."""
    password = settings.smtp_password if settings.smtp_password.get_secret_value() else None
    return SmtpMailSender(
        SmtpSettings(
            host=settings.smtp_host,
            port=settings.smtp_port,
            starttls=settings.smtp_starttls,
            implicit_tls=settings.smtp_implicit_tls,
            username=settings.smtp_username or None,
            password=password,
            timeout_seconds=settings.smtp_timeout_seconds,
            idle_seconds=settings.smtp_idle_seconds,
            max_mails_per_connection=settings.smtp_max_mails_per_connection,
        )
    )


def build_app(
    settings: NotificationsSettings,
    clock: Clock | None = None,
    sender: MailSender | None = None,
    *,
    fetcher: DocumentFetcher | None = None,
    chat: ChatSender | None = None,
) -> FastAPI:
    """The notifications service as an ASGI app; connections open when its lifespan starts."""
    runtime = ServiceRuntime(SERVICE, settings, clock)
    table = load_routing_table()
    options = runtime.repository_options()
    notifications = NotificationRepository(runtime.database, **options)
    preferences = PreferenceRepository(runtime.database, **options)
    facts = CaseFactsRepository(runtime.database, **options)
    timers = NotificationTimers(runtime.database, **options)
    trainings = TrainingRepository(runtime.database, **options)
    assignments = AssignmentRepository(runtime.database, **options)
    shelf = ReadyDocumentsRepository(runtime.database, **options)
    mail_server = MailServerRepository(runtime.database, **options)
    directory = PersonDirectoryRepository(runtime.database, **options)
    runtime.add_repositories(
        notifications,
        preferences,
        facts,
        timers,
        trainings,
        assignments,
        shelf,
        mail_server,
        directory,
    )
    runtime.metrics.count_by(
        "samenspel_notifications", "mails by status (sent, failed, ...)",
        notifications, "status",
    )  # fmt: skip

    http = httpx.AsyncClient(timeout=settings.fetch_timeout_seconds)
    runtime.on_stop(http.aclose)
    if chat is None and settings.staff_chat_webhook_url:
        chat = WebhookChatSender(http, settings.staff_chat_webhook_url, settings.staff_chat_style)
    signer = CapabilitySigner.from_secret(settings.secret_key.get_secret_value())
    revoked = runtime.database["link_generations"]
    generations = KeptLinkGenerations(StoredLinkGenerations(revoked), whole_collection(revoked))
    renderer = JinjaRenderer()
    office = Contact(name=settings.organizer_name, email=settings.organizer_email)
    composing = Composing(
        renderer=renderer,
        fetcher=fetcher
        or KeptDocuments(
            HttpDocumentFetcher(
                http,
                settings.documents_public_url,
                settings.documents_internal_url,
                settings.max_attachment_bytes,
                settings.scheduling_token.get_secret_value(),
            )
        ),
        sender=Sender(
            name=settings.mail_from_name,
            address=settings.mail_from_address,
            reply_to_name=office.name,
            reply_to_address=str(office.email),
        ),
        envelope=build_email,
        base_url=settings.base_url(),
        signer=signer,
        office=office,
        people=PersonLinks(
            signer,
            settings.intake_public_url,
            generations,
            DownloadMinter(signer, settings.documents_public_url, settings.download_link_days),
        ),
        offer=trainings,
        shelf=shelf,
        document_wait=dt.timedelta(seconds=settings.document_wait_seconds),
        console_url=settings.intake_public_url,
        titles=facts,
    )
    lease = settings.sending_lease()
    pause = MailPause(
        mail_server,
        chat,
        runtime.clock.now,
        first_probe=dt.timedelta(seconds=settings.retry_base_seconds),
        max_probe=dt.timedelta(seconds=settings.retry_max_seconds),
    )
    if sender is None:
        sender = smtp_sender(settings)
        runtime.on_stop(sender.close)
    deps = Notifications(
        table=table,
        notifications=notifications,
        preferences=preferences,
        facts=facts,
        trainings=trainings,
        assignments=assignments,
        shelf=shelf,
        timers=timers,
        mail=sender,
        chat=chat,
        events=runtime.events,
        composing=composing,
        lease=lease,
        policy=RetryPolicy(
            max_attempts=settings.retry_max_attempts,
            base_delay=dt.timedelta(seconds=settings.retry_base_seconds),
            max_delay=dt.timedelta(seconds=settings.retry_max_seconds),
            give_up_after=dt.timedelta(hours=settings.retry_for_hours),
        ),
        staff=list(settings.staff),
        quiet=QuietHours(start=settings.quiet_start, end=settings.quiet_end),
        digest=DigestTime(at=settings.digest_time, timezone=settings.digest_timezone),
        pause=pause,
        directory=directory,
        publisher=runtime.publisher,
    )

    async def on_due(stored: Stored[Timer]) -> None:
        await timers_use_case.on_due(stored, deps)

    poller = TimerPoller(
        timers,
        runtime.clock,
        on_due,
        settings.timer_poll_seconds,
        max_sleep_seconds=settings.timer_max_sleep_seconds,
    )

    async def schedule_digest() -> None:
        await ensure_digest_scheduled(None, deps)

    runtime.on_start(schedule_digest)
    runtime.on_start(poller.start)
    runtime.on_stop(poller.stop)
    runtime.consume(event_handlers(deps) | dict([revoked_entry(generations)]))
    routers = [
        staff_router(
            settings.staff_access(),
            table,
            renderer,
            notifications,
            preferences,
            runtime.clock,
            timers,
        ),
        unsubscribe_router(table, preferences, signer, runtime.clock),
    ]
    app = runtime.app(routers, title="samenspel notifications")
    app.state.poller = poller
    app.state.on_due = on_due
    return app
