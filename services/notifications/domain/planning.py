"""Turn one event into the notifications it owes, using the routing table and configuration."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from pydantic import BaseModel, ConfigDict, Field

from services.notifications.domain.model import (
    Audience,
    Channel,
    PlannedNotification,
    Recipient,
    notification_key,
)
from services.notifications.domain.recipients import people_in
from services.notifications.domain.routing import Route, RoutingTable
from shared.contracts.base import EventData
from shared.contracts.envelope import CloudEvent
from shared.contracts.notifications import NotificationFailed
from shared.contracts.types import EmailAddress

STAFF_CHAT_ADDRESS = "chat:staff"
FAILURE_ALERT_TEMPLATE = "notification_failed_staff"


class StaffMember(BaseModel):
    """A programme office colleague; `digest` means non-urgent alerts come only in the digest."""

    model_config = ConfigDict(frozen=True)

    name: str = Field(min_length=1)
    email: EmailAddress
    digest: bool = False
    timezone: str = "Europe/Amsterdam"


class PlanningConfig(BaseModel):
    """What planning needs beyond the event: staff, whether a staff chat exists, defaults."""

    model_config = ConfigDict(frozen=True)

    staff: list[StaffMember] = Field(default_factory=list)
    staff_chat_enabled: bool = False
    default_timezone: str = "Europe/Amsterdam"
    # person id -> recipient, from the person directory, for routes to `person` (no address
    # travels in such an event)
    known_people: dict[str, Recipient] = Field(default_factory=dict)


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
        not_after=_not_after(route, event.data),
        attach=[str(kind) for kind in route.attach],
    )


def _recipients(route: Route, data: EventData, config: PlanningConfig) -> Iterable[Recipient]:
    if route.audience is Audience.STAFF:
        return _staff(route, config)
    if route.audience is Audience.PERSON:
        known = config.known_people.get(getattr(data, "person_id", ""))
        return [] if known is None else [known]
    people = people_in(route, data, config.default_timezone)
    if route.person_page:
        return people
    return [person.model_copy(update={"person_id": ""}) for person in people]


def _not_after(route: Route, data: EventData) -> dt.datetime | None:
    """The instant past which the route's message is no longer worth sending."""
    if route.stale_after == "session_start":
        starts_at: dt.datetime = getattr(data, "session").starts_at  # noqa: B009 - route-checked
        return starts_at
    return None


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
