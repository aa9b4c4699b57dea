"""One-click unsubscribe tokens: the link itself proves the right to opt out, nothing else."""

from __future__ import annotations

import base64
import hashlib
import hmac

from pydantic import BaseModel, ConfigDict

_VERSION = "v1"


class UnsubscribeRequest(BaseModel):
    """What a valid token asks for."""

    model_config = ConfigDict(frozen=True)

    recipient: str
    category: str


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _signature(secret: bytes, payload: bytes) -> bytes:
    return hmac.new(secret, payload, hashlib.sha256).digest()


def make_token(secret: bytes, recipient: str, category: str) -> str:
    """A URL-safe token naming the address and category, signed with the service's secret."""
    payload = f"{_VERSION}\n{recipient.strip().lower()}\n{category}".encode()
    return f"{_b64(payload)}.{_b64(_signature(secret, payload))}"


def read_token(secret: bytes, token: str) -> UnsubscribeRequest | None:
    """The request a genuine token carries; None for anything forged, altered or malformed."""
    encoded_payload, _, encoded_signature = token.partition(".")
    try:
        payload = _unb64(encoded_payload)
        signature = _unb64(encoded_signature)
    except ValueError:
        return None
    if not hmac.compare_digest(signature, _signature(secret, payload)):
        return None
    parts = payload.decode(errors="replace").split("\n")
    if len(parts) != 3 or parts[0] != _VERSION or not parts[1] or not parts[2]:
        return None
    return UnsubscribeRequest(recipient=parts[1], category=parts[2])
