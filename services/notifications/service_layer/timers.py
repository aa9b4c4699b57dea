"""What a due timer means here: a notification to (re)try or release, an event's mails whose
wait for documents is over, or the staff digest."""

from __future__ import annotations

import logging

from services.notifications.service_layer import delivering
from services.notifications.service_layer.context import Notifications
from services.notifications.service_layer.delivering import NOTIFICATION_TIMER
from services.notifications.service_layer.digests import DIGEST_TIMER, run_digest
from services.notifications.service_layer.documents_wait import DOCUMENTS_TIMER
from shared.persistence.aggregate import Stored
from shared.persistence.ports import Timer

log = logging.getLogger(__name__)


async def on_due(stored: Stored[Timer], deps: Notifications) -> None:
    """The poller's `on_due`: act on the timer, then retire it, unless the attempt re-armed it
    (its version moved).

    Every replica polls the same due timers: a notification timer is claimed first (moved the
    sending lease ahead, guarded by its version), so one replica attempts the send; the other
    would find the notification busy and arm a needless extra timer for every such race.
    If the claimer dies, the timer comes back when the claim ends.
    """
    timer = stored.state
    if timer.kind == NOTIFICATION_TIMER:
        claimed = await deps.timers.postpone(stored, deps.now() + deps.lease)
        if claimed is None:
            return  # another replica has it
        await delivering.attempt(str(timer.payload["key"]), deps)
        await deps.timers.fire(claimed, deps.now())
        return
    if timer.kind == DOCUMENTS_TIMER:  # claimed first, as above
        claimed = await deps.timers.postpone(stored, deps.now() + deps.lease)
        if claimed is None:
            return
        await delivering.wait_is_over(str(timer.payload["event_id"]), deps)
        await deps.timers.fire(claimed, deps.now())
        return
    if timer.kind == DIGEST_TIMER:
        await run_digest(timer.due_at, deps)
    else:
        log.warning("unknown timer kind; retired", extra={"timer_kind": timer.kind})
    await deps.timers.fire(stored, deps.now())
