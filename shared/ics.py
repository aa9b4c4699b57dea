"""iCalendar invites and feeds that Outlook and Google place at the right local hour.

One invite per recipient: its only ATTENDEE is that person (RSVP=FALSE: answers go through
their page, and nobody sees the other addresses); the ORGANIZER is the programme office.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Sequence
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, Timezone, vCalAddress, vText

from shared.contracts.base import Contact
from shared.contracts.scheduling import Attendee, AttendeeRole, SessionInfo

PRODID = "-//samenspel//planning//NL"
UID_DOMAIN = "samenspel.nl"
_ROLES = {
    AttendeeRole.OWNER: "REQ-PARTICIPANT",
    AttendeeRole.CONTENT_EXPERT: "REQ-PARTICIPANT",
    AttendeeRole.COACH: "CHAIR",
    AttendeeRole.TRAINER: "CHAIR",
    AttendeeRole.MENTOR: "REQ-PARTICIPANT",
    AttendeeRole.PARTICIPANT: "REQ-PARTICIPANT",
    AttendeeRole.GUEST: "OPT-PARTICIPANT",
}


def session_uid(session_id: str) -> str:
    """Stable across updates, so a client replaces the invite instead of adding one."""
    return f"{session_id}@{UID_DOMAIN}"


def _calendar(method: str | None, name: str | None = None) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    if method:
        calendar.add("method", method)
    if name:
        calendar.add("x-wr-calname", name)
    return calendar


def _description(session: SessionInfo) -> str:
    lines = [session.name]
    if session.meeting_url:
        lines.append(f"Online deelnemen: {session.meeting_url}")
    elif session.online:
        lines.append("Online sessie; de link volgt.")
    if session.moved_reason:
        lines.append(session.moved_reason)
    return "\n".join(lines)


def _status(session: SessionInfo, cancelled: bool) -> str:
    """CANCELLED, TENTATIVE while a date is planned in consultation, else CONFIRMED."""
    if cancelled:
        return "CANCELLED"
    return "TENTATIVE" if session.tentative else "CONFIRMED"


def session_event(
    session: SessionInfo,
    organizer: Contact,
    stamp: dt.datetime,
    *,
    cancelled: bool = False,
    recipient: Attendee | None = None,
    page_url: str | None = None,
) -> Event:
    """One VEVENT; DTSTART/DTEND stay in the session's zone so they carry a TZID."""
    event = Event()
    event.add("uid", session_uid(session.session_id))
    event.add("sequence", session.sequence)
    event.add("dtstamp", stamp.astimezone(dt.UTC))
    zone = ZoneInfo(session.timezone)  # stored times come back in UTC; invites keep the TZID
    event.add("dtstart", session.starts_at.astimezone(zone))
    event.add("dtend", session.ends_at.astimezone(zone))
    event.add("summary", session.name)
    event.add("description", _description(session))
    event.add("status", _status(session, cancelled))
    if session.location:
        event.add("location", session.location)
    elif session.meeting_url:
        event.add("location", "Online")
    if page_url:
        event.add("url", page_url)
    elif session.meeting_url:
        event.add("url", session.meeting_url)
    chair = vCalAddress(f"mailto:{organizer.email}")
    chair.params["CN"] = vText(organizer.name)
    event.add("organizer", chair)
    for attendee in [recipient] if recipient is not None else session.attendees:
        address = vCalAddress(f"mailto:{attendee.email}")
        address.params["CN"] = vText(attendee.name)
        address.params["ROLE"] = vText(_ROLES[attendee.role])
        address.params["RSVP"] = vText("FALSE")
        event.add("attendee", address, encode=False)
    return event


def _serialise(calendar: Calendar, sessions: Sequence[SessionInfo], stamp: dt.datetime) -> str:
    """The calendar with a VTIMEZONE per zone it uses, covering just the years in use (to keep
    the file small), placed before the first component as icalendar's own would be."""
    years = [s.starts_at.year for s in sessions] or [stamp.year]
    first, last = dt.date(min(years) - 1, 1, 1), dt.date(max(years) + 1, 12, 31)
    zones = "".join(_vtimezone(tzid, first, last) for tzid in sorted(calendar.get_missing_tzids()))
    text = str(calendar.to_ical(), "utf-8")
    if not zones:
        return text
    first_component = text.find("\r\nBEGIN:")
    components = first_component + 2 if first_component >= 0 else text.rindex("END:VCALENDAR")
    return f"{text[:components]}{zones}{text[components:]}"


@functools.lru_cache(maxsize=64)
def _vtimezone(tzid: str, first: dt.date, last: dt.date) -> str:
    """One zone's block for a span of years, written once: it is the same in every invite in
    that zone and span, and it is most of an invite's lines. An unknown zone gets none."""
    try:
        return str(Timezone.from_tzid(tzid, first_date=first, last_date=last).to_ical(), "utf-8")
    except ValueError:
        return ""


def session_ics(
    session: SessionInfo,
    organizer: Contact,
    stamp: dt.datetime,
    *,
    cancelled: bool = False,
    recipient: Attendee | None = None,
    page_url: str | None = None,
) -> str:
    """The invite (METHOD:REQUEST) or its withdrawal (METHOD:CANCEL, STATUS:CANCELLED).

    With a `recipient`, the invite names only that person (what a mail to them carries).
    """
    calendar = _calendar("CANCEL" if cancelled else "REQUEST")
    event = session_event(
        session, organizer, stamp, cancelled=cancelled, recipient=recipient, page_url=page_url
    )
    calendar.add_component(event)
    return _serialise(calendar, [session], stamp)


def cohort_feed(
    sessions: Sequence[SessionInfo],
    cancelled_ids: Sequence[str],
    organizer: Contact,
    stamp: dt.datetime,
    title: str,
) -> str:
    """A subscribable feed (no METHOD) with every session, cancelled ones marked as such."""
    calendar = _calendar(None, name=title)
    for session in sessions:
        cancelled = session.session_id in cancelled_ids
        calendar.add_component(session_event(session, organizer, stamp, cancelled=cancelled))
    return _serialise(calendar, sessions, stamp)
