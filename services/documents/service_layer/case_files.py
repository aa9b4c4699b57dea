"""Documents opens a file for every submitted case."""

from __future__ import annotations

from services.documents.adapters.case_file_repository import CaseFileRepository
from services.documents.domain.case_files import CaseFile, open_case_file
from shared.contracts.envelope import CloudEvent
from shared.contracts.intake import CaseSubmitted
from shared.persistence.repository import Change


async def on_case_submitted(event: CloudEvent[CaseSubmitted], files: CaseFileRepository) -> None:
    """Open the file once; a redelivered event changes nothing."""

    def decide(current: CaseFile | None) -> Change[CaseFile] | None:
        return None if current else Change(open_case_file(event.data))

    await files.apply(event.data.case_id, decide, event_id=event.id)
