"""Projecting every relevant event into the case's timeline, and the owner's feedback out of it."""

from __future__ import annotations

import logging
from collections.abc import Mapping

from services.intake.domain.feedback_window import CLOSED, case_coaches, feedback_open
from services.intake.domain.timeline import CaseTimeline
from services.intake.presentation.projection import case_of, project
from services.intake.service_layer.context import Intake
from shared.contracts.base import EventData
from shared.contracts.documents import FeedbackSubmitted, SectionFeedback
from shared.contracts.envelope import CloudEvent
from shared.contracts.intake import CaseSubmitted
from shared.persistence.aggregate import Change

log = logging.getLogger(__name__)


class NothingToSend(Exception):
    """The owner's feedback form was empty, or there is no draft to comment on."""


class FeedbackClosed(NothingToSend):
    """The feedback session began: what the owner adds now, they say there."""

    message = CLOSED


async def record(event: CloudEvent[EventData], intake: Intake) -> None:
    """One guarded write per event; the inbox (and the entry ids) make a repeat change nothing.

    A case's first event (its submission) starts the timeline without reading it first, and
    later ones decide on the copy this process wrote last (`TimelineRepository.remembered`).
    """
    case_id = case_of(event.data, event.subject)
    if case_id is None:
        return

    def decide(current: CaseTimeline | None) -> Change[CaseTimeline] | None:
        updated = project(current, case_id, event.id, event.time, event.data)
        return None if updated is None else Change(updated)

    first = isinstance(event.data, CaseSubmitted)
    await intake.timelines.apply(case_id, decide, event_id=event.id, new=first)


async def timeline_of(case_id: str, intake: Intake) -> CaseTimeline:
    """The case's timeline, empty when nothing has happened yet."""
    stored = await intake.timelines.get(case_id)
    return stored.state if stored else CaseTimeline(case_id=case_id)


async def give_feedback(
    case_id: str, comments: Mapping[str, str], general: str, intake: Intake
) -> int:
    """Owe `feedback.submitted` on the latest draft from the timeline's outbox; its version."""
    items = [
        SectionFeedback(section=key, comment=text.strip())
        for key, text in comments.items()
        if text.strip()
    ]
    sent: list[int] = []

    def decide(current: CaseTimeline | None) -> Change[CaseTimeline] | None:
        draft = current.latest_draft() if current else None
        if current is None or draft is None or not (items or general.strip()):
            raise NothingToSend(case_id)
        if not feedback_open(current, intake.now()):
            raise FeedbackClosed(case_id)
        payload = FeedbackSubmitted(
            case_id=case_id,
            on_version=draft.version,
            submitted_at=intake.now(),
            items=items,
            general_comment=general.strip(),
            case_title=current.case_title,
            coaches=case_coaches(current),
        )
        [event] = intake.wrap([payload], case_id)
        updated = project(current, case_id, event.id, event.time, payload)
        assert updated is not None  # a fresh event id is never known
        sent.append(draft.version)
        return Change(updated, [event])

    await intake.timelines.apply(case_id, decide)
    log.info("owner feedback sent", extra={"case_id": case_id})
    return sent[-1]
