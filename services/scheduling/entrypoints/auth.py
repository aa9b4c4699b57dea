"""Staff authentication: a bearer token from STAFF_TOKENS, compared in constant time."""

from __future__ import annotations

import hmac
from collections.abc import Callable, Sequence

from fastapi import HTTPException, Request, status

StaffCheck = Callable[[Request], None]


def token_matches(given: str, tokens: Sequence[str]) -> bool:
    """Every configured token is compared, so timing does not tell which one nearly matched."""
    found = False
    for token in tokens:
        found |= hmac.compare_digest(given.encode(), token.encode())
    return found


def staff_only(tokens: Sequence[str]) -> StaffCheck:
    """A dependency answering 401 unless `Authorization: Bearer <token>` names a staff token."""
    configured = tuple(tokens)

    def check(request: Request) -> None:
        scheme, _, given = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not given or not token_matches(given.strip(), configured):
            raise HTTPException(
                status.HTTP_401_UNAUTHORIZED,
                "Aanmelden vereist: een geldig medewerkerstoken.",
                headers={"WWW-Authenticate": "Bearer"},
            )

    return check
