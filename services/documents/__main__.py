"""`python -m services.documents` starts the documents service."""

from services.documents.bootstrap import SERVICE, build_app
from services.documents.settings import DocumentsSettings
from shared.runtime import run

settings = DocumentsSettings()
run(build_app(settings), settings, SERVICE)
