"""The one signer (design.md, "Links for people"): links, cookies and form tokens, nothing stored.

Built on `itsdangerous` (as Starlette's sessions are): each token names its purpose (the salt),
so a token for one purpose never opens another. `SECRET_KEY` may list several keys separated by
commas: the first signs, all verify, so an operator rotates by putting a new key in front and
drops the old one once its links may end. Expiry sits in the signed value and is checked against
the service's clock (not the wall clock), so tests and timers agree on when a link ends.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from itsdangerous import BadData, URLSafeSerializer


class CapabilityExpired(Exception):
    """The token is genuine but past its expiry: the page offers a fresh link (HTTP 410)."""

    def __init__(self, subject: str, generation: int) -> None:
        super().__init__("capability expired")
        self.subject = subject
        self.generation = generation


class SealExpired(Exception):
    """A genuine sealed value past its expiry (a session cookie, a form token)."""


@dataclass(frozen=True)
class Capability:
    """What a verified token grants: a purpose for a subject, at a generation."""

    purpose: str
    subject: str
    generation: int
    expires_at: dt.datetime | None


def _stamp(moment: dt.datetime | None) -> int | None:
    return None if moment is None else int(moment.timestamp())


class CapabilitySigner:
    """Signs and verifies every token with `SECRET_KEY` (one or more keys, the first signs)."""

    def __init__(self, keys: Sequence[str | bytes]) -> None:
        if not keys:
            raise ValueError("a signer needs at least one key")
        # itsdangerous signs with the last key of the list and verifies with all of them.
        self._keys = [k.encode() if isinstance(k, str) else k for k in reversed(keys)]

    @classmethod
    def from_secret(cls, secret: str) -> CapabilitySigner:
        """`SECRET_KEY` may list several keys separated by commas; the first one signs."""
        return cls([part.strip() for part in secret.split(",") if part.strip()])

    @property
    def keys(self) -> list[bytes]:
        """Every verifying key (for recognising links of an earlier format)."""
        return list(self._keys)

    def _serializer(self, purpose: str) -> URLSafeSerializer:
        return URLSafeSerializer(self._keys, salt=f"samenspel:{purpose}")

    def seal(self, purpose: str, value: Any, *, expires_at: dt.datetime | None = None) -> str:
        """A URL-safe signed token carrying `value` (JSON) for `purpose`, until `expires_at`."""
        token: str = self._serializer(purpose).dumps([value, _stamp(expires_at)])
        return token

    def _load(self, purpose: str, token: str | None) -> tuple[Any, int | None] | None:
        if not token:
            return None
        try:
            loaded = self._serializer(purpose).loads(token)
        except BadData:
            return None
        if not isinstance(loaded, list) or len(loaded) != 2:
            return None
        value, expiry = loaded
        if expiry is not None and not isinstance(expiry, int):
            return None
        return value, expiry

    def unseal(self, purpose: str, token: str | None, now: dt.datetime) -> Any:
        """The value sealed for `purpose`; None when forged or malformed, SealExpired when old."""
        loaded = self._load(purpose, token)
        if loaded is None:
            return None
        value, expiry = loaded
        if expiry is not None and now.timestamp() >= expiry:
            raise SealExpired()
        return value

    def sign(
        self,
        purpose: str,
        subject: str,
        *,
        generation: int = 0,
        expires_at: dt.datetime | None = None,
    ) -> str:
        """A URL-safe token granting `purpose` on `subject` until `expires_at` (or for good)."""
        if "/" in subject:
            raise ValueError("a capability subject may not contain '/'")
        return self.seal(purpose, [subject, generation], expires_at=expires_at)

    def verify(self, token: str, purpose: str, now: dt.datetime) -> Capability | None:
        """The capability, None when forged or malformed; CapabilityExpired when too old."""
        loaded = self._load(purpose, token)
        parsed = None if loaded is None else _capability(loaded[0])
        if loaded is None or parsed is None:
            return None
        subject, generation = parsed
        expiry = loaded[1]
        if expiry is not None and now.timestamp() >= expiry:
            raise CapabilityExpired(subject, generation)
        expires_at = None if expiry is None else dt.datetime.fromtimestamp(expiry, tz=dt.UTC)
        return Capability(purpose, subject, generation, expires_at)


def _capability(value: Any) -> tuple[str, int] | None:
    if (
        isinstance(value, list)
        and len(value) == 2
        and isinstance(value[0], str)
        and isinstance(value[1], int)
        and value[1] >= 0
    ):
        return value[0], value[1]
    return None


PERSON_PAGE = "person-page"
"""The purpose of a person's own page link (served by intake at `/mijn/<token>`)."""


def person_page_path(token: str) -> str:
    """Where a person's page lives on intake's public address."""
    return f"/mijn/{token}"
