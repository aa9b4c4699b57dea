"""Planning in consultation on the in-memory twin: the owner's and expert's answers per session,
and staff fixing a date that every invitee then gets as one confirmed update."""

from __future__ import annotations

import datetime as dt

import icalendar
import pytest

from services.scheduling.domain.consultation import AnswerRefused, DateAnswerKind
from services.scheduling.domain.errors import PlanningError
from services.scheduling.entrypoints.messaging import event_handlers
from services.scheduling.service_layer import changes
from services.scheduling.service_layer.cohorts import plan_cohort
from services.scheduling.service_layer.consultation import (
    NotFound,
    answer_date,
    answers_of,
    confirm_date,
)
from services.scheduling.service_layer.context import Scheduling
from shared.clock import ManualClock
from shared.contracts.documents import FinalDelivered
from shared.contracts.intake import CaseAccepted
from shared.contracts.scheduling import SessionInfo
from shared.people import content_expert_id, owner_id, participant_id
from tests.support.twins import owed_data
from tests.unit.scheduling.twin import (
    START,
    accepted,
    delivery,
    from_intake,
    leercase,
    pending,
    scheduling_on_twin,
)

pytestmark = pytest.mark.unit

EXPERT = {"name": "Dirk Deskundige", "role": "Adviseur", "email": "dirk@example.org"}
FITS, OTHER = DateAnswerKind.FITS, DateAnswerKind.OTHER_DATE


async def _planned_leercase(clock: ManualClock) -> tuple[Scheduling, list[SessionInfo]]:
    """A leercase case planned from intake's acceptance: its dates go out tentative."""
    ctx = scheduling_on_twin(clock)
    await plan_cohort(leercase(), ctx)
    event = accepted(
        "c1", "lc-2026-03", clock.now(), owner_is_content_expert=False, content_expert=EXPERT
    )
    await event_handlers(ctx)[CaseAccepted](from_intake(event, "c1", clock.now()))
    trajectory = await answers_of("c1", ctx)
    assert trajectory.plan is not None
    return ctx, list(trajectory.plan.sessions)


def _status(session: SessionInfo | dict[str, object]) -> tuple[str, int]:
    ics = session.ics if isinstance(session, SessionInfo) else session["ics"]
    assert isinstance(ics, str)
    (vevent,) = icalendar.Calendar.from_ical(ics).walk("VEVENT")
    return str(vevent["STATUS"]), int(str(vevent["SEQUENCE"]))


async def test_the_owner_and_the_expert_answer_per_session_and_a_later_answer_replaces_theirs() -> (
    None
):
    clock = ManualClock(START)
    ctx, sessions = await _planned_leercase(clock)
    assert all(s.tentative for s in sessions)
    step2 = sessions[1].session_id
    await answer_date("c1", step2, owner_id("c1"), OTHER, "  Dan ben ik op vakantie. ", ctx)
    await answer_date("c1", step2, content_expert_id("c1"), FITS, "", ctx)
    answers = await answer_date("c1", step2, owner_id("c1"), FITS, "", ctx)

    assert {(a.person_id, a.answer) for a in answers} == {
        (owner_id("c1"), FITS),
        (content_expert_id("c1"), FITS),
    }
    kept = (await answers_of("c1", ctx)).date_answers
    assert sorted(a.role.value for a in kept) == ["content_expert", "owner"]
    assert all(a.sequence == 0 and a.session_id == step2 for a in kept)
    assert await owed_data(ctx.trajectories, "c1", "session.rescheduled") == [], "no invite yet"


async def test_asking_another_date_keeps_the_reason_for_staff_until_they_act() -> None:
    clock = ManualClock(START)
    ctx, sessions = await _planned_leercase(clock)
    step2 = sessions[1].session_id
    [asked] = await answer_date("c1", step2, owner_id("c1"), OTHER, " Dan ben ik weg. ", ctx)
    assert asked.open_question and asked.reason == "Dan ben ik weg."
    assert asked.name == "Olga Eigenaar" and asked.answered_at == clock.now()


