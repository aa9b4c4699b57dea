"""Writing the approach: section edits, draft and final deliveries, the owner's feedback."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from typing import Any

from services.documents.domain.approach import (
    Approach,
    DeliveryKind,
    apply_edit,
    deliver,
    record_feedback,
)
from services.documents.domain.case_files import CaseFile
from services.documents.domain.content import SectionContent
from services.documents.domain.documents import APPROACH_FORMATS, DocumentRecord
from services.documents.domain.errors import DocumentsError
from services.documents.domain.release import release
from services.documents.domain.sections import SectionKey
from services.documents.service_layer.context import Documents
from services.documents.service_layer.links import links, local_today
from services.documents.service_layer.producing import Job, Outcome
from services.documents.service_layer.requests import approach_request
from shared.contracts.base import Contact, EventData
from shared.contracts.documents import (
    DraftDelivered,
    FeedbackSubmitted,
    FinalDelivered,
)
from shared.contracts.envelope import CloudEvent

log = logging.getLogger(__name__)


class CaseNotFound(DocumentsError):
    """No approach is open for this case (not accepted, or unknown)."""


def approach_of(state: CaseFile | None) -> tuple[CaseFile, Approach]:
    if state is None or state.approach is None:
        raise CaseNotFound("er is geen participatieaanpak geopend voor deze case")
    return state, state.approach


async def edit_section(
    case_id: str,
    content: SectionContent,
    expected_version: int,
    editor: str,
    now: dt.datetime,
    docs: Documents,
) -> int:
    """Save one section over the version the editor saw; returns the section's new version."""

    def decide(current: CaseFile | None) -> Outcome[CaseFile]:
        state, approach = approach_of(current)
        edited = apply_edit(approach, content, expected_version, editor, now)
        return Outcome(state.model_copy(update={"approach": edited}))

    outcome = await docs.producer.run(case_id, decide)
    assert outcome is not None and outcome.state.approach is not None
    return outcome.state.approach.version_of(SectionKey(content.kind))


def _delivered_events(
    kind: DeliveryKind,
    version: int,
    at: dt.datetime,
    docs: Documents,
    released_by: str = "",
) -> Any:
    def build(state: CaseFile, records: list[DocumentRecord]) -> Sequence[CloudEvent[EventData]]:
        owner = state.owner or Contact(name=state.title, email="onbekend@example.invalid")
        downloads = links(docs.links.base_url, [r for r in records if r.kind == "approach"])
        common: dict[str, Any] = {
            "case_title": state.title,
            "country": state.country,
            "case_id": state.case_id,
            "cohort_id": state.cohort_id,
            "version": version,
            "delivered_at": at,
            "owner": owner,
            "downloads": downloads,
            "coaches": state.coaches(),
            "team": state.team(),
            "released_by": released_by,
        }
        if kind is DeliveryKind.DRAFT:  # the owner's feedback link is their page (notifications)
            return [docs.events(DraftDelivered(**common), subject=state.case_id)]
        final = FinalDelivered(**common)
        return [docs.events(final, subject=state.case_id)]

    return build


def delivery_outcome(
    current: CaseFile | None,
    kind: DeliveryKind,
    docs: Documents,
    released_by: str = "",
) -> Outcome[CaseFile]:
    """Freeze the sections as the next version, render it in every format, owe the event.

    With `released_by` (a coach or staff) the release rule applies: no short sections either.
    """
    state, approach = approach_of(current)
    now = docs.events.now()
    freeze = release if released_by else deliver
    delivered, delivery = freeze(approach, kind, now)
    request = approach_request(delivered, delivery, state.owner, local_today(now, state.country))
    job = Job("approach", delivery.version, request, APPROACH_FORMATS)
    new_state = state.model_copy(update={"approach": delivered}).resolved()
    owed = _delivered_events(kind, delivery.version, now, docs, released_by)
    return Outcome(new_state, [job], owed)


async def request_delivery(
    case_id: str,
    kind: DeliveryKind,
    released_by: str,
    docs: Documents,
) -> Outcome[CaseFile]:
    """A coach's system or staff releases over the API: the release rule applies as on a page
    (IncompleteApproach names every empty or too-short section), and the release is announced."""
    outcome = await docs.producer.run(
        case_id, lambda current: delivery_outcome(current, kind, docs, released_by)
    )
    assert outcome is not None
    return outcome


def _with_feedback(current: CaseFile | None, feedback: FeedbackSubmitted) -> CaseFile:
    state, approach = approach_of(current)
    return state.model_copy(update={"approach": record_feedback(approach, feedback)})


async def submit_feedback(
    feedback: FeedbackSubmitted, docs: Documents
) -> CloudEvent[FeedbackSubmitted]:
    """The owner's feedback over HTTP: stored and announced in one write; when our own event
    comes back from the bus its id is already in the inbox, so it is not stored twice."""
    event = docs.events(feedback, subject=feedback.case_id)
    await docs.producer.run(
        feedback.case_id,
        lambda current: Outcome(_with_feedback(current, feedback), events=lambda *_: [event]),
        event_id=event.id,
    )
    return event


async def on_feedback_submitted(event: CloudEvent[FeedbackSubmitted], docs: Documents) -> None:
    """Feedback from another system, stored per section like the owner's own."""
    await docs.producer.run(
        event.data.case_id,
        lambda current: Outcome(_with_feedback(current, event.data)),
        event_id=event.id,
    )
