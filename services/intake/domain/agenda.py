"""Each session as the people on it see it: intake's copy of scheduling's latest word on it.

Who attends comes from the session events' attendees (keyed by person id), so a person's page
lists exactly the sessions they are invited to. `sequence` orders updates of one session; for
the same sequence (an attendee change need not raise it) the later event wins, so a late older
event never overwrites a newer one.
"""

from __future__ import annotations

import datetime as dt

from pydantic import AwareDatetime, BaseModel, computed_field

from shared.contracts.base import EventData, ProgrammeFormat
from shared.contracts.scheduling import (
    Attendee,
    SessionCancelled,
    SessionEvent,
    SessionInfo,
    TrajectoryScheduled,
)


class SessionView(BaseModel):
    """One session, the run it belongs to, and when scheduling said this about it."""

    session: SessionInfo
    cohort_id: str
    cohort_title: str = ""
    case_id: str | None = None
    case_title: str = ""
    format: ProgrammeFormat = ProgrammeFormat.LEERCASE
    as_of: AwareDatetime

    @computed_field  # type: ignore[prop-decorator]
    @property
    def person_ids(self) -> list[str]:
        """Everyone invited, by person id: a person's page finds its sessions by index."""
        return sorted({a.person_id for a in self.session.attendees if a.person_id})

    @computed_field  # type: ignore[prop-decorator]
    @property
    def starts_at(self) -> str:
        """UTC ISO text (sorts in time order on every store): the page lists soonest first."""
        return self.session.starts_at.astimezone(dt.UTC).isoformat()

    @property
    def session_id(self) -> str:
        return self.session.session_id

    def attendee(self, person_id: str) -> Attendee | None:
        """This person as invited to this session, or None when they are not (any more)."""
        return next((a for a in self.session.attendees if a.person_id == person_id), None)

    def is_newer_than(self, other: SessionView) -> bool:
        """Higher sequence wins; on the same sequence the later event."""
        mine = (self.session.sequence, self.as_of)
        return mine > (other.session.sequence, other.as_of)


def views_of(data: EventData, at: dt.datetime) -> list[SessionView]:
    """The sessions an event states, with the run they belong to; none for other events."""
    if isinstance(data, SessionEvent):
        session = data.session
        if isinstance(data, SessionCancelled) and not session.cancelled:
            session = session.model_copy(update={"cancelled": True})
        return [
            SessionView(
                session=session,
                cohort_id=data.cohort_id,
                cohort_title=data.cohort_title,
                case_id=data.case_id,
                case_title=data.case_title,
                format=data.format,
                as_of=at,
            )
        ]
    if isinstance(data, TrajectoryScheduled):
        return [
            SessionView(
                session=session,
                cohort_id=data.cohort_id,
                case_id=data.case_id,
                case_title=data.case_title,
                format=data.format,
                as_of=at,
            )
            for session in data.sessions
        ]
    return []


def merged(current: SessionView | None, incoming: SessionView) -> SessionView | None:
    """The view to keep, or None when what we hold is as new or newer (nothing to write)."""
    if current is None or incoming.is_newer_than(current):
        if current is not None and not incoming.cohort_title:
            incoming = incoming.model_copy(update={"cohort_title": current.cohort_title})
        return incoming
    return None
