"""Which template, with which context, for each document the service produces."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from services.documents.domain.approach import Approach, Delivery, DeliveryKind, FeedbackNote
from services.documents.domain.changes import changes_since
from services.documents.domain.content import ExecutionNotes, SectionContent
from services.documents.domain.execution_steps import EXECUTION_STEPS
from services.documents.domain.meeting_topics import MeetingTopic, on_the_agenda
from services.documents.domain.preparation import Briefing, OwnerQuestion
from services.documents.domain.renditions import DocumentRequest
from services.documents.domain.sections import SectionKey
from services.documents.domain.wording import (
    SESSION_NOUNS,
    guide_steps_text,
    programme_name,
    session_label,
)
from services.documents.service_layer.agendas import FORMAT_AGENDAS, STEP_AGENDAS
from services.documents.service_layer.links import PROGRAMME_OFFICE
from services.documents.service_layer.timeline import build_timeline
from shared.contracts.base import Contact, ProgrammeFormat
from shared.contracts.intake import CaseAccepted, CaseRejected, CaseSubmitted
from shared.contracts.scheduling import SessionEvent, TrajectoryScheduled

# Execution steps that an approach section already covers.
_STEP_SECTIONS = {
    1: SectionKey.TIME_AND_MONEY,
    2: SectionKey.ROLES,
    5: SectionKey.CONVERSATIONS,
    6: SectionKey.INTERPRETATION,
}


@dataclass(frozen=True)
class SectionView:
    key: str
    heading: str
    content: SectionContent | None
    lines: list[str]
    feedback: list[FeedbackNote]


@dataclass(frozen=True)
class AnnexStep:
    number: int
    title: str
    note: str
    see: str


def _schedule(trajectory: TrajectoryScheduled | None) -> dict[str, list[Any]]:
    """The trajectory's sessions and deliverables in date order; none before it is planned."""
    if trajectory is None:
        return {"sessions": [], "deliverables": []}
    return {
        "sessions": sorted(trajectory.sessions, key=lambda s: s.starts_at),
        "deliverables": sorted(trajectory.deliverables, key=lambda d: d.due_at),
    }


def approach_request(
    approach: Approach, delivery: Delivery, owner: Contact | None, issued_on: dt.date
) -> DocumentRequest:
    """The approach as delivered: sections at the delivered versions, and for a final the
    owner's feedback and what changed since the last draft."""
    views = []
    for key in SectionKey:
        content = approach.content(key, delivery.section_versions.get(key, 0))
        feedback = [f for f in approach.feedback_for(key) if f.on_version < delivery.version]
        views.append(
            SectionView(key, key.heading, content, content.lines() if content else [], feedback)
        )
    annex_content = approach.content(
        SectionKey.EXECUTION_STEPS, delivery.section_versions.get(SectionKey.EXECUTION_STEPS, 0)
    )
    notes = annex_content if isinstance(annex_content, ExecutionNotes) else ExecutionNotes()
    annex = [
        AnnexStep(
            s.number,
            s.title,
            notes.note_for(s.number),
            _STEP_SECTIONS[s.number].heading if s.number in _STEP_SECTIONS else "",
        )
        for s in EXECUTION_STEPS
    ]
    is_final = delivery.kind is DeliveryKind.FINAL
    drafts = [
        d
        for d in approach.deliveries
        if d.kind is DeliveryKind.DRAFT and d.version < delivery.version
    ]
    changes = changes_since(approach, drafts[-1].version) if is_final and drafts else []
    label = delivery.kind.label
    return DocumentRequest(
        template=f"approach_{delivery.kind.value}",
        title=f"Participatieaanpak ({label}): {approach.case_title}",
        name=f"participatieaanpak {label} v{delivery.version} {approach.case_title}",
        context={
            "case_title": approach.case_title,
            "owner": owner,
            "issued_on": issued_on,
            "version": delivery.version,
            "kind_label": label,
            "is_final": is_final,
            "sections": [v for v in views if v.key != SectionKey.EXECUTION_STEPS],
            "annex": annex,
            "changes": changes,
            "general_feedback": [
                f for f in approach.feedback_for(None) if f.on_version < delivery.version
            ],
        },
    )


