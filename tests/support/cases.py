"""Sample submissions, as an owner or another system would send them."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from shared.contracts.envelope import CloudEvent, new_event
from shared.contracts.intake import CaseSubmitted


def submission(title: str = "Zonneweide Noord", email: str = "anna@example.nl") -> dict[str, Any]:
    """A complete, valid body for POST /api/cases."""
    return {
        "owner": {
            "name": "Anna de Vries",
            "role": "beleidsadviseur energie",
            "organisation": "Gemeente Utrecht",
            "email": email,
            "phone": "030 123 4567",
        },
        "case": {
            "title": title,
            "description": (
                "De gemeente wil op een braakliggend veld aan de noordrand een zonneweide "
                "aanleggen en zoekt met omwonenden naar een inrichting die past bij de buurt."
            ),
            "societal_issue": "energietransitie en draagvlak in de wijk",
            "municipality": "Utrecht",
            "country": "NL",
            "preferred_format": "leercase",
        },
        "conditions": {
            "societal_and_concrete": True,
            "no_time_pressure": True,
            "owner_is_content_expert": True,
            "can_attend_all_sessions": True,
            "consent_to_share": True,
        },
    }


def external_case_submitted(
    *, external_ref: str | None = None, email: str = "jan@example.be", title: str = "Speelnatuur"
) -> CloudEvent[CaseSubmitted]:
    """A case.submitted CloudEvent as another system (a website form elsewhere) publishes it."""
    body = submission(title=title, email=email)
    now = dt.datetime.now(dt.UTC)
    data = CaseSubmitted.model_validate(
        {**body, "case_id": str(uuid.uuid4()), "external_ref": external_ref, "submitted_at": now}
    )
    return new_event(data, source="https://crm.example.org", subject=data.case_id, now=now)
