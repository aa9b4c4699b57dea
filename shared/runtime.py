"""A running service: broker, database, outbox relay, consumer and HTTP, started together."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping, Sequence
from contextlib import asynccontextmanager
from typing import Any

from fastapi import APIRouter, FastAPI, Response

from shared import tracing
from shared.clock import Clock, clock_from
from shared.contracts.base import EventData
from shared.contracts.envelope import EventFactory
from shared.http import ServiceApp, health_router, install_validation_handler
from shared.liveness import Watchdog
from shared.logging import configure_logging
from shared.messaging.consumer import build_broker, subscribe
from shared.messaging.consumer_metrics import ConsumerMetrics
from shared.messaging.dead_letters import RabbitDeadLetterSink
from shared.messaging.dispatcher import EventDispatcher, Handler
from shared.messaging.handling import HandlingTasks
from shared.messaging.outage_returns import RabbitOutageReturns
from shared.messaging.poisoned_events import PoisonedEvents
from shared.messaging.publisher import RabbitPublisher
from shared.messaging.publishers import GUEST, PublisherTrust, connection_user
from shared.messaging.relay import OutboxRelay
from shared.messaging.topology import Topology, declare
from shared.metrics import METRICS_CONTENT_TYPE, ServiceMetrics
from shared.outage_pages import install_outage_handler
from shared.persistence.mongo import connect_as_set, ensure_indexes, fresh_client_answers
from shared.persistence.outage import DatabaseWatch
from shared.persistence.repository import AggregateRepository
from shared.persistence.retention import Sweeper
from shared.set_aside_api import set_aside_router
from shared.settings import ServiceSettings
from shared.web_security import HardenedHttp

log = logging.getLogger(__name__)
Hook = Callable[[], Awaitable[None]]
READY_WITHIN_SECONDS = 0.6  # readiness answers within a second, whatever is away


class ServiceRuntime:
    """Owns every connection of one service process; nothing connects before `lifespan` runs."""

    def __init__(self, service: str, settings: ServiceSettings, clock: Clock | None = None) -> None:
        self.service = service
        self.settings = settings
        self.clock = clock or clock_from(settings.clock_offset_file)
        # the server's TTL monitor deletes by the wall clock: only where ours is the wall clock,
        # never under a test's clock (hand-set, or a clock file that may set it months back,
        # where "180 days after" is already past for the server); the sweeper uses ours
        self._ttl = (
            settings.retention_ttl_index and clock is None and settings.clock_offset_file is None
        )
        self.sweeper = Sweeper(self.clock, settings.retention_sweep_seconds)
        self.events = EventFactory(f"/samenspel/{service}", self.clock.now)
        self.metrics = ServiceMetrics(service, self.clock.now)
        # before the database client: PyMongo's instrumentation watches clients made after it
        self.tracer_provider = tracing.set_up(service, settings.otel_exporter_otlp_endpoint)
        self.mongo = connect_as_set(settings, listeners=[self.metrics.database_commands])
        self.database = self.mongo[settings.database_name(service)]
        self.database_watch = DatabaseWatch(
            lambda: self.database.command("ping"), retry_seconds=settings.outage_retry_seconds
        )
        self.broker = build_broker(
            settings.rabbitmq_url.get_secret_value(),
            prefetch=settings.prefetch_count,
            tracer_provider=self.tracer_provider,
        )
        self.topology = Topology(settings.samenspel_namespace, settings.delivery_limit)
        self.metrics.watch_outbox(self.database)
        self.metrics.watch_dlq(lambda: self._depth(self.topology.dead_letter_key(service)))
        self.metrics.watch_unroutable(lambda: self._depth(self.topology.unroutable_queue.name))
        self.user = connection_user(settings.rabbitmq_url.get_secret_value())
        self.publisher = RabbitPublisher(
            self.broker,
            self.topology.events,
            self.user,
            confirm_timeout_seconds=settings.publish_confirm_timeout_seconds,
        )
        self.poisoned_events = PoisonedEvents(self.database)
        self.metrics.watch_poisoned_events(self.poisoned_events.count)
        self.relay = OutboxRelay(
            (),
            self.publisher,
            lease_seconds=settings.outbox_lease_seconds,
            poll_seconds=settings.outbox_poll_seconds,
            poisoned=self.poisoned_events,
        )
        self._repositories: list[AggregateRepository[Any]] = []
        self._dispatcher: EventDispatcher | None = None
        self._handling = HandlingTasks()
        self.watchdog = Watchdog(
            self.database_watch,
            self._handling,
            every_seconds=settings.watchdog_seconds,
            wedged_after_seconds=settings.database_wedged_seconds,
            stuck_after_seconds=settings.handling_stuck_seconds,
            fresh_ping=lambda: fresh_client_answers(
                settings.mongodb_url.get_secret_value(), settings.mongodb_timeout_ms
            ),
        )
        self._on_start: list[Hook] = [self.poisoned_events.ensure_indexes]
        self._on_stop: list[Hook] = []

    def repository_options(self) -> dict[str, Any]:
        """Keyword arguments every repository of this service is built with."""
        relay = self.relay if self.settings.outbox_relay_enabled else None
        return {
            "check_queries": self.settings.check_queries,
            "relay": relay,
            "retention": dt.timedelta(days=self.settings.retention_days),
        }

    def add_repositories(self, *repositories: AggregateRepository[Any]) -> None:
        """Indexes are created at start-up and their outboxes relayed (those that owe events)."""
        self._repositories.extend(repositories)
        for repository in repositories:
            if repository.collection_name == "timers":
                self.metrics.watch_timers(repository.collection)
            if repository.expires:
                self.sweeper.watch(repository.collection_name, repository.sweep_expired)
        self.relay.watch(*(r.collection for r in repositories if r.owes_events))

    def _trusts_guest(self) -> bool:
        """guest (no broker users set up) is trusted for every key in tests, and in a local run
        whose own services connect as guest; never in production (README, "Security model")."""
        env = self.settings.environment
        return env == "test" or (env == "local" and self.user == GUEST)

    def consume(self, handlers: Mapping[type[EventData], Handler]) -> None:
        """Bind the service's queue to these events and dispatch them to their handlers."""
        sink = RabbitDeadLetterSink(self.broker, self.topology, self.service)
        routing_keys = sorted(model.routing_key for model in handlers)
        queue = self.topology.queue(self.service, routing_keys[0])
        self._dispatcher = EventDispatcher(
            self.service,
            handlers,
            sink,
            delivery_limit=self.settings.delivery_limit,
            outage=self.database_watch,
            returns=RabbitOutageReturns(self.broker, queue.name, self.user),
            hold_seconds=self.settings.outage_hold_seconds,
            trust=PublisherTrust.for_namespace(
                self.settings.samenspel_namespace,
                trust_guest=self._trusts_guest(),
                shared_user=self.settings.broker_shared_user,
            ),
            own_user=self.user,
        )
        metrics = (
            ConsumerMetrics(self.metrics.registry, self.service)
            if self.settings.metrics_enabled
            else None
        )
        events = self.topology.events
        subscribe(self.broker, queue, events, self._dispatcher, self._handling, metrics)

    @property
    def consumed(self) -> list[str]:
        """Routing keys this service consumes, for its AsyncAPI document."""
        return self._dispatcher.routing_keys if self._dispatcher else []

    def on_start(self, hook: Hook) -> None:
        """Run after broker and database are up (e.g. a timer poller)."""
        self._on_start.append(hook)

    def on_stop(self, hook: Hook) -> None:
        """Run before connections close."""
        self._on_stop.append(hook)

    async def _start(self) -> None:
        for repository in self._repositories:
            await ensure_indexes(
                repository.collection, repository.declared_indexes(), ttl=self._ttl
            )
        await self.metrics.prepare()
        await self.broker.connect()
        keys = self.consumed
        await declare(self.broker, self.topology, self.service, keys)
        await self.broker.start()
        if self.settings.outbox_relay_enabled:
            self.relay.start()
        for hook in self._on_start:
            await hook()
        await self.sweeper.start()
        self.watchdog.start()
        log.info("service started", extra={"consumes": keys})

    async def _stop(self) -> None:
        await self.watchdog.stop()
        await self.sweeper.stop()
        for hook in reversed(self._on_stop):
            await hook()
        await self.relay.stop()
        await self.broker.stop()
        await self._handling.drain(seconds=10)
        with contextlib.suppress(Exception):
            await self.metrics.flush()
        await self.mongo.close()
        if self.tracer_provider is not None:
            self.tracer_provider.shutdown()  # the last spans go out before the process ends

    async def _broker_ready(self) -> bool:
        try:
            return bool(await self.broker.ping(timeout=READY_WITHIN_SECONDS))
        except Exception:
            return False

    async def _database_ready(self) -> bool:
        return await self.database_watch.probe(within_seconds=READY_WITHIN_SECONDS)

    async def _depth(self, name: str) -> int | None:
        """A queue's depth as the broker reports it (the DLQ's, the unroutable queue's)."""
        connection = self.broker._connection  # FastStream keeps its aio-pika connection here
        if connection is None:
            return None
        channel = await connection.channel()
        try:
            queue = await channel.declare_queue(name, passive=True)
            return int(queue.declaration_result.message_count or 0)
        finally:
            await channel.close()

    def app(self, routers: Sequence[APIRouter] = (), title: str = "") -> FastAPI:
        """The FastAPI application whose lifespan runs the whole service."""

        @asynccontextmanager
        async def lifespan(_: FastAPI) -> AsyncIterator[None]:
            await self._start()
            try:
                yield
            finally:
                await self._stop()

        app = ServiceApp(title=title or f"samenspel {self.service}", lifespan=lifespan)
        app.state.runtime = self
        if self.tracer_provider is not None:
            from opentelemetry.instrumentation.fastapi import FastAPIInstrumentor

            FastAPIInstrumentor.instrument_app(
                app, tracer_provider=self.tracer_provider, excluded_urls="/health/.*,/metrics"
            )
        install_validation_handler(app)
        install_outage_handler(app, self.database_watch)
        app.add_middleware(HardenedHttp, max_body_bytes=self.settings.max_body_bytes)
        probes = {"broker": self._broker_ready, "database": self._database_ready}
        app.include_router(health_router(probes))
        metrics = self.metrics

        @app.get("/metrics", include_in_schema=False)
        async def prometheus_metrics() -> Response:
            """Prometheus text format: FastStream's message figures and our own state gauges."""
            return Response(await metrics.render(), media_type=METRICS_CONTENT_TYPE)

        for router in routers:
            app.include_router(router)
        staff = self.settings.staff_access()
        app.include_router(set_aside_router(self.service, staff, self.database, self.clock.now))
        return app


def run(runtime_app: FastAPI, settings: ServiceSettings, service: str) -> None:
    """Serve until SIGINT/SIGTERM; uvicorn drives the lifespan."""
    import uvicorn

    configure_logging(service, settings.log_level)
    config = uvicorn.Config(
        runtime_app,
        host=settings.http_host,
        port=settings.http_port,
        log_config=None,
        access_log=False,
    )
    asyncio.run(uvicorn.Server(config).serve())
