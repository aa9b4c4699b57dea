"""Intake's composition root: the one place its parts are built and wired."""

from __future__ import annotations

from fastapi import FastAPI

from services.intake.adapters.case_repository import CaseRepository
from services.intake.entrypoints.api import api_router
from services.intake.entrypoints.messaging import event_handlers
from services.intake.settings import IntakeSettings
from shared.clock import Clock
from shared.runtime import ServiceRuntime

SERVICE = "intake"


def build_app(settings: IntakeSettings, clock: Clock | None = None) -> FastAPI:
    """The intake service as an ASGI app; connections open when its lifespan starts."""
    runtime = ServiceRuntime(SERVICE, settings, clock)
    cases = CaseRepository(runtime.database, **runtime.repository_options())
    runtime.add_repositories(cases)
    runtime.consume(event_handlers(cases))
    return runtime.app([api_router(cases, runtime.events)], title="samenspel intake")
