"""One learner's preparation over HTTP: intake's person page reads and saves it for them."""

# No `from __future__ import annotations`: FastAPI must see the local `...Dep` aliases.
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Path, status
from pydantic import BaseModel, Field

from services.documents.domain.preparation import Answer, QuestionnaireResponse
from services.documents.domain.questionnaires import questionnaire_for
from services.documents.entrypoints.auth import Caller, Role
from services.documents.entrypoints.context import ApiContext
from services.documents.service_layer.deliveries import CaseNotFound
from services.documents.service_layer.preparing import answer_questionnaire, own_response

PERSON = r"^[a-z0-9-]+$"
PersonId = Annotated[str, Path(min_length=1, max_length=100, pattern=PERSON)]


class PreparationIn(BaseModel):
    """The learner's name (for the coaches' briefing) and their answers per question id."""

    name: str = Field(min_length=1, max_length=200)
    answers: dict[str, Answer] = Field(max_length=50)


def person_preparation_router(ctx: ApiContext) -> APIRouter:
    """`GET|PUT /api/cases/<case>/preparation/<person>`: intake has checked the person."""
    router = APIRouter(prefix="/api/cases/{case_id}/preparation/{person_id}", tags=["preparation"])

    def service(caller: Caller) -> Caller:
        """Keyed by person: only intake's service token (a staff token), never a contributor."""
        if caller.role is not Role.STAFF:
            reason = "alleen de pagina van de deelnemer zelf mag dit"
            raise HTTPException(status.HTTP_403_FORBIDDEN, [{"field": "token", "reason": reason}])
        return caller

    async def reader(caller: Annotated[Caller, Depends(ctx.reader)]) -> Caller:
        return service(caller)

    async def writer(caller: Annotated[Caller, Depends(ctx.writer)]) -> Caller:
        return service(caller)

    ReaderDep = Annotated[Caller, Depends(reader)]  # noqa: N806 - a type alias
    WriterDep = Annotated[Caller, Depends(writer)]  # noqa: N806 - a type alias

    @router.get("")
    async def read(case_id: str, person_id: PersonId, _: ReaderDep) -> dict[str, Any]:
        """The questionnaire and this person's own answers so far (none before the first)."""
        stored = await ctx.producer.files.get(case_id)
        if stored is None or stored.state.approach is None:
            raise CaseNotFound("deze case is (nog) niet toegelaten")
        mine = own_response(stored.state, person_id)
        return {
            "questionnaire": questionnaire_for(stored.state.format).model_dump(mode="json"),
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
        state = await answer_questionnaire(ctx.producer, case_id, response)
        return {"respondents": len(state.responses)}

    return router
