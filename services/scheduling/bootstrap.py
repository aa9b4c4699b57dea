"""Scheduling's composition root: the one place its parts are built and wired."""

from __future__ import annotations

from fastapi import FastAPI

from services.scheduling.adapters.deadline_repository import CaseDeadlineRepository
from services.scheduling.entrypoints.messaging import event_handlers
from services.scheduling.settings import SchedulingSettings
from shared.clock import Clock
from shared.runtime import ServiceRuntime

SERVICE = "scheduling"


def build_app(settings: SchedulingSettings, clock: Clock | None = None) -> FastAPI:
    """The scheduling service as an ASGI app; connections open when its lifespan starts."""
    runtime = ServiceRuntime(SERVICE, settings, clock)
    deadlines = CaseDeadlineRepository(runtime.database, **runtime.repository_options())
    runtime.add_repositories(deadlines)
    runtime.consume(event_handlers(deadlines))
    return runtime.app(title="samenspel scheduling")
