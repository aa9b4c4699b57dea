"""Who a route reaches in an event's payload, each with the person id that names their page."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from services.notifications.domain.model import Audience, Recipient
from services.notifications.domain.routing import Route
from shared.contracts.base import Country, EventData
from shared.contracts.scheduling import Attendee
from shared.people import coach_id, owner_id, participant_id

TIMEZONE_BY_COUNTRY = {Country.NL: "Europe/Amsterdam", Country.BE: "Europe/Brussels"}


def people_in(route: Route, data: EventData, default_timezone: str) -> Iterable[Recipient]:
    """The people (never staff) a route names in the payload, in payload order."""
    local_tz = event_timezone(data, default_timezone)
    if route.audience is Audience.OWNER:
        owner = _field(data, "owner")
        case_id = getattr(data, "case_id", None)
        person = owner_id(case_id) if isinstance(case_id, str) and case_id else ""
        return [_recipient(owner.email, owner.name, "owner", local_tz, person)]
    if route.audience is Audience.COACHES:
        coaches = _field(data, "coaches")
        return [_recipient(c.email, c.name, "coach", local_tz, coach_id(c.email)) for c in coaches]
    if route.audience is Audience.PARTICIPANT:
        learner = _field(data, "participant")
        person = participant_id(learner.participant_id)
        return [_recipient(learner.email, learner.name, "participant", local_tz, person)]
    if route.audience is Audience.TEAM:
        return [_attendee(a, local_tz) for a in _field(data, "team")]
    session = _field(data, "session")
    if route.audience is Audience.ADDED:
        return [_attendee(a, session.timezone) for a in _field(data, "added")]
    if route.audience is Audience.REMOVED:  # still invited in another role: no CANCEL for them
        staying = {a.email.lower() for a in session.attendees}
        removed = [a for a in _field(data, "removed") if a.email.lower() not in staying]
        return [_attendee(a, session.timezone) for a in removed]
    return [_attendee(a, session.timezone) for a in session.attendees]


def _recipient(email: str, name: str, role: str, timezone: str, person: str) -> Recipient:
    return Recipient(address=email, name=name, role=role, timezone=timezone, person_id=person)


def _attendee(attendee: Attendee, timezone: str) -> Recipient:
    """An attendee as a recipient; scheduling sets the person id of every attendee."""
    return _recipient(
        attendee.email, attendee.name, str(attendee.role), timezone, attendee.person_id
    )


def _field(data: EventData, name: str) -> Any:
    """A field Route validation guarantees the payload model has."""
    return getattr(data, name)


def event_timezone(data: EventData, default: str) -> str:
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
