"""Our consumer figures are FastStream's series: same names, labels and statuses."""

from __future__ import annotations

import asyncio
from types import SimpleNamespace
from typing import Any

import pytest
from faststream.message import AckStatus
from prometheus_client import CollectorRegistry, generate_latest

from shared.messaging.consumer_metrics import ConsumerMetrics

pytestmark = pytest.mark.unit

HANDLER = 'app_name="intake",broker="rabbitmq",handler="samenspel.events.case.submitted"'


def _message() -> Any:
    raw = SimpleNamespace(exchange="samenspel.events", routing_key="case.submitted")
    return SimpleNamespace(raw_message=raw, body=b"x" * 100, committed=None)


async def test_a_handled_message_counts_in_the_series_the_dashboard_reads() -> None:
    registry = CollectorRegistry()
    metrics = ConsumerMetrics(registry, "intake")

    async def ack(message: Any) -> None:
        message.committed = AckStatus.ACKED

    async def reject(message: Any) -> None:
        message.committed = AckStatus.REJECTED

    await metrics.measure(ack, _message())
    await metrics.measure(ack, _message())
    await metrics.measure(reject, _message())
    text = generate_latest(registry).decode()
    assert f"faststream_received_messages_total{{{HANDLER}}} 3.0" in text
    assert f'faststream_received_processed_messages_total{{{HANDLER},status="acked"}} 2.0' in text
    assert (
        f'faststream_received_processed_messages_total{{{HANDLER},status="rejected"}} 1.0' in text
    )
    assert f"faststream_received_processed_messages_duration_seconds_count{{{HANDLER}}} 3.0" in text
    assert f"faststream_received_messages_in_process{{{HANDLER}}} 0.0" in text
    assert f'faststream_received_messages_size_bytes_bucket{{{HANDLER},le="256.0"}} 3.0' in text


async def test_a_handler_that_raises_is_counted_as_an_error_and_its_exception_type() -> None:
    registry = CollectorRegistry()
    metrics = ConsumerMetrics(registry, "intake")

    async def fail(_message: Any) -> None:
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        await metrics.measure(fail, _message())
    text = generate_latest(registry).decode()
    assert f'faststream_received_processed_messages_total{{{HANDLER},status="error"}} 1.0' in text
    labels = {
        "app_name": "intake",
        "broker": "rabbitmq",
        "handler": "samenspel.events.case.submitted",
        "exception_type": "RuntimeError",
    }
    exceptions = "faststream_received_processed_messages_exceptions_total"
    assert registry.get_sample_value(exceptions, labels) == 1.0
    assert f"faststream_received_messages_in_process{{{HANDLER}}} 0.0" in text


async def test_a_consumer_cancelled_mid_handling_is_not_counted_as_acked() -> None:
    registry = CollectorRegistry()
    metrics = ConsumerMetrics(registry, "intake")
    started = asyncio.Event()

    async def slow(_message: Any) -> None:
        started.set()
        await asyncio.Event().wait()

    task = asyncio.create_task(metrics.measure(slow, _message()))
    await started.wait()
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    text = generate_latest(registry).decode()
    assert 'status="acked"' not in text
    assert f'faststream_received_processed_messages_total{{{HANDLER},status="error"}} 1.0' in text
    assert f"faststream_received_messages_in_process{{{HANDLER}}} 0.0" in text
