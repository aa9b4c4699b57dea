"""The rendered form and confirmation page, read the way a browser and a screen reader would."""

from __future__ import annotations

import datetime as dt
from typing import Any

import lxml.html  # type: ignore[import-untyped]  # lxml ships no stubs; elements are Any here
import pytest

from services.intake.web.portal.pages import CohortOption, confirmation_page, submission_form_page
from services.intake.web.portal.submission_form import FIELD_ORDER, parse_submission_form
from services.intake.web.templating import STATIC_DIR, FakeRenderer, JinjaRenderer
from tests.unit.intake.form_data import filled_form

pytestmark = pytest.mark.unit

RENDERER = JinjaRenderer()
COHORTS = [
    CohortOption(cohort_id="leercase-2026-2", label="Voorjaar 2026 (start 13 april)"),
    CohortOption(cohort_id="leercase-2026-3", label="Najaar 2026 (start 7 september)"),
]
Html = Any  # lxml.html.HtmlElement


def render_form(values: dict[str, str] | None = None) -> Html:
    errors = None
    if values is not None:
        result = parse_submission_form(values)
        errors = result if isinstance(result, dict) else None
    page = submission_form_page(
        RENDERER, csrf_token="csrf-123", cohorts=COHORTS, values=values, errors=errors
    )
    return lxml.html.fromstring(page)


def controls(doc: Html) -> list[Html]:
    return [
        el
        for el in doc.xpath("//form//input | //form//select | //form//textarea")
        if el.get("type") != "hidden"
    ]


def test_every_control_has_a_label_and_every_form_field_is_present() -> None:
    doc = render_form()
    for control in controls(doc):
        assert doc.xpath(f"//label[@for='{control.get('id')}']"), control.get("name")
    names = {c.get("name") for c in controls(doc)}
    assert set(FIELD_ORDER) <= names


def test_the_page_is_dutch_and_questions_are_fieldsets_with_the_seed_explanation() -> None:
    doc = render_form()
    assert doc.get("lang") == "nl"
    [legend] = doc.xpath("//input[@name='consent_to_share']/ancestor::fieldset[1]/legend")
    assert "Mogen wij alle stukken, opnames en de participatieaanpak" in legend.text_content()
    fieldset = legend.getparent()
    explanation = doc.get_element_by_id(fieldset.get("aria-describedby"))
    assert "zodat anderen ervan kunnen leren" in explanation.text_content()


def test_the_cohort_select_offers_the_cohorts_passed_in_and_no_preference() -> None:
    doc = render_form()
    options = doc.xpath("//select[@name='case_preferred_cohort_id']/option")
    assert [(o.get("value"), o.text) for o in options] == [
        ("", "Geen voorkeur"),
        ("leercase-2026-2", "Voorjaar 2026 (start 13 april)"),
        ("leercase-2026-3", "Najaar 2026 (start 7 september)"),
    ]


def test_a_fresh_form_shows_no_errors_and_focuses_nothing() -> None:
    doc = render_form()
    assert not doc.xpath("//*[@aria-invalid] | //*[@autofocus] | //*[@class='foutoverzicht']")


def test_csrf_token_and_honeypot_are_in_the_form() -> None:
    doc = render_form()
    [csrf] = doc.xpath("//form//input[@type='hidden' and @name='csrf_token']")
    assert csrf.get("value") == "csrf-123"
    honeypot = doc.get_element_by_id("website")
    assert (honeypot.get("tabindex"), honeypot.get("autocomplete")) == ("-1", "off")
    assert honeypot.getparent().get("aria-hidden") == "true"
    assert ".honingpot" in (STATIC_DIR / "intake.css").read_text()


def test_after_an_error_values_are_kept_and_the_error_sits_beside_its_field() -> None:
    posted = filled_form(owner_email="anne@", consent_to_share="nee", case_title="Plein")
    doc = render_form(posted)

    email = doc.get_element_by_id("owner_email")
    assert email.get("value") == "anne@"
    assert email.get("aria-invalid") == "true"
    described = email.get("aria-describedby").split()
    message = doc.get_element_by_id("owner_email-fout")
    assert "owner_email-fout" in described
    assert "geldig e-mailadres" in message.text_content()
    assert message.getparent() is email.getparent()  # same field group
    assert doc.get_element_by_id("case_title").get("value") == "Plein"
    assert doc.get_element_by_id("consent_to_share-nee").get("checked") is not None
    assert doc.xpath("//textarea[@name='case_description']")[0].text == posted["case_description"]


def test_the_error_summary_links_each_error_and_the_first_invalid_field_gets_focus() -> None:
    doc = render_form(filled_form(owner_name="", consent_to_share=""))

    [summary] = doc.xpath("//div[@class='foutoverzicht']")
    links = [(a.get("href"), a.text) for a in summary.xpath(".//a")]
    assert [href for href, _ in links] == ["#owner_name", "#consent_to_share-ja"]
    for href, _ in links:
        assert doc.get_element_by_id(href[1:]) is not None
    assert [el.get("id") for el in doc.xpath("//*[@autofocus]")] == ["owner_name"]
    assert doc.findtext(".//title").startswith("Fout:")


def test_user_input_is_escaped_never_executed() -> None:
    evil = '"><script>alert(1)</script>'
    page = submission_form_page(
        RENDERER,
        csrf_token="t",
        cohorts=[CohortOption(cohort_id="x", label="<b>groep</b>")],
        values=filled_form(owner_name=evil, case_description=evil),
        errors={"owner_email": "x"},
    )
    assert "<script>" not in page and "<b>groep</b>" not in page
    doc = lxml.html.fromstring(page)
    assert doc.get_element_by_id("owner_name").get("value") == evil


def test_the_confirmation_page_says_what_happens_next_and_when_in_dutch() -> None:
    page = confirmation_page(
        RENDERER,
        case_title="Speeltuin <Oost>",
        owner_email="anne@example.nl",
        decision_due=dt.date(2026, 4, 7),
        owner_link_url="https://samenspel.example/eigenaar/tok",
    )
    text = lxml.html.fromstring(page).text_content()
    assert "uiterlijk op dinsdag 7 april 2026" in " ".join(text.split())
    assert "vijf voorwaarden" in text and "alternatieve mogelijkheden" in text
    assert "Speeltuin <Oost>" in text and "<Oost>" not in page
    assert 'href="https://samenspel.example/eigenaar/tok"' in page


def test_the_pages_hand_the_renderer_what_the_templates_need() -> None:
    fake = FakeRenderer()
    submission_form_page(fake, csrf_token="t", cohorts=COHORTS, errors={"owner_name": "Vul"})
    [(template, context)] = fake.calls
    assert template == "inschrijfformulier.html"
    assert context["first_error"] == "owner_name"
    assert [value for value, _ in context["formats"]] == ["leercase", "leergang"]
