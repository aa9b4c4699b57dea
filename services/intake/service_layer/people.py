"""Everything one person's page shows, gathered by their person id (shared/people.py)."""

from __future__ import annotations

from dataclasses import dataclass, field

from services.intake.domain.agenda import SessionView
from services.intake.domain.case import Case
from services.intake.domain.enrolment import Enrolment
from services.intake.domain.link_request import LinkRequests
from services.intake.domain.timeline import CaseTimeline
from services.intake.service_layer.context import Intake
from services.intake.service_layer.timelines import timeline_of
from shared.contracts.intake import Guest
from shared.people import PersonKind
from shared.persistence.aggregate import Change


class NotOnThisPage(Exception):
    """The person asked for a session or cohort that is not theirs (HTTP 404)."""


@dataclass(frozen=True)
class PersonView:
    """One person's programme: their sessions, cohorts and (owner, expert) case."""

    person_id: str
    kind: PersonKind | None
    name: str
    sessions: list[SessionView] = field(default_factory=list)
    enrolments: list[Enrolment] = field(default_factory=list)
    case: Case | None = None
    timeline: CaseTimeline | None = None
    mentored: list[Enrolment] = field(default_factory=list)
    guests: dict[str, list[Guest]] = field(default_factory=dict)  # per session: this person's
    generation: int = 0  # the person's current link generation: links minted on the page carry it

    def session(self, session_id: str) -> SessionView:
        """One of this person's sessions, or NotOnThisPage."""
        for view in self.sessions:
            if view.session_id == session_id:
                return view
        raise NotOnThisPage(session_id)

    def enrolment(self, cohort_id: str) -> Enrolment:
        """One of this person's cohorts, or NotOnThisPage."""
        for enrolment in self.enrolments:
            if enrolment.cohort_id == cohort_id:
                return enrolment
        raise NotOnThisPage(cohort_id)

    def cases(self) -> list[tuple[str, str]]:
        """The cases this person's sessions are about (a coach's cases), first session first."""
        seen: dict[str, str] = {}
        for view in self.sessions:
            if view.case_id and view.case_id not in seen:
                seen[view.case_id] = view.case_title
        return list(seen.items())


def kind_of(person_id: str) -> PersonKind | None:
    """The role a person id was made for (its prefix)."""
    prefix = person_id.split("-", 1)[0]
    return next((kind for kind in PersonKind if kind.value == prefix), None)


async def person_view(person_id: str, intake: Intake) -> PersonView:
    """What intake knows of this person: never another person's data."""
    kind = kind_of(person_id)
    sessions = await intake.sessions.for_person(person_id)
    enrolments = (
        await intake.cohorts.with_person(person_id) if kind is PersonKind.PARTICIPANT else []
    )
    case = None
    if kind in (PersonKind.OWNER, PersonKind.CONTENT_EXPERT):
        case = await intake.cases.by_person_id(person_id)
    mentored = await intake.cohorts.with_mentor(person_id) if kind is PersonKind.MENTOR else []
    name = _name(person_id, sessions, enrolments, case) or _mentor_name(person_id, mentored)
    timeline = await timeline_of(case.case_id, intake) if case is not None else None
    guests: dict[str, list[Guest]] = {}
    for view in sessions:
        if view.session.guest_limit > 0 and (stored := await intake.guests.get(view.session_id)):
            guests[view.session_id] = stored.state.invited_by(person_id)
    generation = await link_generation(person_id, intake)
    return PersonView(
        person_id, kind, name, sessions, enrolments, case, timeline, mentored, guests, generation
    )


def _mentor_name(person_id: str, mentored: list[Enrolment]) -> str:
    for enrolment in mentored:
        for team in enrolment.live_teams():
            if team.mentor is not None and team.mentor_person_id == person_id:
                return team.mentor.name
    return ""


def _name(
    person_id: str, sessions: list[SessionView], enrolments: list[Enrolment], case: Case | None
) -> str:
    for enrolment in enrolments:
        if (participant := enrolment.participant_by_person(person_id)) is not None:
            return participant.name
    if case is not None:
        if case.owner_person_id == person_id:
            return case.owner.name
        if (expert := case.content_expert()) is not None:
            return expert.name
    for view in sessions:
        if (attendee := view.attendee(person_id)) is not None:
            return attendee.name
    return ""


async def revoke_person_links(person_id: str, intake: Intake) -> None:
    """Raise the person's link generation and owe `capability.revoked` in the same write."""

    def decide(current: LinkRequests | None) -> Change[LinkRequests]:
        links = (current or LinkRequests(person_id=person_id)).model_copy(deep=True)
        return Change(links, intake.wrap(links.revoke(intake.now()), person_id))

    await intake.link_requests.apply(person_id, decide)


async def link_generation(person_id: str, intake: Intake) -> int:
    """The generation a person's links must carry to open anything."""
    stored = await intake.link_requests.get(person_id)
    return stored.state.generation if stored else 0


async def request_fresh_link(person_id: str, generation: int, intake: Intake) -> None:
    """One guarded write owing `person.link_requested` (at most one per quarter hour)."""

    def decide(current: LinkRequests | None) -> Change[LinkRequests]:
        requests = (current or LinkRequests(person_id=person_id)).model_copy(deep=True)
        payloads = requests.request(generation, intake.now())
        return Change(requests, intake.wrap(payloads, person_id))

    await intake.link_requests.apply(person_id, decide)
