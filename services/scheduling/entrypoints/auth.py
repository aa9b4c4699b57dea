"""Staff authentication: a bearer token from STAFF_TOKENS, compared in constant time."""

from __future__ import annotations

from collections.abc import Callable

from fastapi import HTTPException, Request, status

from shared.staff_auth import StaffTokens

StaffCheck = Callable[[Request], None]


def staff_only(tokens: StaffTokens) -> StaffCheck:
    """A dependency answering 401 unless `Authorization: Bearer <token>` names a staff member."""

    def check(request: Request) -> None:
        member = tokens.authenticate(request.headers.get("authorization"))
        if member is None or not member.may_read():
            raise HTTPException(
                status.HTTP_401_UNAUTHORIZED,
                "Aanmelden vereist: een geldig medewerkerstoken.",
                headers={"WWW-Authenticate": "Bearer"},
            )

    return check
