"""Intake's composition root: the one place its parts are built and wired."""

from __future__ import annotations

import datetime as dt
import hashlib

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from services.intake.adapters.case_repository import CaseRepository
from services.intake.adapters.cohort_repository import CohortRepository
from services.intake.adapters.csrf import CsrfSigner
from services.intake.adapters.rate_limit import SlidingWindowRateLimiter
from services.intake.adapters.templating import STATIC_DIR, JinjaRenderer
from services.intake.entrypoints.api import api_router
from services.intake.entrypoints.errors import install_error_handlers
from services.intake.entrypoints.messaging import event_handlers
from services.intake.entrypoints.staff_api import staff_router
from services.intake.entrypoints.web import web_router
from services.intake.service_layer.context import Intake
from services.intake.settings import IntakeSettings
from shared.calendar import HolidayPolicy, WorkingDayCalendar
from shared.clock import Clock
from shared.contracts.base import Country
from shared.runtime import ServiceRuntime

SERVICE = "intake"


def build_app(settings: IntakeSettings, clock: Clock | None = None) -> FastAPI:
    """The intake service as an ASGI app; connections open when its lifespan starts."""
    runtime = ServiceRuntime(SERVICE, settings, clock)
    options = runtime.repository_options()
    cases = CaseRepository(runtime.database, **options)
    cohorts = CohortRepository(runtime.database, **options)
    runtime.add_repositories(cases, cohorts)
    runtime.metrics.count_by("samenspel_cases", "cases by state", cases.collection, "status")
    policy = HolidayPolicy(settings.good_friday_off, settings.liberation_day)
    intake = Intake(
        cases=cases,
        cohorts=cohorts,
        events=runtime.events,
        calendars={country: WorkingDayCalendar(country, policy) for country in Country},
        alternatives=settings.alternatives(),
        decision_working_days=settings.decision_working_days,
        base_url=settings.base_url(),
    )
    runtime.consume(event_handlers(intake))
    secret = hashlib.sha256(b"intake-csrf:" + settings.secret_key.get_secret_value().encode())
    limiter = SlidingWindowRateLimiter(
        settings.form_rate_limit, dt.timedelta(seconds=settings.form_rate_window_seconds)
    )
    web = web_router(
        intake,
        JinjaRenderer(),
        CsrfSigner(secret.digest()),
        limiter,
        retry_minutes=max(1, settings.form_rate_window_seconds // 60),
    )
    routers = [api_router(intake), staff_router(intake, settings.staff()), web]
    app = runtime.app(routers, title="samenspel intake")
    install_error_handlers(app)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    return app
