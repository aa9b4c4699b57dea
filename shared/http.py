"""HTTP pieces every service shares: health endpoints and 422 answers that name each bad field."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from fastapi import APIRouter, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

Probe = Callable[[], Awaitable[bool]]
FIELD_ERROR_SCHEMA: dict[str, Any] = {
    "title": "FieldError",
    "type": "object",
    "required": ["field", "reason"],
    "properties": {
        "field": {"type": "string", "title": "Field", "examples": ["owner.email"]},
        "reason": {"type": "string", "title": "Reason"},
    },
}


class ServiceApp(FastAPI):
    """FastAPI whose OpenAPI document shows a 422 as it is sent: `{"detail": [{field, reason}]}`."""

    def openapi(self) -> dict[str, Any]:
        document = super().openapi()  # built once, then cached by FastAPI
        schemas = document.get("components", {}).get("schemas", {})
        if "ValidationError" in schemas:  # FastAPI's {loc, msg, type}, which we never send
            schemas["ValidationError"] = FIELD_ERROR_SCHEMA
        return document


def health_router(probes: Mapping[str, Probe]) -> APIRouter:
    """`/health/live` says the process runs; `/health/ready` that broker and database answer.

    Each probe answers within a second (a slow dependency counts as down), so an orchestrator
    learns of an outage at once and liveness never depends on it.
    """
    router = APIRouter(tags=["health"])

    @router.get("/health/live")
    async def live() -> dict[str, str]:
        return {"status": "ok"}

    @router.get("/health/ready")
    async def ready() -> JSONResponse:
        names = list(probes)
        results = await asyncio.gather(*(probes[name]() for name in names))
        checks = dict(zip(names, results, strict=True))
        status = 200 if all(checks.values()) else 503
        body = {
            "status": "ok" if status == 200 else "unavailable",
            "checks": checks,
            "down": [name for name, up in checks.items() if not up],
        }
        return JSONResponse(body, status_code=status)

    return router


def field_errors(exc: RequestValidationError) -> list[dict[str, str]]:
    """Each error as the dotted field it concerns and the reason, e.g. `owner.email`."""
    errors = []
    for error in exc.errors():
        location = [str(part) for part in error["loc"] if part not in ("body", "query", "path")]
        errors.append({"field": ".".join(location) or "body", "reason": error["msg"]})
    return errors


def install_validation_handler(app: FastAPI) -> None:
    """Answer bad input with 422 and a list of {field, reason}; never a 500."""

    @app.exception_handler(RequestValidationError)
    async def on_invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        return JSONResponse({"detail": field_errors(exc)}, status_code=422)
