"""The owner's documents link: signed for one case, any link generation, refused when foreign or
expired; download links and letter dates in the programme's own time zone."""

from __future__ import annotations

import datetime as dt

import pytest

from services.documents.service_layer.links import (
    OWNER_DOCUMENTS,
    download_url,
    local_today,
    owner_capability,
    owner_token,
)
from shared.capabilities import PERSON_PAGE, CapabilitySigner
from shared.contracts.base import Country
from shared.people import owner_id

pytestmark = pytest.mark.unit

NOW = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
SIGNER = CapabilitySigner.from_secret("s" * 32)


def test_the_owners_link_opens_their_own_case_at_any_generation_and_no_other() -> None:
    token = owner_token(SIGNER, "c1", generation=3)
    granted = owner_capability(SIGNER, "c1", token, NOW)
    assert granted is not None
    assert (granted.subject, granted.generation) == (owner_id("c1"), 3)
    assert owner_capability(SIGNER, "c2", token, NOW) is None, "another case's owner"


def test_a_forged_foreign_or_expired_token_opens_nothing() -> None:
    other_key = owner_token(CapabilitySigner.from_secret("x" * 32), "c1")
    assert owner_capability(SIGNER, "c1", other_key, NOW) is None
    person_page = SIGNER.sign(PERSON_PAGE, owner_id("c1"))
    assert owner_capability(SIGNER, "c1", person_page, NOW) is None, "another purpose"
    expired = SIGNER.sign(OWNER_DOCUMENTS, owner_id("c1"), expires_at=NOW)
    assert owner_capability(SIGNER, "c1", expired, NOW) is None
    assert owner_capability(SIGNER, "c1", "not-a-token", NOW) is None


def test_download_links_and_letter_dates_follow_the_programmes_place() -> None:
    assert download_url("https://documents.example/", "f1") == (
        "https://documents.example/api/documents/f1"
    )
    new_year = dt.datetime(2026, 12, 31, 23, 30, tzinfo=dt.UTC)
    assert local_today(new_year, Country.NL) == dt.date(2027, 1, 1)
    assert local_today(new_year, Country.BE) == dt.date(2027, 1, 1)
    assert local_today(dt.datetime(2026, 6, 30, 21, 59, tzinfo=dt.UTC), Country.NL) == dt.date(
        2026, 6, 30
    )
