"""What a due timer means here: a notification to (re)try or release, or the staff digest."""

from __future__ import annotations

import logging

from services.notifications.service_layer.delivering import NOTIFICATION_TIMER, Deliverer
from services.notifications.service_layer.digests import DIGEST_TIMER, DigestRunner
from shared.clock import Clock
from shared.persistence.repository import Stored
from shared.persistence.timers import Timer, TimerRepository

log = logging.getLogger(__name__)


class TimerHandler:
    """The poller's `on_due`: acts on the timer, then retires it unless it was rescheduled."""

    def __init__(
        self, timers: TimerRepository, deliverer: Deliverer, digests: DigestRunner, clock: Clock
    ) -> None:
        self._timers = timers
        self._deliverer = deliverer
        self._digests = digests
        self._clock = clock

    async def __call__(self, stored: Stored[Timer]) -> None:
        """Handle one due timer, then retire it; a later wake-up is always a new timer."""
        timer = stored.state
        if timer.kind == NOTIFICATION_TIMER:
            await self._deliverer.attempt(str(timer.payload["key"]))
        elif timer.kind == DIGEST_TIMER:
            await self._digests.run(timer.due_at)
        else:
            log.warning("unknown timer kind; retired", extra={"timer_kind": timer.kind})
        await self._timers.fire(stored, self._clock.now())
