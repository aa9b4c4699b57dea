"""Members' topics for a network meeting: proposed from their page, supported by each other.

Seed 002: the network's content "kreeg vorm in samenspraak met de groep". Documents owns the
topics (design.md) because the meeting's agenda is built from them; they live in the meeting's
session file, so a proposal, a show of support and the agenda read one aggregate.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from pydantic import BaseModel, ConfigDict, Field

MAX_TOPICS_PER_MEMBER = 3


class TopicRefused(Exception):
    """A proposal or support the rules do not allow; `field` names what was wrong (422)."""

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(reason)
        self.field = field
        self.reason = reason


class MeetingTopic(BaseModel):
    """One proposed topic: who proposed it and who supports it (the proposer counts)."""

    model_config = ConfigDict(frozen=True)

    topic_id: str
    title: str = Field(min_length=1, max_length=200)
    proposer_id: str
    proposer_name: str
    supporters: list[str] = Field(default_factory=list)  # person ids
    proposed_at: dt.datetime


def propose(
    topics: Sequence[MeetingTopic], person_id: str, name: str, title: str, now: dt.datetime
) -> list[MeetingTopic]:
    """The topics with a new one; the same title twice (any case) is refused, as is a fourth."""
    text = " ".join(title.split())
    if not text:
        raise TopicRefused("title", "Geef het onderwerp een titel.")
    if any(t.title.casefold() == text.casefold() for t in topics):
        raise TopicRefused("title", "Dit onderwerp is al voorgesteld; u kunt het steunen.")
    if sum(t.proposer_id == person_id for t in topics) >= MAX_TOPICS_PER_MEMBER:
        raise TopicRefused(
            "person_id",
            f"U kunt voor één bijeenkomst {MAX_TOPICS_PER_MEMBER} onderwerpen voorstellen.",
        )
    topic = MeetingTopic(
        topic_id=f"t{len(topics) + 1}",
        title=text[:200],
        proposer_id=person_id,
        proposer_name=name,
        supporters=[person_id],
        proposed_at=now,
    )
    return [*topics, topic]


def support(topics: Sequence[MeetingTopic], topic_id: str, person_id: str) -> list[MeetingTopic]:
    """The topics with this person among the supporters of one (a second time changes nothing)."""
    if not any(t.topic_id == topic_id for t in topics):
        raise TopicRefused("topic_id", "Dit onderwerp bestaat niet.")
    return [
        t.model_copy(update={"supporters": [*t.supporters, person_id]})
        if t.topic_id == topic_id and person_id not in t.supporters
        else t
        for t in topics
    ]


def on_the_agenda(topics: Sequence[MeetingTopic]) -> list[MeetingTopic]:
    """Most supported first; equal support in the order proposed."""
    return sorted(topics, key=lambda t: (-len(t.supporters), t.proposed_at, t.topic_id))
