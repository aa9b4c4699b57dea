"""One mail to one recipient for one event: claimed before sending, marked after, never twice."""

from __future__ import annotations

import datetime as dt
import hashlib
from enum import StrEnum

from pydantic import AwareDatetime, BaseModel, ConfigDict


class DeliveryStatus(StrEnum):
    """Where a delivery stands."""

    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"


class SendingElsewhere(Exception):
    """Another worker holds a fresh claim on this delivery: try again later, do not send."""


class Delivery(BaseModel):
    """The delivery aggregate's state; its id is derived from the notification key."""

    model_config = ConfigDict(frozen=True)

    key: str
    case_id: str | None
    source_event_id: str
    source_event_type: str
    template: str
    channel: str = "email"
    recipient_role: str
    recipient: str
    subject: str = ""
    status: DeliveryStatus = DeliveryStatus.PENDING
    attempts: int = 0
    lease_until: AwareDatetime | None = None
    sent_at: AwareDatetime | None = None
    last_error: str = ""


def notification_key(event_id: str, recipient: str, template: str) -> str:
    """Event id + recipient + template: the same triple is the same notification."""
    return f"{event_id}|{recipient.lower()}|{template}"


def delivery_id(key: str) -> str:
    """A compact, stable document id (and Message-ID local part) for a notification key."""
    return hashlib.sha256(key.encode()).hexdigest()[:32]


def claim(delivery: Delivery, now: dt.datetime, lease: dt.timedelta) -> Delivery | None:
    """Take the right to send now; None when it was sent already."""
    if delivery.status is DeliveryStatus.SENT:
        return None
    if (
        delivery.status is DeliveryStatus.SENDING
        and delivery.lease_until is not None
        and delivery.lease_until > now
    ):
        raise SendingElsewhere(delivery.key)
    return delivery.model_copy(
        update={
            "status": DeliveryStatus.SENDING,
            "attempts": delivery.attempts + 1,
            "lease_until": now + lease,
        }
    )


def mark_sent(delivery: Delivery, now: dt.datetime) -> Delivery:
    """The mail server accepted the message."""
    return delivery.model_copy(
        update={"status": DeliveryStatus.SENT, "sent_at": now, "lease_until": None}
    )


def release(delivery: Delivery, error: str) -> Delivery:
    """Sending failed for now: give the claim back so a retry may send."""
    return delivery.model_copy(
        update={"status": DeliveryStatus.PENDING, "lease_until": None, "last_error": error[:500]}
    )
