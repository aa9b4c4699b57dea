"""Templates: Dutch, personalised, escaped in HTML, and previewable for every routed event."""

import datetime as dt
from typing import Any

import jinja2
import pytest

from services.notifications.adapters.templates import JinjaRenderer
from services.notifications.domain.dutch import date_nl, datetime_nl
from services.notifications.domain.model import Recipient
from services.notifications.domain.wording import describe
from services.notifications.service_layer.samples import sample_event

pytestmark = pytest.mark.unit

OWNER = Recipient(address="m.devries@example.org", name="Marieke de Vries", role="owner")


def _context(routing_key: str, recipient: Recipient = OWNER, **links: str) -> dict[str, Any]:
    event = sample_event(routing_key)
    return {
        "event": event,
        "data": event.data,
        "about": describe(event.data),
        "offer": [],
        "recipient": recipient,
        "links": links,
        "sender_name": "Het programmabureau",
    }


def test_dates_read_in_dutch_in_the_recipients_zone() -> None:
    utc = dt.datetime(2026, 3, 9, 13, 0, tzinfo=dt.UTC)
    assert datetime_nl(utc, "Europe/Amsterdam") == "maandag 9 maart 2026 om 14:00"
    after_dst = dt.datetime(2026, 4, 6, 12, 0, tzinfo=dt.UTC)
    assert datetime_nl(after_dst, "Europe/Amsterdam") == "maandag 6 april 2026 om 14:00"
    assert date_nl(dt.date(2026, 4, 27)) == "maandag 27 april 2026"


def test_a_naive_datetime_is_refused_rather_than_guessed() -> None:
    with pytest.raises(ValueError, match="naive"):
        datetime_nl(dt.datetime(2026, 3, 9, 14, 0), "Europe/Amsterdam")


def test_the_owner_receipt_is_personal_and_in_dutch() -> None:
    rendered = JinjaRenderer().render("case_submitted_owner", _context("case.submitted"))
    assert rendered.subject == 'Ontvangstbevestiging: uw aanmelding "Zonneweide Hoge Veld"'
    for body in (rendered.text, rendered.html):
        assert "Beste Marieke de Vries" in body
        assert "maandag 2 maart 2026 om 09:15" in body
        assert "5 werkdagen" in body
        assert "case-42" not in body  # no raw id: the page link is the way back


def test_user_text_is_escaped_in_html_and_left_alone_in_text() -> None:
    context = _context("case.submitted")
    data = context["data"]
    case = data.case.model_copy(update={"title": "Plein <script>x</script> & {{ 7*7 }}"})
    context["data"] = data.model_copy(update={"case": case})
    rendered = JinjaRenderer().render("case_submitted_staff", context)
    assert "<script>" not in rendered.html
    assert "&lt;script&gt;" in rendered.html
    assert "Plein <script>x</script> & {{ 7*7 }}" in rendered.text  # user text is never source
    assert "49" not in rendered.text


def test_a_missing_variable_fails_loudly() -> None:
    context = _context("case.submitted")
    del context["recipient"]
    with pytest.raises(jinja2.UndefinedError):
        JinjaRenderer().render("case_submitted_owner", context)


def test_the_unsubscribe_link_appears_only_when_given() -> None:
    with_link = JinjaRenderer().render(
        "case_submitted_owner", _context("case.submitted", unsubscribe="https://x.example/u/t")
    )
    without = JinjaRenderer().render("case_submitted_owner", _context("case.submitted"))
    assert "https://x.example/u/t" in with_link.text
    assert 'href="https://x.example/u/t"' in with_link.html
    assert "Meld u af" not in without.text
