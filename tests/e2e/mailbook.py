"""Who got which mail about which session, read from the mails as people receive them."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import parseaddr, parsedate_to_datetime

import icalendar

from tests.support.mail import Inbox, page_person


@dataclass(frozen=True)
class Mail:
    """One received mail, with its calendar part (if any) read out."""

    to: str
    subject: str
    sent_at: dt.datetime
    method: str | None  # REQUEST, CANCEL or None (no calendar part)
    status: str | None  # the VEVENT's STATUS: CONFIRMED, TENTATIVE, CANCELLED
    session_id: str | None
    sequence: int
    attendees: tuple[str, ...]
    reminder: bool
    message: EmailMessage

    @property
    def page(self) -> str | None:
        """Whose page the mail's own link opens."""
        return page_person(self.message)

    @property
    def text(self) -> str:
        """The plain-text body."""
        body = self.message.get_body(("plain",))
        return "" if body is None else str(body.get_content())


def read(message: EmailMessage) -> Mail:
    """The facts a test checks, from one message."""
    method: str | None = None
    status: str | None = None
    session_id: str | None = None
    sequence = 0
    attendees: tuple[str, ...] = ()
    for part in message.walk():
        if part.get_content_type() == "text/calendar":
            calendar = icalendar.Calendar.from_ical(part.get_content())
            (event,) = calendar.walk("VEVENT")
            method = str(calendar["METHOD"])
            status = str(event.get("STATUS", "")) or None
            session_id = str(event["UID"]).split("@", 1)[0]
            sequence = int(event.get("SEQUENCE", 0))
            found = event.get("ATTENDEE", [])
            listed = found if isinstance(found, list) else [found]
            attendees = tuple(str(a).removeprefix("mailto:").lower() for a in listed)
            break
    subject = str(message["Subject"]).strip()  # a folded first line may lead with a space
    return Mail(
        to=parseaddr(str(message["To"]))[1].lower(),
        subject=subject,
        sent_at=parsedate_to_datetime(str(message["Date"])),
        method=method,
        status=status,
        session_id=session_id,
        sequence=sequence,
        attendees=attendees,
        reminder=subject.startswith("Herinnering"),
        message=message,
    )


class MailBook:
    """Every mail the SMTP server received, read once, queried by person and session."""

    def __init__(self, inbox: Inbox) -> None:
        self._inbox = inbox
        self._read: list[Mail] = []

    @property
    def mails(self) -> list[Mail]:
        """All mails so far (new ones are read as they arrive)."""
        for message in self._inbox.messages[len(self._read) :]:
            self._read.append(read(message))
        return self._read

    def to(self, address: str) -> list[Mail]:
        """What one person received, in order."""
        return [m for m in self.mails if m.to == address.lower()]

    def requests(self, address: str, session_id: str) -> list[int]:
        """The SEQUENCE of every invite (first and updates) a person got for a session."""
        return [
            m.sequence
            for m in self.to(address)
            if m.method == "REQUEST" and m.session_id == session_id
        ]

    def statuses(self, address: str, session_id: str) -> list[str | None]:
        """The STATUS of every invite a person got for a session, in order."""
        return [
            m.status
            for m in self.to(address)
            if m.method == "REQUEST" and m.session_id == session_id
        ]

    def cancels(self, address: str, session_id: str) -> int:
        """How many cancellations a person got for a session."""
        return sum(
            1 for m in self.to(address) if m.method == "CANCEL" and m.session_id == session_id
        )

    def invited_to(self, address: str) -> set[str]:
        """The sessions a person got an invite for."""
        return {m.session_id for m in self.to(address) if m.method == "REQUEST" and m.session_id}

    def reminders(self, address: str) -> list[Mail]:
        """The reminders a person got."""
        return [m for m in self.to(address) if m.reminder]

    def count_by_role(self, roles: dict[str, str]) -> dict[str, Counter[str]]:
        """Per role: invites, updates, cancellations, reminders and other mails."""
        counts: dict[str, Counter[str]] = {}
        first_seen: set[tuple[str, str]] = set()
        for mail in self.mails:
            kind = "other"
            if mail.reminder:
                kind = "reminder"
            elif mail.method == "CANCEL":
                kind = "cancel"
            elif mail.method == "REQUEST" and mail.session_id:
                key = (mail.to, mail.session_id)
                kind = "update" if key in first_seen else "invite"
                first_seen.add(key)
            counts.setdefault(roles.get(mail.to, "other"), Counter())[kind] += 1
        return counts

    def check_invites_name_only_their_recipient(self) -> None:
        """Every invite or cancellation's ATTENDEE is its recipient, nobody else."""
        for mail in self.mails:
            if mail.method is not None:
                assert mail.attendees == (mail.to,), (mail.subject, mail.attendees)
