"""Writing and delivering the approach over HTTP: sections, draft, feedback, final."""

# No `from __future__ import annotations`: FastAPI must see the local `...Dep` aliases.
from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Header, HTTPException, Query, Response, status
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, Field, TypeAdapter, ValidationError

from services.documents.domain.approach import DeliveryKind, missing_sections
from services.documents.domain.content import SectionContent
from services.documents.domain.sections import SectionKey
from services.documents.entrypoints.auth import Caller, Role
from services.documents.entrypoints.context import ApiContext
from services.documents.service_layer.deliveries import (
    edit_section,
    request_delivery,
    submit_feedback,
)
from services.documents.service_layer.links import links
from services.documents.service_layer.releases import STAFF_NAME
from shared.contracts.documents import DocumentLink, FeedbackSubmitted, SectionFeedback

_CONTENT: TypeAdapter[SectionContent] = TypeAdapter(SectionContent)


class Delivered(BaseModel):
    version: int
    kind: str
    downloads: list[DocumentLink]


class OwnerFeedback(BaseModel):
    """The owner's remarks per section (key or Dutch title) and in general."""

    on_version: int | None = Field(default=None, ge=1)
    items: list[SectionFeedback] = Field(default_factory=list, max_length=100)
    general_comment: str = Field(default="", max_length=10_000)


def _expected_version(if_match: str | None, expected_version: int | None) -> int:
    if expected_version is not None:
        return expected_version
    value = (if_match or "").strip().removeprefix("W/").strip('"')
    if not value.isdigit():
        raise RequestValidationError(
            [
                {
                    "loc": ("If-Match",),
                    "msg": "required: the section version you edited"
                    ' (e.g. "0" for a new section), or ?expected_version=',
                    "type": "missing",
                }
            ]
        )
    return int(value)


_NO_APPROACH = "er is geen participatieaanpak geopend voor deze case"


def approach_router(ctx: ApiContext) -> APIRouter:
    router = APIRouter(prefix="/api/cases/{case_id}", tags=["approach"])
    ReaderDep = Annotated[Caller, Depends(ctx.reader)]  # noqa: N806 - a type alias
    WriterDep = Annotated[Caller, Depends(ctx.writer)]  # noqa: N806 - a type alias

    @router.get("/approach")
    async def read_approach(case_id: str, _: ReaderDep) -> dict[str, Any]:
        """Every section with its version (the ETag to edit it with), what is missing, history."""
        state = await ctx.opened_file(case_id, _NO_APPROACH)
        approach = state.approach
        assert approach is not None  # opened_file answers 404 before the approach is open
        sections = [
            {
                "key": key.value,
                "heading": key.heading,
                "required": key.required,
                "version": approach.version_of(key),
                "content": (c.model_dump(mode="json") if (c := approach.content(key)) else None),
            }
            for key in SectionKey
        ]
        return {
            "case_id": case_id,
            "title": state.title,
            "sections": sections,
            "missing": missing_sections(approach),
            "deliveries": [d.model_dump(mode="json") for d in approach.deliveries],
            "feedback": [f.model_dump(mode="json") for f in approach.feedback],
            "attention": state.attention_reason or None,
        }

    @router.put("/approach/sections/{key}")
    async def put_section(
        case_id: str,
        key: SectionKey,
        caller: WriterDep,
        response: Response,
        body: Annotated[dict[str, Any], Body()],
        if_match: Annotated[str | None, Header()] = None,
        expected_version: Annotated[int | None, Query(ge=0)] = None,
    ) -> dict[str, Any]:
        """Save a section over the version you read; 409 if someone saved it meanwhile."""
        expected = _expected_version(if_match, expected_version)
        try:
            content = _CONTENT.validate_python({**body, "kind": key.value})
        except ValidationError as exc:
            raise RequestValidationError(exc.errors()) from exc
        now = ctx.events.now()
        version = await edit_section(case_id, content, expected, caller.name, now, ctx)
        response.headers["ETag"] = f'"{version}"'
        return {"key": key.value, "version": version}

    @router.post("/draft", status_code=status.HTTP_201_CREATED)
    async def post_draft(case_id: str, caller: WriterDep) -> Delivered:
        """Staff release the draft now; 422 names every section that is empty or too short."""
        return await _deliver(case_id, DeliveryKind.DRAFT, caller)

    @router.post("/final", status_code=status.HTTP_201_CREATED)
    async def post_final(case_id: str, caller: WriterDep) -> Delivered:
        """Staff release the final approach, showing what changed since the draft."""
        return await _deliver(case_id, DeliveryKind.FINAL, caller)

    async def _deliver(case_id: str, kind: DeliveryKind, caller: Caller) -> Delivered:
        if caller.role is not Role.STAFF:  # a coach releases from their page (`/release`)
            reason = "alleen een coach van de case (via de eigen pagina) of het programmabureau"
            raise HTTPException(status.HTTP_403_FORBIDDEN, [{"field": "token", "reason": reason}])
        outcome = await request_delivery(case_id, kind, STAFF_NAME, ctx)
        version = outcome.records[0].version if outcome.records else 0
        return Delivered(
            version=version, kind=kind.value, downloads=links(ctx.links.base_url, outcome.records)
        )

    @router.post(
        "/feedback", status_code=status.HTTP_202_ACCEPTED, dependencies=[Depends(ctx.owner)]
    )
    async def post_feedback(case_id: str, feedback: OwnerFeedback) -> dict[str, Any]:
        """The owner's feedback (owner link); stored per section and announced."""
        state = await ctx.opened_file(case_id, _NO_APPROACH)
        assert state.approach is not None  # opened_file answers 404 before the approach is open
        drafts = [d.version for d in state.approach.deliveries]
        on_version = feedback.on_version or (drafts[-1] if drafts else 1)
        event = FeedbackSubmitted(
            case_id=case_id,
            on_version=on_version,
            submitted_at=ctx.events.now(),
            items=feedback.items,
            general_comment=feedback.general_comment,
        )
        published = await submit_feedback(event, ctx)
        return {"case_id": case_id, "on_version": on_version, "event_id": published.id}

    return router
