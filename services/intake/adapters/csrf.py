"""CSRF tokens for the form: an HMAC of the visitor's session nonce, so nothing is stored."""

from __future__ import annotations

import hashlib
import hmac

MIN_SECRET_BYTES = 32


class CsrfSigner:
    """Issues and checks the hidden form token bound to one browser session."""

    def __init__(self, secret: bytes) -> None:
        if len(secret) < MIN_SECRET_BYTES:
            raise ValueError(f"CSRF secret must be at least {MIN_SECRET_BYTES} bytes")
        self._secret = secret

    def token_for(self, session_nonce: str) -> str:
        """The token to put in the form served to the session with this nonce."""
        message = b"samenspel-csrf:" + session_nonce.encode("utf-8")
        return hmac.new(self._secret, message, hashlib.sha256).hexdigest()

    def is_valid(self, session_nonce: str | None, token: str | None) -> bool:
        """True only for the token of this very session; compared in constant time."""
        if not session_nonce or not token:
            return False
        return hmac.compare_digest(self.token_for(session_nonce), token)
