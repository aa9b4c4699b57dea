"""Domain refusals as HTTP answers, in the shared shape `{"detail": [{"field", "reason"}]}`."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from services.documents.domain.errors import (
    ApproachClosed,
    DeliveryOutOfOrder,
    DocumentsError,
    IncompleteApproach,
    InvalidAnswer,
    NotACoach,
    NotReadyForRelease,
    QuestionsClosed,
    SectionVersionConflict,
    UnknownVersion,
)
from services.documents.domain.sections import SectionKey
from services.documents.service_layer.deliveries import CaseNotFound
from services.documents.service_layer.preparing import NoSuchSession

_BY_HEADING = {key.heading: key for key in SectionKey}


def _answer(status: int, field: str, reason: str, **extra: object) -> JSONResponse:
    return JSONResponse({"detail": [{"field": field, "reason": reason}], **extra}, status)


def to_response(exc: DocumentsError) -> JSONResponse:
    """Conflicts 409, missing things 404, refused content 422; the reason in Dutch."""
    if isinstance(exc, SectionVersionConflict):
        return _answer(
            409,
            "If-Match",
            f"het onderdeel is intussen door iemand anders opgeslagen (versie "
            f"{exc.current_version}); lees het opnieuw en voeg uw wijziging toe",
            current_version=exc.current_version,
        )
    if isinstance(exc, IncompleteApproach):
        detail = [
            {"field": f"sections.{_BY_HEADING[h].value}", "reason": f"{h}: nog leeg"}
            for h in exc.missing
        ]
        return JSONResponse({"detail": detail, "missing": exc.missing}, 422)
    if isinstance(exc, NotReadyForRelease):
        detail = [{"field": f"sections.{k}", "reason": r} for k, r in exc.problems.items()]
        return JSONResponse({"detail": detail, "missing": list(exc.problems.values())}, 422)
    if isinstance(exc, NotACoach):
        return _answer(403, "person_id", str(exc))
    if isinstance(exc, CaseNotFound | NoSuchSession):
        return _answer(404, "case_id", str(exc))
    if isinstance(exc, ApproachClosed | DeliveryOutOfOrder | QuestionsClosed):
        return _answer(409, "case_id", str(exc))
    if isinstance(exc, UnknownVersion):
        return _answer(422, "on_version", str(exc))
    if isinstance(exc, InvalidAnswer):
        return _answer(422, "answers", str(exc))
    return _answer(422, "body", str(exc))


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(DocumentsError)
    async def on_refusal(_: Request, exc: DocumentsError) -> JSONResponse:
        return to_response(exc)
