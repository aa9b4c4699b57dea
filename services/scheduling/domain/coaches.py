"""Coach assignment: enough coaches per cohort, none booked twice at the same time."""

from __future__ import annotations

from collections.abc import Sequence
from zoneinfo import ZoneInfo

from pydantic import AwareDatetime, BaseModel, ConfigDict

from services.scheduling.domain.dutch import format_span
from services.scheduling.domain.errors import PlanningError
from shared.contracts.base import Contact
from shared.contracts.scheduling import SessionInfo


class Booking(BaseModel):
    """A time a coach is already committed to, in any cohort."""

    model_config = ConfigDict(frozen=True)

    coach_email: str
    starts_at: AwareDatetime
    ends_at: AwareDatetime
    label: str = ""
    case_id: str = ""
    session_id: str = ""


def overlaps(session: SessionInfo, booking: Booking) -> bool:
    """Half-open intervals: a session ending at 16:00 does not clash with one starting then."""
    return session.starts_at < booking.ends_at and booking.starts_at < session.ends_at


def clashes(
    coach: Contact, sessions: Sequence[SessionInfo], bookings: Sequence[Booking]
) -> list[tuple[SessionInfo, Booking]]:
    """Every (session, booking) pair that would double-book this coach."""
    email = coach.email.lower()
    own = [b for b in bookings if b.coach_email.lower() == email]
    return [(s, b) for s in sessions for b in own if overlaps(s, b)]


def assign_coaches(
    candidates: Sequence[Contact],
    sessions: Sequence[SessionInfo],
    bookings: Sequence[Booking],
    needed: int,
) -> list[Contact]:
    """Pick `needed` free coaches, least booked first so the work is spread over the pool."""
    if needed == 0:
        return []
    load = {c.email.lower(): 0 for c in candidates}
    for booking in bookings:
        if booking.coach_email.lower() in load:
            load[booking.coach_email.lower()] += 1
    free: list[Contact] = []
    busy: list[str] = []
    for coach in sorted(candidates, key=lambda c: load[c.email.lower()]):
        found = clashes(coach, sessions, bookings)
        if not found:
            free.append(coach)
            continue
        session, booking = found[0]
        zone = ZoneInfo(session.timezone)
        span = format_span(booking.starts_at.astimezone(zone), booking.ends_at.astimezone(zone))
        busy.append(
            f"{coach.name} is al ingepland op {span}"
            f"{f' ({booking.label})' if booking.label else ''}, tijdens {session.name}"
        )
    if len(free) >= needed:
        return free[:needed]
    available = ", ".join(c.name for c in free) or "geen"
    reason = (
        f"Er zijn {needed} coaches nodig, maar er {'is' if len(free) == 1 else 'zijn'} er "
        f"{len(free)} beschikbaar ({available})."
    )
    if busy:
        reason += " " + "; ".join(busy) + "."
    raise PlanningError(reason)
