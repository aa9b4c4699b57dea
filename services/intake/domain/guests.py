"""Guests for one session: a participant's colleagues (leergang day 4), the legal colleague
(leeratelier round 4), the owner's betrokkenen (leercase step 3). Intake owns the list.

One document per session, so the per-session limit holds under concurrent invitations (one
guarded write each); every change owes the whole list as `guests.updated`.
"""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel

from services.intake.domain.errors import DecisionRefused
from shared.contracts.base import EventData
from shared.contracts.intake import Guest, SessionGuestsUpdated

NO_GUESTS = "Voor deze sessie kunt u geen gasten uitnodigen."
BEGUN = "Deze sessie is al begonnen; er kunnen geen gasten meer bij."
FULL = "Het maximum aantal gasten voor deze sessie is bereikt."


class SessionGuests(BaseModel):
    """The guests of one session and the revision of that list."""

    session_id: str
    cohort_id: str
    cohort_title: str = ""
    case_id: str | None = None
    session_name: str = ""
    guests: list[Guest] = []
    revision: int = 0

    def invited_by(self, person_id: str) -> list[Guest]:
        return [g for g in self.guests if g.invited_by == person_id]

    def invite(
        self, guest: Guest, limit: int, starts_at: dt.datetime, at: dt.datetime
    ) -> list[EventData]:
        """Add a guest within the session's limit; the same address twice changes nothing."""
        if limit <= 0:
            raise DecisionRefused("session_id", NO_GUESTS)
        if starts_at <= at:
            raise DecisionRefused("session_id", BEGUN)
        if any(g.email.lower() == guest.email.lower() for g in self.guests):
            return []
        if len(self.guests) >= limit:
            raise DecisionRefused("email", FULL)
        self.guests = [*self.guests, guest]
        return [self._updated(at)]

    def remove(self, email: str, at: dt.datetime, by: str | None = None) -> list[EventData]:
        """Take a guest off (staff: anyone; a person: only their own guests)."""
        kept = [
            g
            for g in self.guests
            if g.email.lower() != email.lower() or (by is not None and g.invited_by != by)
        ]
        if len(kept) == len(self.guests):
            return []
        self.guests = kept
        return [self._updated(at)]

    def _updated(self, at: dt.datetime) -> SessionGuestsUpdated:
        self.revision += 1
        return SessionGuestsUpdated(
            cohort_id=self.cohort_id,
            cohort_title=self.cohort_title,
            case_id=self.case_id,
            session_id=self.session_id,
            guests=self.guests,
            revision=self.revision,
            updated_at=at,
        )
