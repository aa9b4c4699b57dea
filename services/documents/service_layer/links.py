"""Links in events and documents: downloads, and the owner's feedback capability.

The owner has no account: intake mails them links. For documents the owner's token is
HMAC-SHA256(SECRET_KEY, "owner:" + case_id), so it needs no storage, cannot be forged without
the secret, and rotating SECRET_KEY revokes every owner link at once.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import hmac
from zoneinfo import ZoneInfo

from services.documents.domain.documents import DocumentRecord
from shared.contracts.base import Contact, Country
from shared.contracts.documents import DocumentLink

_ZONES = {Country.NL: "Europe/Amsterdam", Country.BE: "Europe/Brussels"}
PROGRAMME_OFFICE = Contact(name="Programmabureau Samenspel", email="planning@samenspel.nl")


@dataclasses.dataclass(frozen=True)
class Links:
    """What events and letters need to link back: the public base URL, the owner-token secret
    and the programme office (the contact a letter names where an alternative has no link)."""

    base_url: str
    secret: str
    office: Contact = PROGRAMME_OFFICE


def owner_token(secret: str, case_id: str) -> str:
    """The owner's capability for one case."""
    return hmac.new(secret.encode(), f"owner:{case_id}".encode(), hashlib.sha256).hexdigest()


def is_owner_token(secret: str, case_id: str, token: str) -> bool:
    """Constant-time comparison, so the token cannot be guessed byte by byte."""
    return hmac.compare_digest(owner_token(secret, case_id).encode(), token.encode())


def download_url(base_url: str, file_id: str) -> str:
    return f"{base_url.rstrip('/')}/api/documents/{file_id}"


def links(base_url: str, records: list[DocumentRecord]) -> list[DocumentLink]:
    """One link per format, in the order the files were made."""
    return [
        DocumentLink(
            format=r.format,
            url=download_url(base_url, r.id),
            filename=r.filename,
            content_type=r.content_type,
        )
        for r in records
    ]


def local_today(now: dt.datetime, country: Country) -> dt.date:
    """Letters are dated in the programme's own time zone."""
    return now.astimezone(ZoneInfo(_ZONES[country])).date()
