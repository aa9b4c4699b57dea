"""Members propose and support topics for a meeting (intake's page calls these on their behalf)."""

from __future__ import annotations

from services.documents.domain.meeting_topics import MeetingTopic, on_the_agenda, propose, support
from services.documents.domain.session_files import SessionFile
from services.documents.service_layer.context import Documents
from shared.clock import Clock
from shared.persistence.aggregate import Change


async def topics_of(session_id: str, docs: Documents) -> list[MeetingTopic]:
    """The meeting's topics as the agenda will list them."""
    stored = await docs.producer.sessions.get(session_id)
    return on_the_agenda(stored.state.topics) if stored else []


async def propose_topic(
    clock: Clock,
    meeting: tuple[str, str, str],
    person_id: str,
    name: str,
    title: str,
    docs: Documents,
) -> list[MeetingTopic]:
    """One guarded write of the meeting's file; TopicRefused names what was wrong."""
    session_id, cohort_id, meeting_name = meeting
    now = clock.now()

    def decide(current: SessionFile | None) -> Change[SessionFile] | None:
        base = current or SessionFile(
            session_id=session_id, cohort_id=cohort_id, title=meeting_name
        )
        topics = propose(base.topics, person_id, name, title, now)
        return Change(base.model_copy(update={"topics": topics}))

    await docs.producer.sessions.apply(session_id, decide)
    return await topics_of(session_id, docs)


async def support_topic(
    session_id: str, topic_id: str, person_id: str, docs: Documents
) -> list[MeetingTopic]:
    """Add a supporter (a second time changes nothing)."""

    def decide(current: SessionFile | None) -> Change[SessionFile] | None:
        topics = support(current.topics if current else [], topic_id, person_id)
        if current is None or topics == current.topics:
            return None
        return Change(current.model_copy(update={"topics": topics}))

    await docs.producer.sessions.apply(session_id, decide)
    return await topics_of(session_id, docs)
