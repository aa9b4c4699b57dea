"""Events about cases and participants, owned by intake (other systems may publish the inputs)."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from shared.contracts.base import Contact, Country, EventData, Person, ProgrammeFormat
from shared.contracts.scheduling import CohortInfo
from shared.contracts.types import EmailAddress, Name, SaneDate, Text, Title, WebUrl


class Owner(BaseModel):
    """The case owner (case-eigenaar) who brings the participation question."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    name: Name
    role: Title = Field(min_length=1, max_length=200)
    organisation: Name
    email: EmailAddress
    phone: str = Field(default="", max_length=40)


class CaseDescription(BaseModel):
    """The concrete participation question the owner brings."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    title: Title = Field(min_length=3, max_length=200)
    description: Text = Field(min_length=1, max_length=10_000)
    societal_issue: Text = Field(min_length=1, max_length=2_000)
    municipality: Name
    country: Country = Country.NL
    preferred_format: ProgrammeFormat = ProgrammeFormat.LEERCASE
    preferred_cohort_id: str | None = Field(default=None, max_length=100)
    desired_start: SaneDate | None = None


class ConditionAnswers(BaseModel):
    """The owner's answers to the five suitability conditions (seed 000)."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    societal_and_concrete: bool
    no_time_pressure: bool
    owner_is_content_expert: bool
    content_expert: Person | None = None
    can_attend_all_sessions: bool
    consent_to_share: bool


class CaseSubmitted(EventData):
    """A case owner submitted a case, through our form, our API or another system."""

    routing_key = "case.submitted"

    case_id: str = Field(min_length=1, max_length=100)
    external_ref: str | None = Field(default=None, max_length=200)
    submitted_at: AwareDatetime
    owner: Owner
    case: CaseDescription
    conditions: ConditionAnswers


class ConditionKey(StrEnum):
    """The five suitability conditions, in the order of seed 000."""

    SOCIETAL_AND_CONCRETE = "societal_and_concrete"
    NO_TIME_PRESSURE = "no_time_pressure"
    EXPERTISE_ASSURED = "expertise_assured"
    ATTENDANCE = "attendance"
    CONSENT = "consent"


class Verdict(StrEnum):
    """Outcome of one screening rule; the worst one decides the overall verdict."""

    PASS = "pass"  # noqa: S105 - not a password
    FLAG = "flag"
    FAIL = "fail"


class ConditionResult(BaseModel):
    """One condition screened, with a reason a person can read (Dutch)."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    condition: ConditionKey
    verdict: Verdict
    reason: str


class CaseScreened(EventData):
    """Intake screened a case against the five conditions; staff decide before `decision_due`."""

    routing_key = "case.screened"

    case_id: str
    case_title: Title
    screened_at: AwareDatetime
    results: list[ConditionResult]
    overall: Verdict
    decision_due: dt.date
    country: Country = Country.NL


class CaseAccepted(EventData):
    """Staff accepted a case into a cohort."""

    routing_key = "case.accepted"

    case_id: str
    case_title: Title
    municipality: Title = ""
    societal_issue: Text = ""
    cohort_id: str
    format: ProgrammeFormat
    country: Country = Country.NL
    owner: Contact
    content_expert: Person | None = None
    consent_to_share: bool
    coaches: list[Contact] = Field(default_factory=list)
    cohort_title: Title = ""
    cohort_start: dt.date | None = None
    decided_by: str
    decided_at: AwareDatetime
    note: str = ""


class Alternative(BaseModel):
    """Another route offered to a case that does not fit: never a bare no."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    code: str = Field(min_length=1, max_length=100)
    title: Title = Field(min_length=1, max_length=200)
    description: Text = ""
    url: WebUrl | None = None


class CaseRejected(EventData):
    """Staff rejected a case, with a reason and at least one alternative."""

    routing_key = "case.rejected"

    case_id: str
    case_title: Title
    owner: Contact
    country: Country = Country.NL
    reason: str = Field(min_length=1)
    alternatives: list[Alternative] = Field(min_length=1)
    decided_by: str
    decided_at: AwareDatetime


class Participant(BaseModel):
    """A learner from an academy programme who registers for a cohort."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    participant_id: str = Field(min_length=1, max_length=200)
    name: Name
    email: EmailAddress
    organisation: Title = Field(default="", max_length=200)


class InvoiceDetails(BaseModel):
    """What a municipality's accounts department needs on the invoice of a paid programme."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    organisation: Name
    billing_address: Text = Field(min_length=1, max_length=500)
    purchase_order: str = Field(default="", max_length=100)


class ParticipantRegistered(EventData):
    """Someone asked for a place in a cohort (our API or e.g. an academy's learning platform)."""

    routing_key = "participant.registered"

    cohort_id: str = Field(min_length=1, max_length=100)
    participant: Participant
    registered_at: AwareDatetime
    invoice: InvoiceDetails | None = None


class ParticipantWithdrawn(EventData):
    """A participant gave up their place or waitlist spot; the first on the waitlist moves up."""

    routing_key = "participant.withdrawn"

    cohort_id: str = Field(min_length=1, max_length=100)
    participant_id: str = Field(min_length=1, max_length=200)
    withdrawn_at: AwareDatetime


