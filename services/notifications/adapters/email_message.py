"""Put a rendered notification in a MIME envelope that mail clients show as intended."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from email.message import EmailMessage
from email.policy import EmailPolicy
from email.utils import format_datetime
from typing import Any

from services.notifications.adapters.addresses import mail_address
from services.notifications.domain.messages import Attachment, RenderedMessage, Sender
from services.notifications.domain.model import CalendarMethod, PlannedNotification

__all__ = ["MAIL_POLICY", "Attachment", "Sender", "build_email", "message_id"]
PARSED_LIMIT = 512


class _RepeatedHeaders(EmailPolicy):
    """The standard library's default policy, except that a header value it parsed before is
    not parsed again: the same Content-Type, Content-Transfer-Encoding, MIME-Version or
    disposition recurs in every mail, and parsing them was most of the cost of building one.
    Parsed headers are immutable; a value with CR or LF is refused as before (never kept)."""

    def header_store_parse(self, name: str, value: Any) -> tuple[str, Any]:
        if not isinstance(value, str):
            return super().header_store_parse(name, value)
        key = (name, value)
        if (parsed := _PARSED.get(key)) is None:
            parsed = super().header_store_parse(name, value)
            if len(_PARSED) >= PARSED_LIMIT:
                _PARSED.clear()
            _PARSED[key] = parsed
        return parsed


_PARSED: dict[tuple[str, str], tuple[str, Any]] = {}
MAIL_POLICY = _RepeatedHeaders()


def message_id(notification_key: str, domain: str) -> str:
    """The same notification always gets the same Message-ID, so a resend is recognisable."""
    return f"<{notification_key[:40]}@{domain}>"


def build_email(
    notification: PlannedNotification,
    rendered: RenderedMessage,
    *,
    sender: Sender,
    now: dt.datetime,
    unsubscribe_url: str | None = None,
    calendar_ics: str | None = None,
    attachments: Sequence[Attachment] = (),
) -> EmailMessage:
    """The full message: headers, text+HTML alternative, calendar invite and attachments."""
    if not notification.essential and not unsubscribe_url:
        raise ValueError("a non-essential mail needs an unsubscribe link (RFC 8058)")
    message = EmailMessage(policy=MAIL_POLICY)
    message["From"] = mail_address(sender.name, sender.address)
    message["To"] = mail_address(notification.recipient.name, notification.recipient.address)
    if sender.reply_to_address:
        message["Reply-To"] = mail_address(sender.reply_to_name, sender.reply_to_address)
    message["Subject"] = rendered.subject
    message["Date"] = format_datetime(now.astimezone(dt.UTC))
    message["Message-ID"] = message_id(notification.key, sender.domain)
    message["Auto-Submitted"] = "auto-generated"
    if not notification.essential and unsubscribe_url:
        message["List-Unsubscribe"] = f"<{unsubscribe_url}>"
        message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message.set_content(rendered.text)
    message.add_alternative(rendered.html, subtype="html")
    if notification.calendar is not None and calendar_ics:
        _add_invite(message, calendar_ics, notification.calendar)
    for attachment in attachments:
        maintype, _, subtype = attachment.content_type.partition("/")
        message.add_attachment(
            attachment.content,
            maintype=maintype,
            subtype=subtype or "octet-stream",
            filename=attachment.filename,
        )
    return message


def _add_invite(message: EmailMessage, ics: str, method: CalendarMethod) -> None:
    """Calendar part inside the alternative (clients show an invite) and as an .ics file."""
    declared = _declared_method(ics)
    if declared is not None and declared != method.value:
        raise ValueError(f"the .ics says METHOD:{declared} but the route sends {method.value}")
    message.add_alternative(ics, subtype="calendar", params={"method": method.value})
    message.add_attachment(
        ics.encode(),
        maintype="application",
        subtype="ics",
        filename="uitnodiging.ics" if method is CalendarMethod.REQUEST else "annulering.ics",
    )


def _declared_method(ics: str) -> str | None:
    for line in ics.splitlines():
        if line.upper().startswith("METHOD:"):
            return line.split(":", 1)[1].strip().upper()
    return None
