"""Links of the formats before the shared signer moved to itsdangerous: recognised, never obeyed.

A genuine old link (its HMAC checks out under a key of SECRET_KEY) opens design.md's Dutch 410
page with the "new link" form, so a person who kept an old mail gets a working link by mail;
a forged one is as unknown as any other wrong link.
"""

from __future__ import annotations

import base64
import hashlib
import hmac

from shared.capabilities import CapabilitySigner

_MAC_CHARS = 32


def _mac(key: bytes, purpose: str, body: str) -> str:
    digest = hmac.new(key, f"{purpose}|{body}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")[:_MAC_CHARS]


def old_capability_subject(signer: CapabilitySigner, token: str, purpose: str) -> str | None:
    """The subject of a genuine `subject.generation.expiry.mac` token of `purpose`, else None."""
    parts = token.split(".")
    if len(parts) != 4 or not parts[1].isdigit():
        return None
    subject, generation, expiry, mac = parts
    body = f"{subject}.{generation}.{expiry}"
    genuine = [hmac.compare_digest(_mac(key, purpose, body), mac) for key in signer.keys]
    return subject if any(genuine) and subject else None


def is_old_calendar_token(signer: CapabilitySigner, path: str, token: str) -> bool:
    """A genuine calendar token of the first format: HMAC-SHA256(key, path) in hex, 32 chars."""
    macs = [hmac.new(key, path.encode(), hashlib.sha256).hexdigest()[:32] for key in signer.keys]
    return any([hmac.compare_digest(mac, token) for mac in macs])


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def old_unsubscribe(signer: CapabilitySigner, token: str) -> tuple[str, str] | None:
    """(address, category) of a genuine first-format unsubscribe token: it may only opt out, so
    honouring it for good is what RFC 8058 expects of a link already mailed."""
    encoded_payload, _, encoded_signature = token.partition(".")
    try:
        payload, signature = _unb64(encoded_payload), _unb64(encoded_signature)
    except ValueError:
        return None
    macs = [hmac.new(key, payload, hashlib.sha256).digest() for key in signer.keys]
    if not any([hmac.compare_digest(mac, signature) for mac in macs]):
        return None
    parts = payload.decode(errors="replace").split("\n")
    if len(parts) != 3 or parts[0] != "v1" or not parts[1] or not parts[2]:
        return None
    return parts[1], parts[2]
