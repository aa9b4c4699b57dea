"""A session's guests: within its limit, once per address, only before it begins."""

from __future__ import annotations

import datetime as dt

import pytest

from services.intake.domain.errors import DecisionRefused
from services.intake.domain.guests import SessionGuests
from shared.contracts.intake import Guest, SessionGuestsUpdated
from shared.people import participant_id

pytestmark = pytest.mark.unit

AT = dt.datetime(2026, 3, 10, 12, 0, tzinfo=dt.UTC)
STARTS = AT + dt.timedelta(days=30)
ANNE, BART = participant_id("p-1"), participant_id("p-2")


def guest(n: int, by: str = ANNE) -> Guest:
    return Guest(name=f"Gast {n}", email=f"gast{n}@example.nl", invited_by=by)


def day_four() -> SessionGuests:
    return SessionGuests(session_id="lg-2026-s4", cohort_id="lg-2026")


def test_guests_are_added_up_to_the_limit_each_change_owing_the_whole_list() -> None:
    guests = day_four()
    first = guests.invite(guest(1), 2, STARTS, AT)
    second = guests.invite(guest(2, BART), 2, STARTS, AT)
    assert [type(e) for e in (*first, *second)] == [SessionGuestsUpdated] * 2
    last = second[0]
    assert isinstance(last, SessionGuestsUpdated)
    assert (last.revision, [g.name for g in last.guests]) == (2, ["Gast 1", "Gast 2"])
    with pytest.raises(DecisionRefused) as full:
        guests.invite(guest(3), 2, STARTS, AT)
    assert full.value.field == "email" and len(guests.guests) == 2


def test_the_same_address_twice_changes_nothing() -> None:
    guests = day_four()
    guests.invite(guest(1), 5, STARTS, AT)
    shouted = Guest(name="Gast 1", email="GAST1@example.nl", invited_by=BART)
    assert guests.invite(shouted, 5, STARTS, AT) == [] and guests.revision == 1


@pytest.mark.parametrize(("limit", "starts"), [(0, STARTS), (5, AT)])
def test_no_guests_where_the_session_takes_none_or_has_begun(
    limit: int, starts: dt.datetime
) -> None:
    with pytest.raises(DecisionRefused) as refused:
        day_four().invite(guest(1), limit, starts, AT)
    assert refused.value.field == "session_id"


def test_a_person_takes_off_only_their_own_guests_and_staff_anyone() -> None:
    guests = day_four()
    guests.invite(guest(1), 5, STARTS, AT)
    guests.invite(guest(2, BART), 5, STARTS, AT)
    assert guests.remove("gast2@example.nl", AT, by=ANNE) == []
    assert [g.name for g in guests.invited_by(ANNE)] == ["Gast 1"]
    [removed] = guests.remove("gast2@example.nl", AT)
    assert isinstance(removed, SessionGuestsUpdated)
    assert [g.name for g in removed.guests] == ["Gast 1"] and removed.revision == 3
