"""SECRET_KEY rotation: a new key in front keeps old cookies and links; removing a key ends them."""

from __future__ import annotations

import datetime as dt

import pytest

from services.intake.web.console.staff_session import SessionSigner
from services.intake.web.csrf import CsrfSigner
from services.notifications.domain.unsubscribe import make_token, read_token
from shared.capabilities import PERSON_PAGE, CapabilitySigner
from shared.download_links import read_download, sign_download
from shared.staff_auth import StaffMember, StaffRole

pytestmark = pytest.mark.security
NOW = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
OLD, NEW = "old-key-" + "o" * 32, "new-key-" + "n" * 32
ANNA = StaffMember(name="Anna", role=StaffRole.DECIDER)


def test_rotating_keeps_every_token_of_the_old_key_and_dropping_it_ends_them() -> None:
    before = CapabilitySigner.from_secret(OLD)
    rotated = CapabilitySigner.from_secret(f"{NEW},{OLD}")
    dropped = CapabilitySigner.from_secret(NEW)
    hours = dt.timedelta(hours=8)

    cookie = SessionSigner(before, hours).issue(ANNA, NOW)
    csrf = CsrfSigner(before).token_for("nonce")
    page = before.sign(PERSON_PAGE, "owner-aaaa")
    download = sign_download(before, "owner-aaaa", 0, "file-1", NOW + dt.timedelta(days=1))
    unsubscribe = make_token(before, "sanne@example.org", "reminder")

    assert SessionSigner(rotated, hours).read(cookie, NOW) is not None
    assert CsrfSigner(rotated).is_valid("nonce", csrf)
    assert rotated.verify(page, PERSON_PAGE, NOW) is not None
    assert read_download(rotated, download, NOW) is not None
    assert read_token(rotated, unsubscribe) is not None

    assert SessionSigner(dropped, hours).read(cookie, NOW) is None
    assert not CsrfSigner(dropped).is_valid("nonce", csrf)
    assert dropped.verify(page, PERSON_PAGE, NOW) is None
    assert read_download(dropped, download, NOW) is None
    assert read_token(dropped, unsubscribe) is None

    # the new key signs: its tokens do not open with the old key alone
    assert before.verify(rotated.sign(PERSON_PAGE, "owner-aaaa"), PERSON_PAGE, NOW) is None


def test_a_token_for_one_purpose_opens_nothing_else() -> None:
    signer = CapabilitySigner.from_secret(OLD)
    csrf = CsrfSigner(signer).token_for("owner-aaaa")
    assert signer.verify(csrf, PERSON_PAGE, NOW) is None
    assert SessionSigner(signer, dt.timedelta(hours=1)).read(csrf, NOW) is None
