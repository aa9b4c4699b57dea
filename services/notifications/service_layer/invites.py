"""Each recipient's own calendar invite: only they are named, and its URL opens their page."""

from __future__ import annotations

import datetime as dt
from typing import Any

from services.notifications.domain.model import CalendarMethod, Recipient
from shared.contracts.base import Contact
from shared.contracts.scheduling import Attendee, AttendeeRole, SessionInfo
from shared.ics import session_ics


def as_attendee(recipient: Recipient) -> Attendee:
    """The recipient as the invite's one ATTENDEE, in the role they were invited for."""
    roles = {role.value for role in AttendeeRole}
    role = AttendeeRole(recipient.role) if recipient.role in roles else AttendeeRole.PARTICIPANT
    return Attendee(
        person_id=recipient.person_id, name=recipient.name, email=recipient.address, role=role
    )


def recipient_invite(
    data: Any,
    recipient: Recipient,
    method: CalendarMethod,
    *,
    organizer: Contact,
    stamp: dt.datetime,
    page_url: str | None,
) -> str | None:
    """The .ics for this one person (REQUEST or CANCEL), or None when the event has no session."""
    session = getattr(data, "session", None)
    if not isinstance(session, SessionInfo):
        return None
    return session_ics(
        session,
        organizer,
        stamp,
        cancelled=method is CalendarMethod.CANCEL,
        recipient=as_attendee(recipient),
        page_url=page_url,
    )
