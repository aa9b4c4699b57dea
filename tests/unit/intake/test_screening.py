"""Each screening rule, and the overall verdict: what staff see before they decide."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from services.intake.domain.screening import (
    ScreeningConfig,
    check_attendance,
    check_consent,
    check_expertise,
    check_societal_and_concrete,
    check_time_pressure,
    overall_verdict,
    screen_conditions,
)
from shared.contracts.base import Person
from shared.contracts.intake import ConditionKey, ConditionResult, Verdict
from tests.unit.intake.factories import answers, description, expert

pytestmark = pytest.mark.unit

CONFIG = ScreeningConfig()
SUBMITTED_ON = dt.date(2026, 3, 2)


def test_a_concrete_well_described_case_passes_every_condition() -> None:
    results = screen_conditions(description(), answers(), SUBMITTED_ON, CONFIG)

    assert [r.condition for r in results] == list(ConditionKey)
    assert all(r.verdict is Verdict.PASS for r in results)
    assert overall_verdict(results) is Verdict.PASS


def test_owner_saying_the_case_is_not_societal_and_concrete_fails() -> None:
    result = check_societal_and_concrete(
        description(), answers(societal_and_concrete=False), CONFIG
    )
    assert result.verdict is Verdict.FAIL
    assert "geen concreet maatschappelijk vraagstuk" in result.reason


def test_a_description_shorter_than_the_threshold_is_flagged_with_the_word_count() -> None:
    short = description(description="Wij willen praten met de buurt over het plein.")

    result = check_societal_and_concrete(short, answers(), CONFIG)

    assert result.verdict is Verdict.FLAG
    assert "9 woorden" in result.reason
    assert "minimaal 50" in result.reason


def test_the_word_threshold_is_configuration() -> None:
    short = description(description="Wij willen praten met de buurt over het plein.")
    lenient = ScreeningConfig(min_description_words=5)

    assert check_societal_and_concrete(short, answers(), lenient).verdict is Verdict.PASS


def test_a_description_about_policy_without_any_concrete_place_is_flagged_as_abstract() -> None:
    abstract = description(
        title="Participatie in ons beleid",
        description=" ".join(["We willen een visie en een strategie op participatie."] * 8),
    )

    result = check_societal_and_concrete(abstract, answers(), CONFIG)

    assert result.verdict is Verdict.FLAG
    assert "algemeen" in result.reason
    assert "‘visie’" in result.reason


def test_policy_words_are_fine_when_the_case_names_a_concrete_place() -> None:
    mixed = description(
        description=" ".join(["Het beleid voor de winkelstraat moet fietsveiliger worden."] * 8)
    )
    assert check_societal_and_concrete(mixed, answers(), CONFIG).verdict is Verdict.PASS


def test_owner_reporting_time_pressure_fails() -> None:
    result = check_time_pressure(
        description(), answers(no_time_pressure=False), SUBMITTED_ON, CONFIG
    )
    assert result.verdict is Verdict.FAIL
    assert "8 weken" in result.reason


@pytest.mark.parametrize(
    ("desired_start", "verdict"),
    [
        (SUBMITTED_ON + dt.timedelta(weeks=8) - dt.timedelta(days=1), Verdict.FLAG),
        (SUBMITTED_ON + dt.timedelta(weeks=8), Verdict.PASS),
        (SUBMITTED_ON - dt.timedelta(days=3), Verdict.FLAG),
        (None, Verdict.PASS),
    ],
)
def test_a_desired_start_sooner_than_eight_weeks_signals_time_pressure(
    desired_start: dt.date | None, verdict: Verdict
) -> None:
    case = description(desired_start=desired_start)
    result = check_time_pressure(case, answers(), SUBMITTED_ON, CONFIG)
    assert result.verdict is verdict


def test_time_pressure_reason_names_the_desired_date_in_dutch_notation() -> None:
    case = description(desired_start=dt.date(2026, 3, 16))
    result = check_time_pressure(case, answers(), SUBMITTED_ON, CONFIG)
    assert "16-03-2026" in result.reason


def test_owner_who_is_the_content_expert_passes_expertise() -> None:
    assert check_expertise(answers(), CONFIG).verdict is Verdict.PASS


def test_a_named_expert_with_a_role_passes_expertise() -> None:
    result = check_expertise(
        answers(owner_is_content_expert=False, content_expert=expert()), CONFIG
    )
    assert result.verdict is Verdict.PASS


def test_a_named_expert_without_a_role_is_flagged() -> None:
    nameless_role = Person(name="Bram Jansen")
    result = check_expertise(
        answers(owner_is_content_expert=False, content_expert=nameless_role), CONFIG
    )
    assert result.verdict is Verdict.FLAG
    assert "zonder functie" in result.reason


def test_a_named_expert_without_an_email_is_flagged_so_the_owner_adds_it() -> None:
    unreachable = Person(name="Bram Jansen", role="Beleidsadviseur")
    result = check_expertise(
        answers(owner_is_content_expert=False, content_expert=unreachable), CONFIG
    )
    assert result.verdict is Verdict.FLAG
    assert "zonder e-mailadres" in result.reason and "eigen pagina" in result.reason


def test_no_expert_at_all_is_flagged_by_default_and_can_be_configured_to_fail() -> None:
    no_expert = answers(owner_is_content_expert=False, content_expert=None)

    assert check_expertise(no_expert, CONFIG).verdict is Verdict.FLAG
    strict = ScreeningConfig(missing_expert_verdict=Verdict.FAIL)
    assert check_expertise(no_expert, strict).verdict is Verdict.FAIL


def test_not_attending_all_sessions_fails() -> None:
    result = check_attendance(answers(can_attend_all_sessions=False))
    assert result.verdict is Verdict.FAIL
    assert "alle (online) sessies" in result.reason


def test_no_consent_to_share_fails() -> None:
    result = check_consent(answers(consent_to_share=False))
    assert result.verdict is Verdict.FAIL
    assert "toestemming" in result.reason.lower()


def test_one_failing_condition_fails_the_whole_case_even_when_others_flag() -> None:
    results = screen_conditions(
        description(description="Te kort."),
        answers(consent_to_share=False),
        SUBMITTED_ON,
        CONFIG,
    )
    assert overall_verdict(results) is Verdict.FAIL


verdicts = st.sampled_from(list(Verdict))


@given(st.lists(verdicts, min_size=1, max_size=5))
def test_overall_verdict_is_the_worst_one(found: list[Verdict]) -> None:
    results = [
        ConditionResult(condition=ConditionKey.CONSENT, verdict=v, reason="x") for v in found
    ]
    order = [Verdict.PASS, Verdict.FLAG, Verdict.FAIL]
    assert overall_verdict(results) is max(found, key=order.index)
