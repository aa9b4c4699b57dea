"""Domain errors as HTTP answers: 422 naming fields, 404, 409 with the reason staff read."""

from __future__ import annotations

from fastapi import HTTPException
from fastapi.exceptions import RequestValidationError

from services.scheduling.domain.errors import InvalidInput


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
