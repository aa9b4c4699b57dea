"""Send one stored notification: record the attempt, send, record the result; retry by timer."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import uuid
from email.message import EmailMessage
from typing import Any

from opentelemetry import trace

from services.notifications.domain.notification import (
    Busy,
    Notification,
    Status,
    claim,
    documents_arrived,
    drop,
    give_up,
    mark_sent,
    retry_at,
    wait_for_documents,
)
from services.notifications.service_layer import documents_wait
from services.notifications.service_layer.channel_ports import SendFailed
from services.notifications.service_layer.composing import DocumentsPending, compose
from services.notifications.service_layer.context import Notifications
from services.notifications.service_layer.side_by_side import side_by_side
from shared import tracing
from shared.contracts.envelope import CloudEvent, new_event
from shared.contracts.notifications import NotificationFailed, NotificationSent
from shared.persistence.aggregate import Change, ConcurrencyConflict, Stored, outbox_entry
from shared.persistence.outage import is_database_outage
from shared.persistence.ports import Timer

log = logging.getLogger(__name__)
NOTIFICATION_TIMER = "notification"
RELEASE_AGAIN_SECONDS = 5.0
PUBLISH_NOW_SECONDS = 2.0  # a broker slower than this to confirm: the event goes by the outbox
Waiting = dict[str, tuple[str, str]]  # mails stored waiting: key -> (event id, recipient)
SENT_EVENT_IDS = uuid.UUID("5d0c1f1e-6a53-4a8e-9a57-2f3b0c7d9e41")


def timer_key(notification_key: str) -> str:
    """One timer per notification, re-armed in place for every wake-up (a whole-document write,
    so its due time stays a real date). Timers armed under the former per-wake-up keys
    (`notification:<key>:<instant>`) fire as before: only the payload's key counts."""
    return f"notification:{notification_key}"


async def wake_at(
    key: str, when: dt.datetime, case_id: str | None, deps: Notifications, *, new: bool = False
) -> None:
    """Make sure the notification is looked at again at `when`, even after a restart.

    Always a write, also when a timer under this key exists: a fired one is armed again, and
    when it is the very timer being handled (a clock stepped back), the version bump makes
    the handler's guarded retire fail, so it stays armed instead of being retired. `new`: the
    notification is being stored now, so its timer most likely does not exist (no read first).
    """
    timer = Timer(kind=NOTIFICATION_TIMER, due_at=when, payload={"key": key}, case_id=case_id)
    if new:
        await deps.timers.apply(timer_key(key), lambda _current: Change(timer), new=True)
    else:
        await deps.timers.schedule(timer_key(key), timer)


async def read_ahead(person_ids: list[str], deps: Notifications) -> None:
    """The links of one event's mails, read in one go before they are sent."""
    await deps.composing.people.read_ahead(person_ids)


async def attempt(key: str, deps: Notifications) -> Status | None:
    """One attempt if one is due; returns the status it leaves, None if nothing to do."""
    now = deps.now()

    def take(current: Notification | None) -> Change[Notification] | None:
        claimed = None if current is None else claim(current, now, deps.lease)
        return None if claimed is None else Change(claimed)

    try:
        try:
            applied = await deps.notifications.apply(key, take)
        except Busy:  # perhaps decided on the copy this process wrote last: once more, read
            applied = await deps.notifications.apply(key, take)
    except Busy as busy:
        stored = await deps.notifications.get(key)
        if stored is not None and await _answered(stored.state, deps):
            return await documents_ready(key, deps)  # e.g. an event redelivered after a crash
        await wake_at(key, busy.until, stored.state.case_id if stored else None, deps)
        return Status.PENDING
    if not applied.changed or applied.stored is None:
        return None
    return await send_claimed(applied.stored, now, deps)


