"""Documents and notifications together over the real broker, database and SMTP server: the
decision mail carries its letter, the reminder its agenda, one mail each, and the PDFs open."""

from __future__ import annotations

import asyncio
import datetime as dt
import io
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from email.message import EmailMessage

import pypdf
import pytest
from aio_pika.abc import AbstractRobustConnection

from services.documents.bootstrap import build_app as build_documents
from services.documents.settings import DocumentsSettings
from services.notifications.adapters.documents import FakeDocumentFetcher, HttpDocumentFetcher
from services.notifications.bootstrap import build_app as build_notifications
from shared.clock import ManualClock
from shared.contracts.documents import DocumentKind, DocumentLink, DocumentsReady, ReadyDocument
from shared.contracts.intake import Alternative, CaseRejected
from shared.contracts.scheduling import Attendee, AttendeeRole, SessionReminderDue
from shared.messaging.topology import Topology
from shared.people import coach_id, owner_id
from tests.service.documents.support import accepted
from tests.service.notifications.harness import (
    MONDAY_MORNING,
    TOKEN,
    notification_settings,
    notifications,
    publish,
)
from tests.support.mail import SmtpServer
from tests.support.services import running, settings_for
from tests.support.waiting import wait_until_async
from tests.unit.documents.samples import OWNER, trajectory
from tests.unit.notifications.composed import as_event
from tests.unit.notifications.programmes import atelier

pytestmark = pytest.mark.service
DOCUMENTS = "http://documents.test"
COACH = Attendee(
    person_id=coach_id("anke@example.nl"),
    name="Anke Jansen",
    email="anke@example.nl",
    role=AttendeeRole.COACH,
)


@asynccontextmanager
async def documents_and_notifications(
    namespace: str, rabbitmq_url: str, mongodb_url: str, smtp: SmtpServer
) -> AsyncIterator[None]:
    """Both services in-process; notifications fetches attachments from documents only."""
    clock = ManualClock(MONDAY_MORNING)
    documents_settings = settings_for(
        DocumentsSettings,
        namespace,
        rabbitmq_url,
        mongodb_url,
        secret_key="test-secret",
        public_base_url=DOCUMENTS,
        staff_tokens=json.dumps({TOKEN: {"name": "Programmabureau", "role": "decider"}}),
    )
    async with running(build_documents(documents_settings, clock)) as documents_http:
        fetcher = HttpDocumentFetcher(documents_http, DOCUMENTS, token=TOKEN)  # the service token
        settings = notification_settings(
            namespace,
            rabbitmq_url,
            mongodb_url,
            smtp.port,
            documents_public_url=DOCUMENTS,
            document_wait_seconds=120,
        )
        async with running(build_notifications(settings, clock, fetcher=fetcher)):
            yield


def _pdfs(message: EmailMessage) -> dict[str, str]:
    """Each attached PDF's file name and its text: it opens, or this fails."""
    found = {}
    for part in message.iter_attachments():
        if part.get_content_type() == "application/pdf":
            reader = pypdf.PdfReader(io.BytesIO(part.get_content()))
            found[part.get_filename() or ""] = " ".join(
                " ".join(page.extract_text().split()) for page in reader.pages
            )
    return found


def _text(message: EmailMessage) -> str:
    body = message.get_body(("plain",))
    assert body is not None
    return str(body.get_content())


async def _only_mails(smtp: SmtpServer, address: str, count: int) -> list[EmailMessage]:
    await smtp.inbox.wait_for(count, timeout=60)
    await asyncio.sleep(0.5)  # a second mail would show up now
    return smtp.inbox.to(address)


async def test_the_owner_gets_one_decision_mail_with_the_acceptance_letter_that_opens(
    namespace: str,
    rabbitmq_url: str,
    mongodb_url: str,
    amqp: AbstractRobustConnection,
    topology: Topology,
    smtp: SmtpServer,
) -> None:
    async with documents_and_notifications(namespace, rabbitmq_url, mongodb_url, smtp):
        await publish(amqp, topology, as_event(accepted("case-acc"), "accept-1"))
        (mail,) = await _only_mails(smtp, OWNER.email, 1)
    ((name, text),) = _pdfs(mail).items()
    assert name == "toelating-zonneweide-molenweg.pdf"
    assert "Zonneweide Molenweg" in text
    assert "geselecteerd voor de Leercase Challenge" in text
    assert "In de bijlage: Uw case is geselecteerd voor de Leercase Challenge." in _text(mail)


