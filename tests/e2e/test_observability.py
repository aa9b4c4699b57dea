"""One case ties the four services' logs and one trace together; every service serves metrics."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest

from tests.e2e.processes import SERVICES, ServiceProcesses
from tests.support.cases import submission
from tests.support.mail import SmtpServer
from tests.support.otlp import OtlpReceiver
from tests.support.waiting import wait_until

pytestmark = pytest.mark.e2e


def _lines_about(log: Path, case_id: str) -> list[dict[str, object]]:
    entries = []
    for line in log.read_text().splitlines():
        try:
            entry = json.loads(line)
        except ValueError:
            continue
        if isinstance(entry, dict) and entry.get("case_id") == case_id:
            entries.append(entry)
    return entries


async def test_a_cases_logs_and_trace_span_all_four_services_and_metrics_are_served(
    processes: ServiceProcesses, smtp: SmtpServer, tmp_path: Path
) -> None:
    with OtlpReceiver() as otlp:
        traced = {
            "LOG_LEVEL": "DEBUG",
            "OTEL_EXPORTER_OTLP_ENDPOINT": otlp.endpoint,
            "OTEL_BSP_SCHEDULE_DELAY": "200",  # export each batch within 0.2 s
        }
        processes.start_together({service: traced for service in SERVICES})
        async with httpx.AsyncClient(base_url=processes.url("intake")) as http:
            answer = await http.post("/api/cases", json=submission(email="log@gemeente.example"))
        case_id = answer.json()["case_id"]
        await wait_until(lambda: bool(smtp.inbox.to("log@gemeente.example")), timeout=5.0)
        [receipt] = smtp.inbox.to("log@gemeente.example")
        trace_id = str(receipt["Traceparent"]).split("-")[1]  # the mail carries its trace

        def whole_trace() -> bool:
            spans = otlp.in_trace(trace_id)
            known = {s.span_id for s in spans}
            every_parent = all(s.parent_id in known for s in spans if s.parent_id)
            services = {s.service for s in spans} >= set(SERVICES)
            return services and every_parent and any(s.name == "smtp send" for s in spans)

        await wait_until(whole_trace, timeout=10)
        spans = otlp.in_trace(trace_id)
        [root] = [s for s in spans if not s.parent_id]
        assert (root.service, root.name) == ("intake", "POST /api/cases"), root
        consumed = {s.service for s in spans if s.name.endswith(" process")}
        assert consumed >= {"scheduling", "documents", "notifications"}, consumed
        logs = {service: tmp_path / f"{service}.log" for service in SERVICES}
        await wait_until(
            lambda: all(_lines_about(log, case_id) for log in logs.values()), timeout=5
        )
        for service in SERVICES:
            entry = _lines_about(logs[service], case_id)[0]
            assert entry["service"] == service
            assert entry["trace_id"] == trace_id, (service, entry)
            metrics = httpx.get(f"{processes.url(service)}/metrics").text
            assert "samenspel_outbox_pending_events" in metrics, service
            assert f'samenspel_dlq_depth{{service="{service}"}} 0.0' in metrics, service
            assert "faststream_received_messages_total" in metrics, service
        assert (
            "samenspel_timer_lag_seconds"
            in httpx.get(f"{processes.url('scheduling')}/metrics").text
        )
        mails = httpx.get(f"{processes.url('notifications')}/metrics").text
        assert 'samenspel_notifications{service="notifications",status="sent"}' in mails
        processes.stop_all()  # while the receiver still takes their last spans
