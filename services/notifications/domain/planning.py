"""Turn one event into the notifications it owes, using the routing table and configuration."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel, ConfigDict, EmailStr, Field

from services.notifications.domain.model import (
    Audience,
    Channel,
    PlannedNotification,
    Recipient,
    notification_key,
)
from services.notifications.domain.routing import Route, RoutingTable
from shared.contracts.base import Country, EventData
from shared.contracts.envelope import CloudEvent
from shared.contracts.notifications import NotificationFailed

TIMEZONE_BY_COUNTRY = {Country.NL: "Europe/Amsterdam", Country.BE: "Europe/Brussels"}
STAFF_CHAT_ADDRESS = "chat:staff"
FAILURE_ALERT_TEMPLATE = "notification_failed_staff"


class StaffMember(BaseModel):
    """A programme office colleague; `digest` means non-urgent alerts come only in the digest."""

    model_config = ConfigDict(frozen=True)

    name: str = Field(min_length=1)
    email: EmailStr
    digest: bool = False
    timezone: str = "Europe/Amsterdam"


class PlanningConfig(BaseModel):
    """What planning needs beyond the event: staff, whether a staff chat exists, defaults."""

    model_config = ConfigDict(frozen=True)

    staff: list[StaffMember] = Field(default_factory=list)
    staff_chat_enabled: bool = False
    default_timezone: str = "Europe/Amsterdam"


def plan_notifications(
    event: CloudEvent[EventData], table: RoutingTable, config: PlanningConfig
) -> list[PlannedNotification]:
    """Every notification an event owes, each with a stable key; duplicates collapse to one."""
    data = event.data
    if isinstance(data, NotificationFailed) and data.template == FAILURE_ALERT_TEMPLATE:
        return []  # a failed failure-alert must not alert about itself forever
    planned: dict[str, PlannedNotification] = {}
    for route in table.for_event(data.routing_key):
        for recipient in _recipients(route, data, config):
            key = notification_key(event.id, recipient.address, route.template)
            planned.setdefault(key, _plan(event, route, recipient, key))
    return list(planned.values())


def _plan(
    event: CloudEvent[EventData], route: Route, recipient: Recipient, key: str
) -> PlannedNotification:
    case_id = getattr(event.data, "case_id", None) or event.subject
    return PlannedNotification(
        key=key,
        event_id=event.id,
        event_type=event.type,
        routing_key=route.event,
        case_id=case_id,
        template=route.template,
        channel=route.channel,
        recipient=recipient,
        category=route.category,
        essential=route.essential,
        urgent=route.urgent,
        calendar=route.calendar,
    )


def _recipients(route: Route, data: EventData, config: PlanningConfig) -> Iterable[Recipient]:
    local_tz = _event_timezone(data, config.default_timezone)
    if route.audience is Audience.STAFF:
        return _staff(route, config)
    if route.audience is Audience.OWNER:
        owner = _payload_field(data, "owner")
        return [Recipient(address=owner.email, name=owner.name, role="owner", timezone=local_tz)]
    if route.audience is Audience.COACHES:
        coaches = _payload_field(data, "coaches")
        return [
            Recipient(address=c.email, name=c.name, role="coach", timezone=local_tz)
            for c in coaches
        ]
    if route.audience is Audience.PARTICIPANT:
        person = _payload_field(data, "participant")
        return [
            Recipient(address=person.email, name=person.name, role="participant", timezone=local_tz)
        ]
    session = _payload_field(data, "session")
    return [
        Recipient(address=a.email, name=a.name, role=str(a.role), timezone=session.timezone)
        for a in session.attendees
    ]


def _payload_field(data: EventData, name: str) -> Any:
    """A field Route validation guarantees the payload model has."""
    return getattr(data, name)


def _staff(route: Route, config: PlanningConfig) -> list[Recipient]:
    if route.channel is Channel.CHAT:
        if not config.staff_chat_enabled:
            return []
        chat = Recipient(address=STAFF_CHAT_ADDRESS, name="programmabureau", role="staff")
        return [chat]
    return [
        Recipient(address=m.email, name=m.name, role="staff", timezone=m.timezone)
        for m in config.staff
        if route.urgent or not m.digest
    ]


def _event_timezone(data: EventData, default: str) -> str:
    """The recipients' local zone as far as the payload tells it."""
    explicit = getattr(data, "timezone", None)
    if isinstance(explicit, str) and explicit:
        return explicit
    country = getattr(data, "country", None)
    case = getattr(data, "case", None)
    if country is None and case is not None:
        country = getattr(case, "country", None)
    if isinstance(country, Country):
        return TIMEZONE_BY_COUNTRY[country]
    return default
