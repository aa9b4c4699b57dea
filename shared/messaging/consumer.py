"""How a service subscribes: FastStream's subscriber, minus three per-message costs we measured."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from faststream import AckPolicy, StreamMessage
from faststream.rabbit import Channel, RabbitBroker, RabbitExchange, RabbitMessage, RabbitQueue
from faststream.rabbit.opentelemetry import RabbitTelemetryMiddleware

from shared.messaging.consumer_metrics import ConsumerMetrics

if TYPE_CHECKING:
    from opentelemetry.sdk.trace import TracerProvider

OnMessage = Callable[[RabbitMessage], Awaitable[None]]


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
    parameters and reads the message from the broker's context instead.
    """
    context = broker.context
    if metrics is not None:
        measure = metrics.measure

        async def handle() -> None:
            await measure(on_message, context.get_local("message"))
    else:

        async def handle() -> None:
            await on_message(context.get_local("message"))

    broker.subscriber(
        queue,
        exchange,
        ack_policy=AckPolicy.MANUAL,
        decoder=undecoded,
    )(handle)
