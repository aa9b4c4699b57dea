"""Signed capability links (design.md, "Links for people"): nothing stored, nothing in events.

A token is `<subject>.<generation>.<expiry>.<mac>`: the subject is an opaque id (a person id),
the generation rises when a link is revoked or reissued, the expiry is a Unix time or `-`.
The MAC covers the purpose too, so a token for one purpose never opens another. Several keys
may verify (the first signs), so `SECRET_KEY` can be rotated without ending every link.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
from collections.abc import Sequence
from dataclasses import dataclass

MAC_CHARS = 32


class CapabilityExpired(Exception):
    """The token is genuine but past its expiry: the page offers a fresh link (HTTP 410)."""

    def __init__(self, subject: str, generation: int) -> None:
        super().__init__("capability expired")
        self.subject = subject
        self.generation = generation


@dataclass(frozen=True)
class Capability:
    """What a verified token grants: a purpose for a subject, at a generation."""

    purpose: str
    subject: str
    generation: int
    expires_at: dt.datetime | None


class CapabilitySigner:
    """Signs and verifies capability tokens with `SECRET_KEY` (one or more keys)."""

    def __init__(self, keys: Sequence[str | bytes]) -> None:
        if not keys:
            raise ValueError("a signer needs at least one key")
        self._keys = [k.encode() if isinstance(k, str) else k for k in keys]

    @classmethod
    def from_secret(cls, secret: str) -> CapabilitySigner:
        """`SECRET_KEY` may list several keys separated by commas; the first one signs."""
        return cls([part.strip() for part in secret.split(",") if part.strip()])

    def _mac(self, key: bytes, purpose: str, body: str) -> str:
        digest = hmac.new(key, f"{purpose}|{body}".encode(), hashlib.sha256).digest()
        return base64.urlsafe_b64encode(digest).decode().rstrip("=")[:MAC_CHARS]

    def sign(
        self,
        purpose: str,
        subject: str,
        *,
        generation: int = 0,
        expires_at: dt.datetime | None = None,
    ) -> str:
        """A URL-safe token granting `purpose` on `subject` until `expires_at` (or for good)."""
        if "." in subject or "/" in subject:
            raise ValueError("a capability subject may not contain '.' or '/'")
        expiry = "-" if expires_at is None else str(int(expires_at.timestamp()))
        body = f"{subject}.{generation}.{expiry}"
        return f"{body}.{self._mac(self._keys[0], purpose, body)}"

    def verify(self, token: str, purpose: str, now: dt.datetime) -> Capability | None:
        """The capability, None when forged or malformed; CapabilityExpired when too old."""
        parts = token.split(".")
        if len(parts) != 4 or not parts[1].isdigit():
            return None
        subject, generation, expiry, mac = parts
        body = f"{subject}.{generation}.{expiry}"
        if not any(hmac.compare_digest(self._mac(key, purpose, body), mac) for key in self._keys):
            return None
        expires_at = None
        if expiry != "-":
            if not expiry.isdigit():
                return None
            expires_at = dt.datetime.fromtimestamp(int(expiry), tz=dt.UTC)
            if now >= expires_at:
                raise CapabilityExpired(subject, int(generation))
        return Capability(purpose, subject, int(generation), expires_at)


PERSON_PAGE = "person-page"
"""The purpose of a person's own page link (served by intake at `/mijn/<token>`)."""


def person_page_path(token: str) -> str:
    """Where a person's page lives on intake's public address."""
    return f"/mijn/{token}"
