"""Taking in a case: from our own API and form, or as an event another system published."""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass

from services.intake.adapters.case_repository import CaseRepository
from services.intake.domain.records import (
    CaseRecord,
    CaseSubmission,
    SubmittedVia,
    case_submitted,
    record_of,
)
from shared.contracts.envelope import CloudEvent, EventFactory
from shared.contracts.intake import CaseSubmitted
from shared.persistence.repository import Change, UniqueViolation

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Submitted:
    """The outcome for the submitter: the case id, and whether this call created it."""

    case_id: str
    created: bool


async def submit_case(
    submission: CaseSubmission, via: SubmittedVia, cases: CaseRepository, events: EventFactory
) -> Submitted:
    """Store a new case and owe `CaseSubmitted` in one write; a known external_ref is a no-op."""
    if submission.external_ref and (known := await cases.by_external_ref(submission.external_ref)):
        return Submitted(known.case_id, created=False)
    case_id = str(uuid.uuid4())
    event = events(case_submitted(submission, case_id, events.now()), subject=case_id)

    def decide(current: CaseRecord | None) -> Change[CaseRecord] | None:
        return None if current else Change(record_of(event.data, via), [event])

    try:
        await cases.apply(case_id, decide)
    except UniqueViolation:
        known = await cases.by_external_ref(submission.external_ref or "")
        if known is None:
            raise
        return Submitted(known.case_id, created=False)
    log.info("case submitted", extra={"case_id": case_id, "via": via.value})
    return Submitted(case_id, created=True)


async def on_case_submitted(event: CloudEvent[CaseSubmitted], cases: CaseRepository) -> None:
    """Record a case another system submitted; our own events and retries change nothing."""
    data = event.data
    if data.external_ref and await cases.by_external_ref(data.external_ref):
        return

    def decide(current: CaseRecord | None) -> Change[CaseRecord] | None:
        return None if current else Change(record_of(data, SubmittedVia.EVENT))

    try:
        result = await cases.apply(data.case_id, decide, event_id=event.id)
    except UniqueViolation:
        return
    if result.changed:
        log.info("case received from another system", extra={"source": event.source})
