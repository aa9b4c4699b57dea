"""The case's state machine: screening, decisions, withdrawal, history and owed events."""

from __future__ import annotations

import datetime as dt

import pytest

from services.intake.domain.alternatives import AlternativeCatalogue
from services.intake.domain.case import Case
from services.intake.domain.errors import DecisionRefused, InvalidTransition
from services.intake.domain.lifecycle import CaseAction, CaseStatus
from services.intake.domain.screening import ScreeningConfig
from shared.contracts.base import Country, ProgrammeFormat
from shared.contracts.intake import CaseAccepted, CaseRejected, CaseScreened, Verdict
from shared.contracts.scheduling import CohortInfo
from tests.unit.intake.factories import answers, cohort, description, expert, submitted

pytestmark = pytest.mark.unit

DUE = dt.date(2026, 3, 9)
SCREENED_AT = dt.datetime(2026, 3, 2, 9, 31, tzinfo=dt.UTC)
DECIDED_AT = dt.datetime(2026, 3, 5, 14, 0, tzinfo=dt.UTC)
CATALOGUE = AlternativeCatalogue()


def new_case(**overrides: object) -> Case:
    return Case.from_submission(submitted(**overrides), actor="formulier")


def screened_case(**overrides: object) -> Case:
    case = new_case(**overrides)
    case.screen(ScreeningConfig(), DUE, SCREENED_AT)
    return case


def cohorts() -> dict[str, CohortInfo]:
    c = cohort()
    return {c.cohort_id: c}


def test_a_new_case_is_submitted_with_one_history_line() -> None:
    case = new_case()
    assert case.status is CaseStatus.SUBMITTED
    assert [(h.action, h.actor, h.to_status) for h in case.history] == [
        (CaseAction.SUBMIT, "formulier", CaseStatus.SUBMITTED)
    ]


def test_screening_records_the_result_and_owes_case_screened() -> None:
    case = new_case(conditions=answers(consent_to_share=False))

    events = case.screen(ScreeningConfig(), DUE, SCREENED_AT)

    assert case.status is CaseStatus.SCREENED
    [event] = events
    assert isinstance(event, CaseScreened)
    assert (event.case_id, event.overall, event.decision_due) == ("case-1", Verdict.FAIL, DUE)
    assert len(event.results) == 5
    assert case.screening is not None and case.screening.overall is Verdict.FAIL


def test_time_pressure_is_measured_from_the_local_submission_date() -> None:
    # 23:30 UTC on 1 March is already 2 March in Amsterdam; 8 weeks later is 27 April.
    late_evening = dt.datetime(2026, 3, 1, 23, 30, tzinfo=dt.UTC)
    case = new_case(submitted_at=late_evening, case=description(desired_start=dt.date(2026, 4, 26)))
    [event] = case.screen(ScreeningConfig(), DUE, SCREENED_AT)
    assert isinstance(event, CaseScreened)
    assert event.results[1].verdict is Verdict.FLAG


def test_screening_twice_is_an_invalid_transition_carrying_the_current_state() -> None:
    case = screened_case()
    with pytest.raises(InvalidTransition) as raised:
        case.screen(ScreeningConfig(), DUE, SCREENED_AT)
    assert raised.value.current is CaseStatus.SCREENED
    assert "gescreend" in str(raised.value)


def test_accepting_into_a_known_cohort_owes_case_accepted_with_owner_and_expert() -> None:
    case = screened_case(conditions=answers(owner_is_content_expert=False, content_expert=expert()))

    [event] = case.accept("leercase-2026-2", cohorts(), "Sanne (programmabureau)", DECIDED_AT)

    assert isinstance(event, CaseAccepted)
    assert case.status is CaseStatus.ACCEPTED
    assert event.cohort_id == "leercase-2026-2"
    assert event.format is ProgrammeFormat.LEERCASE
    assert event.owner.email == "anne.devries@example.nl"
    assert event.content_expert == expert()
    assert case.history[-1].actor == "Sanne (programmabureau)"
    assert case.history[-1].from_status is CaseStatus.SCREENED


def test_accepting_before_screening_is_refused_with_state() -> None:
    case = new_case()
    with pytest.raises(InvalidTransition) as raised:
        case.accept("leercase-2026-2", cohorts(), "staff", DECIDED_AT)
    assert raised.value.current is CaseStatus.SUBMITTED
    assert case.status is CaseStatus.SUBMITTED


@pytest.mark.parametrize(
    ("known", "message"),
    [
        ({}, "niet bekend"),
        ({"leercase-2026-2": cohort(cancelled=True)}, "gaat niet door"),
        ({"leercase-2026-2": cohort(format=ProgrammeFormat.E_LEARNING)}, "niet aan een case"),
        ({"leercase-2026-2": cohort(start_date=dt.date(2026, 3, 5))}, "al begonnen"),
    ],
)
def test_accepting_into_an_unusable_cohort_is_refused_and_changes_nothing(
    known: dict[str, CohortInfo], message: str
) -> None:
    case = screened_case()
    with pytest.raises(DecisionRefused) as raised:
        case.accept("leercase-2026-2", known, "staff", DECIDED_AT)
    assert raised.value.field == "cohort_id"
    assert message in raised.value.message
    assert case.status is CaseStatus.SCREENED
    assert case.decision is None


