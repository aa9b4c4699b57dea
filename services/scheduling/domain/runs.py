"""A cohort's run: the cohort, its members and (for every format but the leercase) its sessions.

One document holds all three, so planning, re-planning and every change of who attends is a
single guarded write with the events it owes. Sessions that have begun are never changed.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, model_validator

from services.scheduling.domain.bookings import Booking, booked
from services.scheduling.domain.people import Member, diff, staff_attendee, unique
from services.scheduling.domain.planning import plan_sessions
from services.scheduling.domain.programme import ProgrammeTemplate
from services.scheduling.domain.session_guests import GuestList, guest_attendees
from services.scheduling.domain.team_mentors import TeamMentor, mentor_attendees
from shared.calendar import WorkingDayCalendar
from shared.contracts.scheduling import (
    Attendee,
    AttendeeRole,
    CohortInfo,
    OfferedSession,
    SessionAttendeesChanged,
    SessionEvent,
    SessionInfo,
    SessionScheduled,
)


class CohortRun(BaseModel):
    """The run of one cohort; `cohort` is None while only early membership events arrived."""

    model_config = ConfigDict(frozen=True)

    cohort_id: str
    cohort: CohortInfo | None = None
    sessions: list[SessionInfo] = Field(default_factory=list)
    cancelled_session_ids: list[str] = Field(default_factory=list)
    members: list[Member] = Field(default_factory=list)
    teams: list[TeamMentor] = Field(default_factory=list)
    bookings: list[Booking] = Field(default_factory=list)
    guests: list[GuestList] = Field(default_factory=list)
    # Staff moved or cancelled these sessions one by one: a later re-plan keeps their choice.
    staff_moves: dict[str, AwareDatetime] = Field(default_factory=dict)
    staff_cancelled: list[str] = Field(default_factory=list)
    # A staff change's write owes its timers (service_layer/owed_changes.py).
    changes_owed: bool = False
    owed_token: str = ""

    @model_validator(mode="before")
    @classmethod
    def _flat_cohort(cls, data: Any) -> Any:
        """Documents written before runs existed held the cohort's fields at the top level."""
        if isinstance(data, dict) and "cohort" not in data and "format" in data:
            return {"cohort_id": data["cohort_id"], "cohort": data}
        return data

    def live(self, session: SessionInfo) -> bool:
        """Not cancelled."""
        return session.session_id not in self.cancelled_session_ids

    def session(self, session_id: str) -> SessionInfo | None:
        """The session with this id, if the run has it."""
        return next((s for s in self.sessions if s.session_id == session_id), None)

    def enrolled_ids(self) -> set[str]:
        """Participant ids of the members who hold a place now."""
        return {m.participant.participant_id for m in self.members if m.enrolled}


def run_attendees(run: CohortRun, template: ProgrammeTemplate) -> list[Attendee]:
    """Who attends a cohort session now: its trainers, the mentors of its teams (leergang)
    and (unless they book) its participants."""
    assert run.cohort is not None
    trainers = [staff_attendee(c, AttendeeRole.TRAINER) for c in run.cohort.coaches]
    mentors = mentor_attendees(run.teams, run.members)
    learners = [m.attendee() for m in run.members if m.enrolled]
    return unique([*trainers, *mentors, *(learners if template.invites_participants else [])])


def session_attendees(
    run: CohortRun, template: ProgrammeTemplate, session: SessionInfo
) -> list[Attendee]:
    """Who attends this session: the run's attendees, where learners book its bookers, and
    the guests invited for it."""
    base = run_attendees(run, template)
    guests = guest_attendees(run.guests, session.session_id)
    if template.invites_participants:
        return unique([*base, *guests])
    mine = {b.participant_id for b in run.bookings if b.session_id == session.session_id}
    bookers = [
        m.attendee() for m in run.members if m.enrolled and m.participant.participant_id in mine
    ]
    return unique([*base, *bookers, *guests])


