"""Download links for people: a file, for one person, at their link generation, until a date.

Minted by whoever shows the link (intake's pages, notifications' mails) with the shared signer,
verified by documents at `/documenten/<token>`. A refused link's page offers a fresh one through
a `fresh-link` token that intake's `/mijn/nieuwe-link` accepts (it mails the person's page).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

from shared.capabilities import CapabilityExpired, CapabilitySigner, SealExpired

DOWNLOAD = "download"
FRESH_LINK = "fresh-link"
FRESH_LINK_DAYS = 90
DEFAULT_DOWNLOAD_DAYS = 30
STAFF = "medewerker"
"""The subject of the console's download links: no person's generation, a session's lifetime."""


@dataclass(frozen=True)
class DownloadGrant:
    """What a genuine download token grants."""

    person_id: str
    generation: int
    file_id: str


def file_id_of(url: str) -> str:
    """The stored file's id, the last segment of a documents URL (`/api/documents/<id>`)."""
    return urlsplit(url).path.rstrip("/").rsplit("/", 1)[-1]


def download_path(token: str) -> str:
    """Where documents serves a person's download."""
    return f"/documenten/{token}"


def sign_download(
    signer: CapabilitySigner, person_id: str, generation: int, file_id: str, expires_at: dt.datetime
) -> str:
    """A download token for one file; ends at `expires_at` or when the person's links end."""
    return signer.seal(DOWNLOAD, [person_id, generation, file_id], expires_at=expires_at)


def read_download(signer: CapabilitySigner, token: str, now: dt.datetime) -> DownloadGrant | None:
    """The grant of a genuine token, None when forged; CapabilityExpired (person id) when old."""
    try:
        value = signer.unseal(DOWNLOAD, token, now)
    except SealExpired:
        value = signer.unseal(DOWNLOAD, token, dt.datetime.fromtimestamp(0, tz=dt.UTC))
        grant = _grant(value)
        raise CapabilityExpired(grant.person_id if grant else "", 0) from None
    return _grant(value)


def _grant(value: object) -> DownloadGrant | None:
    if not isinstance(value, list) or len(value) != 3:
        return None
    person_id, generation, file_id = value
    if isinstance(person_id, str) and isinstance(generation, int) and isinstance(file_id, str):
        return DownloadGrant(person_id, generation, file_id)
    return None


def fresh_link_token(signer: CapabilitySigner, person_id: str, now: dt.datetime) -> str:
    """Lets a refused page ask intake to mail the person a fresh link (nothing more)."""
    return signer.seal(FRESH_LINK, person_id, expires_at=now + dt.timedelta(days=FRESH_LINK_DAYS))


def read_fresh_link(signer: CapabilitySigner, token: str | None, now: dt.datetime) -> str | None:
    """The person a genuine, unexpired fresh-link token names."""
    try:
        value = signer.unseal(FRESH_LINK, token, now)
    except SealExpired:
        return None
    return value if isinstance(value, str) else None


LinkFor = Callable[[str], str]
"""Turns a documents URL from an event into the link a page shows."""


@dataclass(frozen=True)
class DownloadMinter:
    """Mints `/documenten/<token>` links on the documents service's public address."""

    signer: CapabilitySigner
    documents_public_url: str
    days: int

    def for_person(
        self, person_id: str, generation: int, now: dt.datetime, lasts: dt.timedelta | None = None
    ) -> LinkFor:
        """Links for this person's page, valid `days` (or `lasts`) from now or until their links
        end."""
        expires_at = now + (lasts or dt.timedelta(days=self.days))
        base = self.documents_public_url.rstrip("/")

        def link(url: str) -> str:
            token = sign_download(self.signer, person_id, generation, file_id_of(url), expires_at)
            return base + download_path(token)

        return link

    def for_staff(self, now: dt.datetime, lasts: dt.timedelta) -> LinkFor:
        """The console's links: signed like a person's, ending with the staff session's span."""
        return self.for_person(STAFF, 0, now, lasts)
