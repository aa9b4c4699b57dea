"""Send one stored notification: record the attempt, send, record the result; retry by timer."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import random
from collections.abc import Callable
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
from services.notifications.domain.retry import RetryPolicy
from services.notifications.service_layer.channel_ports import ChatSender, MailSender, SendFailed
from services.notifications.service_layer.composing import Composer, DocumentsPending
from services.notifications.service_layer.mail_pause import MailPause
from services.notifications.service_layer.ports import NotificationStore
from shared import tracing
from shared.contracts.envelope import EventFactory
from shared.contracts.notifications import NotificationFailed, NotificationSent
from shared.persistence.aggregate import Change, ConcurrencyConflict, Stored
from shared.persistence.outage import is_database_outage
from shared.persistence.ports import Timer, TimerStore

log = logging.getLogger(__name__)
NOTIFICATION_TIMER = "notification"
RELEASE_AGAIN_SECONDS = 5.0


def timer_key(notification_key: str) -> str:
    """One timer per notification, re-armed in place for every wake-up (a whole-document write,
    so its due time stays a real date). Timers armed under the former per-wake-up keys
    (`notification:<key>:<instant>`) fire as before: only the payload's key counts."""
    return f"notification:{notification_key}"


class Deliverer:
    """Everything an attempt needs, bound once in the composition root."""

    def __init__(
        self,
        notifications: NotificationStore,
        timers: TimerStore,
        composer: Composer,
        mail: MailSender,
        chat: ChatSender | None,
        events: EventFactory,
        *,
        lease: dt.timedelta,
        policy: RetryPolicy,
        pause: MailPause | None = None,
        jitter: Callable[[], float] = random.random,
    ) -> None:
        self._notifications = notifications
        self._timers = timers
        self._composer = composer
        self._mail = mail
        self._chat = chat
        self._events = events
        self.lease = lease
        self._policy = policy
        self._pause = pause
        self._jitter = jitter
        self._releasing: set[asyncio.Task[int]] = set()

    async def wake_at(self, key: str, when: dt.datetime, case_id: str | None) -> None:
        """Make sure the notification is looked at again at `when`, even after a restart.

        Always a write, also when a timer under this key exists: a fired one is armed again, and
        when it is the very timer being handled (a clock stepped back), the version bump makes
        the handler's guarded retire fail, so it stays armed instead of being retired.
        """
        timer = Timer(kind=NOTIFICATION_TIMER, due_at=when, payload={"key": key}, case_id=case_id)
        await self._timers.schedule(timer_key(key), timer)

    async def read_ahead(self, person_ids: list[str]) -> None:
        """The links of one event's mails, read in one go before they are sent."""
        await self._composer.people.read_ahead(person_ids)

    async def attempt(self, key: str) -> Status | None:
        """One attempt if one is due; returns the status it leaves, None if nothing to do."""
        now = self._events.now()

        def take(current: Notification | None) -> Change[Notification] | None:
            claimed = None if current is None else claim(current, now, self.lease)
            return None if claimed is None else Change(claimed)

        try:
            applied = await self._notifications.apply(key, take)
        except Busy as busy:
            stored = await self._notifications.get(key)
            await self.wake_at(key, busy.until, stored.state.case_id if stored else None)
            return Status.PENDING
        if not applied.changed or applied.stored is None:
            return None
        return await self.send_claimed(applied.stored, now)

    async def send_claimed(self, stored: Stored[Notification], now: dt.datetime) -> Status:
        """Send a notification this process has just claimed (status SENDING, lease held)."""
        key, claimed = stored.id, stored.state
        try:
            composed = await self._composer.compose(claimed, now)
        except DocumentsPending as pending:
            return await self._wait(stored, pending.until)
        except SendFailed as exc:
            return await self._failed(stored, exc)
        except Exception as exc:  # a template or data bug: retrying cannot help, staff must know
            if is_database_outage(exc):
                raise  # no bug: the claim stands, the event or timer comes back (the lease)
            log.exception("notification could not be composed")
            failure = SendFailed(f"cannot compose: {type(exc).__name__}", permanent=True)
            return await self._failed(stored, failure)
        try:
            if claimed.planned.stale(self._events.now()):  # checked as late as can be
                return await self._drop(stored)
            if composed.email is not None:
                if self._pause is not None and (until := await self._pause.wait_until()):
                    return await self._paused(stored, until)
                await self._send_traced(composed.email, claimed.source)
                if self._pause is not None and await self._pause.worked():
                    self._release_later()
            elif composed.chat is not None and self._chat is not None:
                await self._chat.send(composed.chat)
            else:
                raise SendFailed("no sender for this channel", permanent=True)
        except SendFailed as exc:
            return await self._failed(stored, exc)
        except Exception as exc:  # a bug in a channel: retrying cannot help, staff must know
            if is_database_outage(exc):
                raise  # the pause's state was unreadable: no bug, tried again after the lease
            log.exception("notification could not be sent")
            failure = SendFailed(f"cannot compose: {type(exc).__name__}", permanent=True)
            return await self._failed(stored, failure)
        sent = mark_sent(claimed, composed.subject, self._events.now())
        event = self._events(_sent(key, sent), subject=sent.case_id)
        await self._settle(stored, Change(sent, [event]))
        log.debug("notification sent", extra={"template": claimed.planned.template})
        return Status.SENT

    async def _send_traced(self, email: EmailMessage, source: str) -> None:
        """The SMTP send continues the trace of the event the mail is about; its id in a header."""
        with (
            tracing.continued(tracing.traceparent_of(source)),
            tracing.span("smtp send", trace.SpanKind.CLIENT) as headers,
        ):
            if "traceparent" in headers and "Traceparent" not in email:
                email["Traceparent"] = headers["traceparent"]
            await self._mail.send(email)

    async def _wait(self, stored: Stored[Notification], until: dt.datetime) -> Status:
        """Wait for documents' answer: a timer at `until` first (then it goes without them),
        the claim given back, and a look whether the answer came while this attempt ran."""
        key, claimed = stored.id, stored.state
        await self.wake_at(key, until, claimed.case_id)
        await self._settle(stored, Change(wait_for_documents(claimed, until)))
        if await self._composer.shelf.ready_for(claimed.planned.event_id) is not None:
            return await self.documents_ready(key)
        return Status.WAITING

    async def documents_ready(self, key: str) -> Status:
        """The documents a waiting notification carries are there: send it now."""
        now = self._events.now()

        def release(current: Notification | None) -> Change[Notification] | None:
            arrived = None if current is None else documents_arrived(current, now)
            return None if arrived is None else Change(arrived)

        await self._notifications.apply(key, release)
        return await self.attempt(key) or Status.PENDING

    async def release_waiting(self, event_id: str) -> None:
        """Documents answered `event_id`: every mail about it that waited goes out."""
        for key in await self._notifications.waiting_for(event_id):
            await self.documents_ready(key)

    async def _drop(self, stored: Stored[Notification]) -> Status:
        """Record that it will never go out; nothing to tell staff, nobody missed a thing."""
        log.info(
            "notification dropped: too late", extra={"template": stored.state.planned.template}
        )
        await self._settle(stored, Change(drop(stored.state, self._events.now())))
        return Status.DROPPED

    async def _settle(self, claimed: Stored[Notification], change: Change[Notification]) -> None:
        """Write the attempt's outcome onto the claim as read; after a conflict only while the
        claim is still this attempt's (same attempt, same lease): never over a newer state."""
        try:
            await self._notifications.update(claimed, change)
        except ConcurrencyConflict:

            def fenced(current: Notification | None) -> Change[Notification] | None:
                return change if current is not None and _holds(current, claimed.state) else None

            if not (await self._notifications.apply(claimed.id, fenced)).changed:
                log.warning("notification outcome not written: its lease was taken over")

    def _release_later(self) -> None:
        """The mail server works again: in the background, wake every mail that waits; once
        more a little later, for a mail another replica paused while it read the old state."""

        async def twice() -> int:
            released = await self.release_paused()
            await asyncio.sleep(RELEASE_AGAIN_SECONDS)
            return released + await self.release_paused()

        task = asyncio.create_task(twice(), name="release-waiting-mail")
        self._releasing.add(task)
        task.add_done_callback(self._releasing.discard)

    async def release_paused(self) -> int:
        """Mails waiting for a later probe or retry are due now; the timer poller sends them one
        by one (no herd), instead of each waiting out the backoff it had when it was paused."""
        now, released = self._events.now(), 0
        for stored in await self._notifications.pending():
            if stored.state.times.not_before <= now:
                continue

            def due_now(current: Notification | None) -> Change[Notification] | None:
                if current is None or current.status is not Status.PENDING:
                    return None
                return Change(current.model_copy(update=current.with_times(not_before=now)))

            await self.wake_at(stored.id, now, stored.state.case_id)  # first: never left unarmed
            if (await self._notifications.apply(stored.id, due_now)).changed:
                released += 1
        log.warning("mail that waited is due again", extra={"released": released})
        return released

    async def _paused(self, stored: Stored[Notification], until: dt.datetime) -> Status:
        """Sending is paused: give the claim back, look again at the next probe."""
        claimed = stored.state
        await self.wake_at(stored.id, until, claimed.case_id)
        error, code = claimed.last_error or "mail server paused", claimed.error_code
        await self._settle(stored, Change(retry_at(claimed, until, error, code)))
        return Status.PENDING

    async def _failed(self, stored: Stored[Notification], exc: SendFailed) -> Status:
        """Retry later by durable timer, or give up and tell staff through NotificationFailed."""
        key, claimed = stored.id, stored.state
        now = self._events.now()
        first = claimed.times.first_attempt_at or now
        delay = self._policy.next_delay(
            claimed.attempts, permanent=exc.permanent, random=self._jitter, elapsed=now - first
        )
        if delay is not None and exc.server_wide and self._pause is not None:
            delay = max(await self._pause.failed(exc) - now, dt.timedelta(0))
        log.warning(
            "notification attempt failed",
            extra={"code": exc.code, "permanent": exc.permanent, "attempt": claimed.attempts},
        )
        if delay is not None and claimed.planned.stale(now + delay):
            return await self._drop(stored)  # the retry would come too late anyway
        if delay is not None:
            when = now + delay
            await self.wake_at(key, when, claimed.case_id)  # first: a crash here only retries
            await self._settle(stored, Change(retry_at(claimed, when, exc.reason, exc.code)))
            return Status.PENDING
        failed = give_up(claimed, exc.reason, exc.code, now)
        event = self._events(_failure(key, failed, exc), subject=failed.case_id)
        await self._settle(stored, Change(failed, [event]))
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
