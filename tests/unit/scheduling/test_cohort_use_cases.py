"""Cohort runs on the in-memory twin, fed by intake's own events: who is invited to what."""

from __future__ import annotations

import datetime as dt

import pytest

from services.intake.domain.teams import TeamDraft
from services.intake.entrypoints.messaging import event_handlers as intake_handlers
from services.intake.service_layer.context import Intake
from services.intake.service_layer.enrolments import assign, register, withdraw
from services.intake.service_layer.teams import save_team
from services.scheduling.domain.bookings import BookingRefused
from services.scheduling.domain.cohorts import CohortChange, NewCohort
from services.scheduling.entrypoints.messaging import event_handlers
from services.scheduling.service_layer import bookings, cohorts, run_changes
from services.scheduling.service_layer.context import Scheduling
from services.scheduling.service_layer.runs import HORIZON
from shared.clock import ManualClock
from shared.contracts.base import Contact, EventData
from shared.contracts.envelope import CloudEvent
from shared.contracts.intake import CaseAccepted, ContentExpertNamed
from tests.support.twins import hand_to, owed, owed_data, published_by
from tests.unit.intake import factories
from tests.unit.intake.twin import intake_on_twin
from tests.unit.scheduling.twin import (
    COACHES,
    START,
    accepted,
    from_intake,
    leercase,
    pending,
    scheduling_on_twin,
)

pytestmark = pytest.mark.unit


def _leergang(**extra: object) -> NewCohort:
    return NewCohort.model_validate(
        {
            "cohort_id": "lg-2026",
            "format": "leergang",
            "title": "Leergang voorjaar 2026",
            "start_date": dt.date(2026, 3, 10),
            "capacity": 2,
            "location": "Utrecht, Stadskantoor",
            **extra,
        }
    )


async def _with_intake(
    ctx: Scheduling, cohort_id: str
) -> tuple[Intake, list[CloudEvent[EventData]]]:
    """Intake learns of the cohort from scheduling's own `cohort.planned`."""
    intake = intake_on_twin(ManualClock(START))
    planned = await published_by(ctx.cohorts, cohort_id, "cohort.planned")
    await hand_to(intake_handlers(intake), planned)
    return intake, planned


def _attendee_emails(data: dict[str, object]) -> set[str]:
    session = data["session"]
    assert isinstance(session, dict)
    return {a["email"] for a in session["attendees"]}


async def test_a_learner_enrolled_in_intake_is_invited_to_every_leergang_day_once() -> None:
    clock = ManualClock(START)
    ctx = scheduling_on_twin(clock)
    await cohorts.plan_cohort(_leergang(), ctx)
    intake, _ = await _with_intake(ctx, "lg-2026")
    await register("lg-2026", factories.participant(1), intake)
    enrolled = await published_by(intake.cohorts, "lg-2026", "participant.enrolled")
    handlers = event_handlers(ctx)
    await hand_to(handlers, enrolled)
    await hand_to(handlers, enrolled)  # redelivered
    changes = await owed_data(ctx.cohorts, "lg-2026", "session.attendees_changed")
    invited = [c for c in changes if any(a["email"] == "deelnemer1@example.nl" for a in c["added"])]
    assert len(invited) == 4
    assert (await pending(ctx.timers)).count("session.reminder_due") == 4


async def test_a_learner_who_withdraws_is_uninvited_and_the_first_waiting_moves_in() -> None:
    ctx = scheduling_on_twin(ManualClock(START))
    await cohorts.plan_cohort(_leergang(capacity=1), ctx)
    intake, _ = await _with_intake(ctx, "lg-2026")
    for n in (1, 2):
        await register("lg-2026", factories.participant(n), intake)
    await withdraw("lg-2026", "p-1", intake)
    membership = await published_by(
        intake.cohorts,
        "lg-2026",
        "participant.enrolled",
        "participant.left",
    )
    await hand_to(event_handlers(ctx), membership)
    run = await cohorts.cohort_run("lg-2026", ctx)
    emails = {a.email for s in run.sessions for a in s.attendees}
    assert "deelnemer2@example.nl" in emails and "deelnemer1@example.nl" not in emails


