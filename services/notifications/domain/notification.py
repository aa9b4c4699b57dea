"""The notification aggregate: recorded before it is sent, claimed with a lease, sent once."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import AwareDatetime, BaseModel, ConfigDict

from services.notifications.domain.model import PlannedNotification


class Status(StrEnum):
    """Where a notification stands."""

    HELD = "held"  # quiet hours: waits for `not_before`
    PENDING = "pending"  # may be sent from `not_before` on
    WAITING = "waiting"  # for the documents it carries; sent without them from `not_before` on
    SENDING = "sending"  # an attempt is under way until `lease_until`
    SENT = "sent"
    FAILED = "failed"
    SUPPRESSED = "suppressed"  # the recipient opted out of this category
    DROPPED = "dropped"  # too late to be of use (a reminder for a session that has begun)


FINAL = frozenset({Status.SENT, Status.FAILED, Status.SUPPRESSED, Status.DROPPED})


class Times(BaseModel):
    """The notification's instants, together in one subdocument (the delivery log's columns)."""

    model_config = ConfigDict(frozen=True)

    created_at: AwareDatetime
    not_before: AwareDatetime
    lease_until: AwareDatetime | None = None
    sent_at: AwareDatetime | None = None
    failed_at: AwareDatetime | None = None
    first_attempt_at: AwareDatetime | None = None  # retries go on for a time counted from here


class Notification(BaseModel):
    """One message to one recipient for one event; its document id is the notification key."""

    model_config = ConfigDict(frozen=True)

    planned: PlannedNotification
    case_id: str | None
    status: Status
    times: Times
    source: str  # the source event (CloudEvents JSON) or the digest's facts, to render from
    attempts: int = 0
    subject: str = ""
    last_error: str = ""
    error_code: int | None = None

    def with_times(self, **changes: dt.datetime | None) -> dict[str, Times]:
        """An update for `model_copy` that changes some instants."""
        return {"times": self.times.model_copy(update=changes)}


class Busy(Exception):
    """Another attempt holds a fresh lease: look again when it expires."""

    def __init__(self, until: dt.datetime) -> None:
        super().__init__(f"busy until {until.isoformat()}")
        self.until = until


def record(
    planned: PlannedNotification,
    source: str,
    now: dt.datetime,
    *,
    release_at: dt.datetime,
    allowed: bool,
) -> Notification:
    """The notification as first stored: suppressed, held for quiet hours, or ready to send."""
    status = Status.PENDING
    if not allowed:
        status = Status.SUPPRESSED
    elif release_at > now:
        status = Status.HELD
    return Notification(
        planned=planned,
        case_id=planned.case_id,
        status=status,
        times=Times(created_at=now, not_before=release_at),
        source=source,
    )


def claim(current: Notification, now: dt.datetime, lease: dt.timedelta) -> Notification | None:
    """Record an attempt before sending; None when there is nothing to send; Busy when leased."""
    if current.status in FINAL:
        return None
    lease_until, not_before = current.times.lease_until, current.times.not_before
    if current.status is Status.SENDING and lease_until and lease_until > now:
        raise Busy(lease_until)
    if current.status is not Status.SENDING and not_before > now:
        raise Busy(not_before)
    return current.model_copy(
        update={
            "status": Status.SENDING,
            "attempts": current.attempts + 1,
            **current.with_times(
                lease_until=now + lease, first_attempt_at=current.times.first_attempt_at or now
            ),
        }
    )


def mark_sent(current: Notification, subject: str, now: dt.datetime) -> Notification:
    """The channel accepted the message."""
    return current.model_copy(
        update={
            "status": Status.SENT,
            "subject": subject,
            **current.with_times(sent_at=now, lease_until=None),
        }
    )


def retry_at(
    current: Notification, when: dt.datetime, error: str, code: int | None
) -> Notification:
    """A transient failure: give the claim back and wait until `when`."""
    return current.model_copy(
        update={
            "status": Status.PENDING,
            **current.with_times(not_before=when, lease_until=None),
            "last_error": error[:500],
            "error_code": code,
        }
    )


def give_up(current: Notification, error: str, code: int | None, now: dt.datetime) -> Notification:
    """Permanent failure, or the last attempt failed."""
    return current.model_copy(
        update={
            "status": Status.FAILED,
            **current.with_times(failed_at=now, lease_until=None),
            "last_error": error[:500],
            "error_code": code,
        }
    )


def wait_for_documents(current: Notification, until: dt.datetime) -> Notification:
    """Give the claim back until documents has answered (or `until`); not a failed attempt."""
    return current.model_copy(
        update={
            "status": Status.WAITING,
            "attempts": max(current.attempts - 1, 0),
            **current.with_times(not_before=until, lease_until=None),
        }
    )


def documents_arrived(current: Notification, now: dt.datetime) -> Notification | None:
    """The documents it waited for are there: it may go at once; None if it was not waiting."""
    if current.status is not Status.WAITING:
        return None
    return current.model_copy(
        update={"status": Status.PENDING, **current.with_times(not_before=now)}
    )


def drop(current: Notification, now: dt.datetime) -> Notification:
    """Too late to send (checked at send time, whatever the attempts): never sent at all."""
    return current.model_copy(
        update={
            "status": Status.DROPPED,
            **current.with_times(failed_at=now, lease_until=None),
            "last_error": "te laat: de sessie is al begonnen",
        }
    )


def resend(current: Notification, now: dt.datetime) -> Notification | None:
    """An operator sends a failed notification again: pending from now, with a fresh retry
    budget; None when it did not fail (a second resend changes nothing)."""
    if current.status is not Status.FAILED:
        return None
    return current.model_copy(
        update={
            "status": Status.PENDING,
            **current.with_times(
                not_before=now, failed_at=None, lease_until=None, first_attempt_at=None
            ),
        }
    )