def session_event(
    kind: type[SessionEvent], run: CohortRun, session: SessionInfo, **extra: Any
) -> SessionEvent:
    """An event about one of the run's sessions, with the cohort's title and format."""
    assert run.cohort is not None
    return kind(
        cohort_id=run.cohort_id,
        cohort_title=run.cohort.title,
        format=run.cohort.format,
        session=session,
        **extra,
    )


def template_sessions(
    run: CohortRun,
    template: ProgrammeTemplate,
    calendar: WorkingDayCalendar,
    today: dt.date | None,
) -> list[SessionInfo]:
    """The sessions the template gives the run's cohort (its fixed dates kept), with who attends."""
    cohort = run.cohort
    assert cohort is not None
    return plan_sessions(
        template,
        cohort,
        calendar,
        id_prefix=cohort.cohort_id,
        fixed_dates=cohort.fixed_dates,
        attendees=run_attendees(run, template),
        today=today,
    )


def plan_run(
    run: CohortRun,
    cohort: CohortInfo,
    template: ProgrammeTemplate,
    calendar: WorkingDayCalendar,
    today: dt.date | None = None,
) -> tuple[CohortRun, list[SessionEvent]]:
    """The run of a newly planned cohort: every session, invites for the members known so far."""
    planned = run.model_copy(update={"cohort": cohort})
    if template.sessions_per_case:
        return planned, []
    sessions = template_sessions(planned, template, calendar, today)
    planned = planned.model_copy(update={"sessions": sessions})
    ordered = sorted(sessions, key=lambda s: s.starts_at)
    return planned, [session_event(SessionScheduled, planned, s) for s in ordered]


def refresh_attendees(
    run: CohortRun, template: ProgrammeTemplate, now: dt.datetime
) -> tuple[CohortRun, list[SessionEvent]]:
    """Every session still to come gets today's attendees; each change is announced."""
    if run.cohort is None or template.sessions_per_case:
        return run, []
    sessions: list[SessionInfo] = []
    events: list[SessionEvent] = []
    for session in run.sessions:
        wanted = session_attendees(run, template, session)
        added, removed = diff(session.attendees, wanted)
        if session.starts_at <= now or not run.live(session) or not (added or removed):
            sessions.append(session)
            continue
        updated = session.model_copy(update={"attendees": wanted})
        sessions.append(updated)
        events.append(
            session_event(SessionAttendeesChanged, run, updated, added=added, removed=removed)
        )
    return run.model_copy(update={"sessions": sessions}), events


def horizon_due(
    run: CohortRun, template: ProgrammeTemplate, now: dt.datetime
) -> dt.datetime | None:
    """When recurring sessions need planning further ahead: at the next one's start."""
    recurring = any(
        step.recurrence and step.recurrence.ahead_weeks for step in template.session_steps
    )
    if not recurring or run.cohort is None or run.cohort.cancelled:
        return None
    coming = [s.starts_at for s in run.sessions if run.live(s) and s.starts_at > now]
    return min(coming, default=None)


def next_version(run: CohortRun) -> CohortRun:
    """The run whose cohort counts one more announcement: consumers drop older `cohort.*`."""
    assert run.cohort is not None
    cohort = run.cohort.model_copy(update={"version": run.cohort.version + 1})
    return run.model_copy(update={"cohort": cohort})


def announced(run: CohortRun, template: ProgrammeTemplate, now: dt.datetime) -> CohortInfo:
    """The cohort as `cohort.*` events and the API show it: with the sessions on offer where
    learners book one (every live training still to come)."""
    assert run.cohort is not None
    if template.invites_participants or template.sessions_per_case:
        return run.cohort
    offer = [
        OfferedSession(
            session_id=s.session_id,
            name=s.name,
            starts_at=s.starts_at.astimezone(ZoneInfo(s.timezone)),
            ends_at=s.ends_at.astimezone(ZoneInfo(s.timezone)),
            timezone=s.timezone,
            online=s.online,
            location=s.location,
            capacity=s.capacity,
            booked=booked(run.bookings, s.session_id, run.enrolled_ids()),
        )
        for s in run.sessions
        if run.live(s) and s.starts_at > now
    ]
    return run.cohort.model_copy(update={"offered_sessions": offer})
