"""Signed links for people: one purpose each, expiry, rotation, and ids without personal data."""

from __future__ import annotations

import datetime as dt

import pytest

from shared.capabilities import PERSON_PAGE, CapabilityExpired, CapabilitySigner
from shared.people import PERSON_ID, coach_id, owner_id, participant_id

pytestmark = pytest.mark.unit

NOW = dt.datetime(2026, 12, 1, 12, tzinfo=dt.UTC)


def test_a_signed_person_link_opens_only_its_own_purpose() -> None:
    signer = CapabilitySigner.from_secret("first-key")
    token = signer.sign(PERSON_PAGE, "participant-0123456789abcdef01234567", generation=2)
    granted = signer.verify(token, PERSON_PAGE, NOW)
    assert granted is not None and granted.generation == 2
    assert signer.verify(token, "calendar-feed", NOW) is None


def test_a_tampered_or_foreign_token_is_refused() -> None:
    signer = CapabilitySigner.from_secret("first-key")
    token = signer.sign(PERSON_PAGE, "owner-aaaa")
    payload, _, mac = token.partition(".")
    forged = CapabilitySigner.from_secret("guess").sign(PERSON_PAGE, "owner-bbbb")
    assert signer.verify(f"{forged.partition('.')[0]}.{mac}", PERSON_PAGE, NOW) is None
    assert signer.verify(f"{payload}.{mac[::-1]}", PERSON_PAGE, NOW) is None
    assert CapabilitySigner.from_secret("other").verify(token, PERSON_PAGE, NOW) is None
    assert signer.verify("not-a-token", PERSON_PAGE, NOW) is None


def test_an_expired_link_is_recognised_as_genuine_but_expired() -> None:
    signer = CapabilitySigner.from_secret("k")
    token = signer.sign(PERSON_PAGE, "coach-1", expires_at=NOW + dt.timedelta(days=1))
    assert signer.verify(token, PERSON_PAGE, NOW) is not None
    with pytest.raises(CapabilityExpired):
        signer.verify(token, PERSON_PAGE, NOW + dt.timedelta(days=2))


def test_rotating_the_secret_keeps_old_links_working_until_the_old_key_goes() -> None:
    token = CapabilitySigner.from_secret("old").sign(PERSON_PAGE, "owner-1")
    rotated = CapabilitySigner.from_secret("new,old")
    assert rotated.verify(token, PERSON_PAGE, NOW) is not None
    assert CapabilitySigner.from_secret("new").verify(token, PERSON_PAGE, NOW) is None


def test_person_ids_are_stable_opaque_and_differ_by_role() -> None:
    assert coach_id("Olga@Example.org") == coach_id("olga@example.org")
    assert owner_id("case-1") != participant_id("case-1")
    for pid in (coach_id("olga@example.org"), owner_id("c"), participant_id("p")):
        assert PERSON_ID.fullmatch(pid) and "@" not in pid
