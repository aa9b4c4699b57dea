"""Bearer-token checks for the staff API: 401 without a valid token, 403 without the right role."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from fastapi import HTTPException, Request, status

from shared.staff_auth import StaffMember, StaffTokens

Permission = Callable[[StaffMember], bool]
Guard = Callable[[Request], Awaitable[StaffMember]]


def guard(tokens: StaffTokens, allowed: Permission) -> Guard:
    """A FastAPI dependency that yields the staff member behind the request's token."""

    async def dependency(request: Request) -> StaffMember:
        member = tokens.authenticate(request.headers.get("authorization"))
        if member is None:
            raise HTTPException(
                status.HTTP_401_UNAUTHORIZED,
                "Geen geldige toegangssleutel.",
                headers={"WWW-Authenticate": "Bearer"},
            )
        if not allowed(member):
            raise HTTPException(status.HTTP_403_FORBIDDEN, "Deze sleutel mag dit niet.")
        return member

    return dependency