async def send_claimed(
    stored: Stored[Notification], now: dt.datetime, deps: Notifications
) -> Status:
    """Send a notification this process has just claimed (status SENDING, lease held)."""
    key, claimed = stored.id, stored.state
    try:
        composed = await compose(claimed, now, deps.composing)
    except DocumentsPending as pending:
        return await _wait(stored, pending.until, deps)
    except SendFailed as exc:
        return await _failed(stored, exc, deps)
    except Exception as exc:  # a template or data bug: retrying cannot help, staff must know
        if is_database_outage(exc):
            raise  # no bug: the claim stands, the event or timer comes back (the lease)
        log.exception("notification could not be composed")
        failure = SendFailed(f"cannot compose: {type(exc).__name__}", permanent=True)
        return await _failed(stored, failure, deps)
    try:
        if claimed.planned.stale(deps.now()):  # checked as late as can be
            return await _drop(stored, deps)
        if composed.email is not None:
            if deps.pause is not None and (until := await deps.pause.wait_until()):
                return await _paused(stored, until, deps)
            await _send_traced(composed.email, claimed.source, deps)
            if deps.pause is not None and await deps.pause.worked():
                _release_later(deps)
        elif composed.chat is not None and deps.chat is not None:
            await deps.chat.send(composed.chat)
        else:
            raise SendFailed("no sender for this channel", permanent=True)
    except SendFailed as exc:
        return await _failed(stored, exc, deps)
    except Exception as exc:  # a bug in a channel: retrying cannot help, staff must know
        if is_database_outage(exc):
            raise  # the pause's state was unreadable: no bug, tried again after the lease
        log.exception("notification could not be sent")
        failure = SendFailed(f"cannot compose: {type(exc).__name__}", permanent=True)
        return await _failed(stored, failure, deps)
    sent = mark_sent(claimed, composed.subject, deps.now())
    event = new_event(
        _sent(key, sent),
        source=deps.events.source,
        subject=sent.case_id,
        now=deps.now(),
        event_id=sent_event_id(key),
    )
    owed = [] if await _published(event, deps) else [event]
    await _settle(stored, Change(sent, owed), deps)
    log.debug("notification sent", extra={"template": claimed.planned.template})
    return Status.SENT


def sent_event_id(notification_key: str) -> str:
    """The one id `notification.sent` has for a notification, on every attempt: a mail sent
    again after a crash before its settle tells of it under the same id (consumers drop it)."""
    return str(uuid.uuid5(SENT_EVENT_IDS, notification_key))


async def _published(event: CloudEvent[NotificationSent], deps: Notifications) -> bool:
    """Published and confirmed now, so the settle owes nothing (no relay clear after it);
    False when it was not (no publisher, the broker away or slow): the settle's outbox has it."""
    if deps.publisher is None:
        return False
    entry = outbox_entry(event)
    try:
        async with asyncio.timeout(PUBLISH_NOW_SECONDS):
            await deps.publisher.publish(
                entry["body"].encode(),
                routing_key=entry["routing_key"],
                message_id=entry["id"],
                subject=entry["subject"],
            )
    except Exception as exc:  # the outbox has it: published by the relay when the broker can
        log.warning("notification.sent goes by the outbox", extra={"error": type(exc).__name__})
        return False
    return True


async def _send_traced(email: EmailMessage, source: str, deps: Notifications) -> None:
    """The SMTP send continues the trace of the event the mail is about; its id in a header."""
    with (
        tracing.continued(tracing.traceparent_of(source)),
        tracing.span("smtp send", trace.SpanKind.CLIENT) as headers,
    ):
        if "traceparent" in headers and "Traceparent" not in email:
            email["Traceparent"] = headers["traceparent"]
        await deps.mail.send(email)


async def _wait(stored: Stored[Notification], until: dt.datetime, deps: Notifications) -> Status:
    """Wait for documents' answer: its event's timer due by `until` first (then it goes
    without them), the claim given back, and a look whether the answer came meanwhile."""
    key, claimed = stored.id, stored.state
    await documents_wait.arm(claimed.planned.event_id, until, claimed.case_id, deps)
    await _settle(stored, Change(wait_for_documents(claimed, until)), deps)
    if await deps.composing.shelf.ready_for(claimed.planned.event_id) is not None:
        return await documents_ready(key, deps)
    return Status.WAITING


