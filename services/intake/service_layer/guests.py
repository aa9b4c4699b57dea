"""Inviting and removing a session's guests: from a person's page, or by staff."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from typing import Any

from pydantic import ValidationError

from services.intake.domain.agenda import SessionView
from services.intake.domain.errors import DecisionRefused
from services.intake.domain.guests import SessionGuests
from services.intake.service_layer.context import Intake
from services.intake.service_layer.people import PersonView
from shared.contracts.base import EventData
from shared.contracts.intake import Guest
from shared.contracts.scheduling import AttendeeRole
from shared.persistence.aggregate import Change

log = logging.getLogger(__name__)
BAD_GUEST = "Vul de naam en een geldig e-mailadres van uw gast in."
NOT_YOURS = "Gasten voor deze sessie nodigt de case-eigenaar uit."


def may_invite(view: SessionView, person_id: str) -> bool:
    """Participants invite to a cohort's sessions, the owner to a case's (where allowed)."""
    me = view.attendee(person_id)
    if me is None or view.session.guest_limit <= 0 or view.session.cancelled:
        return False
    wanted = AttendeeRole.OWNER if view.case_id else AttendeeRole.PARTICIPANT
    return me.role == wanted


def guest_card(view: SessionView, person: PersonView, now: dt.datetime, url: str) -> dict[str, Any]:
    """For a session card: the form to invite a guest and this person's guests, where allowed."""
    if not may_invite(view, person.person_id) or view.session.starts_at <= now:
        return {"guest_url": "", "my_guests": []}
    mine = person.guests.get(view.session_id, [])
    return {"guest_url": url, "my_guests": [{"name": g.name, "email": g.email} for g in mine]}


async def guests_of(session_id: str, intake: Intake) -> SessionGuests | None:
    stored = await intake.guests.get(session_id)
    return stored.state if stored else None


async def _change(
    view: SessionView, change: Callable[[SessionGuests], list[EventData]], intake: Intake
) -> SessionGuests:
    def decide(current: SessionGuests | None) -> Change[SessionGuests] | None:
        guests = (
            current.model_copy(deep=True)
            if current
            else SessionGuests(
                session_id=view.session_id,
                cohort_id=view.cohort_id,
                cohort_title=view.cohort_title,
                case_id=view.case_id,
                session_name=view.session.name,
            )
        )
        payloads = change(guests)
        if not payloads:
            return None
        return Change(guests, intake.wrap(payloads, view.session_id))

    applied = await intake.guests.apply(view.session_id, decide)
    return applied.state or SessionGuests(session_id=view.session_id, cohort_id=view.cohort_id)


async def invite_guest(
    person: PersonView, session_id: str, name: str, email: str, intake: Intake
) -> SessionGuests:
    """One guarded write of the session's guests, owing `guests.updated` (limit per session)."""
    view = person.session(session_id)
    if not may_invite(view, person.person_id):
        raise DecisionRefused("session_id", NOT_YOURS if view.case_id else "Geen gasten mogelijk.")
    try:
        guest = Guest(name=name.strip(), email=email.strip(), invited_by=person.person_id)
    except ValidationError as exc:
        raise DecisionRefused("email", BAD_GUEST) from exc
    now = intake.now()
    s = view.session
    guests = await _change(view, lambda g: g.invite(guest, s.guest_limit, s.starts_at, now), intake)
    log.info("guest invited", extra={"session_id": session_id})
    return guests


async def remove_guest(
    view: SessionView, email: str, intake: Intake, by: str | None = None
) -> SessionGuests:
    """Staff (by=None) remove any guest; a person only their own."""
    now = intake.now()
    guests = await _change(view, lambda g: g.remove(email, now, by), intake)
    log.info("guest removed", extra={"session_id": view.session_id})
    return guests


async def staff_remove_guest(session_id: str, email: str, intake: Intake) -> None:
    """Staff take any guest off a session (the guest's invite is cancelled)."""
    now = intake.now()

    def decide(current: SessionGuests | None) -> Change[SessionGuests] | None:
        if current is None:
            return None
        guests = current.model_copy(deep=True)
        payloads = guests.remove(email, now)
        return Change(guests, intake.wrap(payloads, session_id)) if payloads else None

    await intake.guests.apply(session_id, decide)
    log.info("guest removed by staff", extra={"session_id": session_id})
