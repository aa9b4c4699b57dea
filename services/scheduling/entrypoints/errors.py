"""Domain errors as HTTP answers: 422 naming fields, 404, 409 with the reason staff read."""

from __future__ import annotations

from collections.abc import Awaitable
from typing import TypeVar

from fastapi import HTTPException
from fastapi.exceptions import RequestValidationError

from services.scheduling.domain.errors import InvalidInput, PlanningError
from services.scheduling.service_layer.changes import NotFound

T = TypeVar("T")


def unprocessable(error: InvalidInput) -> RequestValidationError:
    """Raised from a route, the shared handler turns it into `{"detail": [{field, reason}]}`."""
    return RequestValidationError(
        [
            {"loc": ("body", *name.split(".")), "msg": reason, "type": "value_error"}
            for name, reason in error.errors
        ]
    )


def conflict(reason: str) -> HTTPException:
    """A valid request the current state does not allow."""
    return HTTPException(409, reason)


def not_found(what: str) -> HTTPException:
    """Nothing under this id."""
    return HTTPException(404, what)


async def answered(call: Awaitable[T], missing: str | None = None) -> T:
    """A use case's result, or its refusal as one answer: 422, 404 (`missing` or the reason), 409.

    Every route maps the same three refusals the same way, so none of them reaches the client
    as a 500 because one route forgot to catch it."""
    try:
        return await call
    except InvalidInput as exc:
        raise unprocessable(exc) from exc
    except NotFound as exc:
        raise not_found(missing or str(exc)) from exc
    except PlanningError as exc:
        raise conflict(exc.reason) from exc
