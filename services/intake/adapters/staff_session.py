"""The staff console's session: a signed, expiring cookie, so no session store is needed."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import json
import secrets
from dataclasses import dataclass

from shared.staff_auth import StaffMember, StaffRole


@dataclass(frozen=True)
class StaffSession:
    """Who is signed in, and the nonce their CSRF tokens are bound to."""

    member: StaffMember
    nonce: str


class SessionSigner:
    """Issues and reads `payload.signature` cookies (HMAC-SHA256 over the payload)."""

    def __init__(self, secret: bytes, lifetime: dt.timedelta) -> None:
        self._secret = secret
        self._lifetime = lifetime

    def _sign(self, payload: bytes) -> str:
        return hmac.new(self._secret, payload, hashlib.sha256).hexdigest()

    def issue(self, member: StaffMember, now: dt.datetime) -> str:
        """A cookie value for a fresh sign-in, with a new CSRF nonce."""
        body = {
            "name": member.name,
            "role": member.role.value,
            "nonce": secrets.token_urlsafe(18),
            "expires": int((now + self._lifetime).timestamp()),
        }
        payload = base64.urlsafe_b64encode(json.dumps(body).encode()).decode()
        return f"{payload}.{self._sign(payload.encode())}"

    def read(self, cookie: str | None, now: dt.datetime) -> StaffSession | None:
        """The session for a genuine, unexpired cookie; None for anything else."""
        payload, _, signature = (cookie or "").partition(".")
        if not payload or not hmac.compare_digest(self._sign(payload.encode()), signature):
            return None
        try:
            body = json.loads(base64.urlsafe_b64decode(payload.encode()))
            member = StaffMember(name=body["name"], role=StaffRole(body["role"]))
            expires, nonce = int(body["expires"]), str(body["nonce"])
        except (ValueError, KeyError, TypeError):
            return None
        if now.timestamp() >= expires:
            return None
        return StaffSession(member, nonce)
