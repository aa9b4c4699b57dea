"""The Mongo client every service builds: durable writes, bounded operations, retryable writes."""

from __future__ import annotations

import pytest

from shared.runtime import ServiceRuntime
from shared.settings import ServiceSettings

pytestmark = pytest.mark.unit


def test_by_default_writes_wait_for_a_journaled_majority_and_every_operation_is_bounded() -> None:
    client = ServiceRuntime("intake", ServiceSettings(environment="test")).mongo
    assert client.write_concern.document == {"w": "majority", "j": True}
    assert client.options.timeout == 10.0, "timeoutMS on every operation"
    assert client.options.retry_writes and client.options.retry_reads
    assert client.options.server_selection_timeout == 5.0


def test_durability_and_timeouts_follow_the_settings() -> None:
    settings = ServiceSettings(
        environment="test",
        mongodb_write_concern="1",
        mongodb_journal=False,
        mongodb_operation_timeout_ms=2500,
        mongodb_timeout_ms=2000,
    )
    client = ServiceRuntime("intake", settings).mongo
    assert client.write_concern.document == {"w": 1, "j": False}
    assert client.options.timeout == 2.5
    assert client.options.server_selection_timeout == 2.0
