"""Turn a stored notification into the message its channel carries: render, attach, envelope."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Any

from services.notifications.adapters.chat import ChatMessage, chat_message
from services.notifications.adapters.documents import DocumentFetcher
from services.notifications.adapters.email_message import Attachment, Sender, build_email
from services.notifications.adapters.templates import MessageRenderer
from services.notifications.adapters.trainings import Training, TrainingOffer
from services.notifications.domain.digest import DIGEST_EVENT_TYPE, StaffDigest
from services.notifications.domain.model import Channel
from services.notifications.domain.notification import Notification
from services.notifications.domain.unsubscribe import make_token
from services.notifications.domain.wording import describe
from services.notifications.service_layer.invites import recipient_invite
from services.notifications.service_layer.links import PersonLinks
from services.notifications.service_layer.preview import template_context
from shared.contracts.base import Contact, EventData, ProgrammeFormat
from shared.contracts.envelope import CloudEvent, parse_event
from shared.contracts.intake import ParticipantEnrolled, PersonLinkRequested
from shared.contracts.registry import BY_TYPE

ATTACHED_FORMATS = ("docx", "pdf")


@dataclass(frozen=True)
class Composed:
    """What goes out: a mail or a chat post, and its subject for the delivery log."""

    subject: str
    email: EmailMessage | None = None
    chat: ChatMessage | None = None


class Composer:
    """Everything rendering needs, bound once in the composition root."""

    def __init__(
        self,
        renderer: MessageRenderer,
        fetcher: DocumentFetcher,
        *,
        sender: Sender,
        base_url: str,
        secret: bytes,
        office: Contact,
        people: PersonLinks,
        offer: TrainingOffer,
    ) -> None:
        self._renderer = renderer
        self._fetcher = fetcher
        self._sender = sender
        self._base_url = base_url.rstrip("/")
        self._secret = secret
        self._office = office
        self._people = people
        self._offer = offer

    def unsubscribe_url(self, address: str, category: str) -> str:
        """The one-click link; the token alone proves the right to opt out."""
        return f"{self._base_url}/afmelden/{make_token(self._secret, address, category)}"

    async def compose(self, notification: Notification, now: dt.datetime) -> Composed:
        """Render the template and build the message; a document fetch failure is transient."""
        planned = notification.planned
        links: dict[str, str] = {}
        if not planned.essential:
            links["unsubscribe"] = self.unsubscribe_url(planned.recipient.address, planned.category)
        page = self._people.page(planned.recipient.person_id, _generation(notification))
        if page is not None:
            links["page"] = page
        context, event = await self._context(notification, links, now)
        rendered = self._renderer.render(planned.template, context)
        if planned.channel is Channel.CHAT:
            return Composed(rendered.subject, chat=chat_message(rendered))
        data = None if event is None else event.data
        ics = None
        if event is not None and planned.calendar is not None:
            ics = recipient_invite(
                data,
                planned.recipient,
                planned.calendar,
                organizer=self._office,
                stamp=event.time,
                page_url=page,
            )
        attachments = [
            Attachment(filename=d.filename, content_type=d.content_type, content=content)
            for d in _downloads(data)
            for content in [await self._fetcher.fetch(d.url)]
        ]
        message = build_email(
            planned,
            rendered,
            sender=self._sender,
            now=now,
            unsubscribe_url=links.get("unsubscribe"),
            calendar_ics=ics,
            attachments=attachments,
        )
        return Composed(rendered.subject, email=message)

    async def _context(
        self, notification: Notification, links: dict[str, str], now: dt.datetime
    ) -> tuple[dict[str, Any], CloudEvent[EventData] | None]:
        planned = notification.planned
        if planned.event_type == DIGEST_EVENT_TYPE:
            digest = StaffDigest.model_validate_json(notification.source)
            context = {
                "digest": digest,
                "recipient": planned.recipient,
                "links": links,
                "sender_name": self._sender.name,
            }
            return context, None
        event = parse_event(notification.source.encode(), BY_TYPE)
        offer = await self._trainings_on_offer(event.data, now)
        context = template_context(
            event, planned, sender_name=self._sender.name, links=links, offer=offer
        )
        return context, event

    async def _trainings_on_offer(self, data: EventData, now: dt.datetime) -> list[Training]:
        """An e-learning's enrolment tells what live trainings are planned (seed 003)."""
        if not isinstance(data, ParticipantEnrolled):
            return []
        if describe(data).format is not ProgrammeFormat.E_LEARNING:
            return []
        return await self._offer.upcoming(data.cohort_id, now)


def _generation(notification: Notification) -> int:
    """A fresh link after an expired one is minted at the generation the request names."""
    if notification.planned.routing_key != PersonLinkRequested.routing_key:
        return 0
    return PersonLinkRequested.model_validate(json.loads(notification.source)["data"]).generation


def _downloads(data: Any) -> list[Any]:
    """The draft or final approach as DOCX and PDF, when the event offers them."""
    downloads = getattr(data, "downloads", None) or []
    return [d for d in downloads if d.format.lower() in ATTACHED_FORMATS]