async def test_the_rejection_mail_carries_the_letter_with_every_alternative(
    namespace: str,
    rabbitmq_url: str,
    mongodb_url: str,
    amqp: AbstractRobustConnection,
    topology: Topology,
    smtp: SmtpServer,
) -> None:
    rejected = CaseRejected(
        case_id="case-rej",
        case_title="Nieuwe wijk De Hoven",
        owner=OWNER,
        reason="De case is te groot voor acht weken.",
        alternatives=[
            Alternative(
                code="e-learning",
                title="E-learning: de 10 uitvoeringsstappen",
                url="https://example.nl/e-learning",
            ),
            Alternative(code="leergang", title="Leergang Samenspel"),
        ],
        decided_by="staff",
        decided_at=MONDAY_MORNING,
    )
    async with documents_and_notifications(namespace, rabbitmq_url, mongodb_url, smtp):
        await publish(amqp, topology, as_event(rejected, "reject-1"))
        (mail,) = await _only_mails(smtp, OWNER.email, 1)
    ((_, text),) = _pdfs(mail).items()
    assert "Nieuwe wijk De Hoven" in text and "De case is te groot voor acht weken." in text
    assert "https://example.nl/e-learning" in text
    assert "Leergang Samenspel" in text and "planning@samenspel.nl" in text  # no link: contact


async def test_a_reminder_carries_the_agenda_and_the_coach_also_the_briefing(
    namespace: str,
    rabbitmq_url: str,
    mongodb_url: str,
    amqp: AbstractRobustConnection,
    topology: Topology,
    smtp: SmtpServer,
) -> None:
    plan = trajectory("case-rem")
    owner = Attendee(
        person_id=owner_id("case-rem"), name=OWNER.name, email=OWNER.email, role=AttendeeRole.OWNER
    )
    main = plan.sessions[2].model_copy(update={"attendees": [owner, COACH]})
    reminder = SessionReminderDue(
        case_id="case-rem",
        case_title="Zonneweide Molenweg",
        cohort_id=plan.cohort_id,
        session=main,
    )
    async with documents_and_notifications(namespace, rabbitmq_url, mongodb_url, smtp):
        await publish(amqp, topology, as_event(accepted("case-rem"), "accept-2"))
        await publish(amqp, topology, as_event(plan, "plan-2"))
        # decision to the owner, planning to the owner and both coaches of the sample plan
        await smtp.inbox.wait_for(4, timeout=60)
        before = len(smtp.inbox.messages)
        await publish(amqp, topology, as_event(reminder, "remind-3"))
        await smtp.inbox.wait_for(before + 2, timeout=60)
        await asyncio.sleep(0.5)
    planning = [m for m in smtp.inbox.to(OWNER.email) if "Planning" in str(m["Subject"])]
    assert [list(_pdfs(m)) for m in planning] == [["planning-zonneweide-molenweg.pdf"]]
    reminders = [m for m in smtp.inbox.messages if "Herinnering" in str(m["Subject"])]
    assert len(reminders) == 2  # one per attendee: the agenda travels with it, no second mail
    (to_owner,) = [m for m in reminders if OWNER.email in str(m["To"])]
    (to_coach,) = [m for m in reminders if COACH.email in str(m["To"])]
    owner_pdfs = _pdfs(to_owner)
    assert list(owner_pdfs) == ["agenda-stap-3-relevant-gesprek-sessie-zonneweide-molenweg.pdf"]
    assert "Agenda stap 3" in next(iter(owner_pdfs.values()))
    coach_pdfs = _pdfs(to_coach)
    assert len(coach_pdfs) == 2
    assert any("Briefing voor de coaches: Zonneweide Molenweg" in t for t in coach_pdfs.values())


