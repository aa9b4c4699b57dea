"""Who is calling: staff (shared check) or a contributor by bearer token, the owner by link."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated

from fastapi import Header, HTTPException, Query, Request, status
from pydantic import SecretStr

from services.documents.service_layer.links import owner_capability
from shared.capabilities import CapabilitySigner
from shared.clock import Clock
from shared.link_generations import LinkGenerations, is_current
from shared.staff_access import StaffAccess
from shared.staff_auth import Permission, bearer_token, holder_of, token_digest


class Role(StrEnum):
    STAFF = "staff"
    CONTRIBUTOR = "contributor"


@dataclass(frozen=True)
class Caller:
    name: str
    role: Role


def _unauthorized() -> HTTPException:
    return HTTPException(
        status.HTTP_401_UNAUTHORIZED,
        detail=[{"field": "token", "reason": "Deze link is niet (meer) geldig."}],
        headers={"WWW-Authenticate": "Bearer"},
    )


def caller_dependency(
    access: StaffAccess, contributors: Mapping[str, SecretStr], permission: Permission
) -> Callable[[Request], Caller]:
    """Contributors (coaches, participants) read and write the approach; staff need `permission`."""

    digests = [
        (token_digest(secret.get_secret_value()), name) for name, secret in contributors.items()
    ]

    def caller(request: Request) -> Caller:
        if name := holder_of(bearer_token(request.headers.get("authorization")), digests):
            return Caller(name, Role.CONTRIBUTOR)
        return Caller(access.check(request, permission).name, Role.STAFF)

    return caller


def owner_dependency(
    signer: CapabilitySigner, generations: LinkGenerations, clock: Clock
) -> Callable[[str, str | None, str | None], Awaitable[None]]:
    """The owner's capability as a bearer header (or `?token=`); revoked generations end it."""

    async def owner(
        case_id: str,
        token: Annotated[str | None, Query()] = None,
        authorization: Annotated[str | None, Header()] = None,
    ) -> None:
        given = token or bearer_token(authorization)
        capability = owner_capability(signer, case_id, given, clock.now()) if given else None
        if capability is None or not await is_current(capability, generations):
            raise _unauthorized()

    return owner
