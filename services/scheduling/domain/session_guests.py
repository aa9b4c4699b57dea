"""Guests invited for one session (intake's `guests.updated`): attendees of that session only.

A newer revision of a session's guest list replaces the older one; an older one changes nothing.
"""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import BaseModel, ConfigDict

from services.scheduling.domain.people import staff_attendee
from shared.contracts.base import Contact
from shared.contracts.intake import Guest
from shared.contracts.scheduling import Attendee, AttendeeRole


class GuestList(BaseModel):
    """The guests of one session, as of `revision`."""

    model_config = ConfigDict(frozen=True)

    session_id: str
    guests: list[Guest] = []
    revision: int = 0


def with_guests(lists: Sequence[GuestList], incoming: GuestList) -> list[GuestList] | None:
    """The lists after this revision of one; None when it is not newer than what we hold."""
    current = next((g for g in lists if g.session_id == incoming.session_id), None)
    if current is not None and incoming.revision <= current.revision:
        return None
    return [*(g for g in lists if g.session_id != incoming.session_id), incoming]


def guest_attendees(lists: Sequence[GuestList], session_id: str) -> list[Attendee]:
    """This session's guests as attendees (role guest, one person id per address)."""
    found = next((g for g in lists if g.session_id == session_id), None)
    if found is None:
        return []
    return [
        staff_attendee(Contact(name=g.name, email=g.email), AttendeeRole.GUEST)
        for g in found.guests
    ]
