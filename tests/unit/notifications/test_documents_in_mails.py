"""Letters, planning, agendas and the coaches' briefing travel in the mail about their event."""

from __future__ import annotations

import datetime as dt
import re
from email.message import EmailMessage

import pytest

from services.notifications.adapters.ready_documents import InMemoryDocumentShelf
from services.notifications.domain.notification import (
    Status,
    claim,
    documents_arrived,
    record,
    wait_for_documents,
)
from services.notifications.domain.routing import parse_routing_table
from services.notifications.service_layer.composing import DocumentsPending, compose
from services.notifications.service_layer.recording import event_json
from services.notifications.service_layer.samples import sample_event
from shared.contracts.documents import DocumentKind, DocumentLink, DocumentsReady, ReadyDocument
from shared.contracts.scheduling import AttendeeRole
from tests.unit.notifications.composed import NOW, URL, UUID, composer, planned_for

pytestmark = pytest.mark.unit

DOCS = "http://127.0.0.1:8003/api/documents"
PDF = b"%PDF-1.7 sample"


def _document(kind: DocumentKind, title: str, file_id: str, **extra: object) -> ReadyDocument:
    links = [
        DocumentLink(
            format=fmt,
            url=f"{DOCS}/{file_id}-{fmt}",
            filename=f"{file_id}.{fmt}",
            content_type="application/pdf" if fmt == "pdf" else "text/html; charset=utf-8",
        )
        for fmt in ("html", "pdf")
    ]
    return ReadyDocument(kind=kind, title=title, version=1, downloads=links, **extra)


def _answer(made_for: str, *documents: ReadyDocument) -> DocumentsReady:
    return DocumentsReady(
        made_for=made_for, case_id="case-42", documents=list(documents), ready_at=NOW
    )


def _files(*documents: ReadyDocument) -> dict[str, bytes]:
    return {link.url: PDF for d in documents for link in d.downloads}


def _attachments(message: EmailMessage) -> list[tuple[str, str]]:
    return [(p.get_filename() or "", p.get_content_type()) for p in message.iter_attachments()]


async def _compose(key: str, answer: DocumentsReady | None, files: dict[str, bytes], **kw: object):  # type: ignore[no-untyped-def]
    event = sample_event(key)
    shelf = InMemoryDocumentShelf([answer] if answer else [])
    made = composer(shelf=shelf, files=files, **kw)  # type: ignore[arg-type]
    out = []
    for planned in planned_for(event):
        stored = record(planned, event_json(event), NOW, release_at=NOW, allowed=True)
        out.append((planned, await compose(stored, NOW, made)))
    return out


async def test_the_decision_mail_carries_the_acceptance_letter_as_pdf() -> None:
    letter = _document(
        DocumentKind.ACCEPTANCE_LETTER, "Uw case is geselecteerd voor de Leercase Challenge", "l1"
    )
    event_id = sample_event("case.accepted").id
    ((_, composed),) = await _compose("case.accepted", _answer(event_id, letter), _files(letter))
    assert composed.email is not None
    assert _attachments(composed.email) == [("l1.pdf", "application/pdf")]
    body = composed.email.get_body(("plain",))
    assert body is not None
    assert (
        "In de bijlage: Uw case is geselecteerd voor de Leercase Challenge." in body.get_content()
    )


async def test_the_rejection_mail_carries_the_letter_with_the_alternatives() -> None:
    letter = _document(DocumentKind.REJECTION_LETTER, "Reactie op uw aanmelding", "r1")
    event_id = sample_event("case.rejected").id
    ((_, composed),) = await _compose("case.rejected", _answer(event_id, letter), _files(letter))
    assert composed.email is not None
    assert _attachments(composed.email) == [("r1.pdf", "application/pdf")]


async def test_a_mail_waits_for_documents_answer_then_goes_without_it() -> None:
    event = sample_event("case.accepted")
    made = composer(wait=dt.timedelta(minutes=10))
    (planned,) = planned_for(event)
    stored = record(planned, event_json(event), NOW, release_at=NOW, allowed=True)
    with pytest.raises(DocumentsPending) as pending:
        await compose(stored, NOW + dt.timedelta(minutes=9), made)
    assert pending.value.until == NOW + dt.timedelta(minutes=10)
    late = await compose(stored, NOW + dt.timedelta(minutes=10), made)
    assert late.email is not None and _attachments(late.email) == []


async def test_a_reminder_waits_no_longer_than_the_session_start() -> None:
    event = sample_event("session.reminder_due")
    start = event.data.session.starts_at  # type: ignore[attr-defined]
    made = composer(wait=dt.timedelta(days=30))
    planned = planned_for(event)[0]
    stored = record(planned, event_json(event), NOW, release_at=NOW, allowed=True)
    with pytest.raises(DocumentsPending) as pending:
        await compose(stored, NOW, made)
    assert pending.value.until == start