def receipt_request(
    event: CaseSubmitted, issued_on: dt.date, decision_due: dt.date | None = None
) -> DocumentRequest:
    return DocumentRequest(
        template="receipt",
        title="Ontvangstbevestiging van uw aanmelding",
        name=f"ontvangstbevestiging {event.case.title}",
        context={"event": event, "issued_on": issued_on, "decision_due": decision_due},
    )


def acceptance_request(
    accepted: CaseAccepted, trajectory: TrajectoryScheduled | None, issued_on: dt.date
) -> DocumentRequest:
    """With the schedule once the trajectory is planned; before that, with the cohort's start."""
    return DocumentRequest(
        template="acceptance",
        title=f"Uw case is geselecteerd voor {programme_name(accepted.format)}",
        name=f"toelating {accepted.case_title}",
        context={
            "accepted": accepted,
            "programme": programme_name(accepted.format),
            "is_leercase": accepted.format is ProgrammeFormat.LEERCASE,
            "session_noun": SESSION_NOUNS[accepted.format],
            **_schedule(trajectory),
            "coaches": trajectory.coaches if trajectory else accepted.coaches,
            "timezone": trajectory.timezone if trajectory else "Europe/Amsterdam",
            "issued_on": issued_on,
        },
    )


def rejection_request(
    rejected: CaseRejected, issued_on: dt.date, office: Contact | None = None
) -> DocumentRequest:
    """The reason and every alternative, each with its link or else the office to contact."""
    return DocumentRequest(
        template="rejection",
        title="Reactie op uw aanmelding voor de Leercase Challenge",
        name=f"reactie op aanmelding {rejected.case_title}",
        context={
            "rejected": rejected,
            "issued_on": issued_on,
            "office": office or PROGRAMME_OFFICE,
        },
    )


def agenda_request(
    trajectory: TrajectoryScheduled,
    step: int,
    case_title: str,
    questions: Sequence[OwnerQuestion] = (),
    briefing: Briefing | None = None,
) -> DocumentRequest:
    """Step 2 lists the participants' questions; step 3 points to the coaches' briefing."""
    agenda = STEP_AGENDAS[step]
    session = next((s for s in trajectory.sessions if s.step == step), None)
    return DocumentRequest(
        template="agenda",
        title=f"Agenda stap {step}: {agenda.name}",
        name=f"agenda stap {step} {agenda.name} {case_title}",
        context={
            "agenda": agenda,
            "case_title": case_title,
            "session": session,
            "questions": sorted(questions, key=lambda q: q.asked_at) if step == 2 else [],
            "briefing": briefing if step == 3 else None,
        },
    )


def planning_request(
    trajectory: TrajectoryScheduled, case_title: str, issued_on: dt.date
) -> DocumentRequest:
    return DocumentRequest(
        template="planning",
        title=f"Planning: {case_title}",
        name=f"planning {case_title}",
        context={
            "case_title": case_title,
            "timeline": build_timeline(trajectory),
            "timezone": trajectory.timezone,
            **_schedule(trajectory),
            "issued_on": issued_on,
        },
    )


def briefing_request(
    briefing: Briefing, case_title: str, questions: Sequence[OwnerQuestion] = ()
) -> DocumentRequest:
    """The participants' preparation, and the questions they put to the owner, for the coaches."""
    return DocumentRequest(
        template="briefing",
        title=f"Briefing voor de coaches: {case_title}",
        name=f"briefing coaches {case_title}",
        context={
            "briefing": briefing,
            "case_title": case_title,
            "questions": sorted(questions, key=lambda q: q.asked_at),
        },
    )


def session_agenda_request(
    event: SessionEvent, topics: Sequence[MeetingTopic] = ()
) -> DocumentRequest | None:
    """The agenda of one session of a cohort format, in its words; None for the leercase,
    whose agendas follow its six steps (`agenda_request`). `topics`: the members' proposals."""
    agenda = FORMAT_AGENDAS.get(event.format)
    if agenda is None:
        return None
    label = session_label(event.session, event.format)
    return DocumentRequest(
        template="session_agenda",
        title=f"Agenda {label[:1].lower()}{label[1:]}",
        name=f"agenda {label} {event.cohort_title}",
        context={
            "agenda": agenda,
            "session": event.session,
            "programme": programme_name(event.format),
            "cohort_title": event.cohort_title,
            "session_noun": SESSION_NOUNS[event.format],
            "guide_steps": guide_steps_text(event.session.guide_steps),
            "topics": on_the_agenda(topics),
        },
    )
