"""One-click unsubscribe tokens: the link itself proves the right to opt out, nothing else."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict

from shared.capabilities import CapabilitySigner
from shared.legacy_links import old_unsubscribe

PURPOSE = "unsubscribe"
_NO_EXPIRY = dt.datetime.fromtimestamp(0, tz=dt.UTC)  # RFC 8058 links keep working


class UnsubscribeRequest(BaseModel):
    """What a valid token asks for."""

    model_config = ConfigDict(frozen=True)

    recipient: str
    category: str


def make_token(signer: CapabilitySigner, recipient: str, category: str) -> str:
    """A URL-safe token naming the address and category, sealed by the shared signer."""
    return signer.seal(PURPOSE, [recipient.strip().lower(), category])


def read_token(signer: CapabilitySigner, token: str) -> UnsubscribeRequest | None:
    """The request a genuine token carries; None for anything forged, altered or malformed."""
    value = signer.unseal(PURPOSE, token, _NO_EXPIRY)
    if value is None and (old := old_unsubscribe(signer, token)) is not None:
        value = list(old)  # a link mailed before the shared signer: it still only opts out
    if not isinstance(value, list) or len(value) != 2:
        return None
    recipient, category = value
    if not isinstance(recipient, str) or not isinstance(category, str) or not recipient:
        return None
    if not category:
        return None
    return UnsubscribeRequest(recipient=recipient, category=category)
