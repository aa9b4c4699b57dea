"""An event's mails that wait for the documents made for it share one look and one timer.

The timer (`documents-wait:<event id>`) is due when the earliest of them may go without
its documents. When it fires, every mail still waiting for that event is attempted: one whose
own wait is not over yet gets a timer of its own (the attempt finds it busy until then). A
release by `documents.ready` leaves the timer: firing, it finds nothing waiting any more.
"""

from __future__ import annotations

import asyncio
import datetime as dt

from services.notifications.service_layer.context import Notifications
from shared.persistence.aggregate import Change
from shared.persistence.ports import PENDING, Timer

DOCUMENTS_TIMER = "documents-wait"


def documents_timer_key(event_id: str) -> str:
    """One timer per event whose mails wait for documents."""
    return f"{DOCUMENTS_TIMER}:{event_id}"


async def arm(event_id: str, until: dt.datetime, case_id: str | None, deps: Notifications) -> None:
    """Make sure the event's waiting mails are looked at by `until`, even after a restart; a
    pending timer due earlier keeps its due time. Always a write (once per event's handling,
    `EventWait`): a timer being handled at this moment then has its version moved, so the
    handler's guarded retire fails and it stays armed for the mail stored now (as `wake_at`)."""

    def earliest(current: Timer | None) -> Change[Timer]:
        due = until
        if current is not None and current.status == PENDING:
            due = min(current.due_at, until)
        return Change(
            Timer(kind=DOCUMENTS_TIMER, due_at=due, payload={"event_id": event_id}, case_id=case_id)
        )

    await deps.timers.apply(documents_timer_key(event_id), earliest, new=True)


class EventWait:
    """Within the handling of one event: whether documents answered it, looked up once, and
    its timer armed once, before the first of its mails is stored waiting."""

    def __init__(self, event_id: str, case_id: str | None, deps: Notifications) -> None:
        self._event_id, self._case_id, self._deps = event_id, case_id, deps
        self._lock = asyncio.Lock()
        self._unanswered: bool | None = None
        self._armed: dt.datetime | None = None

    async def unanswered(self) -> bool:
        """True when documents had not answered the event as its handling began; an answer
        that comes later is found by `delivering.look_once_more`."""
        async with self._lock:
            if self._unanswered is None:
                answer = await self._deps.composing.shelf.ready_for(self._event_id)
                self._unanswered = answer is None
            return self._unanswered

    async def arm(self, until: dt.datetime) -> None:
        """The event's timer due by `until`: written before the mail that waits is stored."""
        async with self._lock:
            if self._armed is None or until < self._armed:
                await arm(self._event_id, until, self._case_id, self._deps)
                self._armed = until
