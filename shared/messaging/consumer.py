"""How a service subscribes: FastStream's subscriber, minus three per-message costs we measured."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Coroutine
from functools import partial
from typing import TYPE_CHECKING, Any

from aio_pika import IncomingMessage
from faststream import AckPolicy, StreamMessage
from faststream.message import gen_cor_id
from faststream.rabbit import Channel, RabbitBroker, RabbitExchange, RabbitMessage, RabbitQueue
from faststream.rabbit.opentelemetry import RabbitTelemetryMiddleware
from faststream.rabbit.subscriber.usecase import RabbitSubscriber

from shared.messaging.consumer_metrics import ConsumerMetrics

if TYPE_CHECKING:
    from opentelemetry.sdk.trace import TracerProvider

log = logging.getLogger(__name__)
OnMessage = Callable[[RabbitMessage], Awaitable[None]]
Consume = Callable[[IncomingMessage], Coroutine[Any, Any, None]]


def build_broker(
    url: str,
    *,
    prefetch: int,
    tracer_provider: TracerProvider | None = None,
) -> RabbitBroker:
    """No per-message log lines, no argument casting (our handlers validate events once), and
    no Prometheus middleware: `subscribe` counts the same series with pre-bound children.

    The prefetch limit sits on the default channel: the service declares its queue there first
    and FastStream's subscriber reuses that declaration, so the consumer runs on that channel.
    """
    middlewares: list[Any] = []
    if tracer_provider is not None:  # a consumer's span continues the publisher's trace
        middlewares.append(RabbitTelemetryMiddleware(tracer_provider=tracer_provider))
    return RabbitBroker(
        url,
        default_channel=Channel(prefetch_count=prefetch),
        logger=None,
        serializer=None,
        middlewares=middlewares,
    )


async def undecoded(message: StreamMessage[Any]) -> bytes:
    """The body as bytes: `parse_event` validates the JSON once, FastStream need not parse it."""
    return message.body


def subscribe(
    broker: RabbitBroker,
    queue: RabbitQueue,
    exchange: RabbitExchange | None,
    on_message: OnMessage,
    metrics: ConsumerMetrics | None = None,
) -> None:
    """Manual ack, and a handler FastStream calls without injecting anything.

    A handler parameter annotated `RabbitMessage` is resolved by fast-depends through a thread
    pool on every message (py-spy: a third of a no-op consumer's CPU), so the handler takes no
    parameters and reads the message from the broker's context instead. Without broker
    middlewares (tracing off) nothing of FastStream's per-message pipeline is used, so the
    subscriber hands aio-pika's message straight to us (`direct`).
    """
    deliver = on_message if metrics is None else partial(metrics.measure, on_message)
    context = broker.context

    async def handle() -> None:
        await deliver(context.get_local("message"))

    subscriber = broker.subscriber(
        queue,
        exchange,
        ack_policy=AckPolicy.MANUAL,
        decoder=undecoded,
    )
    subscriber(handle)
    if not broker.middlewares:
        subscriber.consume = direct(subscriber, deliver)  # type: ignore[method-assign,assignment]


def direct(subscriber: RabbitSubscriber, deliver: OnMessage) -> Consume:
    """The subscriber's consume callback without FastStream's context scopes, middleware stack
    and call model (py-spy: two fifths of a no-op consumer's CPU), none of which we use: manual
    ack, no decoding, no reply publishing, and no logger to log errors with."""

    async def consume(raw: IncomingMessage) -> None:
        if not subscriber.running:
            return
        message = RabbitMessage(
            raw,
            raw.body,
            headers=raw.headers,
            reply_to=raw.reply_to or "",
            content_type=raw.content_type,
            message_id=raw.message_id or gen_cor_id(),
            correlation_id=raw.correlation_id or gen_cor_id(),
        )
        try:
            await deliver(message)
        except Exception:  # the dispatcher never raises; FastStream would swallow it too
            log.exception("consumer failed on a message; left unacked")

    return consume
