"""Enrolment: places, waitlist in arrival order, promotion, deadline, idempotency."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from services.intake.domain.enrolment import Enrolment
from shared.contracts.intake import (
    ParticipantEnrolled,
    ParticipantLeft,
    ParticipantRefused,
    ParticipantWaitlisted,
)
from shared.contracts.scheduling import CohortInfo
from tests.unit.intake.factories import cohort, participant

pytestmark = pytest.mark.unit

AT = dt.datetime(2026, 3, 10, 12, 0, tzinfo=dt.UTC)


def full_cohort(capacity: int, waiting: int = 0) -> Enrolment:
    enrolment = Enrolment.for_cohort(cohort(capacity=capacity))
    for n in range(capacity + waiting):
        enrolment.register(participant(n), AT)
    return enrolment


def test_registrations_are_enrolled_up_to_capacity_then_waitlisted_with_position() -> None:
    enrolment = Enrolment.for_cohort(cohort(capacity=2))

    events = [enrolment.register(participant(n), AT)[0] for n in range(4)]

    assert [e.routing_key for e in events] == [
        "participant.enrolled",
        "participant.enrolled",
        "participant.waitlisted",
        "participant.waitlisted",
    ]
    assert [e.position for e in events if isinstance(e, ParticipantWaitlisted)] == [1, 2]
    assert enrolment.position("p-3") == 2


def test_capacity_defaults_to_twenty_four() -> None:
    planned = cohort().model_dump(exclude={"capacity"})
    enrolment = Enrolment.for_cohort(CohortInfo.model_validate(planned))
    events = [enrolment.register(participant(n), AT)[0] for n in range(25)]
    assert sum(isinstance(e, ParticipantEnrolled) for e in events) == 24
    assert isinstance(events[-1], ParticipantWaitlisted)


@pytest.mark.parametrize("capacity", [1, 2])
def test_registering_the_same_person_again_changes_nothing(capacity: int) -> None:
    enrolment = full_cohort(capacity=capacity, waiting=1)
    before = enrolment.model_copy(deep=True)

    assert enrolment.register(participant(0), AT) == []
    assert enrolment.register(participant(capacity), AT) == []
    assert enrolment == before


def test_registration_on_the_deadline_day_counts_but_after_it_is_refused_in_dutch() -> None:
    enrolment = Enrolment.for_cohort(cohort(registration_deadline=dt.date(2026, 4, 1)))
    # 21:30 UTC on 1 April is 23:30 in Amsterdam: still the deadline day.
    on_time = dt.datetime(2026, 4, 1, 21, 30, tzinfo=dt.UTC)
    too_late = dt.datetime(2026, 4, 1, 22, 30, tzinfo=dt.UTC)

    [ok] = enrolment.register(participant(1), on_time)
    [refused] = enrolment.register(participant(2), too_late)

    assert isinstance(ok, ParticipantEnrolled)
    assert isinstance(refused, ParticipantRefused)
    assert refused.reason == (
        "De inschrijving voor ‘Leercase Challenge voorjaar 2026’ is gesloten: inschrijven kon "
        "tot en met 1 april 2026."
    )
    assert not enrolment.is_enrolled("p-2") and enrolment.position("p-2") is None


def test_without_a_deadline_registration_closes_the_day_before_the_start() -> None:
    enrolment = Enrolment.for_cohort(
        cohort(registration_deadline=None, start_date=dt.date(2026, 4, 13))
    )
    [event] = enrolment.register(participant(1), dt.datetime(2026, 4, 13, 8, tzinfo=dt.UTC))
    assert isinstance(event, ParticipantRefused)
    assert "12 april 2026" in event.reason


def test_a_cancelled_cohort_refuses_registrations() -> None:
    enrolment = Enrolment.for_cohort(cohort(cancelled=True))
    [event] = enrolment.register(participant(1), AT)
    assert isinstance(event, ParticipantRefused)
    assert "gaat niet door" in event.reason


def test_withdrawal_of_an_enrolled_participant_promotes_the_first_on_the_waitlist() -> None:
    enrolment = full_cohort(capacity=2, waiting=2)

    [left, event] = enrolment.withdraw("p-0", AT)

    assert isinstance(left, ParticipantLeft) and left.participant.participant_id == "p-0"
    assert isinstance(event, ParticipantEnrolled)
    assert event.promoted_from_waitlist
    assert event.participant.participant_id == "p-2"
    assert [p.participant_id for p in enrolment.enrolled] == ["p-1", "p-2"]
    assert enrolment.position("p-3") == 1


def test_withdrawal_from_the_waitlist_moves_later_people_up_without_promotion() -> None:
    enrolment = full_cohort(capacity=1, waiting=3)

    assert enrolment.withdraw("p-1", AT) == []

    assert [enrolment.position(f"p-{n}") for n in (2, 3)] == [1, 2]
    assert [p.participant_id for p in enrolment.enrolled] == ["p-0"]


def test_withdrawing_someone_unknown_moves_nobody_and_is_remembered_for_a_late_registration() -> (
    None
):
    enrolment = full_cohort(capacity=1, waiting=1)
    before = enrolment.model_copy(deep=True)
    assert enrolment.withdraw("p-99", AT) == []
    assert (enrolment.enrolled, enrolment.waitlist) == (before.enrolled, before.waitlist)
    assert [w.participant_id for w in enrolment.early_withdrawals] == ["p-99"]


def test_raised_capacity_promotes_from_the_waitlist_in_order() -> None:
    enrolment = full_cohort(capacity=2, waiting=3)

    events = enrolment.update_cohort(cohort(capacity=4), AT)

    assert [e.participant.participant_id for e in events if isinstance(e, ParticipantEnrolled)] == [
        "p-2",
        "p-3",
    ]
    assert all(isinstance(e, ParticipantEnrolled) and e.promoted_from_waitlist for e in events)
    assert enrolment.position("p-4") == 1


def test_lowered_capacity_keeps_everyone_enrolled_but_fills_no_freed_place() -> None:
    enrolment = full_cohort(capacity=3, waiting=1)
    assert enrolment.update_cohort(cohort(capacity=1), AT) == []
    assert len(enrolment.enrolled) == 3
    [left] = enrolment.withdraw("p-0", AT)
    assert isinstance(left, ParticipantLeft)
    assert enrolment.position("p-3") == 1


def test_an_update_for_another_cohort_is_rejected() -> None:
    enrolment = full_cohort(capacity=1)
    with pytest.raises(ValueError, match="cohort"):
        enrolment.update_cohort(cohort(cohort_id="andere-groep"), AT)


# --- property: whatever happens, the waitlist is fair and nobody disappears -------------------

operations = st.lists(
    st.one_of(
        st.tuples(st.just("register"), st.integers(0, 9)),
        st.tuples(st.just("withdraw"), st.integers(0, 9)),
        st.tuples(st.just("capacity"), st.integers(1, 6)),
    ),
    max_size=60,
)


@given(st.integers(1, 5), operations)
def test_places_never_exceed_capacity_waitlist_keeps_arrival_order_nobody_lost(
    capacity: int, ops: list[tuple[str, int]]
) -> None:
    enrolment = Enrolment.for_cohort(cohort(capacity=capacity))
    arrivals: list[str] = []  # reference model: who holds a place or spot, in arrival order

    for op, value in ops:
        enrolled_before = len(enrolment.enrolled)
        if op == "register":
            pid = f"p-{value}"
            enrolment.register(participant(value), AT)
            if pid not in arrivals:
                arrivals.append(pid)
        elif op == "withdraw":
            enrolment.withdraw(f"p-{value}", AT)
            arrivals = [a for a in arrivals if a != f"p-{value}"]
        else:
            enrolment.update_cohort(cohort(capacity=value), AT)

        enrolled = [p.participant_id for p in enrolment.enrolled]
        waiting = [p.participant_id for p in enrolment.waitlist]
        # never more enrolled than capacity (lowering it keeps, but never adds, places)
        assert len(enrolled) <= max(enrolment.cohort.capacity, enrolled_before)
        # nobody waits while there is room
        assert not waiting or len(enrolled) >= enrolment.cohort.capacity
        # no one lost, no one twice
        assert sorted(enrolled + waiting) == sorted(arrivals)
        # first come, first served: the waitlist is in arrival order, behind everyone enrolled
        assert enrolled == sorted(enrolled, key=arrivals.index)
        assert waiting == sorted(waiting, key=arrivals.index)
        assert (
            not enrolled
            or not waiting
            or max(map(arrivals.index, enrolled)) < min(map(arrivals.index, waiting))
        )
