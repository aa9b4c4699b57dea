"""The CLI's pure parts: where a dead letter came from, how old an owed event is."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from shared.messaging.dead_letter_queues import original_routing_key
from shared.messaging.outbox_lag import event_time
from tools.cli.app import parser

pytestmark = pytest.mark.unit


def test_the_routing_key_comes_from_our_header_else_from_rabbitmqs_x_death() -> None:
    assert original_routing_key({"x-samenspel-routing-key": "case.submitted"}) == "case.submitted"
    death = {"x-death": [{"reason": "delivery_limit", "routing-keys": ["case.accepted"]}]}
    assert original_routing_key(death) == "case.accepted"
    assert original_routing_key({}) == ""


def test_an_owed_events_time_is_read_from_its_stored_bytes() -> None:
    body = json.dumps({"time": "2026-03-02T09:30:00Z"})
    assert event_time({"body": body}) == dt.datetime(2026, 3, 2, 9, 30, tzinfo=dt.UTC)
    assert event_time({"body": "not json"}) is None


def test_replay_needs_a_position_or_all() -> None:
    with pytest.raises(SystemExit) as exit_info:
        parser().parse_args(["dlq", "replay", "intake"])
    assert exit_info.value.code == 2
    assert parser().parse_args(["dlq", "replay", "intake", "--all"]).all
