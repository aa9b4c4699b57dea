"""The web form's flat fields to a CaseSubmission, with the same validation as the JSON API."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from services.intake.domain.submission import (
    CONTENT_EXPERT_MISSING,
    CONTENT_EXPERT_ROLE_MISSING,
    CaseSubmission,
)

FormErrors = dict[str, str]

HONEYPOT_FIELD = "website"
CSRF_FIELD = "csrf_token"
YES, NO = "ja", "nee"

OWNER_FIELDS = ("name", "role", "organisation", "email", "phone")
CASE_FIELDS = (
    "title",
    "description",
    "societal_issue",
    "municipality",
    "country",
    "preferred_format",
    "preferred_cohort_id",
    "desired_start",
)
CONDITION_FIELDS = (
    "societal_and_concrete",
    "no_time_pressure",
    "owner_is_content_expert",
    "can_attend_all_sessions",
    "consent_to_share",
)
# Every form field in the order a person meets it: the error summary follows this order.
FIELD_ORDER: tuple[str, ...] = (
    *(f"owner_{f}" for f in OWNER_FIELDS),
    *(f"case_{f}" for f in CASE_FIELDS),
    *CONDITION_FIELDS[:3],
    "expert_name",
    "expert_role",
    "expert_email",
    *CONDITION_FIELDS[3:],
)

REQUIRED_MESSAGES: dict[str, str] = {
    "owner_name": "Vul uw naam in.",
    "owner_role": "Vul uw functie of rol in.",
    "owner_organisation": "Vul uw organisatie in.",
    "owner_email": "Vul uw e-mailadres in.",
    "case_title": "Geef uw case een titel.",
    "case_description": "Beschrijf uw case.",
    "case_societal_issue": "Beschrijf het maatschappelijk vraagstuk achter uw case.",
    "case_municipality": "Vul de gemeente of regio in.",
    "case_country": "Kies Nederland of België.",
    "case_preferred_format": "Kies een programmavorm.",
    "societal_and_concrete": "Kies ja of nee bij vraag 1 (maatschappelijk en concreet).",
    "no_time_pressure": "Kies ja of nee bij vraag 2 (doorlooptijd van 8 weken).",
    "owner_is_content_expert": "Kies ja of nee bij vraag 3 (inhoudelijk verantwoordelijk).",
    "can_attend_all_sessions": "Kies ja of nee bij vraag 4 (aanwezig bij alle sessies).",
    "consent_to_share": "Kies ja of nee bij vraag 5 (toestemming om te delen).",
}
CUSTOM_FIELDS = {CONTENT_EXPERT_MISSING: "expert_name", CONTENT_EXPERT_ROLE_MISSING: "expert_role"}

_DUTCH_DATE = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")


def looks_like_spam(form: Mapping[str, str]) -> bool:
    """A person never fills the hidden honeypot field; a naive bot does."""
    return bool(form.get(HONEYPOT_FIELD, "").strip())


def _iso_date(value: str) -> str:
    """Accept 15-09-2026 as typed by hand as well as the 2026-09-15 a date picker posts."""
    match = _DUTCH_DATE.match(value)
    if match is None:
        return value
    day, month, year = match.groups()
    return f"{year}-{int(month):02d}-{int(day):02d}"


def _answer(value: str | None) -> bool | str | None:
    return {YES: True, NO: False}.get(value, value) if value else None


def _nested(form: Mapping[str, str]) -> dict[str, Any]:
    """The JSON shape of the API, built from the flat fields; empty fields count as missing."""
    filled = {key: value.strip() for key, value in form.items() if value and value.strip()}
    owner = {f: filled[f"owner_{f}"] for f in OWNER_FIELDS if f"owner_{f}" in filled}
    case = {f: filled[f"case_{f}"] for f in CASE_FIELDS if f"case_{f}" in filled}
    if "desired_start" in case:
        case["desired_start"] = _iso_date(case["desired_start"])
    conditions: dict[str, Any] = {
        f: _answer(filled.get(f)) for f in CONDITION_FIELDS if f in filled
    }
    if conditions.get("owner_is_content_expert") is not True and "expert_name" in filled:
        conditions["content_expert"] = {
            "name": filled["expert_name"],
            "role": filled.get("expert_role", ""),
            "email": filled.get("expert_email"),
        }
    return {"owner": owner, "case": case, "conditions": conditions}


def _field_name(error: ErrorDetails) -> str | None:
    if error["type"] in CUSTOM_FIELDS:
        return CUSTOM_FIELDS[error["type"]]
    loc = [str(part) for part in error["loc"]]
    if loc[:2] == ["conditions", "content_expert"]:
        return f"expert_{loc[2]}" if len(loc) > 2 else "expert_name"
    if len(loc) == 2 and loc[0] == "owner":
        return f"owner_{loc[1]}"
    if len(loc) == 2 and loc[0] == "case":
        return f"case_{loc[1]}"
    if len(loc) == 2 and loc[0] == "conditions":
        return loc[1]
    return None


def _message(field: str, error: ErrorDetails) -> str:
    kind = error["type"]
    ctx = error.get("ctx", {})
    if kind == "missing":
        return REQUIRED_MESSAGES.get(field, "Vul dit veld in.")
    if kind in CUSTOM_FIELDS:
        return error["msg"]
    if kind == "string_too_short":
        return f"Gebruik minstens {ctx['min_length']} tekens."
    if kind == "string_too_long":
        return f"Gebruik hoogstens {ctx['max_length']} tekens."
    if field.endswith("email"):
        return "Vul een geldig e-mailadres in, zoals naam@gemeente.nl."
    if kind.startswith("date"):
        return "Vul een geldige datum in, zoals 15-09-2026."
    if kind == "enum":
        return "Kies een van de mogelijkheden uit de lijst."
    if kind.startswith("bool"):
        return "Kies ja of nee."
    return "Controleer wat u hier hebt ingevuld."


def errors_by_field(exc: ValidationError) -> FormErrors:
    """Dutch messages keyed by form field, in form order, one per field."""
    found: dict[str, str] = {}
    for error in exc.errors():
        field = _field_name(error)
        if field is not None and field not in found:
            found[field] = _message(field, error)
    unplaced = [e for e in exc.errors() if _field_name(e) is None]
    if unplaced:  # never lose an error: a field we did not foresee still blocks the form
        raise exc
    return {name: found[name] for name in FIELD_ORDER if name in found}


def parse_submission_form(form: Mapping[str, str]) -> CaseSubmission | FormErrors:
    """A valid submission, or the errors to show beside the fields; never both."""
    try:
        return CaseSubmission.model_validate(_nested(form))
    except ValidationError as exc:
        return errors_by_field(exc)
