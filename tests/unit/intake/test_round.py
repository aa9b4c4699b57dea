"""A leercase round: learners spread evenly over its cases until staff place them by hand."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st

from services.intake.domain.enrolment import Enrolment
from services.intake.domain.errors import DecisionRefused
from shared.contracts.base import EventData, ProgrammeFormat
from shared.contracts.intake import InvoiceDetails, ParticipantAssigned, ParticipantEnrolled
from tests.unit.intake.factories import cohort, participant

pytestmark = pytest.mark.unit

AT = dt.datetime(2026, 3, 10, 12, 0, tzinfo=dt.UTC)


def assigned(events: list[EventData]) -> dict[str, str | None]:
    return {
        e.participant.participant_id: e.case_id
        for e in events
        if isinstance(e, ParticipantAssigned)
    }


def round_with(learners: int, cases: int = 0) -> Enrolment:
    enrolment = Enrolment.for_cohort(cohort())
    for n in range(cases):
        enrolment.add_case(f"case-{n}", f"Case {n}", AT)
    for n in range(learners):
        enrolment.register(participant(n), AT)
    return enrolment


def spread_of(enrolment: Enrolment) -> Counter[str | None]:
    return Counter(
        a.case_id for a in enrolment.assignments if enrolment.is_enrolled(a.participant_id)
    )


def test_with_one_case_every_learner_is_on_it_as_they_enrol() -> None:
    enrolment = round_with(0, cases=1)
    events = [e for n in range(3) for e in enrolment.register(participant(n), AT)]
    assert [e.routing_key for e in events] == ["participant.enrolled", "participant.assigned"] * 3
    assert set(assigned(events).values()) == {"case-0"}
    assert all(e.revision == 1 for e in events if isinstance(e, ParticipantAssigned))
    assert all(e.case_title == "Case 0" for e in events if isinstance(e, ParticipantAssigned))


def test_learners_enrolled_before_any_case_are_placed_when_the_first_case_is_accepted() -> None:
    enrolment = round_with(4)
    assert enrolment.assignments == []
    events = enrolment.add_case("case-a", "Speeltuin", AT)
    assert assigned(events) == {f"p-{n}": "case-a" for n in range(4)}


def test_a_second_case_takes_half_of_the_learners_and_only_they_get_a_new_revision() -> None:
    enrolment = round_with(24, cases=1)
    events = enrolment.add_case("case-1", "Schoolplein", AT)
    moved = assigned(events)
    assert len(moved) == 12 and set(moved.values()) == {"case-1"}
    assert all(e.revision == 2 for e in events if isinstance(e, ParticipantAssigned))
    assert spread_of(enrolment) == {"case-0": 12, "case-1": 12}


def test_24_learners_over_4_cases_is_6_each_and_a_fourth_case_moves_only_six() -> None:
    enrolment = round_with(24, cases=3)
    assert spread_of(enrolment) == {"case-0": 8, "case-1": 8, "case-2": 8}
    events = enrolment.add_case("case-3", "Zonneweide", AT)
    assert len(assigned(events)) == 6
    assert spread_of(enrolment) == {f"case-{n}": 6 for n in range(4)}


def test_staff_placement_is_kept_when_a_new_case_respreads_the_others() -> None:
    enrolment = round_with(4, cases=1)
    [event] = enrolment.assign("p-0", "case-0", AT)
    assert isinstance(event, ParticipantAssigned) and event.revision == 2
    events = enrolment.add_case("case-1", "Tweede", AT)
    assert "p-0" not in assigned(events)
    assert spread_of(enrolment) == {"case-0": 2, "case-1": 2}


def test_staff_move_a_learner_and_the_revision_rises_each_time() -> None:
    enrolment = round_with(2, cases=2)
    revisions = []
    for target in ("case-1", "case-0", None):
        [event] = enrolment.assign("p-0", target, AT)
        assert isinstance(event, ParticipantAssigned) and event.case_id == target
        revisions.append(event.revision)
    assert revisions == sorted(revisions) and len(set(revisions)) == 3
    assert enrolment.assign("p-0", None, AT) == []  # the same place again changes nothing


def test_staff_cannot_place_an_unknown_learner_or_on_a_case_of_another_round() -> None:
    enrolment = round_with(1, cases=1)
    with pytest.raises(DecisionRefused) as unknown:
        enrolment.assign("p-9", "case-0", AT)
    assert unknown.value.field == "participant_id"
    with pytest.raises(DecisionRefused) as foreign:
        enrolment.assign("p-0", "case-elders", AT)
    assert foreign.value.field == "case_id"


def test_a_withdrawal_moves_nobody_else_and_a_new_learner_fills_the_emptiest_case() -> None:
    enrolment = round_with(4, cases=2)
    before = spread_of(enrolment)
    leaving = next(a for a in enrolment.assignments if a.case_id == "case-0").participant_id
    [left] = enrolment.withdraw(leaving, AT)
    assert left.routing_key == "participant.left"
    assert spread_of(enrolment) == before - Counter({"case-0": 1})
    events = enrolment.register(participant(7), AT)
    assert assigned(events) == {"p-7": "case-0"}


def test_other_formats_put_nobody_on_a_case() -> None:
    enrolment = Enrolment.for_cohort(cohort(format=ProgrammeFormat.LEERGANG))
    enrolment.add_case("case-0", "Initiatief", AT)
    events = enrolment.register(participant(1), AT)
    assert [e.routing_key for e in events] == ["participant.enrolled"]


def test_invoice_details_are_kept_with_the_registration() -> None:
    enrolment = Enrolment.for_cohort(cohort(fee_eur_cents=270_000))
    invoice = InvoiceDetails(
        organisation="Gemeente Zwolle", billing_address="Postbus 1, Zwolle", purchase_order="PO-7"
    )
    [event] = enrolment.register(participant(1), AT, invoice)
    assert isinstance(event, ParticipantEnrolled)
    assert enrolment.invoice_of("p-1") == invoice


@given(
    st.lists(
        st.one_of(
            st.tuples(st.just("register"), st.integers(0, 30)),
            st.tuples(st.just("withdraw"), st.integers(0, 30)),
            st.tuples(st.just("case"), st.integers(0, 5)),
            st.tuples(st.just("pin"), st.integers(0, 30)),
        ),
        max_size=50,
    )
)
def test_every_enrolled_learner_is_on_one_of_the_cases_and_revisions_only_rise(
    ops: list[tuple[str, int]],
) -> None:
    enrolment = Enrolment.for_cohort(cohort(capacity=40))
    last_revision: dict[str, int] = {}
    for op, value in ops:
        if op == "register":
            events = enrolment.register(participant(value), AT)
        elif op == "withdraw":
            events = enrolment.withdraw(f"p-{value}", AT)
        elif op == "case":
            events = enrolment.add_case(f"case-{value}", f"Case {value}", AT)
        elif enrolment.is_enrolled(f"p-{value}") and enrolment.cases:
            events = enrolment.assign(f"p-{value}", enrolment.cases[-1].case_id, AT)
        else:
            events = []
        for event in events:
            if isinstance(event, ParticipantAssigned):
                pid = event.participant.participant_id
                assert event.revision > last_revision.get(pid, 0)
                last_revision[pid] = event.revision
        cases = {c.case_id for c in enrolment.cases}
        for learner in enrolment.enrolled:
            placed = enrolment.assignment_of(learner.participant_id)
            assert (placed is not None and placed.case_id in cases) == bool(cases)
