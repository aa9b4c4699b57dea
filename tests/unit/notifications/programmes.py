"""Sessions of every format as scheduling would announce them, for the mail tests."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from services.notifications.service_layer.cohort_samples import (
    ATELIER_TITLE,
    LATECOMER,
    LEARNER,
    LEAVER,
    atelier_round,
    attendee,
)
from shared.contracts.base import ProgrammeFormat
from shared.contracts.scheduling import (
    Attendee,
    AttendeeRole,
    SessionAttendeesChanged,
    SessionInfo,
    SessionReminderDue,
    SessionScheduled,
)
from shared.people import coach_id

AMS = ZoneInfo("Europe/Amsterdam")
BXL = ZoneInfo("Europe/Brussels")
TRAINER = Attendee(
    person_id=coach_id("i.vos@example.org"),
    name="Ineke Vos",
    email="i.vos@example.org",
    role=AttendeeRole.TRAINER,
)
__all__ = ["LATECOMER", "LEARNER", "LEAVER"]


def scheduled(fmt: ProgrammeFormat, title: str, session: SessionInfo) -> SessionScheduled:
    """A cohort session's announcement (no case)."""
    return SessionScheduled(cohort_id="c-1", cohort_title=title, format=fmt, session=session)


def reminder(fmt: ProgrammeFormat, title: str, session: SessionInfo) -> SessionReminderDue:
    """The reminder of a cohort session."""
    return SessionReminderDue(cohort_id="c-1", cohort_title=title, format=fmt, session=session)


def atelier() -> SessionScheduled:
    """Round 2 of the leeratelier: homework, guide steps 4 and 5, 12:00-17:00 in Utrecht."""
    return scheduled(ProgrammeFormat.LEERATELIER, ATELIER_TITLE, atelier_round())


def attendees_changed() -> SessionAttendeesChanged:
    """A late enrolment and a withdrawal on the same round."""
    return SessionAttendeesChanged(
        cohort_id="c-1",
        cohort_title=ATELIER_TITLE,
        format=ProgrammeFormat.LEERATELIER,
        session=atelier_round(),
        added=[attendee(LATECOMER)],
        removed=[attendee(LEAVER)],
    )


def network_meeting(host: str | None) -> SessionScheduled:
    """The lerend netwerk's third meeting, a full day in Flanders, hosted at a case or not."""
    session = SessionInfo(
        session_id="s-ln-3",
        step=3,
        name="Intervisie en casusbezoek",
        starts_at=dt.datetime(2026, 6, 11, 9, 30, tzinfo=BXL),
        ends_at=dt.datetime(2026, 6, 11, 16, 30, tzinfo=BXL),
        timezone="Europe/Brussels",
        online=False,
        location="Gent",
        host=host,
        attendees=[attendee(LEARNER), TRAINER],
    )
    return scheduled(ProgrammeFormat.LEREND_NETWERK, "Jaargang 2026", session)


def course_day() -> SessionScheduled:
    """Day 2 of the leergang, with its theme."""
    session = SessionInfo(
        session_id="s-lg-2",
        step=2,
        name="Jouw eigen leervraag centraal",
        theme="Uw persoonlijke leervraag",
        starts_at=dt.datetime(2026, 4, 9, 9, 30, tzinfo=AMS),
        ends_at=dt.datetime(2026, 4, 9, 16, 30, tzinfo=AMS),
        timezone="Europe/Amsterdam",
        online=False,
        location="Amersfoort",
        attendees=[attendee(LEARNER), TRAINER],
    )
    return scheduled(ProgrammeFormat.LEERGANG, "Leergang Samenspel 2026", session)


def training(starts: dt.datetime, capacity: int = 12) -> SessionInfo:
    """An e-learning's live online training."""
    return SessionInfo(
        session_id=f"s-el-{starts:%Y%m%d}",
        step=1,
        name="Live training: de 10 uitvoeringsstappen",
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=2),
        timezone="Europe/Amsterdam",
        meeting_url="https://teams.example.org/meet/training",
        capacity=capacity,
        attendees=[TRAINER],
    )
