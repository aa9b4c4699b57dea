"""Hold non-urgent mail to owners and participants at night, in the recipient's own zone.

Urgent (never held): routes marked `urgent` in the routing table, i.e. session changes and
cancellations and staff escalations, because they may concern the next morning, and the receipt,
the direct answer to a submission the owner just made. Staff and coaches are professionals on the
programme and are never held; decisions, documents and reminders to owners and participants wait
until the morning.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict

from services.notifications.domain.model import PlannedNotification


class QuietHours(BaseModel):
    """The night window and who it protects."""

    model_config = ConfigDict(frozen=True)

    start: dt.time = dt.time(21, 0)
    end: dt.time = dt.time(7, 30)
    protected_roles: frozenset[str] = frozenset({"owner", "participant", "content_expert"})


def release_at(
    notification: PlannedNotification, now: dt.datetime, quiet: QuietHours
) -> dt.datetime:
    """When the notification may go: `now`, or the end of tonight's quiet window (aware)."""
    if notification.urgent or notification.recipient.role not in quiet.protected_roles:
        return now
    zone = ZoneInfo(notification.recipient.timezone)
    local = now.astimezone(zone)
    clock = local.time()
    spans_midnight = quiet.start > quiet.end
    if spans_midnight:
        held = clock >= quiet.start or clock < quiet.end
    else:
        held = quiet.start <= clock < quiet.end
    if not held:
        return now
    release_day = local.date()
    if spans_midnight and clock >= quiet.start:
        release_day += dt.timedelta(days=1)
    release = dt.datetime.combine(release_day, quiet.end, tzinfo=zone)
    return release.astimezone(now.tzinfo)
