"""Render any template with sample data, for staff to review wording without sending a thing."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from services.notifications.domain.dutch import document_label
from services.notifications.domain.messages import RenderedMessage
from services.notifications.domain.model import PlannedNotification
from services.notifications.domain.planning import PlanningConfig, StaffMember, plan_notifications
from services.notifications.domain.routing import RoutingTable
from services.notifications.domain.wording import describe
from services.notifications.service_layer.channel_ports import MessageRenderer
from services.notifications.service_layer.cohort_samples import known_learner
from services.notifications.service_layer.samples import sample_event
from shared.contracts.base import EventData
from shared.contracts.envelope import CloudEvent

SAMPLE_STAFF = PlanningConfig(
    staff=[StaffMember(name="Pieter van Dam", email="pieter@programmabureau.example")],
    staff_chat_enabled=True,
    known_people={known_learner().person_id: known_learner()},
)
SAMPLE_LINKS = {"unsubscribe": "https://samenspel.example.org/afmelden/voorbeeld"}
SAMPLE_PAGE = "https://samenspel.example.org/mijn/voorbeeld"
SAMPLE_CONSOLE = "https://samenspel.example.org/medewerker/cases/voorbeeld"


def template_context(
    event: CloudEvent[EventData],
    notification: PlannedNotification,
    *,
    sender_name: str,
    links: Mapping[str, str],
    offer: Sequence[Any] = (),
    download_url: Callable[[str], str] | None = None,
) -> dict[str, Any]:
    """The variables every template may use; the same shape for previews and real sends."""
    return {
        "event": event,
        "data": event.data,
        "about": describe(event.data),
        "recipient": notification.recipient,
        "links": dict(links),
        "sender_name": sender_name,
        "offer": list(offer),  # an e-learning's live trainings still to come
        "attachments": [],  # titles of the documents the mail carries
        "case_title": getattr(event.data, "case_title", "") or "",
        # the recipient's own signed, expiring download link for a documents URL
        "download_url": download_url or (lambda url: url),
    }


def preview(
    template: str,
    table: RoutingTable,
    renderer: MessageRenderer,
    *,
    sender_name: str = "Het programmabureau",
) -> RenderedMessage:
    """The template as its first recipient of the sample event would receive it."""
    routes = [route for route in table.routes if route.template == template]
    if not routes:
        raise KeyError(f"no route uses template {template!r}")
    event = sample_event(routes[0].event)
    planned = [p for p in plan_notifications(event, table, SAMPLE_STAFF) if p.template == template]
    notification = planned[0]
    links = {} if notification.essential else dict(SAMPLE_LINKS)
    if notification.recipient.person_id:
        links["page"] = SAMPLE_PAGE
    if notification.recipient.role == "staff" and notification.case_id:
        links["console"] = SAMPLE_CONSOLE
    context = template_context(event, notification, sender_name=sender_name, links=links)
    context["attachments"] = [document_label(kind) for kind in notification.attach]
    return renderer.render(template, context)
