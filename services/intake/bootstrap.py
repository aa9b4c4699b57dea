"""Intake's composition root: the one place its parts are built and wired."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import httpx
from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from services.intake.adapters.approach_client import ApproachClient, HttpApproachClient
from services.intake.adapters.case_repository import CaseRepository
from services.intake.adapters.cohort_repository import CohortRepository
from services.intake.adapters.dead_letters import DeadLetterBox, RabbitDeadLetterBox
from services.intake.adapters.documents_client import DocumentsClient, HttpDocumentsClient
from services.intake.adapters.guest_repository import GuestRepository
from services.intake.adapters.homework_client import HomeworkClient, HttpHomeworkClient
from services.intake.adapters.library_client import HttpLibraryClient, LibraryClient
from services.intake.adapters.link_request_repository import LinkRequestRepository
from services.intake.adapters.notifications_client import (
    HttpNotificationsClient,
    NotificationsClient,
)
from services.intake.adapters.own_set_aside import OwnSetAside
from services.intake.adapters.preparation_client import HttpPreparationClient, PreparationClient
from services.intake.adapters.rate_limit import FailureThrottle, SlidingWindowRateLimiter
from services.intake.adapters.scheduling_client import HttpSchedulingClient, SchedulingClient
from services.intake.adapters.session_repository import SessionRepository
from services.intake.adapters.set_aside_client import HttpSetAsideClient, SetAsideClient
from services.intake.adapters.sign_in_links import MongoSignInLinks
from services.intake.adapters.staff_sessions import MongoStaffSessions
from services.intake.adapters.timeline_repository import TimelineRepository
from services.intake.entrypoints.api import api_router
from services.intake.entrypoints.cohort_api import cohort_router
from services.intake.entrypoints.errors import install_error_handlers
from services.intake.entrypoints.messaging import event_handlers
from services.intake.entrypoints.staff_api import staff_router
from services.intake.service_layer.context import Intake
from services.intake.settings import IntakeSettings
from services.intake.web.console.console import console_router
from services.intake.web.console.console_auth import console_auth_router
from services.intake.web.console.console_dates import console_date_router
from services.intake.web.console.console_intervision import console_intervision_router
from services.intake.web.console.console_kit import ConsoleKit, install_console_handlers
from services.intake.web.console.console_mails import console_mail_router
from services.intake.web.console.console_ops import console_ops_router
from services.intake.web.console.console_recordings import console_recordings_router
from services.intake.web.console.console_release import console_release_router
from services.intake.web.console.staff_session import SessionSigner
from services.intake.web.csrf import CsrfSigner
from services.intake.web.portal.form import web_router
from services.intake.web.portal.fresh_link import fresh_link_router
from services.intake.web.portal.owner import owner_router
from services.intake.web.portal.owner_revoked import OwnerLinkRefusals, owner_revoked_router
from services.intake.web.portal.person import person_router
from services.intake.web.portal.person_approach import person_approach_router
from services.intake.web.portal.person_bookings import person_booking_router
from services.intake.web.portal.person_dates import person_date_router
from services.intake.web.portal.person_feedback import person_feedback_router
from services.intake.web.portal.person_guests import person_guest_router
from services.intake.web.portal.person_homework import person_homework_router
from services.intake.web.portal.person_kit import PersonPages, install_person_handlers
from services.intake.web.portal.person_library import person_library_router
from services.intake.web.portal.person_owner_questions import person_owner_questions_router
from services.intake.web.portal.person_preparation import person_preparation_router
from services.intake.web.portal.person_topics import person_topic_router
from services.intake.web.templating import STATIC_DIR, JinjaRenderer
from shared.calendar import HolidayPolicy, WorkingDayCalendar
from shared.capabilities import CapabilitySigner
from shared.clock import Clock
from shared.contracts.base import Contact, Country
from shared.download_links import DownloadMinter
from shared.runtime import ServiceRuntime

SERVICE = "intake"


def build_app(
    settings: IntakeSettings,
    clock: Clock | None = None,
    scheduling: SchedulingClient | None = None,
    documents: DocumentsClient | None = None,
    approach: ApproachClient | None = None,
    preparation: PreparationClient | None = None,
    library: LibraryClient | None = None,
    dead_letters: DeadLetterBox | None = None,
    mails: NotificationsClient | None = None,
    homework: HomeworkClient | None = None,
    set_aside: Mapping[str, SetAsideClient] | None = None,
) -> FastAPI:
    """The intake service as an ASGI app; connections open when its lifespan starts."""
    runtime = ServiceRuntime(SERVICE, settings, clock)
    options = runtime.repository_options()
    cases = CaseRepository(runtime.database, **options)
    cohorts = CohortRepository(runtime.database, **options)
    timelines = TimelineRepository(
        runtime.database, **options, batch_linger_seconds=settings.timeline_batch_seconds
    )
    sessions = SessionRepository(runtime.database, **options)
    link_requests = LinkRequestRepository(runtime.database, **options)
    guests = GuestRepository(runtime.database, **options)
    runtime.add_repositories(cases, cohorts, timelines, sessions, link_requests, guests)

    async def upgrade_stored_cases() -> None:
        await cases.upgrade()

    runtime.on_start(upgrade_stored_cases)
    runtime.metrics.count_by("samenspel_cases", "cases by state", cases, "status")
    policy = HolidayPolicy(settings.good_friday_off, settings.liberation_day)
    intake = Intake(
        cases=cases,
        cohorts=cohorts,
        timelines=timelines,
        sessions=sessions,
        link_requests=link_requests,
        events=runtime.events,
        guests=guests,
        calendars={country: WorkingDayCalendar(country, policy) for country in Country},
        alternatives=settings.alternatives(),
        decision_working_days=settings.decision_working_days,
        base_url=settings.base_url(),
        owner_submissions_per_hour=settings.owner_submissions_per_hour,
    )
    runtime.consume(event_handlers(intake))
    limiter = SlidingWindowRateLimiter(
        settings.form_rate_limit, dt.timedelta(seconds=settings.form_rate_window_seconds)
    )
    renderer = JinjaRenderer()
    sign_in_links = MongoSignInLinks(runtime.database["sign_in_links"])
    runtime.on_start(sign_in_links.prepare)
    live_sessions = MongoStaffSessions(runtime.database["staff_sessions"])
    runtime.on_start(live_sessions.prepare)
    signer = CapabilitySigner.from_secret(settings.secret_key.get_secret_value())
    csrf = CsrfSigner(signer)
    web = web_router(
        intake,
        renderer,
        csrf,
        limiter,
        retry_minutes=max(1, settings.form_rate_window_seconds // 60),
    )
    # one token for every call to another service's API; documents' address as seen from here
    service_token = settings.scheduling_token.get_secret_value()
    documents_url = settings.documents_url or settings.documents_public_url
    downloads = DownloadMinter(signer, settings.documents_public_url, settings.download_link_days)
    kit = ConsoleKit(
        intake=intake,
        renderer=renderer,
        csrf=csrf,
        sessions=SessionSigner(signer, dt.timedelta(hours=settings.staff_session_hours)),
        tokens=settings.staff_token_set(),
        scheduling=scheduling or HttpSchedulingClient(settings.scheduling_url, service_token),
        dead_letters=dead_letters or RabbitDeadLetterBox(settings.operator_url(), runtime.topology),
        documents_public_url=settings.documents_public_url,
        secure=settings.base_url().startswith("https://") or settings.environment == "production",
        sign_in_links=sign_in_links,
        live_sessions=live_sessions,
        idle_timeout=dt.timedelta(minutes=settings.staff_idle_minutes),
        set_aside=set_aside or _set_aside_clients(settings, runtime),
        sign_in_failures=FailureThrottle(
            settings.sign_in_attempts, dt.timedelta(seconds=settings.sign_in_window_seconds)
        ),
        sign_in_link_lifetime=dt.timedelta(minutes=settings.sign_in_link_minutes),
        downloads=downloads,
        session_span=dt.timedelta(hours=settings.staff_session_hours),
    )
    topics = documents or HttpDocumentsClient(documents_url, service_token)
    if mails is None:
        http = httpx.AsyncClient(base_url=settings.notifications_url, timeout=5.0)
        runtime.on_stop(http.aclose)
        mails = HttpNotificationsClient(http, service_token)
    approaches = approach or HttpApproachClient(documents_url, service_token)
    preparations = preparation or HttpPreparationClient(documents_url, service_token)
    shared_cases = library or HttpLibraryClient(documents_url, service_token)
    hand_ins = homework or HttpHomeworkClient(documents_url, service_token)
    people = PersonPages(
        intake=intake,
        renderer=renderer,
        csrf=csrf,
        links=signer,
        office=Contact(name=settings.organizer_name, email=settings.organizer_email),
        secure=kit.secure,
        documents_public_url=settings.documents_public_url,
        downloads=downloads,
    )
    refusals = OwnerLinkRefusals(intake, renderer, csrf, settings.organizer_email)
    routers = [
        api_router(intake),
        staff_router(intake, settings.staff_access()),
        cohort_router(intake, settings.staff_access()),
        web,
        owner_router(
            intake, renderer, csrf, settings.documents_public_url, refusals, downloads, signer
        ),
        owner_revoked_router(refusals, intake, csrf),
        console_auth_router(kit),
        console_router(kit),
        console_ops_router(kit, hand_ins),
        console_mail_router(kit, mails),
        console_date_router(kit),
        console_intervision_router(kit),
        fresh_link_router(people),
        person_router(people, kit.scheduling, topics),
        person_date_router(people, kit.scheduling),
        person_topic_router(people, topics),
        person_approach_router(people, approaches),
        console_release_router(kit, approaches),
        console_recordings_router(kit, approaches),
        person_preparation_router(people, preparations),
        person_homework_router(people, hand_ins),
        person_owner_questions_router(people, preparations),
        person_library_router(people, shared_cases),
        person_booking_router(people, kit.scheduling),
        person_guest_router(people),
        person_feedback_router(people),
    ]
    app = runtime.app(routers, title="samenspel intake")
    install_error_handlers(app)
    install_console_handlers(app, kit)
    install_person_handlers(app, people)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    return app


def _set_aside_clients(
    settings: IntakeSettings, runtime: ServiceRuntime
) -> dict[str, SetAsideClient]:
    """Intake's own from its database; every other service's from its staff API."""
    token = settings.scheduling_token.get_secret_value()
    addresses = {
        "scheduling": settings.scheduling_url,
        "documents": settings.documents_url or settings.documents_public_url,
        "notifications": settings.notifications_url,
    }
    clients: dict[str, SetAsideClient] = {
        "intake": OwnSetAside(runtime.database, runtime.clock.now)
    }
    for service, address in addresses.items():
        http = httpx.AsyncClient(base_url=address, timeout=5.0)
        runtime.on_stop(http.aclose)
        clients[service] = HttpSetAsideClient(service, http, token)
    return clients
