"""An e-learning learner's choice of live training on their page: the offer and their booking."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from services.intake.domain.enrolment import Enrolment
from services.intake.service_layer.people import PersonView
from shared.contracts.base import ProgrammeFormat
from shared.contracts.scheduling import OfferedSession
from shared.dutch import long_date


def when_text(offered: OfferedSession) -> str:
    """'donderdag 9 april 2026, 13:00–15:00 uur' in the training's own time zone."""
    zone = ZoneInfo(offered.timezone)
    start, end = offered.starts_at.astimezone(zone), offered.ends_at.astimezone(zone)
    return f"{long_date(start.date())}, {start:%H:%M}–{end:%H:%M} uur"


def _places(offered: OfferedSession) -> str:
    free = offered.free
    if free is None:
        return "plaats genoeg"
    if free == 0:
        return "vol"
    return "nog 1 plaats vrij" if free == 1 else f"nog {free} plaatsen vrij"


def booked_session_id(view: PersonView, cohort_id: str, now: dt.datetime) -> str | None:
    """The training this person is invited to (scheduling's attendees say so), still to come."""
    for session in view.sessions:
        s = session.session
        if session.cohort_id == cohort_id and not s.cancelled and s.starts_at > now:
            return s.session_id
    return None


def training_choice(
    enrolment: Enrolment, view: PersonView, now: dt.datetime, base: str
) -> dict[str, Any] | None:
    """For an enrolled e-learning learner: every training to come, which is theirs, what is full."""
    cohort = enrolment.cohort
    if cohort.format is not ProgrammeFormat.E_LEARNING:
        return None
    mine = booked_session_id(view, cohort.cohort_id, now)
    trainings = [
        {
            "session_id": o.session_id,
            "name": o.name,
            "when": when_text(o),
            "places": _places(o),
            "full": o.free == 0 and o.session_id != mine,
            "mine": o.session_id == mine,
        }
        for o in cohort.offered_sessions
        if o.starts_at > now
    ]
    return {
        "trainings": trainings,
        "booked": next((t for t in trainings if t["mine"]), None),
        "book_url": f"{base}/training/{cohort.cohort_id}",
        "cancel_url": f"{base}/training/{cohort.cohort_id}/annuleren",
    }


def next_free_text(enrolment: Enrolment, session_id: str | None) -> str:
    """What a learner reads when the training they chose is full."""
    offered = next(
        (o for o in enrolment.cohort.offered_sessions if o.session_id == session_id), None
    )
    if offered is None:
        return "Deze training is vol, en er is nu geen latere training met een vrije plaats."
    when = when_text(offered)
    return f"Deze training is vol. De eerstvolgende training met een vrije plaats is op {when}."
