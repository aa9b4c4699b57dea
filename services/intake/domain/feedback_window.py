"""Until when the owner may comment on the draft: up to the start of the session after it."""

from __future__ import annotations

import datetime as dt

from services.intake.domain.dutch_dates import when
from services.intake.domain.timeline import CaseTimeline
from shared.contracts.base import Contact
from shared.contracts.scheduling import AttendeeRole, SessionInfo
from shared.people import PersonKind

CLOSED = "De feedbacksessie is begonnen: nieuwe opmerkingen kunt u daar met de coaches bespreken."


def feedback_session(timeline: CaseTimeline) -> SessionInfo | None:
    """The first session (not cancelled) that starts after the latest draft went out."""
    draft = timeline.latest_draft()
    if draft is None:
        return None
    later = [s for s in timeline.sessions if not s.cancelled and s.starts_at >= draft.delivered_at]
    return min(later, key=lambda s: s.starts_at) if later else None


def feedback_open(timeline: CaseTimeline, now: dt.datetime) -> bool:
    """A draft is out and its feedback session has not started (none planned: open)."""
    if timeline.latest_draft() is None:
        return False
    session = feedback_session(timeline)
    return session is None or now < session.starts_at


def open_until(timeline: CaseTimeline) -> str:
    """'tot de feedbacksessie op ...' as the form says it; empty without a session."""
    session = feedback_session(timeline)
    if session is None:
        return ""
    return (
        f"tot het begin van de {session.name.lower()} ({when(session.starts_at, session.timezone)})"
    )


def case_coaches(timeline: CaseTimeline) -> list[Contact]:
    """The coaches invited to the case's sessions, each once, in the order first met."""
    seen: dict[str, Contact] = {}
    for session in timeline.sessions:
        for a in session.attendees:
            if a.role is AttendeeRole.COACH and a.email.lower() not in seen:
                seen[a.email.lower()] = Contact(name=a.name, email=a.email)
    return list(seen.values())


def owner_feedback(kind: PersonKind | None, timeline: CaseTimeline | None) -> bool:
    """Whether an owner's page links to the feedback form: a draft has reached them."""
    return kind is PersonKind.OWNER and timeline is not None and timeline.latest_draft() is not None
