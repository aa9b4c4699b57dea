"""The owner's capability link: an unguessable token of which only a hash is ever stored."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from pydantic import AwareDatetime, BaseModel, ConfigDict

TOKEN_BYTES = 32


def new_capability_token() -> str:
    """A fresh token for the owner's link (256 bits of randomness, URL-safe)."""
    return secrets.token_urlsafe(TOKEN_BYTES)


def hash_capability_token(token: str) -> str:
    """The only form in which a token is kept: a leaked database does not leak working links."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class OwnerLink(BaseModel):
    """The stored side of an owner's link; revoking it makes the token worthless."""

    model_config = ConfigDict(frozen=True)

    token_hash: str
    issued_at: AwareDatetime
    revoked_at: AwareDatetime | None = None

    def grants(self, token: str) -> bool:
        """True when `token` is this link's token and the link is not revoked."""
        if self.revoked_at is not None:
            return False
        return hmac.compare_digest(hash_capability_token(token), self.token_hash)
