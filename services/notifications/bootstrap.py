"""Notifications' composition root: the one place its parts are built and wired."""

from __future__ import annotations

import datetime as dt

from fastapi import FastAPI

from services.notifications.adapters.delivery_repository import DeliveryRepository
from services.notifications.adapters.mail_templates import MailTemplates
from services.notifications.adapters.mailer import MailSender, SmtpMailSender
from services.notifications.entrypoints.messaging import event_handlers
from services.notifications.service_layer.delivering import Deliverer
from services.notifications.settings import NotificationsSettings
from shared.clock import Clock
from shared.runtime import ServiceRuntime

SERVICE = "notifications"


def build_app(
    settings: NotificationsSettings, clock: Clock | None = None, sender: MailSender | None = None
) -> FastAPI:
    """The notifications service as an ASGI app; connections open when its lifespan starts."""
    runtime = ServiceRuntime(SERVICE, settings, clock)
    deliveries = DeliveryRepository(runtime.database, **runtime.repository_options())
    runtime.add_repositories(deliveries)
    mailer = sender or SmtpMailSender(
        settings.smtp_host,
        settings.smtp_port,
        username=settings.smtp_username,
        password=settings.smtp_password.get_secret_value(),
        starttls=settings.smtp_starttls,
        timeout=settings.smtp_timeout_seconds,
    )
    deliverer = Deliverer(
        deliveries,
        mailer,
        runtime.events,
        mail_from=settings.mail_from,
        lease=dt.timedelta(seconds=settings.sending_lease_seconds),
    )
    runtime.consume(event_handlers(deliverer, MailTemplates()))
    return runtime.app(title="samenspel notifications")
