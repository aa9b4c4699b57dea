"""Documents' composition root: the one place its parts are built and wired."""

from __future__ import annotations

import datetime as dt

from fastapi import FastAPI

from services.documents.adapters.case_file_repository import (
    CaseFileRepository,
    SessionFileRepository,
)
from services.documents.adapters.document_store import GridFsDocumentStore
from services.documents.adapters.docx_renderer import DocxRenderer
from services.documents.adapters.html_renderer import HtmlRenderer
from services.documents.adapters.library_index import LibraryIndex
from services.documents.adapters.orphans import OrphanSweep, UploadJournal
from services.documents.adapters.pdf_renderer import PdfRenderer
from services.documents.adapters.rendering import Renderer
from services.documents.entrypoints.api_approach import approach_router
from services.documents.entrypoints.api_documents import documents_router
from services.documents.entrypoints.api_homework import homework_router
from services.documents.entrypoints.api_person_preparation import (
    owner_answers_router,
    person_preparation_router,
)
from services.documents.entrypoints.api_preparation import preparation_router
from services.documents.entrypoints.api_recordings import recordings_router
from services.documents.entrypoints.api_release import release_router
from services.documents.entrypoints.api_topics import topics_router
from services.documents.entrypoints.auth import caller_dependency, owner_dependency
from services.documents.entrypoints.context import ApiContext
from services.documents.entrypoints.downloads import downloads_router
from services.documents.entrypoints.errors import install_error_handlers
from services.documents.entrypoints.messaging import event_handlers
from services.documents.service_layer.context import Documents
from services.documents.service_layer.links import Links
from services.documents.service_layer.producing import Producer
from services.documents.settings import DocumentsSettings
from shared.capabilities import CapabilitySigner
from shared.clock import Clock
from shared.contracts.base import Contact
from shared.link_generations import StoredLinkGenerations, revoked_entry
from shared.persistence.parking import ParkingLot
from shared.runtime import ServiceRuntime
from shared.staff_auth import Permission

SERVICE = "documents"


def build_app(settings: DocumentsSettings, clock: Clock | None = None) -> FastAPI:
    """The documents service as an ASGI app; connections open when its lifespan starts."""
    runtime = ServiceRuntime(SERVICE, settings, clock)
    files = CaseFileRepository(runtime.database, **runtime.repository_options())
    sessions = SessionFileRepository(runtime.database, **runtime.repository_options())
    parked = ParkingLot(runtime.database, **runtime.repository_options())
    runtime.add_repositories(files, sessions, parked)
    journal = UploadJournal(runtime.database)
    store = GridFsDocumentStore(runtime.database, journal)
    library = LibraryIndex(runtime.database, check_queries=settings.check_queries)
    runtime.on_start(library.ensure_indexes)
    orphans = OrphanSweep(
        journal,
        store,
        [files.file_ids_of, sessions.file_ids_of],
        grace=dt.timedelta(seconds=settings.orphan_grace_seconds),
    )
    runtime.on_start(journal.ensure_indexes)
    runtime.sweeper.watch("renditions", orphans.sweep)
    renderers: dict[str, Renderer] = {
        r.format: r for r in (HtmlRenderer(), DocxRenderer(), PdfRenderer())
    }
    producer = Producer(files, store, renderers, runtime.clock, sessions, parked)
    signer = CapabilitySigner.from_secret(settings.secret_key.get_secret_value())
    generations = StoredLinkGenerations(runtime.database["link_generations"])
    office = Contact(name=settings.organizer_name, email=settings.organizer_email)
    links_to = Links(settings.base_url(), signer, office)
    docs = Documents(producer=producer, events=runtime.events, links=links_to, library=library)
    handlers = event_handlers(docs)
    runtime.consume(dict([*handlers.items(), revoked_entry(generations)]))
    access = settings.staff_access()
    ctx = ApiContext(
        producer=docs.producer,
        events=docs.events,
        links=docs.links,
        library=docs.library,
        reader=caller_dependency(access, settings.contributor_tokens, Permission.READ),
        writer=caller_dependency(access, settings.contributor_tokens, Permission.DECIDE),
        owner=owner_dependency(signer, generations, runtime.clock),
    )
    routers = [
        approach_router(ctx),
        release_router(ctx, generations),
        preparation_router(ctx),
        person_preparation_router(ctx),
        owner_answers_router(ctx),
        recordings_router(ctx),
        documents_router(ctx, store),
        topics_router(ctx, runtime.clock),
        homework_router(ctx, runtime.clock),
        downloads_router(store, signer, generations, runtime.clock, settings.intake_public_url),
    ]
    app = runtime.app(routers, title="samenspel documents")
    install_error_handlers(app)
    return app
