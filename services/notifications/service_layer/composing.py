"""Turn a stored notification into the message its channel carries: render, attach, envelope."""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections import OrderedDict
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Any
from urllib.parse import quote

from services.notifications.domain.digest import DIGEST_EVENT_TYPE, StaffDigest
from services.notifications.domain.messages import Attachment, ChatMessage, chat_message
from services.notifications.domain.model import Channel
from services.notifications.domain.notification import Notification
from services.notifications.domain.records import Training
from services.notifications.domain.unsubscribe import make_token
from services.notifications.domain.wording import describe
from services.notifications.service_layer.context import Composing
from services.notifications.service_layer.invites import recipient_invite
from services.notifications.service_layer.preview import template_context
from shared.contracts.base import EventData, ProgrammeFormat
from shared.contracts.documents import DocumentLink
from shared.contracts.envelope import CloudEvent, parse_event
from shared.contracts.intake import ParticipantEnrolled, PersonLinkRequested
from shared.contracts.registry import BY_TYPE

ATTACHED_FORMATS = ("docx", "pdf")
SOURCES_KEPT = 64  # events whose mails may be composed at about the same time
_PARSED: OrderedDict[str, CloudEvent[EventData]] = OrderedDict()
log = logging.getLogger(__name__)


class DocumentsPending(Exception):
    """The mail carries documents not made yet: it waits for them until `until`."""

    def __init__(self, until: dt.datetime) -> None:
        super().__init__(f"waiting for documents until {until.isoformat()}")
        self.until = until


@dataclass(frozen=True)
class Composed:
    """What goes out: a mail or a chat post, and its subject for the delivery log."""

    subject: str
    email: EmailMessage | None = None
    chat: ChatMessage | None = None


def unsubscribe_url(address: str, category: str, composing: Composing) -> str:
    """The one-click link; the token alone proves the right to opt out."""
    return f"{composing.base_url}/afmelden/{make_token(composing.signer, address, category)}"


async def compose(notification: Notification, now: dt.datetime, composing: Composing) -> Composed:
    """Render the template and build the message; a document fetch failure is transient."""
    planned = notification.planned
    people = composing.people
    links: dict[str, str] = {}
    if not planned.essential:
        links["unsubscribe"] = unsubscribe_url(
            planned.recipient.address, planned.category, composing
        )
    person = planned.recipient.person_id
    generation = await people.generation(person, _generation(notification))
    page = people.page(person, generation)
    if page is not None:
        links["page"] = page
    if planned.recipient.role == "staff" and planned.case_id and composing.console_url:
        links["console"] = f"{composing.console_url}/medewerker/cases/{quote(planned.case_id, '')}"
    documents = await _documents(notification, now, composing)
    context, event = await _context(notification, links, now, composing)
    if mint := people.downloads(person, generation, now):
        context["download_url"] = mint
    context["attachments"] = [title for title, _ in documents]
    rendered = composing.renderer.render(planned.template, context)
    if planned.channel is Channel.CHAT:
        return Composed(rendered.subject, chat=chat_message(rendered))
    data = None if event is None else event.data
    ics = None
    if event is not None and planned.calendar is not None:
        ics = recipient_invite(
            data,
            planned.recipient,
            planned.calendar,
            organizer=composing.office,
            stamp=event.time,
            page_url=page,
        )
    attachments = [
        Attachment(filename=d.filename, content_type=d.content_type, content=content)
        for d in [*_downloads(data), *(link for _, link in documents)]
        for content in [await composing.fetcher.fetch(d.url)]
    ]
    message = composing.envelope(
        planned,
        rendered,
        sender=composing.sender,
        now=now,
        unsubscribe_url=links.get("unsubscribe"),
        calendar_ics=ics,
        attachments=attachments,
    )
    return Composed(rendered.subject, email=message)


