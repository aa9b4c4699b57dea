"""Each session's guests in MongoDB, keyed by session id (read by id only)."""

from __future__ import annotations

from services.intake.domain.guests import SessionGuests
from shared.persistence.repository import AggregateRepository


class GuestRepository(AggregateRepository[SessionGuests]):
    """Read by `_id` only, so no index beyond the outbox's is needed."""

    collection_name = "session_guests"
    state_model = SessionGuests
