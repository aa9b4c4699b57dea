"""`documents.ready`: which documents were made for an event, so the mail about it carries them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from services.documents.domain.documents import DocumentRecord
from services.documents.service_layer.links import links
from shared.contracts.base import EventData
from shared.contracts.documents import DocumentKind, DocumentsReady, ReadyDocument
from shared.contracts.envelope import CloudEvent, EventFactory
from shared.contracts.scheduling import AttendeeRole

_KINDS = {
    "acceptance-letter": DocumentKind.ACCEPTANCE_LETTER,
    "rejection-letter": DocumentKind.REJECTION_LETTER,
    "planning": DocumentKind.PLANNING,
    "briefing": DocumentKind.BRIEFING,
}
# The coaches' briefing holds what participants wrote about the case: for the coaches only.
_FOR_ROLES = {DocumentKind.BRIEFING: [AttendeeRole.COACH]}


def document_kind(kind: str) -> DocumentKind | None:
    """The public kind of a stored rendition's kind (`agenda-step-3` is an agenda)."""
    if kind == "agenda" or kind.startswith("agenda-"):
        return DocumentKind.AGENDA
    return _KINDS.get(kind)


def ready_documents(base_url: str, records: Sequence[DocumentRecord]) -> list[ReadyDocument]:
    """One entry per document version, with a link per format, in the order they were made."""
    grouped: dict[tuple[str, int], list[DocumentRecord]] = {}
    for record in records:
        grouped.setdefault((record.kind, record.version), []).append(record)
    ready = []
    for (kind, version), files in grouped.items():
        public = document_kind(kind)
        if public is None:
            continue
        ready.append(
            ReadyDocument(
                kind=public,
                title=files[0].title,
                version=version,
                downloads=links(base_url, files),
                for_roles=_FOR_ROLES.get(public, []),
            )
        )
    return ready


def documents_ready(
    events: EventFactory,
    made_for: CloudEvent[EventData],
    base_url: str,
    records: Sequence[DocumentRecord],
    **about: Any,
) -> CloudEvent[DocumentsReady]:
    """The answer to `made_for`: what can be downloaded now (possibly nothing)."""
    data = DocumentsReady(
        made_for=made_for.id,
        documents=ready_documents(base_url, records),
        ready_at=events.now(),
        **about,
    )
    return events(data, subject=about.get("case_id") or about.get("session_id"))
