"""Who is calling: staff or a contributor by bearer token, the owner by capability token."""

from __future__ import annotations

import hmac
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated

from fastapi import Header, HTTPException, Query, status
from pydantic import SecretStr

from services.documents.service_layer.links import is_owner_token
from shared.staff_auth import StaffTokens


class Role(StrEnum):
    STAFF = "staff"
    CONTRIBUTOR = "contributor"


@dataclass(frozen=True)
class Caller:
    name: str
    role: Role


def _bearer(authorization: str | None) -> str:
    scheme, _, token = (authorization or "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" else ""


def _match(token: str, tokens: Mapping[str, SecretStr]) -> str | None:
    """Compares against every token (no early exit), each in constant time."""
    found = None
    for name, secret in tokens.items():
        if hmac.compare_digest(secret.get_secret_value().encode(), token.encode()) and token:
            found = name
    return found


def _unauthorized() -> HTTPException:
    return HTTPException(
        status.HTTP_401_UNAUTHORIZED,
        detail=[{"field": "Authorization", "reason": "a valid bearer token is required"}],
        headers={"WWW-Authenticate": "Bearer"},
    )


def caller_dependency(
    staff: StaffTokens, contributors: Mapping[str, SecretStr]
) -> Callable[[str | None], Caller]:
    """Staff and contributors (coaches, participants) may read and write the approach."""

    def caller(authorization: Annotated[str | None, Header()] = None) -> Caller:
        if (member := staff.authenticate(authorization)) and member.may_read():
            return Caller(member.name, Role.STAFF)
        if name := _match(_bearer(authorization), contributors):
            return Caller(name, Role.CONTRIBUTOR)
        raise _unauthorized()

    return caller


def owner_dependency(secret: str) -> Callable[[str, str | None, str | None], None]:
    """The owner's link carries `?token=`; a bearer header with the same token works too."""

    def owner(
        case_id: str,
        token: Annotated[str | None, Query()] = None,
        authorization: Annotated[str | None, Header()] = None,
    ) -> None:
        given = token or _bearer(authorization)
        if not given or not is_owner_token(secret, case_id, given):
            raise _unauthorized()

    return owner
