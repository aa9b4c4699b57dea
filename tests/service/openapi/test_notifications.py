"""Notifications's OpenAPI document under schemathesis: no 5xx, bad input a 422 naming the field."""

from __future__ import annotations

from typing import Any

import pytest
from schemathesis import Case

from tests.service.openapi.fuzzing import call_twice, fuzz, schema_of

SERVICE = "notifications"
pytestmark = pytest.mark.service


@fuzz(schema_of(SERVICE))
def test_notifications_api(case: Case[Any], service_url: str) -> None:
    call_twice(case, service_url)
