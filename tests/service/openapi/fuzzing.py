"""What every service's OpenAPI fuzz test shares: its schema, the example budget and the checks."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis import BaseSchema, Case, CheckContext, Response
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
)

from tests.service.openapi.apps import SERVICES, STAFF, Infrastructure

EXAMPLES = int(os.environ.get("SCHEMATHESIS_EXAMPLES", "10"))
_OFFLINE = Infrastructure("", "amqp://nobody@127.0.0.1:1/", "mongodb://127.0.0.1:1", 1)


def schema_of(service: str) -> BaseSchema:
    """The service's OpenAPI document, from an app that is built but never started."""
    return schemathesis.openapi.from_dict(SERVICES[service](_OFFLINE).openapi())


def names_field_and_reason(ctx: CheckContext, response: Response, case: Case[Any]) -> bool | None:
    """A JSON 422 says which field is wrong and why: `{"detail": [{"field", "reason"}]}`."""
    content_type = response.headers.get("content-type", [""])[0]
    if response.status_code != 422 or "json" not in content_type:
        return None
    detail: Any = response.json().get("detail")
    assert isinstance(detail, list) and detail, f"422 without a list of field errors: {detail!r}"
    for error in detail:
        assert isinstance(error.get("field"), str) and error["field"], f"no field: {error!r}"
        assert isinstance(error.get("reason"), str) and error["reason"], f"no reason: {error!r}"
    return True


AUTHENTICATED_CHECKS = [
    not_a_server_error,
    names_field_and_reason,
    response_schema_conformance,
    content_type_conformance,
    response_headers_conformance,
]


def call_twice(case: Case[Any], base_url: str) -> None:
    """Anonymous requests are refused without a 5xx; with a staff token the handlers run and
    their answers must match the document. Not checked: status codes the document leaves out
    (401, 404, 409 ...), lax coercion (`0` for `false`), refusals of schema-valid input by a
    rule, and Starlette's `Allow` header on a 405."""
    anonymous = case.call(base_url=base_url)
    case.validate_response(anonymous, checks=[not_a_server_error, names_field_and_reason])
    answered = case.call(base_url=base_url, headers=STAFF)
    case.validate_response(answered, checks=AUTHENTICATED_CHECKS, headers=STAFF)


def fuzz(schema: BaseSchema) -> Callable[[Callable[..., None]], Any]:
    """One test per operation, each with a bounded, repeatable number of examples."""

    def decorate(test: Callable[..., None]) -> Any:
        bounded = settings(
            max_examples=EXAMPLES,
            derandomize=True,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        return bounded(schema.parametrize()(test))

    return decorate
