"""A network meeting's topics over HTTP: intake's person page proposes and supports for members."""

# No `from __future__ import annotations`: FastAPI must see the local `...Dep` aliases.
from typing import Annotated, Any

from fastapi import APIRouter, Depends
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, Field

from services.documents.domain.meeting_topics import MeetingTopic, TopicRefused
from services.documents.entrypoints.auth import Caller
from services.documents.entrypoints.context import ApiContext
from services.documents.service_layer.topics import propose_topic, support_topic, topics_of
from shared.clock import Clock

PERSON = r"^[a-z0-9-]+$"


class TopicIn(BaseModel):
    """A member's proposal; the meeting's cohort and name come along for its file."""

    cohort_id: str = Field(min_length=1, max_length=100)
    meeting_name: str = Field(min_length=1, max_length=200)
    person_id: str = Field(min_length=1, max_length=100, pattern=PERSON)
    name: str = Field(min_length=1, max_length=200)
    title: str = Field(min_length=1, max_length=200)


class SupportIn(BaseModel):
    person_id: str = Field(min_length=1, max_length=100, pattern=PERSON)


def _body(topics: list[MeetingTopic]) -> dict[str, Any]:
    return {"topics": [t.model_dump(mode="json") for t in topics]}


def _refused(exc: TopicRefused) -> RequestValidationError:
    return RequestValidationError(
        [{"loc": ("body", exc.field), "msg": exc.reason, "type": "value_error"}]
    )


def topics_router(ctx: ApiContext, clock: Clock) -> APIRouter:
    router = APIRouter(prefix="/api/meetings/{session_id}/topics", tags=["topics"])
    ReaderDep = Annotated[Caller, Depends(ctx.reader)]  # noqa: N806 - a type alias
    WriterDep = Annotated[Caller, Depends(ctx.writer)]  # noqa: N806 - a type alias

    @router.get("")
    async def listed(session_id: str, _: ReaderDep) -> dict[str, Any]:
        """The topics, most supported first (as on the agenda)."""
        return _body(await topics_of(session_id, ctx))

    @router.post("")
    async def proposed(session_id: str, body: TopicIn, _: WriterDep) -> dict[str, Any]:
        """Propose a topic: 422 for a title proposed before or a member's fourth."""
        meeting = (session_id, body.cohort_id, body.meeting_name)
        try:
            topics = await propose_topic(clock, meeting, body.person_id, body.name, body.title, ctx)
        except TopicRefused as exc:
            raise _refused(exc) from exc
        return _body(topics)

    @router.post("/{topic_id}/support")
    async def supported(
        session_id: str, topic_id: str, body: SupportIn, _: WriterDep
    ) -> dict[str, Any]:
        """Support a topic: 422 `topic_id` when there is no such topic."""
        try:
            return _body(await support_topic(session_id, topic_id, body.person_id, ctx))
        except TopicRefused as exc:
            raise _refused(exc) from exc

    return router
