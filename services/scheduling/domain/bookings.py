"""E-learning bookings: an enrolled learner takes one place in one live training.

Bookings live in the cohort's run, so a booking, a move and a cancellation are each one
guarded write: two learners racing for the last place cannot both get it (the second write
finds the place taken and is refused). Who attends a training follows from the bookings.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from pydantic import AwareDatetime, BaseModel, ConfigDict

from shared.contracts.scheduling import SessionInfo


class Booking(BaseModel):
    """One learner's place in one training."""

    model_config = ConfigDict(frozen=True)

    participant_id: str
    session_id: str
    booked_at: AwareDatetime


class BookingRefused(Exception):
    """The booking cannot be made; `field` for 422, `full` for 409 with the next free one."""

    def __init__(
        self, field: str, message: str, *, full: bool = False, next_free: str | None = None
    ) -> None:
        super().__init__(message)
        self.field, self.message, self.full, self.next_free = field, message, full, next_free


def booked(bookings: Sequence[Booking], session_id: str, enrolled: set[str]) -> int:
    """How many enrolled learners hold a place in this training."""
    return sum(1 for b in bookings if b.session_id == session_id and b.participant_id in enrolled)


def has_room(
    bookings: Sequence[Booking], session: SessionInfo, enrolled: set[str], participant: str
) -> bool:
    """A free place for this learner (their own current place counts as theirs)."""
    if session.capacity is None:
        return True
    others = [b for b in bookings if b.participant_id != participant]
    return booked(others, session.session_id, enrolled) < session.capacity


def next_with_room(
    bookings: Sequence[Booking],
    sessions: Sequence[SessionInfo],
    enrolled: set[str],
    participant: str,
    after: dt.datetime,
) -> SessionInfo | None:
    """The first training to come after `after` with a free place for this learner."""
    coming = sorted((s for s in sessions if s.starts_at > after), key=lambda s: s.starts_at)
    return next((s for s in coming if has_room(bookings, s, enrolled, participant)), None)


def book(
    bookings: Sequence[Booking],
    sessions: Sequence[SessionInfo],
    enrolled: set[str],
    participant: str,
    session_id: str,
    now: dt.datetime,
) -> list[Booking] | None:
    """The bookings after this learner takes (or moves to) a place; None when already theirs.

    `sessions` are the live trainings; one that has begun cannot be booked.
    """
    if participant not in enrolled:
        raise BookingRefused("participant_id", "Deze deelnemer is niet ingeschreven.")
    session = next((s for s in sessions if s.session_id == session_id), None)
    if session is None or session.starts_at <= now:
        raise BookingRefused("session_id", "Deze training is niet (meer) te boeken.")
    current = next((b for b in bookings if b.participant_id == participant), None)
    if current is not None and current.session_id == session_id:
        return None
    if not has_room(bookings, session, enrolled, participant):
        later = next_with_room(bookings, sessions, enrolled, participant, session.starts_at)
        raise BookingRefused(
            "session_id",
            "Deze training is vol.",
            full=True,
            next_free=later.session_id if later else None,
        )
    others = [b for b in bookings if b.participant_id != participant]
    return [*others, Booking(participant_id=participant, session_id=session_id, booked_at=now)]


def cancel(bookings: Sequence[Booking], participant: str) -> list[Booking] | None:
    """The bookings without this learner's; None when they had none."""
    if not any(b.participant_id == participant for b in bookings):
        return None
    return [b for b in bookings if b.participant_id != participant]
