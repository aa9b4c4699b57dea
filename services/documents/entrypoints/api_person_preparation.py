"""One learner's preparation over HTTP: intake's person page reads and saves it for them."""

# No `from __future__ import annotations`: FastAPI must see the local `...Dep` aliases.
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Path, status
from pydantic import BaseModel, Field

from services.documents.domain.preparation import Answer, OwnerQuestion, QuestionnaireResponse
from services.documents.domain.questionnaires import questionnaire_for
from services.documents.entrypoints.api_preparation import NOT_ADMITTED
from services.documents.entrypoints.auth import Caller, Role
from services.documents.entrypoints.context import ApiContext
from services.documents.service_layer.preparing import (
    answer_question,
    answer_questionnaire,
    ask_owner,
    own_response,
)

PERSON = r"^[a-z0-9-]+$"
PersonId = Annotated[str, Path(min_length=1, max_length=100, pattern=PERSON)]


class AskedIn(BaseModel):
    """A learner's question for the owner, with the learner's name for the agenda."""

    name: str = Field(min_length=1, max_length=200)
    text: str = Field(min_length=1, max_length=2_000)


class AnsweredIn(BaseModel):
    text: str = Field(min_length=1, max_length=4_000)


class PreparationIn(BaseModel):
    """The learner's name (for the coaches' briefing) and their answers per question id."""

    name: str = Field(min_length=1, max_length=200)
    answers: dict[str, Answer] = Field(max_length=50)


def _service_only(caller: Caller, reason: str) -> Caller:
    """Keyed by person: only intake's service token (a staff token), never a contributor's."""
    if caller.role is not Role.STAFF:
        raise HTTPException(status.HTTP_403_FORBIDDEN, [{"field": "token", "reason": reason}])
    return caller


OWN_PAGE = "alleen de pagina van de deelnemer zelf mag dit"


def person_preparation_router(ctx: ApiContext) -> APIRouter:
    """`GET|PUT /api/cases/<case>/preparation/<person>`: intake has checked the person."""
    router = APIRouter(prefix="/api/cases/{case_id}/preparation/{person_id}", tags=["preparation"])

    async def reader(caller: Annotated[Caller, Depends(ctx.reader)]) -> Caller:
        return _service_only(caller, OWN_PAGE)

    async def writer(caller: Annotated[Caller, Depends(ctx.writer)]) -> Caller:
        return _service_only(caller, OWN_PAGE)

    ReaderDep = Annotated[Caller, Depends(reader)]  # noqa: N806 - a type alias
    WriterDep = Annotated[Caller, Depends(writer)]  # noqa: N806 - a type alias

    @router.get("")
    async def read(case_id: str, person_id: PersonId, _: ReaderDep) -> dict[str, Any]:
        """The questionnaire and this person's own answers so far (none before the first)."""
        state = await ctx.opened_file(case_id, NOT_ADMITTED)
        mine = own_response(state, person_id)
        return {
            "questionnaire": questionnaire_for(state.format).model_dump(mode="json"),
            "answers": mine.answers if mine else {},
            "submitted_at": mine.submitted_at.isoformat() if mine else None,
        }

    @router.put("")
    async def save(
        case_id: str, person_id: PersonId, body: PreparationIn, _: WriterDep
    ) -> dict[str, Any]:
        """Save the answers; saving again replaces them. 422 names a wrong answer."""
        response = QuestionnaireResponse(
            participant_id=person_id,
            participant_name=body.name,
            answers=body.answers,
            submitted_at=ctx.events.now(),
        )
        state = await answer_questionnaire(case_id, response, ctx)
        return {"respondents": len(state.responses)}

    @router.post("/questions", status_code=status.HTTP_201_CREATED)
    async def ask(case_id: str, person_id: PersonId, body: AskedIn, _: WriterDep) -> dict[str, Any]:
        """A question for the owner until the clarification session starts (then 409)."""
        asked = OwnerQuestion(participant=body.name, text=body.text, asked_at=ctx.events.now())
        state = await ask_owner(case_id, asked, ctx)
        return {"questions": len(state.questions)}

    return router


def owner_answers_router(ctx: ApiContext) -> APIRouter:
    """`PUT /api/cases/<case>/questions/<n>/answer`: the owner's page answers, via intake."""
    router = APIRouter(prefix="/api/cases/{case_id}/questions", tags=["preparation"])
    WriterDep = Annotated[Caller, Depends(ctx.writer)]  # noqa: N806 - a type alias

    @router.put("/{number}/answer")
    async def answered(
        case_id: str,
        number: Annotated[int, Path(ge=1, le=500)],
        body: AnsweredIn,
        caller: WriterDep,
    ) -> dict[str, Any]:
        """Only intake's service token (the owner's page); 422 `answers` for no such question."""
        _service_only(caller, "alleen de pagina van de case-eigenaar mag antwoorden")
        state = await answer_question(case_id, number, body.text, ctx.events.now(), ctx)
        return {"answered": sum(1 for q in state.questions if q.answer)}

    return router
