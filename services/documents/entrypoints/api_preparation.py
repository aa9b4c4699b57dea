"""Preparation over HTTP: questions for the owner, the questionnaire, the briefing, agendas."""

# No `from __future__ import annotations`: FastAPI must see the local `...Dep` aliases.
from typing import Annotated, Any

from fastapi import APIRouter, Depends, status
from pydantic import BaseModel, Field

from services.documents.domain.preparation import Answer, OwnerQuestion, QuestionnaireResponse
from services.documents.domain.questionnaires import questionnaire_for
from services.documents.entrypoints.auth import Caller
from services.documents.entrypoints.context import ApiContext
from services.documents.service_layer.links import links
from services.documents.service_layer.preparing import (
    answer_questionnaire,
    ask_owner,
    briefing_of,
    regenerate_agenda,
)


class QuestionIn(BaseModel):
    text: str = Field(min_length=1, max_length=2_000)


class AnswersIn(BaseModel):
    answers: dict[str, Answer] = Field(max_length=50)


NOT_ADMITTED = "deze case is (nog) niet toegelaten"


def preparation_router(ctx: ApiContext) -> APIRouter:
    router = APIRouter(prefix="/api/cases/{case_id}", tags=["preparation"])
    ReaderDep = Annotated[Caller, Depends(ctx.reader)]  # noqa: N806 - a type alias
    WriterDep = Annotated[Caller, Depends(ctx.writer)]  # noqa: N806 - a type alias

    @router.post("/questions", status_code=status.HTTP_201_CREATED)
    async def ask(case_id: str, question: QuestionIn, caller: WriterDep) -> dict[str, Any]:
        """A participant's question for the owner, for the clarification session's agenda."""
        asked = OwnerQuestion(
            participant=caller.name, text=question.text, asked_at=ctx.events.now()
        )
        state = await ask_owner(case_id, asked, ctx)
        return {"questions": len(state.questions)}

    @router.get("/questions")
    async def questions(case_id: str, _: ReaderDep) -> list[dict[str, Any]]:
        return [
            q.model_dump(mode="json")
            for q in (await ctx.opened_file(case_id, NOT_ADMITTED)).questions
        ]

    @router.get("/questionnaire")
    async def questionnaire(case_id: str, _: ReaderDep) -> dict[str, Any]:
        """The preparation questions of this case's programme."""
        return questionnaire_for((await ctx.opened_file(case_id, NOT_ADMITTED)).format).model_dump(
            mode="json"
        )

    @router.put("/questionnaire/answers")
    async def answer(case_id: str, body: AnswersIn, caller: WriterDep) -> dict[str, Any]:
        """The caller's own answers; sending them again replaces the earlier ones."""
        response = QuestionnaireResponse(
            participant_id=caller.name,
            participant_name=caller.name,
            answers=body.answers,
            submitted_at=ctx.events.now(),
        )
        state = await answer_questionnaire(case_id, response, ctx)
        return {"respondents": len(state.responses)}

    @router.get("/briefing")
    async def briefing(case_id: str, _: ReaderDep) -> dict[str, Any]:
        """The answers summarised per question, for the coaches."""
        return briefing_of(await ctx.opened_file(case_id, NOT_ADMITTED)).model_dump(mode="json")

    @router.post("/agendas/{step}", status_code=status.HTTP_201_CREATED)
    async def agenda(case_id: str, step: int, _: WriterDep) -> dict[str, Any]:
        """Make the step's agenda again with the questions and answers collected so far."""
        outcome = await regenerate_agenda(case_id, step, ctx)
        version = outcome.records[0].version if outcome.records else 0
        return {"version": version, "downloads": links(ctx.links.base_url, outcome.records)}

    return router