class ParticipantEnrolled(EventData):
    """A participant has a place in a cohort (directly, or promoted from the waitlist)."""

    routing_key = "participant.enrolled"

    cohort_id: str
    cohort_title: Title = ""
    country: Country = Country.NL
    participant: Participant
    enrolled_at: AwareDatetime
    promoted_from_waitlist: bool = False
    cohort: CohortInfo | None = None


class ParticipantWaitlisted(EventData):
    """The cohort is full: the participant waits, in arrival order."""

    routing_key = "participant.waitlisted"

    cohort_id: str
    cohort_title: Title = ""
    country: Country = Country.NL
    participant: Participant
    position: int = Field(ge=1)
    waitlisted_at: AwareDatetime


class ParticipantRefused(EventData):
    """A registration could not be taken (e.g. after the registration deadline)."""

    routing_key = "participant.refused"

    cohort_id: str
    cohort_title: Title = ""
    country: Country = Country.NL
    participant: Participant
    reason: str
    refused_at: AwareDatetime


class ParticipantLeft(EventData):
    """An enrolled participant no longer has a place (withdrew or was removed): uninvite them."""

    routing_key = "participant.left"

    cohort_id: str
    cohort_title: Title = ""
    country: Country = Country.NL
    participant: Participant
    left_at: AwareDatetime
    reason: str = ""


class ParticipantAssigned(EventData):
    """Staff (or the even spread) put an enrolled participant on a case or team of the cohort.

    `revision` rises with every assignment of this participant in this cohort, so a consumer
    ignores one older than what it holds. `case_id` None means: not on any case. `team_name`
    names the team of `team_id`; with `team_id` None, the team the participant just left
    (empty when the assignment is not about a team).
    """

    routing_key = "participant.assigned"

    cohort_id: str
    cohort_title: Title = ""
    participant: Participant
    case_id: str | None = None
    case_title: Title = ""
    team_id: str | None = Field(default=None, max_length=100)
    team_name: Title = Field(default="", max_length=200)
    revision: int = Field(ge=1)
    assigned_at: AwareDatetime


class PracticeCase(BaseModel):
    """A team's practice case: an existing residents' initiative (bewonersinitiatief)."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    name: Name
    contact: Name
    description: Text = Field(default="", max_length=2_000)


class TeamUpdated(EventData):
    """A leergang team was formed, changed or dissolved: its name, mentor and practice case.

    Who is in the team travels as `participant.assigned` (with `team_id`) per member; this
    event carries the team itself. `revision` rises with every change of this team, so a
    consumer ignores one older than what it holds.
    """

    routing_key = "team.updated"

    cohort_id: str
    cohort_title: Title = ""
    team_id: str = Field(min_length=1, max_length=100)
    name: Title = Field(min_length=1, max_length=200)
    mentor: Contact | None = None
    practice_case: PracticeCase | None = None
    dissolved: bool = False
    revision: int = Field(ge=1)
    updated_at: AwareDatetime


class Guest(BaseModel):
    """Someone invited for one session only (a colleague, the legal colleague, a betrokkene)."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    name: Name
    email: EmailAddress
    invited_by: str = Field(max_length=100, pattern=r"^[a-z-]+-[0-9a-f]{24}$")  # a person id


class SessionGuestsUpdated(EventData):
    """The guests of one session after an invitation or a removal: the whole list.

    `revision` rises with every change of this session's guests, so a consumer ignores one
    older than what it holds. `case_id` is set for a leercase session.
    """

    routing_key = "guests.updated"

    cohort_id: str
    cohort_title: Title = ""
    case_id: str | None = None
    session_id: str = Field(min_length=1, max_length=300, pattern=r"^[A-Za-z0-9._-]+$")
    guests: list[Guest] = Field(default_factory=list, max_length=100)
    revision: int = Field(ge=1)
    updated_at: AwareDatetime


class ContentExpertNamed(EventData):
    """The owner (or staff) named or changed the case's content expert after submission."""

    routing_key = "case.content_expert_named"

    case_id: str
    case_title: Title = ""
    content_expert: Person
    named_at: AwareDatetime


class CapabilityRevoked(EventData):
    """A person's links were revoked or reissued: every link below `generation` ends at once.

    Consumed by every service that verifies links (person pages, documents, calendar files);
    notifications mints new links at this generation. Carries no token and no address.
    """

    routing_key = "capability.revoked"

    person_id: str = Field(max_length=100, pattern=r"^[a-z-]+-[0-9a-f]{24}$")
    generation: int = Field(ge=1)
    revoked_at: AwareDatetime


class PersonLinkRequested(EventData):
    """Someone opened an expired link to their page and asked for a fresh one.

    Carries no address and no token: notifications mints a new link (generation as given or
    higher) and mails it to the address it has on file for this person id, if any.
    """

    routing_key = "person.link_requested"

    person_id: str = Field(max_length=100, pattern=r"^[a-z-]+-[0-9a-f]{24}$")
    generation: int = Field(default=0, ge=0)
    requested_at: AwareDatetime
