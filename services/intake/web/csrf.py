"""CSRF tokens for the forms: the visitor's session nonce sealed by the shared signer."""

from __future__ import annotations

import datetime as dt
import hmac

from shared.capabilities import CapabilitySigner

PURPOSE = "csrf"
_NO_EXPIRY = dt.datetime.fromtimestamp(0, tz=dt.UTC)  # form tokens live as long as the nonce


class CsrfSigner:
    """Issues and checks the hidden form token bound to one browser session."""

    def __init__(self, signer: CapabilitySigner) -> None:
        self._signer = signer

    def token_for(self, session_nonce: str) -> str:
        """The token to put in the form served to the session with this nonce."""
        return self._signer.seal(PURPOSE, session_nonce)

    def is_valid(self, session_nonce: str | None, token: str | None) -> bool:
        """True only for the token of this very session; compared in constant time."""
        if not session_nonce or not token:
            return False
        sealed = self._signer.unseal(PURPOSE, token, _NO_EXPIRY)
        return isinstance(sealed, str) and hmac.compare_digest(sealed, session_nonce)
