"""Keeping the library in step with final deliveries, from our own `final.delivered` event.

The event comes from the case file's outbox, so a final that was delivered always reaches
the library, even if the process died right after the delivery was written.
"""

from __future__ import annotations

import logging

from services.documents.domain.case_files import CaseFile, normalise
from services.documents.domain.library import LibraryEntry, terms, topic_terms
from services.documents.domain.recordings import Recording, add_recording
from services.documents.service_layer.context import Documents
from services.documents.service_layer.deliveries import CaseNotFound
from services.documents.service_layer.producing import Outcome
from shared.contracts.documents import FinalDelivered
from shared.contracts.envelope import CloudEvent

log = logging.getLogger(__name__)


async def on_final_delivered(event: CloudEvent[FinalDelivered], docs: Documents) -> None:
    """List the final approach, only if the owner consented to sharing (condition 5)."""
    stored = await docs.producer.files.get(event.data.case_id)
    if stored is None or not stored.state.consent_to_share:
        log.info("final approach not listed in the library: no consent to share")
        return
    state = stored.state
    entry = LibraryEntry(
        case_id=state.case_id,
        title=state.title,
        municipality=state.municipality,
        municipality_key=state.municipality_key,
        programme_format=state.format.value if state.format else "",
        societal_issue=state.societal_issue,
        approach_version=event.data.version,
        delivered_at=event.data.delivered_at,
        downloads=event.data.downloads,
        recordings=state.recordings,
    )
    await docs.library.put(entry, topic_terms(state) | terms(state.municipality))


async def attach_recording(case_id: str, recording: Recording, docs: Documents) -> CaseFile:
    """Staff link a recording to the case; a listed (so consented) case shows it at once."""

    def decide(current: CaseFile | None) -> Outcome[CaseFile]:
        if current is None:
            raise CaseNotFound("deze case is onbekend")
        recordings = add_recording(current.recordings, recording)
        return Outcome(current.model_copy(update={"recordings": recordings}))

    outcome = await docs.producer.run(case_id, decide)
    assert outcome is not None
    state = outcome.state
    listed = await docs.library.entries.get(case_id)
    if listed is not None and state.consent_to_share:
        entry = listed.state.model_copy(update={"recordings": state.recordings})
        await docs.library.put(entry, topic_terms(state) | terms(state.municipality))
        log.info("recording listed in the library")
    return state


async def search_library(
    topic: str,
    municipality: str,
    programme_format: str,
    docs: Documents,
    skip: int = 0,
    limit: int = 50,
    year: int | None = None,
) -> list[LibraryEntry]:
    """Every word of the topic must match; municipality, format and year are exact."""
    return await docs.library.search(
        terms(topic), normalise(municipality) or None, programme_format or None, skip, limit, year
    )
