"""Sending one notification exactly once: claim, send, mark sent; each step one guarded write."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from email.message import EmailMessage
from email.utils import format_datetime

from services.notifications.adapters.delivery_repository import DeliveryRepository
from services.notifications.adapters.mail_templates import RenderedMail
from services.notifications.adapters.mailer import (
    MailSender,
    PermanentMailError,
    TransientMailError,
)
from services.notifications.domain.deliveries import (
    Delivery,
    DeliveryStatus,
    claim,
    delivery_id,
    mark_sent,
    release,
)
from shared.contracts.envelope import EventFactory
from shared.contracts.notifications import NotificationFailed, NotificationSent
from shared.persistence.repository import Change

log = logging.getLogger(__name__)


def build_message(
    delivery: Delivery, mail: RenderedMail, sender: str, now: dt.datetime
) -> EmailMessage:
    """A multipart/alternative mail whose Message-ID is stable for its notification key."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = delivery.recipient
    message["Subject"] = mail.subject
    message["Date"] = format_datetime(now)
    message["Message-ID"] = f"<{delivery_id(delivery.key)}@samenspel>"
    message.set_content(mail.text)
    message.add_alternative(mail.html, subtype="html")
    return message


class Deliverer:
    """Everything a delivery needs, bound once in the composition root."""

    def __init__(
        self,
        deliveries: DeliveryRepository,
        sender: MailSender,
        events: EventFactory,
        *,
        mail_from: str,
        lease: dt.timedelta,
    ) -> None:
        self._deliveries = deliveries
        self._sender = sender
        self._events = events
        self._mail_from = mail_from
        self._lease = lease

    async def deliver(self, planned: Delivery, render: Callable[[], RenderedMail]) -> None:
        """Send unless sent already; a transient failure raises so the event is retried."""
        doc_id = delivery_id(planned.key)
        now = self._events.now()

        def take(current: Delivery | None) -> Change[Delivery] | None:
            claimed = claim(current or planned, now, self._lease)
            return None if claimed is None else Change(claimed)

        claimed = await self._deliveries.apply(doc_id, take)
        if not claimed.changed or claimed.state is None:
            return
        mail = render()
        delivery = claimed.state.model_copy(update={"subject": mail.subject})
        try:
            await self._sender.send(build_message(delivery, mail, self._mail_from, now))
        except TransientMailError as exc:
            error = str(exc)
            await self._deliveries.apply(
                doc_id, lambda cur: Change(release(cur or delivery, error))
            )
            raise
        except PermanentMailError as exc:
            await self._finish(doc_id, delivery, failed=str(exc))
            return
        await self._finish(doc_id, delivery)

    async def _finish(self, doc_id: str, delivery: Delivery, failed: str = "") -> None:
        now = self._events.now()
        if failed:
            state = delivery.model_copy(
                update={"status": DeliveryStatus.FAILED, "last_error": failed}
            )
            payload: NotificationSent | NotificationFailed = NotificationFailed(
                **_audit(delivery, doc_id), error=failed, permanent=True, failed_at=now
            )
            log.warning("notification failed permanently", extra={"template": delivery.template})
        else:
            state = mark_sent(delivery, now)
            payload = NotificationSent(
                **_audit(delivery, doc_id), subject=delivery.subject, sent_at=now
            )
        event = self._events(payload, subject=delivery.case_id)
        await self._deliveries.apply(doc_id, lambda cur: Change(state, [event]))


def _audit(delivery: Delivery, doc_id: str) -> dict[str, object]:
    return {
        "notification_id": doc_id,
        "case_id": delivery.case_id,
        "source_event_id": delivery.source_event_id,
        "source_event_type": delivery.source_event_type,
        "template": delivery.template,
        "channel": delivery.channel,
        "recipient_role": delivery.recipient_role,
        "recipient": delivery.recipient,
        "attempts": delivery.attempts,
    }
