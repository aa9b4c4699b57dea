"""Compose mails the way the service does, with in-memory twins only, for tests to read."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path

import icalendar

from services.notifications.adapters.documents import FakeDocumentFetcher
from services.notifications.adapters.email_message import Sender, build_email
from services.notifications.adapters.ready_documents import InMemoryDocumentShelf
from services.notifications.adapters.templates import JinjaRenderer
from services.notifications.adapters.trainings import InMemoryTrainingOffer
from services.notifications.domain.model import PlannedNotification
from services.notifications.domain.notification import record
from services.notifications.domain.planning import PlanningConfig, plan_notifications
from services.notifications.domain.routing import parse_routing_table
from services.notifications.service_layer.composing import compose
from services.notifications.service_layer.context import Composing
from services.notifications.service_layer.links import PersonLinks
from services.notifications.service_layer.recording import event_json
from services.notifications.service_layer.samples import sample_event
from shared.capabilities import PERSON_PAGE, CapabilitySigner
from shared.contracts.base import Contact, EventData
from shared.contracts.catalogue import PRODUCED_BY
from shared.contracts.envelope import CloudEvent
from shared.download_links import DownloadMinter

TABLE = parse_routing_table(Path("services/notifications/routing.toml").read_text())
OFFICE = Contact(name="Programmabureau Samenspel", email="programma@samenspel.example")
SIGNER = CapabilitySigner.from_secret("test-secret")
INTAKE = "https://intake.example.org"
NOW = dt.datetime(2026, 3, 2, 9, 15, tzinfo=dt.UTC)
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
URL = re.compile(r"https?://\S+")


@dataclass(frozen=True)
class Mail:
    """One composed mail with what a test reads from it."""

    planned: PlannedNotification
    message: EmailMessage

    @property
    def text(self) -> str:
        body = self.message.get_body(("plain",))
        assert body is not None
        return str(body.get_content())

    @property
    def html(self) -> str:
        body = self.message.get_body(("html",))
        assert body is not None
        return str(body.get_content())

    def calendar(self) -> icalendar.Calendar | None:
        """The calendar part, parsed, if the mail carries one."""
        for part in self.message.walk():
            if part.get_content_type() == "text/calendar":
                return icalendar.Calendar.from_ical(part.get_content())
        return None

    def page_person(self) -> str | None:
        """Whose page the mail's page link opens (verified with the signer), if it has one."""
        for url in URL.findall(self.text):
            if url.startswith(f"{INTAKE}/mijn/"):
                granted = SIGNER.verify(url.rsplit("/", 1)[1], PERSON_PAGE, NOW)
                return None if granted is None else granted.subject
        return None

    def words(self) -> str:
        """Subject and text without links: what a person reads."""
        return URL.sub("", f"{self.message['Subject']}\n{self.text}")


def _sample_documents() -> dict[str, bytes]:
    """The sample draft's and final's files (their content is not what these tests read)."""
    links = [
        link
        for key in ("draft.delivered", "final.delivered")
        for link in getattr(sample_event(key).data, "downloads")  # noqa: B009
    ]
    return {link.url: b"%PDF-1.4\n" for link in links}


def composer(
    offer: InMemoryTrainingOffer | None = None,
    *,
    shelf: InMemoryDocumentShelf | None = None,
    files: dict[str, bytes] | None = None,
    wait: dt.timedelta = dt.timedelta(0),
    titles: dict[str, str] | None = None,
    downloads: DownloadMinter | None = None,
) -> Composing:
    """What the service composes with, over fakes: documents from memory, trainings from a list."""
    sender = Sender(
        name="Programmabureau Samenspel",
        address="noreply@samenspel.example",
        reply_to_name=OFFICE.name,
        reply_to_address=str(OFFICE.email),
    )
    return Composing(
        renderer=JinjaRenderer(),
        fetcher=FakeDocumentFetcher({**_sample_documents(), **(files or {})}),
        sender=sender,
        envelope=build_email,
        base_url="https://meldingen.example.org",
        signer=SIGNER,
        office=OFFICE,
        people=PersonLinks(SIGNER, INTAKE, downloads=downloads),
        offer=offer or InMemoryTrainingOffer(),
        shelf=shelf or InMemoryDocumentShelf(),
        document_wait=wait,
        console_url=INTAKE,
        titles=KnownTitles(titles or {}),
    )


class KnownTitles:
    """Case titles as the service would have learned them from earlier events."""

    def __init__(self, titles: dict[str, str]) -> None:
        self.titles = titles

    async def title_of(self, case_id: str) -> str:
        return self.titles.get(case_id, "")


def planned_for(event: CloudEvent[EventData]) -> list[PlannedNotification]:
    """Every notification the event owes (no staff configured)."""
    return plan_notifications(event, TABLE, PlanningConfig())


async def mails_for(
    event: CloudEvent[EventData], offer: InMemoryTrainingOffer | None = None
) -> list[Mail]:
    """Every mail the event owes, composed."""
    made = composer(offer)
    mails = []
    for planned in planned_for(event):
        stored = record(planned, event_json(event), NOW, release_at=NOW, allowed=True)
        composed = await compose(stored, NOW, made)
        assert composed.email is not None
        mails.append(Mail(planned, composed.email))
    return mails


def as_event(data: EventData, event_id: str = "e-1") -> CloudEvent[EventData]:
    """An envelope around a payload, as its producer (design.md's catalogue) would publish it."""
    (producer,) = [name for name, made in PRODUCED_BY.items() if type(data) in made]
    return CloudEvent[EventData](
        id=event_id, source=f"/samenspel/{producer}", type=data.event_type(), time=NOW, data=data
    )
