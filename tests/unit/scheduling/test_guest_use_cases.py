"""Intake's guest lists on the in-memory twin: a guest is invited to that one session only, taken
off again by a newer list, and an older list that arrives late changes nothing."""

from __future__ import annotations

import datetime as dt

import pytest

from services.scheduling.domain.cohorts import NewCohort
from services.scheduling.entrypoints.messaging import event_handlers
from services.scheduling.service_layer import cohorts
from services.scheduling.service_layer.context import Scheduling
from shared.clock import ManualClock
from shared.contracts.documents import FinalDelivered
from shared.contracts.intake import (
    CaseAccepted,
    Guest,
    Participant,
    ParticipantEnrolled,
    SessionGuestsUpdated,
)
from shared.contracts.scheduling import SessionInfo
from shared.people import PersonKind, owner_id, participant_id, person_id
from tests.support.twins import owed_data
from tests.unit.scheduling.twin import (
    START,
    accepted,
    delivery,
    from_intake,
    leercase,
    scheduling_on_twin,
)

pytestmark = pytest.mark.unit

JET = Guest(name="Jet Jurist", email="jet@example.org", invited_by=participant_id("p1"))
BEA = Guest(name="Bea Buurt", email="bea@example.org", invited_by=owner_id("c1"))
JET_ID = person_id(PersonKind.GUEST, "jet@example.org")
BEA_ID = person_id(PersonKind.GUEST, "bea@example.org")


def _atelier() -> NewCohort:
    return NewCohort.model_validate(
        {
            "cohort_id": "la-2026",
            "format": "leeratelier",
            "title": "Leeratelier voorjaar 2026",
            "fixed_dates": ["2026-03-27", "2026-04-17", "2026-05-22", "2026-06-26"],
            "coaches": [{"name": "Tina Trainer", "email": "tina@example.org"}],
        }
    )


def _guests(
    revision: int, *listed: Guest, session_id: str, case_id: str | None = None
) -> SessionGuestsUpdated:
    return SessionGuestsUpdated(
        cohort_id="lc-2026-03" if case_id else "la-2026",
        case_id=case_id,
        session_id=session_id,
        guests=list(listed),
        revision=revision,
        updated_at=START,
    )


async def _deliver(ctx: Scheduling, data: SessionGuestsUpdated) -> None:
    await event_handlers(ctx)[SessionGuestsUpdated](
        from_intake(data, data.case_id or data.cohort_id, START)
    )


def _ids(attendees: list[dict[str, str]], role: str | None = None) -> set[str]:
    return {a["person_id"] for a in attendees if role is None or a["role"] == role}


async def _atelier_with_a_learner(clock: ManualClock) -> tuple[Scheduling, list[SessionInfo]]:
    ctx = scheduling_on_twin(clock)
    await cohorts.plan_cohort(_atelier(), ctx)
    learner = Participant(participant_id="p1", name="Leerling 1", email="p1@example.org")
    enrolled = ParticipantEnrolled(cohort_id="la-2026", participant=learner, enrolled_at=START)
    await event_handlers(ctx)[ParticipantEnrolled](from_intake(enrolled, "la-2026", START))
    run = await cohorts.cohort_run("la-2026", ctx)
    return ctx, list(run.sessions)


async def test_a_guest_is_invited_to_round_four_only_and_uninvited_when_taken_off() -> None:
    ctx, sessions = await _atelier_with_a_learner(ManualClock(START))
    assert [s.guest_limit for s in sessions] == [0, 0, 0, 24]
    round_four = sessions[3].session_id
    before = len(await owed_data(ctx.cohorts, "la-2026", "session.attendees_changed"))

    await _deliver(ctx, _guests(1, JET, session_id=round_four))
    [invited] = (await owed_data(ctx.cohorts, "la-2026", "session.attendees_changed"))[before:]
    assert invited["session"]["session_id"] == round_four
    assert _ids(invited["added"]) == {JET_ID}
    assert _ids(invited["session"]["attendees"], "guest") == {JET_ID}

    await _deliver(ctx, _guests(2, session_id=round_four))
    await _deliver(ctx, _guests(1, JET, session_id=round_four))  # late and older: ignored
    changes = await owed_data(ctx.cohorts, "la-2026", "session.attendees_changed")
    [removed] = changes[before + 1 :]
    assert _ids(removed["removed"]) == {JET_ID}
    run = await cohorts.cohort_run("la-2026", ctx)
    assert all(a.person_id != JET_ID for s in run.sessions for a in s.attendees)


async def test_a_redelivered_guest_list_invites_nobody_twice() -> None:
    ctx, sessions = await _atelier_with_a_learner(ManualClock(START))
    event = from_intake(_guests(1, JET, session_id=sessions[3].session_id), "la-2026", START)
    before = len(await owed_data(ctx.cohorts, "la-2026", "session.attendees_changed"))
    handle = event_handlers(ctx)[SessionGuestsUpdated]
    await handle(event)
    await handle(event)
    assert len(await owed_data(ctx.cohorts, "la-2026", "session.attendees_changed")) == before + 1


async def _planned_case(clock: ManualClock) -> tuple[Scheduling, SessionInfo]:
    ctx = scheduling_on_twin(clock)
    await cohorts.plan_cohort(leercase(), ctx)
    case = from_intake(accepted("c1", "lc-2026-03", clock.now()), "c1", clock.now())
    await event_handlers(ctx)[CaseAccepted](case)
    stored = await ctx.trajectories.get("c1")
    assert stored is not None and stored.state.plan is not None
    [main] = [s for s in stored.state.plan.sessions if s.step == 3]
    return ctx, main


async def test_the_owners_betrokkenen_are_invited_to_the_main_session_of_their_case_only() -> None:
    ctx, main = await _planned_case(ManualClock(START))
    assert main.guest_limit == 10
    await _deliver(ctx, _guests(1, BEA, session_id=main.session_id, case_id="c1"))
    [invited] = await owed_data(ctx.trajectories, "c1", "session.attendees_changed")
    assert invited["case_id"] == "c1" and invited["session"]["session_id"] == main.session_id
    assert _ids(invited["added"]) == {BEA_ID}
    await _deliver(ctx, _guests(1, BEA, session_id=main.session_id, case_id="c1"))
    assert len(await owed_data(ctx.trajectories, "c1", "session.attendees_changed")) == 1


async def test_betrokkenen_before_the_case_is_planned_are_retried_not_lost() -> None:
    ctx = scheduling_on_twin(ManualClock(START))
    with pytest.raises(LookupError, match="before its trajectory"):
        await _deliver(ctx, _guests(1, BEA, session_id="c1-s3", case_id="c1"))


async def test_betrokkenen_of_a_closed_case_are_kept_but_nobody_is_invited() -> None:
    clock = ManualClock(START)
    ctx, main = await _planned_case(clock)
    final = FinalDelivered.model_validate(delivery("c1", clock.now()))
    await event_handlers(ctx)[FinalDelivered](from_intake(final, "c1", clock.now()))
    clock.advance(dt.timedelta(minutes=1))
    await _deliver(ctx, _guests(1, BEA, session_id=main.session_id, case_id="c1"))
    stored = await ctx.trajectories.get("c1")
    assert stored is not None and [g.revision for g in stored.state.guests] == [1]
    assert await owed_data(ctx.trajectories, "c1", "session.attendees_changed") == []