async def test_a_moved_leergang_day_reaches_its_attendees_with_a_higher_sequence() -> None:
    ctx = scheduling_on_twin(ManualClock(START))
    await cohorts.plan_cohort(_leergang(), ctx)
    run = await cohorts.cohort_run("lg-2026", ctx)
    day = run.sessions[1]
    moved = await run_changes.reschedule(
        "lg-2026", day.session_id, day.starts_at + dt.timedelta(days=1), "Zaal bezet", ctx
    )
    [update] = await owed_data(ctx.cohorts, "lg-2026", "session.rescheduled")
    assert update["session"]["sequence"] == 1 == moved.sequence
    cancelled = await run_changes.cancel("lg-2026", run.sessions[2].session_id, "Ziek", ctx)
    assert cancelled.session_id == run.sessions[2].session_id
    assert "session.cancelled" in await owed(ctx.cohorts, "lg-2026")


async def test_a_cohort_change_is_announced_whole_and_a_cancelled_cohort_stops_its_reminders() -> (
    None
):
    ctx = scheduling_on_twin(ManualClock(START))
    await cohorts.plan_cohort(_leergang(), ctx)
    await cohorts.change_cohort("lg-2026", CohortChange(capacity=20), ctx)
    [updated] = await owed_data(ctx.cohorts, "lg-2026", "cohort.updated")
    assert updated["cohort"]["capacity"] == 20
    assert (await pending(ctx.timers)).count("session.reminder_due") == 4
    await cohorts.change_cohort("lg-2026", CohortChange(cancelled=True), ctx)
    assert (await pending(ctx.timers)).count("session.reminder_due") == 0
    assert [c.cohort_id for c in await cohorts.list_cohorts(None, ctx)] == ["lg-2026"]


async def test_learners_assigned_to_a_case_are_invited_to_that_case_only() -> None:
    clock = ManualClock(START)
    ctx = scheduling_on_twin(clock)
    await cohorts.plan_cohort(leercase(capacity=4), ctx)
    intake, _ = await _with_intake(ctx, "lc-2026-03")
    for n in (1, 2):
        await register("lc-2026-03", factories.participant(n), intake)
    handlers = event_handlers(ctx)
    others = [
        Contact(name="Carla Peeters", email="carla@example.org"),
        Contact(name="Dirk Smit", email="dirk@example.org"),
    ]
    for case_id, coaches in (("c1", COACHES), ("c2", others)):
        case = accepted(case_id, "lc-2026-03", clock.now(), coaches=coaches)
        event = from_intake(case, case_id, clock.now())
        await handlers[CaseAccepted](event)
        await intake_handlers(intake)[CaseAccepted](event)
    await assign("lc-2026-03", "p-1", "c1", intake)
    await hand_to(handlers, await published_by(intake.cohorts, "lc-2026-03"))
    changes = await owed_data(ctx.trajectories, "c1", "session.attendees_changed")
    assert any(a["email"] == "deelnemer1@example.nl" for c in changes for a in c["added"])
    other = await owed_data(ctx.trajectories, "c2", "session.attendees_changed")
    assert not any(a["email"] == "deelnemer1@example.nl" for c in other for a in c["added"])


async def test_e_learning_trainings_are_booked_up_to_their_capacity() -> None:
    ctx = scheduling_on_twin(ManualClock(START))
    draft = NewCohort.model_validate(
        {
            "cohort_id": "el-2026",
            "format": "e-learning",
            "title": "E-learning 2026",
            "start_date": dt.date(2026, 3, 2),
            "training_capacity": 1,
        }
    )
    await cohorts.plan_cohort(draft, ctx)
    intake, _ = await _with_intake(ctx, "el-2026")
    for n in (1, 2):
        await register("el-2026", factories.participant(n), intake)
    await hand_to(event_handlers(ctx), await published_by(intake.cohorts, "el-2026"))
    run = await cohorts.cohort_run("el-2026", ctx)
    training = next(s for s in run.sessions if run.live(s))
    booked = await bookings.book("el-2026", "p-1", training.session_id, ctx)
    assert [b.participant_id for b in booked.bookings] == ["p-1"]
    with pytest.raises(BookingRefused):
        await bookings.book("el-2026", "p-2", training.session_id, ctx)
    after = await bookings.cancel("el-2026", "p-1", ctx)
    assert after.bookings == []


