"""How each event from any service changes a case's timeline: pure, so it is unit-tested alone."""

from __future__ import annotations

import datetime as dt

from services.intake.domain.dutch_dates import format_date_nl, when
from services.intake.domain.timeline import (
    CaseTimeline,
    DocumentVersion,
    FeedbackRecord,
    LetterRecord,
    MailRecord,
    TimelineEntry,
    Tone,
)
from shared.contracts.base import EventData
from shared.contracts.documents import (
    DocumentKind,
    DocumentsReady,
    DraftDelivered,
    FeedbackSubmitted,
    FinalDelivered,
    section_title,
)
from shared.contracts.intake import CaseAccepted, CaseRejected, CaseScreened, CaseSubmitted, Verdict
from shared.contracts.notifications import NotificationFailed, NotificationSent
from shared.contracts.scheduling import (
    DecisionOverdue,
    DeliverableDue,
    DeliverableOverdue,
    SessionCancelled,
    SessionInfo,
    SessionReminderDue,
    SessionRescheduled,
    SessionScheduled,
    TrajectoryScheduled,
)

KINDS = {"draft": "het concept", "final": "de definitieve aanpak"}
# The documents an owner reads on their page once documents made them (letters, planning).
OWNER_LETTERS = (
    DocumentKind.ACCEPTANCE_LETTER,
    DocumentKind.REJECTION_LETTER,
    DocumentKind.PLANNING,
)
ROLE_NOUNS = {
    "owner": "case-eigenaar",
    "staff": "programmabureau",
    "coach": "coach",
    "participant": "deelnemer",
    "content_expert": "inhoudelijk deskundige",
    "trainer": "trainer",
    "mentor": "mentor",
    "guest": "gast",
}
ROLES_NL = {
    "owner": "de case-eigenaar",
    "staff": "het programmabureau",
    "coach": "een coach",
    "participant": "een deelnemer",
    "content_expert": "de inhoudelijk deskundige",
    "trainer": "de trainer",
    "mentor": "een mentor",
    "guest": "een gast",
}
VERDICTS = {Verdict.PASS: "voldoet", Verdict.FLAG: "let op", Verdict.FAIL: "voldoet niet"}


def case_of(data: EventData, subject: str | None) -> str | None:
    """The case an event is about; cohort-wide session events (no case id) belong to none."""
    case_id = getattr(data, "case_id", None)
    if isinstance(data, (SessionScheduled, SessionRescheduled, SessionCancelled)):
        return case_id
    return case_id or (subject if isinstance(data, CaseSubmitted) else None)


def _with_session(timeline: CaseTimeline, session: SessionInfo) -> None:
    """Keep the newest word on each session: a late, lower `sequence` changes nothing shown."""
    held = next((s for s in timeline.sessions if s.session_id == session.session_id), None)
    if held is not None and held.sequence > session.sequence:
        return
    others = [s for s in timeline.sessions if s.session_id != session.session_id]
    timeline.sessions = sorted([*others, session], key=lambda s: s.starts_at)


