"""What a due timer means here: a notification to (re)try or release, or the staff digest."""

from __future__ import annotations

import datetime as dt
import logging

from services.notifications.service_layer.delivering import NOTIFICATION_TIMER, Deliverer
from services.notifications.service_layer.digests import DIGEST_TIMER, DigestRunner
from shared.clock import Clock
from shared.persistence.aggregate import Stored
from shared.persistence.ports import Timer, TimerStore

log = logging.getLogger(__name__)


class TimerHandler:
    """The poller's `on_due`: acts on the timer, then retires it unless it was rescheduled."""

    def __init__(
        self,
        timers: TimerStore,
        deliverer: Deliverer,
        digests: DigestRunner,
        clock: Clock,
        *,
        claim_for: dt.timedelta,
    ) -> None:
        self._timers = timers
        self._deliverer = deliverer
        self._digests = digests
        self._clock = clock
        self._claim_for = claim_for

    async def __call__(self, stored: Stored[Timer]) -> None:
        """Handle one due timer, then retire it, unless the attempt re-armed it (version moved).

        Every replica polls the same due timers: a notification timer is claimed first (moved
        `claim_for` ahead, guarded by its version), so one replica attempts the send; the other
        would find the notification busy and arm a needless extra timer for every such race.
        If the claimer dies, the timer comes back when the claim ends.
        """
        timer = stored.state
        if timer.kind == NOTIFICATION_TIMER:
            claimed = await self._timers.postpone(stored, self._clock.now() + self._claim_for)
            if claimed is None:
                return  # another replica has it
            await self._deliverer.attempt(str(timer.payload["key"]))
            await self._timers.fire(claimed, self._clock.now())
            return
        if timer.kind == DIGEST_TIMER:
            await self._digests.run(timer.due_at)
        else:
            log.warning("unknown timer kind; retired", extra={"timer_kind": timer.kind})
        await self._timers.fire(stored, self._clock.now())
