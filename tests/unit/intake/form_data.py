"""A browser's POST of a correctly filled submission form: flat strings only."""

from __future__ import annotations

from tests.unit.intake.factories import CONCRETE_DESCRIPTION


def filled_form(**overrides: str) -> dict[str, str]:
    values = {
        "owner_name": "Anne de Vries",
        "owner_role": "Projectleider",
        "owner_organisation": "Gemeente Zwolle",
        "owner_email": "anne.devries@example.nl",
        "owner_phone": "06 12345678",
        "case_title": "Nieuwe bestemming voor basisschool De Regenboog",
        "case_description": CONCRETE_DESCRIPTION,
        "case_societal_issue": "Leegstand van maatschappelijk vastgoed",
        "case_municipality": "Zwolle",
        "case_country": "NL",
        "case_preferred_format": "leercase",
        "case_preferred_cohort_id": "",
        "case_desired_start": "2026-06-01",
        "societal_and_concrete": "ja",
        "no_time_pressure": "ja",
        "owner_is_content_expert": "ja",
        "expert_name": "",
        "expert_role": "",
        "expert_email": "",
        "can_attend_all_sessions": "ja",
        "consent_to_share": "ja",
        "csrf_token": "abc",
        "website": "",
    }
    return values | overrides
