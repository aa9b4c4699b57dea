"""Who takes part in a cohort, and the attendee (with person id) each role becomes.

Membership follows intake's events in any order: `participant.enrolled` / `participant.left`
are ordered by their own time stamps, `participant.assigned` by its rising revision, so an
older event never undoes a newer one and an event about a cohort not yet planned is kept.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from pydantic import AwareDatetime, BaseModel, ConfigDict

from shared.contracts.base import Contact, Person
from shared.contracts.intake import Participant
from shared.contracts.scheduling import Attendee, AttendeeRole
from shared.people import PersonKind, content_expert_id, owner_id, participant_id, person_id

_STAFF_KINDS = {
    AttendeeRole.COACH: PersonKind.COACH,
    AttendeeRole.TRAINER: PersonKind.TRAINER,
    AttendeeRole.MENTOR: PersonKind.MENTOR,
    AttendeeRole.GUEST: PersonKind.GUEST,
}


def staff_attendee(contact: Contact, role: AttendeeRole) -> Attendee:
    """A coach, trainer or mentor: one person id per email address for all their cohorts."""
    kind = _STAFF_KINDS[role]
    return Attendee(
        person_id=person_id(kind, contact.email), name=contact.name, email=contact.email, role=role
    )


def owner_attendee(case_id: str, owner: Contact) -> Attendee:
    """The case owner of this case."""
    return Attendee(
        person_id=owner_id(case_id), name=owner.name, email=owner.email, role=AttendeeRole.OWNER
    )


def expert_attendee(case_id: str, expert: Person | None) -> Attendee | None:
    """The content expert, when named with an email address (else nobody can be invited)."""
    if expert is None or expert.email is None:
        return None
    return Attendee(
        person_id=content_expert_id(case_id),
        name=expert.name,
        email=expert.email,
        role=AttendeeRole.CONTENT_EXPERT,
    )


class Member(BaseModel):
    """One participant of a cohort as the latest events describe them."""

    model_config = ConfigDict(frozen=True)

    participant: Participant
    enrolled_at: AwareDatetime | None = None
    left_at: AwareDatetime | None = None
    case_id: str | None = None
    team_id: str | None = None
    revision: int = 0

    @property
    def enrolled(self) -> bool:
        """Has a place: enrolled, and not left since."""
        return self.enrolled_at is not None and (
            self.left_at is None or self.left_at < self.enrolled_at
        )

    @property
    def gone(self) -> bool:
        """Left (withdrew or removed) and not enrolled again since."""
        return self.left_at is not None and (
            self.enrolled_at is None or self.enrolled_at <= self.left_at
        )

    def attendee(self) -> Attendee:
        """This participant as a session attendee."""
        p = self.participant
        return Attendee(
            person_id=participant_id(p.participant_id),
            name=p.name,
            email=p.email,
            role=AttendeeRole.PARTICIPANT,
        )


def _find(members: Sequence[Member], participant: Participant) -> Member:
    for member in members:
        if member.participant.participant_id == participant.participant_id:
            return member
    return Member(participant=participant)


def _put(members: Sequence[Member], member: Member) -> list[Member]:
    key = member.participant.participant_id
    if any(m.participant.participant_id == key for m in members):
        return [member if m.participant.participant_id == key else m for m in members]
    return [*members, member]


def enrol(
    members: Sequence[Member], participant: Participant, at: AwareDatetime
) -> list[Member] | None:
    """The members after an enrolment; None when it is not newer than what we hold."""
    member = _find(members, participant)
    if member.enrolled_at is not None and at <= member.enrolled_at:
        return None
    return _put(members, member.model_copy(update={"participant": participant, "enrolled_at": at}))


def leave(
    members: Sequence[Member], participant: Participant, at: AwareDatetime
) -> list[Member] | None:
    """The members after a withdrawal; None when it is not newer than what we hold."""
    member = _find(members, participant)
    if member.left_at is not None and at <= member.left_at:
        return None
    return _put(members, member.model_copy(update={"left_at": at}))


def assign(
    members: Sequence[Member],
    participant: Participant,
    case_id: str | None,
    team_id: str | None,
    revision: int,
) -> list[Member] | None:
    """The members after a (re)assignment; None when this revision is not newer."""
    member = _find(members, participant)
    if revision <= member.revision:
        return None
    update = {"case_id": case_id, "team_id": team_id, "revision": revision}
    return _put(members, member.model_copy(update=update))


def unique(attendees: Iterable[Attendee]) -> list[Attendee]:
    """First occurrence of each person id wins (an owner who is also listed as expert...)."""
    seen: set[str] = set()
    kept = []
    for attendee in attendees:
        key = attendee.person_id or f"{attendee.role}:{attendee.email.lower()}"
        if key not in seen:
            seen.add(key)
            kept.append(attendee)
    return kept


def diff(
    current: Sequence[Attendee], wanted: Sequence[Attendee]
) -> tuple[list[Attendee], list[Attendee]]:
    """(added, removed) between two attendee lists, by person; a changed address is both."""
    before = {(a.person_id, a.email.lower()) for a in current}
    after = {(a.person_id, a.email.lower()) for a in wanted}
    added = [a for a in wanted if (a.person_id, a.email.lower()) not in before]
    removed = [a for a in current if (a.person_id, a.email.lower()) not in after]
    return added, removed
