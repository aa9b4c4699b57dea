"""FastStream's consumer figures (same names and series), with each series' child bound once.

FastStream's `RabbitPrometheusMiddleware` resolves six labelled children by keyword arguments
on every message (and builds a middleware object per message); here a destination's children
are looked up once and kept, so a message costs one dict lookup plus the updates themselves.
The `faststream_published_*` series are not kept: nothing reads them (the dashboard and the
tests read the received ones; our relay counts its own publishes).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from typing import Any, NamedTuple

from faststream.message import AckStatus
from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

PREFIX = "faststream"
BROKER = "rabbitmq"
LABELS = ("app_name", "broker", "handler")
SIZE_BUCKETS = (*(2.0**n for n in range(4, 25, 2)), float("inf"))  # FastStream's defaults
STATUS = {AckStatus.ACKED: "acked", AckStatus.NACKED: "nacked", AckStatus.REJECTED: "rejected"}


class _Children(NamedTuple):
    """One destination's bound series."""

    received: Any
    size: Any
    in_process: Any
    duration: Any
    processed: dict[str, Any]


class ConsumerMetrics:
    """The received-message series of one service, registered once in its registry."""

    def __init__(self, registry: CollectorRegistry, app_name: str) -> None:
        self._app = app_name
        self._received = Counter(
            f"{PREFIX}_received_messages",
            "Count of received messages by broker and handler",
            LABELS,
            registry=registry,
        )
        self._size = Histogram(
            f"{PREFIX}_received_messages_size_bytes",
            "Histogram of received messages size in bytes by broker and handler",
            LABELS,
            registry=registry,
            buckets=SIZE_BUCKETS,
        )
        self._in_process = Gauge(
            f"{PREFIX}_received_messages_in_process",
            "Gauge of received messages in process by broker and handler",
            LABELS,
            registry=registry,
        )
        self._processed = Counter(
            f"{PREFIX}_received_processed_messages",
            "Count of received processed messages by broker, handler and status",
            (*LABELS, "status"),
            registry=registry,
        )
        self._duration = Histogram(
            f"{PREFIX}_received_processed_messages_duration_seconds",
            "Histogram of received processed messages duration in seconds by broker and handler",
            LABELS,
            registry=registry,
        )
        self._exceptions = Counter(
            f"{PREFIX}_received_processed_messages_exceptions",
            "Count of received processed messages exceptions by broker, handler and exception_type",
            (*LABELS, "exception_type"),
            registry=registry,
        )
        self._children: dict[tuple[str, str], _Children] = {}

    def _bound(self, exchange: str, routing_key: str) -> _Children:
        """The destination's children, bound on its first message."""
        key = (exchange, routing_key)
        children = self._children.get(key)
        if children is None:
            labels = (self._app, BROKER, f"{exchange or 'default'}.{routing_key}")
            children = _Children(
                self._received.labels(*labels),
                self._size.labels(*labels),
                self._in_process.labels(*labels),
                self._duration.labels(*labels),
                {},
            )
            self._children[key] = children
        return children

    def _processed_child(self, children: _Children, exchange: str, key: str, status: str) -> Any:
        child = children.processed.get(status)
        if child is None:
            handler = f"{exchange or 'default'}.{key}"
            child = self._processed.labels(self._app, BROKER, handler, status)
            children.processed[status] = child
        return child

    async def measure(self, handle: Callable[[Any], Awaitable[None]], message: Any) -> None:
        """Handle one message, counted as FastStream's middleware counts it."""
        raw = message.raw_message
        exchange, key = raw.exchange or "", raw.routing_key or ""
        children = self._bound(exchange, key)
        children.received.inc()
        children.size.observe(len(message.body))
        children.in_process.inc()
        started = time.perf_counter()
        status = "acked"
        try:
            await handle(message)
        except (Exception, asyncio.CancelledError) as exc:  # cancelled mid-handling: not acked
            status = "error"
            self._exceptions.labels(
                self._app, BROKER, f"{exchange or 'default'}.{key}", type(exc).__name__
            ).inc()
            raise
        finally:
            children.duration.observe(time.perf_counter() - started)
            children.in_process.dec()
            committed = message.committed
            if committed is not None:
                status = STATUS.get(committed, status)
            self._processed_child(children, exchange, key, status).inc()
