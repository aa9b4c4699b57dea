"""What a forger could put in an event never reaches a page, a fetch or a mail header."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from pydantic import ValidationError

from shared.contracts.base import Contact
from shared.contracts.documents import DocumentLink
from shared.contracts.intake import Alternative
from shared.contracts.scheduling import CohortInfo, SessionInfo

pytestmark = pytest.mark.unit

START = dt.datetime(2026, 3, 9, 13, tzinfo=dt.UTC)


def session(**changes: Any) -> dict[str, Any]:
    return {
        "session_id": "lc-1-s1",
        "step": 1,
        "name": "Startsessie",
        "starts_at": START,
        "ends_at": START + dt.timedelta(hours=2),
        "timezone": "Europe/Amsterdam",
        **changes,
    }


def reasons(model: type[Any], data: dict[str, Any]) -> dict[str, str]:
    with pytest.raises(ValidationError) as caught:
        model.model_validate(data)
    return {".".join(map(str, e["loc"])): e["msg"] for e in caught.value.errors()}


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(document.domain)",
        "data:text/html,<script>alert(1)</script>",
        "https://user:secret@teams.example.org/x",
        "https:///nohost",
        "https://teams.example.org/a b",
    ],
)
def test_a_meeting_link_must_be_plain_http_or_https(url: str) -> None:
    assert "meeting_url" in reasons(SessionInfo, session(meeting_url=url))


def test_a_real_meeting_link_passes() -> None:
    link = "https://teams.microsoft.com/l/meetup-join/19%3a?context=%7b%7d"
    assert SessionInfo.model_validate(session(meeting_url=link)).meeting_url == link


@pytest.mark.parametrize("zone", ["Mars/Olympus", "../../etc/passwd", "", "Europe/Amsterdam\n"])
def test_a_time_zone_must_be_a_known_iana_name(zone: str) -> None:
    found = reasons(SessionInfo, session(timezone=zone))
    assert "timezone" in found
    cohort = {"cohort_id": "c", "format": "leergang", "title": "t", "start_date": "2026-03-01"}
    assert "timezone" in reasons(CohortInfo, {**cohort, "timezone": zone})


def test_a_name_with_a_line_break_cannot_fold_into_a_mail_header() -> None:
    found = reasons(Contact, {"name": "Eva\r\nBcc: all@example.org", "email": "eva@example.nl"})
    assert found["name"] == "Value error, must be one line without control characters"


def test_dates_outside_any_programme_are_refused() -> None:
    cohort = {"cohort_id": "c", "format": "leergang", "title": "t", "start_date": "1900-01-01"}
    assert "start_date" in reasons(CohortInfo, cohort)
    assert "starts_at" in reasons(SessionInfo, session(starts_at="9999-01-01T10:00:00Z"))


def test_document_links_and_alternatives_carry_only_web_addresses() -> None:
    link = {
        "format": "pdf",
        "url": "file:///etc/passwd",
        "filename": "../../x.pdf",
        "content_type": "application/pdf",
    }
    found = reasons(DocumentLink, link)
    assert {"url", "filename"} <= set(found)
    alternative = {"code": "e", "title": "E-learning", "url": "javascript:void(0)"}
    assert "url" in reasons(Alternative, alternative)


def test_an_address_is_refused_with_its_reason_every_time_and_a_good_one_normalised() -> None:
    bad = {"name": "Marieke de Vries", "email": "m.devries@example..org"}
    first, again = reasons(Contact, bad), reasons(Contact, bad)  # a refusal is never remembered
    assert first == again
    assert first["email"].startswith("value is not a valid email address")
    for _ in range(2):  # checked once, answered the same the second time
        contact = Contact.model_validate({"name": "Marieke", "email": "M.deVries@Example.ORG"})
        assert contact.email == "M.deVries@example.org"
