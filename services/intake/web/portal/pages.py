"""The owner-facing pages: the submission form (fresh or with errors) and the confirmation."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from pydantic import BaseModel, ConfigDict

from services.intake.domain.cohort_rules import CASE_FORMATS
from services.intake.web.portal.submission_form import (
    CONDITION_FIELDS,
    CSRF_FIELD,
    HONEYPOT_FIELD,
    FormErrors,
)
from services.intake.web.templating import PageRenderer
from shared.contracts.base import Country, ProgrammeFormat

FORMAT_LABELS: dict[ProgrammeFormat, str] = {
    ProgrammeFormat.LEERCASE: "Leercase Challenge (8 weken, online)",
    ProgrammeFormat.LEERGANG: "Vierdaagse leergang",
    ProgrammeFormat.LEREND_NETWERK: "Lerend netwerk",
    ProgrammeFormat.LEERATELIER: "Leeratelier",
    ProgrammeFormat.E_LEARNING: "E-learning met live training",
}
COUNTRY_LABELS: dict[Country, str] = {Country.NL: "Nederland", Country.BE: "België"}


class CohortOption(BaseModel):
    """One start moment the owner can prefer, as the select shows it."""

    model_config = ConfigDict(frozen=True)

    cohort_id: str
    label: str


def anchor_for(field: str) -> str:
    """The element the error summary links to: the first radio for a yes/no question."""
    return f"{field}-ja" if field in CONDITION_FIELDS else field


def submission_form_page(
    renderer: PageRenderer,
    *,
    csrf_token: str,
    cohorts: Sequence[CohortOption],
    values: Mapping[str, str] | None = None,
    errors: FormErrors | None = None,
    action: str = "/inschrijven",
) -> str:
    """The form, empty or as posted with errors beside the fields they concern."""
    errors = errors or {}
    return renderer.render(
        "inschrijfformulier.html",
        {
            "action": action,
            "values": dict(values or {}),
            "errors": errors,
            "error_links": [(anchor_for(field), message) for field, message in errors.items()],
            "first_error": next(iter(errors), None),
            "csrf_field": CSRF_FIELD,
            "csrf_token": csrf_token,
            "honeypot_field": HONEYPOT_FIELD,
            "cohort_options": [(c.cohort_id, c.label) for c in cohorts],
            "countries": [(c.value, label) for c, label in COUNTRY_LABELS.items()],
            "formats": [(f.value, FORMAT_LABELS[f]) for f in ProgrammeFormat if f in CASE_FORMATS],
        },
    )


def confirmation_page(
    renderer: PageRenderer,
    *,
    case_title: str,
    owner_email: str,
    decision_due: dt.date,
    owner_link_url: str | None = None,
) -> str:
    """What happens next, and the date by which the owner hears back."""
    return renderer.render(
        "bevestiging.html",
        {
            "case_title": case_title,
            "owner_email": owner_email,
            "decision_due": decision_due,
            "owner_link_url": owner_link_url,
        },
    )
