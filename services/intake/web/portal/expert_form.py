"""The owner's form for the content expert: posted fields to a Person, or a Dutch error."""

from __future__ import annotations

from collections.abc import Mapping

from pydantic import ValidationError

from services.intake.domain.case import Case
from shared.contracts.base import Person

MISSING = "Vul de naam, de functie en een geldig e-mailadres van de inhoudelijk deskundige in."
SAVED = "Dank u wel. De inhoudelijk deskundige ontvangt de uitnodigingen voor de sessies."


def expert_from_form(form: Mapping[str, str]) -> Person | str:
    """A named expert with role and email, or the message to show beside the form."""
    name = form.get("deskundige_naam", "").strip()
    role = form.get("deskundige_functie", "").strip()
    email = form.get("deskundige_email", "").strip()
    if not (name and role and email):
        return MISSING
    try:
        return Person(name=name, role=role, email=email)
    except ValidationError:
        return MISSING


def expert_values(case: Case, form: Mapping[str, str] | None = None) -> dict[str, str]:
    """What the form shows: what was posted, else what the owner gave at submission."""
    if form is not None:
        return {
            "naam": form.get("deskundige_naam", ""),
            "functie": form.get("deskundige_functie", ""),
            "email": form.get("deskundige_email", ""),
        }
    expert = case.content_expert()
    if expert is None:
        return {}
    return {"naam": expert.name, "functie": expert.role, "email": expert.email or ""}
