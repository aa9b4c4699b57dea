"""Form fields to a submission or to Dutch errors; the JSON API's validation says the same."""

from __future__ import annotations

import datetime as dt

import pytest
from pydantic import ValidationError

from services.intake.domain.submission import CaseSubmission
from services.intake.web.portal.submission_form import (
    FIELD_ORDER,
    looks_like_spam,
    parse_submission_form,
)
from shared.contracts.base import Country, Person
from tests.unit.intake.form_data import filled_form

pytestmark = pytest.mark.unit


def parsed(**overrides: str) -> CaseSubmission:
    result = parse_submission_form(filled_form(**overrides))
    assert isinstance(result, CaseSubmission), result
    return result


def errors(**overrides: str) -> dict[str, str]:
    result = parse_submission_form(filled_form(**overrides))
    assert isinstance(result, dict), result
    return result


def test_a_correctly_filled_form_becomes_a_submission() -> None:
    submission = parsed(case_country="BE", owner_name="  Anne de Vries ")

    assert submission.owner.name == "Anne de Vries"
    assert submission.case.country is Country.BE
    assert submission.case.desired_start == dt.date(2026, 6, 1)
    assert submission.case.preferred_cohort_id is None
    assert submission.conditions.owner_is_content_expert
    assert submission.conditions.content_expert is None


def test_a_no_answer_is_kept_as_no_not_treated_as_missing() -> None:
    submission = parsed(consent_to_share="nee", can_attend_all_sessions="nee")
    assert submission.conditions.consent_to_share is False
    assert submission.conditions.can_attend_all_sessions is False


def test_a_date_typed_the_dutch_way_is_understood() -> None:
    assert parsed(case_desired_start="1-9-2026").case.desired_start == dt.date(2026, 9, 1)


def test_an_owner_who_is_not_the_expert_names_one_with_role() -> None:
    submission = parsed(
        owner_is_content_expert="nee", expert_name="Bram Jansen", expert_role="Beleidsadviseur"
    )
    assert submission.conditions.content_expert == Person(
        name="Bram Jansen", role="Beleidsadviseur"
    )


def test_expert_fields_are_ignored_when_the_owner_is_the_expert() -> None:
    assert parsed(expert_name="Iemand").conditions.content_expert is None


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"owner_name": "  "}, "owner_name", "Vul uw naam in."),
        ({"owner_email": "anne@"}, "owner_email", "Vul een geldig e-mailadres in"),
        ({"case_title": "ab"}, "case_title", "Gebruik minstens 3 tekens."),
        ({"case_title": "x" * 201}, "case_title", "Gebruik hoogstens 200 tekens."),
        ({"case_country": "DE"}, "case_country", "Kies een van de mogelijkheden"),
        ({"case_desired_start": "31-02-2026"}, "case_desired_start", "geldige datum"),
        ({"consent_to_share": ""}, "consent_to_share", "Kies ja of nee bij vraag 5"),
        ({"consent_to_share": "misschien"}, "consent_to_share", "Kies ja of nee."),
        ({"owner_is_content_expert": "nee"}, "expert_name", "naam in van de inhoudelijk"),
        (
            {"owner_is_content_expert": "nee", "expert_name": "Bram"},
            "expert_role",
            "functie in van de inhoudelijk",
        ),
    ],
)
def test_each_mistake_gets_a_dutch_message_on_its_own_field(
    overrides: dict[str, str], field: str, message: str
) -> None:
    found = errors(**overrides)
    assert list(found) == [field]
    assert message in found[field]


def test_an_empty_form_lists_every_required_field_in_form_order() -> None:
    found = errors(**dict.fromkeys(filled_form(), ""))

    # optional fields, and selects that default (country NL, format Leercase), stay quiet
    assert list(found) == [
        "owner_name",
        "owner_role",
        "owner_organisation",
        "owner_email",
        "case_title",
        "case_description",
        "case_societal_issue",
        "case_municipality",
        "societal_and_concrete",
        "no_time_pressure",
        "owner_is_content_expert",
        "can_attend_all_sessions",
        "consent_to_share",
    ]
    assert list(found) == [name for name in FIELD_ORDER if name in found]
    assert found["consent_to_share"].startswith("Kies ja of nee bij vraag 5")
    assert found["case_title"] == "Geef uw case een titel."


def test_form_and_json_api_agree_on_what_is_valid() -> None:
    submission = parsed(owner_is_content_expert="nee", expert_name="Bram", expert_role="Adviseur")
    as_json = submission.model_dump(mode="json")
    assert CaseSubmission.model_validate(as_json) == submission

    as_json["conditions"]["content_expert"] = None
    with pytest.raises(ValidationError, match="inhoudelijk deskundige"):
        CaseSubmission.model_validate(as_json)
    assert "expert_name" in errors(owner_is_content_expert="nee")


def test_the_honeypot_tells_bots_from_people() -> None:
    assert not looks_like_spam(filled_form())
    assert looks_like_spam(filled_form(website="https://spam.example"))


def test_the_expert_email_from_the_form_reaches_the_submission_and_a_bad_one_is_named() -> None:
    form = filled_form(
        owner_is_content_expert="nee",
        expert_name="Bram Jansen",
        expert_role="Beleidsadviseur",
        expert_email="bram@zwolle.nl",
    )
    parsed = parse_submission_form(form)
    assert isinstance(parsed, CaseSubmission)
    assert parsed.conditions.content_expert == Person(
        name="Bram Jansen", role="Beleidsadviseur", email="bram@zwolle.nl"
    )
    errors = parse_submission_form(form | {"expert_email": "bram-at-zwolle"})
    assert isinstance(errors, dict) and "e-mailadres" in errors["expert_email"]