async def test_a_learner_cannot_answer_and_another_date_needs_a_reason() -> None:
    clock = ManualClock(START)
    ctx, sessions = await _planned_leercase(clock)
    step2 = sessions[1].session_id
    with pytest.raises(AnswerRefused) as learner:
        await answer_date("c1", step2, participant_id("c1-0"), FITS, "", ctx)
    assert learner.value.field == "person_id"
    with pytest.raises(AnswerRefused) as no_reason:
        await answer_date("c1", step2, owner_id("c1"), OTHER, "   ", ctx)
    assert no_reason.value.field == "reason"
    assert (await answers_of("c1", ctx)).date_answers == [], "nothing written"


async def test_a_session_that_has_begun_takes_no_answer() -> None:
    clock = ManualClock(START)
    ctx, sessions = await _planned_leercase(clock)
    clock.set(sessions[0].starts_at + dt.timedelta(minutes=5))
    with pytest.raises(AnswerRefused, match="al begonnen") as begun:
        await answer_date("c1", sessions[0].session_id, owner_id("c1"), FITS, "", ctx)
    assert begun.value.field == "session_id"


async def test_staff_confirm_a_date_and_every_invitee_gets_one_confirmed_update() -> None:
    clock = ManualClock(START)
    ctx, sessions = await _planned_leercase(clock)
    step2 = sessions[1]
    await answer_date("c1", step2.session_id, owner_id("c1"), OTHER, "Dan ben ik weg.", ctx)
    armed = await pending(ctx.timers)

    fixed = await confirm_date("c1", step2.session_id, ctx)

    assert not fixed.tentative and fixed.starts_at == step2.starts_at
    [update] = await owed_data(ctx.trajectories, "c1", "session.rescheduled")
    assert update["confirmed"] is True
    assert dt.datetime.fromisoformat(update["previous_starts_at"]) == step2.starts_at
    assert _status(update["session"]) == ("CONFIRMED", 1)
    assert {a["email"] for a in update["session"]["attendees"]} == {
        a.email for a in step2.attendees
    }
    assert "dirk@example.org" in {a.email for a in step2.attendees}
    assert (await answers_of("c1", ctx)).date_answers == [], "the question is closed"
    assert await pending(ctx.timers) == armed, "the reminders stay as they were"


async def test_a_confirmed_date_is_confirmed_once_and_takes_no_more_answers() -> None:
    clock = ManualClock(START)
    ctx, sessions = await _planned_leercase(clock)
    step2 = sessions[1].session_id
    await confirm_date("c1", step2, ctx)
    with pytest.raises(AnswerRefused, match="staat al vast"):
        await confirm_date("c1", step2, ctx)
    with pytest.raises(AnswerRefused, match="staat al vast"):
        await answer_date("c1", step2, owner_id("c1"), FITS, "", ctx)
    assert len(await owed_data(ctx.trajectories, "c1", "session.rescheduled")) == 1


async def test_a_move_closes_the_open_question_about_the_old_time() -> None:
    clock = ManualClock(START)
    ctx, sessions = await _planned_leercase(clock)
    step2 = sessions[1]
    await answer_date("c1", step2.session_id, owner_id("c1"), OTHER, "Dan ben ik weg.", ctx)
    moved = await changes.reschedule(
        "c1", step2.session_id, step2.starts_at + dt.timedelta(days=1), "Op verzoek", ctx
    )
    assert moved.tentative, "asked again at the new time"
    assert (await answers_of("c1", ctx)).date_answers == []
    [after] = await answer_date("c1", step2.session_id, owner_id("c1"), FITS, "", ctx)
    assert after.sequence == moved.sequence == 1


async def test_an_unknown_case_or_session_is_not_found_and_a_closed_trajectory_refuses() -> None:
    clock = ManualClock(START)
    ctx, sessions = await _planned_leercase(clock)
    with pytest.raises(NotFound):
        await answers_of("c404", ctx)
    with pytest.raises(NotFound):
        await answer_date("c404", sessions[1].session_id, owner_id("c404"), FITS, "", ctx)
    with pytest.raises(NotFound):
        await confirm_date("c1", "no-such-session", ctx)

    final = FinalDelivered.model_validate(delivery("c1", clock.now()))
    await event_handlers(ctx)[FinalDelivered](from_intake(final, "c1", clock.now()))
    with pytest.raises(PlanningError, match="afgesloten"):
        await answer_date("c1", sessions[1].session_id, owner_id("c1"), FITS, "", ctx)
    with pytest.raises(PlanningError, match="afgesloten"):
        await confirm_date("c1", sessions[1].session_id, ctx)
