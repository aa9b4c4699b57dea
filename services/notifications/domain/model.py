"""Value objects of the notifications domain: who gets which message through which channel."""

from __future__ import annotations

import datetime as dt
import hashlib
from enum import StrEnum

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field


class Channel(StrEnum):
    """How a message travels."""

    EMAIL = "email"
    CHAT = "chat"


class Audience(StrEnum):
    """A group named in the routing table; resolved to people from the event payload."""

    OWNER = "owner"
    STAFF = "staff"
    COACHES = "coaches"
    PARTICIPANT = "participant"
    ATTENDEES = "attendees"
    ADDED = "added"  # session.attendees_changed: newly invited
    REMOVED = "removed"  # session.attendees_changed: no longer invited
    PERSON = "person"  # the person the event names by id, as the person directory knows them
    TEAM = "team"  # the learners on a case's team (documents' approach events)


class CalendarMethod(StrEnum):
    """The iTIP method a calendar part carries, so mail clients show an invite or a withdrawal."""

    REQUEST = "REQUEST"
    CANCEL = "CANCEL"


class Recipient(BaseModel):
    """One person (or a staff chat channel) a message is addressed to."""

    model_config = ConfigDict(frozen=True)

    address: str = Field(min_length=1)
    name: str
    role: str  # owner, staff, coach, participant, content_expert, trainer, mentor, guest
    timezone: str = "Europe/Amsterdam"
    person_id: str = ""  # names the person's own page; empty for staff and chat


class PlannedNotification(BaseModel):
    """A message owed for one event to one recipient, before rendering and sending."""

    model_config = ConfigDict(frozen=True)

    key: str
    event_id: str
    event_type: str
    routing_key: str
    case_id: str | None
    template: str
    channel: Channel
    recipient: Recipient
    category: str
    essential: bool
    urgent: bool
    calendar: CalendarMethod | None = None
    not_after: AwareDatetime | None = None  # past this instant it is no longer worth sending
    attach: list[str] = Field(default_factory=list)  # document kinds the mail carries as PDF

    def stale(self, now: dt.datetime) -> bool:
        """Whether sending now would come too late (a reminder for a session that has begun)."""
        return self.not_after is not None and now >= self.not_after


def notification_key(event_id: str, recipient_address: str, template: str) -> str:
    """Stable id of a notification (unique in storage), so a redelivered event sends nothing."""
    raw = f"{event_id}\n{recipient_address.strip().lower()}\n{template}"
    return hashlib.sha256(raw.encode()).hexdigest()