async def test_a_leeratelier_reminder_carries_the_rounds_agenda_with_its_homework(
    namespace: str,
    rabbitmq_url: str,
    mongodb_url: str,
    amqp: AbstractRobustConnection,
    topology: Topology,
    smtp: SmtpServer,
) -> None:
    scheduled = atelier()
    reminder = SessionReminderDue(**scheduled.model_dump())
    attendees = scheduled.session.attendees
    async with documents_and_notifications(namespace, rabbitmq_url, mongodb_url, smtp):
        await publish(amqp, topology, as_event(reminder, "remind-atelier"))
        await smtp.inbox.wait_for(len(attendees), timeout=60)
        await asyncio.sleep(0.5)
    assert len(smtp.inbox.messages) == len(attendees)
    for message in smtp.inbox.messages:
        ((_, text),) = _pdfs(message).items()
        assert "Agenda ronde 2" in text
        assert "Huiswerk voor deze ronde" in text and scheduled.session.homework[:20] in text
        assert "stap 4 en 5" in text


async def test_a_decision_mail_waits_for_documents_answer_and_goes_when_it_comes(
    namespace: str,
    rabbitmq_url: str,
    mongodb_url: str,
    amqp: AbstractRobustConnection,
    topology: Topology,
    smtp: SmtpServer,
) -> None:
    decision = as_event(accepted("case-wait"), "accept-wait")
    letter = ReadyDocument(
        kind=DocumentKind.ACCEPTANCE_LETTER,
        title="Uw case is geselecteerd voor de Leercase Challenge",
        version=1,
        downloads=[
            DocumentLink(
                format="pdf",
                url=f"{DOCUMENTS}/api/documents/letter-1",
                filename="toelating.pdf",
                content_type="application/pdf",
            )
        ],
    )
    answer = DocumentsReady(
        made_for=decision.id, case_id="case-wait", documents=[letter], ready_at=MONDAY_MORNING
    )
    fetcher = FakeDocumentFetcher({f"{DOCUMENTS}/api/documents/letter-1": b"%PDF-1.7 letter"})
    settings = notification_settings(
        namespace,
        rabbitmq_url,
        mongodb_url,
        smtp.port,
        documents_public_url=DOCUMENTS,
        document_wait_seconds=600,
    )
    async with notifications(settings, ManualClock(MONDAY_MORNING), fetcher=fetcher) as http:
        await publish(amqp, topology, decision)

        async def waiting() -> bool:
            log = (await http.get("/api/cases/case-wait/notifications")).json()["notifications"]
            return [n["status"] for n in log] == ["waiting"]

        await wait_until_async(waiting, 20)
        assert smtp.inbox.messages == []  # no mail without its letter, no second mail later
        await publish(amqp, topology, as_event(answer, "ready-1"))
        (mail,) = await _only_mails(smtp, OWNER.email, 1)
    assert [p.get_filename() for p in mail.iter_attachments()] == ["toelating.pdf"]


async def test_without_documents_answer_the_mail_goes_when_the_wait_is_over(
    namespace: str,
    rabbitmq_url: str,
    mongodb_url: str,
    amqp: AbstractRobustConnection,
    topology: Topology,
    smtp: SmtpServer,
) -> None:
    clock = ManualClock(MONDAY_MORNING)
    settings = notification_settings(
        namespace, rabbitmq_url, mongodb_url, smtp.port, document_wait_seconds=600
    )
    async with notifications(settings, clock) as http:
        await publish(amqp, topology, as_event(accepted("case-late"), "accept-late"))

        async def waiting() -> bool:
            log = (await http.get("/api/cases/case-late/notifications")).json()["notifications"]
            return [n["status"] for n in log] == ["waiting"]

        await wait_until_async(waiting, 20)
        clock.advance(dt.timedelta(minutes=10))
        (mail,) = await _only_mails(smtp, OWNER.email, 1)
    assert list(mail.iter_attachments()) == []
    assert "geselecteerd" in str(mail["Subject"])
