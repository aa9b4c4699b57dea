"""A case's file in the documents service: what its letters and approach will be addressed to."""

from __future__ import annotations

from pydantic import AwareDatetime, BaseModel, ConfigDict

from shared.contracts.base import Contact
from shared.contracts.intake import CaseSubmitted


class CaseFile(BaseModel):
    """Title, owner and consent: the facts every document of the case needs."""

    model_config = ConfigDict(frozen=True)

    case_id: str
    title: str
    municipality: str
    owner: Contact
    consent_to_share: bool
    submitted_at: AwareDatetime


def open_case_file(event: CaseSubmitted) -> CaseFile:
    """The file starts with the submission; consent decides later whether the approach is shared."""
    return CaseFile(
        case_id=event.case_id,
        title=event.case.title,
        municipality=event.case.municipality,
        owner=Contact(name=event.owner.name, email=event.owner.email),
        consent_to_share=event.conditions.consent_to_share,
        submitted_at=event.submitted_at,
    )
