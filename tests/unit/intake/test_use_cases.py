"""Intake's use cases on the in-memory twin: what each stores and owes; repeats change nothing."""

from __future__ import annotations

import datetime as dt

import pytest

from services.intake.adapters.case_queries import CaseListQuery
from services.intake.adapters.case_repository import CaseRepository
from services.intake.domain.case import Case
from services.intake.domain.owner_link import hash_capability_token
from services.intake.domain.submission import CaseSubmission
from services.intake.entrypoints.messaging import event_handlers
from services.intake.service_layer import timelines
from services.intake.service_layer.context import Intake
from services.intake.service_layer.decisions import (
    CaseNotFound,
    accept_case,
    issue_owner_link,
    reject_case,
    revoke_owner_link,
)
from services.intake.service_layer.enrolments import UnknownCohort, assign, register, withdraw
from services.intake.service_layer.submissions import submit_case
from services.intake.service_layer.timelines import timeline_of
from shared.clock import ManualClock
from shared.contracts.base import Country, EventData, ProgrammeFormat
from shared.contracts.envelope import CloudEvent, new_event
from shared.contracts.intake import (
    CaseAccepted,
    CaseScreened,
    ParticipantRegistered,
    ParticipantWithdrawn,
    Verdict,
)
from shared.contracts.scheduling import CohortPlanned, CohortUpdated
from shared.persistence.aggregate import Stored
from tests.support.twins import behind, owed, owed_data
from tests.unit.intake import factories
from tests.unit.intake.twin import NOW, SOURCE, intake_on_twin

pytestmark = pytest.mark.unit

ELSEWHERE = "https://zaaksysteem.example/samenspel"


def _event(
    data: EventData, source: str = "/samenspel/scheduling", subject: str = "x"
) -> CloudEvent[EventData]:
    return new_event(data, source=source, subject=subject, now=NOW)


def _submission(external_ref: str | None = None) -> CaseSubmission:
    return CaseSubmission(
        external_ref=external_ref,
        owner=factories.owner(),
        case=factories.description(),
        conditions=factories.answers(),
    )


async def _deliver(intake: Intake, event: CloudEvent[EventData]) -> None:
    await event_handlers(intake)[type(event.data)](event)


async def test_a_submitted_case_is_stored_screened_with_its_owner_link_and_owes_both_events() -> (
    None
):
    intake = intake_on_twin()
    submitted = await submit_case(_submission(), "api", intake)
    assert submitted.created and submitted.owner_token
    assert submitted.decision_due == dt.date(2026, 3, 9)  # five working days after Monday
    assert await owed(intake.cases, submitted.case_id) == ["case.submitted", "case.screened"]
    case = await intake.cases.by_owner_token_hash(hash_capability_token(submitted.owner_token))
    assert case is not None and case.case_id == submitted.case_id


async def test_a_second_submission_under_the_same_reference_returns_the_first_case() -> None:
    intake = intake_on_twin()
    first = await submit_case(_submission("ZAAK-7"), "api", intake)
    second = await submit_case(_submission("ZAAK-7"), "api", intake)
    assert not second.created and second.case_id == first.case_id and second.owner_token is None
    assert await behind(intake.cases, CaseRepository).count({"external_ref": "ZAAK-7"}) == 1


async def test_a_case_another_system_submitted_is_stored_once_and_screened_when_redelivered() -> (
    None
):
    intake = intake_on_twin()
    event = _event(factories.submitted(case_id="ext-1", external_ref="Z-1"), ELSEWHERE, "ext-1")
    await _deliver(intake, event)
    await _deliver(intake, event)
    stored = await intake.cases.get("ext-1")
    assert stored is not None and stored.state.status.value == "screened"
    assert await owed(intake.cases, "ext-1") == ["case.screened"]
    timeline = await timeline_of("ext-1", intake)
    assert len(timeline.entries) == 1


