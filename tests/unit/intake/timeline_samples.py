"""Sessions, deliverables and events of one planned case, for the timeline and Gantt tests."""

from __future__ import annotations

import datetime as dt

from shared.contracts.base import Contact, ProgrammeFormat
from shared.contracts.documents import DocumentLink, DraftDelivered, FinalDelivered
from shared.contracts.scheduling import (
    Attendee,
    AttendeeRole,
    DeliverableInfo,
    DeliverableKind,
    SessionInfo,
    TrajectoryScheduled,
)
from shared.people import owner_id

START = dt.datetime(2026, 4, 13, 12, 0, tzinfo=dt.UTC)  # Monday 14:00 in Amsterdam
OWNER = Contact(name="Anne de Vries", email="anne@example.nl")


def session(step: int, week: int, name: str = "", **extra: object) -> SessionInfo:
    starts = START + dt.timedelta(weeks=week - 1)
    values: dict[str, object] = {
        "session_id": f"s{step}",
        "step": step,
        "name": name or f"Sessie {step}",
        "starts_at": starts,
        "ends_at": starts + dt.timedelta(hours=2),
        "timezone": "Europe/Amsterdam",
        "ics_url": f"https://planning.example/cases/c1/sessions/s{step}.ics?token=t",
    }
    return SessionInfo.model_validate(values | extra)


def deliverable(kind: DeliverableKind, opens_week: int, due_week: int) -> DeliverableInfo:
    return DeliverableInfo(
        kind=kind,
        name="Concept" if kind is DeliverableKind.DRAFT else "Definitieve aanpak",
        opens_at=START + dt.timedelta(weeks=opens_week - 1),
        due_at=START + dt.timedelta(weeks=due_week - 1, days=4),
    )


SESSIONS = [
    session(1, 1, "Startsessie"),
    session(2, 2, "Verhelderingssessie"),
    session(3, 3, "Hoofdsessie"),
    session(5, 7, "Feedbacksessie"),
]
DELIVERABLES = [
    deliverable(DeliverableKind.DRAFT, 5, 6),
    deliverable(DeliverableKind.FINAL, 8, 8),
]


def owner(case_id: str) -> Attendee:
    """The case's owner, invited to every session (as scheduling plans them)."""
    return Attendee(
        person_id=owner_id(case_id), name=OWNER.name, email=OWNER.email, role=AttendeeRole.OWNER
    )


def scheduled(case_id: str = "c1") -> TrajectoryScheduled:
    return TrajectoryScheduled(
        case_id=case_id,
        case_title="Zonneweide",
        cohort_id="lc-1",
        format=ProgrammeFormat.LEERCASE,
        timezone="Europe/Amsterdam",
        owner=OWNER,
        coaches=[],
        sessions=[s.model_copy(update={"attendees": [owner(case_id)]}) for s in SESSIONS],
        deliverables=DELIVERABLES,
    )


def link(file_id: str) -> DocumentLink:
    return DocumentLink(
        format="pdf",
        url=f"http://documents.internal:8003/api/documents/{file_id}",
        filename="aanpak.pdf",
        content_type="application/pdf",
    )


def draft(case_id: str = "c1", version: int = 1) -> DraftDelivered:
    return DraftDelivered(
        case_id=case_id,
        version=version,
        delivered_at=START + dt.timedelta(weeks=5),
        owner=OWNER,
        downloads=[link(f"draft{version}")],
    )


def final(case_id: str = "c1", version: int = 2) -> FinalDelivered:
    return FinalDelivered(
        case_id=case_id,
        version=version,
        delivered_at=START + dt.timedelta(weeks=7, days=4),
        owner=OWNER,
        downloads=[link(f"final{version}")],
    )
