"""The poison generator, checked by hypothesis: whatever it derives from a schema is refused."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shared.contracts.envelope import InvalidEvent, parse_event
from shared.contracts.registry import BY_TYPE
from tests.support.cases import external_case_submitted
from tests.support.poison import SCHEMAS, poison

pytestmark = pytest.mark.unit
TEMPLATE = json.loads(external_case_submitted().to_json())


@settings(max_examples=200, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), kind=st.integers(0, 5))
def test_every_generated_body_is_refused_by_the_envelope_parser(seed: int, kind: int) -> None:
    (body,) = poison(TEMPLATE, "case.submitted.v1.json", 1, seed=seed, first_kind=kind)
    with pytest.raises(InvalidEvent):
        parse_event(body, BY_TYPE, "case.submitted")


@pytest.mark.parametrize("schema", sorted(path.name for path in Path(SCHEMAS).glob("*.json")))
def test_every_published_schema_yields_paths_to_break(schema: str) -> None:
    from tests.support.poison import schema_paths

    required, typed = schema_paths(schema)
    assert required and typed
