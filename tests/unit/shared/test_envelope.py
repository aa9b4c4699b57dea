"""The envelope: every way a message can be wrong is named, and a good one round-trips."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from shared.contracts.envelope import InvalidEvent, new_event, parse_event
from shared.contracts.intake import ParticipantWithdrawn
from shared.contracts.registry import ALL_EVENTS, BY_TYPE

pytestmark = pytest.mark.unit

NOW = dt.datetime(2026, 3, 9, 13, 0, tzinfo=dt.UTC)


def _good() -> bytes:
    payload = ParticipantWithdrawn(cohort_id="lc-1", participant_id="p-1", withdrawn_at=NOW)
    return new_event(payload, source="/test", subject="lc-1", now=NOW).to_json()


def test_a_valid_event_round_trips_with_its_type_and_payload() -> None:
    event = parse_event(_good(), BY_TYPE, "participant.withdrawn")
    assert event.type == "nl.samenspel.participant.withdrawn.v1"
    assert isinstance(event.data, ParticipantWithdrawn)
    assert event.data.participant_id == "p-1"
    assert event.time == NOW


def test_every_event_type_is_versioned_and_unique() -> None:
    types = [model.event_type() for model in ALL_EVENTS]
    assert len(types) == len(set(types))
    assert all(t.startswith("nl.samenspel.") and t.endswith(".v1") for t in types)


def _mutate(change: dict[str, object]) -> bytes:
    raw = json.loads(_good())
    raw.update(change)
    return json.dumps(raw).encode()


@pytest.mark.parametrize(
    ("body", "routing_key", "reason"),
    [
        (b"\xff\xfenot json", None, "not JSON"),
        (b"[1, 2]", None, "not an object"),
        (_mutate({"specversion": "0.3"}), None, "specversion"),
        (_mutate({"time": "yesterday"}), None, "time"),
        (_mutate({"type": "nl.samenspel.participant.withdrawn.v2"}), None, "unknown event type"),
        (_mutate({"data": {"cohort_id": "lc-1"}}), None, "data.participant_id"),
        (_good(), "case.submitted", "does not match"),
    ],
)
def test_a_bad_message_is_refused_with_a_reason_naming_the_problem(
    body: bytes, routing_key: str | None, reason: str
) -> None:
    with pytest.raises(InvalidEvent) as refused:
        parse_event(body, BY_TYPE, routing_key)
    assert reason in refused.value.reason
