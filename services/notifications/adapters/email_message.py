"""Put a rendered notification in a MIME envelope that mail clients show as intended."""

from __future__ import annotations

import datetime as dt
import re
import secrets
from collections.abc import Sequence
from email.headerregistry import Address, BaseHeader, HeaderRegistry
from email.message import EmailMessage
from email.policy import EmailPolicy, Policy
from email.utils import format_datetime
from typing import Any

from services.notifications.adapters.addresses import mail_address
from services.notifications.domain.messages import Attachment, RenderedMessage, Sender
from services.notifications.domain.model import CalendarMethod, PlannedNotification

__all__ = ["MAIL_POLICY", "Attachment", "Sender", "build_email", "message_id"]
PARSED_LIMIT = 512
LONGEST_LINE = 998  # RFC 5322 2.1.1: the limit no header line may pass, folded or not
BOUNDARY_FILL, BOUNDARY_DIGITS = "=" * 15, 19  # `_boundary` writes them; the policy knows them
_OUR_BOUNDARY = re.compile(
    rf'multipart/(alternative|mixed); boundary="{BOUNDARY_FILL}[0-9]{{{BOUNDARY_DIGITS}}}=="'
)


class _AsWritten(str):
    """A header value this module writes itself from parts that hold no line break and only
    ASCII (the date, the Message-ID, the unsubscribe link, a multipart boundary of its own):
    kept and sent as written. Parsing it would find nothing, and encoding it would break it:
    RFC 2369 allows no encoded word, nor a fold, inside List-Unsubscribe's angle brackets."""

    name: str
    defects: tuple[()] = ()
    _fold_before: str | None

    def __new__(cls, name: str, value: str, *, fold_before: str | None = None) -> _AsWritten:
        line = f"{name}: {value}"
        if not line.isascii() or "\r" in line or "\n" in line or len(line) > LONGEST_LINE:
            raise ValueError(f"{name} must be one line of ASCII under {LONGEST_LINE} characters")
        written = super().__new__(cls, value)
        written.name, written._fold_before = name, fold_before
        return written

    def fold(self, *, policy: Policy) -> str:
        """One line; or, past the policy's length, a break before `fold_before` (if given)."""
        line = f"{self.name}: {self}"
        limit = policy.max_line_length
        if self._fold_before and limit and len(line) > limit:
            line = line.replace(self._fold_before, f"{policy.linesep}{self._fold_before}", 1)
        return f"{line}{policy.linesep}"


class _FoldedOnce(BaseHeader):
    """A parsed header that folds itself once per line length, line ending and UTF-8 setting:
    a header kept by `_RepeatedHeaders` recurs in every mail, and so would its folding (the
    SMTP sender flattens every message with `email.policy.SMTP`)."""

    def fold(self, *, policy: Policy) -> str:
        key = (policy.linesep, policy.max_line_length, getattr(policy, "utf8", False))
        folds: dict[tuple[str, int | None, bool], str] = self.__dict__.setdefault("_folds", {})
        if (folded := folds.get(key)) is None:
            folded = folds[key] = super().fold(policy=policy)
        return folded


class _RepeatedHeaders(EmailPolicy):
    """The standard library's default policy, except that a header value it parsed before is
    not parsed again: the same From, Content-Type, Content-Transfer-Encoding, MIME-Version or
    disposition recurs in every mail, and parsing them was most of the cost of building one.
    Parsed headers are immutable; a value with CR or LF is refused as before (never kept)."""

    def header_store_parse(self, name: str, value: Any) -> tuple[str, Any]:
        if isinstance(value, _AsWritten) and value.name.lower() == name.lower():
            return name, value
        ours = isinstance(value, str) and _OUR_BOUNDARY.fullmatch(value) is not None
        if ours and name.lower() == "content-type":  # unique per mail: the dearest to parse
            return name, _AsWritten(name, value, fold_before=" boundary=")
        if isinstance(value, Address):  # parsed from its text, which its parts fix
            key = (name, f"\0address\0{value.display_name}\0{value.username}\0{value.domain}")
        elif isinstance(value, str):
            key = (name, value)
        else:
            return super().header_store_parse(name, value)
        if (parsed := _PARSED.get(key)) is None:
            parsed = super().header_store_parse(name, value)
            if len(_PARSED) >= PARSED_LIMIT:
                _PARSED.clear()
            _PARSED[key] = parsed
        return parsed


