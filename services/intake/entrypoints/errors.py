"""Domain errors as HTTP answers: 404 unknown, 409 wrong state (with it), 422 naming the field."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from services.intake.domain.errors import DecisionRefused, InvalidTransition
from services.intake.service_layer.decisions import CaseNotFound
from services.intake.service_layer.enrolments import UnknownCohort


def install_error_handlers(app: FastAPI) -> None:
    """Map what the use cases raise to the answers the API promises."""

    @app.exception_handler(InvalidTransition)
    async def on_transition(_: Request, exc: InvalidTransition) -> JSONResponse:
        body = {"detail": str(exc), "current_status": exc.current.value}
        return JSONResponse(body, status_code=409)

    @app.exception_handler(DecisionRefused)
    async def on_refused(_: Request, exc: DecisionRefused) -> JSONResponse:
        body = {"detail": [{"field": exc.field, "reason": exc.message}]}
        return JSONResponse(body, status_code=422)

    @app.exception_handler(CaseNotFound)
    async def on_no_case(_: Request, exc: CaseNotFound) -> JSONResponse:
        return JSONResponse({"detail": f"Case {exc} bestaat niet."}, status_code=404)

    @app.exception_handler(UnknownCohort)
    async def on_no_cohort(_: Request, exc: UnknownCohort) -> JSONResponse:
        return JSONResponse({"detail": f"Groep {exc} is niet bekend."}, status_code=404)
