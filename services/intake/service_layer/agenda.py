"""Keeping intake's copy of every session and who attends it, from scheduling's events."""

from __future__ import annotations

import logging

from services.intake.domain.agenda import SessionView, merged, views_of
from services.intake.service_layer.context import Intake
from shared.contracts.base import EventData
from shared.contracts.envelope import CloudEvent
from shared.persistence.aggregate import Change

log = logging.getLogger(__name__)


async def record_sessions(event: CloudEvent[EventData], intake: Intake) -> None:
    """One guarded write per session the event states; an older word on a session is ignored."""
    for view in views_of(event.data, event.time):

        def decide(
            current: SessionView | None, view: SessionView = view
        ) -> Change[SessionView] | None:
            kept = merged(current, view)
            return None if kept is None else Change(kept)

        await intake.sessions.apply(view.session_id, decide, event_id=event.id)
