"""The staff console's session: a cookie sealed by the shared signer, expiring with the login."""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

from shared.capabilities import CapabilitySigner, SealExpired
from shared.staff_auth import StaffMember, StaffRole


@dataclass(frozen=True)
class StaffSession:
    """Who is signed in, and the nonce their CSRF tokens are bound to."""

    member: StaffMember
    nonce: str


class SessionSigner:
    """Issues and reads the console cookie, sealed by the shared signer with its own purpose."""

    PURPOSE = "staff-session"

    def __init__(self, signer: CapabilitySigner, lifetime: dt.timedelta) -> None:
        self._signer = signer
        self._lifetime = lifetime

    def issue(self, member: StaffMember, now: dt.datetime) -> str:
        """A cookie value for a fresh sign-in, with a new CSRF nonce."""
        body = {"name": member.name, "role": member.role.value, "nonce": secrets.token_urlsafe(18)}
        return self._signer.seal(self.PURPOSE, body, expires_at=now + self._lifetime)

    def read(self, cookie: str | None, now: dt.datetime) -> StaffSession | None:
        """The session for a genuine, unexpired cookie; None for anything else."""
        try:
            body = self._signer.unseal(self.PURPOSE, cookie, now)
        except SealExpired:
            return None
        try:
            member = StaffMember(name=body["name"], role=StaffRole(body["role"]))
            return StaffSession(member, str(body["nonce"]))
        except (ValueError, KeyError, TypeError):
            return None
