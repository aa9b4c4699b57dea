"""How a service subscribes: FastStream's subscriber, minus two per-message costs we measured."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from faststream import AckPolicy, StreamMessage
from faststream.rabbit import Channel, RabbitBroker, RabbitExchange, RabbitMessage, RabbitQueue
from faststream.rabbit.opentelemetry import RabbitTelemetryMiddleware
from faststream.rabbit.prometheus import RabbitPrometheusMiddleware
from prometheus_client import CollectorRegistry

if TYPE_CHECKING:
    from opentelemetry.sdk.trace import TracerProvider

OnMessage = Callable[[RabbitMessage], Awaitable[None]]


def build_broker(
    url: str,
    metrics: CollectorRegistry | None,
    *,
    prefetch: int,
    app_name: str = "",
    tracer_provider: TracerProvider | None = None,
) -> RabbitBroker:
    """No per-message log lines, no argument casting (our handlers validate events once).

    The prefetch limit sits on the default channel: the service declares its queue there first
    and FastStream's subscriber reuses that declaration, so the consumer runs on that channel.
    """
    middlewares: list[Any] = []
    if metrics is not None:
        middlewares.append(
            RabbitPrometheusMiddleware(registry=metrics, app_name=app_name or "faststream")
        )
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
) -> None:
    """Manual ack, and a handler FastStream calls without injecting anything.

    A handler parameter annotated `RabbitMessage` is resolved by fast-depends through a thread
    pool on every message (py-spy: a third of a no-op consumer's CPU), so the handler takes no
    parameters and reads the message from the broker's context instead.
    """
    context = broker.context

    async def handle() -> None:
        await on_message(context.get_local("message"))

    broker.subscriber(
        queue,
        exchange,
        ack_policy=AckPolicy.MANUAL,
        decoder=undecoded,
    )(handle)
