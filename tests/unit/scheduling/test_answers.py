"""Every staff route answers a refusal the same way: 422 naming fields, 404, 409, never a 500."""

import pytest
from fastapi import HTTPException
from fastapi.exceptions import RequestValidationError

from services.scheduling.domain.consultation import AnswerRefused
from services.scheduling.domain.errors import InvalidInput, PlanningError
from services.scheduling.entrypoints.consultation_api import fields_named
from services.scheduling.entrypoints.errors import answered
from services.scheduling.service_layer.changes import NotFound

pytestmark = pytest.mark.unit


async def _raising(error: Exception) -> str:
    raise error


async def test_a_result_passes_through() -> None:
    async def result() -> str:
        return "ok"

    assert await answered(result()) == "ok"


async def test_invalid_input_is_a_422_naming_the_field() -> None:
    """Once unhandled on cancel and on the cohort's reads (a 500); now a 422 on every route."""
    with pytest.raises(RequestValidationError) as raised:
        await answered(_raising(InvalidInput([("starts_at", "geen werkdag")])))
    assert raised.value.errors() == [
        {"loc": ("body", "starts_at"), "msg": "geen werkdag", "type": "value_error"}
    ]


async def test_not_found_is_a_404_with_the_reason_or_the_route_s_words() -> None:
    with pytest.raises(HTTPException) as raised:
        await answered(_raising(NotFound("geen sessie s1 in case c1")))
    assert (raised.value.status_code, raised.value.detail) == (404, "geen sessie s1 in case c1")
    with pytest.raises(HTTPException) as raised:
        await answered(_raising(NotFound("x")), "Cohort c bestaat niet.")
    assert (raised.value.status_code, raised.value.detail) == (404, "Cohort c bestaat niet.")


async def test_a_planning_refusal_is_a_409_with_the_reason_staff_read() -> None:
    """Once unhandled when a cohort's reads or a booking met it (a 500); now a 409 everywhere."""
    with pytest.raises(HTTPException) as raised:
        await answered(_raising(PlanningError("Dit traject is afgesloten.")))
    assert (raised.value.status_code, raised.value.detail) == (409, "Dit traject is afgesloten.")


async def test_other_errors_are_not_swallowed() -> None:
    with pytest.raises(ValueError):
        await answered(_raising(ValueError("bug")))


async def test_a_refused_date_answer_is_a_422_naming_its_field_not_a_409() -> None:
    """AnswerRefused is a PlanningError; the consultation route names its field instead."""
    refusal = AnswerRefused("person_id", "Alleen de case-eigenaar en de deskundige antwoorden.")
    with pytest.raises(RequestValidationError) as raised:
        await answered(fields_named(_raising(refusal)))
    assert [e["loc"] for e in raised.value.errors()] == [("body", "person_id")]
