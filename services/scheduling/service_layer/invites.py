"""The events that carry calendar invites: each session with its .ics content and link."""

from __future__ import annotations

from collections.abc import Sequence
from zoneinfo import ZoneInfo

from services.scheduling.domain.planning import Plan
from services.scheduling.domain.trajectories import Trajectory
from services.scheduling.service_layer.context import Scheduling
from shared.contracts.base import EventData
from shared.contracts.envelope import CloudEvent
from shared.contracts.scheduling import (
    SessionCancelled,
    SessionEvent,
    SessionInfo,
    SessionScheduled,
    TrajectoryScheduled,
)
from shared.ics import session_ics


def with_links(plan: Plan, ctx: Scheduling) -> Plan:
    """Every session gets its .ics link (staff only, no token), which all later events carry."""
    assert plan.case_id is not None
    case_id = plan.case_id
    sessions = [
        s.model_copy(
            update={"ics_url": ctx.links.url(ctx.links.session_path(case_id, s.session_id))}
        )
        for s in plan.sessions
    ]
    return plan.model_copy(update={"sessions": sessions})


def with_ics(session: SessionInfo, ctx: Scheduling, *, cancelled: bool = False) -> SessionInfo:
    """The session with its invite (REQUEST) or withdrawal (CANCEL) inline, in local time
    (stored times come back from the database in UTC)."""
    zone = ZoneInfo(session.timezone)
    local = {
        "starts_at": session.starts_at.astimezone(zone),
        "ends_at": session.ends_at.astimezone(zone),
    }
    ics = session_ics(session, ctx.organizer, ctx.events.now(), cancelled=cancelled)
    link = without_token(session.ics_url)
    return session.model_copy(update={**local, "ics": ics, "cancelled": cancelled, "ics_url": link})


def without_token(url: str | None) -> str | None:
    """A link stored before events stopped carrying tokens, as the bare staff link."""
    return url.split("?", 1)[0] if url else url


def scheduled_events(trajectory: Trajectory, ctx: Scheduling) -> list[CloudEvent[EventData]]:
    """`trajectory.scheduled` first, then one `session.scheduled` per session, in date order."""
    plan = trajectory.plan
    assert plan is not None
    accepted = trajectory.accepted
    overview = TrajectoryScheduled(
        case_id=trajectory.case_id,
        case_title=trajectory.case_title,  # every mail names the case by its title
        cohort_id=trajectory.cohort_id,
        format=accepted.format,
        timezone=plan.timezone,
        owner=accepted.owner,
        coaches=plan.coaches,
        sessions=[
            s.model_copy(update={"ics_url": without_token(s.ics_url)}) for s in plan.sessions
        ],
        deliverables=[d.info for d in plan.deliverables],
    )
    events: list[CloudEvent[EventData]] = [ctx.events(overview, subject=trajectory.case_id)]
    for session in sorted(plan.sessions, key=lambda s: s.starts_at):
        data = trajectory.session_event(SessionScheduled, with_ics(session, ctx))
        events.append(ctx.events(data, subject=trajectory.case_id))
    return events


def outgoing(
    subject: str, events: Sequence[SessionEvent], ctx: Scheduling
) -> list[CloudEvent[EventData]]:
    """Session events as owed CloudEvents, each with its invite (or CANCEL) inline."""
    return [
        ctx.events(
            event.model_copy(
                update={
                    "session": with_ics(
                        event.session, ctx, cancelled=isinstance(event, SessionCancelled)
                    )
                }
            ),
            subject=subject,
        )
        for event in events
    ]