async def test_a_teams_mentor_is_invited_to_every_leergang_day() -> None:
    ctx = scheduling_on_twin(ManualClock(START))
    await cohorts.plan_cohort(_leergang(), ctx)
    intake, _ = await _with_intake(ctx, "lg-2026")
    await register("lg-2026", factories.participant(1), intake)
    mentor = Contact(name="Mieke Mentor", email="mieke@example.nl")
    await save_team("lg-2026", TeamDraft(name="Team Noord", mentor=mentor, members=["p-1"]), intake)
    membership = await published_by(intake.cohorts, "lg-2026")
    await hand_to(event_handlers(ctx), membership)
    await hand_to(event_handlers(ctx), membership)  # redelivered: invited once
    run = await cohorts.cohort_run("lg-2026", ctx)
    assert all([a.email for a in s.attendees].count("mieke@example.nl") == 1 for s in run.sessions)


async def test_a_cancelled_round_cancels_its_cases_sessions_still_to_come() -> None:
    clock = ManualClock(START)
    ctx = scheduling_on_twin(clock)
    await cohorts.plan_cohort(leercase(), ctx)
    case = from_intake(accepted("c1", "lc-2026-03", clock.now()), "c1", clock.now())
    await event_handlers(ctx)[CaseAccepted](case)
    await cohorts.change_cohort("lc-2026-03", CohortChange(cancelled=True), ctx)
    cancelled = await owed_data(ctx.trajectories, "c1", "session.cancelled")
    assert len(cancelled) == 4
    assert all("geannuleerd" in data["reason"] for data in cancelled)
    assert "session.reminder_due" not in await pending(ctx.timers)


async def test_a_content_expert_named_later_is_invited_to_the_cases_sessions() -> None:
    clock = ManualClock(START)
    ctx = scheduling_on_twin(clock)
    await cohorts.plan_cohort(leercase(), ctx)
    await event_handlers(ctx)[CaseAccepted](
        from_intake(accepted("c1", "lc-2026-03", clock.now()), "c1", clock.now())
    )
    named = ContentExpertNamed.model_validate(
        {
            "case_id": "c1",
            "case_title": "Zonneweide c1",
            "content_expert": {
                "name": "Bram Jansen",
                "role": "Adviseur",
                "email": "bram@example.nl",
            },
            "named_at": clock.now(),
        }
    )
    event = from_intake(named, "c1", clock.now())
    await event_handlers(ctx)[ContentExpertNamed](event)
    await event_handlers(ctx)[ContentExpertNamed](event)
    changes = await owed_data(ctx.trajectories, "c1", "session.attendees_changed")
    invited = [c for c in changes if any(a["email"] == "bram@example.nl" for a in c["added"])]
    assert len(invited) == 4


async def test_e_learning_trainings_are_planned_ahead_as_time_passes() -> None:
    clock = ManualClock(START)
    ctx = scheduling_on_twin(clock)
    draft = NewCohort.model_validate(
        {
            "cohort_id": "el-2026",
            "format": "e-learning",
            "title": "E-learning 2026",
            "start_date": dt.date(2026, 3, 2),
        }
    )
    await cohorts.plan_cohort(draft, ctx)
    before = len((await cohorts.cohort_run("el-2026", ctx)).sessions)
    clock.advance(dt.timedelta(days=120))
    [horizon] = [t for t in await ctx.timers.due(clock.now()) if t.state.kind == HORIZON]
    await cohorts.extend_horizon(horizon, ctx)
    after = await cohorts.cohort_run("el-2026", ctx)
    assert len(after.sessions) > before
    assert "cohort.updated" in await owed(ctx.cohorts, "el-2026")


async def test_each_announcement_of_a_cohort_carries_a_higher_version_than_the_one_before() -> None:
    ctx = scheduling_on_twin(ManualClock(START))
    await cohorts.plan_cohort(_leergang(), ctx)
    await cohorts.change_cohort("lg-2026", CohortChange(capacity=20), ctx)
    await cohorts.change_cohort("lg-2026", CohortChange(cancelled=True), ctx)
    [planned] = await owed_data(ctx.cohorts, "lg-2026", "cohort.planned")
    updates = await owed_data(ctx.cohorts, "lg-2026", "cohort.updated")
    versions = [planned["cohort"]["version"], *(u["cohort"]["version"] for u in updates)]
    assert versions == sorted(set(versions)) and len(versions) == 3
