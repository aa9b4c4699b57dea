"""What a network member's page says about the next meeting's topics (no markup here)."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from services.intake.adapters.documents_client import DocumentsClient, Topic
from services.intake.domain.agenda import SessionView
from services.intake.service_layer.people import PersonView
from shared.contracts.base import ProgrammeFormat
from shared.contracts.scheduling import AttendeeRole
from shared.dutch import long_date


def next_meeting(view: PersonView, now: dt.datetime) -> SessionView | None:
    """The member's next network meeting still to come (topics are for the next one)."""
    for session in sorted(view.sessions, key=lambda s: s.session.starts_at):
        me = session.attendee(view.person_id)
        if (
            session.format is ProgrammeFormat.LEREND_NETWERK
            and not session.session.cancelled
            and session.session.starts_at > now
            and me is not None
            and me.role is AttendeeRole.PARTICIPANT
        ):
            return session
    return None


def topics_card(
    meeting: SessionView, topics: list[Topic], person_id: str, base: str
) -> dict[str, Any]:
    """The proposals with who proposed them, support counted, and this member's buttons."""
    url = f"{base}/onderwerpen/{meeting.session_id}"
    local = meeting.session.starts_at.astimezone(ZoneInfo(meeting.session.timezone))
    return {
        "meeting": meeting.session.name,
        "date": long_date(local.date()),
        "propose_url": url,
        "topics": [
            {
                "title": t.title,
                "proposer": t.proposer_name,
                "support": len(t.supporters),
                "mine": person_id in t.supporters,
                "support_url": f"{url}/{t.topic_id}/steunen",
            }
            for t in topics
        ],
    }


async def add_topics(
    context: dict[str, object],
    view: PersonView,
    documents: DocumentsClient | None,
    now: dt.datetime,
    base: str,
) -> dict[str, object]:
    """The page with the next meeting's topics for a network member (read from documents)."""
    meeting = next_meeting(view, now)
    if documents is None or meeting is None:
        return context
    topics = await documents.topics(meeting.session_id)
    return context | {"network_topics": topics_card(meeting, topics, view.person_id, base)}