async def test_our_own_case_submitted_coming_back_stores_no_second_case() -> None:
    intake = intake_on_twin()
    submitted = await submit_case(_submission(), "form", intake)
    stored = await intake.cases.get(submitted.case_id)
    assert stored is not None
    echo = _event(factories.submitted(case_id=submitted.case_id), SOURCE, submitted.case_id)
    await _deliver(intake, echo)
    again = await intake.cases.get(submitted.case_id)
    assert again is not None and again.version == stored.version
    assert (
        await behind(intake.cases, CaseRepository).count(
            {"owner_person_id": stored.state.owner_person_id}
        )
        == 1
    )


async def test_our_own_case_submitted_coming_back_reads_no_case_and_enters_the_timeline(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    intake = intake_on_twin()
    submitted = await submit_case(_submission(), "api", intake)
    reads: list[str] = []
    read = intake.cases.get

    async def counted(case_id: str) -> Stored[Case] | None:
        reads.append(case_id)
        return await read(case_id)

    monkeypatch.setattr(intake.cases, "get", counted)
    echo = _event(factories.submitted(case_id=submitted.case_id), SOURCE, submitted.case_id)
    await _deliver(intake, echo)
    assert reads == []  # stored screened by `submit_case`: nothing to read back
    assert [e.kind for e in (await timeline_of(submitted.case_id, intake)).entries] == [
        "case.submitted"
    ]


async def test_a_timeline_started_out_of_order_keeps_every_event_once() -> None:
    intake = intake_on_twin()
    case_id = "ext-9"
    submitted = _event(factories.submitted(case_id=case_id), ELSEWHERE, case_id)
    screened = _event(_screened_data(case_id), SOURCE, case_id)
    for event in (screened, submitted, submitted, screened):  # the submission writes blind
        await timelines.record(event, intake)
    kinds = [e.kind for e in (await timeline_of(case_id, intake)).entries]
    assert sorted(kinds) == ["case.screened", "case.submitted"]


def _screened_data(case_id: str) -> CaseScreened:
    return CaseScreened(
        case_id=case_id,
        case_title="Zonneweide",
        screened_at=NOW,
        results=[],
        overall=Verdict.PASS,
        decision_due=dt.date(2026, 3, 9),
        country=Country.NL,
    )


async def _planned(intake: Intake, capacity: int = 2, **extra: object) -> str:
    cohort = factories.cohort(capacity=capacity, **extra)
    await _deliver(intake, _event(CohortPlanned(cohort=cohort)))
    return cohort.cohort_id


async def test_accepting_a_case_into_a_known_cohort_owes_case_accepted() -> None:
    intake = intake_on_twin()
    cohort_id = await _planned(intake)
    submitted = await submit_case(_submission(), "api", intake)
    case = await accept_case(submitted.case_id, cohort_id, "Past goed", "Anna", intake)
    assert case.status.value == "accepted"
    accepted = await owed_data(intake.cases, submitted.case_id, "case.accepted")
    assert [data["cohort_id"] for data in accepted] == [cohort_id]


async def test_deciding_on_an_unknown_case_says_so() -> None:
    intake = intake_on_twin()
    with pytest.raises(CaseNotFound):
        await accept_case("nope", "leercase-2026-2", "", "Anna", intake)


async def test_rejecting_a_case_owes_case_rejected_with_the_alternatives() -> None:
    intake = intake_on_twin()
    submitted = await submit_case(_submission(), "api", intake)
    await reject_case(submitted.case_id, "Te vroeg", ["adviesgesprek"], "Anna", intake)
    [rejected] = await owed_data(intake.cases, submitted.case_id, "case.rejected")
    assert [a["code"] for a in rejected["alternatives"]] == ["adviesgesprek"]


async def test_a_reissued_owner_link_replaces_the_old_one_and_a_revoked_one_opens_nothing() -> None:
    intake = intake_on_twin()
    submitted = await submit_case(_submission(), "api", intake)
    assert submitted.owner_token is not None
    fresh = await issue_owner_link(submitted.case_id, intake)
    assert (
        await intake.cases.by_owner_token_hash(hash_capability_token(submitted.owner_token)) is None
    )
    assert await intake.cases.by_owner_token_hash(hash_capability_token(fresh)) is not None
    await revoke_owner_link(submitted.case_id, "Anna", intake)
    assert await intake.cases.by_owner_token_hash(hash_capability_token(fresh)) is None


async def test_registrations_enrol_up_to_capacity_then_waitlist_and_a_withdrawal_promotes() -> None:
    intake = intake_on_twin()
    cohort_id = await _planned(intake, capacity=2, format=ProgrammeFormat.LEERGANG)
    outcomes = [
        (await register(cohort_id, factories.participant(n), intake)).outcome for n in (1, 2, 3)
    ]
    assert outcomes == ["enrolled", "enrolled", "waitlisted"]
    await withdraw(cohort_id, "p-1", intake)
    stored = await intake.cohorts.get(cohort_id)
    assert stored is not None and stored.state.is_enrolled("p-3")
    assert (await owed(intake.cohorts, cohort_id)).count("participant.enrolled") == 3


async def test_a_redelivered_registration_enrols_the_person_once() -> None:
    intake = intake_on_twin()
    cohort_id = await _planned(intake, format=ProgrammeFormat.LEERGANG)
    event = _event(
        ParticipantRegistered(
            cohort_id=cohort_id, participant=factories.participant(1), registered_at=NOW
        ),
        ELSEWHERE,
    )
    await _deliver(intake, event)
    await _deliver(intake, event)
    assert (await owed(intake.cohorts, cohort_id)).count("participant.enrolled") == 1
    withdrawal = _event(
        ParticipantWithdrawn(cohort_id=cohort_id, participant_id="p-1", withdrawn_at=NOW), ELSEWHERE
    )
    await _deliver(intake, withdrawal)
    stored = await intake.cohorts.get(cohort_id)
    assert stored is not None and not stored.state.is_enrolled("p-1")


async def test_a_registration_for_a_cohort_not_yet_known_is_retried_not_dropped() -> None:
    intake = intake_on_twin()
    with pytest.raises(UnknownCohort):
        await register("not-yet", factories.participant(1), intake)


async def test_more_capacity_in_cohort_updated_moves_the_first_waiting_person_up() -> None:
    intake = intake_on_twin()
    cohort_id = await _planned(intake, capacity=1, format=ProgrammeFormat.LEERGANG)
    for n in (1, 2):
        await register(cohort_id, factories.participant(n), intake)
    bigger = factories.cohort(capacity=2, format=ProgrammeFormat.LEERGANG)
    await _deliver(intake, _event(CohortUpdated(cohort=bigger)))
    stored = await intake.cohorts.get(cohort_id)
    assert stored is not None and stored.state.is_enrolled("p-2")


async def test_a_case_accepted_into_a_round_gets_the_learners_staff_did_not_place() -> None:
    intake = intake_on_twin()
    cohort_id = await _planned(intake, capacity=4)
    for n in (1, 2):
        await register(cohort_id, factories.participant(n), intake)
    submitted = await submit_case(_submission(), "api", intake)
    await accept_case(submitted.case_id, cohort_id, "", "Anna", intake)
    [accepted] = await owed_data(intake.cases, submitted.case_id, "case.accepted")
    event = _event(CaseAccepted.model_validate(accepted), SOURCE, submitted.case_id)
    await _deliver(intake, event)
    await _deliver(intake, event)
    stored = await intake.cohorts.get(cohort_id)
    assert stored is not None
    assigned = await owed_data(intake.cohorts, cohort_id, "participant.assigned")
    assert {data["participant"]["participant_id"] for data in assigned} == {"p-1", "p-2"}
    moved = await assign(cohort_id, "p-1", None, intake)
    assignment = moved.assignment_of("p-1")
    assert assignment is not None and assignment.case_id is None and assignment.by_staff


async def test_a_stale_cohort_updated_neither_reopens_a_cancelled_cohort_nor_adds_places() -> None:
    intake = intake_on_twin()
    cohort_id = await _planned(intake, capacity=1, format=ProgrammeFormat.LEERGANG)
    for n in (1, 2):
        await register(cohort_id, factories.participant(n), intake)
    cancelled = factories.cohort(
        capacity=1, format=ProgrammeFormat.LEERGANG, cancelled=True, version=3
    )
    stale = factories.cohort(capacity=2, format=ProgrammeFormat.LEERGANG, version=2)
    await _deliver(intake, _event(CohortUpdated(cohort=cancelled)))
    await _deliver(intake, _event(CohortUpdated(cohort=stale)))
    stored = await intake.cohorts.get(cohort_id)
    assert stored is not None and stored.state.cohort.cancelled
    assert stored.state.cohort.capacity == 1 and not stored.state.is_enrolled("p-2")


async def test_a_withdrawal_that_overtook_its_registration_leaves_the_person_not_enrolled() -> None:
    intake = intake_on_twin()
    cohort_id = await _planned(intake, format=ProgrammeFormat.LEERGANG)
    later = NOW + dt.timedelta(minutes=5)
    withdrawal = ParticipantWithdrawn(cohort_id=cohort_id, participant_id="p-1", withdrawn_at=later)
    registration = ParticipantRegistered(
        cohort_id=cohort_id, participant=factories.participant(1), registered_at=NOW
    )
    await _deliver(intake, _event(withdrawal, ELSEWHERE))
    await _deliver(intake, _event(registration, ELSEWHERE))
    stored = await intake.cohorts.get(cohort_id)
    assert stored is not None and not stored.state.is_enrolled("p-1")
    assert "participant.enrolled" not in await owed(intake.cohorts, cohort_id)
    again = registration.model_copy(update={"registered_at": later + dt.timedelta(days=1)})
    await _deliver(intake, _event(again, ELSEWHERE))
    stored = await intake.cohorts.get(cohort_id)
    assert stored is not None and stored.state.is_enrolled("p-1")


async def test_a_burst_of_submissions_naming_one_address_mails_it_only_a_few_receipts() -> None:
    import dataclasses

    from services.intake.service_layer.submissions import TooManyForAddress

    clock = ManualClock(NOW)
    intake = dataclasses.replace(intake_on_twin(clock), owner_submissions_per_hour=3)
    burst = [_submission() for _ in range(3)]
    for submission in burst:
        assert (await submit_case(submission, "api", intake)).created
    shouted = _submission().model_copy(
        update={"owner": factories.owner(email="Anne.DeVries@example.nl")}
    )
    with pytest.raises(TooManyForAddress):  # the same mailbox, whatever its capitals
        await submit_case(shouted, "formulier", intake)
    other = _submission().model_copy(update={"owner": factories.owner(email="kees@example.nl")})
    assert (await submit_case(other, "api", intake)).created, "another address is not held up"
    cases, _ = await intake.cases.listed(CaseListQuery(), NOW.date())
    assert len(cases) == 4, "the refused one stored nothing, so nobody mails a receipt for it"
    clock.advance(dt.timedelta(hours=1, seconds=1))
    assert (await submit_case(_submission(), "api", intake)).created, "an hour later: welcome"


@pytest.mark.parametrize("others", [0, 4], ids=["from-the-address-read", "address-read-cut"])
async def test_the_same_owner_and_title_within_the_day_is_hinted_with_the_latest_case(
    others: int,
) -> None:
    import dataclasses

    clock = ManualClock(NOW)
    intake = dataclasses.replace(intake_on_twin(clock), owner_submissions_per_hour=3)
    first = await submit_case(_submission(), "api", intake)
    clock.advance(dt.timedelta(hours=2))  # past the hourly limit's window, within the day
    latest = await submit_case(_submission(), "api", intake)
    for n in range(others):  # newer cases of the address push the duplicate out of that read
        clock.advance(dt.timedelta(hours=1))
        titled = factories.description().model_copy(update={"title": f"Andere case {n}"})
        await submit_case(_submission().model_copy(update={"case": titled}), "api", intake)
    clock.advance(dt.timedelta(hours=2))
    again = await submit_case(_submission(), "api", intake)
    stored = await intake.cases.get(again.case_id)
    assert stored is not None and stored.state.possible_duplicate is not None
    assert stored.state.possible_duplicate.case_id == latest.case_id != first.case_id
    unrelated = factories.description().model_copy(update={"title": "Iets anders"})
    fresh = await submit_case(_submission().model_copy(update={"case": unrelated}), "api", intake)
    fresh_case = await intake.cases.get(fresh.case_id)
    assert fresh_case is not None and fresh_case.state.possible_duplicate is None