def _describe(timeline: CaseTimeline, data: EventData, at: dt.datetime) -> tuple[str, str, Tone]:
    """Apply the event's facts to the read model and say what happened."""
    match data:
        case CaseSubmitted():
            timeline.case_title = data.case.title
            return "Aanmelding ontvangen", data.owner.organisation, "info"
        case CaseScreened():
            tone: Tone = "ok" if data.overall is Verdict.PASS else "warning"
            return f"Beoordeeld op de vijf voorwaarden: {VERDICTS[data.overall]}", "", tone
        case CaseAccepted():
            timeline.cohort_id = data.cohort_id
            cohort = data.cohort_title or data.cohort_id
            return f"Geaccepteerd in {cohort}", f"Besluit van {data.decided_by}", "ok"
        case CaseRejected():
            return "Niet geselecteerd", f"{data.reason} (besluit van {data.decided_by})", "warning"
        case DecisionOverdue():
            due = format_date_nl(data.decision_due)
            return (
                "Beslistermijn verstreken",
                f"Er had uiterlijk {due} besloten moeten zijn",
                "error",
            )
        case TrajectoryScheduled():
            timeline.cohort_id = data.cohort_id
            timeline.deliverables = list(data.deliverables)
            for session in data.sessions:
                _with_session(timeline, session)
            return "Traject gepland", f"{len(data.sessions)} sessies", "ok"
        case SessionScheduled():
            _with_session(timeline, data.session)
            return f"Sessie gepland: {data.session.name}", when(data.session.starts_at), "info"
        case SessionRescheduled():
            _with_session(timeline, data.session)
            if data.confirmed and data.previous_starts_at == data.session.starts_at:
                return f"Datum bevestigd: {data.session.name}", when(data.session.starts_at), "ok"
            detail = f"Van {when(data.previous_starts_at)} naar {when(data.session.starts_at)}"
            return f"Sessie verplaatst: {data.session.name}", detail, "warning"
        case SessionCancelled():
            _with_session(timeline, data.session)
            return f"Sessie geannuleerd: {data.session.name}", data.reason, "error"
        case SessionReminderDue():
            return f"Herinnering: {data.session.name}", when(data.session.starts_at), "info"
        case DeliverableDue():
            kind = KINDS.get(data.deliverable.kind.value, data.deliverable.name)
            return f"Oplevering open: {kind}", f"Uiterlijk {when(data.deliverable.due_at)}", "info"
        case DeliverableOverdue():
            kind = data.deliverable.kind.value
            timeline.overdue = sorted({*timeline.overdue, kind})
            return f"Oplevering te laat: {KINDS.get(kind, kind)}", "", "error"
        case DraftDelivered() | FinalDelivered():
            kind = "draft" if isinstance(data, DraftDelivered) else "final"
            timeline.overdue = [k for k in timeline.overdue if k != kind]
            version = DocumentVersion(
                kind=kind,
                version=data.version,
                delivered_at=data.delivered_at,
                downloads=list(data.downloads),
            )
            timeline.documents = [*timeline.documents, version]
            title = "Concept" if kind == "draft" else "Definitieve"
            return f"{title} participatieaanpak opgeleverd", f"Versie {data.version}", "ok"
        case FeedbackSubmitted():
            timeline.feedback_on = sorted({*timeline.feedback_on, data.on_version})
            items = [(section_title(i.section), i.comment) for i in data.items]
            record = FeedbackRecord(
                on_version=data.on_version,
                at=data.submitted_at,
                items=items,
                general_comment=data.general_comment,
            )
            timeline.feedback = [*timeline.feedback, record]
            said = [f"{title}: {comment}" for title, comment in items]
            if data.general_comment:
                said.append(f"Algemeen: {data.general_comment}")
            return (
                f"Feedback van de case-eigenaar op versie {data.on_version}",
                "; ".join(said),
                "info",
            )
        case DocumentsReady():
            made = [d for d in data.documents if d.kind in OWNER_LETTERS]
            if not made:
                return "", "", "info"
            latest = {d.kind: d for d in timeline.letters}  # the owner reads the newest only
            for d in made:
                if d.kind not in latest or latest[d.kind].version <= d.version:
                    latest[d.kind] = LetterRecord(
                        kind=str(d.kind),
                        title=d.title,
                        version=d.version,
                        made_at=data.ready_at,
                        downloads=list(d.downloads),
                    )
            timeline.letters = list(latest.values())
            return ", ".join(d.title for d in made), "Klaar om te downloaden", "info"
        case NotificationSent() | NotificationFailed():
            failed = isinstance(data, NotificationFailed)
            timeline.mails = [
                *timeline.mails,
                MailRecord(
                    event_id=data.notification_id,
                    at=at,
                    subject=getattr(data, "subject", "") or "Bericht",
                    recipient=data.recipient,
                    recipient_role=data.recipient_role,
                    template=data.template,
                    channel=data.channel,
                    failed=failed,
                    error=data.error if isinstance(data, NotificationFailed) else "",
                ),
            ]
            who = ROLES_NL.get(data.recipient_role, "een betrokkene")
            subject = getattr(data, "subject", "") or ""
            if failed:
                return f"Bericht niet bezorgd aan {who}", subject, "error"
            return f"Bericht verstuurd aan {who}", subject, "info"
    return data.routing_key, "", "info"


def project(
    current: CaseTimeline | None, case_id: str, event_id: str, at: dt.datetime, data: EventData
) -> CaseTimeline | None:
    """The timeline after this event, or None when the event was projected before."""
    # Every change below assigns a new list or value and the elements are frozen, so a shallow
    # copy leaves `current` as it was (a deep one cost O(entries) per event).
    timeline = (current or CaseTimeline(case_id=case_id)).model_copy()
    if timeline.knows(event_id):
        return None
    text, detail, tone = _describe(timeline, data, at)
    if not text:  # an event with nothing for this case's reader (documents made for others)
        return None
    entry = TimelineEntry(
        event_id=event_id, kind=data.routing_key, at=at, text=text, detail=detail, tone=tone
    )
    timeline.entries = [*timeline.entries, entry]
    timeline.compacted()
    return timeline
