"""A case's file in the documents service: one aggregate holding everything its documents need.

One document per case keeps every change and the events it owes in a single atomic write.
"""

from __future__ import annotations

import unicodedata

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from services.documents.domain.approach import Approach
from services.documents.domain.documents import DocumentRecord
from services.documents.domain.preparation import OwnerQuestion, QuestionnaireResponse
from services.documents.domain.recordings import Recording
from shared.contracts.base import Contact, Country, ProgrammeFormat
from shared.contracts.intake import CaseAccepted, CaseRejected, CaseSubmitted
from shared.contracts.scheduling import Attendee, AttendeeRole, TrajectoryScheduled


class CaseFile(BaseModel):
    """Title, owner, consent, trajectory, the approach being written and every rendition."""

    model_config = ConfigDict(frozen=True)

    case_id: str
    title: str
    municipality: str = ""
    municipality_key: str = ""
    societal_issue: str = ""
    owner: Contact | None = None
    consent_to_share: bool = False
    submitted_at: AwareDatetime | None = None
    format: ProgrammeFormat | None = None
    country: Country = Country.NL
    cohort_id: str | None = None
    accepted: CaseAccepted | None = None
    rejected: CaseRejected | None = None
    trajectory: TrajectoryScheduled | None = None
    acceptance_has_schedule: bool = False
    approach: Approach | None = None
    questions: list[OwnerQuestion] = Field(default_factory=list)
    responses: list[QuestionnaireResponse] = Field(default_factory=list)
    recordings: list[Recording] = Field(default_factory=list)
    documents: list[DocumentRecord] = Field(default_factory=list)
    team_members: list[Attendee] | None = None  # from session.attendees_changed, the latest
    attention: bool = False
    attention_reason: str = ""
    attention_since: AwareDatetime | None = None

    def with_documents(self, records: list[DocumentRecord]) -> CaseFile:
        """The file with new renditions appended; earlier versions are never replaced."""
        if not records:
            return self
        return self.model_copy(update={"documents": [*self.documents, *records]})

    def coaches(self) -> list[Contact]:
        """The trajectory knows the current coaches; the decision knew them first."""
        if self.trajectory and self.trajectory.coaches:
            return list(self.trajectory.coaches)
        return list(self.accepted.coaches) if self.accepted else []

    def team(self) -> list[Attendee]:
        """The learners on this case's team: as the latest change of attendees names them, else
        as the trajectory's sessions invite them."""
        if self.team_members is not None:
            return list(self.team_members)
        sessions = self.trajectory.sessions if self.trajectory else []
        seen: dict[str, Attendee] = {}
        for attendee in (a for s in sessions for a in s.attendees):
            if attendee.role is AttendeeRole.PARTICIPANT:
                seen.setdefault(str(attendee.email).lower(), attendee)
        return list(seen.values())

    def with_attendees(self, attendees: list[Attendee]) -> CaseFile:
        """A session's attendees after a change: its learners are the case's team now."""
        learners = [a for a in attendees if a.role is AttendeeRole.PARTICIPANT]
        return self.model_copy(update={"team_members": learners})

    def needs_attention(self, reason: str, since: AwareDatetime) -> CaseFile:
        """Staff see this case in `GET /api/notices` until the reason is resolved."""
        return self.model_copy(
            update={"attention": True, "attention_reason": reason, "attention_since": since}
        )

    def resolved(self) -> CaseFile:
        return self.model_copy(
            update={"attention": False, "attention_reason": "", "attention_since": None}
        )


def normalise(text: str) -> str:
    """The key a municipality is filtered on: case, accents and spacing do not matter."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return " ".join(ascii_text.casefold().split())


def open_case_file(event: CaseSubmitted) -> CaseFile:
    """The file starts with the submission; consent decides later whether the approach is shared."""
    return CaseFile(
        case_id=event.case_id,
        title=event.case.title,
        municipality=event.case.municipality,
        municipality_key=normalise(event.case.municipality),
        societal_issue=event.case.societal_issue,
        owner=Contact(name=event.owner.name, email=event.owner.email),
        consent_to_share=event.conditions.consent_to_share,
        submitted_at=event.submitted_at,
        format=event.case.preferred_format,
        country=event.case.country,
    )


def accept(current: CaseFile | None, event: CaseAccepted) -> CaseFile:
    """The decision is the authority on owner, consent, cohort and format; the approach opens."""
    base = current or CaseFile(case_id=event.case_id, title=event.case_title)
    municipality = event.municipality or base.municipality
    return base.model_copy(
        update={
            "title": event.case_title,
            "municipality": municipality,
            "municipality_key": normalise(municipality),
            "societal_issue": event.societal_issue or base.societal_issue,
            "owner": event.owner,
            "consent_to_share": event.consent_to_share,
            "format": event.format,
            "country": event.country,
            "cohort_id": event.cohort_id,
            "accepted": event,
            "approach": base.approach
            or Approach(case_id=event.case_id, case_title=event.case_title),
        }
    )
