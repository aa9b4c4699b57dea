"""Running notifications against the real broker, database and an aiosmtpd server."""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any
from zoneinfo import ZoneInfo

import docx
import httpx
from aio_pika.abc import AbstractRobustConnection

from services.notifications.adapters.chat import FakeChatSender
from services.notifications.adapters.documents import FakeDocumentFetcher
from services.notifications.bootstrap import build_app
from services.notifications.domain.planning import StaffMember
from services.notifications.service_layer.samples import sample_event
from services.notifications.settings import NotificationsSettings
from shared.clock import ManualClock
from shared.contracts.base import EventData
from shared.contracts.envelope import CloudEvent
from shared.messaging.topology import Topology
from tests.support.bus import publish_raw
from tests.support.services import running, settings_for

AMS = ZoneInfo("Europe/Amsterdam")
MONDAY_MORNING = dt.datetime(2026, 3, 2, 10, 0, tzinfo=AMS)
STAFF = [StaffMember(name="Pieter van Dam", email="pieter@programmabureau.example")]
TOKEN = "staff-token-for-tests"


def docx_bytes(text: str) -> bytes:
    """A real Word document, so the test can prove the attachment opens."""
    document = docx.Document()
    document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def sample_documents() -> FakeDocumentFetcher:
    """The sample events' download URLs, served from memory."""
    files: dict[str, bytes] = {}
    for key, text in (("draft.delivered", "Concept"), ("final.delivered", "Definitief")):
        for link in getattr(sample_event(key).data, "downloads"):  # noqa: B009 - typed as EventData
            is_docx = link.format == "docx"
            files[link.url] = docx_bytes(text) if is_docx else b"%PDF-1.4 sample\n%%EOF\n"
    return FakeDocumentFetcher(files)


def notification_settings(
    namespace: str, rabbitmq_url: str, mongodb_url: str, smtp_port: int, **extra: Any
) -> NotificationsSettings:
    """Test settings: fast timer polling, one staff member, a staff token."""
    values: dict[str, Any] = {
        "smtp_port": smtp_port,
        "staff": [m.model_dump() for m in STAFF],
        "staff_tokens": json.dumps({TOKEN: {"name": "Programmabureau", "role": "reader"}}),
        "timer_poll_seconds": 0.05,
        "secret_key": "test-secret",
        "public_base_url": "https://meldingen.example.org",
        "document_wait_seconds": 0,  # no documents service here: nothing to wait for
        **extra,
    }
    return settings_for(NotificationsSettings, namespace, rabbitmq_url, mongodb_url, **values)


@asynccontextmanager
async def notifications(
    settings: NotificationsSettings,
    clock: ManualClock,
    fetcher: FakeDocumentFetcher | None = None,
    chat: FakeChatSender | None = None,
) -> AsyncIterator[httpx.AsyncClient]:
    """The service running in-process with test doubles only for documents and chat."""
    app = build_app(settings, clock, fetcher=fetcher or sample_documents(), chat=chat)
    async with running(app) as http:
        http.headers["Authorization"] = f"Bearer {TOKEN}"
        yield http


async def publish(
    amqp: AbstractRobustConnection, topology: Topology, event: CloudEvent[EventData]
) -> None:
    """Publish like another system would."""
    body = event.model_dump_json(exclude_none=True, serialize_as_any=True).encode()
    await publish_raw(amqp, topology, event.data.routing_key, body)
