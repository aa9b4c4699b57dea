"""The console's session cookie and the owner's download links."""

from __future__ import annotations

import datetime as dt

import pytest

from services.intake.web.console.console_pages import download_url
from services.intake.web.console.staff_session import SessionSigner
from shared.capabilities import CapabilityExpired, CapabilitySigner
from shared.download_links import STAFF, DownloadMinter, read_download
from shared.messaging.dead_letter_queues import DeadLetter
from shared.staff_auth import StaffMember, StaffRole

pytestmark = pytest.mark.unit
NOW = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
ANNA = StaffMember(name="Anna", role=StaffRole.DECIDER)


def test_a_session_cookie_reads_back_until_it_expires() -> None:
    signer = SessionSigner(CapabilitySigner.from_secret("k" * 32), dt.timedelta(hours=8))
    cookie = signer.issue(ANNA, NOW)
    session = signer.read(cookie, NOW + dt.timedelta(hours=7))
    assert session is not None and session.member == ANNA and session.nonce
    assert signer.read(cookie, NOW + dt.timedelta(hours=8)) is None


@pytest.mark.parametrize("mangle", ["", "x", "abc.def", "{p}.00", "{p}x.{s}"])
def test_a_tampered_or_foreign_cookie_is_no_session(mangle: str) -> None:
    signer = SessionSigner(CapabilitySigner.from_secret("k" * 32), dt.timedelta(hours=8))
    payload, _, signature = signer.issue(ANNA, NOW).partition(".")
    assert signer.read(mangle.format(p=payload, s=signature), NOW) is None
    other = SessionSigner(CapabilitySigner.from_secret("o" * 32), dt.timedelta(hours=8))
    assert other.read(f"{payload}.{signature}", NOW) is None


def test_downloads_point_at_the_public_documents_address() -> None:
    internal = "http://documents:8003/api/documents/abc123"
    assert download_url("https://docs.example.nl/", internal) == (
        "https://docs.example.nl/api/documents/abc123"
    )


def test_the_console_links_files_through_signed_links_that_end_with_a_session() -> None:
    signer = CapabilitySigner.from_secret("k" * 32)
    minter = DownloadMinter(signer, "https://docs.example.nl/", 30)
    link = minter.for_staff(NOW, dt.timedelta(hours=8))(
        "http://documents:8003/api/documents/abc123"
    )
    assert link.startswith("https://docs.example.nl/documenten/")
    token = link.rsplit("/", 1)[-1]
    grant = read_download(signer, token, NOW + dt.timedelta(hours=7))
    assert grant is not None and grant.file_id == "abc123" and grant.person_id == STAFF
    with pytest.raises(CapabilityExpired):
        read_download(signer, token, NOW + dt.timedelta(hours=8))


def test_a_dead_letter_is_named_by_its_event_id_or_a_digest() -> None:
    def key(body: bytes) -> str:
        return DeadLetter(1, "case.submitted", "r", {}, body).key

    assert key(b'{"id": "ev-1", "type": "x"}') == "ev-1"
    assert key(b"not json").startswith("sha256-")
    assert key(b"not json") == key(b"not json") != key(b"other")
