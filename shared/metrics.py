"""Prometheus metrics: FastStream's per-message figures plus the state an operator watches."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    generate_latest,
)
from pymongo import monitoring
from pymongo.asynchronous.collection import AsyncCollection
from pymongo.asynchronous.database import AsyncDatabase

from shared.messaging.outbox_lag import outbox_lag
from shared.persistence.mongo import Document
from shared.persistence.repository import AggregateRepository
from shared.persistence.status_counts import StatusCounts

log = logging.getLogger(__name__)
Refresh = Callable[[], Coroutine[Any, Any, None]]
Depth = Callable[[], Awaitable[int | None]]
METRICS_CONTENT_TYPE = CONTENT_TYPE_LATEST


def _as_utc(value: Any) -> dt.datetime | None:
    """Timer due times are datetimes, or naive ISO text where the stand-in rewrote them."""
    if isinstance(value, str):
        try:
            value = dt.datetime.fromisoformat(value)
        except ValueError:
            return None
    if not isinstance(value, dt.datetime):
        return None
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


class DatabaseCommands(monitoring.CommandListener):
    """Counts database round trips by command and collection: the cost a case pays per service."""

    def __init__(self, service: str, registry: CollectorRegistry) -> None:
        self._counter = Counter(
            "samenspel_database_commands", "database commands sent (round trips)",
            ["service", "command", "collection"], registry=registry,
        )  # fmt: skip
        self._service = service

    def started(self, event: monitoring.CommandStartedEvent) -> None:
        """One more round trip; the collection is the command's own argument."""
        target = event.command.get(event.command_name)
        collection = target if isinstance(target, str) else ""
        self._counter.labels(self._service, event.command_name, collection).inc()

    def succeeded(self, event: monitoring.CommandSucceededEvent) -> None:
        """Counted when started."""

    def failed(self, event: monitoring.CommandFailedEvent) -> None:
        """Counted when started."""


