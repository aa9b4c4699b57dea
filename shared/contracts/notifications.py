"""Audit events about mail and chat messages, owned by notifications."""

from __future__ import annotations

from pydantic import AwareDatetime, Field

from shared.contracts.base import EventData


class NotificationSent(EventData):
    """A notification was accepted by the mail server or chat webhook."""

    routing_key = "notification.sent"

    notification_id: str
    case_id: str | None = None
    source_event_id: str
    source_event_type: str
    template: str
    channel: str
    recipient_role: str
    recipient: str
    subject: str = ""
    sent_at: AwareDatetime
    attempts: int = Field(default=1, ge=1)


class NotificationFailed(EventData):
    """A notification could not be delivered after its last attempt: staff are alerted."""

    routing_key = "notification.failed"

    notification_id: str
    case_id: str | None = None
    source_event_id: str
    source_event_type: str
    template: str
    channel: str
    recipient_role: str
    recipient: str
    error: str
    permanent: bool
    failed_at: AwareDatetime
    attempts: int = Field(ge=1)
