"""Who attends a leercase trajectory's sessions: the owner, the content expert, the two coaches
and the round's learners on that case; changes reach the sessions still to come."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from pydantic import AwareDatetime, BaseModel, ConfigDict

from services.scheduling.domain.people import (
    Member,
    diff,
    expert_attendee,
    owner_attendee,
    staff_attendee,
    unique,
)
from services.scheduling.domain.session_guests import guest_attendees
from services.scheduling.domain.trajectories import Trajectory
from shared.contracts.base import Person
from shared.contracts.scheduling import (
    Attendee,
    AttendeeRole,
    SessionAttendeesChanged,
    SessionInfo,
)


class NamedExpert(BaseModel):
    """The content expert named after submission (`case.content_expert_named`), latest wins."""

    model_config = ConfigDict(frozen=True)

    case_id: str
    expert: Person
    named_at: AwareDatetime


def named(
    current: NamedExpert | None, case_id: str, expert: Person, at: dt.datetime
) -> NamedExpert | None:
    """The expert after this naming; None when an equally new or newer one is held."""
    if current is not None and at <= current.named_at:
        return None
    return NamedExpert(case_id=case_id, expert=expert, named_at=at)


def case_attendees(
    trajectory: Trajectory, members: Sequence[Member], expert: NamedExpert | None
) -> list[Attendee]:
    """Owner, expert (named later or on the form), coaches, then the learners on this case."""
    case_id, accepted = trajectory.case_id, trajectory.accepted
    chosen = expert.expert if expert is not None else accepted.content_expert
    people: list[Attendee | None] = [
        owner_attendee(case_id, accepted.owner),
        expert_attendee(case_id, chosen),
    ]
    coaches = trajectory.plan.coaches if trajectory.plan else []
    staff = [staff_attendee(c, AttendeeRole.COACH) for c in coaches]
    learners = [m.attendee() for m in members if m.case_id == case_id and not m.gone]
    return unique([*(p for p in people if p is not None), *staff, *learners])


def refresh_case(
    trajectory: Trajectory, wanted: Sequence[Attendee], now: dt.datetime
) -> tuple[Trajectory, list[SessionAttendeesChanged]]:
    """Sessions still to come get `wanted` (and their own guests) as attendees; one event per
    session that changed."""
    plan = trajectory.plan
    if plan is None:
        return trajectory, []
    live = {s.session_id for s in trajectory.live_sessions()}
    sessions: list[SessionInfo] = []
    events: list[SessionAttendeesChanged] = []
    for session in plan.sessions:
        invited = unique([*wanted, *guest_attendees(trajectory.guests, session.session_id)])
        added, removed = diff(session.attendees, invited)
        if session.starts_at <= now or session.session_id not in live or not (added or removed):
            sessions.append(session)
            continue
        updated = session.model_copy(update={"attendees": invited})
        sessions.append(updated)
        events.append(
            trajectory.session_event(SessionAttendeesChanged, updated, added=added, removed=removed)
        )
    if not events:
        return trajectory, []
    new_plan = plan.model_copy(update={"sessions": sessions})
    return trajectory.model_copy(update={"plan": new_plan}), events
