"""Links in events and documents: downloads, and the owner's feedback capability.

The owner has no account: their capability is signed by the shared signer (purpose
`owner-documents`, the owner's person id and link generation), so it needs no storage and
ends when the owner's links are revoked (`capability.revoked`) or its key leaves SECRET_KEY.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from zoneinfo import ZoneInfo

from services.documents.domain.documents import DocumentRecord
from shared.capabilities import Capability, CapabilityExpired, CapabilitySigner
from shared.contracts.base import Contact, Country
from shared.contracts.documents import DocumentLink
from shared.people import owner_id

_ZONES = {Country.NL: "Europe/Amsterdam", Country.BE: "Europe/Brussels"}
PROGRAMME_OFFICE = Contact(name="Programmabureau Samenspel", email="planning@samenspel.nl")


@dataclasses.dataclass(frozen=True)
class Links:
    """What events and letters need to link back: the public base URL, the owner-token secret
    and the programme office (the contact a letter names where an alternative has no link)."""

    base_url: str
    signer: CapabilitySigner
    office: Contact = PROGRAMME_OFFICE


OWNER_DOCUMENTS = "owner-documents"


def owner_token(signer: CapabilitySigner, case_id: str, generation: int = 0) -> str:
    """The owner's capability for one case, at their current link generation."""
    return signer.sign(OWNER_DOCUMENTS, owner_id(case_id), generation=generation)


def owner_capability(
    signer: CapabilitySigner, case_id: str, token: str, now: dt.datetime
) -> Capability | None:
    """The capability when `token` is this case owner's, whatever its generation."""
    try:
        capability = signer.verify(token, OWNER_DOCUMENTS, now)
    except CapabilityExpired:
        return None
    return capability if capability and capability.subject == owner_id(case_id) else None


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
