"""Documents' composition root: the one place its parts are built and wired."""

from __future__ import annotations

from fastapi import FastAPI

from services.documents.adapters.case_file_repository import CaseFileRepository
from services.documents.entrypoints.messaging import event_handlers
from services.documents.settings import DocumentsSettings
from shared.clock import Clock
from shared.runtime import ServiceRuntime

SERVICE = "documents"


def build_app(settings: DocumentsSettings, clock: Clock | None = None) -> FastAPI:
    """The documents service as an ASGI app; connections open when its lifespan starts."""
    runtime = ServiceRuntime(SERVICE, settings, clock)
    files = CaseFileRepository(runtime.database, **runtime.repository_options())
    runtime.add_repositories(files)
    runtime.consume(event_handlers(files))
    return runtime.app(title="samenspel documents")