async def wait_from_the_start(
    key: str, fresh: Notification, until: dt.datetime, deps: Notifications
) -> bool:
    """A new mail whose documents are not made yet is stored waiting (no claim to give back),
    after its event's timer was armed (`EventWait.arm`); True when stored: the caller looks
    whether the answer came meanwhile (`look_once_more`, once for all the mails of an event)."""
    try:
        await deps.notifications.insert(key, Change(wait_for_documents(fresh, until)))
    except ConcurrencyConflict:  # recorded before (a redelivered event): attempt it if due
        await attempt(key, deps)
        return False
    return True


async def look_once_more(waiting: Waiting, deps: Notifications) -> None:
    """After mails (key -> event id, recipient) were stored waiting: an answer that came while
    they were being stored found none of them, so they are released here."""
    for event_id in sorted({about for about, _ in waiting.values()}):
        if await deps.composing.shelf.ready_for(event_id) is not None:
            mine = [(key, to) for key, (about, to) in waiting.items() if about == event_id]
            await _release(mine, deps)


async def _answered(current: Notification, deps: Notifications) -> bool:
    """Whether a waiting mail's documents are there (looked up only for a waiting one)."""
    if current.status is not Status.WAITING:
        return False
    return await deps.composing.shelf.ready_for(current.planned.event_id) is not None


async def documents_ready(key: str, deps: Notifications) -> Status:
    """The documents a waiting notification carries are there: released and claimed in one
    write, and sent now. One no longer waiting is left as it is: whoever released it sends
    it (the release is its claim), and a pending one has its timer. Its event's timer is left
    armed: when it fires, nothing of that event waits any more."""
    now = deps.now()

    def release(current: Notification | None) -> Change[Notification] | None:
        arrived = None if current is None else documents_arrived(current, now)
        claimed = None if arrived is None else claim(arrived, now, deps.lease)
        return None if claimed is None else Change(claimed)

    applied = await deps.notifications.apply(key, release)
    if applied.changed and applied.stored is not None:
        return await send_claimed(applied.stored, now, deps)
    return Status.PENDING if applied.state is None else applied.state.status


async def wait_is_over(event_id: str, deps: Notifications) -> None:
    """The event's timer: its mails still waiting go without their documents now; one whose
    own wait is not over yet is found busy and gets a timer of its own (`attempt`)."""
    waiting = await deps.notifications.waiting_for(event_id)
    await side_by_side(waiting, lambda mail: mail[1], lambda mail: attempt(mail[0], deps))


async def release_waiting(event_id: str, deps: Notifications) -> None:
    """Documents answered `event_id`: every mail about it that waited goes out."""
    await _release(await deps.notifications.waiting_for(event_id), deps)


async def _release(mails: list[tuple[str, str]], deps: Notifications) -> None:
    """Waiting mails (key, recipient) sent: different people's side by side, each one's in turn."""
    await side_by_side(mails, lambda mail: mail[1], lambda mail: documents_ready(mail[0], deps))


async def _drop(stored: Stored[Notification], deps: Notifications) -> Status:
    """Record that it will never go out; nothing to tell staff, nobody missed a thing."""
    log.info("notification dropped: too late", extra={"template": stored.state.planned.template})
    await _settle(stored, Change(drop(stored.state, deps.now())), deps)
    return Status.DROPPED


async def _settle(
    claimed: Stored[Notification], change: Change[Notification], deps: Notifications
) -> bool:
    """Write the attempt's outcome onto the claim as read; after a conflict only while the
    claim is still this attempt's (same attempt, same lease): never over a newer state.
    False when it was not written."""
    try:
        await deps.notifications.update(claimed, change)
    except ConcurrencyConflict:

        def fenced(current: Notification | None) -> Change[Notification] | None:
            return change if current is not None and _holds(current, claimed.state) else None

        if not (await deps.notifications.apply(claimed.id, fenced)).changed:
            log.warning("notification outcome not written: its lease was taken over")
            return False
    return True


