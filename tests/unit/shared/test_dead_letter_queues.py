"""The one dead-letter module (list, show, replay, purge) on the in-memory broker twin."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest

from shared.messaging.dead_letter_queues import DeadLetterQueues, Replayed
from shared.messaging.dead_letters import AT_HEADER, REASON_HEADER, ROUTING_KEY_HEADER
from shared.messaging.letter_broker import MemoryLetter, MemoryLetterBroker
from shared.messaging.topology import Topology

pytestmark = pytest.mark.unit
TOPOLOGY = Topology("t.")
DLQ = TOPOLOGY.dead_letter_key("intake")
AT = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


def _letter(event_id: str, minutes: int, **headers: Any) -> MemoryLetter:
    body = json.dumps({"id": event_id, "type": "nl.samenspel.case.submitted.v1"}).encode()
    stamped = {
        REASON_HEADER: f"payload invalid ({event_id})",
        ROUTING_KEY_HEADER: "case.submitted",
        AT_HEADER: (AT + dt.timedelta(minutes=minutes)).isoformat(),
        "x-delivery-count": 4,
        **headers,
    }
    return MemoryLetter(body, stamped, message_id=event_id)


def _queues(
    *letters: MemoryLetter, bound: bool = True
) -> tuple[DeadLetterQueues, MemoryLetterBroker]:
    broker = MemoryLetterBroker(queues={DLQ: list(letters)})
    if bound:
        broker.bound.add(TOPOLOGY.replay_key("intake"))
    return DeadLetterQueues(broker, TOPOLOGY), broker


async def test_listing_leaves_every_letter_in_place_numbered_by_when_it_was_dead_lettered() -> None:
    queues, broker = _queues(_letter("late", 5), _letter("early", 1))
    for _ in range(2):
        listed = await queues.peek("intake")
        assert [(x.position, x.key) for x in listed] == [(1, "early"), (2, "late")]
    assert len(broker.queues[DLQ]) == 2
    assert await queues.depth("intake") == 2


async def test_a_queue_never_declared_lists_nothing_and_purges_nothing() -> None:
    queues, _ = _queues()
    assert await queues.depth("scheduling") is None
    assert await queues.peek("scheduling") == []
    assert await queues.purge("scheduling") == 0


async def test_show_finds_a_letter_by_position_or_event_id_and_says_none_otherwise() -> None:
    queues, _ = _queues(_letter("ev-1", 1), _letter("ev-2", 2))
    second = await queues.show("intake", "2")
    assert second is not None and second.key == "ev-2" and second.reason == "payload invalid (ev-2)"
    assert (await queues.show("intake", "ev-1")) is not None
    assert await queues.show("intake", "ev-9") is None


async def test_a_replay_sends_one_letter_to_its_own_service_only_and_removes_it() -> None:
    queues, broker = _queues(_letter("ev-1", 1), _letter("ev-2", 2))
    done = await queues.replay("intake", "ev-2")
    assert done.outcome is Replayed.DONE and [x.key for x in done.replayed] == ["ev-2"]
    [(exchange, key, sent)] = broker.sent
    assert (exchange, key) == (TOPOLOGY.replay_exchange, TOPOLOGY.replay_key("intake"))
    assert sent.headers[ROUTING_KEY_HEADER] == "case.submitted", "the event's own key rides along"
    assert REASON_HEADER not in sent.headers and "x-delivery-count" not in sent.headers
    assert sent.message_id == "ev-2" and sent.user_id == "operator"
    assert [x.key for x in await queues.peek("intake")] == ["ev-1"]
    assert (await queues.replay("intake", "ev-2")).outcome is Replayed.MISSING


async def test_a_replay_the_broker_returns_keeps_the_letter() -> None:
    queues, broker = _queues(_letter("ev-1", 1), bound=False)
    done = await queues.replay("intake", None)
    assert done.outcome is Replayed.UNROUTABLE and done.replayed == []
    assert [x.key for x in await queues.peek("intake")] == ["ev-1"] and broker.sent == []


async def test_replaying_all_sends_each_once_and_purge_drops_the_rest() -> None:
    queues, broker = _queues(_letter("ev-1", 1), _letter("ev-2", 2))
    assert len((await queues.replay("intake", None)).replayed) == 2
    assert len(broker.sent) == 2 and await queues.depth("intake") == 0
    queues, _ = _queues(_letter("ev-3", 1), _letter("ev-4", 2))
    assert await queues.purge("intake") == 2 and await queues.peek("intake") == []


async def test_a_letter_rabbitmq_dead_lettered_itself_is_read_from_x_death() -> None:
    death = {"reason": "delivery_limit", "routing-keys": ["session.moved"], "time": AT}
    raw = MemoryLetter(b"not json", {"x-death": [death]})
    queues, broker = _queues(raw)
    [letter] = await queues.peek("intake")
    assert letter.routing_key == "session.moved" and letter.reason == "rabbitmq: delivery_limit"
    assert letter.key.startswith("sha256-")
    listed = letter.listed("intake")
    assert (listed.service, listed.preview, listed.attempts) == ("intake", "not json", "")
    await queues.replay("intake", letter.key)
    [(_, _, sent)] = broker.sent
    assert "x-death" not in sent.headers and sent.headers[ROUTING_KEY_HEADER] == "session.moved"