class ServiceMetrics:
    """One registry per service runtime, so several services can share a test process."""

    def __init__(self, service: str, now: Callable[[], dt.datetime]) -> None:
        self.service = service
        self.registry = CollectorRegistry()
        self._now = now
        self._refreshers: list[Refresh] = []
        self._refreshing: dict[int, asyncio.Task[None]] = {}  # a slow one runs on, never cancelled
        self._preparers: list[Refresh] = []
        self._flushers: list[Refresh] = []
        self.database_commands = DatabaseCommands(service, self.registry)
        labels = ["service", "collection"]
        self.outbox_pending = Gauge(
            "samenspel_outbox_pending_events", "events owed, not yet confirmed by the broker",
            labels, registry=self.registry,
        )  # fmt: skip
        self.outbox_oldest = Gauge(
            "samenspel_outbox_oldest_seconds", "age of the oldest owed event",
            labels, registry=self.registry,
        )  # fmt: skip
        self.dlq_depth = Gauge(
            "samenspel_dlq_depth", "messages in the service's dead-letter queue",
            ["service"], registry=self.registry,
        )  # fmt: skip
        self.unroutable = Gauge(
            "samenspel_unroutable_messages",
            "events kept by the alternate exchange: no queue was bound for their routing key",
            ["service"], registry=self.registry,
        )  # fmt: skip
        self.timer_lag = Gauge(
            "samenspel_timer_lag_seconds", "how late the most overdue pending timer is (0: none)",
            ["service"], registry=self.registry,
        )  # fmt: skip
        self.timers_overdue = Gauge(
            "samenspel_timers_overdue", "pending timers whose due time has passed",
            ["service"], registry=self.registry,
        )  # fmt: skip
        self.timers_poisoned = Gauge(
            "samenspel_timers_poisoned", "timers set aside after their handling kept failing",
            ["service"], registry=self.registry,
        )  # fmt: skip
        self.outbox_poisoned = Gauge(
            "samenspel_outbox_poisoned", "owed events set aside after their publish kept failing",
            ["service"], registry=self.registry,
        )  # fmt: skip

    def on_refresh(self, refresh: Refresh) -> None:
        """Something to recompute before every scrape."""
        self._refreshers.append(refresh)

    def watch_outbox(self, database: AsyncDatabase[Document]) -> None:
        """Pending events and oldest age per collection of this service's database."""

        async def refresh() -> None:
            for lag in await outbox_lag(database, self._now()):
                self.outbox_pending.labels(self.service, lag.collection).set(lag.events)
                self.outbox_oldest.labels(self.service, lag.collection).set(lag.oldest_seconds or 0)

        self.on_refresh(refresh)

    def watch_dlq(self, depth: Depth) -> None:
        """The DLQ depth, as the broker reports it."""

        async def refresh() -> None:
            if (value := await depth()) is not None:
                self.dlq_depth.labels(self.service).set(value)

        self.on_refresh(refresh)

    def watch_unroutable(self, depth: Depth) -> None:
        """The unroutable queue's depth (one queue for the deployment; every service reports it)."""

        async def refresh() -> None:
            if (value := await depth()) is not None:
                self.unroutable.labels(self.service).set(value)

        self.on_refresh(refresh)

    def watch_poisoned_events(self, count: Callable[[], Awaitable[int]]) -> None:
        """Owed events set aside because their publish kept failing."""

        async def refresh() -> None:
            self.outbox_poisoned.labels(self.service).set(await count())

        self.on_refresh(refresh)

    def watch_timers(self, timers: AsyncCollection[Document]) -> None:
        """Timer lag: served by the (status, due_at) index the poller uses too."""

        async def refresh() -> None:
            now = self._now()
            overdue = {"status": "pending", "due_at": {"$lte": now}}
            oldest = await timers.find_one({"status": "pending"}, sort=[("due_at", 1)])
            due = _as_utc(oldest.get("due_at")) if oldest else None
            self.timer_lag.labels(self.service).set(
                max(0.0, (now - due).total_seconds()) if due else 0
            )
            self.timers_overdue.labels(self.service).set(await timers.count_documents(overdue))
            poisoned = await timers.count_documents({"status": "poisoned"})
            self.timers_poisoned.labels(self.service).set(poisoned)

        self.on_refresh(refresh)

    def count_by(
        self, name: str, help_text: str, repository: AggregateRepository[Any], field: str
    ) -> None:
        """A gauge of documents per value of one field (cases by state, mails by status), read
        from counts the repository's writes keep (status_counts.py): a scrape scans nothing."""
        gauge = Gauge(name, help_text, ["service", field], registry=self.registry)
        counts = StatusCounts(repository.collection.database, repository.collection, field)
        repository.on_written(counts.moved)
        self._preparers.append(counts.ensure_counted)
        self._flushers.append(counts.flush)

        async def refresh() -> None:
            gauge.clear()
            for value, n in (await counts.read()).items():
                gauge.labels(self.service, value).set(n)

        self.on_refresh(refresh)

    async def prepare(self) -> None:
        """At start-up, before any message is taken: make counts that do not exist yet."""
        for prepare in self._preparers:
            await prepare()

    async def flush(self) -> None:
        """At shutdown: counts kept in the process are written."""
        for flush in self._flushers:
            await flush()

    async def render(self, budget_seconds: float = 3.0) -> bytes:
        """Refresh what can be refreshed in time; a slow database must not block the scrape."""
        for index, refresh in enumerate(self._refreshers):
            running = self._refreshing.get(index)
            if running is None or running.done():  # one still running from a scrape before: wait
                running = self._refreshing[index] = asyncio.create_task(refresh())
            # never cancelled: a PyMongo call cancelled while the server is away can wedge the
            # client (shared/liveness.py); a refresh that is late shows the figures it had
            done, _ = await asyncio.wait({running}, timeout=budget_seconds)
            if done and (error := running.exception()) is not None:
                log.warning("metric refresh failed", extra={"error": type(error).__name__})
        return generate_latest(self.registry)
