"""Scheduling's composition root: the one place its parts are built and wired."""

from __future__ import annotations

from fastapi import FastAPI

from services.scheduling.adapters.programme_files import load_templates
from services.scheduling.adapters.repositories import (
    CaseDeadlineRepository,
    CoachAgendaRepository,
    CohortRepository,
    NamedExpertRepository,
    TrajectoryRepository,
)
from services.scheduling.entrypoints.api import api_router
from services.scheduling.entrypoints.booking_api import booking_router
from services.scheduling.entrypoints.calendar import calendar_router
from services.scheduling.entrypoints.cohort_api import cohort_router
from services.scheduling.entrypoints.consultation_api import consultation_router
from services.scheduling.entrypoints.messaging import event_handlers
from services.scheduling.entrypoints.owed_sweep import OwedChangesSweep
from services.scheduling.service_layer import cohorts, timers
from services.scheduling.service_layer.context import Links, Scheduling
from services.scheduling.service_layer.runs import HORIZON
from services.scheduling.settings import SchedulingSettings
from shared.capabilities import CapabilitySigner
from shared.clock import Clock
from shared.contracts.base import Contact
from shared.persistence.parking import ParkingLot
from shared.persistence.repository import Stored
from shared.persistence.timers import Timer, TimerPoller, TimerRepository
from shared.runtime import ServiceRuntime

SERVICE = "scheduling"


def build_context(runtime: ServiceRuntime, settings: SchedulingSettings) -> Scheduling:
    """Repositories, templates and links of one process."""
    options = runtime.repository_options()
    cohort_runs = CohortRepository(runtime.database, **options)
    trajectories = TrajectoryRepository(runtime.database, **options)
    agendas = CoachAgendaRepository(runtime.database, **options)
    deadlines = CaseDeadlineRepository(runtime.database, **options)
    experts = NamedExpertRepository(runtime.database, **options)
    timer_store = TimerRepository(runtime.database, **options)
    parked = ParkingLot(runtime.database, **options)
    ctx = Scheduling(
        cohorts=cohort_runs,
        trajectories=trajectories,
        agendas=agendas,
        deadlines=deadlines,
        timers=timer_store,
        experts=experts,
        parked=parked,
        templates=load_templates(),
        events=runtime.events,
        organizer=Contact(name=settings.organizer_name, email=settings.organizer_email),
        links=Links(
            settings.base_url(),
            CapabilitySigner.from_secret(settings.secret_key.get_secret_value()),
            settings.intake_public_url,
        ),
        reminder_days=settings.reminder_working_days,
    )
    runtime.add_repositories(
        cohort_runs, trajectories, agendas, deadlines, timer_store, experts, parked
    )
    return ctx


def build_app(settings: SchedulingSettings, clock: Clock | None = None) -> FastAPI:
    """The scheduling service as an ASGI app; connections open when its lifespan starts."""
    runtime = ServiceRuntime(SERVICE, settings, clock)
    ctx = build_context(runtime, settings)
    runtime.consume(event_handlers(ctx))

    async def on_due(stored: Stored[Timer]) -> None:
        if stored.state.kind == HORIZON:
            await cohorts.extend_horizon(stored, ctx)
        else:
            await timers.fire(stored, ctx)

    if settings.timer_poller_enabled:
        poller = TimerPoller(
            ctx.timers,
            runtime.clock,
            on_due,
            settings.timer_poll_seconds,
            max_sleep_seconds=settings.timer_max_sleep_seconds,
        )
        runtime.on_start(poller.start)
        runtime.on_stop(poller.stop)
        sweep = OwedChangesSweep(ctx, max(settings.timer_poll_seconds, 5.0))
        runtime.on_start(sweep.start)
        runtime.on_stop(sweep.stop)
    staff = settings.staff_access()
    routers = [
        api_router(ctx, staff),
        cohort_router(ctx, staff),
        booking_router(ctx, staff),
        consultation_router(ctx, staff),
        calendar_router(ctx, staff),
    ]
    return runtime.app(routers, title="samenspel scheduling")
