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
from services.documents.domain.errors import DocumentsError, IncompleteApproach
from services.documents.domain.sections import SectionKey
from services.documents.service_layer.links import Links, links, local_today
from services.documents.service_layer.producing import Job, Outcome, Producer
from services.documents.service_layer.requests import approach_request
from shared.contracts.base import Contact, EventData
from shared.contracts.documents import (
    DeliverableRefused,
    DraftDelivered,
    FeedbackSubmitted,
    FinalDelivered,
)
from shared.contracts.envelope import CloudEvent, EventFactory
from shared.contracts.scheduling import DeliverableDue, DeliverableKind

log = logging.getLogger(__name__)


class CaseNotFound(DocumentsError):
    """No approach is open for this case (not accepted, or unknown)."""


def _approach(state: CaseFile | None) -> tuple[CaseFile, Approach]:
    if state is None or state.approach is None:
        raise CaseNotFound("er is geen participatieaanpak geopend voor deze case")
    return state, state.approach


async def edit_section(
    producer: Producer,
    case_id: str,
    content: SectionContent,
    expected_version: int,
    editor: str,
    now: dt.datetime,
) -> int:
    """Save one section over the version the editor saw; returns the section's new version."""

    def decide(current: CaseFile | None) -> Outcome[CaseFile]:
        state, approach = _approach(current)
        edited = apply_edit(approach, content, expected_version, editor, now)
        return Outcome(state.model_copy(update={"approach": edited}))

    outcome = await producer.run(case_id, decide)
    assert outcome is not None and outcome.state.approach is not None
    return outcome.state.approach.version_of(SectionKey(content.kind))


def _delivered_events(
    kind: DeliveryKind, events: EventFactory, links_to: Links, version: int, at: dt.datetime
) -> Any:
    def build(state: CaseFile, records: list[DocumentRecord]) -> Sequence[CloudEvent[EventData]]:
        owner = state.owner or Contact(name=state.title, email="onbekend@example.invalid")
        downloads = links(links_to.base_url, [r for r in records if r.kind == "approach"])
        common: dict[str, Any] = {
            "case_title": state.title,
            "country": state.country,
            "case_id": state.case_id,
            "cohort_id": state.cohort_id,
            "version": version,
            "delivered_at": at,
            "owner": owner,
            "downloads": downloads,
        }
        if kind is DeliveryKind.DRAFT:  # the owner's feedback link is their page (notifications)
            return [events(DraftDelivered(**common), subject=state.case_id)]
        final = FinalDelivered(**common, coaches=state.coaches())
        return [events(final, subject=state.case_id)]

    return build


def _delivery_outcome(
    current: CaseFile | None, kind: DeliveryKind, events: EventFactory, links_to: Links
) -> Outcome[CaseFile]:
    """Freeze the sections as the next version, render it in every format, owe the event."""
    state, approach = _approach(current)
    now = events.now()
    delivered, delivery = deliver(approach, kind, now)
    request = approach_request(delivered, delivery, state.owner, local_today(now, state.country))
    job = Job("approach", delivery.version, request, APPROACH_FORMATS)
    new_state = state.model_copy(update={"approach": delivered}).resolved()
    return Outcome(
        new_state, [job], _delivered_events(kind, events, links_to, delivery.version, now)
    )


async def request_delivery(
    producer: Producer, case_id: str, kind: DeliveryKind, events: EventFactory, links_to: Links
) -> Outcome[CaseFile]:
    """A coach asks for the draft (or the final): IncompleteApproach lists what is missing."""
    outcome = await producer.run(
        case_id, lambda current: _delivery_outcome(current, kind, events, links_to)
    )
    assert outcome is not None
    return outcome


async def on_deliverable_due(
    event: CloudEvent[DeliverableDue], producer: Producer, events: EventFactory, links_to: Links
) -> None:
    """The automatic path: deliver if complete; otherwise refuse and flag the case for staff."""
    data = event.data
    kind = (
        DeliveryKind.DRAFT if data.deliverable.kind is DeliverableKind.DRAFT else DeliveryKind.FINAL
    )

    def decide(current: CaseFile | None) -> Outcome[CaseFile] | None:
        state, approach = _approach(current)
        if any(d.kind is kind for d in approach.deliveries) or approach.is_final:
            return None
        try:
            return _delivery_outcome(current, kind, events, links_to)
        except IncompleteApproach as exc:
            log.warning(
                "automatic delivery refused", extra={"kind": kind.value, "missing": exc.missing}
            )
            reason = f"{kind.label} niet geleverd: {exc}"
            refused = DeliverableRefused(
                case_id=data.case_id,
                case_title=state.title,
                kind=data.deliverable.kind,
                missing=list(exc.missing),
                refused_at=events.now(),
            )
            alert = events(refused, subject=data.case_id)
            return Outcome(state.needs_attention(reason, events.now()), events=lambda *_: [alert])

    await producer.run(data.case_id, decide, event_id=event.id)


def _with_feedback(current: CaseFile | None, feedback: FeedbackSubmitted) -> CaseFile:
    state, approach = _approach(current)
    return state.model_copy(update={"approach": record_feedback(approach, feedback)})


async def submit_feedback(
    producer: Producer, feedback: FeedbackSubmitted, events: EventFactory
) -> CloudEvent[FeedbackSubmitted]:
    """The owner's feedback over HTTP: stored and announced in one write; when our own event
    comes back from the bus its id is already in the inbox, so it is not stored twice."""
    event = events(feedback, subject=feedback.case_id)
    await producer.run(
        feedback.case_id,
        lambda current: Outcome(_with_feedback(current, feedback), events=lambda *_: [event]),
        event_id=event.id,
    )
    return event


async def on_feedback_submitted(event: CloudEvent[FeedbackSubmitted], producer: Producer) -> None:
    """Feedback from another system, stored per section like the owner's own."""
    await producer.run(
        event.data.case_id,
        lambda current: Outcome(_with_feedback(current, event.data)),
        event_id=event.id,
    )
