"""Events about the participation approach (draft, feedback, final), owned by documents."""

from __future__ import annotations

from enum import StrEnum

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from shared.contracts.base import Contact, Country, EventData
from shared.contracts.scheduling import Attendee, AttendeeRole, DeliverableKind
from shared.contracts.types import Title, WebUrl


class DocumentLink(BaseModel):
    """A downloadable rendition of a document version."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    format: str = Field(pattern=r"^(html|docx|pdf)$")
    url: WebUrl
    filename: str = Field(min_length=1, max_length=200, pattern=r"^[^/\\\x00-\x1f]+$")
    content_type: str = Field(
        max_length=200, pattern=r"^[a-z]+/[a-zA-Z0-9.+-]+(; ?[a-z-]+=[A-Za-z0-9._-]+)*$"
    )


class DraftDelivered(EventData):
    """The concept participation approach was delivered to the owner for feedback."""

    routing_key = "draft.delivered"

    case_title: Title = ""
    country: Country = Country.NL
    case_id: str
    cohort_id: str | None = None
    version: int = Field(ge=1)
    delivered_at: AwareDatetime
    owner: Contact
    downloads: list[DocumentLink]
    # No longer set by documents (a capability never travels in an event); kept for old events.
    feedback_url: WebUrl | None = None
    coaches: list[Contact] = Field(default_factory=list)
    team: list[Attendee] = Field(default_factory=list)
    released_by: Title = ""  # the coach's name, or "het programmabureau"


# The approach's sections as `SectionFeedback.section` may name them, and their Dutch titles.
SECTION_TITLES: dict[str, str] = {
    "participation_question": "Participatievraag en vraagstuk",
    "stakeholders": "Betrokkenen en publieksgroepen",
    "conversations": "De gesprekken",
    "planning": "Planning",
    "time_and_money": "Tijd en geld",
    "roles": "Rollen",
    "interpretation": "Duiden en terugkoppelen",
    "execution_steps": "Bijlage: de 10 uitvoeringsstappen",
}


def section_title(section: str) -> str:
    """What a reader calls the section: its Dutch title (a title given already stays)."""
    return SECTION_TITLES.get(section, section)


class SectionFeedback(BaseModel):
    """The owner's remark on one section of the draft."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    section: str = Field(
        min_length=1,
        max_length=100,
        description="The section's key (e.g. `stakeholders`) or its Dutch title",
    )
    comment: str = Field(min_length=1, max_length=10_000)


class FeedbackSubmitted(EventData):
    """The owner gave feedback on a version (our owner page, or another system)."""

    routing_key = "feedback.submitted"

    case_id: str = Field(min_length=1, max_length=100)
    on_version: int = Field(ge=1)
    submitted_at: AwareDatetime
    items: list[SectionFeedback] = Field(default_factory=list)
    general_comment: str = Field(default="", max_length=10_000)
    # Filled in by the owner's page (intake), so the case's coaches hear of it by title.
    case_title: Title = ""
    coaches: list[Contact] = Field(default_factory=list, max_length=20)


class FinalDelivered(EventData):
    """The definitive participation approach was delivered: the trajectory's end result."""

    routing_key = "final.delivered"

    case_title: Title = ""
    country: Country = Country.NL
    case_id: str
    cohort_id: str | None = None
    version: int = Field(ge=1)
    delivered_at: AwareDatetime
    owner: Contact
    downloads: list[DocumentLink]
    coaches: list[Contact] = Field(default_factory=list)
    participants: list[Contact] = Field(default_factory=list)
    team: list[Attendee] = Field(default_factory=list)
    released_by: Title = ""  # the coach's name, or "het programmabureau"


class DeliverableOpened(EventData):
    """A draft's or final's window opened: the team writes, a coach releases it to the owner."""

    routing_key = "deliverable.opened"

    case_id: str
    case_title: Title = ""
    cohort_id: str | None = None
    kind: DeliverableKind
    due_at: AwareDatetime
    coaches: list[Contact] = Field(default_factory=list)
    team: list[Attendee] = Field(default_factory=list)
    missing: list[str] = Field(default_factory=list)  # Dutch reasons, one per section


class PreparationReminderDue(EventData):
    """The clarification session is near and these learners have not filled in their
    preparation yet: each is reminded (questions for the owner stay optional)."""

    routing_key = "preparation.reminder_due"

    case_id: str
    case_title: Title = ""
    cohort_id: str | None = None
    session_name: Title
    starts_at: AwareDatetime
    team: list[Attendee] = Field(min_length=1)


class DeliverableRefused(EventData):
    """A draft or final was due but sections are empty: nothing half-empty goes out; staff act."""

    routing_key = "deliverable.refused"

    case_id: str
    case_title: Title = ""
    kind: DeliverableKind
    missing: list[str] = Field(min_length=1)
    refused_at: AwareDatetime


class DocumentKind(StrEnum):
    """What a ready document is, so a mail knows which ones to carry."""

    ACCEPTANCE_LETTER = "acceptance_letter"
    REJECTION_LETTER = "rejection_letter"
    PLANNING = "planning"
    AGENDA = "agenda"
    BRIEFING = "briefing"  # the coaches' briefing: preparation, questions, the owner's answers


class ReadyDocument(BaseModel):
    """One document as its readers get it: its title and a link per format."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    kind: DocumentKind
    title: Title = Field(min_length=1)
    version: int = Field(ge=1)
    downloads: list[DocumentLink] = Field(min_length=1)
    # Who may receive it; empty: everyone the mail about `made_for` goes to.
    for_roles: list[AttendeeRole] = Field(default_factory=list)


class DocumentsReady(EventData):
    """The documents made for one event (a decision, a plan, a reminder) can be downloaded.

    `made_for` is that event's id: the mail notifications sends about it waits for this event
    and carries these documents. Every event documents answers gets one, also when it made
    nothing for it (`documents` empty), so nobody waits in vain.
    """

    routing_key = "documents.ready"

    made_for: str = Field(min_length=1, max_length=200)
    case_id: str | None = Field(default=None, max_length=100)
    case_title: Title = ""
    cohort_id: str | None = Field(default=None, max_length=100)
    session_id: str | None = Field(default=None, max_length=300)
    documents: list[ReadyDocument] = Field(default_factory=list)
    ready_at: AwareDatetime
