"""How a service subscribes: FastStream's subscriber, minus three per-message costs we measured."""

from __future__ import annotations

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
from shared.messaging.handling import HandlingTasks

if TYPE_CHECKING:
    from opentelemetry.sdk.trace import TracerProvider

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
    handling: HandlingTasks,
    metrics: ConsumerMetrics | None = None,
) -> None:
    """Manual ack; each message handled by `on_message` in one of `handling`'s workers.

    Without broker middlewares (tracing off) nothing of FastStream's per-message pipeline is
    used, so the subscriber hands aio-pika's message straight to a worker (`direct`). With
    them, the handler is one FastStream calls without injecting anything (a parameter annotated
    `RabbitMessage` is resolved by fast-depends through a thread pool on every message): it
    reads the message from the broker's context and waits for the worker, so the consume span
    covers the handling.
    """
    deliver = on_message if metrics is None else partial(metrics.measure, on_message)
    context = broker.context

    async def handle() -> None:
        await handling.run(deliver, context.get_local("message"))

    subscriber = broker.subscriber(
        queue,
        exchange,
        ack_policy=AckPolicy.MANUAL,
        decoder=undecoded,
    )
    subscriber(handle)
    if not broker.middlewares:  # a consume span (tracing on) needs FastStream's pipeline
        consume = direct(subscriber, deliver, handling)
        subscriber.consume = consume  # type: ignore[method-assign,assignment]


def direct(subscriber: RabbitSubscriber, deliver: OnMessage, handling: HandlingTasks) -> Consume:
    """The subscriber's consume callback without FastStream's context scopes, middleware stack
    and call model (cProfile: a fifth of a no-op consumer's CPU), none of which we use: manual
    ack, no decoding, no reply publishing, no logger. It returns at once: nothing waits for the
    worker (aio-pika wants a coroutine function, though this one never suspends)."""

    async def consume(raw: IncomingMessage) -> None:
        if subscriber.running:
            message = RabbitMessage(
                raw,
                raw.body,
                headers=raw.headers,
                reply_to=raw.reply_to or "",
                content_type=raw.content_type,
                message_id=raw.message_id or gen_cor_id(),
                correlation_id=raw.correlation_id or gen_cor_id(),
            )
            handling.start(deliver, message)

    return consume
