"""Preparation: participants' questions for the owner, questionnaires, the coaches' briefing."""

from __future__ import annotations

import datetime as dt

from services.documents.domain.case_files import CaseFile
from services.documents.domain.errors import DocumentsError
from services.documents.domain.preparation import (
    Briefing,
    OwnerQuestion,
    QuestionnaireResponse,
    add_owner_question,
    answer_owner_question,
    submit_response,
    summarise,
)
from services.documents.domain.questionnaires import questionnaire_for
from services.documents.service_layer.context import Documents
from services.documents.service_layer.deliveries import CaseNotFound
from services.documents.service_layer.lifecycle import agenda_job
from services.documents.service_layer.producing import Outcome

CLARIFICATION_STEP = 2
# Before scheduling has planned the trajectory, questions are open without a deadline.
_NO_DEADLINE = dt.datetime.max.replace(tzinfo=dt.UTC)


class NoSuchSession(DocumentsError):
    """The trajectory has no session with this step (yet)."""


def _accepted(current: CaseFile | None) -> CaseFile:
    if current is None or current.approach is None:
        raise CaseNotFound("deze case is (nog) niet toegelaten")
    return current


def _clarification_starts(state: CaseFile) -> dt.datetime:
    if state.trajectory is None:
        return _NO_DEADLINE
    starts = [s.starts_at for s in state.trajectory.sessions if s.step == CLARIFICATION_STEP]
    return min(starts, default=_NO_DEADLINE)


async def ask_owner(case_id: str, question: OwnerQuestion, docs: Documents) -> CaseFile:
    """Collected until the clarification session starts; they go into its agenda."""

    def decide(current: CaseFile | None) -> Outcome[CaseFile]:
        state = _accepted(current)
        questions = add_owner_question(state.questions, question, _clarification_starts(state))
        return Outcome(state.model_copy(update={"questions": questions}))

    outcome = await docs.producer.run(case_id, decide)
    assert outcome is not None
    return outcome.state


async def answer_questionnaire(
    case_id: str, response: QuestionnaireResponse, docs: Documents
) -> CaseFile:
    """A participant's answers; answering again replaces the earlier answers."""

    def decide(current: CaseFile | None) -> Outcome[CaseFile]:
        state = _accepted(current)
        questionnaire = questionnaire_for(state.format)
        responses = submit_response(questionnaire, state.responses, response)
        return Outcome(state.model_copy(update={"responses": responses}))

    outcome = await docs.producer.run(case_id, decide)
    assert outcome is not None
    return outcome.state


def briefing_of(state: CaseFile) -> Briefing:
    """The answers per question, for the coaches before the dialogue session."""
    return summarise(questionnaire_for(state.format), state.responses)


async def regenerate_agenda(case_id: str, step: int, docs: Documents) -> Outcome[CaseFile]:
    """A coach freezes the agenda with what was collected so far, as a new version."""

    def decide(current: CaseFile | None) -> Outcome[CaseFile]:
        state = _accepted(current)
        if state.trajectory is None or all(s.step != step for s in state.trajectory.sessions):
            raise NoSuchSession(f"er is geen sessie voor stap {step}")
        return Outcome(state, [agenda_job(state, step)])

    outcome = await docs.producer.run(case_id, decide)
    assert outcome is not None
    return outcome


def own_response(state: CaseFile, person_id: str) -> QuestionnaireResponse | None:
    """One learner's answers, for their own page; never another learner's."""
    return next((r for r in state.responses if r.participant_id == person_id), None)


async def answer_question(
    case_id: str, number: int, answer: str, at: dt.datetime, docs: Documents
) -> CaseFile:
    """The owner's answer; it reaches the agenda and the coaches' briefing made after it."""

    def decide(current: CaseFile | None) -> Outcome[CaseFile]:
        state = _accepted(current)
        questions = answer_owner_question(state.questions, number, answer, at)
        return Outcome(state.model_copy(update={"questions": questions}))

    outcome = await docs.producer.run(case_id, decide)
    assert outcome is not None
    return outcome.state
