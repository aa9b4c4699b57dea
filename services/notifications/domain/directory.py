"""The people notifications has mailed, by person id: a later event may name only the id."""

from __future__ import annotations

from services.notifications.domain.model import Audience, Recipient
from services.notifications.domain.recipients import people_in
from services.notifications.domain.routing import RoutingTable
from shared.contracts.base import EventData

UNNAMED = (Audience.STAFF, Audience.PERSON)  # staff have no page; PERSON is a look-up itself


def people_named(data: EventData, table: RoutingTable, default_timezone: str) -> list[Recipient]:
    """Everyone with a page the event's routes reach (attendees, participants, owners, coaches)."""
    found: dict[str, Recipient] = {}
    for route in table.for_event(data.routing_key):
        if route.audience in UNNAMED:
            continue
        for person in people_in(route, data, default_timezone):
            if person.person_id:
                found.setdefault(person.person_id, person)
    return list(found.values())


def changed(known: Recipient | None, seen: Recipient) -> bool:
    """Whether the directory must be written: a new person, or a new address or name."""
    if known is None:
        return True
    return (known.address.lower(), known.name, known.timezone) != (
        seen.address.lower(),
        seen.name,
        seen.timezone,
    )
