"""Preparing sessions on the twins: questions to the owner, the questionnaire, and the agenda
each reminder brings, fed by scheduling's own timers."""

from __future__ import annotations

import datetime as dt

import pytest

from services.documents.domain.errors import InvalidAnswer
from services.documents.domain.preparation import OwnerQuestion, QuestionnaireResponse
from services.documents.service_layer.preparing import (
    NoSuchSession,
    answer_question,
    answer_questionnaire,
    ask_owner,
    own_response,
    regenerate_agenda,
)
from services.scheduling.entrypoints.messaging import event_handlers as scheduling_handlers
from services.scheduling.service_layer import timers as scheduling_timers
from services.scheduling.service_layer.cohorts import plan_cohort
from services.scheduling.service_layer.context import Scheduling
from shared.clock import ManualClock
from shared.contracts.intake import CaseAccepted
from shared.contracts.scheduling import Attendee, AttendeeRole, SessionReminderDue
from shared.people import participant_id
from tests.support.twins import hand_to, owed_data, published_by
from tests.unit.documents.twin import Documents, accepted_case, documents_on_twin
from tests.unit.scheduling import twin as scheduling

pytestmark = pytest.mark.unit


async def _planned_case() -> tuple[Documents, Scheduling, ManualClock]:
    """Case c1 accepted and planned by scheduling; documents has heard both."""
    clock = ManualClock(scheduling.START)
    ctx = scheduling.scheduling_on_twin(clock)
    documents = documents_on_twin(clock)
    await plan_cohort(scheduling.leercase(), ctx)
    event = scheduling.from_intake(accepted_case(), "c1", clock.now())
    await scheduling_handlers(ctx)[CaseAccepted](event)
    await documents.deliver(event)
    await hand_to(documents.handlers, await published_by(ctx.trajectories, "c1"))
    return documents, ctx, clock


async def test_a_reminder_brings_the_sessions_agenda_with_the_owners_questions() -> None:
    documents, ctx, clock = await _planned_case()
    question = OwnerQuestion(
        participant="Ali", text="Wie is eigenaar van de grond?", asked_at=clock.now()
    )
    await ask_owner("c1", question, documents.deps)
    clock.set(dt.datetime(2026, 3, 12, 9, 0, tzinfo=dt.UTC))  # the second session's reminder
    for due in await ctx.timers.due(clock.now()):
        await scheduling_timers.fire(due, ctx)
        await hand_to(documents.handlers, await published_by(ctx.timers, due.id))
    ready = await owed_data(documents.producer.files, "c1", "documents.ready")
    [for_session] = [r for r in ready if r.get("session_id") == "lc-2026-03-c1-s2"]
    assert [d["kind"] for d in for_session["documents"]] == ["agenda"]
    html = documents.renderers["html"].requests[-1]
    assert "Wie is eigenaar van de grond?" in str(html.context)


async def test_answers_to_the_questionnaire_go_into_the_briefing_and_a_fresh_agenda() -> None:
    documents, _ctx, clock = await _planned_case()
    response = QuestionnaireResponse(
        participant_id="p-1", participant_name="Ali", answers={}, submitted_at=clock.now()
    )
    state = await answer_questionnaire("c1", response, documents.deps)
    assert [r.participant_id for r in state.responses] == ["p-1"]
    outcome = await regenerate_agenda("c1", 3, documents.deps)
    assert {r.kind for r in outcome.records} == {"agenda-step-3"}
    with pytest.raises(NoSuchSession):
        await regenerate_agenda("c1", 9, documents.deps)


async def test_the_coaches_briefing_before_the_main_session_has_answers_questions_and_replies() -> (
    None
):
    documents, ctx, clock = await _planned_case()
    answers = {"kern": "Draagvlak bij de buren", "bereik": ["Via sleutelfiguren"]}
    response = QuestionnaireResponse(
        participant_id="participant-1", participant_name="Ali", answers=answers,
        submitted_at=clock.now(),
    )  # fmt: skip
    await answer_questionnaire("c1", response, documents.deps)
    asked = OwnerQuestion(participant="Ali", text="Wie beslist?", asked_at=clock.now())
    await ask_owner("c1", asked, documents.deps)
    state = await answer_question("c1", 1, "De raad.", clock.now(), documents.deps)
    assert own_response(state, "participant-1") == response
    assert own_response(state, "participant-2") is None
    with pytest.raises(InvalidAnswer):
        await answer_question("c1", 2, "Nee", clock.now(), documents.deps)

    for _day in range(70):  # day by day through the trajectory, each session's reminder in time
        clock.advance(dt.timedelta(days=1))
        for due in await ctx.timers.due(clock.now()):
            await scheduling_timers.fire(due, ctx)
            if due.id.startswith("reminder:"):
                await hand_to(documents.handlers, await published_by(ctx.timers, due.id))
    ready = await owed_data(documents.producer.files, "c1", "documents.ready")
    briefings = [d for r in ready for d in r["documents"] if d["kind"] == "briefing"]
    assert len(briefings) == 1 and briefings[0]["for_roles"] == ["coach"]
    html = next(r for r in documents.renderers["html"].requests if r.template == "briefing")
    text = str(html.context)
    assert "Draagvlak bij de buren" in text and "Wie beslist?" in text and "De raad." in text


def _learner(n: int) -> Attendee:
    return Attendee(
        person_id=participant_id(f"lc-{n}"),
        name=f"Deelnemer {n}",
        email=f"lc{n}@gemeente.example",
        role=AttendeeRole.PARTICIPANT,
    )


async def test_learners_without_a_preparation_are_reminded_before_the_clarification_session() -> (
    None
):
    documents, ctx, clock = await _planned_case()
    ali, bo = _learner(1), _learner(2)
    response = QuestionnaireResponse(
        participant_id=ali.person_id or "", participant_name=ali.name, answers={},
        submitted_at=clock.now(),
    )  # fmt: skip
    await answer_questionnaire("c1", response, documents.deps)
    for _day in range(70):  # every session's reminder, each with the case's two learners
        clock.advance(dt.timedelta(days=1))
        for due in await ctx.timers.due(clock.now()):
            await scheduling_timers.fire(due, ctx)
            for event in await published_by(ctx.timers, due.id):
                if isinstance(event.data, SessionReminderDue):
                    session = event.data.session
                    attendees = [*session.attendees, ali, bo]
                    data = event.data.model_copy(
                        update={"session": session.model_copy(update={"attendees": attendees})}
                    )
                    event = event.model_copy(update={"data": data})
                await hand_to(documents.handlers, [event])
    [reminder] = await owed_data(documents.producer.files, "c1", "preparation.reminder_due")
    assert [a["email"] for a in reminder["team"]] == [bo.email]  # Ali filled it in
    assert reminder["session_name"].startswith("Verhelderingssessie")
    assert reminder["case_title"] == "Zonneweide c1"
