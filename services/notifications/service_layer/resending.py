"""Resend notifications that failed for good, once the cause is fixed (an operator's command)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from services.notifications.domain.notification import Notification, resend
from services.notifications.service_layer.delivering import NOTIFICATION_TIMER, timer_key
from services.notifications.service_layer.ports import NotificationStore
from shared.persistence.aggregate import Change
from shared.persistence.ports import Timer, TimerStore

DUE_AFTER = dt.timedelta(seconds=2)  # the pending write lands before the timer is due


async def resend_failed(
    keys: Sequence[str] | None,
    now: dt.datetime,
    notifications: NotificationStore,
    timers: TimerStore,
) -> list[str]:
    """Put these (or, with None, all) failed notifications back to pending with a timer due now;
    the service's timer poller sends them. Returns the keys resent; a sent one is left alone."""
    if keys is None:
        keys = [stored.id for stored in await notifications.failed()]
    resent = []
    for key in keys:
        stored = await notifications.get(key)
        if stored is None or resend(stored.state, now) is None:
            continue
        due = now + DUE_AFTER
        timer = Timer(
            kind=NOTIFICATION_TIMER, due_at=due, payload={"key": key}, case_id=stored.state.case_id
        )
        await timers.schedule(timer_key(key), timer)  # first: a crash here resends nothing

        def decide(current: Notification | None) -> Change[Notification] | None:
            again = None if current is None else resend(current, now)
            return None if again is None else Change(again)

        if (await notifications.apply(key, decide)).changed:
            resent.append(key)
    return resent