def _release_later(deps: Notifications) -> None:
    """The mail server works again: in the background, wake every mail that waits; once
    more a little later, for a mail another replica paused while it read the old state."""

    async def twice() -> int:
        released = await release_paused(deps)
        await asyncio.sleep(RELEASE_AGAIN_SECONDS)
        return released + await release_paused(deps)

    task = asyncio.create_task(twice(), name="release-waiting-mail")
    deps.background.add(task)
    task.add_done_callback(deps.background.discard)


async def release_paused(deps: Notifications) -> int:
    """Mails waiting for a later probe or retry are due now; the timer poller sends them one
    by one (no herd), instead of each waiting out the backoff it had when it was paused."""
    now, released = deps.now(), 0
    for stored in await deps.notifications.pending():
        if stored.state.times.not_before <= now:
            continue

        def due_now(current: Notification | None) -> Change[Notification] | None:
            if current is None or current.status is not Status.PENDING:
                return None
            return Change(current.model_copy(update=current.with_times(not_before=now)))

        await wake_at(stored.id, now, stored.state.case_id, deps)  # first: never left unarmed
        if (await deps.notifications.apply(stored.id, due_now)).changed:
            released += 1
    log.warning("mail that waited is due again", extra={"released": released})
    return released


async def _paused(stored: Stored[Notification], until: dt.datetime, deps: Notifications) -> Status:
    """Sending is paused: give the claim back, look again at the next probe."""
    claimed = stored.state
    await wake_at(stored.id, until, claimed.case_id, deps)
    error, code = claimed.last_error or "mail server paused", claimed.error_code
    await _settle(stored, Change(retry_at(claimed, until, error, code)), deps)
    return Status.PENDING


async def _failed(stored: Stored[Notification], exc: SendFailed, deps: Notifications) -> Status:
    """Retry later by durable timer, or give up and tell staff through NotificationFailed."""
    key, claimed = stored.id, stored.state
    now = deps.now()
    first = claimed.times.first_attempt_at or now
    delay = deps.policy.next_delay(
        claimed.attempts, permanent=exc.permanent, random=deps.jitter, elapsed=now - first
    )
    if delay is not None and exc.server_wide and deps.pause is not None:
        delay = max(await deps.pause.failed(exc) - now, dt.timedelta(0))
    log.warning(
        "notification attempt failed",
        extra={"code": exc.code, "permanent": exc.permanent, "attempt": claimed.attempts},
    )
    if delay is not None and claimed.planned.stale(now + delay):
        return await _drop(stored, deps)  # the retry would come too late anyway
    if delay is not None:
        when = now + delay
        await wake_at(key, when, claimed.case_id, deps)  # first: a crash here only retries
        await _settle(stored, Change(retry_at(claimed, when, exc.reason, exc.code)), deps)
        return Status.PENDING
    failed = give_up(claimed, exc.reason, exc.code, now)
    event = deps.events(_failure(key, failed, exc), subject=failed.case_id)
    await _settle(stored, Change(failed, [event]), deps)
    return Status.FAILED


def _holds(current: Notification, claimed: Notification) -> bool:
    """Whether `current` is still the claim an attempt made: the fence of its settle."""
    return (
        current.status is Status.SENDING
        and current.attempts == claimed.attempts
        and current.times.lease_until == claimed.times.lease_until
    )


def _audit(key: str, notification: Notification) -> dict[str, Any]:
    planned = notification.planned
    return {
        "notification_id": key,
        "case_id": notification.case_id,
        "source_event_id": planned.event_id,
        "source_event_type": planned.event_type,
        "template": planned.template,
        "channel": str(planned.channel),
        "recipient_role": planned.recipient.role,
        "recipient": planned.recipient.address,
        "attempts": max(notification.attempts, 1),
    }


def _sent(key: str, sent: Notification) -> NotificationSent:
    assert sent.times.sent_at is not None
    return NotificationSent(**_audit(key, sent), subject=sent.subject, sent_at=sent.times.sent_at)


def _failure(key: str, failed: Notification, exc: SendFailed) -> NotificationFailed:
    assert failed.times.failed_at is not None
    return NotificationFailed(
        **_audit(key, failed),
        error=exc.reason[:300],
        permanent=exc.permanent,
        failed_at=failed.times.failed_at,
    )
