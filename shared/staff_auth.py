"""Staff bearer tokens (STAFF_TOKENS, one format for all services), checked in constant time.

Each role holds a set of permissions and each staff route names the one it needs
(README, "Roles and permissions"); `StaffAccess` answers 401 or 403 in one shape everywhere.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterable, Mapping
from enum import StrEnum
from typing import TypeVar

from pydantic import BaseModel, ConfigDict

T = TypeVar("T")


class StaffRole(StrEnum):
    """What a token may do: read cases, also decide on them, or (other systems) only register."""

    READER = "reader"
    DECIDER = "decider"
    REGISTRAR = "registrar"


class Permission(StrEnum):
    """What a route needs: read, decide (every change staff make), or register participants."""

    READ = "read"
    DECIDE = "decide"
    REGISTER = "register"


ROLE_PERMISSIONS: dict[StaffRole, frozenset[Permission]] = {
    StaffRole.READER: frozenset({Permission.READ}),
    StaffRole.DECIDER: frozenset({Permission.READ, Permission.DECIDE, Permission.REGISTER}),
    StaffRole.REGISTRAR: frozenset({Permission.REGISTER}),
}


class StaffMember(BaseModel):
    """Who is behind a token; `name` is what the case history shows as the actor."""

    model_config = ConfigDict(frozen=True)

    name: str
    role: StaffRole

    def may(self, permission: Permission) -> bool:
        return permission in ROLE_PERMISSIONS[self.role]

    def may_decide(self) -> bool:
        return self.may(Permission.DECIDE)

    def may_read(self) -> bool:
        return self.may(Permission.READ)

    def may_register(self) -> bool:
        return self.may(Permission.REGISTER)


def token_digest(token: str) -> bytes:
    """Compared as digests, so every comparison has the same length."""
    return hashlib.sha256(token.encode("utf-8")).digest()


def bearer_token(authorization: str | None) -> str:
    """The token of an `Authorization: Bearer ...` header; "" for any other header or none."""
    scheme, _, token = (authorization or "").strip().partition(" ")
    return token.strip() if scheme.lower() == "bearer" else ""


def holder_of(token: str, digests: Iterable[tuple[bytes, T]]) -> T | None:
    """Whose token this is; every entry is compared (no early exit), so timing reveals nothing."""
    if not token:
        return None
    presented = token_digest(token)
    found: T | None = None
    for digest, holder in digests:
        if hmac.compare_digest(digest, presented):
            found = holder
    return found


class StaffTokens:
    """Looks up the staff member for an `Authorization: Bearer ...` header."""

    def __init__(self, tokens: Mapping[str, StaffMember]) -> None:
        if any(not token for token in tokens):
            raise ValueError("empty staff token configured")
        self._members = [(token_digest(token), member) for token, member in tokens.items()]

    def authenticate(self, authorization: str | None) -> StaffMember | None:
        """The member for a valid bearer token, else None (HTTP 401)."""
        return holder_of(bearer_token(authorization), self._members)


def parse_staff_tokens(raw: str) -> StaffTokens:
    """STAFF_TOKENS is JSON: `{"<token>": {"name": "Anna", "role": "decider"}}`."""
    members = json.loads(raw or "{}")
    if not isinstance(members, dict):
        raise ValueError('STAFF_TOKENS must be a JSON object {"<token>": {"name", "role"}}')
    return StaffTokens({token: StaffMember.model_validate(m) for token, m in members.items()})
