"""The consumer core: validate, dispatch to a typed handler, ack only after the handler commits."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Mapping
from typing import TypeVar, cast

from faststream.rabbit import RabbitMessage
from pydantic import ValidationError

from shared.contracts.base import EventData
from shared.contracts.envelope import CloudEvent, InvalidEvent, describe_errors, parse_event
from shared.contracts.registry import BY_TYPE
from shared.logging import case_id_var, event_id_var
from shared.messaging.dead_letters import DeadLetterSink, event_routing_key
from shared.messaging.handling import being_cancelled
from shared.messaging.outage_returns import (
    ORIGINAL_USER_HEADER,
    RETURNED_KEY_HEADER,
    OutageReturns,
)
from shared.messaging.publishers import PublisherTrust
from shared.messaging.topology import REPLAY_EXCHANGE
from shared.persistence.outage import DatabaseWatch, is_database_outage

log = logging.getLogger(__name__)

Handler = Callable[[CloudEvent[EventData]], Awaitable[None]]
EventT = TypeVar("EventT", bound=EventData)


def handles(
    model: type[EventT], handler: Callable[[CloudEvent[EventT]], Awaitable[None]]
) -> tuple[type[EventData], Handler]:
    """One entry of a handler map, its handler typed for exactly this event.

    The dispatcher parses a message with the model it is registered under, so the handler only
    ever gets a `CloudEvent[model]`; the map itself can only say "some event", hence the cast.
    """
    return model, cast(Handler, handler)


class PermanentFailure(Exception):
    """A valid event that can never be applied (it contradicts our state): dead-letter it."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def delivery_count(message: RabbitMessage) -> int:
    """How often the broker delivered this message before (quorum queues count it)."""
    value = (message.raw_message.headers or {}).get("x-delivery-count", 0)
    return int(value) if isinstance(value, int | str) and str(value).isdigit() else 0