def test_accept_uses_the_cohort_country_for_the_trajectory() -> None:
    be = cohort(country=Country.BE, timezone="Europe/Brussels")
    case = screened_case()
    [event] = case.accept(be.cohort_id, {be.cohort_id: be}, "staff", DECIDED_AT)
    assert isinstance(event, CaseAccepted)
    assert event.country is Country.BE


def test_rejecting_with_reason_and_alternatives_owes_case_rejected() -> None:
    case = screened_case()

    [event] = case.reject(
        "  Het vraagstuk is te groot voor 8 weken. ",
        ["adviesgesprek", "e-learning-10-uitvoeringsstappen"],
        CATALOGUE,
        "staff",
        DECIDED_AT,
    )

    assert isinstance(event, CaseRejected)
    assert case.status is CaseStatus.REJECTED
    assert event.reason == "Het vraagstuk is te groot voor 8 weken."
    assert [a.code for a in event.alternatives] == [
        "adviesgesprek",
        "e-learning-10-uitvoeringsstappen",
    ]
    assert event.alternatives[0].title == "Adviesgesprek"
    assert case.history[-1].detail == "Het vraagstuk is te groot voor 8 weken."


@pytest.mark.parametrize(
    ("reason", "codes", "field"),
    [
        ("   ", ["adviesgesprek"], "reason"),
        ("Te groot.", [], "alternatives"),
        ("Te groot.", ["bestaat-niet"], "alternatives"),
    ],
)
def test_a_bare_no_is_not_possible(reason: str, codes: list[str], field: str) -> None:
    case = screened_case()
    with pytest.raises(DecisionRefused) as raised:
        case.reject(reason, codes, CATALOGUE, "staff", DECIDED_AT)
    assert raised.value.field == field
    assert case.status is CaseStatus.SCREENED


def test_a_decided_case_cannot_be_decided_again() -> None:
    case = screened_case()
    case.reject("Te groot.", ["adviesgesprek"], CATALOGUE, "staff", DECIDED_AT)
    with pytest.raises(InvalidTransition) as raised:
        case.accept("leercase-2026-2", cohorts(), "staff", DECIDED_AT)
    assert raised.value.current is CaseStatus.REJECTED


@pytest.mark.parametrize("screen_first", [False, True])
def test_an_undecided_case_can_be_withdrawn_without_owing_an_event(screen_first: bool) -> None:
    case = screened_case() if screen_first else new_case()
    assert case.withdraw("Anne de Vries", DECIDED_AT, reason="Project stopgezet") == []
    assert case.status is CaseStatus.WITHDRAWN
    assert case.history[-1].detail == "Project stopgezet"


def test_an_accepted_case_cannot_be_withdrawn_here() -> None:
    case = screened_case()
    case.accept("leercase-2026-2", cohorts(), "staff", DECIDED_AT)
    with pytest.raises(InvalidTransition) as raised:
        case.withdraw("staff", DECIDED_AT)
    assert raised.value.current is CaseStatus.ACCEPTED


def test_history_lists_every_step_in_order_with_who_and_when() -> None:
    case = screened_case()
    case.accept("leercase-2026-2", cohorts(), "staff", DECIDED_AT)
    assert [(h.action, h.actor, h.at) for h in case.history] == [
        (CaseAction.SUBMIT, "formulier", submitted().submitted_at),
        (CaseAction.SCREEN, "intake", SCREENED_AT),
        (CaseAction.ACCEPT, "staff", DECIDED_AT),
    ]


def test_a_case_survives_a_round_trip_through_its_stored_form() -> None:
    case = screened_case()
    case.reject("Te groot.", ["adviesgesprek"], CATALOGUE, "staff", DECIDED_AT)
    assert Case.model_validate(case.model_dump(mode="json")) == case


def test_naming_the_expert_email_owes_the_event_and_clears_the_screening_flag() -> None:
    from shared.contracts.base import Person
    from shared.contracts.intake import ContentExpertNamed
    from shared.people import content_expert_id

    unreachable = Person(name="Bram Jansen", role="Beleidsadviseur")
    case = screened_case(
        conditions=answers(owner_is_content_expert=False, content_expert=unreachable)
    )
    assert case.lacks_expert_email() and case.verdict is Verdict.FLAG
    assert case.expert_person_id == content_expert_id(case.case_id)

    [event] = case.name_content_expert(expert(), "eigenaar", DECIDED_AT, ScreeningConfig())

    assert isinstance(event, ContentExpertNamed) and event.content_expert == expert()
    assert not case.lacks_expert_email()
    assert str(case.verdict) == "pass"
    assert case.history[-1].action is CaseAction.NAME_CONTENT_EXPERT
    assert case.name_content_expert(expert(), "eigenaar", DECIDED_AT, ScreeningConfig()) == []


def test_an_owner_who_is_the_expert_has_no_expert_person_id() -> None:
    case = new_case()
    assert case.expert_person_id is None and not case.lacks_expert_email()
