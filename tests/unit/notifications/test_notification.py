"""The notification aggregate: recorded, claimed with a lease, sent or retried, never twice."""

from __future__ import annotations

import datetime as dt

import pytest

from services.notifications.bootstrap import load_routing_table
from services.notifications.domain.model import PlannedNotification
from services.notifications.domain.notification import (
    Busy,
    Status,
    claim,
    give_up,
    mark_sent,
    record,
    retry_at,
)
from services.notifications.domain.planning import PlanningConfig, plan_notifications
from services.notifications.service_layer.samples import sample_event

pytestmark = pytest.mark.unit

NOW = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
LEASE = dt.timedelta(seconds=60)


def planned() -> PlannedNotification:
    """The owner's acceptance mail of the sample event."""
    return plan_notifications(
        sample_event("case.accepted"), load_routing_table(), PlanningConfig()
    )[0]


def test_claim_records_the_attempt_and_a_fresh_lease_blocks_a_second() -> None:
    stored = record(planned(), "{}", NOW, release_at=NOW, allowed=True)
    claimed = claim(stored, NOW, LEASE)
    assert claimed is not None and claimed.status is Status.SENDING and claimed.attempts == 1
    with pytest.raises(Busy) as busy:
        claim(claimed, NOW + dt.timedelta(seconds=10), LEASE)
    assert busy.value.until == NOW + LEASE
    again = claim(claimed, NOW + LEASE + dt.timedelta(seconds=1), LEASE)
    assert again is not None and again.attempts == 2  # the lease ran out: the crash window


def test_sent_failed_and_suppressed_are_final() -> None:
    stored = record(planned(), "{}", NOW, release_at=NOW, allowed=True)
    claimed = claim(stored, NOW, LEASE)
    assert claimed is not None
    assert claim(mark_sent(claimed, "Onderwerp", NOW), NOW, LEASE) is None
    assert claim(give_up(claimed, "550", 550, NOW), NOW, LEASE) is None
    suppressed = record(planned(), "{}", NOW, release_at=NOW, allowed=False)
    assert suppressed.status is Status.SUPPRESSED and claim(suppressed, NOW, LEASE) is None


def test_held_and_retrying_wait_for_their_time() -> None:
    morning = NOW + dt.timedelta(hours=9)
    held = record(planned(), "{}", NOW, release_at=morning, allowed=True)
    assert held.status is Status.HELD
    with pytest.raises(Busy):
        claim(held, NOW, LEASE)
    assert claim(held, morning, LEASE) is not None
    claimed = claim(held, morning, LEASE)
    assert claimed is not None
    waiting = retry_at(claimed, morning + dt.timedelta(seconds=30), "421", 421)
    assert waiting.status is Status.PENDING and waiting.times.lease_until is None
    with pytest.raises(Busy):
        claim(waiting, morning, LEASE)