class EventDispatcher:
    """One per service: every message its queue holds passes through here."""

    def __init__(
        self,
        service: str,
        handlers: Mapping[type[EventData], Handler],
        dead_letters: DeadLetterSink,
        *,
        delivery_limit: int = 3,
        retry_delay_seconds: float = 0.25,
        outage: DatabaseWatch | None = None,
        returns: OutageReturns | None = None,
        hold_seconds: float = 4 * 3600,
        trust: PublisherTrust | None = None,
        own_user: str | None = None,
    ) -> None:
        self._trust = trust
        self._own_user = own_user
        self._service = service
        self._handlers = dict(handlers)
        self._dead_letters = dead_letters
        self._delivery_limit = delivery_limit
        self._retry_delay = retry_delay_seconds
        self._outage = outage
        self._returns = returns
        self._hold_seconds = hold_seconds

    @property
    def routing_keys(self) -> list[str]:
        """The keys this service's queue must be bound to."""
        return sorted(model.routing_key for model in self._handlers)

    async def __call__(self, message: RabbitMessage) -> None:
        """Handle one message; never raises, so one bad message cannot stop the consumer."""
        attempts = delivery_count(message) + 1
        if refusal := self._untrusted(message):
            await self._give_up(message, refusal, attempts)
            return
        returned = (message.raw_message.headers or {}).get(RETURNED_KEY_HEADER)
        routing_key = str(returned) if returned else event_routing_key(message)
        try:
            event = parse_event(message.body, BY_TYPE, routing_key)
        except InvalidEvent as exc:
            await self._give_up(message, exc.reason, attempts)
            return
        handler = self._handlers.get(type(event.data))
        if handler is None:
            await self._give_up(message, f"{self._service} does not consume {event.type}", attempts)
            return
        case_token = case_id_var.set(getattr(event.data, "case_id", None))
        event_token = event_id_var.set(event.id)
        try:
            await self._handle(message, event, handler, attempts)
        finally:
            case_id_var.reset(case_token)
            event_id_var.reset(event_token)

    def _untrusted(self, message: RabbitMessage) -> str | None:
        """Why the message's publisher may not send it (AMQP `user_id` vs the catalogue)."""
        if self._trust is None:
            return None
        raw = message.raw_message
        headers = raw.headers or {}
        replayed = (raw.exchange or "").endswith(REPLAY_EXCHANGE)
        key = str(headers.get(RETURNED_KEY_HEADER) or event_routing_key(message) or "")
        user = raw.user_id
        if headers.get(RETURNED_KEY_HEADER) and not raw.exchange and user == self._own_user:
            user = str(headers.get(ORIGINAL_USER_HEADER) or "") or None  # our own outage copy
        return self._trust.refusal(user, key, replayed=replayed)

    async def _handle(
        self, message: RabbitMessage, event: CloudEvent[EventData], handler: Handler, attempts: int
    ) -> None:
        """While the database is away the message is held (never returned, so never counted):
        held messages fill the prefetch window, so the broker stops delivering new ones."""
        hold_until = time.monotonic() + self._hold_seconds
        while True:
            if self._outage is not None and not await self._outage.wait_until_up(hold_until):
                await self._return_apart(message)
                return
            try:
                await handler(event)
            except asyncio.CancelledError:
                if being_cancelled():
                    raise
                await self._failed(message, HandlerCancelled(), attempts)  # not ours: a failure
                return
            except Exception as exc:
                if self._outage is None or not is_database_outage(exc):
                    await self._failed(message, exc, attempts)
                    return
                self._outage.mark_down(exc)
                await asyncio.sleep(self._outage.retry_seconds)
                continue
            break
        await message.ack()
        if log.isEnabledFor(logging.DEBUG):
            log.debug("event handled", extra={"type": event.type, "attempt": attempts})

    async def _return_apart(self, message: RabbitMessage) -> None:
        """Held as long as RabbitMQ allows: requeue a copy (delivery count afresh), then ack."""
        if self._returns is None:
            await message.reject(requeue=True)
            return
        try:
            await self._returns.send(message)
        except Exception:
            log.exception("could not return a held message apart; requeued")
            await message.reject(requeue=True)
            return
        await message.ack()

    async def _failed(self, message: RabbitMessage, exc: Exception, attempts: int) -> None:
        """A failure that is not an outage: permanent ones go to the DLQ, others retry a while."""
        if isinstance(exc, PermanentFailure):
            await self._give_up(message, exc.reason, attempts)
        elif isinstance(exc, ValidationError):
            await self._give_up(message, f"cannot apply: {describe_errors(exc)}", attempts)
        elif attempts > self._delivery_limit:
            reason = f"failed {attempts} times, last: {type(exc).__name__}: {exc}"
            await self._give_up(message, reason, attempts)
        else:
            await self._retry_later(message, exc, attempts)

    async def _retry_later(self, message: RabbitMessage, exc: Exception, attempts: int) -> None:
        """Back off, then requeue; reject counts toward x-delivery-limit on every version."""
        log.warning(
            "handler failed; message requeued",
            extra={"attempt": attempts, "error": f"{type(exc).__name__}: {exc}"},
        )
        await asyncio.sleep(self._retry_delay * 2 ** (attempts - 1))
        await message.reject(requeue=True)

    async def _give_up(self, message: RabbitMessage, reason: str, attempts: int) -> None:
        """Dead-letter with the reason, then ack; if that fails, requeue rather than lose it."""
        try:
            await self._dead_letters.send(message, reason, attempts)
        except Exception:
            log.exception("could not dead-letter a message; requeued")
            await asyncio.sleep(self._retry_delay)
            await message.reject(requeue=True)
            return
        log.warning("message dead-lettered", extra={"reason": reason[:300]})
        await message.ack()


class HandlerCancelled(RuntimeError):
    """A handler raised CancelledError while nobody cancelled the consumer: retried as a failure."""

    def __init__(self) -> None:
        super().__init__("the handler was cancelled before it ended")