async def _context(
    notification: Notification, links: dict[str, str], now: dt.datetime, composing: Composing
) -> tuple[dict[str, Any], CloudEvent[EventData] | None]:
    planned = notification.planned
    if planned.event_type == DIGEST_EVENT_TYPE:
        digest = StaffDigest.model_validate_json(notification.source)
        context = {
            "digest": digest,
            "recipient": planned.recipient,
            "links": links,
            "sender_name": composing.sender.name,
            "console": composing.console_url,  # each case's page in the staff console
        }
        return context, None
    event = source_event(notification.source)
    offer = await _trainings_on_offer(event.data, now, composing)
    context = template_context(
        event, planned, sender_name=composing.sender.name, links=links, offer=offer
    )
    known = getattr(event.data, "case_title", "") or ""
    if not known and planned.case_id and planned.recipient.role == "staff":
        known = await composing.titles.title_of(planned.case_id)
    context["case_title"] = known
    return context, event


async def _documents(
    notification: Notification, now: dt.datetime, composing: Composing
) -> list[tuple[str, DocumentLink]]:
    """The PDFs documents made for this mail's event and this recipient; DocumentsPending
    while they are not made yet and the wait has not run out."""
    planned = notification.planned
    if not planned.attach:
        return []
    ready = await composing.shelf.ready_for(planned.event_id)
    if ready is None:
        if now < (until := _wait_until(notification, composing)):
            raise DocumentsPending(until)
        log.warning("mail sent without its documents", extra={"template": planned.template})
        return []
    chosen = []
    for document in ready.documents:
        roles = {str(role) for role in document.for_roles}
        if str(document.kind) not in planned.attach:
            continue
        if roles and planned.recipient.role not in roles:
            continue
        pdf = next((d for d in document.downloads if d.format == "pdf"), None)
        if pdf is not None:
            chosen.append((document.title, pdf))
    return chosen


def wait_deadline(
    notification: Notification, now: dt.datetime, composing: Composing
) -> dt.datetime | None:
    """Until when a mail about to be stored would wait for its documents, if documents have
    not answered; None: it need not (it carries none, or the wait has run out)."""
    if not notification.planned.attach:
        return None
    until = _wait_until(notification, composing)
    return until if now < until else None


def _wait_until(notification: Notification, composing: Composing) -> dt.datetime:
    """How long a mail waits for documents: the wait, at most until its session starts."""
    until = notification.times.created_at + composing.document_wait
    not_after = notification.planned.not_after
    return until if not_after is None else min(until, not_after)


async def _trainings_on_offer(
    data: EventData, now: dt.datetime, composing: Composing
) -> list[Training]:
    """An e-learning's enrolment tells what live trainings are planned (seed 003)."""
    if not isinstance(data, ParticipantEnrolled):
        return []
    if describe(data).format is not ProgrammeFormat.E_LEARNING:
        return []
    return await composing.offer.upcoming(data.cohort_id, now)


def source_event(source: str) -> CloudEvent[EventData]:
    """The event a mail is about, parsed once for all the mails it fans out to (the same text
    gives the same frozen event; an event naming 25 attendees validated 25 times was not)."""
    event = _PARSED.get(source)
    if event is None:
        event = parse_event(source.encode(), BY_TYPE)
    keep_source(source, event)  # the most recently used kept, as `lru_cache` did
    return event


def keep_source(source: str, event: CloudEvent[EventData]) -> None:
    """The event as its handler received it, kept under its stored text: its mails do not parse
    it a second time (the most recent `SOURCES_KEPT` events)."""
    _PARSED[source] = event
    _PARSED.move_to_end(source)
    while len(_PARSED) > SOURCES_KEPT:
        _PARSED.popitem(last=False)


def _generation(notification: Notification) -> int:
    """A fresh link after an expired one is minted at the generation the request names."""
    if notification.planned.routing_key != PersonLinkRequested.routing_key:
        return 0
    return PersonLinkRequested.model_validate(json.loads(notification.source)["data"]).generation


def _downloads(data: Any) -> list[Any]:
    """The draft or final approach as DOCX and PDF, when the event offers them."""
    downloads = getattr(data, "downloads", None) or []
    return [d for d in downloads if d.format.lower() in ATTACHED_FORMATS]