class _OneClassPerName(HeaderRegistry):
    """The standard registry, except that it builds each header name's class once: the standard
    one builds a new class (`type(...)`) on every lookup, and a mail looks up a class for every
    header it sets (to check how often it may occur) and for every header it parses."""

    def __init__(self) -> None:
        super().__init__(base_class=_FoldedOnce)
        self._classes: dict[str, type[BaseHeader]] = {}

    def __getitem__(self, name: str) -> type[BaseHeader]:
        key = name.lower()
        if (cls := self._classes.get(key)) is None:
            cls = self._classes[key] = super().__getitem__(key)
        return cls


_PARSED: dict[tuple[str, str], tuple[str, Any]] = {}
MAIL_POLICY = _RepeatedHeaders(header_factory=_OneClassPerName())


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
    message["Date"] = _AsWritten("Date", format_datetime(now.astimezone(dt.UTC)))
    message["Message-ID"] = _AsWritten("Message-ID", message_id(notification.key, sender.domain))
    message["Auto-Submitted"] = "auto-generated"
    if not notification.essential and unsubscribe_url:
        message["List-Unsubscribe"] = _AsWritten("List-Unsubscribe", f"<{unsubscribe_url}>")
        message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    invite = calendar_ics if notification.calendar is not None and calendar_ics else None
    texts = (rendered.text, rendered.html, invite or "")
    message.set_content(rendered.text)
    message.make_alternative(boundary=_boundary(texts))
    message.add_alternative(rendered.html, subtype="html")
    if notification.calendar is not None and invite is not None:
        _check_method(invite, notification.calendar)
        message.add_alternative(
            invite, subtype="calendar", params={"method": notification.calendar.value}
        )
    if invite is not None or attachments:
        message.make_mixed(boundary=_boundary(texts))
    if notification.calendar is not None and invite is not None:
        _attach_invite(message, invite, notification.calendar)
    for attachment in attachments:
        maintype, _, subtype = attachment.content_type.partition("/")
        message.add_attachment(
            attachment.content,
            maintype=maintype,
            subtype=subtype or "octet-stream",
            filename=attachment.filename,
        )
    return message


def _check_method(ics: str, method: CalendarMethod) -> None:
    """The .ics must announce the method the route sends."""
    declared = _declared_method(ics)
    if declared is not None and declared != method.value:
        raise ValueError(f"the .ics says METHOD:{declared} but the route sends {method.value}")


def _attach_invite(message: EmailMessage, ics: str, method: CalendarMethod) -> None:
    """The invite as an .ics file too (clients show it from the alternative)."""
    message.add_attachment(
        ics.encode(),
        maintype="application",
        subtype="ics",
        filename="uitnodiging.ics" if method is CalendarMethod.REQUEST else "annulering.ics",
    )


def _boundary(texts: Sequence[str]) -> str:
    """A MIME boundary chosen here, as the generator would (it compiles a pattern per mail to
    check its own): 15 `=` never occur in base64 or quoted-printable, so a part can only hold it
    as its plain text, which is checked."""
    while True:
        digits = secrets.randbelow(10**BOUNDARY_DIGITS)
        boundary = f"{BOUNDARY_FILL}{digits:0{BOUNDARY_DIGITS}d}=="
        if not any(boundary in text for text in texts):
            return boundary


def _declared_method(ics: str) -> str | None:
    for line in ics.splitlines():
        if line.upper().startswith("METHOD:"):
            return line.split(":", 1)[1].strip().upper()
    return None