async def test_the_reminder_carries_the_agenda_and_only_coaches_get_the_briefing() -> None:
    agenda = _document(DocumentKind.AGENDA, "Agenda stap 1: Startsessie", "a1")
    briefing = _document(
        DocumentKind.BRIEFING,
        "Briefing voor de coaches: Buurtpark",
        "b1",
        for_roles=[AttendeeRole.COACH],
    )
    event_id = sample_event("session.reminder_due").id
    mails = await _compose(
        "session.reminder_due", _answer(event_id, agenda, briefing), _files(agenda, briefing)
    )
    carried = {p.recipient.role: _attachments(c.email) for p, c in mails if c.email is not None}
    assert carried["coach"] == [("a1.pdf", "application/pdf"), ("b1.pdf", "application/pdf")]
    assert carried["owner"] == [("a1.pdf", "application/pdf")]
    assert carried["participant"] == [("a1.pdf", "application/pdf")]
    assert len(mails) == 3  # one mail per person: the agenda travels with the reminder


def test_waiting_is_no_failed_attempt_and_ends_when_the_documents_arrive() -> None:
    event = sample_event("case.accepted")
    (planned,) = planned_for(event)
    fresh = record(planned, event_json(event), NOW, release_at=NOW, allowed=True)
    claimed = claim(fresh, NOW, dt.timedelta(seconds=60))
    assert claimed is not None and claimed.attempts == 1
    waiting = wait_for_documents(claimed, NOW + dt.timedelta(minutes=10))
    assert waiting.status is Status.WAITING and waiting.attempts == 0
    arrived = documents_arrived(waiting, NOW + dt.timedelta(seconds=5))
    assert arrived is not None and arrived.status is Status.PENDING
    assert arrived.times.not_before == NOW + dt.timedelta(seconds=5)
    assert documents_arrived(fresh, NOW) is None  # only a waiting one is released


def test_documents_can_only_be_attached_to_events_documents_answers() -> None:
    row = (
        '[[route]]\nevent = "{event}"\naudience = "owner"\ntemplate = "x"\n'
        'category = "decision"\nessential = true\nattach = ["planning"]\n'
    )
    assert parse_routing_table(row.format(event="trajectory.scheduled")).routes[0].attach
    with pytest.raises(ValueError, match="documents makes nothing"):
        parse_routing_table(row.format(event="case.submitted"))


async def test_the_failure_alert_names_the_case_and_the_mail_in_words_and_links_the_console() -> (
    None
):
    event = sample_event("notification.failed")
    shelf = InMemoryDocumentShelf()
    made = composer(shelf=shelf, titles={"case-42": "Buurtpark Oost"})
    from services.notifications.domain.planning import (
        PlanningConfig,
        StaffMember,
        plan_notifications,
    )
    from tests.unit.notifications.composed import TABLE

    config = PlanningConfig(staff=[StaffMember(name="Ans", email="ans@bureau.example")])
    (planned,) = [p for p in plan_notifications(event, TABLE, config) if p.channel == "email"]
    stored = record(planned, event_json(event), NOW, release_at=NOW, allowed=True)
    composed = await compose(stored, NOW, made)
    assert composed.email is not None
    subject = str(composed.email["Subject"])
    body = composed.email.get_body(("plain",))
    assert body is not None
    text = body.get_content()
    assert subject == (
        "Bericht niet bezorgd: de uitnodiging voor een bijeenkomst aan case-eigenaar"
        ' ("Buurtpark Oost")'
    )
    assert "https://intake.example.org/medewerker/cases/case-42" in text
    readable = f"{subject}\n{text}".replace(
        "https://intake.example.org/medewerker/cases/case-42", ""
    )
    for word in ("session_scheduled", "owner", "email", "case-42", "550", "mailbox"):
        assert word not in readable, word
    assert not UUID.search(readable)


STAFF_EVENTS = [
    "case.submitted",
    "case.screened",
    "case.decision_overdue",
    "deliverable.overdue",
    "deliverable.refused",
    "trajectory.planning_failed",
    "notification.failed",
]
# "coach" is Dutch as well; these are not
ENGLISH = re.compile(r"\b(owner|staff|participant|email|draft|final|template|case_id)\b")


@pytest.mark.parametrize("key", STAFF_EVENTS)
async def test_every_staff_mail_names_the_case_in_words_and_links_it_in_the_console(
    key: str,
) -> None:
    from services.notifications.domain.planning import (
        PlanningConfig,
        StaffMember,
        plan_notifications,
    )
    from tests.unit.notifications.composed import TABLE

    event = sample_event(key)
    case_id = getattr(event.data, "case_id", None) or "case-42"
    cohort_id = getattr(event.data, "cohort_id", None)
    made = composer(titles={case_id: "Buurtpark Oost"})
    config = PlanningConfig(staff=[StaffMember(name="Ans", email="ans@bureau.example")])
    planned = [
        p
        for p in plan_notifications(event, TABLE, config)
        if p.channel == "email" and p.recipient.role == "staff"
    ]
    assert planned
    for notification in planned:
        stored = record(notification, event_json(event), NOW, release_at=NOW, allowed=True)
        composed = await compose(stored, NOW, made)
        assert composed.email is not None
        body = composed.email.get_body(("plain",))
        assert body is not None
        text = str(body.get_content())
        assert f"https://intake.example.org/medewerker/cases/{case_id}" in text
        words = URL.sub("", f"{composed.email['Subject']}\n{text}")
        assert case_id not in words and not UUID.search(words)
        assert cohort_id is None or cohort_id not in words
        assert notification.template not in words
        assert not ENGLISH.search(words), ENGLISH.search(words)
