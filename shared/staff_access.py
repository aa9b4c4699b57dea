"""The one staff check of every API: token -> member; 401 without one, 403 without the right."""

from __future__ import annotations

from collections.abc import Callable

from fastapi import HTTPException, Request, status

from shared.staff_auth import Permission, StaffMember, StaffTokens

UNAUTHORIZED_REASON = "Een geldige toegangssleutel van een medewerker is vereist."
FORBIDDEN_REASON = "Met deze toegangssleutel mag u dit niet doen."
StaffDependency = Callable[[Request], StaffMember]


def unauthorized() -> HTTPException:
    """401 `{"detail": [{"field": "Authorization", "reason": ...}]}`, as a 422 names its field."""
    return HTTPException(
        status.HTTP_401_UNAUTHORIZED,
        detail=[{"field": "Authorization", "reason": UNAUTHORIZED_REASON}],
        headers={"WWW-Authenticate": "Bearer"},
    )


def forbidden() -> HTTPException:
    """403 in the same shape: the token is valid, its role lacks the route's permission."""
    return HTTPException(
        status.HTTP_403_FORBIDDEN,
        detail=[{"field": "Authorization", "reason": FORBIDDEN_REASON}],
    )


class StaffAccess:
    """Checks a request's bearer token against STAFF_TOKENS and the route's permission."""

    def __init__(self, tokens: StaffTokens) -> None:
        self._tokens = tokens

    def member(self, authorization: str | None) -> StaffMember | None:
        """The staff member behind an `Authorization` header, if any (no 401 raised)."""
        return self._tokens.authenticate(authorization)

    def check(self, request: Request, permission: Permission) -> StaffMember:
        """The member behind the request, or the 401/403 answer raised."""
        member = self.member(request.headers.get("authorization"))
        if member is None:
            raise unauthorized()
        if not member.may(permission):
            raise forbidden()
        return member

    def require(self, permission: Permission) -> StaffDependency:
        """A FastAPI dependency for routes that need `permission`."""

        def dependency(request: Request) -> StaffMember:
            return self.check(request, permission)

        dependency.__name__ = f"staff_may_{permission.value}"
        return dependency
