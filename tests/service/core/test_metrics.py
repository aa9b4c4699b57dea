"""Prometheus metrics of a running service: FastStream's message figures and our own gauges."""

from __future__ import annotations

import pytest
from aio_pika.abc import AbstractRobustConnection

from services.intake.bootstrap import build_app
from services.intake.settings import IntakeSettings
from shared.messaging.topology import Topology
from tests.support.bus import publish_raw
from tests.support.cases import submission
from tests.support.services import running, settings_for
from tests.support.waiting import wait_until_async

pytestmark = pytest.mark.service


async def test_intake_exposes_cases_by_state_outbox_lag_dlq_depth_and_message_counts(
    namespace: str,
    rabbitmq_url: str,
    mongodb_url: str,
    amqp: AbstractRobustConnection,
    topology: Topology,
) -> None:
    settings = settings_for(IntakeSettings, namespace, rabbitmq_url, mongodb_url)
    async with running(build_app(settings)) as http:
        assert (await http.post("/api/cases", json=submission())).status_code == 201
        await publish_raw(amqp, topology, "case.submitted", b"not json")

        async def settled() -> bool:
            text = (await http.get("/metrics")).text
            return (
                'samenspel_cases{service="intake",status="screened"} 1.0' in text
                and 'samenspel_dlq_depth{service="intake"} 1.0' in text
            )

        await wait_until_async(settled, timeout=10)
        answer = await http.get("/metrics")
    assert answer.headers["content-type"].startswith("text/plain")
    text = answer.text
    assert 'samenspel_outbox_pending_events{collection="cases",service="intake"} 0.0' in text
    assert "samenspel_outbox_oldest_seconds" in text
    assert 'samenspel_unroutable_messages{service="intake"} 0.0' in text
    assert "faststream_received_messages_total" in text
    assert 'app_name="intake"' in text
    inserts = (
        'samenspel_database_commands_total{collection="cases",command="insert",service="intake"}'
    )
    assert f"{inserts} 1.0" in text, "one case stored: one insert round trip counted"


def _figure(text: str, series: str) -> float:
    """The value of one series in a scrape (0 when absent)."""
    for line in text.splitlines():
        if line.startswith(series + " "):
            return float(line.rsplit(" ", 1)[1])
    return 0.0


async def test_a_scrape_reads_cases_by_state_from_counts_and_scans_no_case(
    namespace: str, rabbitmq_url: str, mongodb_url: str
) -> None:
    settings = settings_for(IntakeSettings, namespace, rabbitmq_url, mongodb_url)
    scans = (
        'samenspel_database_commands_total{collection="cases",command="aggregate",service="intake"}'
    )
    async with running(build_app(settings)) as http:
        for _ in range(3):
            assert (await http.post("/api/cases", json=submission())).status_code == 201

        async def screened() -> bool:
            text = (await http.get("/metrics")).text
            return 'samenspel_cases{service="intake",status="screened"} 3.0' in text

        await wait_until_async(screened, timeout=10)
        before = _figure((await http.get("/metrics")).text, scans)
        for _ in range(5):
            text = (await http.get("/metrics")).text
    assert _figure(text, scans) == before, "a scrape runs no $group (or count) over the cases"
    assert before <= 1, "the cases were counted once, at start-up, if at all"
